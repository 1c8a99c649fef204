"""Daily summary: the same summary `outagewatch export daily` writes, for a chosen day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboard import config, demo
from dashboard.source import cached, read_df
from dashboard.ui import db_and_now, follow_url, freshness, guarded, keep_in_url, qp
from outagewatch.exports.daily import build_daily, filename
from outagewatch.exports.daily import render as render_summary
from warehouse.db import reader

FORMATS = {
    "md": "text/markdown",
    "html": "text/html",
    "csv": "text/csv",
    "json": "application/json",
}


@cached
def _span(db: str, now: datetime) -> pd.DataFrame:
    return read_df(
        db,
        "SELECT min(created_at)::DATE AS first, max(created_at)::DATE AS last "
        "FROM post_signals WHERE created_at <= $now",
        {"now": now},
    )


@cached
def _rendered(
    db: str, day: date, until: datetime | None, links: bool
) -> tuple[dict[str, str | bytes], str]:
    """Every format of one day's summary as of `until`, from one read-only connection, and
    the Markdown the page shows (`links=False`: without the demo's simulated links)."""
    with reader(db) as con:
        summary = build_daily(con, day, until=until)
    files = {fmt: render_summary(summary, fmt) for fmt in FORMATS}
    shown = files["md"] if links else render_summary(summary, "md", links=False)
    return files, str(shown)


@cached
def _stored_after(db: str, now: datetime) -> bool:
    """Whether the warehouse knows anything from after `now`: a post, or an incident update
    (an incident of an earlier day may end, or be acknowledged, after a replayed now)."""
    sql = (
        "SELECT coalesce(greatest((SELECT max(created_at) FROM posts), "
        "(SELECT max(updated_at) FROM incidents)) > $now, false) AS later"
    )
    return bool(read_df(db, sql, {"now": now}).iloc[0]["later"])


def as_of(db: str, now: datetime) -> datetime | None:
    """The moment to cut the summary at: a replayed `now` when the warehouse holds facts
    from after it, whatever the day (an incident of yesterday may end after `now`); else
    none, the export of all that is stored."""
    if not config.now_is_overridden() or not _stored_after(db, now):
        return None
    return now


def export_command(day: date, until: datetime | None) -> str:
    """The CLI call that writes the same files as the buttons (`until` is the page's now,
    whole minutes: config.query_now)."""
    cmd = f"outagewatch export daily --date {day.isoformat()}"
    if until is not None:
        cmd += f" --until {until:%Y-%m-%dT%H:%M}"
    return cmd


def _asked_day(low: date, high: date) -> date | None:
    """The day in ?date=YYYY-MM-DD, when it is one and the warehouse can summarise it."""
    asked = qp("date")
    if asked is None:
        return None
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        st.warning(f"Date `{asked}` is not a day (use YYYY-MM-DD). Showing the latest day.")
        return None
    if not low <= day <= high:
        st.warning(
            f"{day.isoformat()} is outside the days this warehouse holds "
            f"({low.isoformat()} to {high.isoformat()}). Showing the latest day."
        )
        return None
    return day


def _body() -> None:
    db, now = db_and_now()
    if freshness(db, now) is None:
        return
    span = _span(db, now).iloc[0]
    last = span["last"].date() if pd.notna(span["last"]) else now.date()
    first = span["first"].date() if pd.notna(span["first"]) else last
    low, high = min(first, last), max(now.date(), last)
    reading = _asked_day(low, high) or last
    # the days the warehouse holds: a day kept from before they moved on is replaced too
    days = [low + timedelta(days=n) for n in range((high - low).days + 1)]
    follow_url("date", "daily_day", reading, days)
    # value=None: the day comes from the session state follow_url set (a cleared box too)
    day = st.date_input("Day (UTC)", value=None, min_value=low, max_value=high, key="daily_day")
    keep_in_url({"date": day.isoformat()}, {"date": reading.isoformat()})
    until = as_of(db, now)
    simulated = demo.is_demo(db)
    files, md = _rendered(db, day, until, not simulated)
    st.caption(
        f"Outage summary for {day.isoformat()} (UTC). The buttons download the same files "
        f"as `{export_command(day, until)}`."
    )
    # side by side at the left, as Explore's CSV and Parquet buttons
    buttons = st.container(horizontal=True)
    for fmt, mime in FORMATS.items():
        buttons.download_button(
            download_label(fmt, day),
            files[fmt],
            file_name=filename(day, fmt, until),
            mime=mime,
            key=f"daily_dl_{fmt}",
        )
    if until is not None:
        st.info(
            f"Replayed clock: the warehouse holds facts from after {until:%Y-%m-%d %H:%M} UTC, "
            f"so this summary and its files are as of {until:%H:%M} UTC on {until:%Y-%m-%d}: "
            "later posts and incident updates are left out."
        )
    if simulated:
        # The files keep the links: they are the export's own (CSV and JSON carry the URLs
        # as data anyway), and `outagewatch export daily` writes the same bytes.
        st.caption(f"{demo.NOTE} The downloaded files keep them, as the export writes them.")
    # keyed for style.CSS, which keeps its table's title column readable on a phone
    with st.container(border=True, key="daily_summary"):
        st.markdown(without_title(md))


def download_label(fmt: str, day: date) -> str:
    """'Download MD for 2026-11-17': the date field commits a typed day only when it loses
    focus, so the button names the day it will download, not the one typed."""
    return f"Download {fmt.upper()} for {day.isoformat()}"


def without_title(md: str) -> str:
    """The summary without its '# Outage summary for …' line: the page has its title and
    names the day above, and two headings read as two pages."""
    first, _, rest = md.lstrip().partition("\n")
    return rest.lstrip("\n") if first.startswith("# ") else md


def render() -> None:
    st.title("Daily summary")
    guarded(_body)
