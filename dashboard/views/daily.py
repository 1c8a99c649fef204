"""Daily summary: the same summary `outagewatch export daily` writes, for a chosen day."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import streamlit as st

from dashboard import config, demo
from dashboard.asof import with_as_of
from dashboard.source import cached, read_df
from dashboard.ui import db_and_now, freshness, guarded
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
def _rendered(db: str, day: date) -> dict[str, str | bytes]:
    """Every format of one day's summary, built from one read-only connection."""
    with reader(db) as con:
        summary = build_daily(con, day)
    return {fmt: render_summary(summary, fmt) for fmt in FORMATS}


@cached
def _open_at(db: str, now: datetime, cut: datetime) -> pd.Series:
    """Incidents still open at `now` (as of `cut`), and whether the warehouse holds reports
    of the same day from after `now` (a replay: the export would read them)."""
    sql = """
        SELECT (SELECT count(*) FROM incidents_at WHERE status = 'open' AND started_at <= $now)
                   AS open,
               EXISTS (SELECT 1 FROM post_signals WHERE created_at > $now
                        AND created_at < date_trunc('day', $now::TIMESTAMP) + INTERVAL 1 DAY)
                   AS later
    """
    return read_df(db, with_as_of(sql), {"now": now, "cut": cut}).iloc[0]


# the export's words for what is still open when its data stops (a whole or a partial day)
ONGOING = re.compile(
    r"\b\d+ still ongoing (?:at the end of the day|when the data ends, \d\d:\d\d UTC)"
)


def _replayed_day(db: str, now: datetime, md: str) -> str:
    """A day not over at a replayed `now`: the export has no clock and reads everything
    stored for the day, so say so, and count what was still open at `now` instead."""
    at = _open_at(db, now, config.cutoff(now))
    if not at["later"]:  # the stored day ends before `now`: the export is right as it is
        return md
    n = int(at["open"])
    st.info(
        f"Replayed clock: {now:%Y-%m-%d} is not over at {now:%H:%M} UTC, but this summary "
        f"and its files are built from everything stored for the day, later hours included. "
        f"Incidents still ongoing are counted at {now:%H:%M}."
    )
    return ONGOING.sub(f"{n} still ongoing at {now:%H:%M} UTC", md)


def _body() -> None:
    db, now = db_and_now()
    if freshness(db, now) is None:
        return
    span = _span(db, now).iloc[0]
    last = span["last"].date() if pd.notna(span["last"]) else now.date()
    first = span["first"].date() if pd.notna(span["first"]) else last
    day = st.date_input(
        "Day (UTC)",
        value=last,
        min_value=min(first, last),
        max_value=max(now.date(), last),
        key="daily_day",
    )
    out = _rendered(db, day)
    st.caption(
        f"Outage summary for {day.isoformat()} (UTC). The buttons download the same files "
        f"as `outagewatch export daily --date {day.isoformat()}`."
    )
    cols = st.columns(len(FORMATS))
    for col, (fmt, mime) in zip(cols, FORMATS.items(), strict=True):
        col.download_button(
            download_label(fmt, day),
            out[fmt],
            file_name=filename(day, fmt),
            mime=mime,
            key=f"daily_dl_{fmt}",
        )
    md = str(out["md"])
    if day >= now.date() and config.now_is_overridden():
        md = _replayed_day(db, now, md)
    if demo.is_demo(db):  # the downloads stay the export's own files
        st.caption(demo.NOTE)
        md = demo.unlink_markdown(md)
    with st.container(border=True):
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
