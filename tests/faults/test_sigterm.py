"""`outagewatch run` stopped with SIGTERM (systemd, `docker stop`, `kill`) takes its crawl child
down with it: no orphan keeps crawling and holding the warehouse's write lock."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from outagewatch.demo.replay_server import serve
from outagewatch.demo.simulate import simulate

from .conftest import END, ROOT, cli_env
from .test_readers_writers import _config


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _crawling(pid: int) -> bool:
    """``pid`` is still a live crawl process (not gone, not a zombie)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmd = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False
    return state != "Z" and b"crawlers.runner" in cmd


def test_sigterm_stops_the_crawl_child_and_frees_the_warehouse(tmp_path):
    server, base = serve(simulate(7, 1, END, 0.06))
    runner = subprocess.Popen(
        [sys.executable, "-m", "outagewatch.cli", "run", "--every", "2s",
         "--config", str(_config(tmp_path, base))],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=cli_env(),
    )  # fmt: skip
    try:
        crawler = None
        deadline = time.monotonic() + 120
        while crawler is None and time.monotonic() < deadline and runner.poll() is None:
            crawler = next((c for c in _children(runner.pid) if _crawling(c)), None)
            time.sleep(0.05)
        assert crawler is not None, "no crawl child seen"
        runner.send_signal(signal.SIGTERM)
        err = runner.communicate(timeout=60)[1]
        # unwound as by Ctrl-C, then ended by the signal itself: a clean stop for systemd
        assert runner.returncode == -signal.SIGTERM, err
        assert "stopped (SIGTERM)" in err and "Traceback" not in err
        # stamped as run's other lines are: a journal reader can place it
        assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  stopped \(SIGTERM\)$", err, re.M)
        time.sleep(0.5)  # an orphan would still be crawling now (it needs seconds)
        assert not _crawling(crawler), "the crawl child outlived `outagewatch run`"
        duckdb.connect(str(tmp_path / "w.duckdb")).close()  # the write lock is free
    finally:
        runner.kill()
        server.stop()
