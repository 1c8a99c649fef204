"""Explore (SQL): read-only SQL over the documented views, as a table, a chart and files.

The guard is `warehouse.readonly.run_query`: one SELECT-type statement on a read-only,
file- and network-less connection; anything else comes back as a one-line refusal. A query
DuckDB cannot run is explained as `outagewatch sql` explains it: DuckDB's whole message with
its hints ('Did you mean', 'Candidate bindings'), and the names to query when a table is
wrong."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, labels
from dashboard.source import cached
from dashboard.ui import db_and_now, guarded
from outagewatch.commands.sql_errors import query_error
from warehouse.readonly import QueryError, QueryRefused, list_views, run_query

MAX_ROWS = 10_000
EXAMPLES = {
    "Open incidents, worst first": (
        "SELECT service_name, severity, started_at, peak_reports, total_reports, countries\n"
        "FROM active_incidents\nORDER BY peak_reports DESC"
    ),
    "Incidents per service and day": (
        "SELECT day, service_slug, incidents, minutes_disrupted\nFROM incidents_by_service_day\n"
        "ORDER BY day DESC, minutes_disrupted DESC\nLIMIT 50"
    ),
    "Problem reports per hour (last 2 days of data)": (
        "SELECT date_trunc('hour', bucket) AS hour, sum(reports) AS reports\n"
        "FROM volume_vs_baseline\nWHERE country = ''\n"
        "  AND bucket >= (SELECT max(bucket) FROM volume_vs_baseline) - INTERVAL 2 DAY\n"
        "GROUP BY hour ORDER BY hour"
    ),
    "Countries with the most incidents": (
        "SELECT country, incidents, reports, services\nFROM incidents_per_country\n"
        "ORDER BY incidents DESC, reports DESC\nLIMIT 20"
    ),
    "Lead time over status pages": (
        "SELECT service_slug, incidents_linked, median_lead_minutes, share_detected_first\n"
        "FROM lead_time_by_provider\nORDER BY median_lead_minutes DESC"
    ),
    "Most common symptoms": (
        "SELECT symptom, count(*) AS incidents, sum(reports) AS reports\n"
        "FROM incident_top_symptoms\nWHERE rank = 1\nGROUP BY symptom ORDER BY incidents DESC"
    ),
    "Crawl status": "SELECT * FROM crawl_status ORDER BY last_crawl DESC",
}


@cached
def _views(db: str) -> list[str]:
    return list_views(db)


@cached
def _run(db: str, sql: str) -> pd.DataFrame:
    return run_query(db, sql, limit=MAX_ROWS, timeout=60.0, lock_timeout=15.0)


def _load_example() -> None:
    st.session_state["explore_sql"] = EXAMPLES[st.session_state["explore_example"]]
    st.session_state.pop("explore_result", None)


def _forget_edited_example() -> None:
    """On Run: an example's name stays in the selector only while its SQL is unchanged."""
    name = st.session_state.get("explore_example")
    if name is not None and st.session_state.get("explore_sql") != EXAMPLES.get(name):
        st.session_state["explore_example"] = None


def _explained(exc: QueryError, sql: str, db: str) -> str:
    """The CLI's message for a failed query: DuckDB's error with its hints, plus the views
    and tables only when the table name was wrong."""
    return str(query_error(exc, sql, Path(db)))


def _parquet(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False)
    return buf.getvalue()


def _show(frame: pd.DataFrame) -> None:
    more = " (first rows only)" if len(frame) >= MAX_ROWS else ""
    st.caption(f"{labels.plural(len(frame), 'row')}{more}")
    st.dataframe(frame, hide_index=True)
    numeric = [
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    others = [c for c in frame.columns if c not in numeric]
    if numeric and len(frame) > 1:
        cols = st.columns(2)
        x = cols[0].selectbox("Chart: x", others or list(frame.columns), key="explore_x")
        y = cols[1].selectbox("Chart: y", numeric, key="explore_y")
        if x != y:
            st.altair_chart(charts.auto_chart(frame, x, y), width="stretch")
    dl = st.columns(2)
    dl[0].download_button(
        "Download CSV",
        frame.to_csv(index=False).encode("utf-8"),
        file_name="outagewatch-query.csv",
        mime="text/csv",
    )
    dl[1].download_button(
        "Download Parquet",
        _parquet(frame),
        file_name="outagewatch-query.parquet",
        mime="application/vnd.apache.parquet",
    )


def _body() -> None:
    db, _ = db_and_now()
    st.caption(
        "Read-only SQL (DuckDB dialect) over the documented views. Queries cannot write, "
        f"attach databases or read files. At most {MAX_ROWS:,} rows are returned."
    )
    with st.expander("Views you can query"):
        st.markdown(", ".join(f"`{v}`" for v in _views(db)) or "none yet")
    st.selectbox(
        "Start from an example",
        list(EXAMPLES),
        key="explore_example",
        on_change=_load_example,
        index=None,
        placeholder="Choose an example…",
    )
    if "explore_sql" not in st.session_state:
        st.session_state["explore_sql"] = EXAMPLES["Open incidents, worst first"]
    with st.form("explore_form"):
        sql = st.text_area("SQL", key="explore_sql", height=160)
        submitted = st.form_submit_button(
            "Run query", type="primary", on_click=_forget_edited_example
        )
    if submitted:
        st.session_state.pop("explore_result", None)
        try:
            st.session_state["explore_result"] = _run(db, sql)
        except QueryRefused as exc:
            st.error(f"{exc}")
            return
        except QueryError as exc:
            st.warning(_explained(exc, sql, db))
            return
    result = st.session_state.get("explore_result")
    if result is not None:
        _show(result)


def render() -> None:
    st.title("Explore (SQL)")
    guarded(_body)
