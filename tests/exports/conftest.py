"""One small real warehouse per session (see tests/exports/fixture_warehouse.py); tests only
read it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

# tests/ is not a package and the project is installed without it, so the shared builder is
# found by path (this works with or without PYTHONPATH, whatever order folders are collected).
_BUILDER_DIR = str(Path(__file__).resolve().parents[1] / "exports")
if _BUILDER_DIR not in sys.path:
    sys.path.insert(0, _BUILDER_DIR)

from fixture_warehouse import build_warehouse  # noqa: E402


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("wh") / "outagewatch.duckdb")


@pytest.fixture
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()
