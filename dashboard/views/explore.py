"""Explore (SQL): read-only SQL over the documented views, as a table, a chart and files.

The guard is `warehouse.readonly.run_query`: one SELECT-type statement on a read-only,
file- and network-less connection; anything else comes back as a one-line refusal. A query
DuckDB cannot run is explained as `outagewatch sql` explains it: DuckDB's whole message with
its hints ('Did you mean', 'Candidate bindings'), and the names to query when a table is
wrong."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, config, labels, schema_docs
from dashboard.source import cached
from dashboard.ui import db_and_now, freshness, guarded
from outagewatch.commands.sql_errors import query_error
from warehouse.readonly import QueryError, QueryRefused, arrow_table, run_query

MAX_ROWS = 10_000
# how a cell a spreadsheet would run as a formula starts: "=HYPERLINK(…)", "+1…", "@SUM(…)"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Example:
    """An example query, what its chart is about (x and y columns: the first numeric
    column was often not the point, e.g. `incidents_linked` for lead times) and how to
    show its numbers (Streamlit NumberColumn formats)."""

    sql: str
    x: str
    y: str
    formats: dict[str, str] = field(default_factory=dict)


EXAMPLES = {
    "Open incidents, worst first": Example(
        "SELECT service_name, severity, started_at, peak_reports, total_reports, countries\n"
        "FROM active_incidents\nORDER BY peak_reports DESC",
        "service_name",
        "peak_reports",
    ),
    "Incidents per service and day": Example(
        "SELECT day, service_slug, incidents, minutes_disrupted\nFROM incidents_by_service_day\n"
        "ORDER BY day DESC, minutes_disrupted DESC\nLIMIT 50",
        "day",
        "minutes_disrupted",
    ),
    "Problem reports per hour (last 2 days of data)": Example(
        "SELECT date_trunc('hour', bucket) AS hour, sum(reports) AS reports\n"
        "FROM volume_vs_baseline\nWHERE country = ''\n"
        "  AND bucket >= (SELECT max(bucket) FROM volume_vs_baseline) - INTERVAL 2 DAY\n"
        "GROUP BY hour ORDER BY hour",
        "hour",
        "reports",
    ),
    "Countries with the most incidents": Example(
        "SELECT country, main_incidents, incidents, reports, services\n"
        "FROM incidents_per_country\nORDER BY main_incidents DESC, reports DESC\nLIMIT 20",
        "country",
        "main_incidents",
    ),
    "Lead time over status pages": Example(
        "SELECT service_slug, incidents_linked, median_lead_minutes, share_detected_first\n"
        "FROM lead_time_by_provider\nORDER BY median_lead_minutes DESC",
        "service_slug",
        "median_lead_minutes",
        {"median_lead_minutes": "%.1f", "share_detected_first": "percent"},
    ),
    "Most common symptoms": Example(
        "SELECT symptom, count(*) AS incidents, sum(reports) AS reports\n"
        "FROM incident_top_symptoms\nWHERE rank = 1\nGROUP BY symptom ORDER BY reports DESC",
        "symptom",
        "reports",
    ),
    "Crawl status": Example(
        "SELECT * FROM crawl_status ORDER BY last_crawl DESC", "source", "posts_new"
    ),
}
COLUMNS_SQL = """
    SELECT t.table_type, c.table_name, c.column_name, c.data_type
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
    WHERE c.table_schema = 'main' AND c.table_catalog = current_database()
    ORDER BY t.table_type DESC, c.table_name, c.ordinal_position
"""


@cached
def _relations(db: str) -> pd.DataFrame:
    """(table_type, table_name, column_name, data_type) of everything a query may read,
    read through the same guard the queries go through."""
    return run_query(db, COLUMNS_SQL, timeout=60.0, lock_timeout=15.0)


@cached
def _run(db: str, sql: str) -> pd.DataFrame:
    return run_query(db, sql, limit=MAX_ROWS, timeout=60.0, lock_timeout=15.0)


def _load_example() -> None:
    st.session_state["explore_sql"] = EXAMPLES[st.session_state["explore_example"]].sql
    st.session_state.pop("explore_result", None)


def _forget_edited_example() -> None:
    """On Run: an example's name stays in the selector only while its SQL is unchanged."""
    name = st.session_state.get("explore_example")
    example = EXAMPLES.get(name) if name is not None else None
    if name is not None and (example is None or st.session_state.get("explore_sql") != example.sql):
        st.session_state["explore_example"] = None


def _explained(exc: QueryError, sql: str, db: str) -> tuple[str, str]:
    """The CLI's message for a failed query: DuckDB's error with its hints, plus the views
    and tables only when the table name was wrong; and for a syntax error, the CLI's
    'LINE n:' excerpt with the caret under it ('' when there is none), shown as code so
    the caret stays under its word."""
    message, *pointer = str(query_error(exc, sql, Path(db), pointer=True)).split("\n")
    return message, "\n".join(pointer)


def _parquet(frame: pd.DataFrame) -> bytes:
    """As `outagewatch sql --out x.parquet` writes it: a DATE stays a date (arrow_table)."""
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(arrow_table(frame), buf, compression="snappy")
    return buf.getvalue()


def _is_utc_time(column: pd.Series) -> bool:
    """The warehouse stores naive UTC timestamps; an aware one is shown in its own zone."""
    dtype = column.dtype
    if not pd.api.types.is_datetime64_any_dtype(dtype):
        return False
    tz = getattr(dtype, "tz", None)
    return tz is None or str(tz) == "UTC"


def column_config(frame: pd.DataFrame, example: Example | None) -> dict[str, object]:
    """Times labelled "(UTC)" to the second, days (a DATE arrives as a timestamp at
    midnight) as dates; an example's numbers in its formats (a median to one decimal, a
    share as a percentage)."""
    config: dict[str, object] = {
        c: st.column_config.DatetimeColumn(
            f"{c} (UTC)",
            format="YYYY-MM-DD" if charts.is_whole_days(frame[c]) else "YYYY-MM-DD HH:mm:ss",
        )
        for c in frame.columns
        if _is_utc_time(frame[c])
    }
    for c, fmt in (example.formats if example else {}).items():
        if c in frame.columns:
            config[c] = st.column_config.NumberColumn(c, format=fmt)
    return config


def chart_columns(frame: pd.DataFrame, example: Example | None) -> tuple[list, list, str, str]:
    """(x options, y options, default x, default y): an example's own columns when it
    names them; for another query the first non-numeric and the first numeric column.
    A column without a single value is no option: charted, it drew an empty plot."""
    filled = [c for c in frame.columns if frame[c].notna().any()]
    numeric = [
        c
        for c in filled
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    xs = [c for c in filled if c not in numeric] or filled
    x = example.x if example and example.x in xs else (xs or [""])[0]
    y = example.y if example and example.y in numeric else (numeric or [""])[0]
    return xs, numeric, x, y


def no_chart_reason(frame: pd.DataFrame, ys: list) -> str | None:
    """Why there is no chart, in one line, or None when there is one to draw."""
    if frame.empty:
        return None  # the row count above says it
    if not ys:
        return "No chart: no column holds numbers to plot."
    if len(frame) < 2:
        return "No chart for a single row."
    return None


def _chart(frame: pd.DataFrame, example: Example | None) -> None:
    xs, ys, x, y = chart_columns(frame, example)
    if not ys or len(frame) < 2:
        if reason := no_chart_reason(frame, ys):
            st.caption(reason)
        return
    # the widgets' keys follow the result's columns, so a new query starts at its defaults
    key = f"{abs(hash((tuple(frame.columns), x, y))):x}"
    cols = st.columns(2)
    x = cols[0].selectbox("Chart: x", xs, index=xs.index(x), key=f"explore_x_{key}")
    y = cols[1].selectbox("Chart: y", ys, index=ys.index(y), key=f"explore_y_{key}")
    if x != y:
        # the bars' numbers as the table prints them ("%.1f" there, not 14.65 here)
        printf = example.formats.get(y, "") if example else ""
        d3 = f",.{printf[2:-1]}f" if re.fullmatch(r"%\.\d+f", printf) else None
        st.altair_chart(charts.auto_chart(frame, x, y, d3), width="stretch")


def _show(frame: pd.DataFrame, example: Example | None, sql: str, ran_at: datetime) -> None:
    more = " (first rows only)" if len(frame) >= MAX_ROWS else ""
    st.caption(f"{labels.plural(len(frame), 'row')}{more}")
    st.dataframe(frame, hide_index=True, column_config=column_config(frame, example))
    _chart(frame, example)
    # side by side at the left, as the Daily page's: in two half-width columns, Parquet
    # floated mid-page
    dl = st.container(horizontal=True)
    dl.download_button(
        "Download CSV",
        spreadsheet_csv(frame),
        file_name=download_name(sql, ran_at, "csv"),
        mime="text/csv",
        help="For a spreadsheet: a text that starts with =, +, -, @, a tab or a carriage "
        "return gets a leading ' so it opens as text, not as a formula. Parquet keeps every "
        "value exact.",
    )
    dl.download_button(
        "Download Parquet",
        _parquet(frame),
        file_name=download_name(sql, ran_at, "parquet"),
        mime="application/vnd.apache.parquet",
    )


def spreadsheet_csv(frame: pd.DataFrame) -> bytes:
    """The result as CSV for a spreadsheet. Posts are written by anyone, and a spreadsheet
    runs a cell such as "=HYPERLINK(…)" as a formula, so a text cell that starts like one
    gets a leading ' (OWASP's CSV-injection advice); numbers and other cells are as they are.
    `outagewatch sql --format csv` writes the exact text, for programs."""

    def safe(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value

    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe)
    return out.to_csv(index=False).encode("utf-8")


def _relations_help(db: str) -> None:
    """The views, then the base tables, one line each: what it is (docs/sql.md's first
    sentence) and its columns with their types (expanders cannot nest, and a line per view
    keeps 30-odd names scannable); then any one's columns with their meanings."""
    rel = _relations(db)
    docs = schema_docs.documented()
    for kind, title in (("VIEW", "Views"), ("BASE TABLE", "Tables")):
        part = rel[rel["table_type"] == kind]
        st.markdown(f"**{title}** ({part['table_name'].nunique()})")
        lines = []
        for name, cols in part.groupby("table_name", sort=True):
            meaning = docs[name].summary if name in docs else ""
            columns = ", ".join(
                f"`{c}` {short_type(t)}"
                for c, t in zip(cols["column_name"], cols["data_type"], strict=True)
            )
            lines.append(f"- `{name}`" + (f": {meaning}" if meaning else "") + f"  \n  {columns}")
        st.markdown("\n".join(lines) or "none yet")
    names = sorted(rel["table_name"].unique())
    picked = st.selectbox(
        "What each column means", names, index=None, placeholder="Choose a view or table…"
    )
    if picked:
        cols = rel[rel["table_name"] == picked]
        meanings = docs[picked].columns if picked in docs else {}
        st.dataframe(
            pd.DataFrame(
                {
                    "column": cols["column_name"],
                    "type": cols["data_type"],
                    "meaning": [meanings.get(c, "") for c in cols["column_name"]],
                }
            ),
            hide_index=True,
        )


def short_type(data_type: str) -> str:
    """A column's DuckDB type, a STRUCT's dozens of fields cut to "STRUCT(…)"."""
    head, paren, _ = str(data_type).partition("(")
    return f"{head}(…)" if paren and len(data_type) > 24 else str(data_type)


def download_name(sql: str, ran_at: datetime, ext: str) -> str:
    """'outagewatch-incident_summary-20261120-1200.csv': what the query read first and when
    it ran, so files saved from several queries tell themselves apart."""
    m = re.search(r"\bfrom\s+([A-Za-z_]\w*)", sql, flags=re.IGNORECASE)
    what = m.group(1).lower() if m else "query"
    return f"outagewatch-{what}-{ran_at:%Y%m%d-%H%M%S}.{ext}"


def _as_of(db: str, now: datetime) -> None:
    """The pages' "As of" line; on a replayed clock, that SQL reads stored rows as they are."""
    freshness(db, now)
    if config.now_is_overridden():
        st.caption(
            f"Queries read the stored rows as they are, not cut at {now:%Y-%m-%d %H:%M}: "
            "they may hold what happened after the replayed clock (e.g. `active_incidents` "
            "is the latest run's)."
        )


def _body() -> None:
    db, now = db_and_now()
    _as_of(db, now)
    st.caption(
        "Read-only SQL (DuckDB dialect) over the documented views and the tables beneath "
        "them: what each is and its columns are below; the full reference, with examples, is "
        f"{schema_docs.DOC_NAME} in outagewatch's source. Queries cannot write, attach "
        "databases or read files. "
        f"At most {MAX_ROWS:,} rows are returned. Times are UTC."
    )
    with st.expander("Views and tables you can query, with their columns"):
        _relations_help(db)
    st.selectbox(
        "Start from an example",
        list(EXAMPLES),
        key="explore_example",
        on_change=_load_example,
        index=None,
        placeholder="Choose an example…",
    )
    if "explore_sql" not in st.session_state:
        st.session_state["explore_sql"] = EXAMPLES["Open incidents, worst first"].sql
    with st.form("explore_form"):
        sql = st.text_area("SQL", key="explore_sql", height=160)
        submitted = st.form_submit_button(
            "Run query", type="primary", on_click=_forget_edited_example
        )
    if submitted:
        st.session_state.pop("explore_result", None)
        name = st.session_state.get("explore_example")
        st.session_state["explore_result_example"] = name
        try:
            st.session_state["explore_result"] = _run(db, sql)
            st.session_state["explore_result_sql"] = (sql, datetime.now(UTC).replace(tzinfo=None))
        except QueryRefused as exc:
            st.error(f"{exc}")
            return
        except QueryError as exc:
            message, pointer = _explained(exc, sql, db)
            st.warning(message)
            if pointer:
                st.code(pointer, language=None)
            return
    result = st.session_state.get("explore_result")
    if result is not None:
        ran_sql, ran_at = st.session_state.get("explore_result_sql", (sql, now))
        example = EXAMPLES.get(st.session_state.get("explore_result_example") or "")
        _show(result, example, ran_sql, ran_at)


def render() -> None:
    st.title("Explore (SQL)")
    guarded(_body_if_enabled)


def _body_if_enabled() -> None:
    if not config.explore_enabled():  # reached by its URL although the menu leaves it out
        st.info("The SQL explorer is turned off on this dashboard (OUTAGEWATCH_EXPLORE=off).")
        return
    _body()
