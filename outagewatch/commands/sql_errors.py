"""One-line `outagewatch sql` errors that keep DuckDB's own hints.

warehouse.readonly keeps only the first line of a DuckDB error and appends the views. The
lines after it are the useful part for a typo ('Did you mean "incidents"?', 'Candidate
bindings: "title", ...'), and the list of names helps only when a table name is wrong, so
here the error is rebuilt from the DuckDB exception that readonly's error was raised from.
For the CLI, a syntax error also keeps DuckDB's 'LINE n:' excerpt and the caret under it, on
two more lines: 'at or near "x"' alone does not say which x, or on which line.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import duckdb

from outagewatch.errors import UserError

# Statement kinds that change something: for these, --allow-write is the way to run them.
WRITES = {
    "INSERT",
    "UPDATE",
    "DELETE",
    "CREATE",
    "CREATE_FUNC",
    "DROP",
    "ALTER",
    "COPY",
    "MERGE_INTO",
    "VACUUM",
}
MISSING_TABLE = re.compile(r"^Catalog Error: Table with name \S+ does not exist")
EXCERPT = re.compile(r"\s*LINE \d+:")
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


class PointedError(click.ClickException):
    """An error shown on several lines: the CLI prints a UserError as one line (newlines
    become spaces), which would leave a caret pointing at nothing; this prints as it is."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def duckdb_cause(exc: BaseException) -> duckdb.Error | None:
    """The DuckDB error `exc` was raised while handling, if any (readonly raises `from None`,
    which hides the cause from tracebacks but keeps it as __context__)."""
    seen = exc.__context__
    while seen is not None and not isinstance(seen, duckdb.Error):
        seen = seen.__context__
    return seen


def with_hints(error: duckdb.Error) -> str:
    """DuckDB's message up to its 'LINE n:' excerpt, on one line: the error and its hints."""
    lines = []
    for line in str(error).splitlines():
        if EXCERPT.match(line):
            break
        if line.strip():
            line = line.strip()
            lines.append(line if line[-1] in ".!?:" else f"{line}.")
    return re.sub(r":\s*:\s", ": ", " ".join(lines))  # DuckDB writes 'bindings: : "a"' at times


def excerpt(error: duckdb.Error) -> list[str]:
    """DuckDB's 'LINE n: ...' line and the caret line under it, or [] when it has none.

    A control character in the query (a tab) becomes one space, as DuckDB counts it when it
    places the caret, so the caret still points at the right character.
    """
    lines = str(error).splitlines()
    for i, line in enumerate(lines):
        if EXCERPT.match(line) and i + 1 < len(lines) and "^" in lines[i + 1]:
            return [CONTROL.sub(" ", line).rstrip(), lines[i + 1].rstrip()]
    return []


def writes(sql: str) -> bool:
    """Whether any statement of `sql` would change something."""
    con = duckdb.connect(":memory:")
    try:
        kinds = [str(s.type).rsplit(".", 1)[-1] for s in con.extract_statements(sql)]
    except duckdb.Error:
        return False
    finally:
        con.close()
    return any(kind in WRITES for kind in kinds)


def relations(db_path: Path) -> str:
    """'views: ...; tables: ...' of the warehouse, every one of which a query may read."""
    from warehouse.readonly import open_guarded, relation_names

    try:
        con = open_guarded(db_path)
    except Exception:  # noqa: BLE001 - the names are a courtesy; the error is what matters
        return ""
    try:
        views, tables = relation_names(con, "VIEW"), relation_names(con, "TABLE")
    finally:
        con.close()
    return f"views: {', '.join(views)}; tables: {', '.join(tables)} (see docs/sql.md)"


def query_error(
    exc: Exception, sql: str, db_path: Path, *, pointer: bool = False
) -> UserError | PointedError:
    """A QueryRefused or QueryError from warehouse.readonly as the line the user sees; with
    `pointer`, a syntax error also gets DuckDB's excerpt and caret (two more lines)."""
    from warehouse.readonly import QueryRefused

    if isinstance(exc, QueryRefused):
        hint = " (add --allow-write to change the warehouse)" if writes(sql) else ""
        return UserError(f"{exc}{hint}")
    cause = duckdb_cause(exc)
    first = str(cause).strip().splitlines()[0].strip() if cause else ""
    if not first or not str(exc).startswith(first):
        return UserError(str(exc))  # not DuckDB's verdict on the query: cancelled, cannot open
    message = with_hints(cause)
    if pointer and isinstance(cause, duckdb.ParserException) and (lines := excerpt(cause)):
        return PointedError("\n".join([message, *lines]))
    if MISSING_TABLE.match(message):
        names = relations(db_path)
        message = f"{message} — {names}" if names else message
    return UserError(message)
