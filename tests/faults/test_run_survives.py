"""`outagewatch run` is a service: a cycle that fails (here a reader holding the warehouse
longer than a writer waits) is said in one line, and the next cycle runs; before, `run`
exited with code 2 and stopped watching. What no cycle can mend stops it at once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from lock_holder import held

from outagewatch.sources import only
from warehouse import db

from .conftest import ROOT, cli_env


def _config(tmp: Path) -> Path:
    path = tmp / "run.toml"
    sources = only(())  # every source off; _crawling_config turns two on
    path.write_text(f'[warehouse]\ndb = "{tmp / "w.duckdb"}"\ndata_dir = "{tmp}"\n{sources}\n')
    return path


def test_a_failed_cycle_is_said_and_the_next_one_runs(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    db.ensure(warehouse)
    # held until both cycles have failed (killed below): a fixed 8 s let a slow start on a
    # loaded machine see the reader gone by the second cycle
    with held(warehouse, 120, read_only=True):  # a long read: writers must wait for it
        run = _run(tmp_path, "--cycles", "2", env={"OUTAGEWATCH_LOCK_WAIT": "1"})
    failed = [line for line in run.stderr.splitlines() if "cycle failed: " in line]
    assert len(failed) == 2, run.stderr  # the second cycle ran after the first failed
    assert "WarehouseLocked" in failed[0] and "next in 1s" in failed[0]
    assert "Traceback" not in run.stderr
    # a journal reader can place every line `run` says, the lock wait's too
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  ")
    assert "waiting up to 1 s" in run.stderr
    assert all(stamp.match(line) for line in run.stderr.splitlines() if line), run.stderr
    assert run.returncode == 1  # with --cycles, the last cycle's failure is the exit code
    again = _run(tmp_path, "--cycles", "1")  # the reader has gone: the cycle runs
    assert again.returncode == 0 and "cycle failed" not in again.stderr, again.stderr
    # stamped when it is printed, at the cycle's end, with how long the cycle took
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  crawled 0 new posts \(0 errors\); .*; took \d+ s",
        again.stdout.strip(),
    ), again.stdout


def _crawling_config(tmp: Path) -> Path:
    """Two spiders enabled (their URLs a closed port: they must fail before any request)."""
    path = _config(tmp)
    text = path.read_text()
    for name, cfg in (
        ("hackernews", 'base_url = "http://127.0.0.1:9"\nqueries = [""]'),
        ("mastodon", 'instances = ["http://127.0.0.1:9"]\nmodes = ["public"]'),
    ):
        text = text.replace(f"[sources.{name}]\nenabled = false", f"[sources.{name}]\n{cfg}")
    path.write_text(text)
    return path


def test_a_crawl_that_cannot_open_the_warehouse_is_a_failed_cycle(tmp_path: Path) -> None:
    """The spiders read their cursors from the warehouse as they start (inside Twisted): a
    reader holding the file past the wait was Twisted's "Unhandled error in Deferred" in
    CRITICAL lines, and the crawl child exited 0, so `crawl` exited 0 and `run` said
    "crawled 0 new posts (0 errors)". It is a failed crawl, said as one."""
    warehouse = tmp_path / "w.duckdb"
    db.ensure(warehouse)
    config = _crawling_config(tmp_path)
    env = cli_env(OUTAGEWATCH_LOCK_WAIT="1")
    with held(warehouse, 300, read_only=True):
        crawl = subprocess.run(
            [sys.executable, "-m", "outagewatch.cli", "crawl", "--config", str(config)],
            capture_output=True, text=True, cwd=ROOT, timeout=180, env=env,
        )  # fmt: skip
        run = subprocess.run(
            [sys.executable, "-m", "outagewatch.cli", "run", "--every", "1s", "--cycles", "1",
             "--config", str(config)],
            capture_output=True, text=True, cwd=ROOT, timeout=180, env=env,
        )  # fmt: skip
    assert crawl.returncode == 1, crawl.stderr
    assert "error: crawl failed: WarehouseLocked: warehouse" in crawl.stderr
    assert run.returncode == 1, run.stderr
    failed = [line for line in run.stderr.splitlines() if "cycle failed: " in line]
    assert len(failed) == 1 and "WarehouseLocked" in failed[0], run.stderr
    assert "crawled" not in run.stdout
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  ")
    assert all(stamp.match(line) for line in run.stderr.splitlines() if line), run.stderr
    for out in (crawl.stderr, run.stderr):
        assert "CRITICAL" not in out and "Unhandled error" not in out and "Traceback" not in out


def test_what_no_cycle_can_mend_stops_run_at_once(tmp_path: Path) -> None:
    db.ensure(tmp_path / "w.duckdb")
    unknown = _run(tmp_path, "--cycles", "2", "--source", "myspace")
    assert unknown.returncode == 2 and "unknown source(s) myspace" in unknown.stderr
    assert "cycle failed" not in unknown.stderr
    bad = _run(tmp_path, "--cycles", "2", env={"OUTAGEWATCH_LOCK_WAIT": "soon"})
    assert bad.returncode != 0 and "OUTAGEWATCH_LOCK_WAIT='soon'" in bad.stderr
    assert "cycle failed" not in bad.stderr


def _run(tmp: Path, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "run", "--every", "1s", *args,
         "--config", str(_config(tmp))],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env=cli_env(**(env or {})),
    )  # fmt: skip


def test_a_services_warnings_carry_the_time() -> None:
    """Under `run`, a warning ("notification … failed") says when, as the cycle lines do."""
    code = (
        "import logging; from outagewatch.commands.run import stamp_log_lines; "
        "logging.basicConfig(format='%(levelname)s %(name)s: %(message)s'); stamp_log_lines(); "
        "logging.getLogger('outagewatch.notify').warning('notification a:opened:1 failed')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=cli_env()
    )
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  WARNING outagewatch.notify: "
        r"notification a:opened:1 failed\n",
        out.stderr,
    ), out.stderr
