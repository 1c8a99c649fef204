"""Representation stage: titles, representatives, keywords, shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.incidents import class_keywords, make_title, place_phrase, representatives
from nlp.incidents.place_words import located_places, without_places
from nlp.incidents.represent import region_table, symptom_table


@pytest.mark.parametrize(
    ("countries", "phrase"),
    [
        pytest.param(["US"] * 6 + ["GB"] * 3 + ["DE"], "mainly US and UK", id="two"),
        # a tie for second place goes to the first code, as incident_countries ranks it (the
        # order the posts came in decided; an analyst found "US and UK" beside US, DE, GB)
        pytest.param(["US"] * 4 + ["GB"] * 3 + ["DE"] * 3, "mainly US and Germany", id="tie"),
        pytest.param(["US"] * 4 + ["DE"] * 3 + ["GB"] * 3, "mainly US and Germany", id="tie-2"),
        pytest.param(["JP"] * 9 + ["US"], "mainly Japan", id="one"),
        pytest.param(["US", "GB", "DE", "FR", "BR", "JP", "IN", "MX"], "worldwide", id="spread"),
        pytest.param([""] * 9 + ["US"], "", id="mostly-unknown"),
        pytest.param([], "", id="none"),
    ],
)
def test_place_phrase(countries: list[str], phrase: str) -> None:
    assert place_phrase(countries) == phrase


def test_title_without_symptom_or_place() -> None:
    assert make_title("Disney+", None, []) == "Disney+ — problems"


def test_representatives_are_nearest_and_deduplicated() -> None:
    center = np.zeros(8, dtype=np.float32)
    center[0] = 1.0
    near = center.copy()
    texts = ["Down AGAIN!! https://x.co/1", "down again", "@bob down again", "other", "far", "none"]
    emb = [near, near, near, np.eye(8, dtype=np.float32)[1] * 0.5 + near * 0.5, -near, None]
    picked = representatives(texts, emb, center, k=5)
    assert picked == [0, 3, 4]


def test_keywords_prefer_the_incidents_own_words() -> None:
    login = ["cannot login password rejected", "login fails password", "login error again"]
    play = ["songs stop playback", "playback stutters songs", "playback broken"]
    background = ["what a lovely day", "app is fine for me"] * 5
    kw = class_keywords([login, play], background, n=3, extra_stop={"spotify"})
    assert kw[0][:2] == ["login", "password"]
    assert kw[1][:2] == ["playback", "songs"]


def test_keywords_survive_empty_and_stopword_only_text() -> None:
    assert class_keywords([["", "the and of"], []], []) == [[], []]


def test_shares_sum_to_one() -> None:
    sym = symptom_table([["login", "app_crash"], ["login"], []])
    assert list(sym["symptom"]) == ["login", "app_crash"] and sym["share"].sum() == pytest.approx(1)
    reg = region_table(["US", "US", "", "BR"], ["CA", "NY", "", ""])
    assert len(reg) == 4 and reg["share"].sum() == pytest.approx(1)


@pytest.mark.parametrize(
    ("posts", "content", "glue"),
    [
        pytest.param(
            ["songs skip after a few seconds", "it keeps going for seconds then skips",
             "song skips again, going crazy", "getting skips every song for 10 minutes"],
            {"skips", "song"}, {"going", "seconds", "getting", "minutes", "keeps"}, id="english",
        ),
        pytest.param(
            ["seit 20 Minuten kein Netz, Router blinkt rot", "Router blinkt seit Minuten, mal wieder",
             "kein Netz hier, Router blinkt", "Störung seit heute morgen, Router blinkt"],
            {"router", "blinkt", "netz"}, {"seit", "minuten", "kein", "mal", "hier", "heute"},
            id="german",
        ),
        pytest.param(
            ["sooo slow, the page never loads", "page sooo slow today", "slooow page, loads forever"],
            {"slow", "page"}, {"sooo", "soooo", "today", "forever"}, id="elongated",
        ),
    ],
)  # fmt: skip
def test_keywords_leave_out_glue_and_time_words(posts, content, glue) -> None:
    background = ["what a lovely day", "app is fine for me", "login works"] * 5
    kw = class_keywords([posts], background, n=8)[0]
    assert content <= set(kw)
    assert not set(kw) & glue


def test_keywords_of_unspaced_japanese_are_words_not_sentences() -> None:
    posts = ["回線は問題ないのに動画が止まる", "再生エラーばっかり", "動画が再生できない",
             "横浜で再生できない、回線は問題ない"]  # fmt: skip
    kw = class_keywords([posts], ["今日はいい天気"] * 3, n=8)[0]
    assert {"再生", "動画", "回線"} <= set(kw)
    assert all(len(k) <= 4 for k in kw)  # runs of Han or katakana, not whole posts


def test_keywords_leave_out_the_places_the_incidents_posts_come_from() -> None:
    """The title says where; a city, its region or a word of its name is no keyword, in any
    script. A place the posts were not located in stays ("rouge" is a town in Ontario)."""
    posts = pd.DataFrame(
        {
            "country": ["BR", "BR", "JP", ""],
            "region": ["Minas Gerais", "Paraná", "Osaka", ""],
            "city": ["Belo Horizonte", "Curitiba", "Osaka", None],
        }
    )
    words = ["postar", "belo", "horizonte", "curitiba", "paraná", "大阪", "brasil", "rouge"]
    assert without_places(words, located_places(posts)) == ["postar", "rouge"]
    assert without_places(words, set()) == words  # no located post: nothing is left out
    # helper-114: only the located city itself, and no generic word of a name
    nrw = pd.DataFrame(
        {"country": ["DE"], "region": ["Nordrhein-Westfalen"], "city": ["Düsseldorf"]}
    )
    assert without_places(["essen", "düsseldorf", "bestellen"], located_places(nrw)) == [
        "essen",
        "bestellen",
    ]
    nyc = pd.DataFrame({"country": ["US"], "region": ["New York"], "city": ["New York City"]})
    assert without_places(["new", "city", "york", "login"], located_places(nyc)) == [
        "new",
        "city",
        "login",
    ]
