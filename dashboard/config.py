"""What the dashboard reads from its environment: the warehouse path, its notion of now.

Everything is read per script run, so a test (or `outagewatch dashboard --now`) can set
the environment and the next run picks it up.

* ``OUTAGEWATCH_DB`` / ``OUTAGEWATCH_CONFIG``: the warehouse, resolved exactly as the CLI
  resolves it (`outagewatch.settings.load_settings`).
* ``OUTAGEWATCH_NOW``: an ISO timestamp (UTC) that replaces the real clock, for replays
  and tests. A value with a time zone is converted to UTC.
* ``OUTAGEWATCH_REFRESH``: seconds between refreshes of the Now page (default 60, 0 = off).
* ``OUTAGEWATCH_CACHE_TTL``: seconds a query result is reused (default 30).
* ``OUTAGEWATCH_EXPLORE``: ``off`` removes the SQL explorer (default ``on``), for a
  dashboard open to the public, where anyone could run 60-second queries.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from outagewatch.settings import load_settings
from outagewatch.times import parse_utc


class DashboardConfigError(ValueError):
    """An environment value the dashboard cannot use; the message says which and why."""


def db_path() -> Path:
    """The warehouse file, absolute, as the CLI would resolve it."""
    return load_settings().db_path.expanduser().resolve()


def parse_now(value: str) -> datetime:
    """Parse an ISO timestamp into a naive UTC datetime (the warehouse convention)."""
    try:
        return parse_utc(value)
    except ValueError:
        raise DashboardConfigError(
            f"OUTAGEWATCH_NOW={value!r} is not an ISO timestamp (e.g. 2026-03-01T12:00:00)"
        ) from None


def now() -> datetime:
    """The dashboard's now: OUTAGEWATCH_NOW when set, else the real UTC clock (naive)."""
    override = os.environ.get("OUTAGEWATCH_NOW", "").strip()
    if override:
        return parse_now(override)
    return datetime.now(UTC).replace(tzinfo=None)


def now_is_overridden() -> bool:
    return bool(os.environ.get("OUTAGEWATCH_NOW", "").strip())


def query_now() -> datetime:
    """Now rounded down to the minute: the cache key of every time-windowed query."""
    return now().replace(second=0, microsecond=0)


FOREVER = datetime(9999, 12, 31)


def cutoff(now: datetime) -> datetime:
    """The moment stored facts are cut at (see warehouse.asof): a replayed `now`, since
    the warehouse may hold its future. On the real clock nothing stored lies ahead, and
    cutting at the minute would hide the seconds since it began, so nothing is cut."""
    return now if now_is_overridden() else FOREVER


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise DashboardConfigError(f"{name}={raw!r} is not a number of seconds") from None
    if value < 0:
        raise DashboardConfigError(f"{name}={raw!r} must not be negative")
    return value


def explore_enabled() -> bool:
    raw = os.environ.get("OUTAGEWATCH_EXPLORE", "").strip().lower()
    if raw in ("", "on", "1", "true", "yes"):
        return True
    if raw in ("off", "0", "false", "no"):
        return False
    raise DashboardConfigError(f"OUTAGEWATCH_EXPLORE={raw!r} must be on or off")


def refresh_seconds() -> float:
    return _seconds("OUTAGEWATCH_REFRESH", 60.0)


def cache_ttl() -> float:
    return _seconds("OUTAGEWATCH_CACHE_TTL", 30.0)


def ago(then: datetime | None, ref: datetime) -> str:
    """'12 min ago', '3 h 5 min ago', '4 days ago': how people say it."""
    if then is None:
        return "unknown"
    minutes = int((ref - then).total_seconds() // 60)
    if minutes < 0:
        return "in the future"
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest} min ago" if rest else f"{hours} h ago"
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''} ago"


def duration(minutes: float | None) -> str:
    if minutes is None or minutes != minutes:  # NaN
        return "–"
    td = timedelta(minutes=float(minutes))
    total = int(td.total_seconds() // 60)
    if total < 60:
        return f"{total} min"
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest:02d} min"
