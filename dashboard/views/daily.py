"""Daily summary: the same summary `outagewatch export daily` writes, for a chosen day."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from dashboard.queries import overview
from dashboard.source import cached, read_df
from dashboard.ui import db_and_now, guarded
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


def _body() -> None:
    db, now = db_and_now()
    if not overview(db, now)["overview"].iloc[0]["posts"]:
        st.info("No posts yet: run `outagewatch crawl` or `make demo`, then come back.")
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
    st.caption(f"The same files as `outagewatch export daily --date {day.isoformat()}`.")
    cols = st.columns(len(FORMATS))
    for col, (fmt, mime) in zip(cols, FORMATS.items(), strict=True):
        col.download_button(
            f"Download {fmt.upper()}",
            out[fmt],
            file_name=filename(day, fmt),
            mime=mime,
            key=f"daily_dl_{fmt}",
        )
    with st.container(border=True):
        st.markdown(str(out["md"]))


def render() -> None:
    st.title("Daily summary")
    guarded(_body)
