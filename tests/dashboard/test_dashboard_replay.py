"""A replayed clock shows the world as it was at that moment: an incident that ran
12:10–14:00 is open at 13:00 on every page (with only what had happened by then) and
resolved at 15:00; an incident that starts later does not exist yet. On the real clock
the stored rows are shown as they are."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from dash_helpers import (
    assert_clean,
    chart_frames,
    charts,
    html_text,
    markdown_text,
    point_dashboard,
    run_page,
    sql,
)
from sample_warehouse import Burst, build_sample_warehouse

from dashboard import config

BUILT = datetime(2026, 11, 20, 18, 0)  # the warehouse's last processing run
START, END = datetime(2026, 11, 20, 12, 10), datetime(2026, 11, 20, 14, 0)
MID, AFTER = datetime(2026, 11, 20, 13, 0), datetime(2026, 11, 20, 15, 0)
INCIDENT = Burst(
    "inc-replay-netflix",
    "netflix",
    START,
    110,
    20,
    "major",
    "playback_streaming",
    ("JP", "GB"),
    resolved=True,
    official=True,  # acknowledged at 12:45, resolved at 14:00
)
LATER = Burst(
    "inc-replay-later",
    "discord",
    datetime(2026, 11, 20, 16, 0),
    60,
    15,
    "minor",
    "login",
    ("US",),
    resolved=True,
)


@pytest.fixture(scope="module")
def replay_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("replay") / "outagewatch.duckdb"
    return build_sample_warehouse(path, now=BUILT, bursts=[INCIDENT, LATER])


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch, replay_db: Path):
    """Point the dashboard at the replay warehouse; call it with the moment to replay."""

    def at(moment: datetime | None) -> Path:
        return point_dashboard(monkeypatch, replay_db, moment)

    return at


def _own_reports(db: Path, until: datetime) -> int:
    return int(
        sql(
            db,
            "SELECT count(*) FROM incident_posts ip JOIN post_signals s USING (post_key) "
            "WHERE ip.incident_id = ? AND s.problem AND s.created_at <= ?",
            [INCIDENT.incident_id, until],
        ).iloc[0, 0]
    )


def test_the_stored_incident_is_resolved_and_the_later_one_exists(replay_db: Path) -> None:
    """The premise: the warehouse itself knows the end of both incidents."""
    rows = sql(replay_db, "SELECT incident_id, status, resolved_at FROM incidents ORDER BY 1")
    assert dict(zip(rows["incident_id"], rows["status"], strict=True)) == {
        INCIDENT.incident_id: "resolved",
        LATER.incident_id: "resolved",
    }


def test_now_page_mid_incident_shows_it_open(replay) -> None:
    replay(MID)
    at = run_page("now")
    assert_clean(at)
    assert "Problems right now (1 service)" in [s.value for s in at.subheader]
    html = html_text(at)
    assert '<div class="ow-card-title">Netflix</div>' in html
    assert "● open" in html and "✓ resolved" not in html
    assert "status page: investigating" in html  # the provider resolved it at 14:00
    assert "**Started** 50 min ago (12:10 UTC)" in markdown_text(at)
    assert "Nothing resolved in the last 24 hours." in [c.value for c in at.caption]


def test_now_page_after_the_incident_shows_it_resolved(replay) -> None:
    replay(AFTER)
    at = run_page("now")
    assert_clean(at)
    assert "Problems right now (0 services)" in [s.value for s in at.subheader]
    resolved = at.dataframe[-1].value
    (title,) = resolved["incident"]  # its title, which names the service
    assert title.startswith("Netflix")
    assert resolved["lasted"].iloc[0] == "1 h 50 min"


def test_service_page_mid_incident(replay) -> None:
    db = replay(MID)
    at = run_page("service", service="netflix")
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Status now"] == "problem"
    history = at.dataframe[0].value
    assert list(history["status"]) == ["open"]
    assert list(history["lasted"]) == ["50 min"]
    assert list(history["reports"]) == [_own_reports(db, MID)]
    official = at.dataframe[1].value
    assert list(official["status page"]) == ["investigating"]
    assert list(official["resolved (UTC)"]) == [""]
    assert "status page: investigating" in html_text(at)
    shown = max(chart_frames(charts(at)[0]), key=len)
    assert shown["bucket"].max() <= MID  # nothing from after 13:00


def test_service_page_after_the_incident(replay) -> None:
    db = replay(AFTER)
    at = run_page("service", service="netflix")
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Status now"] == "normal"
    history = at.dataframe[0].value
    assert list(history["status"]) == ["resolved"]
    assert list(history["lasted"]) == ["1 h 50 min"]
    stored = sql(
        db, "SELECT total_reports FROM incidents WHERE incident_id = ?", [INCIDENT.incident_id]
    )
    assert list(history["reports"]) == [int(stored.iloc[0, 0])]
    assert list(at.dataframe[1].value["status page"]) == ["resolved"]


def _post_times(at) -> list[datetime]:
    return [
        datetime.strptime(t, "%Y-%m-%d %H:%M")
        for t in re.findall(r"(\d{4}-\d\d-\d\d \d\d:\d\d) UTC · mastodon", html_text(at))
    ]


def test_incident_page_mid_incident(replay) -> None:
    db = replay(MID)
    at = run_page("incident", id=INCIDENT.incident_id)
    assert_clean(at)
    assert at.selectbox(key="incident_pick").value == INCIDENT.incident_id
    html = html_text(at)
    assert "● open" in html and "✓ resolved" not in html
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Duration so far"] == "50 min"
    assert metrics["Total reports"] == f"{_own_reports(db, MID):,}"
    assert metrics["Total reports"] != f"{_own_reports(db, END):,}"
    frames = chart_frames(charts(at)[0])
    events = next(f for f in frames if "event" in f.columns)
    assert "resolved" not in set(events["event"])
    assert events["at"].max() <= MID
    # the timeline ends with the bucket that holds now (so the last whole one has its width)
    assert max(frames, key=len)["bucket"].max() == MID
    times = _post_times(at)
    assert times and max(times) <= MID
    assert "status page: investigating" in html
    assert "Acknowledged: 2026-11-20 12:45 UTC" in markdown_text(at)


def test_incident_page_after_the_incident(replay) -> None:
    db = replay(AFTER)
    at = run_page("incident", id=INCIDENT.incident_id)
    assert_clean(at)
    html = html_text(at)
    assert "✓ resolved" in html and "● open" not in html
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Duration"] == "1 h 50 min"
    assert metrics["Total reports"] == f"{_own_reports(db, END):,}"
    events = next(f for f in chart_frames(charts(at)[0]) if "event" in f.columns)
    assert "resolved" in set(events["event"])
    assert "status page: resolved" in html


@pytest.mark.parametrize("moment", [MID, AFTER], ids=["13h", "15h"])
def test_an_incident_that_starts_later_does_not_exist_yet(replay, moment: datetime) -> None:
    replay(moment)
    at = run_page("incident")
    assert_clean(at)
    assert not any("Discord" in o for o in at.selectbox(key="incident_pick").options)
    assert at.selectbox(key="incident_pick").value == INCIDENT.incident_id
    service = run_page("service", service="discord")
    assert_clean(service)
    assert {m.label: m.value for m in service.metric}["Incidents in this period"] == "0"
    assert "No incidents detected for this service." in [c.value for c in service.caption]


def test_real_clock_shows_the_stored_rows(replay) -> None:
    replay(None)
    assert config.cutoff(config.query_now()) == config.FOREVER
    at = run_page("incident", id=INCIDENT.incident_id)
    assert_clean(at)
    assert "✓ resolved" in html_text(at)
    assert any("Discord" in o for o in at.selectbox(key="incident_pick").options)


def test_daily_summary_of_a_day_not_over(replay) -> None:
    replay(MID)
    at = run_page("daily")
    assert_clean(at)
    assert at.date_input(key="daily_day").value == MID.date()
    assert any("As of 2026-11-20 13:00 UTC (replayed clock)" in c.value for c in at.caption)
    text = markdown_text(at)
    assert "1 still ongoing at 13:00 UTC" in text  # not the 0 of when the data ends
    assert "at the end of the day" not in text and "when the data ends" not in text
    assert any("holds facts from after 2026-11-20 13:00 UTC" in i.value for i in at.info)
    at.date_input(key="daily_day").set_value(MID.date() - timedelta(days=1)).run()
    assert_clean(at)
    assert "still ongoing at the end of the day" in markdown_text(at)  # a whole day
    assert any("as of 13:00 UTC on 2026-11-20" in i.value for i in at.info)  # cut all the same


def test_a_link_to_a_later_incident_says_it_has_not_started(replay) -> None:
    replay(MID)
    at = run_page("incident", id=LATER.incident_id)
    assert_clean(at)
    (warning,) = at.warning
    assert f"Incident `{LATER.incident_id}` not found" in warning.value
    assert "starts at 2026-11-20 16:00 UTC, after this page's clock" in warning.value
    assert at.selectbox(key="incident_pick").value == INCIDENT.incident_id


def test_the_now_card_names_only_the_countries_reported_by_then(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Japan/UK outage gets a wave of US reports after 13:00 (stored in the whole-incident
    figures): at 13:00 the card must not name the US yet, at 15:00 (resolved) it may."""
    import duckdb

    db = build_sample_warehouse(tmp_path / "late-us.duckdb", now=BUILT, bursts=[INCIDENT])
    with duckdb.connect(str(db)) as con:
        late = [r[0] for r in con.execute(
            "SELECT s.post_key FROM incident_posts ip JOIN post_signals s USING (post_key) "
            "WHERE ip.incident_id = ? AND s.created_at > ? AND s.problem",
            [INCIDENT.incident_id, MID],
        ).fetchall()]  # fmt: skip
        con.execute(
            "UPDATE post_signals SET country = 'US', region = '' WHERE post_key IN "
            "(SELECT unnest(?))",
            [late],
        )
        con.execute("DELETE FROM incident_regions WHERE incident_id = ?", [INCIDENT.incident_id])
        con.execute(
            "INSERT INTO incident_regions SELECT ?, country, '', count(*), "
            "count(*) / sum(count(*)) OVER () FROM incident_posts ip JOIN post_signals s "
            "USING (post_key) WHERE ip.incident_id = ? AND s.problem AND country <> '' "
            "GROUP BY country",
            [INCIDENT.incident_id, INCIDENT.incident_id],
        )
    assert len(late) >= 5
    point_dashboard(monkeypatch, db, MID)
    now = run_page("now")
    assert_clean(now)
    where = next(m.value for m in now.markdown if "**Where:**" in m.value)
    assert "Japan" in where and "United States" not in where
