"""One fact, one wording (usability finding 14): the provider's status and impact are named
as the provider's, an incident's status reads "open" everywhere, a normal rate carries its
unit, and a lead time is rounded the same way on the Now card, the Incident page and the
Service page."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from dash_helpers import assert_clean, html_text, run_page, sql

from dashboard import wording

SPOTIFY = (
    "inc-spotify-now"  # open, linked to an "investigating" official incident of impact "major"
)


def test_official_badge_says_whose_status_and_impact(dash_env: Path) -> None:
    expected = "status page: investigating · provider&#x27;s impact: major"
    for page, params in (
        ("now", {}),
        ("incident", {"id": SPOTIFY}),
        ("service", {"service": "spotify"}),
    ):
        at = run_page(page, **params)
        assert_clean(at)
        body = html_text(at)
        assert expected in body, page
        assert "official:" not in body and "(major)" not in body, page


def test_status_reads_open_on_badge_picker_and_history(dash_env: Path) -> None:
    now = run_page("now")
    assert_clean(now)
    assert "● open" in html_text(now) and "ongoing" not in html_text(now)
    inc = run_page("incident", id=SPOTIFY)
    assert_clean(inc)
    assert "● open" in html_text(inc)
    picker = inc.selectbox(key="incident_pick")
    assert picker.value == SPOTIFY and picker.options[picker.index].endswith(" · open")
    svc = run_page("service", service="spotify")
    assert_clean(svc)
    history = svc.dataframe[0].value
    stored = sql(dash_env, "SELECT status FROM incidents WHERE service_slug = 'spotify'")
    assert set(history["status"]) == set(stored["status"]) == {"open"}


def test_normal_carries_its_unit_on_the_card_scale(dash_env: Path) -> None:
    baseline = sql(
        dash_env, "SELECT baseline_reports FROM incidents WHERE incident_id = ?", [SPOTIFY]
    )
    per_5min = float(baseline.iloc[0, 0])
    at = run_page("incident", id=SPOTIFY)
    assert_clean(at)
    (peak,) = [m for m in at.metric if m.label == "Peak reports / 5 min"]
    # the per-5-minute figure as the daily summary writes it (two significant digits below 1)
    five = f"{per_5min:.2g}" if per_5min < 1 else f"{per_5min:.1f}"
    assert peak.proto.delta == f"normal ≈ {per_5min * 12:.1f} / h ({five} / 5 min)"
    now = run_page("now")
    cards = [m.proto.delta for m in now.metric if m.label == "Problem reports, last hour"]
    assert cards and all(d.startswith("normal ≈ ") and " / h · " in d for d in cards)


@pytest.fixture
def lead_db(dash_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the sample warehouse whose Spotify lead time is set by the test."""
    db = tmp_path / "lead.duckdb"
    shutil.copy(dash_env, db)
    monkeypatch.setenv("OUTAGEWATCH_DB", str(db))

    def set_lead(minutes: float) -> Path:
        with duckdb.connect(str(db)) as con:
            con.execute(
                "UPDATE incidents SET lead_time_minutes = ? WHERE incident_id = ?",
                [minutes, SPOTIFY],
            )
        return db

    return set_lead


@pytest.mark.parametrize(
    ("lead", "card", "signed", "whole"),
    [
        pytest.param(
            14.6, "seen 15 min before the status page", "+15 min", 15, id="floor-vs-round"
        ),
        pytest.param(14.5, "seen 15 min before the status page", "+15 min", 15, id="half-up"),
        pytest.param(-4.5, "seen 5 min after the status page", "-5 min", -5, id="after"),
        pytest.param(0.4, "seen at the same time as the status page", "+0 min", 0, id="same-time"),
        pytest.param(
            75.2, "seen 1 h 15 min before the status page", "+75 min", 75, id="over-an-hour"
        ),
    ],
)
def test_lead_time_reads_the_same_on_card_incident_and_history(
    lead_db, lead: float, card: str, signed: str, whole: int
) -> None:
    lead_db(lead)
    now = run_page("now")
    assert_clean(now)
    assert card in html_text(now)
    inc = run_page("incident", id=SPOTIFY)
    assert_clean(inc)
    assert {m.label: m.value for m in inc.metric}["Lead over status page"] == signed
    svc = run_page("service", service="spotify")
    assert_clean(svc)
    assert list(svc.dataframe[0].value["ahead of status page (min)"]) == [f"{whole:+d}"]


def test_wording_helpers_on_missing_values() -> None:
    assert wording.lead_minutes(None) is None and wording.lead_minutes(float("nan")) is None
    assert wording.lead_signed(None) == "not linked"
    assert wording.lead_phrase(None) == ""
    assert wording.per_hour(2.44) == "2.4 / h" and wording.per_hour(36.4) == "36 / h"
