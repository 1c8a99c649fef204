"""Does a post mention a catalog service? Used to filter unfiltered streams (Jetstream).

Deliberately generous: the NLP stages decide what a post is about. Two guards keep the
firehose manageable: surface forms shorter than three letters are ignored, and services
whose name is an everyday word (catalog `ambiguous`) also need an outage word nearby, in
any of the markets' languages; a name matched only as written ("Play") also needs its
capital.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from outagewatch.catalog import NAME_LETTERS as _WORD
from outagewatch.catalog import Service, names_alternation

OUTAGE_WORDS = re.compile(
    r"(?<!\w)(down|outage|not working|isn'?t working|error|offline|crash\w*|broken|can'?t (log ?in|login|connect)"
    r"|status|problem\w*|issue\w*|#\w*down"
    # the same in the other markets' languages: "Orange awaria", "Free en panne"
    r"|st[öo]rung|ausfall|panne|ca[ií]d[oa]|no funciona|fora do ar|non funziona|storing|awaria"
    r"|nie dzia[łl]a|[çc][öo]kt[üu]|[çc]al[ıi][şs]m[ıi]yor|не работает|не працює|сбой|збій)(?!\w)"
    r"|障害|장애|먹통|故障",  # no spaces around words in these scripts
    re.IGNORECASE,
)


class CatalogMatcher:
    """`matches(text)` is True when the text names a service in the catalog."""

    def __init__(self, services: Iterable[Service]):
        plain: set[str] = set()
        guarded: set[str] = set()
        written: set[str] = set()  # everyday words as names only capitalised: "Play", "Plus"
        for svc in services:
            forms = {*svc.names, *(f"#{t.lstrip('#')}" for t in svc.hashtags)}
            for form in forms:
                if form.strip() in svc.as_written:
                    written.add(form.strip())
                    continue
                form = form.strip().casefold()
                if len(form.lstrip("#")) < 3:
                    continue
                everyday = svc.ambiguous and not form.startswith("#") and _LATIN.fullmatch(form)
                (guarded if everyday else plain).add(form)
        self.plain = _pattern(plain)
        self.guarded = _pattern(guarded)
        self.written = _pattern(written)

    def matches(self, text: str) -> bool:
        if not text:
            return False
        low = text.casefold()
        if self.plain is not None and self.plain.search(low):
            return True
        named = (self.guarded is not None and self.guarded.search(low)) or (
            self.written is not None and self.written.search(text)
        )
        return bool(named and OUTAGE_WORDS.search(low))


_LATIN = re.compile(r"[\p{Latin}\P{L}]+")


def _pattern(forms: set[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alternatives = names_alternation(forms)  # matched as given: casefolded, or as written
    return re.compile(rf"(?<![{_WORD}#])({alternatives})(?![{_WORD}])")
