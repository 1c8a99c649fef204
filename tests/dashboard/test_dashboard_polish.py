"""What people see on the Service and Now pages: a quiet service's chart keeps room above
its band, map legends count whole reports, the reports that name no place are counted, and
city circles let the country colour under them show."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import NOW, _walk, assert_clean, charts, run_page, sql

from dashboard import charts as ow_charts
from dashboard import geo
from dashboard.wording import unlocated_note


def _spec(chart) -> dict:
    return json.loads(chart.proto.spec)


def _y_scales(spec: dict) -> list[dict]:
    """The scales of every report-count y encoding (not the milestone labels' None)."""
    out = []
    for node in _walk(spec):
        y = node.get("encoding", {}).get("y") if isinstance(node.get("encoding"), dict) else None
        if isinstance(y, dict) and y.get("field") != "row":
            out.append(y.get("scale"))
    return out


def _series(reports: list[float], upper: float, baseline: float = 0.05) -> pd.DataFrame:
    n = len(reports)
    return pd.DataFrame(
        {
            "bucket": pd.date_range("2026-11-20 10:00", periods=n, freq="5min"),
            "reports": reports,
            "baseline": [baseline] * n,
            "upper": [upper] * n,
        }
    )


# --- 1: the y scale of a quiet service -------------------------------------------------


def test_a_quiet_series_gets_a_floor_and_a_busy_one_headroom() -> None:
    assert ow_charts.count_domain_max(_series([0, 1, 0, 1], upper=1.0)) == 3
    assert ow_charts.count_domain_max(_series([0, 40, 96], upper=2.0)) == pytest.approx(115.2)
    # the whole service's line counts too (the Incident page's timeline)
    both = _series([0, 2], upper=1.0).assign(service_reports=[10, 20])
    assert ow_charts.count_domain_max(both) == pytest.approx(24)
    assert ow_charts.count_domain_max(_series([], upper=1.0)) == 3


def test_every_layer_shares_the_count_scale_with_whole_number_ticks() -> None:
    spec = ow_charts.volume_chart(_series([0, 1, 0, 1], upper=1.0), None).to_dict()
    scales = _y_scales(spec)
    assert len(scales) == 3  # band, expected line, reports
    assert all(s == {"domain": [0, 3.0], "nice": True, "zero": True} for s in scales), scales
    axes = [n["axis"] for n in _walk(spec) if n.get("field") == "upper" and "axis" in n]
    assert axes == [{"format": "d", "tickMinStep": 1}]


def test_quiet_service_page_band_reads_as_a_band(dash_env: Path) -> None:
    """AWS on the sample: at most 1 report per 5 minutes and a band top under 2; the axis
    runs to 3 reports, so neither the band nor the bars fill the plot."""
    at = run_page("service", service="aws")
    assert_clean(at)
    scales = _y_scales(_spec(charts(at)[0]))
    tops = {s["domain"][1] for s in scales}
    assert tops == {3.0}, scales
    end = NOW + timedelta(minutes=5)
    top = sql(
        dash_env,
        "SELECT max(greatest(reports, upper)) FROM report_volume WHERE service_slug = 'aws' "
        "AND country = '' AND bucket >= ? AND bucket < ?",
        [end - timedelta(days=1), end],
    ).iloc[0, 0]
    assert top < 3 / 1.2  # the floor, not the headroom, sets this axis


# --- 2: the map legend counts whole reports ----------------------------------------------


def _colour_legends(spec: dict) -> list[dict]:
    return [
        n["legend"]
        for n in _walk(spec)
        if n.get("field") == "reports" and n.get("type") == "quantitative" and "legend" in n
    ]


def test_map_legend_labels_are_whole_numbers() -> None:
    spec = geo.world_map(pd.DataFrame({"country": ["DE"], "reports": [1]}))
    (legend,) = _colour_legends(spec)
    assert legend["format"] == "d" and legend["tickMinStep"] == 1


def test_service_page_map_legend_is_whole_numbers(dash_env: Path) -> None:
    at = run_page("service", service="aws")
    assert_clean(at)
    legends = [lg for c in charts(at) for lg in _colour_legends(_spec(c))]
    assert legends and all(lg["format"] == "d" and lg["tickMinStep"] == 1 for lg in legends)


# --- 3: "N reports not located" on the Service page --------------------------------------


def test_unlocated_note_words() -> None:
    assert unlocated_note(3, 3) is None
    assert unlocated_note(0, 0) is None
    assert unlocated_note(2, 1) == (
        "1 report not located (it names no place we could locate): "
        "the chart and map show 1 of the 2 reports."
    )
    assert unlocated_note(1_200, 900) == (
        "300 reports not located (they name no place we could locate): "
        "the chart and map show 900 of the 1,200 reports."
    )
    assert unlocated_note(2, 0) == "2 reports not located (they name no place we could locate)."
    assert unlocated_note(5, 4, "the map").endswith(": the map shows 4 of the 5 reports.")


def test_service_page_says_how_many_reports_are_not_located(dash_env: Path) -> None:
    at = run_page("service", service="aws")
    assert_clean(at)
    end = NOW + timedelta(minutes=5)
    rows = sql(
        dash_env,
        "SELECT country = '' AS everywhere, sum(reports) AS n FROM report_volume "
        "WHERE service_slug = 'aws' AND bucket >= ? AND bucket < ? GROUP BY 1",
        [end - timedelta(days=1), end],
    ).set_index("everywhere")["n"]
    total, located = int(rows[True]), int(rows[False])
    assert 0 < located < total
    captions = [c.value for c in at.caption]
    assert unlocated_note(total, located) in captions
    assert f"{total - located} reports not located" in unlocated_note(total, located)


# --- 4: city circles on the Now map ------------------------------------------------------


def _circle_layer(spec: dict, field: str = "city_reports") -> dict:
    """The city rings' layer, or with field="reports" the country circles'."""
    return next(
        n
        for n in _walk(spec)
        if isinstance(n.get("mark"), dict)
        and n["mark"]["type"] == "circle"
        and n["encoding"]["size"]["field"] == field
    )


def test_city_circles_are_rings_small_ones_on_top() -> None:
    countries = pd.DataFrame({"country": ["DE", "JP"], "reports": [46, 83]})
    cities = pd.DataFrame(
        {
            "city": ["Berlin", "Tokyo"],
            "country": ["DE", "JP"],
            "lat": [52.5, 35.7],
            "lon": [13.4, 139.7],
            "reports": [20, 60],
        }
    )
    spec = geo.world_map(countries, cities)
    layer = _circle_layer(spec)
    mark = layer["mark"]
    assert mark["fillOpacity"] <= 0.2  # the country's circle shows through
    assert mark["stroke"] == mark["fill"] and mark["strokeWidth"] >= 1  # an outline to see
    # review 185 #9: one area per report for countries and cities, so a city's ring is its
    # part of its country's circle (Tokyo's 60 of Japan's 83)
    country_scale = _circle_layer(spec, "reports")["encoding"]["size"]["scale"]
    assert layer["encoding"]["size"]["scale"] == country_scale
    assert country_scale["domain"] == [0, 83] and country_scale["range"][0] == 0
    assert layer["encoding"]["size"]["legend"] is None  # the countries' legend covers both
    assert layer["encoding"]["order"] == {
        "field": "city_reports",
        "sort": "descending",
        "type": "quantitative",
    }


def test_now_page_map_draws_rings(dash_env: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    maps = [c for c in charts(at) if "geoshape" in c.proto.spec]
    assert maps
    assert _circle_layer(_spec(maps[0]))["mark"]["fillOpacity"] <= 0.2
    assert _circle_layer(_spec(maps[0]), "reports")["data"]["values"]  # and country circles


# --- 5: a country too small for the outlines is a dot --------------------------------------


def test_a_country_without_an_outline_is_a_circle_at_its_capital() -> None:
    """Review 146 #14: the 1:110m world has no outline for Bahrain (one of stc's markets),
    Singapore or Hong Kong, so their reports vanished from the map. Since review 185 #9 every
    country is a circle, one without an outline at its capital."""
    import pycountry

    spec = geo.world_map(pd.DataFrame({"country": ["BH", "SG", "DE"], "reports": [40, 3, 12]}))
    dots = {d["code"]: d for d in _circle_layer(spec, "reports")["data"]["values"]}
    assert set(dots) == {"BH", "SG", "DE"}
    assert abs(dots["BH"]["lat"] - 26.2) < 0.5 and abs(dots["BH"]["lon"] - 50.6) < 0.5  # Manama
    assert dots["BH"]["reports"] == 40
    # every inhabited country is a circle somewhere
    lost = [c.alpha_2 for c in pycountry.countries if geo.anchor_for(c.alpha_2) is None]
    assert set(lost) <= {"AQ", "BV", "HM", "IO", "TK", "UM"}, lost
