"""Read-only SQL over the warehouse, for `outagewatch sql` and the dashboard's explorer.

The guard has three layers, so one mistake in any of them is not enough to escape:

1. a statement classifier (DuckDB's own parser) admits exactly one SELECT-type statement;
2. the file is ATTACHed READ_ONLY inside a private in-memory DuckDB instance, so no write
   can reach it and a process-wide cached connection is never reconfigured by us;
3. before the user's query runs, that instance loses file and network access
   (`enable_external_access=false`), extension autoload/autoinstall, and then has its
   configuration locked, so the query cannot switch any of it back on.

A query also has limits, so one query cannot take the machine: TIME_LIMIT seconds of DuckDB
work and MEMORY_LIMIT of DuckDB memory. `query_chunks` hands the rows over a chunk at a time,
so a caller writing a file holds one chunk, never the whole result.
"""

from __future__ import annotations

import getpass
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb
import pandas as pd

from warehouse.db import missing_error, open_error_text, retry_while_locked

if TYPE_CHECKING:
    import pyarrow as pa

ALIAS = "warehouse"
ALLOWED = {duckdb.StatementType.SELECT}
# A runaway query fails with an out-of-memory error instead of starving the process. Read at
# each call (not bound as a default), so a test can lower it for a whole CLI run.
MEMORY_LIMIT = "2GB"
# Seconds of DuckDB work a query may take before it is cancelled.
TIME_LIMIT = 120.0
# DuckDB vectors (2,048 rows each) per chunk of query_chunks: 65,536 rows, a few tens of MB
# for wide rows; big enough that most results are one chunk and format exactly as before.
CHUNK_VECTORS = 32
CHUNK_ROWS = CHUNK_VECTORS * 2048
# The key of a result frame's attrs that holds its columns' DuckDB types (as_typed).
DUCKDB_TYPES = "duckdb_types"
LOCKDOWN = (
    # The warehouse's times are naive UTC: now() and current_date must be UTC too.
    "SET TimeZone = 'UTC'",
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


class QueryTooBig(QueryError):
    """The query ran out of memory: DuckDB's `limit` for a query, or (None) the process's."""

    def __init__(self, limit: str | None) -> None:
        self.limit = limit
        self.what = (
            f"query stopped: it needed more than the {readable(limit)} of memory a query may use"
            if limit
            else "query stopped: its rows do not fit in memory"
        )
        super().__init__(
            f"{self.what}; aggregate it (GROUP BY, count(*)) or return fewer rows "
            "(a LIMIT, a narrower WHERE)"
        )


class QueryTimedOut(QueryError):
    """The query ran longer than the time limit (`seconds`)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"query cancelled after {seconds:g} s (the time limit for a query): narrow it with "
            "WHERE (e.g. a shorter time range), join fewer rows, or add a LIMIT"
        )
        self.seconds = seconds


def readable(size: str) -> str:
    """A DuckDB size as people write it: '2GB' -> '2 GB'."""
    return re.sub(r"(?<=\d)(?=[A-Za-z])", " ", size.strip())


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
    try:
        statements = parser_statements(sql, con)
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None
    if not statements:
        raise QueryError("empty query: write one SELECT statement")
    if len(statements) > 1:
        raise QueryRefused(
            f"refused: {len(statements)} statements given; run one SELECT statement at a time"
        )
    kind, explain = statements[0].type, False
    if kind == duckdb.StatementType.EXPLAIN and (inner := explained(sql, con)) is not None:
        # the plan of a query is read-only, and EXPLAIN ANALYZE runs it under the same guard;
        # the plan of a write is refused like the write, as EXPLAIN ANALYZE would run it
        try:
            kind = parser_statements(inner, con)[0].type
        except (duckdb.Error, IndexError):
            raise QueryError(f"cannot read the statement EXPLAIN explains: {inner!r}") from None
        sql, explain = inner, True
    if kind not in ALLOWED:
        raise QueryRefused(
            f"refused: {statement_name(sql, kind)} statements are not allowed"
            f"{', nor EXPLAIN of one' if explain else ''}; only read-only SELECT queries "
            "(SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, and EXPLAIN of one) run here"
        )


def parser_statements(sql: str, con: duckdb.DuckDBPyConnection | None) -> list:
    """DuckDB's statements of `sql`, parsed on `con` or a private connection (see classify)."""
    parser = con or duckdb.connect(":memory:")
    try:
        return parser.extract_statements(sql)
    finally:
        if con is None:
            parser.close()


def _tokens(sql: str) -> list[tuple[int, str]]:
    """(position, text) of each token that is no comment; [] when DuckDB cannot tokenize."""
    try:
        found = [(pos, kind) for pos, kind in duckdb.tokenize(sql)]
    except duckdb.Error:
        return []
    ends = [pos for pos, _ in found[1:]] + [len(sql)]
    return [
        (pos, sql[pos:end].strip())
        for (pos, kind), end in zip(found, ends, strict=True)
        if kind != duckdb.token_type.comment
    ]


def explained(sql: str, con: duckdb.DuckDBPyConnection | None = None) -> str | None:
    """The statement `EXPLAIN [ANALYZE] [(options)] statement` explains, as text to classify
    in turn (EXPLAIN ANALYZE runs it); None when the text does not read so."""
    tokens = _tokens(sql)
    if not tokens or tokens[0][1].upper() != "EXPLAIN":
        return None
    i = 1
    if i < len(tokens) and tokens[i][1].upper() == "ANALYZE":
        i += 1
    if i < len(tokens) and tokens[i][1] == "(":
        close = _closing(tokens, i)
        if close is None:
            return None
        # "(" opens an option list, "(FORMAT json) SELECT 1", or a parenthesised query,
        # "(SELECT 1)", "(SELECT 1) UNION (SELECT 2)": it is options when a statement of
        # its own follows the ")", as DuckDB's grammar reads it
        rest = sql[tokens[close + 1][0] :] if close + 1 < len(tokens) else ""
        if rest and _parses_alone(rest, con):
            return rest
    return sql[tokens[i][0] :] if i < len(tokens) else None


def _closing(tokens: list[tuple[int, str]], opening: int) -> int | None:
    """The index of the ")" that closes the "(" at tokens[opening]; None when none does."""
    depth = 0
    for j in range(opening, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[j][1], 0)
        if depth == 0:
            return j
    return None


def _parses_alone(sql: str, con: duckdb.DuckDBPyConnection | None) -> bool:
    """True when DuckDB reads `sql` as exactly one statement."""
    try:
        return len(parser_statements(sql, con)) == 1
    except duckdb.Error:
        return False


def statement_name(sql: str, kind: duckdb.StatementType) -> str:
    """The statement as the user wrote it, its leading keyword: DuckDB files INSTALL under
    LOAD, CHECKPOINT under CALL, USE and RESET under SET, TRUNCATE under DELETE. A query
    that opens with WITH or FROM (or a bracket) is named by its kind."""
    words = [text.upper() for _, text in _tokens(sql)[:2]]
    if words[:1] == ["FORCE"] and len(words) == 2 and words[1].isalpha():
        return f"FORCE {words[1]}"
    if words and words[0].isalpha() and words[0] not in ("WITH", "FROM"):
        return words[0]
    return str(kind).rsplit(".", 1)[-1]


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
        raise QueryError(open_error_text(path, exc)) from None


def spill_folder() -> Path:
    """Where a big sort spills: the user's own folder in the system's temp folder, owner-only
    (spilled rows are warehouse rows), not `.tmp` wherever the reader happens to stand."""
    folder = Path(tempfile.gettempdir()) / f"outagewatch-duckdb-{getpass.getuser()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def open_guarded(
    path: str | Path, timeout: float = 30.0, *, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A locked-down connection on the warehouse: read-only, no files, no network, no SET.

    `memory_limit` (default MEMORY_LIMIT) is set before the configuration is locked.
    """
    con = _attach(Path(path), timeout)
    limit = (memory_limit or MEMORY_LIMIT).replace("'", "")
    spill = str(spill_folder()).replace("'", "")
    for statement in (
        f"SET memory_limit = '{limit}'",
        f"SET temp_directory = '{spill}'",
        *LOCKDOWN,
    ):
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


def _translate(
    exc: duckdb.Error,
    con: duckdb.DuckDBPyConnection,
    timeout: float | None = None,
    memory_limit: str | None = None,
) -> Exception:
    line = _first_line(exc)
    if isinstance(exc, duckdb.PermissionException) or any(m in line for m in REFUSED_MARKERS):
        return QueryRefused(
            f"refused: queries here cannot write, attach, read or write files, load "
            f"extensions, change settings or reach the network ({line})"
        )
    if isinstance(exc, duckdb.InterruptException):
        return QueryTimedOut(timeout or TIME_LIMIT)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return QueryTooBig(memory_limit or MEMORY_LIMIT)
    try:
        views = ", ".join(relation_names(con))
    except duckdb.Error:
        views = "(unavailable)"
    return QueryError(f"{line} — views available: {views}")


def _run(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None) -> pd.DataFrame:
    rel = con.sql(sql)
    if limit is not None:
        rel = rel.limit(int(limit))
    return as_typed(rel.df(), rel.types)


def _described(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    return as_typed(frame, [d[1] for d in con.description or ()])


def as_typed(frame: pd.DataFrame, types: Sequence[object]) -> pd.DataFrame:
    """A HUGEINT (what every sum() of integers gives, the views' counts) arrives from pandas
    as a float and was written "85.0", a double in Parquet: it becomes a whole number, by the
    column's DuckDB type alone, so every chunk of a streamed result agrees (a value past
    int64, over 9.2e18, keeps the float). DATEs stay pandas timestamps: the dashboard's
    charts draw them as time; the column types ride along in `frame.attrs[DUCKDB_TYPES]`,
    so a writer that can keep a DATE (Parquet) does."""
    frame.attrs[DUCKDB_TYPES] = [str(kind) for kind in types]
    for i, kind in enumerate(types):
        if i >= frame.shape[1] or str(kind) not in ("HUGEINT", "UHUGEINT"):
            continue
        column = frame.iloc[:, i]
        if column.dtype.kind == "f" and (column.dropna().abs() < 2**63).all():
            frame.isetitem(i, column.round().astype("Int64"))
    return frame


def arrow_table(frame: pd.DataFrame, schema: pa.Schema | None = None) -> pa.Table:
    """A result frame as Arrow for Parquet (`sql --out x.parquet`, the explorer's download):
    a DATE column, a midnight timestamp in pandas, is a date again, as DuckDB and `export
    parquet` write it; the frame's attrs (its DuckDB types) stay out of the file's metadata.
    With `schema`, the frame takes it (a later chunk of a streamed result)."""
    import pyarrow as pa

    types = frame.attrs.get(DUCKDB_TYPES, [])
    bare = frame.copy(deep=False)
    bare.attrs = {}
    if schema is not None:
        return pa.Table.from_pandas(bare, schema, preserve_index=False)
    table = pa.Table.from_pandas(bare, preserve_index=False)
    fields = [
        field.with_type(pa.date32())
        if i < len(types) and types[i] == "DATE" and pa.types.is_timestamp(field.type)
        else field
        for i, field in enumerate(table.schema)
    ]
    if fields == list(table.schema):
        return table
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def _refuse_empty(db_path: str | Path, sql: str) -> None:
    if not sql or not sql.strip():
        raise QueryError(
            f"empty query: write one SELECT statement — views available: "
            f"{', '.join(list_views(db_path))}"
        )


def _classify_here(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """classify, with the views named when the text does not even parse."""
    try:
        classify(sql, con)
    except QueryError as exc:
        raise QueryError(f"{exc} — views available: {', '.join(relation_names(con))}") from None


def run_query(
    db_path: str | Path,
    sql: str,
    limit: int | None = None,
    *,
    timeout: float | None = TIME_LIMIT,
    lock_timeout: float = 30.0,
) -> pd.DataFrame:
    """Run one read-only SELECT over the warehouse and return its rows.

    Raises QueryRefused (not allowed) or QueryError (DuckDB could not run it; the message
    names the views available). Both messages are one line. `timeout` cancels long queries.
    """
    _refuse_empty(db_path, sql)
    con = open_guarded(db_path, timeout=lock_timeout)
    timer = threading.Timer(timeout, con.interrupt) if timeout else None
    try:
        _classify_here(con, sql)
        if timer:
            timer.start()
        return _run(con, sql, limit)
    except duckdb.Error as exc:
        raise _translate(exc, con, timeout) from None
    except MemoryError:
        raise QueryTooBig(None) from None
    finally:
        if timer:
            timer.cancel()
        con.close()


T = TypeVar("T")


class _Clock:
    """The time limit, counted while DuckDB works (runs, fetches, converts), not while the
    caller writes a chunk to a file: a long export that keeps moving is not a runaway query."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float | None) -> None:
        self.con = con
        self.left = seconds

    def run(self, step: Callable[[], T]) -> T:
        if self.left is None:
            return step()
        timer = threading.Timer(max(self.left, 0.0), self.con.interrupt)
        start = time.monotonic()
        timer.start()
        try:
            return step()
        finally:
            timer.cancel()
            self.left -= time.monotonic() - start


def query_chunks(
    db_path: str | Path,
    sql: str,
    limit: int | None = None,
    *,
    timeout: float | None = TIME_LIMIT,
    lock_timeout: float = 30.0,
    memory_limit: str | None = None,
) -> Iterator[pd.DataFrame]:
    """run_query's rows as DataFrames of at most CHUNK_ROWS rows, so any number of rows can be
    written in bounded memory. Each chunk is what run_query would give for those rows; the
    first always comes, empty for an empty result, and carries the columns.

    The connection stays open while the caller reads: close the generator (contextlib.closing)
    when stopping early. Errors are run_query's, raised where the chunk would have come.
    """
    _refuse_empty(db_path, sql)
    memory_limit = memory_limit or MEMORY_LIMIT
    con = open_guarded(db_path, timeout=lock_timeout, memory_limit=memory_limit)
    clock = _Clock(con, timeout)
    try:
        _classify_here(con, sql)
        if limit is not None and limit <= CHUNK_ROWS:
            # One chunk anyway: let DuckDB apply the LIMIT (a top-N instead of a full sort).
            yield clock.run(lambda: _run(con, sql, limit))
            return
        clock.run(lambda: con.execute(sql))
        left = limit
        first = True
        while left is None or left > 0:
            chunk = _described(con, clock.run(lambda: con.fetch_df_chunk(CHUNK_VECTORS)))
            if left is not None:
                chunk = chunk.iloc[:left]
                left -= len(chunk)
            if chunk.empty and not first:
                return
            first = False
            yield chunk
    except duckdb.Error as exc:
        raise _translate(exc, con, timeout, memory_limit) from None
    except MemoryError:
        raise QueryTooBig(None) from None
    finally:
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
            return _described(con, con.df())
        except duckdb.Error as exc:
            raise QueryError(_first_line(exc)) from None


def list_views(db_path: str | Path) -> list[str]:
    """The documented views in this warehouse file."""
    con = open_guarded(db_path)
    try:
        return relation_names(con)
    finally:
        con.close()
