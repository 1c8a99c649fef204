"""One small real warehouse per session (see tests/exports/fixture_warehouse.py); tests only
read it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# tests/ is not a package and the project is installed without it, so the shared builder is
# found by path (this works with or without PYTHONPATH, whatever order folders are collected).
_BUILDER_DIR = str(Path(__file__).resolve().parents[1] / "exports")
if _BUILDER_DIR not in sys.path:
    sys.path.insert(0, _BUILDER_DIR)

from fixture_warehouse import con, warehouse  # noqa: E402, F401 - fixtures


@pytest.fixture
def writable_copy(warehouse: Path, tmp_path: Path) -> Path:  # noqa: F811 - the fixture
    """A copy the test may change (for --allow-write)."""
    target = tmp_path / "copy.duckdb"
    target.write_bytes(warehouse.read_bytes())
    return target
