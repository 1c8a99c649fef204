"""Fixtures shared by every test folder: offline models, a fresh warehouse per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("OUTAGEWATCH_SALT", "test-salt")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a real DuckDB warehouse file in this test's temp dir."""
    return tmp_path / "warehouse.duckdb"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


DEMO_END = "2026-11-20T12:00:00"


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real warehouse built by `outagewatch demo` (3 simulated days), once per test run:
    with pytest-xdist (`make test` runs two workers) the first worker to need it builds it
    in the run's shared temp folder under a file lock, and the others wait and reuse it.

    Tests must treat it as read-only; copy it first to change it.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # one process: no one to share with
        return _build_demo(tmp_path_factory.mktemp("demo"))
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent  # the same for every worker of this run
    folder = shared / "demo"
    with FileLock(str(shared / "demo.lock")):
        if not (folder / "demo-output.txt").exists():
            folder.mkdir(exist_ok=True)
            for stale in folder.glob("demo.duckdb*"):  # a build that failed in another worker
                stale.unlink()
            _build_demo(folder)
    return folder / "demo.duckdb"


def _build_demo(folder: Path) -> Path:
    import subprocess
    import sys

    path = folder / "demo.duckdb"
    # this checkout's code, not whichever the environment installed (a second worktree
    # sharing the virtualenv built its demo with the first one's code)
    env = {**os.environ, "OUTAGEWATCH_SALT": "test-salt", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "outagewatch.cli",
            "demo",
            "--no-dashboard",
            "--days",
            "3",
            "--seed",
            "7",
            "--end",
            DEMO_END,
            "--db",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=folder,
    )
    if result.returncode != 0:
        raise RuntimeError(f"demo failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    (folder / "demo-output.txt").write_text(result.stdout + "\n" + result.stderr)
    return path


@pytest.fixture(autouse=True)
def _unstamped_service_lines():
    """`run` invoked in-process turns on the UTC stamp of service lines for the rest of the
    process (commands/common.py); a test after it in the same worker would read stamped
    lines (found by helper-181: test_sql_says_it_waits_for_a_lock after a `run` test)."""
    yield
    from outagewatch.commands import common

    common._stamped = False
