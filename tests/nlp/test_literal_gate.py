from __future__ import annotations

import pytest
import regex as re

from nlp.enrich import failure, recovery, symptoms
from nlp.enrich.literal_gate import Alternatives, Gate, _written_out, alternatives, fold, needles
from nlp.enrich.outage_status import STATUS_WORD


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"crash|FREEZ", {"crash", "freez"}),
        (r"\bno (?:internet|signal)\b", {"internet", "signal"}),  # the rarer part
        (r"wi[- ]?fi", {"wifi", "wi-fi", "wi fi"}),  # a short class or optional spelled out
        (r"[345]g\b", {"3g", "4g", "5g"}),
        (r"(?-i:\p{Lu})\w*\s+est en panne", {"est en panne"}),
        (r"(?:won'?t|can'?t) log ?in", {" log in", " login"}),
        (r"(?:a|b)c", {"ac", "bc"}),
        (r"インターネット|인터넷", {"インターネット", "인터넷"}),
        (r"İnternet", {"internet"}),  # folded as the regex module pairs the letters
    ],
)
def test_needles(pattern, expected):
    assert needles(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"crash|b?",  # one branch requires nothing
        r"\w+|\d",
        r"[[:alpha:]]+ down",  # POSIX classes: the standard parser reads them otherwise
        r"\\p{x} down",
        r"(?<name>x) down",  # syntax the standard parser does not read
    ],
)
def test_no_needles_where_nothing_is_required_or_readable(pattern):
    assert needles(pattern) is None
    assert Gate(pattern).may_match("")  # always searched


def test_verbose_patterns_get_no_gate():
    assert needles("crash  ing", re.VERBOSE) is None
    assert Gate("crash  ing", re.VERBOSE).may_match("nothing")


def _tables() -> list[re.Pattern[str]]:
    """The patterns searched behind a gate: the symptoms' cues, the failure phrases and the
    recovery phrases."""
    cues = [*symptoms._CUE_RX.values(), symptoms._SITE_RX]
    return [*cues, *(rx for rx, _ in symptoms._FAILURE_RX._patterns), recovery.RECOVERED]


def test_fold_pairs_the_letters_the_regex_module_pairs():
    """Every letter of every needle: each character the regex module matches to it
    case-insensitively folds to the same ("I" and "ı", "i" and "İ", "ß" and "ẞ")."""
    cased = "".join(
        ch
        for ch in map(chr, range(0x110000))
        if not 0xD800 <= ord(ch) < 0xE000 and (ch.lower(), ch.upper(), ch.casefold()) != (ch,) * 3
    )
    letters = {ch for rx in _tables() for n in needles(rx.pattern) or () for ch in n}
    assert len(letters) > 100
    for letter in sorted(letters | {"i", "s", "k"}):
        for ch in re.findall(re.escape(letter), cased, flags=re.IGNORECASE):
            assert fold(ch) == fold(letter), (letter, ch)


POSTS = [
    "the app keeps crashing on launch",
    "no internet since this morning, wifi dead",
    "Netflix keeps buffering and won't play",
    "is the website down? 502 errors",
    "can't log in, password reset email never arrives",
    "my account was hacked and locked",
    "everything is so slow today",
    "kein Internet seit gestern, Router blinkt",
    "l'application plante sans arrêt",
    "no puedo iniciar sesión, se cayó todo",
    "o app me deslogou de novo, internet caiu",
    "İnternet yok, Turkcell çöktü",
    "ПРИЛОЖЕНИЕ НЕ РАБОТАЕТ",
    "ログインできない、サーバー障害",
    "인터넷 안 돼요 렉 걸려요",
    "النت واقف من الصبح",
    "Spotify is working again, thanks!",
    "ya funciona, gracias",
    "Ｗｉｆｉ is out, ẞTRASSE",
]


@pytest.mark.parametrize("post", POSTS)
def test_gate_lets_through_every_post_a_table_matches(post):
    for text in (post, post.upper(), post.title(), post.casefold()):
        for rx in _tables():
            if rx.search(text):
                assert Gate(rx.pattern, rx.flags).may_match(fold(text)), (rx.pattern[:60], text)


def test_the_tables_have_gates():
    """The long tables are the ones worth gating: each has needles."""
    assert all(needles(rx.pattern) for rx in symptoms._CUE_RX.values())
    assert needles(recovery.RECOVERED.pattern)
    assert sum(needles(p) is not None for p in failure.FAILURE_PATTERNS) >= 25


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"crash|\bno (?:internet|signal)\b", ["crash", r"\bno (?:internet|signal)\b"]),
        (r"a[|]b|c\|d|(?:e|f)g", ["a[|]b", r"c\|d", "(?:e|f)g"]),  # a set, an escape
        (r"[]|]x|y", ["[]|]x", "y"]),  # "]" first in a set is a member
        (r"(?i)a|b", None),  # inline flags for the whole pattern
        (r"(a)\1|b", None),  # a reference to a group
        (r"[[a]]|b", None),  # a nested set
        (r"(a|b", None),
    ],
)
def test_alternatives(pattern, expected):
    assert alternatives(pattern) == expected


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (r"\bx(?:a|b)y", [r"\bx(?:a)y", r"\bx(?:b)y"]),
        (r"(?<!z)(?:a|b(?:c|d))", ["(?<!z)(?:a)", "(?<!z)(?:b(?:c|d))"]),
        (r"x(?:a|b)?y", None),  # repeated: not a choice of two texts
        (r"x(?=a|b)y", None),  # a lookahead
        (r"x(?i:a|b)y", None),
        (r"xy", None),
    ],
)
def test_written_out(part, expected):
    assert _written_out(part) == expected


def test_a_needle_inside_a_longer_one_at_the_same_place_counts():
    """The scan finds "abcd" where "ab" starts too: the "ab" alternative is searched."""
    assert Alternatives(r"abcd\d|ab[a-z]+!").found("abcdx!")
    assert not Alternatives(r"abcd\d|ab[a-z]+!").found("abcdx")


def test_needles_that_overlap_are_all_found():
    assert Alternatives(r"aab\d|abz").found("aabz")


def _yes_no_tables() -> list[tuple[re.Pattern[str], Alternatives]]:
    """The patterns the enrichment asks only whether they match, and their Alternatives as
    it reads them."""
    return [
        *((rx, symptoms._GATES[rx]) for rx in _tables() if rx in symptoms._GATES),
        *((rx, alts) for rx, alts in symptoms._FAILURE_RX._patterns),
        *((rx, alts) for rx, alts in failure._ANY._patterns),
        (STATUS_WORD, failure._ANY_STATUS),
        (failure._ENGLISH, failure._ENGLISH_ANY),
        (failure._MIXED, failure._MIXED_ANY),
        (symptoms._OVER_RX, symptoms._ANY_OVER),
    ]


def test_alternatives_say_what_the_whole_pattern_says():
    tables = _yes_no_tables()
    assert len(tables) > 60
    for post in POSTS:
        for text in (post, post.upper(), post.casefold(), f"{post} is down again"):
            for rx, alts in tables:
                assert alts.found(text) == bool(rx.search(text)), (rx.pattern[:60], text)
            assert failure._ANY.found(text) == bool(failure._ANY.search(text))


def test_the_long_tables_are_split():
    """The tables read alternative by alternative are split into many (one alternative would
    be the old search, with a scan in front)."""
    for rx in (*symptoms._CUE_RX.values(), STATUS_WORD, failure._ENGLISH):
        assert len(alternatives(rx.pattern) or ()) >= 10, rx.pattern[:60]
