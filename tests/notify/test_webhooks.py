"""Webhooks delivered to a real HTTP receiver on 127.0.0.1: signatures, formats, retries."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from notify_kit import SECRET, T0, Receiver, put_incident, settings_for

from outagewatch.notify import notify_cycle, verify_signature
from outagewatch.notify.payloads import SIGNATURE_HEADER, TIMESTAMP_HEADER

NOW = T0 + timedelta(minutes=30)


def webhook(receiver: Receiver, **extra) -> dict:
    return {
        "name": "hook",
        "kind": "webhook",
        "url": receiver.url + "/hook",
        "secret_env": "OW_TEST_SECRET",
        **extra,
    }


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OW_TEST_SECRET", SECRET)


def test_generic_webhook_is_signed_and_versioned(empty_db: Path, receiver: Receiver) -> None:
    put_incident(empty_db, "a", severity="major", countries={"US": 5, "GB": 2})
    stats = notify_cycle(settings_for(empty_db, [webhook(receiver)]), now=NOW)
    assert stats.delivered == 1 and stats.retries == 0 and not stats.dry_run
    (req,) = receiver.delivered()
    headers, body = req["headers"], req["body"]
    assert verify_signature(
        SECRET.encode(), body, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    )
    assert not verify_signature(
        b"wrong", body, headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    )
    assert not verify_signature(
        SECRET.encode(), body + b" ", headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    )
    stale = str(int(time.time()) - 3600)
    assert not verify_signature(SECRET.encode(), body, stale, headers[SIGNATURE_HEADER])
    payload = req["json"]
    assert payload["version"] == 1 and payload["event"] == "incident.opened"
    assert payload["id"] == headers["X-Outagewatch-Delivery"]
    assert payload["incident"]["incident_id"] == "a"
    assert payload["incident"]["severity"] == "major"
    assert payload["incident"]["countries"] == ["US", "GB"]
    assert payload["incident"]["started_at"] == "2026-11-20T08:00:00Z"


@pytest.mark.parametrize(
    "kind, check",
    [
        pytest.param("slack", lambda p: "Outage detected" in p["text"] and p["blocks"][0]["type"] == "header", id="slack"),
        pytest.param("discord", lambda p: p["embeds"][0]["title"].startswith("Outage detected")
                     and isinstance(p["embeds"][0]["color"], int) and len(p["content"]) <= 2000, id="discord"),
        pytest.param("teams", lambda p: p["type"] == "message" and p["attachments"][0]["contentType"]
                     == "application/vnd.microsoft.card.adaptive"
                     and p["attachments"][0]["content"]["type"] == "AdaptiveCard", id="teams"),
    ],
)  # fmt: skip
def test_chat_formats(empty_db: Path, receiver: Receiver, kind: str, check) -> None:
    put_incident(empty_db, "c")
    stats = notify_cycle(
        settings_for(empty_db, [{"name": kind, "kind": kind, "url": receiver.url + "/x"}]), now=NOW
    )
    assert stats.delivered == 1
    (req,) = receiver.delivered()
    assert check(req["json"]), req["json"]
    assert SIGNATURE_HEADER not in req["headers"]  # chat services do not sign; only webhook does


def test_messages_link_to_the_dashboard_page_and_the_api(
    empty_db: Path, receiver: Receiver
) -> None:
    """A person clicks "Details" and lands on the incident's dashboard page, not on JSON."""
    put_incident(empty_db, "c")
    channel = {"name": "chat", "kind": "slack", "url": receiver.url + "/x"}
    s = settings_for(empty_db, [channel], dashboard_url="https://outages.example.org/",
                     base_url="https://api.example.org")  # fmt: skip
    assert notify_cycle(s, now=NOW).delivered == 1
    (req,) = receiver.delivered()
    text = req["json"]["text"]
    assert "Details: https://outages.example.org/incident?id=c" in text
    assert "API: https://api.example.org/api/v1/incidents/c" in text


def test_the_signed_webhook_links_to_the_dashboard_page_and_the_api(
    empty_db: Path, receiver: Receiver
) -> None:
    """The payload fed to PagerDuty or Opsgenie carries the links Slack's text has, the
    signature covers them, and the record in the warehouse is the payload that was sent."""
    put_incident(empty_db, "c")
    s = settings_for(empty_db, [webhook(receiver)], dashboard_url="https://outages.example.org/",
                     base_url="https://api.example.org")  # fmt: skip
    assert notify_cycle(s, now=NOW).delivered == 1
    (req,) = receiver.delivered()
    headers = req["headers"]
    assert verify_signature(
        SECRET.encode(), req["body"], headers[TIMESTAMP_HEADER], headers[SIGNATURE_HEADER]
    )
    assert req["json"]["version"] == 1
    assert req["json"]["links"] == {
        "dashboard": "https://outages.example.org/incident?id=c",
        "api": "https://api.example.org/api/v1/incidents/c",
    }
    with duckdb.connect(str(empty_db), read_only=True) as con:
        stored = json.loads(con.execute("SELECT payload FROM notification_log").fetchone()[0])
    assert stored["links"] == req["json"]["links"]


def test_without_base_urls_the_links_are_null(empty_db: Path, receiver: Receiver) -> None:
    put_incident(empty_db, "c")
    assert notify_cycle(settings_for(empty_db, [webhook(receiver)]), now=NOW).delivered == 1
    (req,) = receiver.delivered()
    assert req["json"]["links"] == {"dashboard": None, "api": None}


def test_500_then_200_is_retried_once_and_delivered_once(
    empty_db: Path, receiver: Receiver
) -> None:
    put_incident(empty_db, "a")
    receiver.script = ["500"]
    stats = notify_cycle(settings_for(empty_db, [webhook(receiver)]), now=NOW)
    assert (stats.delivered, stats.retries, stats.failed) == (1, 1, 0)
    assert [r["answer"] for r in receiver.requests] == ["500", "ok"]
    assert len({r["headers"]["X-Outagewatch-Delivery"] for r in receiver.requests}) == 1
    with duckdb.connect(str(empty_db), read_only=True) as con:
        assert con.execute("SELECT result, attempts, retries FROM notifications").fetchall() == [
            ("sent", 2, 1)
        ]


def test_a_hanging_receiver_times_out_and_the_message_waits(
    empty_db: Path, receiver: Receiver
) -> None:
    put_incident(empty_db, "a", ack=T0 + timedelta(minutes=25))
    receiver.script = ["hang", "hang"]
    s = settings_for(empty_db, [webhook(receiver)], retries=1, timeout_seconds=0.5)
    started = time.monotonic()
    stats = notify_cycle(s, now=NOW)
    assert time.monotonic() - started < 5
    # opened failed after 2 attempts; acknowledged waits behind it (order is kept), nothing lost.
    assert (stats.delivered, stats.failed, stats.deferred, stats.retries) == (0, 1, 1, 1)
    with duckdb.connect(str(empty_db), read_only=True) as con:
        row = con.execute(
            "SELECT result, attempts, delivered_at, error FROM notifications"
        ).fetchone()
    assert row[0] == "failed" and row[1] == 2 and row[2] is None and "timed out" in row[3]
    # Next cycle the receiver answers: both go, in order, and the first row counts all attempts.
    stats = notify_cycle(s, now=NOW + timedelta(minutes=5))
    assert [m.transition for m in stats.messages] == ["opened", "acknowledged"]
    assert stats.delivered == 2
    assert [r["json"]["transition"] for r in receiver.delivered()] == ["opened", "acknowledged"]
    with duckdb.connect(str(empty_db), read_only=True) as con:
        assert con.execute(
            "SELECT transition, attempts FROM notifications ORDER BY event_at"
        ).fetchall() == [("opened", 3), ("acknowledged", 1)]
        assert con.execute("SELECT delivered, retries FROM notification_channels").fetchone() == (
            2,
            2,
        )


def test_a_refusal_is_recorded_not_repeated(empty_db: Path, receiver: Receiver) -> None:
    put_incident(empty_db, "a")
    receiver.script = ["404"]
    s = settings_for(empty_db, [webhook(receiver)])
    stats = notify_cycle(s, now=NOW)
    assert (stats.delivered, stats.rejected, stats.retries) == (0, 1, 0)
    assert notify_cycle(s, now=NOW + timedelta(minutes=5)).messages == []
    assert len(receiver.requests) == 1
    with duckdb.connect(str(empty_db), read_only=True) as con:
        assert con.execute("SELECT result, http_status FROM notifications").fetchone() == (
            "rejected",
            404,
        )


def test_a_missing_secret_is_a_failure_that_waits(
    empty_db: Path, receiver: Receiver, monkeypatch
) -> None:
    monkeypatch.delenv("OW_TEST_SECRET")
    put_incident(empty_db, "a")
    s = settings_for(empty_db, [webhook(receiver)])
    stats = notify_cycle(s, now=NOW)
    assert stats.failed == 1 and receiver.requests == []
    monkeypatch.setenv("OW_TEST_SECRET", SECRET)
    assert notify_cycle(s, now=NOW + timedelta(minutes=5)).delivered == 1


def test_every_channel_gets_its_own_copy_and_restarts_send_nothing(
    empty_db: Path, receiver: Receiver
) -> None:
    put_incident(empty_db, "a")
    put_incident(empty_db, "b", service="slack", started=T0 + timedelta(minutes=1))
    channels = [
        webhook(receiver),
        {"name": "chat", "kind": "slack", "url": receiver.url + "/slack"},
    ]
    s = settings_for(empty_db, channels)
    assert notify_cycle(s, now=NOW).delivered == 4
    for k in range(3):  # "restarts": new cycles over the same warehouse
        assert notify_cycle(s, now=NOW + timedelta(minutes=k)).messages == []
    paths = sorted(r["path"] for r in receiver.delivered())
    assert paths == ["/hook", "/hook", "/slack", "/slack"]
    ids = [
        r["headers"].get("X-Outagewatch-Delivery")
        for r in receiver.delivered()
        if r["path"] == "/hook"
    ]
    assert len(set(ids)) == 2
    assert json.loads(receiver.delivered()[0]["body"])  # valid JSON bodies
