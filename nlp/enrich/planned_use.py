"""A service named only in what the writer has planned or owes soon, beside another's failure.

A complaint about one service often says why the failure hurts now, naming another in what
is due or planned: "commbank netbank stuck on 'loading accounts', and my telstra bill was due
today", "canva won't download my design as PDF and I need to email it from outlook in 10
min", "Banco Inter não abre e o boleto da Claro vence hoje". The bill, the meeting, the
email to send are the stakes, not the outage: the reviewers' labels (bench/labels/
care_posts_dev.csv, care2_posts_dev.csv) leave such a service out. Read only in a clause that
says no failure of its own, with a time to come or a deadline in it ("due today", "in 10
min", "at 9", "vence hoje", "dans 10 minutes", "um 9 Uhr").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.in_passing import fails_elsewhere

_I = re.IGNORECASE
# a time to come or a deadline, in the languages of the dev sets
_SOON = re.compile(
    r"(?<!\w)(?:"
    # English: "was due today", "due tomorrow", "boards in 3 hours", "in 10 min", "at 9:30"
    r"(?:is|was|are|were|'s)\s+due|due\s+(?:today|tomorrow|tonight|by|at|on|in|this|next)|"
    r"(?:boards?|departs?|leaves|starts?|begins?|closes?)\s+(?:in|at)\s+\d|"
    r"in\s+(?:\d+|ten|five|twenty|thirty|an?)\s*(?:min(?:ute)?s?|hours?|hrs?|h)|"
    r"at\s+\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?(?=\s*(?:$|[.,!?;]|today|tonight|tomorrow))|"
    # Spanish, Portuguese: "vence hoy", "vence hoje", "en 10 minutos", "em 10 minutos"
    r"vence\s+(?:hoy|hoje|ma[ñn]ana|amanh[ãa])|(?:en|em)\s+\d+\s*(?:min(?:uto)?s?|horas?)|"
    r"a\s+las\s+\d|[àa]s\s+\d|"
    # French: "dans 10 minutes", "à 9h", "échéance"
    r"dans\s+\d+\s*(?:min(?:ute)?s?|heures?|h)|[àa]\s+\d{1,2}\s*h|[ée]ch[ée]ance|"
    # German: "in 10 Minuten", "um 9 Uhr", "fällig"
    r"in\s+\d+\s*(?:minuten|stunden)|um\s+\d{1,2}(?:[:.]\d\d)?\s*uhr|f[äa]llig|"
    # Italian: "tra 10 minuti", "scade oggi"
    r"(?:tra|fra)\s+\d+\s*(?:min(?:uti)?|ore)|scade\s+(?:oggi|domani)"
    r")(?!\w)",
    _I,
)


def soon_in(text: str) -> bool:
    """The cheap test first: the post says a time to come or a deadline at all."""
    return bool(_SOON.search(text))


# where the clause of the plan starts and ends: a comma, a sentence end or a joining word
# ("..., and I need to email it from outlook in 10 min")
_JOIN = re.compile(
    r"[,;.!?\n]|(?<!\w)(?:and|but|while|y|e|et|und|aber|mais|pero|mas|ma|so)(?!\w)|—|–", _I
)


def planned(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> bool:
    """The mention ``text[start:end]`` stands in a clause that says a time to come or a
    deadline and no failure ("my telstra bill was due today", "email it from outlook in 10
    min"); the clause runs from the last comma or joining word before the name to the next
    after it (the shared clause reader joins "... won't download and I need to ...")."""
    cuts = [m.end() for m in _JOIN.finditer(text, max(0, start - 80), start)]
    lo = cuts[-1] if cuts else max(0, start - 80)
    stop = _JOIN.search(text, end, min(len(text), end + 80))
    hi = stop.start() if stop else min(len(text), end + 80)
    clause = text[lo:hi]
    if not _SOON.search(clause):
        return False
    inside = [(a - lo, b - lo) for a, b in names if lo <= a and b <= hi]
    return not fails_elsewhere(clause, [], inside)
