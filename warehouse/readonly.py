"""Read-only SQL over the warehouse, for `outagewatch sql` and the dashboard's explorer.

The guard has three layers, so one mistake in any of them is not enough to escape:

1. a statement classifier (DuckDB's own parser) admits exactly one SELECT-type statement;
2. the file is ATTACHed READ_ONLY inside a private in-memory DuckDB instance, so no write
   can reach it and a process-wide cached connection is never reconfigured by us;
3. before the user's query runs, that instance loses file and network access
   (`enable_external_access=false`), extension autoload/autoinstall, and then has its
   configuration locked, so the query cannot switch any of it back on.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import missing_error, retry_while_locked

ALIAS = "warehouse"
ALLOWED = {duckdb.StatementType.SELECT}
LOCKDOWN = (
    # The warehouse's times are naive UTC: now() and current_date must be UTC too.
    "SET TimeZone = 'UTC'",
    # A runaway query fails with an out-of-memory error instead of starving the process.
    "SET memory_limit = '2GB'",
    "SET enable_external_access = false",
    "SET autoload_known_extensions = false",
    "SET autoinstall_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",
)
REFUSED_MARKERS = (
    "disabled by configuration",
    "disabled through configuration",
    "configuration has been locked",
    "read-only mode",
)


class QueryRefused(Exception):
    """The query tried to do something a read-only query may not (write, attach, read files)."""


class QueryError(Exception):
    """The query is allowed but DuckDB could not run it (syntax, unknown column or view)."""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def classify(sql: str, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Raise QueryRefused unless `sql` is exactly one SELECT-type statement.

    Parses on `con` (or a private in-memory connection): DuckDB's module-level default
    connection is shared by every thread, and the dashboard serves several at once.
    """
    if not sql or not sql.strip():
        raise QueryError("empty query: write one SELECT statement")
    parser = con or duckdb.connect(":memory:")
    try:
        statements = parser.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None
    finally:
        if con is None:
            parser.close()
    if not statements:
        raise QueryError("empty query: write one SELECT statement")
    if len(statements) > 1:
        raise QueryRefused(
            f"refused: {len(statements)} statements given; run one SELECT statement at a time"
        )
    kind = statements[0].type
    if kind not in ALLOWED:
        name = str(kind).rsplit(".", 1)[-1]
        raise QueryRefused(
            f"refused: {name} statements are not allowed; only read-only SELECT queries "
            "(SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) run here"
        )


def _attach(path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    """The warehouse attached READ_ONLY in a private in-memory instance."""
    if not path.exists():
        raise missing_error(path)
    literal = str(path).replace("'", "''")

    def connect() -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"ATTACH '{literal}' AS {ALIAS} (READ_ONLY)")
            con.execute(f"USE {ALIAS}")
        except duckdb.Error:
            con.close()
            raise
        return con

    try:
        return retry_while_locked(connect, path, timeout)
    except duckdb.Error as exc:
        raise QueryError(f"cannot open warehouse {path}: {_first_line(exc)}") from None


def open_guarded(path: str | Path, timeout: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A locked-down connection on the warehouse: read-only, no files, no network, no SET."""
    con = _attach(Path(path), timeout)
    for statement in LOCKDOWN:
        con.execute(statement)
    return con


def relation_names(con: duckdb.DuckDBPyConnection, kind: str = "VIEW") -> list[str]:
    """Names of the warehouse's views (or base tables), sorted."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = ? AND table_schema = 'main' AND table_type = ? ORDER BY 1",
        [ALIAS, "VIEW" if kind == "VIEW" else "BASE TABLE"],
    ).fetchall()
    return [r[0] for r in rows]


def _translate(exc: duckdb.Error, con: duckdb.DuckDBPyConnection) -> Exception:
    line = _first_line(exc)
    if isinstance(exc, duckdb.PermissionException) or any(m in line for m in REFUSED_MARKERS):
        return QueryRefused(
            f"refused: queries here cannot write, attach, read or write files, load "
            f"extensions, change settings or reach the network ({line})"
        )
    if isinstance(exc, duckdb.InterruptException):
        return QueryError("query cancelled: it ran longer than the time limit")
    try:
        views = ", ".join(relation_names(con))
    except duckdb.Error:
        views = "(unavailable)"
    return QueryError(f"{line} — views available: {views}")


def _run(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None) -> pd.DataFrame:
    rel = con.sql(sql)
    if limit is not None:
        rel = rel.limit(int(limit))
    return rel.df()


def run_query(
    db_path: str | Path,
    sql: str,
    limit: int | None = None,
    *,
    timeout: float | None = 120.0,
    lock_timeout: float = 30.0,
) -> pd.DataFrame:
    """Run one read-only SELECT over the warehouse and return its rows.

    Raises QueryRefused (not allowed) or QueryError (DuckDB could not run it; the message
    names the views available). Both messages are one line. `timeout` cancels long queries.
    """
    if not sql or not sql.strip():
        raise QueryError(
            f"empty query: write one SELECT statement — views available: "
            f"{', '.join(list_views(db_path))}"
        )
    con = open_guarded(db_path, timeout=lock_timeout)
    timer = threading.Timer(timeout, con.interrupt) if timeout else None
    try:
        try:
            classify(sql, con)
        except QueryError as exc:
            raise QueryError(f"{exc} — views available: {', '.join(relation_names(con))}") from None
        if timer:
            timer.start()
        return _run(con, sql, limit)
    except duckdb.Error as exc:
        raise _translate(exc, con) from None
    finally:
        if timer:
            timer.cancel()
        con.close()


def run_write(db_path: str | Path, sql: str) -> pd.DataFrame | None:
    """Run any SQL with write access (the CLI's --allow-write). Returns the last result, if any."""
    from warehouse.db import writer

    if not sql or not sql.strip():
        raise QueryError("empty query")
    with writer(db_path) as con:
        try:
            con.execute(sql)
            if con.description is None:
                return None
            return con.df()
        except duckdb.Error as exc:
            raise QueryError(_first_line(exc)) from None


def list_views(db_path: str | Path) -> list[str]:
    """The documented views in this warehouse file."""
    con = open_guarded(db_path)
    try:
        return relation_names(con)
    finally:
        con.close()
