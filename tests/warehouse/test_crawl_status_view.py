"""crawl_status: every run of a source summed, its documented columns in their old places and
official_new after them (what `outagewatch status` reads)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from warehouse.db import writer

RUNS = [
    # run, source, started, finished, requests, new, dup, official, errors
    ("r1", "mastodon", "2026-11-01 10:00", "2026-11-01 10:05", 100, 1234, 5, 0, 1),
    ("r2", "mastodon", "2026-11-02 10:00", "2026-11-02 10:07", 50, 20000, 1000, 0, 0),
    ("r1", "statuspage", "2026-11-01 10:00", "2026-11-01 10:02", 30, 0, 0, 17, 2),
    ("r2", "statuspage", "2026-11-02 10:00", "2026-11-02 10:01", 30, 0, 0, 4, 0),
    ("r3", "hackernews", "2026-11-03 10:00", None, 7, 3, 0, 0, 0),  # still running
]


def test_crawl_status_sums_runs_and_keeps_its_column_order(tmp_path: Path) -> None:
    with writer(tmp_path / "w.duckdb") as con:
        con.executemany("INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", RUNS)
        cursor = con.execute("SELECT * FROM crawl_status ORDER BY source")
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    assert columns == [
        *("source", "last_crawl", "requests", "posts_new", "posts_dup", "errors"),
        "official_new",
    ]
    assert rows == [
        ("hackernews", None, 7, 3, 0, 0, 0),
        ("mastodon", datetime(2026, 11, 2, 10, 7), 150, 21234, 1005, 1, 0),
        ("statuspage", datetime(2026, 11, 2, 10, 1), 60, 0, 0, 2, 21),
    ]
