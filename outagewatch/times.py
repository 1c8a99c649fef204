"""Times as the warehouse keeps them: naive UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_utc(text: str) -> datetime:
    """An ISO 8601 date or time ("2026-11-20", "2026-11-20T12:00Z", "…+01:00") as naive UTC;
    a time without a zone is taken as UTC. ValueError when it is none: each caller names its
    option in the message, since only it knows what the user typed it into."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value
