"""Which messages are due: compare each incident with what a channel was last told.

Pure functions, no I/O. An incident on the watchlist yields, per channel, at most one
message per transition: opened (or reopened), worsened (severity rose above anything
announced), acknowledged (the provider's status page spoke), resolved. The state after each
message is part of the message, so the cycle advances it only once the message is delivered:
a restart re-derives exactly what is still due, never what was already sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from outagewatch.notify.config import NotifyConfig, severity_rank

TRANSITIONS = ("opened", "reopened", "worsened", "acknowledged", "resolved", "test")


@dataclass(frozen=True)
class ChannelState:
    """What one channel was last told about one incident (table notification_state)."""

    status: str | None = None
    severity: str | None = None
    acknowledged: bool = False
    opened_count: int = 0
    resolved_count: int = 0


@dataclass(frozen=True)
class Message:
    """One notification to send: an incident transition for one channel."""

    channel: str
    incident_id: str
    transition: str
    dedup_key: str
    event_at: datetime | None
    incident: dict[str, Any]
    after: ChannelState
    recap: bool = False  # a resolution the channel is told of without having been told it opened

    @property
    def notification_id(self) -> str:
        return notification_id(self.channel, self.dedup_key)


def notification_id(channel: str, dedup_key: str) -> str:
    return hashlib.sha256(f"{channel}\x00{dedup_key}".encode()).hexdigest()[:20]


def on_watchlist(incident: dict[str, Any], config: NotifyConfig) -> bool:
    countries = set(incident.get("countries") or [])
    return any(
        e.matches(incident["service_slug"], countries, incident.get("severity"))
        for e in config.watchlist
    )


def last_activity(incident: dict[str, Any]) -> datetime:
    return incident.get("resolved_at") or incident.get("updated_at") or incident["started_at"]


def due_messages(
    incident: dict[str, Any],
    channel: str,
    state: ChannelState | None,
    config: NotifyConfig,
    now: datetime,
) -> list[Message]:
    """The messages `channel` still owes about `incident`, in the order they must go."""
    iid = incident["incident_id"]
    st = state or ChannelState()
    out: list[Message] = []

    def add(
        transition: str, key: str, event_at: datetime | None, recap: bool = False, **change: Any
    ) -> None:
        nonlocal st
        st = replace(st, **change)
        out.append(Message(channel, iid, transition, f"{iid}:{key}", event_at, incident, st, recap))

    resolved_at = incident.get("resolved_at")
    # Quiet period: a resolution is only announced once it has held for a while, so an
    # incident that flaps closed and open again costs no messages at all.
    settled = resolved_at is None or now - resolved_at >= timedelta(minutes=config.quiet_minutes)
    if st.opened_count == 0:
        if not on_watchlist(incident, config):
            return []
        if last_activity(incident) < now - timedelta(hours=config.lookback_hours):
            return []
        if incident["status"] == "resolved" and not settled:
            return []  # over, for now: a recap once it holds, an "opened" if it comes back
        if incident["status"] == "resolved":
            # Over before this channel heard of it (the first start, a new watchlist entry,
            # a stop): one "resolved" recap, not an "Outage detected" for something long over.
            add("resolved", "resolved:1", resolved_at, recap=True, status="resolved",
                severity=incident.get("severity"), opened_count=1, resolved_count=1,
                acknowledged=incident.get("official_acknowledged_at") is not None)  # fmt: skip
            return out
        add("opened", "opened:1", incident.get("detected_at") or incident["started_at"],
            status="open", severity=incident.get("severity"), opened_count=1)  # fmt: skip
    elif st.status == "resolved" and incident["status"] == "open":
        n = st.opened_count + 1
        add("reopened", f"opened:{n}", incident.get("updated_at"), status="open", opened_count=n)
    sev = incident.get("severity")
    if severity_rank(sev) > severity_rank(st.severity):
        add("worsened", f"worsened:{sev}", incident.get("updated_at"), severity=sev)
    ack = incident.get("official_acknowledged_at")
    if ack is not None and not st.acknowledged:
        add("acknowledged", "acknowledged", ack, acknowledged=True)
    if incident["status"] == "resolved" and st.status != "resolved" and settled:
        n = st.resolved_count + 1
        add("resolved", f"resolved:{n}", resolved_at, status="resolved", resolved_count=n)
    return out


def rate_limited(
    messages: list[Message], sent_last_hour: int, config: NotifyConfig
) -> tuple[list[Message], int]:
    """Keep what the per-incident budget allows; the rest waits for a later cycle (in order)."""
    budget = max(0, config.max_per_incident_per_hour - sent_last_hour)
    return messages[:budget], max(0, len(messages) - budget)
