"""The small real warehouse of tests/exports/fixture_warehouse.py, for CLI tests that read one."""

from __future__ import annotations

import sys
from pathlib import Path

# tests/ is not a package; the shared builder is found by path, as in tests/sql/conftest.py.
_BUILDER_DIR = str(Path(__file__).resolve().parents[1] / "exports")
if _BUILDER_DIR not in sys.path:
    sys.path.insert(0, _BUILDER_DIR)

from fixture_warehouse import con, warehouse  # noqa: E402, F401 - fixtures
