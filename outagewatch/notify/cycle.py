"""One notification cycle: derive what is due, deliver it, record it. Called after each
processing cycle by `outagewatch run`, at the end of `outagewatch demo`, and by `notify send`.

Without any channel configured the cycle is a dry run: it records, on the channel `dry-run`,
what it would have sent, and returns it so the caller can show it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from outagewatch.demo.marker import REPLAY_CLOCK
from outagewatch.notify import ledger, payloads
from outagewatch.notify.config import DRY_RUN, Channel, NotifyConfig, notify_config
from outagewatch.notify.deliver import Outcome, deliver
from outagewatch.notify.transitions import Message, due_messages, rate_limited
from outagewatch.settings import ConfigError, Settings
from warehouse import db, store

if TYPE_CHECKING:
    from crawlers.runner import RepeatedWarnings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """One message of this cycle, for display."""

    channel: str
    transition: str
    incident_id: str
    subject: str
    result: str
    attempts: int


@dataclass
class NotifyStats:
    """What a cycle did. `messages` lists what was delivered (or, dry run, would have been)."""

    dry_run: bool = False
    watched: int = 0  # watchlist entries
    messages: list[Sent] = field(default_factory=list)
    delivered: int = 0
    failed: int = 0  # transient failure after all retries: tried again next cycle
    rejected: int = 0  # refused for good by the receiver: recorded, not retried
    retries: int = 0  # attempts beyond the first
    deferred: int = 0  # waiting for the rate limit or behind a failure: sent in a later cycle
    duplicates: int = 0  # messages delivered twice to a channel, over the whole log
    unrecorded: int = 0  # sent again: an earlier send's outcome was never recorded

    def lines(self) -> list[str]:
        head = "would send" if self.dry_run else "sent"
        ok = ("sent", "dry_run")
        out = [f"{head} via {m.channel}: {m.subject}" for m in self.messages if m.result in ok]
        out += [
            f"{m.result} via {m.channel}: {m.subject}" for m in self.messages if m.result not in ok
        ]
        out.append(
            f"notifications: {self.delivered} {'recorded (dry run)' if self.dry_run else 'delivered'}, "
            f"{self.retries} retries, {self.failed} failed, {self.rejected} rejected, "
            f"{self.deferred} deferred, duplicates: {self.duplicates}"
        )
        return out


# A message's outcome is recorded after it went out, and a record that is not written means
# the next cycle sends it again: its writer waits this long at least for a reader holding the
# warehouse (not $OUTAGEWATCH_LOCK_WAIT's minute), since giving up here makes a duplicate.
RECORD_WAIT = 600.0


def _clock(con, now: datetime | None) -> tuple[datetime, bool]:
    """The cycle's time, and whether it is fixed (given, or the demo's replayed clock) rather
    than the wall clock, which then also stamps each attempt with its own time. Read on the
    cycle's own reader, and only when the caller has no time to give."""
    if now is not None:
        return now, True
    value = store.get_state(con, REPLAY_CLOCK)
    return (datetime.fromisoformat(value), True) if value else (store.utcnow(), False)


# A message with its subject and generic payload, built once for its pending row and its
# record (each build shortens and redacts the incident's posts).
Done = tuple[Message, Outcome, str, dict[str, Any]]


def _send(
    channel: Channel | None,
    msg: Message,
    config: NotifyConfig,
    now: datetime,
    sleep: Callable[[float], None],
) -> Outcome:
    if channel is None:
        return Outcome("dry_run", 0)
    try:
        return deliver(channel, msg, config, now, sleep=sleep)
    except ConfigError as exc:  # e.g. the secret's environment variable is missing
        return Outcome("failed", 0, error=str(exc))


def _record(path, channel: Channel | None, done: list[Done], now: datetime) -> None:
    """One short write per message; a dry run's messages go in one write."""
    if not done:
        return
    kind, recipient = ("dry_run", "") if channel is None else (channel.kind, channel.recipient())
    with db.writer(path, timeout=max(db.writer_wait(), RECORD_WAIT)) as con:
        for msg, outcome, subject, payload in done:
            ledger.record(con, msg, kind, recipient, outcome, now, subject, payload)


def _mark_pending(
    path, channel: Channel, msg: Message, at: datetime, subject: str, payload: dict[str, Any]
) -> None:
    with db.writer(path) as con:
        ledger.mark_pending(con, msg, channel.kind, channel.recipient(), at, subject, payload)


def _warn(repeats: RepeatedWarnings | None, text: str) -> None:
    """A warning, said at most once an hour when repeated word for word (as `run` does with
    the crawl's): a channel without its secret fails the same way every cycle."""
    level = logging.WARNING
    if repeats is not None:
        level, text = repeats.review(level, log.name, text)
    log.log(level, "%s", text)


def notify_cycle(
    settings: Settings,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
    repeats: RepeatedWarnings | None = None,
) -> NotifyStats:
    """Send every notification that is due; idempotent (a second call sends nothing new).

    Each message is marked `pending` before it is sent and recorded after: a message whose
    outcome was never recorded (the process killed mid-send) is sent again, with a warning,
    so delivery is at least once, and a second copy needs a crash inside that window."""
    config = notify_config(settings)
    stats = NotifyStats(dry_run=config.dry_run, watched=len(config.watchlist))
    path = settings.db_path
    if not config.watchlist or not path.exists():
        return stats
    db.ensure(path)  # brings an older warehouse up to the notification schema
    with db.reader(path) as con:
        now, fixed = _clock(con, now)
        incidents = ledger.load_incidents(con, now - timedelta(hours=config.lookback_hours))
        states = ledger.load_states(con)
        recent = ledger.sent_since(con, now)
        unrecorded = ledger.pending(con)
    channels: list[Channel | None] = list(config.channels) or [None]
    for channel in channels:
        name = channel.name if channel else DRY_RUN
        down = False  # after a failure, this channel's other messages wait for the next cycle
        dry: list[Done] = []
        for incident in incidents:
            due = due_messages(
                incident, name, states.get((incident["incident_id"], name)), config, now
            )
            if not due:
                continue
            allowed, waiting = rate_limited(
                due, recent.get((incident["incident_id"], name), 0), config
            )
            stats.deferred += waiting
            for i, msg in enumerate(allowed):
                if down:
                    stats.deferred += len(allowed) - i
                    break
                # each attempt is stamped with its own time (a slow receiver shows), unless
                # the clock is fixed (the demo's replay); a dry run's, with the cycle's
                at = now if fixed or channel is None else store.utcnow()
                subject = payloads.subject(msg)
                payload = payloads.generic(msg, at, config.links)  # the one it records
                if channel is not None:
                    if msg.notification_id in unrecorded:
                        stats.unrecorded += 1
                        _warn(repeats, f"notification {msg.dedup_key} to {name} was being sent "
                              "when its outcome went unrecorded (outagewatch stopped mid-send?): "
                              "sending it again, so the receiver may get it twice")  # fmt: skip
                    _mark_pending(path, channel, msg, at, subject, payload)
                outcome = _send(channel, msg, config, at, sleep)
                if channel is None:
                    dry.append((msg, outcome, subject, payload))
                else:
                    _record(path, channel, [(msg, outcome, subject, payload)],
                            store.utcnow() if not fixed else at)  # fmt: skip
                stats.retries += max(0, outcome.attempts - 1)
                stats.messages.append(Sent(name, msg.transition, msg.incident_id, subject,
                                           outcome.result, outcome.attempts))  # fmt: skip
                if outcome.result in ("sent", "dry_run"):
                    stats.delivered += 1
                elif outcome.result == "rejected":
                    stats.rejected += 1
                    _warn(repeats, f"notification {msg.dedup_key} to {name} rejected: "
                          f"{outcome.error}")  # fmt: skip
                else:
                    stats.failed += 1
                    _warn(repeats, f"notification {msg.dedup_key} to {name} failed: "
                          f"{outcome.error}")  # fmt: skip
                    stats.deferred += len(allowed) - i - 1
                    down = True
                    break
        _record(path, channel, dry, now)
    with db.reader(path) as con:
        stats.duplicates = ledger.duplicates(con)
    return stats


def send_test(
    settings: Settings, channel_name: str, sleep: Callable[[float], None] = time.sleep
) -> Outcome:
    """`outagewatch notify test`: one test message, delivered now and recorded in the log."""
    config = notify_config(settings)
    channel = config.channel(channel_name)
    now = store.utcnow()
    msg = Message(channel.name, "", "test", f"test:{uuid4().hex[:12]}", now,
                  {"title": "outagewatch test"}, ledger.ChannelState())  # fmt: skip
    outcome = _send(channel, msg, config, now, sleep)
    if settings.db_path.exists():
        db.ensure(settings.db_path)
        done = (msg, outcome, payloads.subject(msg), payloads.generic(msg, now, config.links))
        _record(settings.db_path, channel, [done], now)
    return outcome
