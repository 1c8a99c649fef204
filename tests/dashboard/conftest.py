"""Fixtures of the dashboard tests: the sample warehouse (sample_warehouse.py), an empty one,
and the environment that points the dashboard at it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from dash_helpers import NOW, point_dashboard
from sample_warehouse import build_sample_warehouse

from outagewatch.catalog import load_catalog
from warehouse import store
from warehouse.db import writer


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_warehouse(tmp_path_factory.mktemp("dash") / "outagewatch.duckdb")


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dash-empty") / "outagewatch.duckdb"
    with writer(path) as con:
        store.sync_services(con, load_catalog())
    return path


@pytest.fixture
def dash_env(monkeypatch: pytest.MonkeyPatch, sample_db: Path) -> Path:
    """Point the dashboard at the sample warehouse with a fixed clock and no auto-refresh."""
    return point_dashboard(monkeypatch, sample_db, NOW)


ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "dashboard" / "screens"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
