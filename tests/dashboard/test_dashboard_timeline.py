"""Incident timeline labels: milestones close in time get different rows, far-apart ones
share a row; the browser puts each on the side of its rule that keeps it off the others'
(test_dashboard_review144.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from dash_helpers import assert_clean, assert_labels_apart, chart_frames, charts, run_page

from dashboard.charts import label_rows

START, END = pd.Timestamp("2026-11-18 12:45"), pd.Timestamp("2026-11-18 19:00")


def _events(**times: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event": [e.replace("_", " ") for e in times],
            "at": [pd.Timestamp(t) for t in times.values()],
        }
    )


def test_slack_acknowledged_before_detection_gets_its_own_row() -> None:
    """Finding 8: 'started' and 'official acknowledgment' printed on top of each other."""
    ev = label_rows(
        _events(
            started="2026-11-18 15:45",
            official_acknowledgment="2026-11-18 15:54",
            detected="2026-11-18 15:55",
            peak="2026-11-18 16:30",
            resolved="2026-11-18 17:00",
        ),
        START,
        END,
    ).set_index("event")
    close = ["started", "official acknowledgment", "detected"]
    assert ev.loc[close, "row"].nunique() == 3
    assert_labels_apart(ev.reset_index(), START, END)
    assert (ev["row"] < 100).all()  # a few rows at the top, inside the 320 px chart


def test_far_apart_milestones_share_the_top_row() -> None:
    ev = label_rows(_events(started="2026-11-18 13:00", resolved="2026-11-18 17:00"), START, END)
    assert ev["row"].nunique() == 1


def test_incident_page_timeline_labels_do_not_overlap(dash_env: Path) -> None:
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    frames = chart_frames(charts(at)[0])
    series = max(frames, key=len)
    start, end = series["bucket"].min(), series["bucket"].max() + pd.Timedelta(minutes=5)
    labels = pd.concat([f for f in frames if {"row", "w"} <= set(f.columns)])
    labels = labels.drop_duplicates(subset=["event"])  # the rules carry them too
    assert {"started", "detected", "official acknowledgment"} <= set(labels["event"])
    assert_labels_apart(labels, start, end)
    assert labels.set_index("event").loc[["started", "detected"], "row"].nunique() == 2
