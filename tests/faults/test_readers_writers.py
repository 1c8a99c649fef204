"""One writer, many readers: the dashboard's queries and `outagewatch sql` keep answering
while `outagewatch run` crawls and processes every few seconds; a second `run` started by
mistake exits at once with a clear message and corrupts nothing.

Short version: 15 s of reads. `make soak`: OUTAGEWATCH_SOAK_SECONDS (default 600).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from outagewatch.demo.replay_server import serve
from outagewatch.orchestrator import REPLAY_CLOCK
from outagewatch.sources import only
from warehouse import db, store

from .conftest import ROOT, cli_env, query, record_figure, soak_seconds

READER = r"""
import contextlib, io, json, sys, time
from datetime import datetime
mode, path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
reads = errors = 0
messages = []
end = time.monotonic() + seconds
if mode == "dashboard":
    from dashboard.queries import now_snapshot, overview
    now = datetime.fromisoformat(sys.argv[4])
    while time.monotonic() < end:
        try:
            overview(path, now)
            now_snapshot(path, now, now)  # a replayed clock: facts cut at it
            reads += 1
        except Exception as exc:
            errors += 1
            messages.append(f"{type(exc).__name__}: {exc}"[:200])
else:
    from outagewatch.cli import main
    queries = ["SELECT count(*) FROM posts", "SELECT * FROM active_incidents",
               "SELECT service_slug, sum(reports) FROM report_volume GROUP BY ALL"]
    i = 0
    while time.monotonic() < end:
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                main(["sql", "--db", path, "--format", "csv", queries[i % 3]])
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        if code == 0:
            reads += 1
        else:
            errors += 1
            messages.append(err.getvalue()[:200])
        i += 1
print(json.dumps({"reads": reads, "errors": errors, "messages": messages[:5]}))
"""


def _config(tmp: Path, base: str) -> Path:
    path = tmp / "run.toml"
    path.write_text(f"""
[warehouse]
db = "{tmp / "w.duckdb"}"
data_dir = "{tmp}"
[crawl]
download_delay = 0
autothrottle = false
concurrent_requests_per_domain = 4
[sources.mastodon]
instances = ["{base}"]
modes = ["public"]
max_pages = 100000
[sources.hackernews]
base_url = "{base}"
queries = [""]
max_pages = 1000
{only(("mastodon", "hackernews"))}""")
    return path


def _reads_during_run(world, tmp_path: Path, seconds: float) -> dict:
    server, base = serve(world)
    config = _config(tmp_path, base)
    path = tmp_path / "w.duckdb"
    with db.writer(path) as con:  # the demo's clock, so processing sees the replayed day
        store.set_state(con, REPLAY_CLOCK, world.end.isoformat())
    runner = subprocess.Popen(
        [sys.executable, "-m", "outagewatch.cli", "run", "--every", "3s", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=cli_env(),
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(runner.stdout), daemon=True).start()
    readers = []
    try:
        time.sleep(1.0)
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "outagewatch.cli",
                "run",
                "--cycles",
                "1",
                "--config",
                str(config),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
            env=cli_env(),
        )
        env = cli_env(OUTAGEWATCH_CACHE_TTL="0")
        for mode in ("dashboard", "sql", "sql"):
            readers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        READER,
                        mode,
                        str(path),
                        str(seconds),
                        world.end.isoformat(),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    cwd=ROOT,
                    env=env,
                )
            )
        results = []
        for proc in readers:
            out, err = proc.communicate(timeout=seconds + 120)
            assert proc.returncode == 0, err[-2000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        reads_ended = len(lines)
        deadline = time.monotonic() + 240
        while len(lines) < 1 and time.monotonic() < deadline and runner.poll() is None:
            time.sleep(0.5)  # the first cycle (model load, enrichment) may outlast short reads
        assert runner.poll() is None, "outagewatch run died"
    finally:
        runner.terminate()
        runner.wait(timeout=60)
        for proc in readers:
            proc.kill()
        server.stop()
    cycles = sum(1 for line in lines if "UTC  crawled" in line)
    check = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "status", "--check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=cli_env(),
    )
    return {
        "seconds": seconds,
        "writer_cycles": cycles,
        "cycles_during_reads": reads_ended,
        "reads": sum(r["reads"] for r in results),
        "dashboard_reads": results[0]["reads"],
        "sql_reads": results[1]["reads"] + results[2]["reads"],
        "errors": sum(r["errors"] for r in results),
        "error_messages": [m for r in results for m in r["messages"]],
        "second_run": (second.returncode, second.stderr.strip()),
        "check": (check.returncode, check.stdout[-300:]),
        "posts": query(path, "SELECT count(*) FROM posts")[0][0],
        "signals": query(path, "SELECT count(*) FROM post_signals")[0][0],
    }


def _assert_ok(figures: dict, world, min_cycles: int) -> None:
    assert figures["errors"] == 0, figures["error_messages"]
    assert figures["dashboard_reads"] > 0 and figures["sql_reads"] > 0
    assert figures["writer_cycles"] >= min_cycles, figures
    code, message = figures["second_run"]
    assert code == 2 and "another `outagewatch run` is already using this warehouse" in message
    assert len(message.splitlines()) == 1
    assert figures["check"][0] == 0 and "integrity check passed" in figures["check"][1]
    served = sum(1 for p in world.posts if p["source"] in ("mastodon", "hackernews"))
    assert figures["posts"] == served and figures["signals"] == served


@pytest.fixture(scope="module")
def small_world():
    """A fifth of the fault suite's day (about 250 posts): a short first cycle."""
    from outagewatch.demo.simulate import simulate

    from .conftest import END

    return simulate(7, 1, END, 0.06)


def test_readers_keep_answering_while_run_writes(small_world, tmp_path):
    world = small_world
    figures = _reads_during_run(world, tmp_path, seconds=15)
    record_figure("readers_writers_short", figures)
    _assert_ok(figures, world, min_cycles=1)


@pytest.mark.soak
def test_readers_keep_answering_while_run_writes_soak(world, tmp_path):
    figures = _reads_during_run(world, tmp_path, seconds=soak_seconds())
    record_figure("readers_writers_soak", figures)
    _assert_ok(figures, world, min_cycles=3)
