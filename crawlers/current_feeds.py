"""Feeds that list only what is going on now (Azure's status RSS): an incident that leaves
the feed is over.

Azure's feed is an empty channel while all is well; an item is an incident in progress, its
pubDate the time of its latest update, and it is dropped once resolved, with no closing item.
Read like a history feed, every Azure incident stayed open for good, and its start moved to
each new update. Here an item keeps the start, acknowledgement and updates stored for it
(also when it comes back after being taken as over), and an open incident the feed no longer
lists is stored as resolved, with an update saying so, at the last crawl that saw it listed:
its row's `fetched_at`, as every listed item is stored again each run (a 304 too). Not at the
crawl that saw it gone: after a gap in crawling, or on the upgrade that closed the rows older
versions had left open for months, that stretched a notice over every outage in between. A row
this reading never saw listed (written before `listed|<url>` was recorded) ends at its last
update plus the linker's stale bound, and never after now.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from crawlers.items import OfficialIncidentItem
from outagewatch.official import OFFICIAL_STALE_AFTER

CURRENT_ONLY_HOSTS = ("azure.status.microsoft", "status.azure.com")
GONE = "No longer listed on the provider's feed of current incidents: taken as resolved."


def listed_key(url: str) -> str:
    """Cursor key of when this reading of a feed of current incidents began."""
    return f"listed|{url}"


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
    # a stored value that is no list (a number, a text: found by tests/faults/test_fuzz.py)
    # has no updates to carry over
    return [u for u in updates if isinstance(u, dict)] if isinstance(updates, list) else []


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


def stored(row: dict[str, Any]) -> OfficialIncidentItem:
    """A stored incident as an item again (written back, its `fetched_at` moves to now)."""
    source = str(row["source"])
    return OfficialIncidentItem(
        source=source,
        native_id=str(row["official_id"])[len(source) + 1 :],
        service_slug=row.get("service_slug"),
        name=row.get("name"),
        status=row.get("status"),
        impact=row.get("impact"),
        components=list(row.get("components") or []),
        url=row.get("url"),
        created_at=row.get("created_at"),
        started_at=row.get("started_at"),
        acknowledged_at=row.get("acknowledged_at"),
        resolved_at=row.get("resolved_at"),
        updated_at=row.get("updated_at"),
        updates=_updates(row),
    )


def last_listed(row: dict[str, Any], since: datetime | None, now: datetime) -> datetime:
    """When a stored incident was last seen listed: its `fetched_at` if this reading (begun
    ``since``) stored it, else its last update plus the stale bound, at most ``now``."""
    fetched = row.get("fetched_at")
    if since is not None and isinstance(fetched, datetime) and fetched >= since:
        return min(fetched, now)
    last = row.get("updated_at") or row.get("acknowledged_at") or row.get("started_at")
    return min(now, last + OFFICIAL_STALE_AFTER) if isinstance(last, datetime) else now


def gone(row: dict[str, Any], since: datetime | None, now: datetime) -> OfficialIncidentItem:
    """A stored open incident the feed no longer lists, resolved when last seen listed."""
    end = last_listed(row, since, now)
    return replace(
        stored(row),
        status="resolved",
        resolved_at=end,
        updated_at=end,
        updates=[
            *_updates(row),
            {"status": "resolved", "body": GONE, "created_at": end.isoformat()},
        ],
    )
