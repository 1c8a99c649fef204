"""The notification tables: read incidents and what each channel was told; record results.

Writes are one short transaction per message (the log row and the channel's state together),
so a message is either recorded as sent with its state advanced, or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import duckdb

from outagewatch.notify.deliver import Outcome
from outagewatch.notify.payloads import MAX_POSTS
from outagewatch.notify.transitions import ChannelState, Message

# `countries`: those holding >= 10 % of the located reports (incident_main_countries), as the
# dashboard's cards and the country feeds name them: a watchlist entry for "DE" is not told of
# a US outage because one German posted about it.
INCIDENT_SQL = """
SELECT s.incident_id, s.service_slug, s.service_name, s.title, s.status, s.severity,
       s.started_at, s.detected_at, s.peak_at, s.resolved_at, s.peak_reports,
       s.baseline_reports, s.total_reports, s.top_symptom,
       (SELECT string_agg(m.country, ',' ORDER BY m.reports DESC, m.country)
          FROM incident_main_countries m WHERE m.incident_id = s.incident_id) AS countries,
       s.official_id,
       s.official_acknowledged_at, s.lead_time_minutes, i.updated_at, s.keywords
FROM incident_summary s JOIN incidents i USING (incident_id)
WHERE coalesce(i.resolved_at, i.updated_at) >= ?
   OR s.incident_id IN (SELECT incident_id FROM notification_state)
ORDER BY s.started_at, s.incident_id
"""


# What people are saying: the incident's representative posts as it stores them, best first.
# Only what a post says, where and when: never its author (not even the hash) nor its URL
# (a Mastodon or Bluesky address names the account).
POSTS_SQL = f"""
SELECT incident_id, rank, source, created_at, text
FROM incident_representative_posts
WHERE incident_id IN (SELECT unnest($ids)) AND coalesce(trim(text), '') <> ''
QUALIFY row_number() OVER (PARTITION BY incident_id ORDER BY rank, post_key) <= {MAX_POSTS}
ORDER BY incident_id, rank, post_key
"""


def load_incidents(con: duckdb.DuckDBPyConnection, since: datetime) -> list[dict[str, Any]]:
    """Incidents active since `since`, plus every incident some channel already follows,
    each with its keywords and up to MAX_POSTS representative posts."""
    cur = con.execute(INCIDENT_SQL, [since])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    posts: dict[str, list[dict[str, Any]]] = {}
    if rows:
        ids = [r["incident_id"] for r in rows]
        for iid, rank, source, created_at, text in con.execute(POSTS_SQL, {"ids": ids}).fetchall():
            posts.setdefault(iid, []).append(
                {"rank": rank, "source": source, "created_at": created_at, "text": text}
            )
    for row in rows:
        row["countries"] = [c for c in (row["countries"] or "").split(",") if c]
        row["keywords"] = list(row["keywords"] or [])
        row["representative_posts"] = posts.get(row["incident_id"], [])
    return rows


def load_states(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], ChannelState]:
    rows = con.execute(
        "SELECT incident_id, channel, status, severity, acknowledged, opened_count, resolved_count "
        "FROM notification_state"
    ).fetchall()
    return {(r[0], r[1]): ChannelState(r[2], r[3], bool(r[4]), int(r[5]), int(r[6])) for r in rows}


def sent_since(con: duckdb.DuckDBPyConnection, now: datetime) -> dict[tuple[str, str], int]:
    """Messages per (incident, channel) delivered in the hour before `now` (the rate limit)."""
    rows = con.execute(
        "SELECT incident_id, channel, count(*) FROM notification_log "
        "WHERE result IN ('sent', 'dry_run') AND delivered_at > ? AND incident_id IS NOT NULL "
        "GROUP BY ALL",
        [now - timedelta(hours=1)],
    ).fetchall()
    return {(r[0], r[1]): int(r[2]) for r in rows}


UPSERT_LOG = """
INSERT INTO notification_log (notification_id, channel, channel_kind, recipient, dedup_key,
    incident_id, service_slug, transition, severity, status, subject, payload, event_at,
    created_at, attempts, last_attempt_at, delivered_at, result, http_status, error)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (notification_id) DO UPDATE SET
    attempts = notification_log.attempts + excluded.attempts,
    last_attempt_at = coalesce(excluded.last_attempt_at, notification_log.last_attempt_at),
    delivered_at = excluded.delivered_at,
    result = excluded.result,
    http_status = coalesce(excluded.http_status, notification_log.http_status),
    error = CASE WHEN excluded.result = 'pending' THEN notification_log.error
                 ELSE excluded.error END,
    severity = excluded.severity,
    status = excluded.status,
    subject = excluded.subject,
    payload = excluded.payload
"""

UPSERT_STATE = """
INSERT INTO notification_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (incident_id, channel) DO UPDATE SET
    status = excluded.status, severity = excluded.severity, acknowledged = excluded.acknowledged,
    opened_count = excluded.opened_count, resolved_count = excluded.resolved_count,
    updated_at = excluded.updated_at
"""


def record(
    con: duckdb.DuckDBPyConnection,
    msg: Message,
    kind: str,
    recipient: str,
    outcome: Outcome,
    now: datetime,
    subject: str,
    payload: dict[str, Any],
) -> None:
    """Store one message's outcome; a delivered (or dry-run) message advances the state."""
    delivered = outcome.result in ("sent", "dry_run", "rejected")
    con.execute("BEGIN")
    record_row(con, msg, kind, recipient, outcome, now, subject, payload)
    # A rejected message (the receiver refused it for good) is recorded with its error and
    # not retried: retrying a 404 or a 400 every cycle would only repeat the refusal.
    if delivered and msg.transition != "test":
        a = msg.after
        con.execute(UPSERT_STATE, [msg.incident_id, msg.channel, a.status, a.severity,
                                   a.acknowledged, a.opened_count, a.resolved_count, now])  # fmt: skip
    con.execute("COMMIT")


def record_row(
    con: duckdb.DuckDBPyConnection,
    msg: Message,
    kind: str,
    recipient: str,
    outcome: Outcome,
    now: datetime,
    subject: str,
    payload: dict[str, Any],
) -> None:
    """The message's log row (inside the caller's transaction); `now`: the attempt's time."""
    inc = msg.incident
    con.execute(UPSERT_LOG, [
        msg.notification_id, msg.channel, kind, recipient, msg.dedup_key,
        None if msg.transition == "test" else msg.incident_id, inc.get("service_slug"),
        msg.transition, inc.get("severity"), inc.get("status"), subject,
        json.dumps(payload, ensure_ascii=False), msg.event_at, now, outcome.attempts,
        now if outcome.attempts else None, now if outcome.result in ("sent", "dry_run") else None,
        outcome.result, outcome.http_status, outcome.error,
    ])  # fmt: skip


def mark_pending(
    con: duckdb.DuckDBPyConnection,
    msg: Message,
    kind: str,
    recipient: str,
    now: datetime,
    subject: str,
    payload: dict[str, Any],
) -> None:
    """Say, before a message goes out, that it is going out: a `pending` row. Should the
    outcome never be recorded (the process killed mid-send, the warehouse held past the
    record's wait), the next cycle knows it may have been delivered and says so as it sends
    it again (see `pending`). Written first, so a warehouse that cannot be written to stops
    the send, not only its record."""
    con.execute("BEGIN")
    record_row(con, msg, kind, recipient, Outcome("pending", 0), now, subject, payload)
    con.execute("COMMIT")


def pending(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Messages whose send began and whose outcome was never recorded."""
    rows = con.execute(
        "SELECT notification_id FROM notification_log WHERE result = 'pending'"
    ).fetchall()
    return {r[0] for r in rows}


def duplicates(con: duckdb.DuckDBPyConnection) -> int:
    """Messages delivered twice to one channel: 0 unless something is badly wrong."""
    row = con.execute(
        "SELECT count(*) - count(DISTINCT (channel, dedup_key)) FROM notification_log "
        "WHERE result IN ('sent', 'dry_run')"
    ).fetchone()
    return int(row[0]) if row else 0
