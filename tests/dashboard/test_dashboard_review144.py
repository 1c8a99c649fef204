"""Review 144 (an on-call support lead's pass), findings 2 to 12: reports far above normal
before an incident, a warehouse with only status pages, the demo's status-page note, the
unfinished bucket of a replayed clock, timeline labels, the map's rings and legend, the two
normals, the explorer's schema and file names, and whole-number ticks."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import (
    NOW,
    _walk,
    assert_clean,
    assert_labels_apart,
    chart_frames,
    charts,
    html_text,
    markdown_text,
    point_dashboard,
    run_page,
    sql,
)

from dashboard import charts as chart_lib
from dashboard import config, elevation, geo, schema_docs
from outagewatch.demo.marker import DEMO_STATE_KEY
from warehouse import store
from warehouse.db import writer

ELEVATED = "x"  # a sample service without an incident (normal 3 reports an hour)


def _copy(src: Path, tmp_path: Path, name: str) -> Path:
    db = tmp_path / f"{name}.duckdb"
    shutil.copy(src, db)
    return db


# --- 2: reports far above the band before the detector opens an incident --------------------


@pytest.fixture
def before_detection(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample warehouse where X's last 10 minutes stand far above its band while the
    detector has flagged none of its buckets (as between Deutsche Telekom's start at 11:05
    and its detection at 11:20), and no incident is open."""
    db = _copy(sample_db, tmp_path, "before")
    with writer(db) as con:
        con.execute(
            "UPDATE report_volume SET reports = 12, is_anomaly = false WHERE service_slug = ? "
            "AND country = '' AND bucket >= ? AND bucket < ?",
            [ELEVATED, NOW - timedelta(minutes=10), NOW],
        )
        con.execute(
            "UPDATE report_volume SET is_anomaly = false WHERE service_slug = ?", [ELEVATED]
        )
        con.execute("DELETE FROM incident_posts WHERE incident_id IN "
                    "(SELECT incident_id FROM incidents WHERE status = 'open')")  # fmt: skip
        con.execute("DELETE FROM incidents WHERE status = 'open'")
    return point_dashboard(monkeypatch, db, NOW)


def test_now_names_a_service_above_its_band_and_is_not_all_green(before_detection: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    assert not [s.value for s in at.success if "every service looks normal" in s.value]
    # the rule's words (above the band's top with at least 5 reports), not "far above"
    (warning,) = [w.value for w in at.warning if "above normal" in w.value]
    assert "far above" not in warning
    line = next(m for m in markdown_text(at).splitlines() if "Above normal, no incident yet" in m)
    assert "X" in line  # the catalog's name of `x`
    assert "in the last hour" in line
    assert elevation.EXPLAINED in [c.value for c in at.caption]


def test_service_status_now_is_above_normal_not_normal(before_detection: Path) -> None:
    at = run_page("service", service=ELEVATED)
    assert_clean(at)
    (status,) = [m for m in at.metric if m.label == "Status now"]
    assert status.value == "above normal"
    # the Now page's sentence, word for word, with the rule's own window
    assert elevation.EXPLAINED in [c.value for c in at.caption]
    assert f"last {elevation.RECENT.seconds // 60} minutes" in elevation.EXPLAINED


def _live(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime) -> Path:
    """X's buckets of the half hour before `now` stand far above a band of 1, none flagged,
    no incident (what a live warehouse holds in the minutes before detection), read on the
    real clock: OUTAGEWATCH_NOW unset, so nothing is cut."""
    db = _copy(sample_db, tmp_path, "live")
    last = now - timedelta(minutes=now.minute % 5, seconds=now.second, microseconds=now.microsecond)
    rows = [(ELEVATED, "", last - timedelta(minutes=5 * k), 20, 0.5, 1.0, 0.0, False)
            for k in range(7)]  # fmt: skip
    with writer(db) as con:
        con.executemany(
            "INSERT OR REPLACE INTO report_volume VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    return point_dashboard(monkeypatch, db, None)


@pytest.mark.parametrize("period", ["24h", "7d"])
@pytest.mark.parametrize("minute", [None, 7])
def test_status_now_reads_the_last_minutes_of_the_real_clock(
    sample_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    period: str,
    minute: int | None,
) -> None:
    """The 7-day chart ends at the next whole hour; its last 15 minutes held no bucket for
    45 minutes of every hour, so the same service read "normal" or "above normal" by the
    period picked. The last minutes end at now on both pages (elevation.window_end).

    `minute`: None reads the clock as it is; 7 pins the real clock's reading at 7 past an
    hour gone by (an instant in that 45 minutes, whatever the time the test runs at)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    if minute is not None:
        now = now.replace(minute=minute, second=30, microsecond=0) - timedelta(hours=1)
        monkeypatch.setattr(config, "now", lambda: now)
    _live(sample_db, tmp_path, monkeypatch, now)
    at = run_page("service", service=ELEVATED, period=period)
    assert_clean(at)
    (status,) = [m for m in at.metric if m.label == "Status now"]
    assert status.value == "above normal"
    page = run_page("now")
    assert_clean(page)
    line = next(m for m in markdown_text(page).splitlines() if "Above normal, no incident" in m)
    assert "X" in line


def test_a_quiet_service_stays_normal(dash_env: Path) -> None:
    """The rule needs the band clearly passed: the sample's quiet services are not flagged."""
    at = run_page("service", service="slack")
    assert_clean(at)
    (status,) = [m for m in at.metric if m.label == "Status now"]
    assert status.value == "normal"


# --- 3: a warehouse with status pages only ---------------------------------------------------


@pytest.fixture
def status_only(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What `outagewatch crawl --source statuspage` alone leaves: official incidents, the
    catalog and crawl runs, no post."""
    db = _copy(sample_db, tmp_path, "status_only")
    keep = {"official_incidents", "services", "crawl_runs", "schema_version"}
    with writer(db) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema = 'main'").fetchall()]  # fmt: skip
        for table in set(tables) - keep:
            con.execute(f"DELETE FROM {table}")
    return point_dashboard(monkeypatch, db, NOW)


def test_status_only_now_shows_open_official_incidents(status_only: Path) -> None:
    open_ = sql(status_only, "SELECT name FROM official_incidents WHERE resolved_at IS NULL")
    assert len(open_)
    at = run_page("now")
    assert_clean(at)
    info = " ".join(i.value for i in at.info)
    assert "No complaint source has data yet" in info and "No posts yet" not in info
    assert "Open on status pages" in markdown_text(at)
    assert all(name in html_text(at) for name in open_["name"])


def test_status_only_service_page_shows_the_official_status(status_only: Path) -> None:
    at = run_page("service", service="spotify")
    assert_clean(at)
    assert "Official status" in [s.value for s in at.subheader]
    stored = sql(status_only, "SELECT name FROM official_incidents WHERE service_slug = 'spotify'")
    assert set(at.dataframe[-1].value["official incident"]) == set(stored["name"])


@pytest.mark.parametrize("page", ["incident", "daily"])
def test_status_only_other_pages_say_no_complaint_source(status_only: Path, page: str) -> None:
    at = run_page(page)
    assert_clean(at)
    assert any("No complaint source has data yet" in i.value for i in at.info)


# --- 4: the demo's note names a status page only when there is one ---------------------------


@pytest.mark.parametrize("with_url", [True, False], ids=["status-url", "no-status-url"])
def test_demo_note_mentions_the_status_page_only_under_one(
    dash_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_url: bool
) -> None:
    db = _copy(dash_env, tmp_path, "demo")
    with writer(db) as con:
        store.set_state(con, DEMO_STATE_KEY, f"seed=7;days=3;end={NOW.isoformat()}")
        # the catalog gives Spotify no status page (nor 5 more of the demo's services)
        if with_url:
            con.execute(
                "UPDATE services SET status_url = s.status_url, status_kind = s.status_kind "
                "FROM (SELECT * FROM services WHERE slug = 'slack') s "
                "WHERE services.slug = 'spotify'"
            )
        else:
            con.execute("UPDATE services SET status_url = NULL WHERE slug = 'spotify'")
    point_dashboard(monkeypatch, db, NOW)
    at = run_page("service", service="spotify")
    assert_clean(at)
    notes = [c.value for c in at.caption if "demo's warehouse" in c.value]
    assert notes
    assert ("](https://status.slack.com" in markdown_text(at)) is with_url
    assert any("The status page above" in n for n in notes) is with_url


# --- 5: a replayed clock counts no report of the unfinished bucket's future -----------------


def test_replayed_service_and_incident_end_where_the_bucket_holding_now_begins(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = NOW - timedelta(minutes=3)  # 11:57: the 11:55 bucket holds reports until 12:00
    bucket = datetime(2026, 11, 20, 11, 55)
    point_dashboard(monkeypatch, sample_db, now)
    start = bucket + timedelta(minutes=5) - timedelta(days=1)
    expected = sql(
        sample_db,
        "SELECT sum(reports) FROM report_volume WHERE service_slug = 'spotify' AND country = '' "
        "AND bucket >= ? AND bucket < ?",
        [start, bucket],
    ).iloc[0, 0]
    future = sql(
        sample_db,
        "SELECT reports FROM report_volume WHERE service_slug = 'spotify' AND country = '' "
        "AND bucket = ?",
        [bucket],
    ).iloc[0, 0]
    assert future > 0  # the test means something: that bucket has reports
    at = run_page("service", service="spotify")
    assert_clean(at)
    (total,) = [m for m in at.metric if m.label == "Problem reports, last 24 h"]
    assert total.value == f"{int(expected):,}"
    inc = run_page("incident", id="inc-spotify-now")
    assert_clean(inc)
    series = max(chart_frames(charts(inc)[0]), key=len)
    at_bucket = series[pd.to_datetime(series["bucket"]) == pd.Timestamp(bucket)]
    assert at_bucket.empty or int(at_bucket["reports"].fillna(0).sum()) == 0


# --- 6: a milestone's label never sits across another milestone's rule -----------------------


def _dt_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event": ["started", "detected", "official acknowledgment", "peak"],
            "at": pd.to_datetime(
                ["2026-11-20 11:05", "2026-11-20 11:20", "2026-11-20 11:25", "2026-11-20 11:40"]
            ),
        }
    )


def test_labels_carry_their_neighbours_for_the_browser_to_pick_a_side() -> None:
    """The side was computed for a 340 px chart and applied at 1300 px ("official
    acknowledgment" flipped left across "detected"); the browser now picks it knowing the
    chart's width, between the neighbouring milestones' rules."""
    start, end = pd.Timestamp("2026-11-20 10:05"), pd.Timestamp("2026-11-20 12:00")
    ev = chart_lib.label_rows(_dt_events(), start, end).set_index("event")
    ms = {e: pd.Timestamp(t).value // 1_000_000 for e, t in _dt_events().values}
    assert ev.loc["detected", "prev_ms"] == ms["started"]
    assert ev.loc["detected", "next_ms"] == ms["official acknowledgment"]
    assert pd.isna(ev.loc["started", "prev_ms"]) and pd.isna(ev.loc["peak", "next_ms"])
    assert (ev["w"] > 0).all()
    assert_labels_apart(ev.reset_index(), start, end)  # whichever side each takes


# --- 7 and 11: the map's rings are explained; its legend sits under it ----------------------


def test_now_map_explains_the_city_rings(dash_env: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    top = sql(
        dash_env,
        "SELECT city, count(*) AS n FROM post_signals WHERE problem AND city <> '' "
        "AND lat IS NOT NULL AND created_at >= ? AND created_at < ? "
        "GROUP BY city ORDER BY n DESC, city LIMIT 1",
        [NOW - timedelta(days=1), NOW],
    ).iloc[0]
    note = next(c.value for c in at.caption if "rings" in c.value)
    assert "cities" in note and f"{top['city']}" in note and f"{int(top['n']):,} report" in note


def test_map_legend_is_under_the_map_not_on_south_america() -> None:
    spec = geo.world_map(pd.DataFrame({"country": ["BR", "JP"], "reports": [30, 4]}))
    legends = [n["legend"] for n in _walk(spec) if isinstance(n.get("legend"), dict)]
    assert legends and all(lg["orient"] == "bottom" for lg in legends)


# --- 10: the explorer's schema says what each view is, with types; files are named -----------


def test_explorer_lists_each_view_with_its_meaning_and_types(dash_env: Path) -> None:
    at = run_page("explore")
    assert_clean(at)
    md = markdown_text(at)
    docs = schema_docs.documented()
    for name in ("incident_summary", "main_incidents" if "main_incidents" in docs else "posts"):
        assert f"- `{name}`: {docs[name].summary}" in md
    assert "`incident_id` VARCHAR" in md and "`started_at` TIMESTAMP" in md
    assert "docs/sql.md" in " ".join(c.value for c in at.caption)


def test_every_relation_of_the_warehouse_has_a_documented_meaning(dash_env: Path) -> None:
    names = sql(
        dash_env, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    )["table_name"]
    docs = schema_docs.documented()
    missing = [n for n in names if n not in docs or not docs[n].summary.endswith(".")]
    assert not missing
    assert docs["incident_summary"].columns["baseline_reports"].startswith("Normal reports")


def test_downloads_are_named_after_the_query_and_its_time() -> None:
    from dashboard.views.explore import download_name  # here: the page's module, not a helper

    at = datetime(2026, 11, 20, 12, 3, 4)
    name = download_name("select day, count(*) from\n  incident_summary group by 1", at, "csv")
    assert name == "outagewatch-incident_summary-20261120-120304.csv"
    assert download_name("select 1", at, "parquet") == "outagewatch-query-20261120-120304.parquet"


# --- 12: counts per day have whole ticks -----------------------------------------------------


def test_counts_per_day_have_whole_number_ticks() -> None:
    frame = pd.DataFrame(
        {"day": pd.to_datetime(["2026-11-18", "2026-11-19", "2026-11-20"]), "n": [1, 2, 1]}
    )
    y = chart_lib.auto_chart(frame, "day", "n").to_dict()["encoding"]["y"]
    assert y["axis"]["tickMinStep"] == 1
    rates = frame.assign(n=[0.5, 1.25, 2.0])
    assert "tickMinStep" not in chart_lib.auto_chart(rates, "day", "n").to_dict()["encoding"][
        "y"
    ].get("axis", {})


def test_above_normal_needs_the_reports_a_hot_bucket_needs() -> None:
    """Review 165 #5: the dashboard's floor for a bucket above its band is the detector's
    for a hot bucket, one setting (outagewatch.settings.MIN_BUCKET_REPORTS): a bucket one
    report short is neither, one at the floor is both."""
    import numpy as np

    from nlp.detect.alerting import AlertSettings, _hot
    from outagewatch.settings import MIN_BUCKET_REPORTS

    rules = AlertSettings()
    floor = rules.min_count
    assert floor == MIN_BUCKET_REPORTS  # and the dashboard's, as above_band shows
    over = pd.DataFrame({"reports": [floor - 1, floor], "upper": [0.4, 0.4],
                         "is_anomaly": [False, False]})  # fmt: skip
    assert elevation.above_band(over).tolist() == [False, True]
    values = np.full(rules.warmup + 3, floor)
    values[-2] = floor - 1
    hot, _, _ = _hot(values, np.full(len(values), rules.on + 1), rules)
    assert hot[-3:].tolist() == [True, False, True]


def test_the_last_minutes_end_where_the_series_do() -> None:
    """Review 165 #6: one rule for where "right now" ends. On the real clock (nothing cut)
    at now; on a replayed clock where the bucket holding now begins, as the series do."""
    now = datetime(2026, 11, 21, 14, 12, 30)
    assert elevation.window_end(now, config.FOREVER) == now
    assert elevation.window_end(now, now) == datetime(2026, 11, 21, 14, 10)
