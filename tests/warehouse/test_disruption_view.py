"""incidents_by_service_day.minutes_disrupted: a minute counts once, however many of the
service's incidents are active in it."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import writer

INSERT = (
    "INSERT INTO incidents (incident_id, service_slug, status, started_at, resolved_at, "
    "total_reports, updated_at) VALUES (?, ?, 'resolved', ?, ?, 10, ?)"
)


def test_overlapping_incidents_count_once(tmp_path: Path) -> None:
    rows = [
        # two problems of the same two hours, and a third one later that day
        ("a", "netflix", "2026-11-19 12:10", "2026-11-19 14:00"),
        ("b", "netflix", "2026-11-19 12:10", "2026-11-19 14:00"),
        ("c", "netflix", "2026-11-19 13:30", "2026-11-19 14:30"),
        ("d", "netflix", "2026-11-19 20:00", "2026-11-19 20:45"),
        # another service's incident overnight: split at midnight
        ("e", "spotify", "2026-11-19 23:00", "2026-11-20 01:00"),
    ]
    with writer(tmp_path / "w.duckdb") as con:
        for incident_id, slug, start, end in rows:
            con.execute(INSERT, [incident_id, slug, start, end, end])
        got = con.execute(
            "SELECT service_slug, day::VARCHAR, incidents, minutes_disrupted "
            "FROM incidents_by_service_day ORDER BY service_slug, day"
        ).fetchall()
    assert got == [
        ("netflix", "2026-11-19", 4, 140 + 45),  # 12:10–14:30 and 20:00–20:45
        ("spotify", "2026-11-19", 1, 60),
        ("spotify", "2026-11-20", 1, 60),
    ]
