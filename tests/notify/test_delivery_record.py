"""A delivered message is recorded even when a reader holds the warehouse as it is sent, and
one whose outcome was never recorded (the process killed mid-send) is known as such: sent
again with a warning (at least once), its delivery id unchanged for a webhook to drop the
repeat. Each attempt is stamped with its own time, not the cycle's start (review 145, 2, 9)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from lock_holder import held
from notify_kit import SECRET, T0, Receiver, put_incident, settings_for

from outagewatch.notify import notify_cycle
from warehouse import store

ROOT = Path(__file__).resolve().parents[2]
NOW = T0 + timedelta(hours=1)

# `outagewatch run`'s notification step, in a process of its own that the test kills
CYCLE = """
import json, sys
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from notify_kit import settings_for
from outagewatch.notify import notify_cycle
notify_cycle(settings_for(Path(sys.argv[1]), [json.loads(sys.argv[2])]),
             now=datetime.fromisoformat(sys.argv[4]))
"""


@pytest.fixture(autouse=True)
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OW_TEST_SECRET", SECRET)


def webhook(receiver: Receiver) -> dict:
    return {"name": "hook", "kind": "webhook", "url": receiver.url + "/hook",
            "secret_env": "OW_TEST_SECRET"}  # fmt: skip


def _rows(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT transition, result, attempts FROM notifications ORDER BY event_at"
        ).fetchall()


def test_a_reader_holding_the_file_as_a_message_goes_out_does_not_resend_it(
    empty_db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record waits for the reader far longer than $OUTAGEWATCH_LOCK_WAIT: giving up
    after a successful send was a sure duplicate next cycle."""
    monkeypatch.setenv("OUTAGEWATCH_LOCK_WAIT", "1")
    put_incident(empty_db, "a")
    holders: list[subprocess.Popen] = []
    with ExitStack() as holding:  # the reader is killed once the cycle is over

        def hold(path: str) -> None:  # an analyst's read-only session opens as the POST arrives
            if not holders:
                holders.append(holding.enter_context(held(empty_db, 4, read_only=True)))

        receiver.on_post = hold
        s = settings_for(empty_db, [webhook(receiver)])
        first = notify_cycle(s, now=NOW)
    assert first.delivered == 1 and holders
    assert notify_cycle(s, now=NOW + timedelta(minutes=5)).messages == []
    assert len(receiver.requests) == 1  # sent once
    assert _rows(empty_db) == [("opened", "sent", 1)]


def test_a_send_killed_in_flight_is_known_and_sent_again_with_a_warning(
    empty_db: Path, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    put_incident(empty_db, "a")
    posted, killed = threading.Event(), threading.Event()

    def first_post_hangs(path: str) -> None:
        if not posted.is_set():
            posted.set()
            killed.wait(30)

    receiver.on_post = first_post_hangs
    channel = webhook(receiver)
    env = {"PYTHONPATH": str(ROOT), "OW_TEST_SECRET": SECRET, "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen(
        [sys.executable, "-c", CYCLE, str(empty_db), json.dumps(channel),
         str(Path(__file__).parent), NOW.isoformat()],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        assert posted.wait(120), "no POST arrived"
        proc.kill()  # SIGKILL while the message is in flight: no record can follow
        proc.wait()
    finally:
        killed.set()
    # the ledger knows a send began and its outcome is unknown
    assert _rows(empty_db) == [("opened", "pending", 0)]
    with caplog.at_level(logging.WARNING, logger="outagewatch.notify"):
        again = notify_cycle(settings_for(empty_db, [channel]), now=NOW + timedelta(minutes=5))
    assert again.delivered == 1 and again.unrecorded == 1
    assert "was being sent when its outcome went unrecorded" in caplog.text
    assert "may get it twice" in caplog.text
    assert _rows(empty_db) == [("opened", "sent", 1)]
    ids = {r["headers"]["X-Outagewatch-Delivery"] for r in receiver.requests}
    assert len(receiver.requests) == 2 and len(ids) == 1  # a webhook can drop the repeat


def test_each_attempt_is_stamped_with_its_own_time(empty_db: Path, receiver: Receiver) -> None:
    """Not the cycle's start: with a slow receiver, the second message went out later."""
    wall = store.utcnow()
    put_incident(empty_db, "a", started=wall - timedelta(hours=1), updated=wall)
    put_incident(empty_db, "b", started=wall - timedelta(minutes=50), updated=wall)
    receiver.on_post = lambda path: time.sleep(1.5)
    stats = notify_cycle(settings_for(empty_db, [webhook(receiver)], timeout_seconds=10))
    assert stats.delivered == 2
    with duckdb.connect(str(empty_db), read_only=True) as con:
        first, second = con.execute(
            "SELECT last_attempt_at, delivered_at FROM notifications ORDER BY last_attempt_at"
        ).fetchall()
    assert (second[0] - first[0]).total_seconds() >= 1.4
    assert first[1] >= first[0] and (second[1] - first[1]).total_seconds() >= 1.4
    sent = sorted(r["json"]["sent_at"] for r in receiver.delivered())
    assert sent[0] != sent[1]


def test_the_log_holds_the_payload_that_went_out(empty_db: Path, receiver: Receiver) -> None:
    """Review 165 #3: a message's payload is built once, for its pending row and its record,
    so the log holds the body the webhook got, stamped when it went out (a slow receiver's
    answer came 1.5 s later), not one rebuilt at the record's time."""
    wall = store.utcnow()
    put_incident(empty_db, "a", started=wall - timedelta(hours=1), updated=wall)
    receiver.on_post = lambda path: time.sleep(1.5)
    stats = notify_cycle(settings_for(empty_db, [webhook(receiver)], timeout_seconds=10))
    assert stats.delivered == 1
    with duckdb.connect(str(empty_db), read_only=True) as con:
        (logged,) = con.execute("SELECT payload FROM notification_log").fetchone()
    (sent,) = [r["json"] for r in receiver.delivered()]
    assert json.loads(logged) == sent


def test_a_message_costs_one_write_open_and_each_waits_as_long_as_the_record(
    empty_db: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 159 #8: each message opened the warehouse for writing twice (its pending row,
    then its record), each open taking the write lock and checkpointing on close; now the
    record of one message and the pending row of the next are one write. The pending row
    waited only $OUTAGEWATCH_LOCK_WAIT, so a reader holding the file a minute failed the
    cycle before the send; it waits as long as the record does."""
    from outagewatch.notify import cycle
    from warehouse import db

    for iid in ("a", "b", "c"):
        put_incident(empty_db, iid)
    opened = db.writer
    waits: list[float | None] = []

    def counting(path, timeout=None, **kwargs):
        waits.append(timeout)
        return opened(path, timeout, **kwargs)

    monkeypatch.setattr(db, "writer", counting)
    stats = notify_cycle(settings_for(empty_db, [webhook(receiver)]), now=NOW)
    assert stats.delivered == 3 and len(receiver.requests) == 3
    sends = [w for w in waits if w is not None]  # the cycle's first open brings the schema up
    assert len(waits) - len(sends) <= 1
    assert len(sends) == 3 + 1  # the first pending row, then a record (and the next's) each
    assert min(sends) >= cycle.RECORD_WAIT
    assert _rows(empty_db) == [("opened", "sent", 1)] * 3
