"""A cheap literal test in front of a long cue pattern: the words any match must contain.

The cue tables (``symptom_cues.py``, ``failure.py``) are alternations of thousands of
characters, searched case-insensitively in every post; the engine tries them at every
position, and most posts hold none of their words. Each pattern's *needles* are literals
such that every match contains one of them ("crash", "log", "se cierra"); a post whose
folded text holds no needle cannot match, and the pattern is not searched. Where one does,
the pattern is searched as before, so the outputs are those of the pattern alone.

The needles are read from the pattern's syntax tree (the standard library's parser reads
the ``regex`` module's syntax used here once ``\\p{...}`` is replaced by another class);
a pattern they cannot be read from gets no gate and is always searched.
"""

from __future__ import annotations

import re as std_re
from re import _constants as C  # noqa: N812 (the parser's node names)
from re import _parser

import regex as re

# The regex module's case-insensitive matching pairs "I" with "ı" and "i" with "İ" (which
# str.casefold makes "i̇"), and "ß" with U+1DF95: fold those as it does, then casefold.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "\U0001df95": "ss"})
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")  # \p{Lu}: the standard parser has no such class
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MAX_SPELLINGS = 8  # a run spelled more ways than this ends there


def fold(text: str) -> str:
    """``text`` as the needles are written: every pair of characters the regex module
    matches case-insensitively made the same (``needles``)."""
    return text.translate(_FOLD).casefold()


def needles(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Literals, folded, one of which every match of ``pattern`` contains (matched with or
    without IGNORECASE); None where the pattern guarantees none or cannot be read."""
    if flags & re.VERBOSE or "[[:" in pattern or "\\\\" in pattern:
        return None  # spaces, POSIX classes, a backslash before "p{": read otherwise
    try:
        tree = _parser.parse(_PROPERTY.sub(r"\\d", pattern))
    except (std_re.error, RecursionError):
        return None
    found = _sequence(list(tree))
    if not found or not all(found):
        return None
    return frozenset(fold(n) for n in found)


def _sequence(items: list) -> frozenset[str] | None:
    """The best needle set of a sequence: its rarest run of literals (a short class of
    letters or an optional letter spelled out: "wi[- ]?fi" is "wifi", "wi-fi", "wi fi"), or
    what one of its required parts (a group, a choice, a repeat of at least one) requires."""
    options: list[frozenset[str]] = []
    run = {""}
    for op, av in items:
        chars = _letters(op, av)
        if chars is not None and len(run) * len(chars) <= _MAX_SPELLINGS:
            run = {r + c for r in run for c in chars}
            continue
        if "" not in run:
            options.append(frozenset(run))
        run = {""}
        if chars is not None:  # too many spellings: this item starts the next run
            run = set(chars)
            continue
        if op is C.SUBPATTERN:
            inner = _sequence(list(av[-1]))
        elif op is C.BRANCH:
            branches = [_sequence(list(b)) for b in av[1]]
            inner = None if None in branches else frozenset().union(*branches)
        elif op in _REPEATS and av[0] >= 1:
            inner = _sequence(list(av[2]))
        else:  # a wider class, an anchor, a lookaround, an optional part: nothing required
            inner = None
        if inner:
            options.append(inner)
    if "" not in run:
        options.append(frozenset(run))
    return max(options, key=_selectivity, default=None)


def _letters(op, av) -> set[str] | None:
    """The strings one item can match where they are few: a letter, a class of a few
    letters ("[ií]"), an optional one ("'?": the letter or nothing)."""
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN and len(av) <= _MAX_SPELLINGS and all(o is C.LITERAL for o, _ in av):
        return {chr(a) for _, a in av}
    if op in _REPEATS and av[:2] == (0, 1) and len(av[2]) == 1:
        inner = _letters(*av[2][0])
        return None if inner is None else inner | {""}
    return None


def _selectivity(option: frozenset[str]) -> tuple[int, int]:
    """Rarer first: the shortest needle longest, in UTF-8 bytes (one kanji or hangul is
    as rare in a post as three Latin letters), then the fewest needles."""
    return min(len(n.encode()) for n in option), -len(option)


class Gate:
    """``may_match(folded)``: False only where ``pattern`` cannot match the text folded to
    ``folded`` (``fold``). One standard-library search for any needle: literals without
    flags, the same in either engine."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        found = needles(pattern, flags)
        # longest first, so that a needle inside another is not what hides it
        alts = sorted(found, key=lambda n: (-len(n), n)) if found else ()
        self._rx = std_re.compile("|".join(map(std_re.escape, alts))) if alts else None

    def may_match(self, folded: str) -> bool:
        return self._rx is None or self._rx.search(folded) is not None
