"""One fact, one wording (usability finding 14): the provider's status and impact are named
as the provider's, an incident's status reads "open" everywhere, a normal rate carries its
unit, and a lead time is rounded the same way on the Now card, the Incident page and the
Service page."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from dash_helpers import NOW, assert_clean, html_text, run_page, sql

from dashboard import wording
from outagewatch.exports.daily import build_daily, render

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


def test_normal_carries_its_unit_and_its_hour_on_the_card_scale(dash_env: Path) -> None:
    """Review 144 #8: the card's normal (the last hour's) and the Incident page's (the
    peak's) are different numbers for one incident; each says which hour it is."""
    baseline = sql(
        dash_env, "SELECT baseline_reports FROM incidents WHERE incident_id = ?", [SPOTIFY]
    )
    per_5min = float(baseline.iloc[0, 0])
    at = run_page("incident", id=SPOTIFY)
    assert_clean(at)
    (peak,) = [m for m in at.metric if m.label == "Peak reports / 5 min"]
    # the per-5-minute figure as the daily summary writes it (two significant digits below 1)
    five = f"{per_5min:.2g}" if per_5min < 1 else f"{per_5min:.1f}"
    assert peak.proto.delta == f"normal at the peak ≈ {per_5min * 12:.1f} / h ({five} / 5 min)"
    now = run_page("now")
    cards = [m.proto.delta for m in now.metric if m.label == "Problem reports, last hour"]
    assert cards and all(
        d.startswith(("last hour: ", "normally quiet: last hour's normal ≈ ")) and " / h" in d
        for d in cards
    )


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
    ("lead", "phrase", "metric"),
    [
        pytest.param(
            14.6,
            "detected 15 min before the status page",
            ("Detected before the status page", "15 min"),
            id="floor-vs-round",
        ),
        pytest.param(
            14.5,
            "detected 15 min before the status page",
            ("Detected before the status page", "15 min"),
            id="half-up",
        ),
        pytest.param(
            -4.5,
            "status page 5 min before our detection",
            ("Status page before our detection", "5 min"),
            id="after",
        ),
        pytest.param(
            -0.9,  # review 109: Slack's "1 min before reports" / "-1 min" / "-1"
            "status page 1 min before our detection",
            ("Status page before our detection", "1 min"),
            id="slack-minus-one",
        ),
        pytest.param(
            0.4,
            "detected at the same time as the status page",
            ("Detected vs status page", "same time"),
            id="same-time",
        ),
        pytest.param(
            75.2,
            "detected 1 h 15 min before the status page",
            ("Detected before the status page", "1 h 15 min"),
            id="over-an-hour",
        ),
    ],
)
def test_lead_time_reads_the_same_on_card_incident_history_and_daily(
    lead_db, lead: float, phrase: str, metric: tuple[str, str]
) -> None:
    """One wording, no sign to decode: the Now card, the Incident page's metric (label and
    value), the Service page's history and the daily summary all say who came first."""
    db = lead_db(lead)
    now = run_page("now")
    assert_clean(now)
    assert f"· {phrase}" in html_text(now)
    inc = run_page("incident", id=SPOTIFY)
    assert_clean(inc)
    label, value = metric
    assert {m.label: m.value for m in inc.metric}[label] == value
    assert not any(m.value.startswith(("+", "-")) for m in inc.metric)
    svc = run_page("service", service="spotify")
    assert_clean(svc)
    assert list(svc.dataframe[0].value["detected vs status page"]) == [phrase]
    with duckdb.connect(str(db), read_only=True) as con:
        summary = build_daily(con, NOW.date())
    md = render(summary, "md")
    (line,) = [x for x in md.splitlines() if x.startswith("- **Official:** acknowledged")]
    assert line.split(" — ")[0].endswith(f"; {phrase}")


def test_wording_helpers_on_missing_values() -> None:
    assert wording.lead_minutes(None) is None and wording.lead_minutes(float("nan")) is None
    assert wording.lead_metric(None) == ("Detected vs status page", "not linked")
    assert wording.lead_phrase(None) == ""
    assert wording.per_hour(2.44) == "2.4 / h" and wording.per_hour(36.4) == "36 / h"
