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

``Alternatives`` goes one step further for a yes-or-no question ("does the pattern match
anywhere?"): the pattern's alternatives each get needles, one scan of the folded text finds
the needles it holds, and only their alternatives are searched, each on its own. A pattern
matches somewhere exactly where one of its alternatives does, so the answer is the same.
"""

from __future__ import annotations

import re as std_re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from re import _constants as C  # noqa: N812 (the parser's node names)
from re import _parser

import regex as re

from outagewatch.catalog import names_alternation

# The regex module's case-insensitive matching pairs "I" with "ı" and "i" with "İ" (which
# str.casefold makes "i̇"), and "ß" with U+1DF95: fold those as it does, then casefold.
_FOLD = str.maketrans({"İ": "i", "ı": "i", "\U0001df95": "ss"})
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")  # \p{Lu}: the standard parser has no such class
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_MAX_SPELLINGS = 8  # a run spelled more ways than this ends there
# inline flags for the whole pattern, and references to a group's text: not split
_UNSPLITTABLE = std_re.compile(r"\(\?[a-zA-Z-]+\)|\(\?#|\\[1-9]|\\g<|\(\?P=|\(\?&|\(\?R|\(\?\d")
_MAX_ALTERNATIVES = 2000
_LONG_PART = 300  # characters: an alternative this long with a choice inside is written out


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
        # a trie ("log(?: ?in)?"): an engine tries a plain list one by one at every character
        self._rx = std_re.compile(names_alternation(found)) if found else None

    def may_match(self, folded: str) -> bool:
        return self._rx is None or self._rx.search(folded) is not None


def alternatives(pattern: str) -> list[str] | None:
    """Patterns one of which matches wherever ``pattern`` does, and only there: its top-level
    alternatives, with a top-level ``(?:a|b)`` written out ("x(?:a|b)y" is "xay", "xby").
    None where that cannot be read safely (a nested set, inline flags for the whole pattern,
    a reference to a group)."""
    if _UNSPLITTABLE.search(pattern):
        return None
    try:
        parts = _top_level(pattern)
    except ValueError:
        return None
    if parts is None:
        return None
    out: list[str] = []
    for part in parts:  # (a short part is searched fast enough as it is)
        out += (len(part) > _LONG_PART and _written_out(part)) or [part]
    return out if len(out) <= _MAX_ALTERNATIVES else None


def _top_level(pattern: str) -> list[str] | None:
    """``pattern`` split at the "|" outside any group or set."""
    parts, depth, start = [], 0, 0
    for i, ch in _outside_sets(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        if depth < 0:
            return None
    if depth != 0:
        return None
    return [*parts, pattern[start:]]


def _outside_sets(pattern: str):
    """(index, character) of each character outside escapes and sets; raises ValueError at a
    nested set or an unclosed one."""
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                if pattern[j] == "[":
                    raise ValueError("nested set")
                j += 2 if pattern[j] == "\\" else 1
            if j >= n:
                raise ValueError("unclosed set")
            i = j + 1
            continue
        yield i, ch
        i += 1


def _written_out(part: str) -> list[str] | None:
    """``part`` with its first top-level ``(?:a|b)`` that is not repeated written out, or None
    where it has none."""
    depth, start = 0, -1
    try:
        for i, ch in _outside_sets(part):
            if ch == "(":
                if depth == 0:
                    start = i
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0 and part.startswith("(?:", start):
                    after = part[i + 1 : i + 2]
                    if after and after in "*+?{":
                        continue
                    inner = _top_level(part[start + 3 : i])
                    if inner is not None and len(inner) > 1:
                        head, tail = part[:start], part[i + 1 :]
                        return [f"{head}(?:{alt}){tail}" for alt in inner]
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class _Table:
    """An ``Alternatives``' parts, built once: each alternative (compiled when first
    searched), those without needles, the alternatives of each needle, the needles' scan."""

    parts: list[str]
    compiled: list[re.Pattern[str] | None]
    always: list[int]
    by_needle: dict[str, list[int]]
    scan: std_re.Pattern[str] | None


class Alternatives:
    """``found(text)``: ``bool(pattern.search(text))``, searching only the alternatives whose
    needles the folded text holds (an alternative without needles always). Built on first
    use, each alternative compiled when first searched: a table of hundreds costs nothing
    at import."""

    def __init__(self, pattern: str | Sequence[str], flags: int = 0) -> None:
        """``pattern``: one, or several read as one alternation (``"|".join`` of them)."""
        self._patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
        self._flags = flags
        self._table: _Table | None = None
        self._lock = threading.Lock()  # the tables are module-wide: built by one thread

    def _build(self) -> _Table:
        parts: list[str] = []
        for pattern in self._patterns:
            split = None if self._flags & re.VERBOSE else alternatives(pattern)
            parts += split or [pattern]
        always: list[int] = []
        by_needle: dict[str, list[int]] = {}
        for i, part in enumerate(parts):
            found = needles(part, self._flags)
            if not found:
                always.append(i)
            for n in found or ():
                by_needle.setdefault(n, []).append(i)
        # finds the longest needle that starts at a position (the shorter ones that start
        # there too are its beginnings, looked up below), as a trie: an engine tries a plain
        # list of needles one by one at every character
        alts = names_alternation(by_needle)
        scan = std_re.compile(alts) if alts else None
        return _Table(parts, [None] * len(parts), always, by_needle, scan)

    def _search(self, table: _Table, i: int, text: str) -> bool:
        rx = table.compiled[i]
        if rx is None:
            rx = table.compiled[i] = re.compile(table.parts[i], self._flags)
        return rx.search(text) is not None

    def found(self, text: str, folded: str | None = None) -> bool:
        """``folded``: ``fold(text)``, when the caller has it."""
        table = self._table
        if table is None:
            with self._lock:
                if self._table is None:
                    self._table = self._build()
                table = self._table
        if any(self._search(table, i, text) for i in table.always):
            return True
        if table.scan is None:
            return False
        folded = fold(text) if folded is None else folded
        m = table.scan.search(folded)
        if m is None:  # most texts: one search, as a Gate's
            return False
        which: set[int] = set()
        while m is not None:  # every start, overlaps too: the next search begins one further
            n = m.group()
            for k in range(1, len(n) + 1):
                which.update(table.by_needle.get(n[:k], ()))
            m = table.scan.search(folded, m.start() + 1)
        return any(self._search(table, i, text) for i in sorted(which))
