"""AWS Health Dashboard RSS: the updates of one event folded into one official incident.

AWS posts every update of an event as its own RSS <item>, with its own guid
(`#ec2-us-east-1_<epoch of the update>`) and a headline that puts the event's state before
its title: "Informational message: Increased API Error Rates", "Service disruption: …", and
at the end "Service is operating normally: [RESOLVED] Increased API Error Rates" (older
items are never rewritten or removed). Stored item by item, every update but the last stayed
`investigating` for good, and a crowd incident a month later was linked to it.

Items are one event when their titles match once the state before the first colon and
bracketed markers ("[RESOLVED]", "[解決済]") are dropped, and each came within `EVENT_GAP` of
the one before (AWS updates an open event every hour or so; "Increased API Error Rates"
recurs on other days), and no item before it closed the event: "Increased API Error Rates"
also recurs the same day, and folded into the morning's resolved event it had reopened it,
starting hours early. The event keeps its first item's guid as id, starts at its first
update, lists every update, takes the worst impact its headlines gave, and is resolved when
its newest headline or update says so.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from crawlers.feed_entries import CLOSED, aws_says_resolved
from crawlers.items import OfficialIncidentItem
from crawlers.normalise import to_utc_or_none

EVENT_GAP = timedelta(hours=24)
_MARKER = re.compile(r"\[[^\]]{1,24}\]")
_IMPACT_RANK = {"none": 1, "minor": 2, "major": 3}


def event_title(headline: str) -> str:
    """ "Service disruption: [RESOLVED] Increased API Error Rates" -> the event's own title."""
    state, colon, rest = headline.partition(":")
    title = rest if colon and len(state) <= 40 and "[" not in state else headline
    return " ".join(_MARKER.sub(" ", title).split())


def _when(item: OfficialIncidentItem) -> datetime | None:
    try:
        return to_utc_or_none(item.started_at)
    except ValueError:
        return None


def fold_events(items: list[OfficialIncidentItem]) -> list[OfficialIncidentItem]:
    """One incident per AWS event from its per-update items (an undated item stays alone)."""
    dated = sorted(
        ((when, n, item) for n, item in enumerate(items) if (when := _when(item))),
        key=lambda t: (t[0], t[1]),
    )
    latest: dict[str, list[tuple[datetime, OfficialIncidentItem]]] = {}
    events: list[list[tuple[datetime, OfficialIncidentItem]]] = []
    for when, _, item in dated:
        key = event_title(item.name or "").casefold()
        run = latest.get(key)
        if not key or run is None or when - run[-1][0] > EVENT_GAP or _closes(run[-1][1]):
            run = latest[key] = []
            events.append(run)
        run.append((when, item))
    alone = [item for item in items if _when(item) is None]
    return [_event([item for _, item in run]) for run in events] + alone


def _closes(item: OfficialIncidentItem) -> bool:
    """Whether an item ends its event: what comes after it is another event."""
    return aws_says_resolved(item.name or "") or item.status in CLOSED


def _event(run: list[OfficialIncidentItem]) -> OfficialIncidentItem:
    first, last = run[0], run[-1]
    closed = _closes(last)
    impacts = [i.impact for i in run if i.impact in _IMPACT_RANK]
    return replace(
        first,
        name=event_title(last.name or "") or last.name,
        status="resolved" if closed else last.status or "investigating",
        impact=max(impacts, key=_IMPACT_RANK.__getitem__) if impacts else None,
        url=last.url,
        resolved_at=last.updated_at if closed else None,
        updated_at=last.updated_at,
        updates=[u for item in run for u in item.updates],
    )
