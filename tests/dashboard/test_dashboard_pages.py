"""Every page under Streamlit's AppTest on a real warehouse file: no exception, and the
cards, tables and charts carry the numbers the warehouse holds (read back with SQL)."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import (
    NOW,
    assert_clean,
    chart_frames,
    charts,
    country_circles,
    html_text,
    markdown_text,
    run_page,
    sql,
)

from dashboard.geo import country_name

SEVERITY = "CASE severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END"


def test_now_cards_in_severity_order_with_last_hour_counts(dash_env: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    expected = sql(
        dash_env,
        f"SELECT service_slug, service_name FROM active_incidents "
        f"ORDER BY {SEVERITY}, peak_reports DESC",
    )
    assert len(expected) >= 2
    cards = [m for m in at.metric if m.label == "Problem reports, last hour"]
    assert len(cards) == len(expected)
    titles = [line for line in html_text(at).split('<div class="ow-card-title">')[1:]]
    assert [t.split("<", 1)[0] for t in titles] == list(expected["service_name"])
    hour = sql(
        dash_env,
        "SELECT service_slug, sum(reports) AS n FROM report_volume "
        "WHERE country = '' AND bucket >= ? AND bucket < ? GROUP BY 1",
        [NOW - timedelta(hours=1), NOW],
    ).set_index("service_slug")["n"]
    for card, slug in zip(cards, expected["service_slug"], strict=True):
        assert card.value == f"{int(hour[slug]):,}"
        assert card.proto.delta.startswith(("last hour: ", "normally quiet: last hour's normal"))
    assert "▲▲▲ critical" in html_text(at)
    assert "Problems right now (2 services)" in [s.value for s in at.subheader]


def test_the_last_hour_ends_at_the_clock_not_a_bucket_after_it(
    monkeypatch: pytest.MonkeyPatch, sample_db: Path, tmp_path: Path
) -> None:
    """On a replayed clock at 12:00, the bucket 12:00-12:05 is the future: the card counted
    it (13 buckets, a user's find); at 12:02 most of it still is (helper-108). Once it is
    over, at 12:05, it counts."""
    import shutil

    import duckdb
    from dash_helpers import point_dashboard

    db = shutil.copyfile(sample_db, tmp_path / "outagewatch.duckdb")
    with duckdb.connect(str(db)) as con:
        slug = con.execute("SELECT service_slug FROM active_incidents LIMIT 1").fetchone()[0]
        con.execute(
            "INSERT OR REPLACE INTO report_volume (service_slug, country, bucket, reports) "
            "VALUES (?, '', ?, 5000)",
            [slug, NOW],
        )

    def card(now) -> int:
        point_dashboard(monkeypatch, db, now)
        at = run_page("now")
        assert_clean(at)
        name = sql(db, "SELECT name FROM services WHERE slug = ?", [slug])["name"][0]
        titles = [
            t.split("<", 1)[0] for t in html_text(at).split('<div class="ow-card-title">')[1:]
        ]
        cards = [m for m in at.metric if m.label == "Problem reports, last hour"]
        return int(cards[titles.index(name)].value.replace(",", ""))

    before, inside, after = (
        card(NOW),
        card(NOW + timedelta(minutes=2)),
        card(NOW + timedelta(minutes=5)),
    )
    assert before < 5000 and inside < 5000 <= after


def test_now_map_and_recently_resolved(dash_env: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    (world,) = charts(at)
    by_country = sql(
        dash_env,
        "SELECT country, sum(reports) AS n FROM report_volume WHERE "
        "country <> '' AND bucket >= ? AND bucket <= ? GROUP BY 1",
        [NOW - timedelta(days=1), NOW],
    )
    shown = {v["code"]: v["reports"] for v in country_circles(world)}
    assert shown == dict(zip(by_country["country"], by_country["n"].astype(int), strict=True))
    cities = chart_frames(world)[0]
    located = sql(
        dash_env,
        "SELECT count(*) FROM post_signals WHERE problem AND city <> '' AND lat IS NOT NULL "
        "AND created_at BETWEEN ? AND ?",
        [NOW - timedelta(days=1), NOW],
    ).iloc[0, 0]
    assert {"city", "lat", "lon"} <= set(cities.columns)
    assert int(cities["city_reports"].sum()) == int(located) > 0
    # the table's share is of the located reports, and the reports with no place are said
    total = sql(
        dash_env,
        "SELECT sum(reports) FROM report_volume WHERE country = '' AND bucket >= ? AND bucket <= ?",
        [NOW - timedelta(days=1), NOW],
    ).iloc[0, 0]
    missing = int(total) - int(by_country["n"].sum())
    assert missing > 0
    captions = [c.value for c in at.caption]
    assert any(c.startswith(f"{missing} report") and "not located" in c for c in captions), captions
    where = at.dataframe[0]
    assert abs(where.value["share"].sum() - 100) < 0.5 or len(by_country) > 12
    resolved = sql(
        dash_env,
        "SELECT service_name, title FROM incident_summary WHERE status = "
        "'resolved' AND resolved_at BETWEEN ? AND ? ORDER BY resolved_at DESC",
        [NOW - timedelta(days=1), NOW],
    )
    table = at.dataframe[1].value
    # the title (naming the service) right after the button: a phone shows only the first
    # columns, and two Netflix incidents of one day differ by their titles
    assert list(table.columns[:4]) == ["incident page", "incident", "resolved (UTC)", "lasted"]
    assert "service" not in table.columns
    assert list(table["incident"]) == list(resolved["title"])
    pairs = zip(table["incident"], resolved["service_name"], strict=True)
    assert all(title.startswith(name) for title, name in pairs)
    assert "Recently resolved (last 24 h)" in [s.value for s in at.subheader]


def test_now_says_when_data_is_stale(dash_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTAGEWATCH_NOW", (NOW + timedelta(days=3, hours=2)).isoformat())
    at = run_page("now")
    assert_clean(at)
    assert any("newest report is 3 days old" in w.value for w in at.warning)


@pytest.mark.parametrize("page", ["now", "service", "incident", "daily"])
def test_empty_warehouse_explains_what_to_do(
    page: str, empty_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTAGEWATCH_DB", str(empty_db))
    at = run_page(page)
    assert_clean(at)
    assert any("outagewatch crawl" in i.value and "make demo" in i.value for i in at.info)


@pytest.mark.parametrize("page", ["now", "service", "incident", "explore", "daily"])
def test_missing_warehouse_is_a_message_not_a_trace(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTAGEWATCH_DB", str(tmp_path / "nowhere.duckdb"))
    at = run_page(page)
    assert_clean(at)
    assert any("no warehouse at" in i.value for i in at.info)


def test_bad_clock_override_is_explained(dash_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTAGEWATCH_NOW", "yesterday-ish")
    at = run_page("now")
    assert not at.exception
    assert any("not an ISO timestamp" in e.value for e in at.error)


def test_service_page_numbers_chart_and_history(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    assert_clean(at)
    assert at.selectbox(key="service_pick").value == "spotify"
    metrics = {m.label: m.value for m in at.metric}
    end = NOW + timedelta(minutes=5)
    total = sql(
        dash_env,
        "SELECT sum(reports) FROM report_volume WHERE service_slug = 'spotify' "
        "AND country = '' AND bucket >= ? AND bucket < ?",
        [end - timedelta(days=1), end],
    ).iloc[0, 0]
    assert metrics["Problem reports, last 24 h"] == f"{int(total):,}"
    assert metrics["Status now"] == "problem"
    # since when, and which incident, beside "problem"
    started = sql(
        dash_env,
        "SELECT started_at FROM incidents WHERE service_slug = 'spotify' AND status = 'open'",
    ).iloc[0, 0]
    captions = [c.value for c in at.caption]
    assert any(c.startswith(f"Problem since {started:%Y-%m-%d %H:%M} UTC (") for c in captions)
    volume = charts(at)[0]
    series = max(chart_frames(volume), key=len)
    assert len(series) == 24 * 12 and int(series["reports"].sum()) == int(total)
    history = at.dataframe[0].value
    n_inc = sql(dash_env, "SELECT count(*) FROM incidents WHERE service_slug = 'spotify'").iloc[
        0, 0
    ]
    assert len(history) == n_inc
    assert "status page: investigating" in html_text(at)
    at.radio(key="service_span").set_value("7 days").run()
    assert_clean(at)
    series = max(chart_frames(charts(at)[0]), key=len)
    # hourly over the week, from the hour the 3-day sample's data starts (test_dashboard_hourly)
    first = sql(
        dash_env, "SELECT min(bucket) FROM report_volume WHERE service_slug = 'spotify'"
    ).iloc[0, 0]
    hours = (NOW + timedelta(hours=1) - first.floor("h")) // timedelta(hours=1)
    assert len(series) == hours and hours < 7 * 24


def test_service_page_symptom_and_country_breakdowns(dash_env: Path) -> None:
    at = run_page("service", service="whatsapp")
    assert_clean(at)
    end = NOW + timedelta(minutes=5)
    sym = sql(
        dash_env,
        "SELECT symptom, count(*) AS n FROM (SELECT unnest(symptoms) AS symptom "
        "FROM problem_reports WHERE service_slug = 'whatsapp' AND created_at >= ? "
        "AND created_at < ?) GROUP BY 1",
        [end - timedelta(days=1), end],
    )
    frames = [f for c in charts(at) for f in chart_frames(c)]
    sym_frame = next(f for f in frames if "symptom" in f.columns)
    shown = dict(zip(sym_frame["symptom"], sym_frame["reports"], strict=True))
    assert shown == {s.replace("_", " "): n for s, n in zip(sym["symptom"], sym["n"], strict=True)}
    assert any("country" in f.columns for f in frames)


def test_incident_page_timeline_regions_posts_official(dash_env: Path) -> None:
    inc = sql(
        dash_env, "SELECT * FROM incident_summary WHERE official_id IS NOT NULL AND status = 'open'"
    ).iloc[0]
    at = run_page("incident", id=inc["incident_id"])
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Peak reports / 5 min"] == f"{int(inc['peak_reports']):,}"
    assert metrics["Total reports"] == f"{int(inc['total_reports']):,}"
    lead = float(inc["lead_time_minutes"])  # whole minutes, halves away from zero: +15 min
    whole = int(math.copysign(math.floor(abs(lead) + 0.5), lead))
    if whole > 0:  # the label and value read as the daily summary's words
        assert metrics["Detected before the status page"] == f"{whole} min"
    elif whole < 0:
        assert metrics["Status page before our detection"] == f"{-whole} min"
    timeline = charts(at)[0]
    events = next(f for f in chart_frames(timeline) if "event" in f.columns)
    assert {"started", "detected", "peak", "official acknowledgment"} <= set(events["event"])
    regions = at.dataframe[0].value
    expected = sql(
        dash_env,
        "SELECT sum(reports) FROM incident_regions WHERE incident_id = ?",
        [inc["incident_id"]],
    ).iloc[0, 0]
    assert int(regions["reports"].sum()) == int(expected)
    # review 185 #9: the map is a circle per country sized by its reports, with a caption
    (world,) = [c for c in charts(at) if "geoshape" in c.proto.spec]
    circles = country_circles(world)
    by_country = sql(
        dash_env,
        "SELECT country, sum(reports) AS n FROM incident_regions WHERE incident_id = ? "
        "AND country <> '' GROUP BY 1",
        [inc["incident_id"]],
    )
    assert {c["code"]: c["reports"] for c in circles} == dict(
        zip(by_country["country"], by_country["n"].astype(int), strict=True)
    )
    assert any(c.value.startswith("Circles: each country's problem reports") for c in at.caption)
    body = html_text(at)
    reps = sql(
        dash_env,
        "SELECT p.author_hash, p.url FROM incident_posts ip JOIN posts p "
        "USING (post_key) WHERE incident_id = ? AND is_representative",
        [inc["incident_id"]],
    )
    for h, url in zip(reps["author_hash"], reps["url"], strict=True):
        assert f"author <code>{h}</code>" in body and url in body  # whole, as in Daily
    assert "status page: investigating" in body
    assert "Shared upstream provider: **Google Cloud**" in markdown_text(at)  # not "gcp"
    related = at.dataframe[-1].value
    assert "Discord" in set(related["service"])


def test_incident_picker_defaults_to_worst_open(dash_env: Path) -> None:
    at = run_page("incident")
    assert_clean(at)
    worst = sql(dash_env, f"SELECT incident_id FROM active_incidents ORDER BY {SEVERITY} LIMIT 1")
    assert at.selectbox(key="incident_pick").value == worst.iloc[0, 0]


def test_daily_summary_page_matches_export(dash_env: Path) -> None:
    from outagewatch.exports.daily import build_daily, render
    from warehouse.db import reader

    at = run_page("daily")
    assert_clean(at)
    day = at.date_input(key="daily_day").value
    assert day == NOW.date()
    with reader(dash_env) as con:  # a replayed clock, but nothing stored after NOW: no cut
        expected = render(build_daily(con, day), "md")
    shown = markdown_text(at)
    assert expected.split("\n", 1)[1].strip() in shown  # all but its title line
    assert "# Outage summary" not in shown  # one heading: the page's (finding 17)
    assert len(at.get("download_button")) == 4
    at.date_input(key="daily_day").set_value(NOW.date() - timedelta(days=2)).run()
    assert_clean(at)
    assert "Netflix" in markdown_text(at)


def test_daily_day_is_kept_in_the_url(dash_env: Path) -> None:
    """?date= opens that day (a day can be linked); a bad one says why and shows the latest."""
    two_days_ago = (NOW.date() - timedelta(days=2)).isoformat()
    at = run_page("daily", date=two_days_ago)
    assert_clean(at)
    assert at.date_input(key="daily_day").value.isoformat() == two_days_ago
    assert "Netflix" in markdown_text(at)
    at.date_input(key="daily_day").set_value(NOW.date()).run()
    assert at.query_params["date"] == NOW.date().isoformat()
    for bad, why in [("2026-13-01", "is not a day"), ("1999-01-01", "outside the days")]:
        at = run_page("daily", date=bad)
        assert not at.exception
        assert any(why in w.value for w in at.warning), [w.value for w in at.warning]
        assert at.date_input(key="daily_day").value == NOW.date()


def test_explore_runs_example_query_with_table_chart_and_downloads(dash_env: Path) -> None:
    at = run_page("explore")
    assert_clean(at)
    at.selectbox(key="explore_example").set_value("Incidents per service and day").run()
    at.button[0].click().run()  # the form's submit button
    assert_clean(at)
    frame = at.dataframe[0].value
    expected = sql(dash_env, "SELECT count(*) FROM incidents_by_service_day").iloc[0, 0]
    assert len(frame) == min(50, expected) and "minutes_disrupted" in frame.columns
    assert len(charts(at)) == 1
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Parquet"]
    assert isinstance(frame, pd.DataFrame)


def test_pages_survive_missing_values(
    dash_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NULLs where the pipeline may leave them, and a service with no data at all."""
    import shutil

    import duckdb

    db = tmp_path / "odd.duckdb"
    shutil.copy(dash_env, db)
    con = duckdb.connect(str(db))
    con.execute(
        "UPDATE incidents SET peak_reports = NULL, baseline_reports = NULL, total_reports = NULL,"
        " keywords = NULL, top_symptom = NULL, severity = NULL, title = NULL"
    )
    con.execute("DELETE FROM incident_regions")
    con.close()
    monkeypatch.setenv("OUTAGEWATCH_DB", str(db))
    incident_id = sql(db, "SELECT incident_id FROM incidents LIMIT 1").iloc[0, 0]
    assert_clean(run_page("incident", id=incident_id))
    assert_clean(run_page("now"))
    at = run_page("service", service="youtube")  # in the catalog, never reported
    assert_clean(at)
    # nothing to call normal: it says so (finding 17)
    assert {m.label: m.value for m in at.metric}["Status now"] == "no reports"


def test_now_cards_name_the_countries_that_hold_the_reports(dash_env: Path) -> None:
    at = run_page("now")
    shares = sql(
        dash_env,
        "SELECT incident_id, country, reports / sum(reports) OVER (PARTITION BY incident_id) "
        "AS share FROM incident_countries WHERE country <> '' AND incident_id IN "
        "(SELECT incident_id FROM active_incidents) ORDER BY incident_id, reports DESC, country",
    )
    text = markdown_text(at)
    for _, rows in shares.groupby("incident_id"):
        main = [country_name(c) for c in rows.loc[rows["share"] >= 0.1, "country"]][:3]
        assert f"**Where:** {', '.join(main)}" in text


@pytest.mark.parametrize(
    ("countries", "main", "expected"),
    [
        pytest.param("DE,BR,US", "DE", "Germany · a few reports from 2 other countries", id="leak"),
        pytest.param("DE,FR", "DE,FR", "Germany, France", id="two-main"),
        pytest.param("", None, "not known", id="unlocated"),
        pytest.param("US,GB", None, "United States, United Kingdom", id="older-warehouse"),
    ],
)
def test_where_line(countries: str, main: str | None, expected: str) -> None:
    from dashboard.views.now import _where

    assert _where(pd.Series({"countries": countries, "main_countries": main})) == expected


def test_unknown_incident_id_says_so(dash_env: Path) -> None:
    at = run_page("incident", id="inc-nope")
    assert_clean(at)
    (warning,) = at.warning
    assert "Incident `inc-nope` not found" in warning.value
    assert "not in the warehouse" in warning.value
    worst = sql(dash_env, f"SELECT incident_id FROM active_incidents ORDER BY {SEVERITY} LIMIT 1")
    assert at.selectbox(key="incident_pick").value == worst.iloc[0, 0]


@pytest.mark.parametrize("asked", ["nope", "inc-nope"])
def test_unknown_service_says_so(dash_env: Path, asked: str) -> None:
    at = run_page("service", service=asked)
    assert_clean(at)
    (warning,) = at.warning
    assert f"Service `{asked}` not found" in warning.value
    latest = sql(
        dash_env,
        "SELECT s.slug, s.name FROM incidents i JOIN services s ON s.slug = i.service_slug "
        "WHERE i.started_at <= ? ORDER BY i.started_at DESC LIMIT 1",
        [NOW],
    ).iloc[0]
    assert f"Showing {latest['name']} (the latest incident) instead." in warning.value
    assert at.selectbox(key="service_pick").value == latest["slug"]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        pytest.param("incident", {}, id="incident-no-id"),
        pytest.param("incident", {"id": "inc-netflix-old"}, id="incident-known"),
        pytest.param("service", {}, id="service-no-slug"),
        pytest.param("service", {"service": "Netflix"}, id="service-by-name"),
    ],
)
def test_known_or_missing_ids_give_no_warning(dash_env: Path, page: str, params: dict) -> None:
    at = run_page(page, **params)
    assert_clean(at)
    assert not at.warning
    if params.get("service"):
        assert at.selectbox(key="service_pick").value == "netflix"


def test_explore_counts_one_row_as_one_row(dash_env: Path) -> None:
    at = run_page("explore")
    at.text_area(key="explore_sql").set_value("SELECT 42 AS answer")
    at.button[0].click().run()
    assert_clean(at)
    assert "1 row" in [c.value for c in at.caption]


def test_every_catalog_category_reads_as_words(dash_env: Path) -> None:
    from dashboard import labels
    from outagewatch.catalog import load_catalog

    assert {s.category for s in load_catalog()} <= set(labels.CATEGORIES)
    assert labels.category("isp_telco") == "internet & phone provider"
    assert labels.category("new_kind") == "new kind"


def test_map_draws_a_stray_report_small_and_the_outage_big() -> None:
    """With viridis reversed, the country with one stray report was the brightest yellow and
    the outage's a dark blot; with counts as fills (review 185 #9), the United States' one
    report covered more of the map than Germany's 34. The circles' size runs from zero."""
    import json

    from dashboard.geo import MAX_AREA, world_map

    spec = world_map(pd.DataFrame({"country": ["DE", "US"], "reports": [34, 1]}), None)
    (size,) = [
        layer["encoding"]["size"]["scale"]
        for layer in spec["layer"]
        if "size" in layer.get("encoding", {})
    ]
    assert size["domain"] == [0, 34] and size["range"] == [0, MAX_AREA]
    assert "viridis" not in json.dumps(spec)


def test_now_heading_counts_services_and_says_when_one_has_two_incidents() -> None:
    from dashboard.views.now import _count

    two = pd.DataFrame({"service_slug": ["netflix", "netflix"]})
    assert _count(two) == "1 service, 2 incidents"
    assert _count(pd.DataFrame({"service_slug": ["netflix", "slack"]})) == "2 services"
    assert _count(pd.DataFrame({"service_slug": []})) == "0 services"


def test_incident_chart_leads_in_as_long_as_the_incident_lasts(sample_db) -> None:
    """Normal traffic before the start for as long as the incident (1 to 3 hours): a young
    incident filled only the last quarter of a chart that began 3 hours before it."""
    from dashboard.detail_queries import incident_detail

    for incident_id in ("inc-spotify-now", *_resolved_ids(sample_db)):
        frames = incident_detail(str(sample_db), incident_id, NOW, NOW)
        inc = frames["incident"].iloc[0]
        end = inc["resolved_at"] if pd.notna(inc["resolved_at"]) else NOW
        lead = min(max(end - inc["started_at"], pd.Timedelta(hours=1)), pd.Timedelta(hours=3))
        assert frames["series"]["bucket"].min() == inc["started_at"] - lead, incident_id


def _resolved_ids(db) -> list[str]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return [
            r[0]
            for r in con.execute(
                "SELECT incident_id FROM incidents WHERE status = 'resolved'"
            ).fetchall()
        ]


def test_explore_example_name_goes_once_its_sql_is_edited(dash_env: Path) -> None:
    """Finding 16: the selector kept an example's name over SQL that was no longer it."""
    at = run_page("explore")
    at.selectbox(key="explore_example").set_value("Crawl status").run()
    at.button[0].click().run()  # unchanged: the name stays
    assert_clean(at)
    assert at.selectbox(key="explore_example").value == "Crawl status"
    at.text_area(key="explore_sql").set_value("SELECT 42 AS answer")
    at.button[0].click().run()
    assert_clean(at)
    assert at.selectbox(key="explore_example").value is None
    assert at.dataframe[0].value["answer"].tolist() == [42]


def test_explore_chart_prints_values_as_the_table_does(dash_env: Path) -> None:
    """The lead-time example's table shows one decimal; its bars said 14.65 beside 14.6."""
    at = run_page("explore")
    at.selectbox(key="explore_example").set_value("Lead time over status pages").run()
    at.button[0].click().run()
    assert_clean(at)
    spec = json.loads(charts(at)[0].proto.spec)
    formats = {
        layer["encoding"]["text"].get("format")
        for layer in spec.get("layer", [])
        if "text" in layer.get("encoding", {})
    }
    assert formats == {",.1f"}, formats
