"""Feeds that list only what is going on now (Azure's status RSS): an incident that leaves
the feed is over.

Azure's feed is an empty channel while all is well; an item is an incident in progress, its
pubDate the time of its latest update, and it is dropped once resolved, with no closing item.
Read like a history feed, every Azure incident stayed open for good, and its start moved to
each new update. Here an item keeps the start, acknowledgement and updates stored for it,
and an open incident the feed no longer lists is stored as resolved by the crawl that saw it
gone (so at most one crawl late), with an update saying so.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from crawlers.items import OfficialIncidentItem

CURRENT_ONLY_HOSTS = ("azure.status.microsoft", "status.azure.com")
GONE = "No longer listed on the provider's feed of current incidents: taken as resolved."


def lists_current_only(url: str) -> bool:
    """Whether a feed URL is one of the providers' feeds of current incidents only."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in CURRENT_ONLY_HOSTS)


def _updates(row: dict[str, Any]) -> list[dict[str, Any]]:
    raw = row.get("updates")
    try:
        updates = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    return [u for u in updates or [] if isinstance(u, dict)]


def carry_over(item: OfficialIncidentItem, row: dict[str, Any] | None) -> OfficialIncidentItem:
    """The item as listed now, with the times and earlier updates stored for it."""
    if row is None:
        return item
    earlier = _updates(row)
    seen = {(str(u.get("created_at")), u.get("body")) for u in earlier}
    new = [u for u in item.updates if (str(u.get("created_at")), u.get("body")) not in seen]
    return replace(
        item,
        created_at=row.get("created_at") or item.created_at,
        started_at=row.get("started_at") or item.started_at,
        acknowledged_at=row.get("acknowledged_at") or item.acknowledged_at,
        updates=earlier + new,
    )


def gone(row: dict[str, Any], now: datetime) -> OfficialIncidentItem:
    """A stored open incident the feed no longer lists, resolved ``now``."""
    source = str(row["source"])
    return OfficialIncidentItem(
        source=source,
        native_id=str(row["official_id"])[len(source) + 1 :],
        service_slug=row.get("service_slug"),
        name=row.get("name"),
        status="resolved",
        impact=row.get("impact"),
        components=list(row.get("components") or []),
        url=row.get("url"),
        created_at=row.get("created_at"),
        started_at=row.get("started_at"),
        acknowledged_at=row.get("acknowledged_at"),
        resolved_at=now,
        updated_at=now,
        updates=[
            *_updates(row),
            {"status": "resolved", "body": GONE, "created_at": now.isoformat()},
        ],
    )
