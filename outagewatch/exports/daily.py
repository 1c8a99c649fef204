"""Daily outage summaries: build one UTC day, render it, write it.

`build_daily(con, day, until=None)` reads the documented views (see build.py), cut at
`until` when given (asof.py); `render(summary, fmt)` turns it into md, csv, json or html;
`write_daily(...)` is what `outagewatch export daily` and `outagewatch run --daily-export`
call.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from outagewatch.errors import UserError
from outagewatch.exports.build import build_daily
from outagewatch.exports.model import DailySummary
from outagewatch.outfile import write_file
from outagewatch.times import has_time_of_day, parse_utc

__all__ = [
    "FORMATS",
    "build_daily",
    "day_range",
    "filename",
    "parse_day",
    "parse_until",
    "render",
    "write_daily",
]

FORMATS = ("md", "csv", "json", "html")


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date, or a UserError that says what was wrong: the form, or, for a date
    written right that the calendar lacks (2026-11-31), that it is no day."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        if isinstance(text, str) and (m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)):
            raise UserError(
                f"invalid date {text!r}: {_no_such_day(*map(int, m.groups()))}"
            ) from None
        raise UserError(f"invalid date {text!r}: expected YYYY-MM-DD, e.g. 2026-11-21") from None


def _no_such_day(year: int, month: int, day: int) -> str:
    """Why a date in the right form is none: "November has 30 days", "there is no month 13"."""
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 01 to 12)"
    if year == 0:
        return "there is no year 0000 (years start at 0001)"
    days = calendar.monthrange(year, month)[1]
    return f"no such day: {calendar.month_name[month]} {year} has {days} days"


def parse_until(text: str, day: date) -> datetime:
    """An ISO date and time (UTC unless it names a zone) no earlier than `day` begins, as
    naive UTC; or a UserError that says what was wrong."""
    try:
        if not has_time_of_day(text):  # a bare date: its midnight would summarise nothing
            raise ValueError
        value = parse_utc(text)
    except (TypeError, ValueError):
        raise UserError(
            f"invalid --until {text!r}: expected a date and time, YYYY-MM-DDTHH:MM (UTC), "
            "e.g. 2026-11-21T13:00"
        ) from None
    if value <= datetime.combine(day, datetime.min.time()):
        raise UserError(
            f"--until {value:%Y-%m-%dT%H:%M} is not after {day} begins: "
            "nothing of that day was known yet"
        )
    return value


def day_range(first: date, last: date) -> list[date]:
    if last < first:
        raise UserError(f"--to {last} is before --from {first}")
    if (last - first).days > 366:
        raise UserError("a range of more than 366 days; export it in pieces")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def render(
    summary: DailySummary, fmt: str, *, stamp: datetime | None = None, links: bool = True
) -> str | bytes:
    """The summary as md, csv, json or html text. `stamp` adds a "generated at" line;
    `links=False` writes link labels as plain text in md and html (CSV and JSON keep URLs
    as data)."""
    from outagewatch.exports import render_html, render_md, render_table

    if fmt == "md":
        return render_md.render(summary, stamp=stamp, links=links)
    if fmt == "html":
        return render_html.render(summary, stamp=stamp, links=links)
    if fmt == "csv":
        return render_table.to_csv([summary])
    if fmt == "json":
        return render_table.to_json(summary, stamp=stamp)
    raise UserError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def filename(day: date, fmt: str, until: datetime | None = None) -> str:
    """'outages-2026-11-20.md'; cut with --until, 'outages-2026-11-20-asof-1300.md' (the cut's
    date too when it is another day), so a cut file never replaces the whole day's."""
    if until is None:
        return f"outages-{day.isoformat()}.{fmt}"
    cut = f"{until:%H%M}" if until.date() == day else f"{until:%Y-%m-%dT%H%M}"
    return f"outages-{day.isoformat()}-asof-{cut}.{fmt}"


def _db_path(settings_or_db_path: Any) -> Path:
    return Path(getattr(settings_or_db_path, "db_path", settings_or_db_path))


def write_daily(
    settings_or_db_path: Any,
    day: date,
    out_dir: str | Path,
    formats: Iterable[str] = ("md", "html", "json", "csv"),
) -> list[Path]:
    """Write one day's summary in each format to out_dir/outages-DAY.FMT (outfile.write_file:
    atomically, or through a symlink or pipe put there)."""
    from warehouse.db import reader

    formats = list(formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise UserError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")
    with reader(_db_path(settings_or_db_path)) as con:
        summary = build_daily(con, day)
    return [write_file(Path(out_dir) / filename(day, fmt), render(summary, fmt)) for fmt in formats]
