"""Keywords that only name where the incident's posts come from are left out: the title says
where ("mainly Brazil"), and "curitiba, belo, horizonte" or "横浜, 大阪, 福岡" crowd out what
went wrong. A word is left out when the gazetteer reads it as one of the places the
incident's own posts were located in (its city, its region or its country: "marseille",
"hamburg", "大阪"), or it is a word of such a place's name ("belo", "horizonte", "paulo").
A word naming another place stays ("rouge" is a town in Ontario, not in a French incident).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import regex as re

from nlp.enrich.gazetteer import load_gazetteer

_WORD = re.compile(r"\w+")


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
        w.casefold() for _, region, city in places for w in _WORD.findall(f"{region} {city}")
    }
    gaz = load_gazetteer()  # cached: the enrichment has it loaded already
    return [w for w in words if w.casefold() not in name_words and not _names(gaz, w, places)]


def _names(gaz, word: str, places: set[tuple[str, str, str]]) -> bool:
    for e in gaz.lookup(word):
        where = (e.country, "", "") if e.kind == "country" else (e.country, e.region, "")
        if e.kind in ("city", "area"):
            where = (e.country, e.region, e.city or "")
        if where in places or (e.kind == "city" and (e.country, e.region, "") in places):
            return True
    return False
