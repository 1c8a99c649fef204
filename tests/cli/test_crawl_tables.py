"""`crawl`'s summary and `status`'s Crawls table: the same plain names for the same counts,
official incidents in both, no header cut short, 100 columns wide at most; and `process`
with nothing to enrich says so instead of drawing "Enriching posts 0/1"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from cli_run import run_cli
from servers import ROOT, replay_command, start_server

from warehouse import db as warehouse_db

HEADER_WORDS = ("requests", "new posts", "already", "stored", "official", "incidents", "errors")
RAW_KEYS = ("posts_new", "posts_dup", "official_new")


@pytest.fixture
def replay_url() -> str:
    """The demo replay server: one simulated day at a third of the demo's volume."""
    proc, url = start_server(replay_command("2026-11-27T12:00:00", "0.3"))
    yield url
    proc.kill()
    proc.wait()


def crawl_statuspages(url: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """`crawl --source statuspage` in its own process (Scrapy's reactor runs once per process)."""
    config = tmp_path / "outagewatch.toml"
    config.write_text(
        "[crawl]\ndownload_delay = 0\nautothrottle = false\n"
        f'[sources.statuspage]\nbase_url = "{url}/status"\nall_services = true\n'
    )
    db = tmp_path / "w.duckdb"
    args = ["crawl", "--config", str(config), "--db", str(db), "--source", "statuspage"]
    result = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )
    return result, db


def table_row(text: str, source: str) -> list[str]:
    """The cells of `source`'s row in a Rich table."""
    line = next(line for line in text.splitlines() if f"│ {source} " in line)
    return [cell.strip() for cell in line.strip("│ ").split("│")]


def crawls_table(status_out: str) -> str:
    """The Crawls table of `status`'s output (its other tables are not about crawls)."""
    lines = status_out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip() == "Crawls")
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith("└"))
    return "\n".join(lines[first : last + 1])


def assert_plain_and_narrow(text: str) -> None:
    table = [line for line in text.splitlines() if line[:1] in "┏┃┡│└"]
    assert table, text
    assert all(len(line) <= 100 for line in table), max(table, key=len)
    assert "…" not in text
    assert not any(key in text for key in RAW_KEYS)
    assert all(word in text for word in HEADER_WORDS)


def test_crawl_and_status_show_the_same_counts_under_the_same_names(
    replay_url: str, tmp_path: Path, capsys
) -> None:
    result, db = crawl_statuspages(replay_url, tmp_path)
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        counts = con.execute(
            "SELECT sum(requests), sum(posts_new), sum(posts_dup), sum(official_new), "
            "sum(errors) FROM crawl_runs WHERE source = 'statuspage'"
        ).fetchone()
    assert counts[3] > 0  # the replay server's status pages hold official incidents
    assert_plain_and_narrow(result.stderr)
    # source, requests, new posts, already stored, official incidents, errors, state
    crawled = table_row(result.stderr, "statuspage")
    assert crawled[:6] == ["statuspage", *(f"{n:,}" for n in counts)]

    code, out, err = run_cli(["status", "--db", str(db)], capsys)
    assert code == 0, err
    assert_plain_and_narrow(crawls_table(out))
    # source, last crawl, then the same five counts as the crawl table
    assert table_row(out, "statuspage")[2:7] == crawled[1:6]


def test_status_of_the_demo_shows_the_official_incidents(demo_warehouse: Path, capsys) -> None:
    """After the demo, statuspage brought no posts but every official incident."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        official = con.execute("SELECT count(*) FROM official_incidents").fetchone()[0]
    code, out, err = run_cli(["status", "--db", str(demo_warehouse)], capsys)
    assert code == 0, err
    assert_plain_and_narrow(crawls_table(out))
    row = table_row(out, "statuspage")
    assert row[3] == "0" and row[5] == f"{official:,}" and official > 0


def test_process_with_nothing_to_enrich_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.duckdb"
    warehouse_db.ensure(db)  # a real, empty warehouse: no post waits for signals
    code, out, err = run_cli(["process", "--db", str(db)], capsys)
    assert code == 0, err
    assert "nothing to enrich: no post is waiting for signals" in err
    assert "Enriching posts" not in err
    assert out.startswith("enriched 0 posts;")


def test_a_cycle_with_nothing_to_enrich_builds_no_enricher(tmp_path: Path) -> None:
    """The enricher (its model, lexicons and patterns: seconds of CPU) is built for posts
    to enrich only, not for each quiet `process` or `run` cycle."""
    import dataclasses

    from outagewatch.orchestrator import Orchestrator
    from outagewatch.settings import Settings

    db = tmp_path / "w.duckdb"
    warehouse_db.ensure(db)
    orchestrator = Orchestrator(dataclasses.replace(Settings(), db_path=db, data_dir=tmp_path))
    assert orchestrator.enrich_pending() == 0
    assert orchestrator._enricher is None
