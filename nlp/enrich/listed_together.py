"""Names listed together under one "both" or "all": what is said after the list is said of each.

"signal and telegram both not delivering messages tonight", "hbo max and peacock both stuck
on the loading wheel", "Intesa e Poste entrambe giù", "discord AND spotify AND twitch all
dead for me": a name with an everyday sense ("signal", "max", "chase") written in lower case
or first in the sentence has no evidence of its own, but the list says it is one of the
services that fail together; the reviewers' labels (bench/labels/care2_posts_dev.csv) name
each. Read only with the quantifier right after the list ("both", "all", "entrambi",
"ambos", "beide", "tous les deux"): "Chase and I both got sick" lists no second service,
and "Signal and WhatsApp work fine" says no failure (the caller checks another member fails).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

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

# the cheap test first: most posts hold no such word
TOGETHER_WORD = re.compile(
    r"(?<!\w)(?:both|all|entramb[ie]|ambos|ambas|beide|alle|deux|todos|todas|tutti|tutte|oba|"
    r"obie|ikisi|keduanya|dono)(?!\w)",
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
