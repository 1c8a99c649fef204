"""Where the dashboard's links lead (usability findings 12 and 13): in the demo's warehouse
the simulated posts and status-page incidents are text marked simulated, not links to a
closed port or unrelated real pages; in a real warehouse they stay links. Tables open an
incident with a button in the same tab, not a LinkColumn that opens a new one each time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from dash_helpers import NOW, assert_clean, html_text, markdown_text, run_page, sql

from dashboard import demo, links
from outagewatch.demo.marker import DEMO_STATE_KEY
from warehouse import store
from warehouse.db import writer

SPOTIFY = "inc-spotify-now"  # open, with representative posts and an official incident


@pytest.fixture
def demo_db(dash_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample warehouse with the marker `outagewatch demo` writes."""
    db = tmp_path / "demo.duckdb"
    shutil.copy(dash_env, db)
    with writer(db) as con:
        store.set_state(con, DEMO_STATE_KEY, f"seed=7;days=3;end={NOW.isoformat()}")
    monkeypatch.setenv("OUTAGEWATCH_DB", str(db))
    return db


def _urls(db: Path) -> tuple[list[str], str]:
    posts = sql(
        db,
        "SELECT p.url FROM incident_posts ip JOIN posts p USING (post_key) WHERE incident_id = ?",
        [SPOTIFY],
    )["url"].tolist()
    official = sql(
        db,
        "SELECT o.url FROM incidents i JOIN official_incidents o USING (official_id) "
        "WHERE incident_id = ?",
        [SPOTIFY],
    ).iloc[0, 0]
    assert posts and official.startswith("https://")
    return posts, official


def test_demo_incident_shows_posts_and_status_page_as_simulated(demo_db: Path) -> None:
    posts, official = _urls(demo_db)
    at = run_page("incident", id=SPOTIFY)
    assert_clean(at)
    body, md = html_text(at), markdown_text(at)
    assert not any(url in body or url in md for url in posts)
    assert "open post" not in body and body.count(demo.POST) == body.count('class="ow-post"') > 0
    assert official not in md and demo.STATUS_PAGE in md
    assert any(demo.NOTE in c.value for c in at.caption)


def test_real_incident_keeps_its_links(dash_env: Path) -> None:
    posts, official = _urls(dash_env)
    at = run_page("incident", id=SPOTIFY)
    assert_clean(at)
    body, md = html_text(at), markdown_text(at)
    assert body.count('">open post</a>') == body.count('class="ow-post"') > 0
    assert sum(f'href="{url}"' in body for url in posts) == body.count('class="ow-post"')
    assert f"[status page]({official})" in md
    assert demo.POST not in body and not any(demo.NOTE in c.value for c in at.caption)


@pytest.mark.parametrize("simulated", [True, False], ids=["demo", "real"])
def test_service_official_table_links_only_in_a_real_warehouse(
    request: pytest.FixtureRequest, simulated: bool
) -> None:
    request.getfixturevalue("demo_db" if simulated else "dash_env")
    at = run_page("service", service="spotify")
    assert_clean(at)
    official = at.dataframe[-1].value
    assert "official incident" in official.columns
    assert ("link" in official.columns) is not simulated
    # review 109: the note says what has no link (the simulated incidents), not "their
    # links" beside the status page's link, which is the provider's real page
    assert any(demo.OFFICIAL_NOTE in c.value for c in at.caption) is simulated


@pytest.mark.parametrize("simulated", [True, False], ids=["demo", "real"])
def test_daily_summary_links_only_in_a_real_warehouse(
    request: pytest.FixtureRequest, simulated: bool
) -> None:
    db = request.getfixturevalue("demo_db" if simulated else "dash_env")
    _, official = _urls(db)
    at = run_page("daily")
    assert_clean(at)
    md = markdown_text(at)
    assert (f"(<{official}>)" in md) is not simulated
    assert ("](" in md) is not simulated  # the demo's summary is rendered with links=False
    assert any(demo.NOTE in c.value for c in at.caption) is simulated


def _button_column(table, name: str = "incident page") -> dict:
    config = json.loads(table.proto.columns)[name]
    return config["type_config"]


@pytest.mark.parametrize(
    ("page", "params", "which", "key"),
    [
        pytest.param("now", {}, 1, "resolved_open", id="recently-resolved"),
        pytest.param("service", {"service": "whatsapp"}, 0, "history_open", id="history"),
        pytest.param("incident", {"id": SPOTIFY}, -1, "related_open", id="same-time"),
    ],
)
def test_tables_open_incidents_with_buttons_not_new_tab_links(
    dash_env: Path, page: str, params: dict, which: int, key: str
) -> None:
    """A LinkColumn opens every click in a new tab (window.open(url, "_blank")); a button
    column lets the page switch in place."""
    at = run_page(page, **params)
    assert_clean(at)
    table = at.dataframe[which]
    assert table.value.columns[0] == "incident page"
    assert set(table.value["incident page"]) == {links.OPEN}
    assert _button_column(table)["type"] == "button"
    assert key in str(table.proto.button_click_widgets)
    for frame in at.dataframe:  # no table still carries page URLs for a LinkColumn
        assert (
            not frame.value.astype(str)
            .apply(lambda c: c.str.contains("./incident?id=", regex=False))
            .any()
            .any()
        )


def test_back_to_the_service_page_keeps_its_service_and_period(dash_env: Path) -> None:
    """Service (Discord, 7 days) → "view →" an incident → the browser's Back: the page ran
    again without its ?service= and with the incident's ?id=, and showed the latest
    incident's service for 24 h. It now shows the last choice made on it, and drops ?id=."""
    from dash_helpers import PAGES
    from streamlit.testing.v1 import AppTest

    first = run_page("service", service="discord", period="7d")
    assert_clean(first)
    remembered = first.session_state["service_page_last"]
    assert remembered == {"service": "discord", "period": "7d"}

    back = AppTest.from_file(str(PAGES / "service.py"), default_timeout=60)
    back.session_state["service_page_last"] = remembered  # the session's state, kept
    back.query_params["id"] = SPOTIFY  # what the incident page left in the URL
    back.run()
    assert_clean(back)
    assert back.selectbox(key="service_pick").value == "discord"
    assert back.radio(key="service_span").value == "7 days"
    assert "id" not in back.query_params
    assert "service" not in back.query_params  # what the page read is no new history entry
