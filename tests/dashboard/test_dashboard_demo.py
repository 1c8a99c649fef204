"""Every page on the warehouse `outagewatch demo` builds (the real pipeline's output):
no exception, no error, and the Now page shows one card per open incident."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_helpers import assert_clean, run_page, sql

DEMO_NOW = "2026-11-20T12:00:00"  # tests/conftest.py DEMO_END

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_env(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OUTAGEWATCH_DB", str(demo_warehouse))
    monkeypatch.setenv("OUTAGEWATCH_NOW", DEMO_NOW)
    monkeypatch.setenv("OUTAGEWATCH_REFRESH", "0")
    return demo_warehouse


def test_now_on_demo(demo_env: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    open_now = sql(
        demo_env, "SELECT count(*) FROM active_incidents WHERE started_at <= ?", [DEMO_NOW]
    ).iloc[0, 0]
    cards = [m for m in at.metric if m.label == "Problem reports, last hour"]
    assert len(cards) == open_now


def test_every_demo_incident_renders(demo_env: Path) -> None:
    ids = sql(demo_env, "SELECT incident_id FROM incidents ORDER BY started_at")["incident_id"]
    assert len(ids) > 0
    for incident_id in ids:
        at = run_page("incident", id=incident_id)
        assert_clean(at)
        assert at.selectbox(key="incident_pick").value == incident_id


@pytest.mark.parametrize("page", ["service", "explore", "daily"])
def test_other_pages_on_demo(page: str, demo_env: Path) -> None:
    assert_clean(run_page(page))
