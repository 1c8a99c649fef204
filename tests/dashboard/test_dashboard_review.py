"""The usability review's findings 6, 9, 15, 16 and 17 (scratch/ux/dashboard_findings.md),
each checked on the real pages over a real warehouse file."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from dash_helpers import (
    NOW,
    assert_clean,
    chart_frames,
    charts,
    html_text,
    markdown_text,
    point_dashboard,
    run_page,
    sql,
)

from dashboard.ui import share_text

# one incident's regions as the pipeline stores them: most reports are not located, the
# US is split over regions, France and Germany tie
REGIONS = [
    ("", "", 50),
    ("GB", "", 17),
    ("US", "Texas", 11),
    ("US", "New York", 8),
    ("US", "", 6),
    ("DE", "", 8),
    ("FR", "", 8),
]
OLD = "inc-netflix-old"  # resolved two days before NOW: its stored regions are shown


@pytest.fixture
def regions_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "regions.duckdb"
    shutil.copy(sample_db, db)
    total = sum(n for *_, n in REGIONS)
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM incident_regions WHERE incident_id = ?", [OLD])
        con.executemany(
            "INSERT INTO incident_regions VALUES (?, ?, ?, ?, ?)",
            [[OLD, c, r, n, n / total] for c, r, n in REGIONS],
        )
    return point_dashboard(monkeypatch, db, NOW)


def _caption(at) -> str:
    return "\n".join(c.value for c in at.caption)


def _column_config(frame_element) -> dict:
    return json.loads(frame_element.proto.columns or "{}")


# --- finding 9: the Incident page's "Where" table -------------------------------------


def test_where_lists_countries_with_totals_and_the_unlocated_last(regions_db: Path) -> None:
    at = run_page("incident", id=OLD)
    assert_clean(at)
    where = at.dataframe[0].value
    assert list(where.columns) == ["country", "reports", "share", "of located"]
    assert list(where["country"]) == [
        "United States",  # 11 + 8 + 6: the top country is the top row
        "United Kingdom",
        "France",  # ties by name
        "Germany",
        "not located",  # last, with its share
    ]
    assert list(where["reports"]) == [25, 17, 8, 8, 50]
    assert where["share"].iloc[-1] == pytest.approx(50 / 108 * 100)
    # the title's "mainly ..." reads the 58 located reports: the US holds 25 of them
    # one rounding and style for a share, the daily summary's: "43%", not "43.1 %"
    assert where["of located"].iloc[0] == f"{25 / 58 * 100:.0f}%"
    # the share column is a number shown through a Styler as "23%" (or "<1%", never "0%")
    styled = pa.ipc.open_stream(at.dataframe[0].proto.arrow_data.styler.display_values)
    assert list(styled.read_pandas()["share"]) == [share_text(v) for v in where["share"]]
    assert _column_config(at.dataframe[0])["share"]["type_config"].get("format") is None
    assert where["of located"].iloc[-1] == ""  # blank, not "None"
    assert "46% of the reports name no place we could locate" in _caption(at)
    assert '"of located" of the located ones' in _caption(at)
    regions = at.dataframe[1].value  # the expander beneath
    us = regions[regions["country"] == "United States"]
    assert list(us["region"]) == ["Texas", "New York", "region not known"]
    assert list(regions["country"].drop_duplicates()) == list(where["country"][:-1])


def test_where_on_the_sample_sums_to_the_incident(dash_env: Path) -> None:
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    where = at.dataframe[0].value
    assert where["country"].is_unique and "not located" not in set(where["country"])
    assert "of located" not in where.columns  # every report located: one share says it
    assert list(where["reports"]) == sorted(where["reports"], reverse=True)


def test_country_tables_break_ties_by_name() -> None:
    """Finding 17: tied countries swapped places between loads."""
    from dashboard.geo import country_table

    frame = pd.DataFrame({"country": ["IN", "ES", "DE", "US"], "reports": [3, 3, 3, 9]})
    for order in (frame, frame.iloc[::-1]):
        table = country_table(order)
        assert list(table["country"]) == ["United States", "Germany", "India", "Spain"]


# --- finding 15: raw identifiers and mixed formats ------------------------------------


def test_service_official_table_reads_as_words(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    assert_clean(at)
    table = at.dataframe[-1].value
    assert list(table.columns) == [  # status and times first: a phone shows these
        "status page",
        "acknowledged (UTC)",
        "resolved (UTC)",
        "official incident",
        "provider's impact",
        "started (UTC)",
        "link",
    ]
    stored = sql(
        dash_env,
        "SELECT acknowledged_at FROM official_incidents WHERE service_slug = 'spotify'",
    ).iloc[0, 0]
    row = table.iloc[0]
    assert row["acknowledged (UTC)"] == f"{stored:%Y-%m-%d %H:%M}"  # no seconds
    assert row["resolved (UTC)"] == ""  # open: empty, not "None"


def test_incident_history_names_countries(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    codes = sql(
        dash_env,
        "SELECT countries FROM incident_summary WHERE incident_id = 'inc-spotify-now'",
    ).iloc[0, 0]
    history = at.dataframe[0].value
    shown = history["countries"].iloc[0]
    assert "United States" in shown and "," in codes and shown != codes
    assert not any(code in shown.split(", ") for code in codes.split(","))
    # the first three by name, the rest counted
    names = shown.split(" +")[0].split(", ")
    assert len(names) == min(3, len(codes.split(",")))
    if len(codes.split(",")) > 3:
        assert shown.endswith(f"+{len(codes.split(',')) - 3} more")


def test_history_countries_count_countries_not_commas() -> None:
    """A country's name may hold a comma ("Congo, The Democratic Republic of the")."""
    from dashboard.views.service import _first_countries
    from dashboard.wording import country_names

    assert _first_countries("IR,TW,CD") == country_names("IR,TW,CD")
    assert _first_countries("IR,TW,CD,US").endswith(" +1 more")
    assert _first_countries(None) == ""


def test_incidents_at_the_same_time_read_as_words(dash_env: Path) -> None:
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    related = at.dataframe[-1].value
    assert list(related.columns) == [
        "incident page",
        "service",
        "severity",
        "status",
        "started (UTC)",
        "reports",
    ]
    started = sql(
        dash_env, "SELECT started_at FROM incidents WHERE incident_id = 'inc-discord-now'"
    ).iloc[0, 0]
    assert f"{started:%Y-%m-%d %H:%M}" in set(related["started (UTC)"])


def test_explore_times_are_24_hour_and_utc(dash_env: Path) -> None:
    at = run_page("explore")
    at.selectbox(key="explore_example").set_value(
        "Problem reports per hour (last 2 days of data)"
    ).run()
    at.button[0].click().run()
    assert_clean(at)
    spec = json.loads(charts(at)[0].proto.spec)
    x = spec["encoding"]["x"]
    assert x["title"] == "hour (UTC)" and x["axis"]["format"] == "%a %H:%M"
    config = _column_config(at.dataframe[0])
    assert config["hour"]["label"] == "hour (UTC)"
    assert "Times are UTC" in _caption(at)


def test_time_format_follows_the_data() -> None:
    from dashboard.charts import time_format

    days = pd.Series(pd.date_range("2026-11-01", periods=5, freq="D"))
    hours = pd.Series(pd.date_range("2026-11-18", periods=48, freq="h"))
    weeks = pd.Series(pd.date_range("2026-10-01", periods=40, freq="D") + pd.Timedelta(hours=1))
    assert time_format(days) == "%Y-%m-%d"
    assert time_format(hours) == "%a %H:%M"
    assert time_format(weeks) == "%m-%d %H:%M"


# --- finding 16: Explore charts what an example is about ------------------------------


def _run_example(name: str):
    at = run_page("explore")
    at.selectbox(key="explore_example").set_value(name).run()
    at.button[0].click().run()
    assert_clean(at)
    return at


def _chart_y(at) -> str:
    return next(s.value for s in at.selectbox if s.label == "Chart: y")


def test_lead_time_example_charts_the_lead_and_formats_it(dash_env: Path) -> None:
    at = _run_example("Lead time over status pages")
    assert _chart_y(at) == "median_lead_minutes"
    bars = chart_frames(charts(at)[0])
    assert any("median_lead_minutes" in f.columns for f in bars)
    config = _column_config(at.dataframe[0])
    assert config["median_lead_minutes"]["type_config"]["format"] == "%.1f"
    assert config["share_detected_first"]["type_config"]["format"] == "percent"


def test_symptom_example_charts_reports(dash_env: Path) -> None:
    at = _run_example("Most common symptoms")
    assert _chart_y(at) == "reports"


def test_a_day_of_several_services_is_summed_not_zigzagged(dash_env: Path) -> None:
    at = _run_example("Incidents per service and day")
    (frame,) = chart_frames(charts(at)[0])
    assert frame["day"].is_unique
    expected = sql(
        dash_env,
        "SELECT sum(minutes_disrupted) FROM (SELECT * FROM incidents_by_service_day "
        "ORDER BY day DESC, minutes_disrupted DESC LIMIT 50)",
    ).iloc[0, 0]
    assert frame["minutes_disrupted"].sum() == expected


def test_an_ad_hoc_query_offers_its_numeric_columns(dash_env: Path) -> None:
    at = run_page("explore")
    at.text_area(key="explore_sql").set_value(
        "SELECT service_slug, total_reports, peak_reports FROM incident_summary"
    )
    at.button[0].click().run()
    assert_clean(at)
    y = next(s for s in at.selectbox if s.label == "Chart: y")
    assert y.options == ["total_reports", "peak_reports"] and y.value == "total_reports"


def test_explore_lists_views_and_tables_with_columns(dash_env: Path) -> None:
    at = run_page("explore")
    assert_clean(at)
    text = markdown_text(at)
    # each with its meaning (docs/sql.md) and its columns' types (review 144 #10)
    assert "- `active_incidents`: The rows of `incident_summary`" in text
    assert "`incident_id` VARCHAR, `service_slug` VARCHAR" in text
    assert "- `posts`: Raw posts" in text  # a base table a query may read
    assert "`post_key` VARCHAR" in text
    assert "**Tables**" in text and "**Views**" in text


def test_explore_says_as_of_and_that_sql_is_not_cut(dash_env: Path) -> None:
    at = run_page("explore")
    caption = _caption(at)
    assert f"As of {NOW:%Y-%m-%d %H:%M} UTC (replayed clock)" in caption
    assert "not cut at" in caption


# --- finding 6: the Daily buttons name their day --------------------------------------


def test_daily_buttons_name_the_day_they_download(dash_env: Path) -> None:
    at = run_page("daily")
    assert_clean(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [f"Download {f} for {NOW.date()}" for f in ("MD", "HTML", "CSV", "JSON")]
    earlier = NOW.date() - timedelta(days=1)
    at.date_input(key="daily_day").set_value(earlier).run()
    buttons = at.get("download_button")
    assert buttons[0].proto.label == f"Download MD for {earlier}"


# --- finding 17: smaller items ---------------------------------------------------------


def test_period_is_read_from_and_kept_in_the_url(dash_env: Path) -> None:
    at = run_page("service", service="spotify", period="7d")
    assert_clean(at)
    assert at.radio(key="service_span").value == "7 days"
    series = max(chart_frames(charts(at)[0]), key=len)
    # the week's hours from the one the sample's data starts in (review 185 #3): more than 24
    first = sql(
        dash_env, "SELECT min(bucket) FROM report_volume WHERE service_slug = 'spotify'"
    ).iloc[0, 0]
    assert len(series) == (NOW + timedelta(hours=1) - first.floor("h")) // timedelta(hours=1)
    assert len(series) > 24
    at.radio(key="service_span").set_value("24 h").run()
    assert at.query_params["period"] == "24h"
    at.radio(key="service_span").set_value("7 days").run()
    assert at.query_params["period"] == "7d"


def test_an_unknown_period_says_so(dash_env: Path) -> None:
    at = run_page("service", service="spotify", period="month")
    assert [w.value for w in at.warning] == [
        "Period `month` is not known (use 24h or 7d). Showing 24 h instead."
    ]
    assert at.radio(key="service_span").value == "24 h"


def test_a_service_without_reports_says_so(dash_env: Path) -> None:
    silent = sql(
        dash_env,
        "SELECT slug, name FROM services WHERE slug NOT IN "
        "(SELECT DISTINCT service_slug FROM post_services) ORDER BY slug LIMIT 1",
    ).iloc[0]
    at = run_page("service", service=silent["slug"], period="7d")
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Status now"] == "no reports"
    (info,) = [i.value for i in at.info]
    assert info.startswith(f"No problem reports about {silent['name']} in the last 7 days")
    assert "perhaps no source covers it" in info
    assert "Grey band" not in _caption(at)


def test_a_busy_service_keeps_its_band_caption(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    assert "Grey band" in _caption(at) and not at.info


def test_posts_say_their_order_and_keep_it(dash_env: Path) -> None:
    from dashboard.detail_queries import incident_detail

    at = run_page("incident", id="inc-spotify-now")
    assert "Most representative first, then other posts of the incident in time order" in (
        _caption(at)
    )
    posts = incident_detail(str(dash_env), "inc-spotify-now", NOW, NOW)["posts"]
    reps, rest = posts[posts["is_representative"]], posts[~posts["is_representative"]]
    assert list(reps["rank"]) == sorted(reps["rank"]) and len(rest) > 1
    assert rest["created_at"].is_monotonic_increasing
    assert posts.index[: len(reps)].tolist() == reps.index.tolist()
    assert "#" not in html_text(at).split("author", 1)[1][:3]


def test_an_open_incident_lasts_until_now_not_until_the_last_run(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last processing run was 30 minutes ago (a stopped `run`): the open incident,
    started 50 minutes ago, has lasted 50 minutes so far, not the 20 its row says."""
    db = tmp_path / "stale.duckdb"
    shutil.copy(sample_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "UPDATE incidents SET updated_at = ? WHERE incident_id = 'inc-spotify-now'",
            [NOW - timedelta(minutes=30)],
        )
        (stored,) = con.execute(
            "SELECT duration_minutes FROM incident_summary WHERE incident_id = 'inc-spotify-now'"
        ).fetchone()
    assert stored == 20
    point_dashboard(monkeypatch, db, NOW)
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Duration so far"] == "50 min"
    assert "Duration" not in metrics
