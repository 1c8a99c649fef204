"""The world map's spec. Review 144 #13: the map rebuilt its spec on every run (Altair's
schema checks) and sent the world's outlines twice; it is cached by content and carries the
outlines once. Review 185 #9: counts were filled in as areas, so India's 2 stray reports
covered more of a German outage's map than Germany's 100; each country is now a circle at
its centre, its area in proportion to its reports, and only the main countries are shaded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from dashboard import centroids, geo

ROOT = Path(__file__).resolve().parents[2]


def test_the_map_sends_the_outlines_once_and_its_cache_is_not_shared() -> None:
    spec = geo.world_map(pd.DataFrame({"country": ["DE", "US"], "reports": [5, 2]}))
    text = json.dumps(spec)
    assert (
        text.count('"type": "Topology"') == 1
    )  # one copy of the world, shared by the grey and the shaded countries
    assert spec["data"]["values"] is geo.world_topology()
    spec["layer"].clear()  # a caller changing its spec changes no later map
    again = geo.world_map(pd.DataFrame({"country": ["DE", "US"], "reports": [5, 2]}))
    assert len(again["layer"]) == 3  # grey world, shaded main countries, circles
    other = geo.world_map(pd.DataFrame({"country": ["DE"], "reports": [9]}))
    (lookup,) = [
        t["lookup"] and t["from"]["data"]["values"]
        for layer in other["layer"]
        for t in layer.get("transform", [])
        if "lookup" in t
    ]
    assert lookup == [{"id": "276", "reports": 9, "name": "Germany", "code": "DE"}]


def _layers(spec: dict) -> tuple[dict, dict | None]:
    """The country circles' layer and the shaded countries' layer (None without one)."""
    (circles,) = [
        la
        for la in spec["layer"]
        if la["mark"]["type"] == "circle" and la["encoding"]["size"]["field"] == "reports"
    ]
    shaded = [la for la in spec["layer"] if "transform" in la]
    return circles, shaded[0] if shaded else None


def _areas(circles: dict) -> dict[str, float]:
    """Each country's circle area in px², through the layer's own size scale."""
    scale = circles["encoding"]["size"]["scale"]
    assert scale["type"] == "linear" and scale["domain"][0] == 0 and scale["range"][0] == 0
    (d0, d1), (r0, r1) = scale["domain"], scale["range"]
    return {
        v["code"]: r0 + (v["reports"] - d0) * (r1 - r0) / (d1 - d0)
        for v in circles["data"]["values"]
    }


@pytest.mark.parametrize(
    "counts",
    [
        pytest.param({"DE": 100, "IN": 2}, id="german-outage-two-stray"),
        pytest.param({"BR": 30, "JP": 4, "US": 1}, id="brazil-japan-one-us"),
        pytest.param({"SG": 12, "BH": 40, "FR": 7}, id="countries-without-outline"),
    ],
)
def test_circle_areas_are_in_proportion_to_the_reports(counts: dict[str, int]) -> None:
    spec = geo.world_map(pd.DataFrame({"country": list(counts), "reports": list(counts.values())}))
    circles, _ = _layers(spec)
    areas = _areas(circles)
    assert set(areas) == set(counts)  # every country is a circle, outlined or not
    top = max(counts, key=counts.__getitem__)
    assert areas[top] == geo.MAX_AREA
    for code, n in counts.items():
        assert areas[code] == pytest.approx(geo.MAX_AREA * n / counts[top])
    # no country is coloured by its count: the area is the one measure drawn
    assert "color" not in circles["encoding"]
    assert not [la for la in spec["layer"] if "color" in la.get("encoding", {})]
    tips = {t["field"]: t["title"] for t in circles["encoding"]["tooltip"]}
    assert tips["name"] == "country" and tips["reports"] == "reports"
    names = {v["code"]: v["name"] for v in circles["data"]["values"]}
    assert names == {c: geo.country_name(c) for c in counts}


def test_a_two_report_country_is_a_small_circle_and_not_shaded() -> None:
    spec = geo.world_map(pd.DataFrame({"country": ["DE", "IN"], "reports": [100, 2]}))
    circles, shaded = _layers(spec)
    areas = _areas(circles)
    assert areas["IN"] < areas["DE"] / 40  # India's disc: 2 % of Germany's
    # the small circle is drawn last, on top of the big ones
    assert [v["code"] for v in circles["data"]["values"]] == ["DE", "IN"]
    assert circles["encoding"]["order"]["sort"] == "descending"
    assert shaded is not None and "color" not in shaded["encoding"]  # one tint, not a count
    assert [v["code"] for v in shaded["transform"][0]["from"]["data"]["values"]] == ["DE"]


@pytest.mark.parametrize(
    ("counts", "main"),
    [
        pytest.param({"DE": 90, "FR": 10}, {"DE", "FR"}, id="exactly-10-percent"),
        pytest.param({"DE": 91, "FR": 9}, {"DE"}, id="just-under"),
        pytest.param({"BR": 30, "JP": 20, "US": 1}, {"BR", "JP"}, id="two-main"),
        pytest.param({"BH": 50, "DE": 50}, {"DE"}, id="no-outline-no-shade"),
    ],
)
def test_only_countries_with_a_tenth_of_the_reports_are_shaded(
    counts: dict[str, int], main: set[str]
) -> None:
    spec = geo.world_map(pd.DataFrame({"country": list(counts), "reports": list(counts.values())}))
    _, shaded = _layers(spec)
    assert shaded is not None
    assert {v["code"] for v in shaded["transform"][0]["from"]["data"]["values"]} == main


def test_the_main_share_is_the_warehouses() -> None:
    sql = (ROOT / "warehouse" / "views.sql").read_text("utf-8")
    (value,) = re.findall(r"MACRO main_country_share\(\) AS ([0-9.]+);", sql)
    assert float(value) == geo.MAIN_SHARE


def _inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    xs = centroids._crossings(ring, lat)
    return any(a <= lon <= b for a, b in zip(xs[::2], xs[1::2], strict=False))


def test_every_countrys_circle_sits_on_its_own_land() -> None:
    """Inside one of its outline's polygons for each of the 174 countries the map draws
    (a crescent's centroid lies outside it; Fiji crosses the antimeridian)."""
    topo = geo.world_topology()
    arcs = centroids._arcs(topo)
    outside = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        code = next((c.alpha_2 for c in pycountry.countries if c.numeric == geom.get("id")), None)
        if code is None:  # Kosovo, Northern Cyprus, Somaliland: no ISO code, no reports
            continue
        lat, lon = geo.anchor_for(code)
        rings = [centroids._ring(p[0], arcs) for p in polygons]
        if not any(_inside(x, lat, r) for r in rings for x in (lon, lon + 360, lon - 360)):
            outside.append(code)
    assert not outside


@pytest.mark.parametrize(
    ("code", "lat", "lon"),
    [
        pytest.param("US", (30, 45), (-110, -85), id="US-not-pulled-to-alaska"),
        pytest.param("FR", (43, 49), (0, 5), id="FR-not-pulled-to-guiana"),
        pytest.param("FJ", (-19, -16), (177, 180), id="FJ-across-the-antimeridian"),
        pytest.param("BH", (25.7, 26.7), (50.1, 51.1), id="BH-no-outline-its-capital"),
    ],
)
def test_a_countrys_circle_is_at_its_main_land(
    code: str, lat: tuple[float, float], lon: tuple[float, float]
) -> None:
    y, x = geo.anchor_for(code)
    assert lat[0] <= y <= lat[1] and lon[0] <= x <= lon[1], (y, x)


def test_the_caption_says_what_circle_size_and_shading_mean() -> None:
    countries = pd.DataFrame({"country": ["IN", "DE"], "reports": [2, 100]})
    assert geo.map_note(countries) == (
        "Circles: each country's problem reports, the area in proportion to the count "
        "(largest: Germany, 100 reports; smallest: 2 reports). "
        "Shaded: the countries with at least 10% of the located reports."
    )
    cities = pd.DataFrame(
        {"city": ["Berlin"], "country": ["DE"], "lat": [52.5], "lon": [13.4], "reports": [40]}
    )
    assert geo.map_note(countries, cities).endswith(
        " Orange rings: the cities reports were located in, on the same scale "
        "(largest: Berlin, Germany, 40 reports)."
    )
    spread = pd.DataFrame({"country": [f"C{i}" for i in range(12)], "reports": [1] * 12})
    assert "Shaded" not in geo.map_note(spread)  # no country holds a tenth: none is shaded
