"""Real crawling never writes into the demo's warehouse: its clock is frozen and the next
demo run deletes it. `crawl` and `run` refuse it with what to do; `status` says what it is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def demo_copy(demo_warehouse: Path, tmp_path: Path) -> Path:
    target = tmp_path / "outagewatch.duckdb"
    shutil.copyfile(demo_warehouse, target)
    return target


@pytest.mark.parametrize("command", [["crawl"], ["run", "--every", "5m", "--cycles", "1"]])
def test_real_crawling_refuses_the_demo_warehouse(demo_copy: Path, command: list[str]) -> None:
    before = demo_copy.stat().st_mtime_ns
    out = cli(*command, "--db", str(demo_copy))
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == (
        f"error: {demo_copy} is the demo's warehouse (simulated posts, clock frozen at "
        f"2026-11-20T12:00:00); crawl into another file with --db, or delete {demo_copy} first"
    )
    assert demo_copy.stat().st_mtime_ns == before


def test_status_says_it_is_the_demo(demo_copy: Path) -> None:
    out = cli("status", "--db", str(demo_copy))
    assert out.returncode == 0, out.stderr
    assert "the demo's warehouse (seed=7, days=3" in " ".join(out.stdout.split())


def _dashboard_env(db: Path, *extra: str, now_env: str = "") -> tuple[dict[str, str], str]:
    """Start `outagewatch dashboard` on a free port, read the environment of the server it
    exec'd into (same process), stop it; returns (environment, stderr so far)."""
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "outagewatch.cli", "dashboard", "--db", str(db),
         "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "OUTAGEWATCH_NOW": now_env},
    )  # fmt: skip
    try:
        assert "outagewatch dashboard on" in proc.stdout.readline()
        deadline = time.monotonic() + 60
        raw = b""
        while time.monotonic() < deadline:  # until the exec has happened
            # the environment read after the command line names streamlit: read before, it
            # may be the old process's, or empty while the exec is under way
            if b"streamlit" in Path(f"/proc/{proc.pid}/cmdline").read_bytes():
                raw = Path(f"/proc/{proc.pid}/environ").read_bytes()
                if raw:
                    break
            time.sleep(0.1)
        env = dict(p.split("=", 1) for p in raw.decode().split("\0") if "=" in p)
    finally:
        proc.kill()
        _, err = proc.communicate(timeout=30)
    return env, err


def test_the_dashboard_on_the_demo_warehouse_runs_on_its_clock(demo_copy: Path) -> None:
    """Opened again later without --now, the demo's outages are not 'days old': its clock is
    the simulated end, and a note says so; --now still chooses."""
    env, err = _dashboard_env(demo_copy)
    assert env.get("OUTAGEWATCH_NOW") == "2026-11-20T12:00:00"
    assert "the dashboard's clock is its simulated end, 2026-11-20T12:00:00" in err
    env, err = _dashboard_env(demo_copy, "--now", "2026-11-19T08:00")
    assert env.get("OUTAGEWATCH_NOW") == "2026-11-19T08:00" and "simulated end" not in err
    env, err = _dashboard_env(demo_copy, now_env="2026-11-18T09:00")  # its documented setting
    assert env.get("OUTAGEWATCH_NOW") == "2026-11-18T09:00" and "simulated end" not in err


def test_a_dashboard_starts_beside_a_writer_without_waiting(demo_copy: Path) -> None:
    """Reading the demo's clock must not wait for a writer (`outagewatch run` on a real
    warehouse): the schema check at start does not wait either."""
    import time

    with duckdb.connect(str(demo_copy)):  # a writer holding the file
        started = time.monotonic()
        env, _ = _dashboard_env(demo_copy)
        assert time.monotonic() - started < 20
    assert "OUTAGEWATCH_NOW" not in env or env["OUTAGEWATCH_NOW"] == ""
