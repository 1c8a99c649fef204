"""On the demo warehouse: one notification per incident transition on the sample watchlist,
delivered to a local receiver, none twice after a restart."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from notify_kit import SECRET, Receiver, settings_for

from outagewatch.notify import DEMO_WATCHLIST, demo_settings, notify_cycle, verify_signature

END = datetime(2026, 11, 20, 12, 0)  # the demo fixture's --end


def expected_transitions(db: Path) -> list[tuple[str, str]]:
    """Computed from the incidents table alone: opened, acknowledged if the provider spoke,
    resolved if it is over (one snapshot has no severity steps). An incident already over at
    the demo's end was never seen open: one resolved recap only, once the quiet period held."""
    out = []
    with duckdb.connect(str(db), read_only=True) as con:
        for entry in DEMO_WATCHLIST:
            where = "service_slug = ?"
            params: list = [entry["service"]]
            if entry.get("countries"):
                where += " AND incident_id IN (SELECT incident_id FROM incident_countries c WHERE country IN ? AND reports >= 0.1 * (SELECT sum(reports) FROM incident_countries x WHERE x.incident_id = c.incident_id AND x.country <> ''))"
                params.append(entry["countries"])
            rows = con.execute(
                f"SELECT incident_id, official_acknowledged_at IS NOT NULL, status FROM incidents WHERE {where}",
                params,
            ).fetchall()
            for iid, acked, status in rows:
                if status == "resolved":  # over when first met: a recap, once it holds
                    out.append((iid, "resolved"))
                    continue
                out.append((iid, "opened"))
                if acked:
                    out.append((iid, "acknowledged"))
    return sorted(out)


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OW_TEST_SECRET", SECRET)


def test_demo_week_notifications_equal_transitions(demo_copy: Path, receiver: Receiver) -> None:
    expected = expected_transitions(demo_copy)
    assert len(expected) >= 3, "the demo week should have incidents on the sample watchlist"
    hook = {
        "name": "hook",
        "kind": "webhook",
        "url": receiver.url + "/hook",
        "secret_env": "OW_TEST_SECRET",
    }
    s = demo_settings(settings_for(demo_copy, [hook], watchlist=[]), days=3)
    first = notify_cycle(s)  # on the demo's replay clock
    later = notify_cycle(s, now=END + timedelta(hours=1))  # every quiet period is over
    got = receiver.delivered()
    assert (
        sorted((r["json"]["incident"]["incident_id"], r["json"]["transition"]) for r in got)
        == expected
    )
    assert first.delivered + later.delivered == len(expected) and first.retries + later.retries == 0
    for r in got:
        h = r["headers"]
        assert verify_signature(
            SECRET.encode(), r["body"], h["X-Outagewatch-Timestamp"], h["X-Outagewatch-Signature"]
        )
    # Restarts: nothing new to say, nothing sent again.
    for k in range(2):
        again = notify_cycle(s, now=END + timedelta(hours=2 + k))
        assert again.messages == [] and again.duplicates == 0
    assert len(receiver.requests) == len(expected)
    assert len({r["headers"]["X-Outagewatch-Delivery"] for r in receiver.requests}) == len(expected)
    with duckdb.connect(str(demo_copy), read_only=True) as con:
        assert con.execute("SELECT delivered, retries FROM notification_channels").fetchone() == (
            len(expected),
            0,
        )


def test_demo_dry_run_records_what_it_would_send(demo_copy: Path) -> None:
    """`outagewatch demo` itself ran the watchlist dry: it recorded one message per
    transition, and a later cycle (a restart) has nothing new to say."""
    with duckdb.connect(str(demo_copy), read_only=True) as con:
        recorded = con.execute(
            "SELECT incident_id, transition FROM notifications WHERE channel = 'dry-run' "
            "ORDER BY ALL"
        ).fetchall()
    assert sorted(recorded) == expected_transitions(demo_copy)
    s = demo_settings(settings_for(demo_copy, watchlist=[]), days=3)
    again = notify_cycle(s, now=END + timedelta(hours=2))
    assert again.dry_run and again.messages == [] and again.duplicates == 0
