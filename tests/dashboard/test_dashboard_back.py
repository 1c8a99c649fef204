"""The browser's Back and Forward on pages that keep a choice in the URL (?id=, ?service=,
?period=, ?date=): a choice made on the page is one history entry, and going back shows the
choice that URL holds. Before, a picker kept its last choice across the rerun Back caused and
wrote it over the URL again, so Back seemed to do nothing; and opening a page without the
parameter wrote the page's default, a second history entry.

AppTest stands in for the browser: Back is the rerun with the earlier URL's parameters
(test_dashboard_browser.py does it in Chromium)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from dash_helpers import NOW, assert_clean, run_page, sql


def _back_to(at, **params: str):
    for name in list(at.query_params):
        del at.query_params[name]
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _param(at, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_incident_picker_follows_back_and_forward(dash_env: Path) -> None:
    at = run_page("incident")
    assert_clean(at)
    first = at.selectbox(key="incident_pick").value
    assert _param(at, "id") is None  # the page's own default: no history entry
    ids = sql(dash_env, "SELECT incident_id FROM incidents ORDER BY ALL")["incident_id"]
    others = [i for i in ids if i != first]
    at.selectbox(key="incident_pick").set_value(others[0]).run()
    at.selectbox(key="incident_pick").set_value(others[1]).run()
    assert _param(at, "id") == others[1]
    _back_to(at, id=others[0])
    assert_clean(at)
    assert at.selectbox(key="incident_pick").value == others[0]
    assert _param(at, "id") == others[0]
    _back_to(at)  # the URL the page was opened with
    assert at.selectbox(key="incident_pick").value == first and _param(at, "id") is None
    _back_to(at, id=others[1])  # Forward twice
    assert at.selectbox(key="incident_pick").value == others[1]


def test_service_picker_and_period_follow_back(dash_env: Path) -> None:
    at = run_page("service", service="spotify")
    assert _param(at, "period") is None  # 24 h, as the URL (without a period) reads
    at.selectbox(key="service_pick").set_value("discord").run()
    at.radio(key="service_span").set_value("7 days").run()
    assert (_param(at, "service"), _param(at, "period")) == ("discord", "7d")
    _back_to(at, service="discord")
    assert_clean(at)
    assert at.selectbox(key="service_pick").value == "discord"
    assert at.radio(key="service_span").value == "24 h"
    _back_to(at, service="spotify")
    assert at.selectbox(key="service_pick").value == "spotify"
    assert _param(at, "service") == "spotify" and _param(at, "period") is None


def test_daily_day_follows_back(dash_env: Path) -> None:
    at = run_page("daily")
    assert_clean(at)
    latest = at.date_input(key="daily_day").value
    assert _param(at, "date") is None
    earlier = NOW.date() - timedelta(days=2)
    at.date_input(key="daily_day").set_value(earlier).run()
    assert _param(at, "date") == earlier.isoformat()
    _back_to(at)
    assert_clean(at)
    assert at.date_input(key="daily_day").value == latest and _param(at, "date") is None


def test_a_service_pick_from_the_menu_url_writes_the_service_only(dash_env: Path) -> None:
    """The reviewer's case: back on a bare /service (the menu), which shows the remembered
    Discord at 7 days, a pick wrote ?service= and then, the URL now naming a service, also
    ?period=: two history entries for one pick, and Back to a view never shown."""
    at = run_page("service", service="discord", period="7d")
    _back_to(at)  # the menu's bare /service: the remembered choice is shown
    assert at.selectbox(key="service_pick").value == "discord"
    assert at.radio(key="service_span").value == "7 days"
    at.selectbox(key="service_pick").set_value("spotify").run()
    # one write with both: the new URL reads back as the page shows
    assert (_param(at, "service"), _param(at, "period")) == ("spotify", "7d")
    assert at.radio(key="service_span").value == "7 days"
    at.run()  # a rerun with that URL writes nothing more
    assert (_param(at, "service"), _param(at, "period")) == ("spotify", "7d")


def test_an_unpicked_incident_follows_the_default_as_data_arrives(
    dash_env: Path, monkeypatch
) -> None:
    """Opened without ?id=, the picker shows the page's default. When a new incident takes
    that place, it moves to it; before, it kept the old one and the next rerun wrote that
    into the URL, a history entry nobody chose. A person's pick stays put."""
    default = run_page("incident").selectbox(key="incident_pick").value  # at NOW
    started = sql(dash_env, f"SELECT started_at FROM incidents WHERE incident_id = '{default}'")
    earlier = started["started_at"].iloc[0] - timedelta(minutes=1)  # before it began
    monkeypatch.setenv("OUTAGEWATCH_NOW", earlier.isoformat())
    at = run_page("incident")
    before = at.selectbox(key="incident_pick").value
    assert before != default and _param(at, "id") is None
    monkeypatch.setenv("OUTAGEWATCH_NOW", NOW.isoformat())  # time passes: it has begun
    at.run()
    assert_clean(at)
    assert at.selectbox(key="incident_pick").value == default
    assert _param(at, "id") is None
    ids = sql(dash_env, "SELECT incident_id FROM incidents ORDER BY ALL")["incident_id"]
    other = next(i for i in ids if i != default)
    at.selectbox(key="incident_pick").set_value(other).run()
    at.run()
    assert at.selectbox(key="incident_pick").value == other and _param(at, "id") == other
