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
# A message about to go out: with the time it is stamped with, its subject and payload.
Ready = tuple[Message, datetime, str, dict[str, Any]]


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


def _write(
    path, channel: Channel | None, done: list[Done], now: datetime, pending: Ready | None = None
) -> None:
    """One write: the outcomes of the messages just sent (a dry run's, all of its), then the
    pending row of the next one to go out, so a burst of messages opens the warehouse once
    per message, not twice (each open takes the lock and checkpoints on close). The pending
    row waits as long as the record: a reader holding the file a minute delays the send
    rather than failing the cycle."""
    if not done and pending is None:
        return
    kind, recipient = ("dry_run", "") if channel is None else (channel.kind, channel.recipient())
    with db.writer(path, timeout=max(db.writer_wait(), RECORD_WAIT)) as con:
        for msg, outcome, subject, payload in done:
            ledger.record(con, msg, kind, recipient, outcome, now, subject, payload)
        if pending is not None:
            msg, at, subject, payload = pending
            ledger.mark_pending(con, msg, kind, recipient, at, subject, payload)


def _warn(repeats: RepeatedWarnings | None, text: str) -> None:
    """A warning, said at most once an hour when repeated word for word (as `run` does with
    the crawl's): a channel without its secret fails the same way every cycle."""
    level = logging.WARNING
    if repeats is not None:
        level, text = repeats.review(level, log.name, text)
    log.log(level, "%s", text)


def _ready(msg: Message, now: datetime, fixed: bool, config: NotifyConfig) -> Ready:
    """Each attempt is stamped with its own time (a slow receiver shows), unless the clock
    is fixed (the demo's replay); its subject and payload are built once, for its pending
    row and its record (each build shortens and redacts the incident's posts)."""
    at = now if fixed else store.utcnow()
    return msg, at, payloads.subject(msg), payloads.generic(msg, at, config.links)


def _announce(
    msg: Message,
    now: datetime,
    fixed: bool,
    config: NotifyConfig,
    unrecorded: set[str],
    stats: NotifyStats,
    repeats: RepeatedWarnings | None,
) -> Ready:
    """The next message to send, said when an earlier send of it went unrecorded."""
    if msg.notification_id in unrecorded:
        stats.unrecorded += 1
        _warn(repeats, f"notification {msg.dedup_key} to {msg.channel} was being sent when its "
              "outcome went unrecorded (outagewatch stopped mid-send?): sending it again, so "
              "the receiver may get it twice")  # fmt: skip
    return _ready(msg, now, fixed, config)


def _count(
    stats: NotifyStats,
    name: str,
    msg: Message,
    outcome: Outcome,
    subject: str,
    repeats: RepeatedWarnings | None,
) -> None:
    stats.retries += max(0, outcome.attempts - 1)
    stats.messages.append(Sent(name, msg.transition, msg.incident_id, subject,
                               outcome.result, outcome.attempts))  # fmt: skip
    if outcome.result in ("sent", "dry_run"):
        stats.delivered += 1
    elif outcome.result == "rejected":
        stats.rejected += 1
        _warn(repeats, f"notification {msg.dedup_key} to {name} rejected: {outcome.error}")
    else:
        stats.failed += 1
        _warn(repeats, f"notification {msg.dedup_key} to {name} failed: {outcome.error}")


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
    # brings an older warehouse up to the notification schema; an empty DuckDB file is no
    # warehouse to send from (as for `notify log`), and another program's is refused
    db.ensure(path, empty_ok=False)
    with db.reader(path) as con:
        now, fixed = _clock(con, now)
        incidents = ledger.load_incidents(con, now - timedelta(hours=config.lookback_hours))
        states = ledger.load_states(con)
        recent = ledger.sent_since(con, now)
        unrecorded = ledger.pending(con)
    channels: list[Channel | None] = list(config.channels) or [None]
    for channel in channels:
        name = channel.name if channel else DRY_RUN
        queue: list[Message] = []  # what goes out on this channel now, in order
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
            queue += allowed
        if channel is None:
            # a dry run's messages are stamped with the cycle's time, and recorded in one write
            done = [(m, Outcome("dry_run", 0), *_ready(m, now, True, config)[2:]) for m in queue]
            for msg, outcome, subject, _ in done:
                _count(stats, name, msg, outcome, subject, repeats)
            _write(path, None, done, now)
            continue
        if not queue:
            continue
        ready = _announce(queue[0], now, fixed, config, unrecorded, stats, repeats)
        _write(path, channel, [], now, pending=ready)  # before the send: see ledger.pending
        for i, msg in enumerate(queue):
            _, at, subject, payload = ready
            outcome = _send(channel, msg, config, at, sleep)
            _count(stats, name, msg, outcome, subject, repeats)
            # after a failure, this channel's other messages wait for the next cycle
            down = outcome.result not in ("sent", "dry_run", "rejected")
            nxt = None
            if not down and i + 1 < len(queue):
                nxt = _announce(queue[i + 1], now, fixed, config, unrecorded, stats, repeats)
            _write(path, channel, [(msg, outcome, subject, payload)],
                   at if fixed else store.utcnow(), pending=nxt)  # fmt: skip
            if down:
                stats.deferred += len(queue) - i - 1
                break
            ready = nxt
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
    if settings.db_path.exists():  # a file that is no warehouse is refused before the send
        db.ensure(settings.db_path, empty_ok=False)
    outcome = _send(channel, msg, config, now, sleep)
    if settings.db_path.exists():
        done = (msg, outcome, payloads.subject(msg), payloads.generic(msg, now, config.links))
        _write(settings.db_path, channel, [done], now)
    return outcome
