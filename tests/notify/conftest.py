"""Real receivers on 127.0.0.1 (HTTP and SMTP), and real warehouses the tests write to."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from warehouse.db import writer

_BUILDER_DIR = str(Path(__file__).resolve().parents[1] / "exports")
if _BUILDER_DIR not in sys.path:
    sys.path.insert(0, _BUILDER_DIR)

from fixture_warehouse import build_warehouse  # noqa: E402
from notify_kit import Receiver  # noqa: E402


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "notify.duckdb"
    with writer(path):
        pass
    return path


@pytest.fixture(scope="session")
def api_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small realistic warehouse of the export tests (5 incidents), read only."""
    return build_warehouse(tmp_path_factory.mktemp("api") / "outagewatch.duckdb")


@pytest.fixture
def demo_copy(demo_warehouse: Path, tmp_path: Path) -> Path:
    """A writable copy of the session's demo warehouse."""
    target = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_warehouse, target)
    return target
