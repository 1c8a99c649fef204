"""`process`'s summary line counts what it names: posts that are problem reports, each once,
as `status` says it; a post about two services is two problem reports there (post × service),
so calling the post count "problem reports" contradicted `status` and the demo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cli_run import run_cli

from warehouse.db import ensure, writer


def test_the_summary_counts_posts_that_are_problem_reports(db_path: Path, capsys) -> None:
    ensure(db_path)
    at = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(hours=1)
    links = {"p1": ["netflix", "slack"], "p2": ["netflix"], "p3": ["slack"]}
    with writer(db_path) as con:
        for key, services in links.items():
            con.execute(
                "INSERT INTO posts (post_key, source, native_id, text, created_at, fetched_at) "
                "VALUES (?, 'hackernews', ?, 'netflix and slack are down', ?, ?)",
                [key, key, at, at],
            )
            con.execute(
                "INSERT INTO post_signals (post_key, created_at, complaint, problem, "
                "pipeline_version, processed_at) VALUES (?, ?, 1, true, 'old', ?)",
                [key, at, at],
            )
            for slug in services:
                con.execute("INSERT INTO post_services VALUES (?, ?)", [key, slug])
    code, out, err = run_cli(["process", "--db", str(db_path)], capsys)
    assert code == 0, err
    assert "; 3 posts that are problem reports in the window; " in out
