"""Fixtures shared by every test folder: offline models, a fresh warehouse per test."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import demo_build
import pytest
from demo_build import DEMO_END  # noqa: F401 - tests import it from here

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


_builder: subprocess.Popen | None = None  # the demo build this process started, if any


def _demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's folder, one per run: with pytest-xdist (`make test` runs two workers) in
    the run's temp folder every worker shares, else in this process's own."""
    base = tmp_path_factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "demo"


def _start_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    global _builder
    folder = _demo_folder(tmp_path_factory)
    started = demo_build.start(folder)
    if started is not None:
        _builder = started
    return folder


def _uses_demo(item: pytest.Item) -> bool:
    return "demo_warehouse" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="session", autouse=True)
def _demo_in_background(request: pytest.FixtureRequest, tmp_path_factory) -> None:
    """When any collected test uses `demo_warehouse`, start building it now, in the
    background (tests/demo_build.py), so the tests before the first one needing it run
    meanwhile on every worker. (Moving the modules that use it to the end of the run was
    tried: it put the heaviest multi-process tests side by side in the run's last minutes;
    the one run measured took 16:05 against 13:33, both on a machine loaded by other jobs.)"""
    if any(_uses_demo(item) for item in request.session.items):
        _start_demo(tmp_path_factory)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real warehouse built by `outagewatch demo` (3 simulated days), once per test run
    and shared by every worker (tests/demo_build.py): started in the background when the
    run begins, waited for here.

    Tests must treat it as read-only; copy it first to change it.
    """
    return demo_build.wait(_start_demo(tmp_path_factory), _builder)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The worker that started the demo build reaps it: it waits for a build the other
    worker may still need, or stops it when the run was interrupted."""
    if _builder is not None:
        demo_build.stop(_builder, interrupted=exitstatus == pytest.ExitCode.INTERRUPTED)


@pytest.fixture(autouse=True)
def _unstamped_service_lines():
    """`run` invoked in-process turns on the UTC stamp of service lines for the rest of the
    process (commands/common.py); a test after it in the same worker would read stamped
    lines (found by helper-181: test_sql_says_it_waits_for_a_lock after a `run` test)."""
    yield
    from outagewatch.commands import common

    common._stamped = False
