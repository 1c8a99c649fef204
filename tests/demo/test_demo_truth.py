"""Scoring detected incidents against the injected truth, on hand-made detections."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
from rich.console import Console

from outagewatch.demo.truth import format_table, match_incidents


def _perfect(world, delay=timedelta(minutes=5)) -> list[dict]:
    rows = []
    for t in world.truth:
        if t["kind"] != "outage":
            continue
        for slug in t["services"]:
            rows.append(
                {
                    "incident_id": f"I-{t['id']}-{slug}",
                    "service_slug": slug,
                    "started_at": t["start"] + delay,
                    "detected_at": t["start"] + delay,
                    "resolved_at": None if t["ongoing"] else t["end"],
                    "title": f"{slug} problem",
                    "countries": t["countries"],
                }
            )
    return rows


def _pairs(world) -> int:
    return sum(len(t["services"]) for t in world.truth if t["kind"] == "outage")


def test_perfect_detection(week):
    report = match_incidents(pd.DataFrame(_perfect(week)), week)
    assert report.precision == 1.0 and report.recall == 1.0
    assert report.median_delay_min == pytest.approx(5.0)
    assert not report.launch_incident and report.false_alarms.empty
    assert len(report.rows) == _pairs(week) and report.rows["matched_incident"].notna().all()


def test_merged_split_missed_false_alarm_and_launch(week):
    rows = _perfect(week, delay=timedelta(minutes=12))
    split = [t for t in week.truth if t["shape"] == "two_problems"]
    # one incident for both simultaneous problems of the same service: detects only one of them
    rows = [r for r in rows if r["incident_id"] != f"I-{split[1]['id']}-{split[1]['services'][0]}"]
    missed = next(t for t in week.truth if t["shape"] == "one_country")
    rows = [r for r in rows if not r["incident_id"].startswith(f"I-{missed['id']}-")]
    launch = next(t for t in week.truth if t["kind"] == "launch_chatter")
    quiet = week.start + timedelta(hours=30)
    rows += [
        {
            "incident_id": "L",
            "service_slug": launch["services"][0],
            "started_at": launch["start"],
            "detected_at": launch["start"] + timedelta(minutes=20),
            "resolved_at": launch["end"],
            "title": "launch",
        },
        {
            "incident_id": "FA",
            "service_slug": "zoom",
            "started_at": quiet,
            "detected_at": quiet,
            "resolved_at": quiet + timedelta(minutes=30),
            "title": "noise",
        },
    ]
    report = match_incidents(pd.DataFrame(rows), week)
    n = _pairs(week)
    assert report.recall == pytest.approx((n - 2) / n)
    assert report.n_detected == n - 2 + 2 and report.n_true_detected == n - 2
    assert report.precision == pytest.approx((n - 2) / n)
    assert report.launch_incident and report.launch_incident_ids == ["L"]
    assert set(report.false_alarms["incident_id"]) == {"L", "FA"}
    assert report.median_delay_min == pytest.approx(12.0)
    missed_row = report.rows[report.rows["truth_id"] == missed["id"]]
    assert missed_row["matched_incident"].isna().all()


def test_incident_on_shared_upstream_counts_as_right(week):
    shared = next(t for t in week.truth if t["shape"] == "shared_upstream")
    row = {
        "incident_id": "UP",
        "service_slug": shared["upstream"],
        "started_at": shared["start"],
        "detected_at": shared["start"] + timedelta(minutes=8),
        "resolved_at": shared["end"],
        "title": "",
    }
    report = match_incidents(pd.DataFrame([row]), week)
    assert report.precision == 1.0 and report.recall == 0.0


def test_far_away_incident_does_not_match(week):
    t = next(t for t in week.truth if t["shape"] == "short_sharp")
    late = t["end"] + timedelta(hours=3)
    row = {
        "incident_id": "X",
        "service_slug": t["services"][0],
        "started_at": late,
        "detected_at": late,
        "resolved_at": late + timedelta(minutes=20),
        "title": "",
    }
    report = match_incidents(pd.DataFrame([row]), week)
    assert report.precision == 0.0 and report.recall == 0.0 and report.median_delay_min is None


def test_timezone_aware_input_is_converted(week):
    df = pd.DataFrame(_perfect(week))
    for col in ("started_at", "detected_at"):
        df[col] = pd.to_datetime(df[col]).dt.tz_localize("UTC").dt.tz_convert("America/Sao_Paulo")
    report = match_incidents(df, week)
    assert report.recall == 1.0 and report.median_delay_min == pytest.approx(5.0)


def test_empty_and_bad_input(week):
    empty = pd.DataFrame(
        columns=["incident_id", "service_slug", "started_at", "detected_at", "resolved_at"]
    )
    report = match_incidents(empty, week)
    assert report.precision is None and report.recall == 0.0 and not report.launch_incident
    with pytest.raises(ValueError, match="detected_at"):
        match_incidents(
            pd.DataFrame({"incident_id": [], "service_slug": [], "started_at": []}), week
        )
    bad = pd.DataFrame(
        [
            {
                "incident_id": "B",
                "service_slug": "x",
                "started_at": "yesterday-ish",
                "detected_at": None,
            }
        ]
    )
    with pytest.raises(ValueError, match="B"):
        match_incidents(bad, week)


def test_format_table_shows_truth_and_figures(week):
    rows = _perfect(week)[:-1]
    report = match_incidents(pd.DataFrame(rows), week)
    console = Console(record=True, width=160)
    console.print(format_table(report))
    text = console.export_text()
    assert (
        "precision 100%" in text and "missed" in text and "median detection delay 5.0 min" in text
    )
    assert all(t["id"] in text for t in week.truth if t["kind"] == "outage")


def test_two_problems_at_once_match_by_place_and_symptom_in_the_demos_warehouse(week, db_path):
    """Review 185, finding 1: both Netflix incidents start together, and the demo's query had
    no countries, so each took the other's truth row (whichever row came first won)."""
    from outagewatch.commands.demo import detected_incidents
    from warehouse import db as warehouse_db

    two = [t for t in week.truth if t["shape"] == "two_problems"]
    assert len(two) == 2 and two[0]["countries"] != two[1]["countries"]
    with warehouse_db.writer(db_path) as con:
        for t in reversed(two):  # the first truth's incident is stored (and read) second
            iid = f"inc-{t['id']}"
            con.execute(
                "INSERT INTO incidents (incident_id, service_slug, title, status, severity, "
                "started_at, detected_at, peak_at, resolved_at, peak_reports, baseline_reports, "
                "total_reports, top_symptom, keywords, detector_version, updated_at) "
                "VALUES (?, ?, ?, 'resolved', 'major', ?, ?, ?, ?, 40, 1.0, 200, ?, [], 'test', ?)",
                [iid, t["services"][0], f"{t['symptom']} problems", t["start"], t["start"],
                 t["start"], t["end"], t["symptom"], t["end"]],
            )  # fmt: skip
            main, stray = t["countries"][0], next(c for c in ("US", "GB") if c != t["countries"][0])
            con.executemany(
                "INSERT INTO incident_regions VALUES (?, ?, '', ?, ?)",
                [[iid, main, 190, 0.95], [iid, stray, 10, 0.05]],
            )
    report = match_incidents(detected_incidents(db_path), week)
    got = report.rows.set_index("truth_id")["matched_incident"]
    assert [got[t["id"]] for t in two] == [f"inc-{t['id']}" for t in two]
