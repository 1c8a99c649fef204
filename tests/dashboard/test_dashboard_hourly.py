"""The 7-day Service chart's hourly normal band: expected counts add, the margins above
them add in quadrature, and an hour still filling up keeps a whole hour's band."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import NOW, assert_clean, chart_frames, charts, run_page, sql

from dashboard.detail_queries import fill_buckets, hourly

T0 = datetime(2026, 11, 20, 9, 0)


def _buckets(n: int, baseline: float = 0.2, upper: float = 2.0) -> pd.DataFrame:
    """n scored 5-minute buckets from T0, one report each."""
    return pd.DataFrame(
        {
            "bucket": pd.date_range(T0, periods=n, freq="5min").astype("datetime64[us]"),
            "reports": 1,
            "baseline": baseline,
            "upper": upper,
            "is_anomaly": False,
        }
    )


def test_hour_band_is_sum_of_baselines_plus_margins_in_quadrature() -> None:
    hours = hourly(fill_buckets(_buckets(24), T0, T0 + timedelta(hours=2)))
    assert list(hours["reports"]) == [12, 12]
    assert hours["baseline"].tolist() == pytest.approx([2.4, 2.4])
    # 2.4 + sqrt(12 x 1.8^2) = 8.64, not 12 x 2 = 24 (the sum of the buckets' tops)
    assert hours["upper"].tolist() == pytest.approx([2.4 + 1.8 * math.sqrt(12)] * 2)


def test_hour_in_progress_keeps_a_whole_hours_band() -> None:
    """Hour 1 has 3 of its 12 buckets scored, hour 2 none (it has not started)."""
    hours = hourly(fill_buckets(_buckets(15), T0, T0 + timedelta(hours=3))).set_index("bucket")
    full, partial, empty = hours.iloc[0], hours.iloc[1], hours.iloc[2]
    assert partial["reports"] == 3  # what was counted, not extrapolated
    assert partial["baseline"] == pytest.approx(full["baseline"])
    assert partial["upper"] == pytest.approx(full["upper"])
    assert empty["reports"] == 0
    assert pd.isna(empty["baseline"]) and pd.isna(empty["upper"])  # no band, not a zero band


def test_service_week_chart_band_matches_the_stored_buckets(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    at.radio(key="service_span").set_value("7 days").run()
    assert_clean(at)
    shown = max(chart_frames(charts(at)[0]), key=len).set_index("bucket")
    end = NOW + timedelta(hours=1)
    expected = sql(
        dash_env,
        "SELECT date_trunc('hour', bucket) AS bucket, sum(baseline) AS baseline, "
        "sum(baseline) + sqrt(sum((upper - baseline) ^ 2)) AS upper, sum(upper) AS naive, "
        "count(*) AS n FROM report_volume WHERE service_slug = 'spotify' AND country = '' "
        "AND bucket >= ? AND bucket < ? GROUP BY 1 HAVING count(*) = 12 ORDER BY 1",
        [end - timedelta(days=7), end],
    ).set_index("bucket")
    assert len(expected) >= 48
    both = expected.join(shown, rsuffix="_shown", how="inner")
    assert len(both) == len(expected)
    assert (both["baseline_shown"] - both["baseline"]).abs().max() < 1e-9
    assert (both["upper_shown"] - both["upper"]).abs().max() < 1e-9
    assert (both["upper_shown"] < both["naive"] / 2).all()  # far below the summed tops
    assert not (shown["upper"] == 0).any()  # no hour draws a band of zero


def test_service_week_chart_starts_where_the_data_starts(dash_env: Path) -> None:
    """Review 185, finding 3: the 7-day chart of a warehouse 3 days old drew 4 days of
    "0 reports" before anything was collected, and nothing said where the data starts."""
    at = run_page("service", service="spotify")
    at.radio(key="service_span").set_value("7 days").run()
    assert_clean(at)
    first = sql(
        dash_env,
        "SELECT min(bucket) AS first FROM report_volume WHERE service_slug = 'spotify' "
        "AND country = ''",
    )["first"][0]
    assert first > NOW - timedelta(days=6)  # the sample warehouse is younger than the chart
    shown = max(chart_frames(charts(at)[0]), key=len)
    assert shown["bucket"].min() == first.floor("h")
    said = " ".join(c.value for c in at.caption)
    assert f"Data from {first:%a %Y-%m-%d %H:%M} UTC" in said


def test_service_day_chart_has_no_data_note_when_the_data_covers_it(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    assert_clean(at)
    assert "Data from" not in " ".join(c.value for c in at.caption)
