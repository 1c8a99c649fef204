"""Times as the warehouse keeps them: naive UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime


def parse_utc(text: str) -> datetime:
    """An ISO 8601 date or time ("2026-11-20", "2026-11-20T12:00Z", "…+01:00") as naive UTC;
    a time without a zone is taken as UTC. ValueError when it is none: each caller names its
    option in the message, since only it knows what the user typed it into."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is not None:
        try:
            value = value.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # "0001-01-01T00:30+01:00": before the calendar begins in UTC
            raise ValueError(f"{text!r} is outside the years 1 to 9999 in UTC") from None
    return value


def has_time_of_day(text: str) -> bool:
    """Whether an ISO text names a time, not only a date ("2026-11-21", "2026-11-21Z")."""
    return not re.fullmatch(r"\s*\d{4}-?\d{2}-?\d{2}[zZ]?\s*", text)
