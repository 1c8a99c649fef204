"""Every page on the warehouse `outagewatch demo` builds (the real pipeline's output):
no exception, no error, and the Now page shows one card per open incident."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_helpers import assert_clean, html_text, markdown_text, point_dashboard, run_page, sql

from dashboard import labels

DEMO_NOW = "2026-11-20T12:00:00"  # tests/conftest.py DEMO_END

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_env(demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return point_dashboard(monkeypatch, demo_warehouse, DEMO_NOW)


def test_now_on_demo(demo_env: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    open_now = sql(
        demo_env, "SELECT count(*) FROM active_incidents WHERE started_at <= ?", [DEMO_NOW]
    ).iloc[0, 0]
    cards = [m for m in at.metric if m.label == "Problem reports, last hour"]
    assert len(cards) == open_now


def test_every_demo_incident_renders(demo_env: Path) -> None:
    rows = sql(
        demo_env,
        "SELECT i.incident_id, s.name, s.category FROM incidents i "
        "JOIN services s ON s.slug = i.service_slug ORDER BY i.started_at",
    )
    assert len(rows) > 0 and "isp_telco" in set(rows["category"])
    for r in rows.itertuples():
        at = run_page("incident", id=r.incident_id)
        assert_clean(at)
        assert at.selectbox(key="incident_pick").value == r.incident_id
        # the category in words ("internet & phone provider"), not its code ("isp_telco")
        assert any(
            c.value.endswith(f"service: {r.name} ({labels.category(r.category)})")
            for c in at.caption
        )
        assert not any(r.category in c.value for c in at.caption if "_" in r.category)
        # simulated posts and status pages are not links (the replay server's port is closed)
        shown = html_text(at) + markdown_text(at)
        assert "127.0.0.1" not in shown and "open post" not in shown and "](http" not in shown


@pytest.mark.parametrize("page", ["service", "explore", "daily"])
def test_other_pages_on_demo(page: str, demo_env: Path) -> None:
    assert_clean(run_page(page))
