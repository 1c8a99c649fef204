"""Real crawling never writes into the demo's warehouse: its clock is frozen and the next
demo run deletes it. `crawl` and `run` refuse it with what to do; `status` says what it is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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
