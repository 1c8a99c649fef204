"""Names listed together under one "both" or "all": what is said after the list is said of each.

"signal and telegram both not delivering messages tonight", "hbo max and peacock both stuck
on the loading wheel", "Intesa e Poste entrambe giù", "discord AND spotify AND twitch all
dead for me": a name with an everyday sense ("signal", "max", "chase") written in lower case
or first in the sentence has no evidence of its own, but the list says it is one of the
services that fail together; the reviewers' labels (bench/labels/care2_posts_dev.csv) name
each. Read only with the quantifier right after the list ("both", "all", "entrambi",
"ambos", "beide", "tous les deux"): "Chase and I both got sick" lists no second service,
and "Signal and WhatsApp work fine" says no failure (the caller checks another member fails).
The same holds for a name said to fail "as well", "too" or "either" beside another that
fails ("shopify checkout erroring out and stripe webhooks are failing as well", "hbo max stuck
on the spinning wheel, paramount+ won't cooperate either": bench/labels/everyday_posts_dev3.csv).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.in_passing import clause_parts, fails_elsewhere

_I = re.IGNORECASE
# what joins two names of a list: "and", "&", ",", "/", "+" and the markets' "and"
_JOIN = re.compile(
    r"\s*(?:,\s*(?:and\s+|&\s+)?|&|/|\+|\s(?:and|e|y|et|und|i|ve|dan|och|og)\s)\s*", _I
)
# the quantifier right after the list, with a word of the service or a verb before it:
# "apps both", "are all", "entrambe", "ambos", "alle beide"
_TOGETHER = re.compile(
    r"\s*(?:(?:apps?|accounts?|servers?|are|were|have\s+been|both\s+are|sono|son|sind|est|"
    r"sont|están|estão)\s+)?"
    r"(?:both|all|entramb[ie]|ambos|ambas|beide|alle\s+beide|alle\s+zwei|tous\s+(?:les\s+)?deux|"
    r"les\s+deux|todos|todas|tutti|tutte|oba|obie|ikisi|keduanya|dono)(?!\w)",
    _I,
)

# the cheap test first: most posts hold no such word (nor one of "too", below)
TOGETHER_WORD = re.compile(
    r"(?<!\w)(?:both|all|entramb[ie]|ambos|ambas|beide|alle|deux|todos|todas|tutti|tutte|oba|"
    r"obie|ikisi|keduanya|dono|too|also|as\s+well|either|aussi|auch|tambi[ée]n|tampoco|anche|"
    r"tamb[ée]m|juga)(?!\w)",
    _I,
)


def listed_together(
    spans: Sequence[tuple[int, int]], text: str, names: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The names (of ``names``, the spans of every candidate) listed with one of ``spans``
    in a list followed by "both" or "all" ("X and Y both ..."), the mention's own span
    included; [] when no mention of ``spans`` stands in such a list."""
    ordered = sorted(set(names))
    for a, b in spans:
        if (a, b) not in ordered:
            continue
        i = ordered.index((a, b))
        lo = hi = i
        while lo > 0 and _joined(text, ordered[lo - 1][1], ordered[lo][0]):
            lo -= 1
        while hi + 1 < len(ordered) and _joined(text, ordered[hi][1], ordered[hi + 1][0]):
            hi += 1
        if hi > lo and _TOGETHER.match(text, ordered[hi][1]):
            return ordered[lo : hi + 1]
    return []


def _joined(text: str, end: int, start: int) -> bool:
    """Only a joining word or sign stands between two names."""
    return start > end and bool(_JOIN.fullmatch(text, end, start))


# "as well", said after a second failure: "shopify checkout erroring out and stripe webhooks
# are failing as well", "canva not exporting and google docs is being weird too"
_TOO = re.compile(
    r"(?<!\w)(?:too|also|as\s+well|either|aussi|auch|tambi[ée]n|tampoco|anche|tamb[ée]m|juga)"
    r"(?!\w)",
    _I,
)


def fails_too(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> bool:
    """The clause after the mention says it fails as well as another ("stripe webhooks are
    failing as well", "paramount+ won't cooperate either")."""
    right = clause_parts(text, start, end, names)[1]
    return bool(_TOO.search(right)) and fails_elsewhere(right, [], [])
