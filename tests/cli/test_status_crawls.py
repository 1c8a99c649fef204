"""`status` reads its Crawls table from the crawl_status view; a view made by an older
outagewatch (no writer has opened the file since) lacks official_new: `status` still answers,
says "?" and why, and the next writing command brings the view up to date."""

from __future__ import annotations

from pathlib import Path

import duckdb
from cli_run import run_cli

from warehouse import db as warehouse_db

RUNS = [
    ("r1", "mastodon", "2026-11-01 10:00", "2026-11-01 10:05", 100, 1234, 5, 0, 1),
    ("r2", "mastodon", "2026-11-02 10:00", "2026-11-02 10:07", 50, 20000, 1000, 0, 0),
    ("r1", "statuspage", "2026-11-01 10:00", "2026-11-01 10:02", 30, 0, 0, 17, 2),
    ("r3", "hackernews", "2026-11-03 10:00", None, 7, 3, 0, 0, 0),
]
# crawl_status as views.sql made it before official_new, and a views digest of that time
OLD_VIEW = """CREATE OR REPLACE VIEW crawl_status AS
SELECT source, max(finished_at) AS last_crawl, sum(requests) AS requests,
       sum(posts_new) AS posts_new, sum(posts_dup) AS posts_dup, sum(errors) AS errors
FROM crawl_runs GROUP BY source"""
NOTE = "?: this file's views are older than outagewatch; `outagewatch process` updates them"


def row(text: str, source: str) -> list[str]:
    line = next(line for line in text.splitlines() if f"│ {source} " in line)
    return [cell.strip() for cell in line.strip("│ ").split("│")]


def test_status_shows_the_view_and_survives_an_older_one(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.duckdb"
    with warehouse_db.writer(db) as con:
        con.executemany("INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", RUNS)

    code, out, err = run_cli(["status", "--db", str(db)], capsys)
    assert code == 0, err
    # source, last crawl, requests, new posts, already stored, official incidents, errors
    assert row(out, "mastodon") == [
        *("mastodon", "2026-11-02 10:07", "150", "21,234", "1,005", "0", "1"),
    ]
    assert row(out, "statuspage")[5:] == ["17", "2"]
    assert row(out, "hackernews")[:3] == ["hackernews", "unfinished", "7"]
    assert "?" not in out

    with duckdb.connect(str(db)) as con:  # as an older outagewatch left the file
        con.execute(OLD_VIEW)
        con.execute("COMMENT ON TABLE schema_version IS 'views sha256 older'")
    code, out, err = run_cli(["status", "--db", str(db)], capsys)
    assert code == 0, err
    assert row(out, "statuspage")[2:] == ["30", "0", "0", "?", "2"]
    assert " ".join(out.split()).count(NOTE) == 1

    code, _, err = run_cli(["process", "--db", str(db)], capsys)
    assert code == 0, err
    code, out, err = run_cli(["status", "--db", str(db)], capsys)
    assert code == 0, err
    assert row(out, "statuspage")[5:] == ["17", "2"]
    assert "?" not in out
