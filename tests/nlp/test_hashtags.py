from __future__ import annotations

import pytest

from nlp.enrich.hashtags import camel_words, joined_name


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("PrayForBoston", ["Pray", "For", "Boston"]),
        ("NYCFire", ["NYC", "Fire"]),
        ("BoulderFlood2013", ["Boulder", "Flood", "2013"]),
        ("sardegna", ["sardegna"]),
    ],
)
def test_camel_case_tags_split_into_words(tag, words):
    assert camel_words(tag) == words


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("qldfloods", "qld"),
        ("prayforboston", "boston"),
        ("boulderflood", "boulder"),
        ("sardegna", "sardegna"),
        ("yycflood", "yyc"),
        ("prayforus", ""),  # two letters: a pronoun or a code, never read
        ("sghaze", ""),
        ("fire", "fire"),  # nothing joined: the lookup decides it names no place
    ],
)
def test_the_name_left_without_the_words_joined_to_it(tag, name):
    assert joined_name(tag) == name


def test_underscores_and_numbers_are_left_out():
    assert joined_name("boulder_flood2013") == "boulder"
