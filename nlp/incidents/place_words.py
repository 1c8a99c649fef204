"""Keywords that only name where the incident's posts come from are left out: the title says
where ("mainly Brazil"), and "curitiba, belo, horizonte" or "横浜, 大阪, 福岡" crowd out what
went wrong. A word is left out when the gazetteer reads it as one of the places the
incident's own posts were located in (the city, the region or the country itself:
"marseille", "hamburg", "大阪"), or it is a distinctive word of such a place's name of
several words ("belo", "horizonte", "paulo"; not "new", "city", "santa"). A word naming
another place stays: "rouge" is a town in Ontario, not in a French incident, and "essen"
(food) stays beside posts from elsewhere in North Rhine-Westphalia.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import regex as re

from nlp.enrich.gazetteer import load_gazetteer
from nlp.incidents.keywords import STOP_WORDS

_WORD = re.compile(r"\w+")
# words of many places' names that say nothing of one ("New York City", "Reading" aside)
_GENERIC = frozenset(
    [
        "city",
        "town",
        "village",
        "new",
        "north",
        "south",
        "east",
        "west",
        "upper",
        "lower",
        "great",
        "little",
        "old",
        "port",
        "fort",
        "mount",
        "lake",
        "bay",
        "beach",
        "island",
        "islands",
        "county",
        "district",
        "region",
        "state",
        "province",
        "saint",
        "santa",
        "santo",
        "central",
        "metro",
        "greater",
    ]
)


def located_places(posts: pd.DataFrame) -> set[tuple[str, str, str]]:
    """(country, region, city) of each located post, with the region and the country alone
    too: ("BR", "Minas Gerais", "Belo Horizonte"), ("BR", "Minas Gerais", ""), ("BR", "", "")."""
    places: set[tuple[str, str, str]] = set()
    for country, region, city in zip(posts["country"], posts["region"], posts["city"], strict=True):
        country, region, city = (v if isinstance(v, str) else "" for v in (country, region, city))
        if not country:
            continue
        places |= {(country, "", ""), (country, region, ""), (country, region, city)}
    return places


def without_places(words: Sequence[str], places: set[tuple[str, str, str]]) -> list[str]:
    """``words`` less those naming one of ``places`` (see the module's docstring)."""
    if not places:
        return list(words)
    name_words = {
        w
        for _, region, city in places
        for name in (region, city)
        if len(parts := _WORD.findall(name.casefold())) > 1  # one word: the lookup reads it
        for w in parts
        if len(w) >= 4 and w not in _GENERIC and w not in STOP_WORDS
    }
    gaz = load_gazetteer()  # cached: the enrichment has it loaded already
    return [w for w in words if w.casefold() not in name_words and not _names(gaz, w, places)]


def _names(gaz, word: str, places: set[tuple[str, str, str]]) -> bool:
    """The word is the name of one of `places` itself: the country, the region or the city a
    post was located in ("hamburg", "大阪"); not another city of such a region ("essen", food,
    beside posts from elsewhere in North Rhine-Westphalia)."""
    for e in gaz.lookup(word):
        where = (e.country, "", "") if e.kind == "country" else (e.country, e.region, "")
        if e.kind in ("city", "area"):
            where = (e.country, e.region, e.city or "")
        if where in places:
            return True
    return False
