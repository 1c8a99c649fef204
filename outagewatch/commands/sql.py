"""`outagewatch sql`: read-only queries over the documented views (docs/sql.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from outagewatch.commands.common import resolve, settings_options, up_to_date
from outagewatch.commands.output import check_out, choose_format
from outagewatch.commands.sql_errors import query_error
from outagewatch.commands.sql_format import format_frame
from outagewatch.errors import UserError, write_error

FORMATS = ("table", "csv", "json", "parquet")
# How long a query waits for another process's lock (run_query's lock_timeout); --allow-write
# waits as long as warehouse.db.writer does by default (60 s). `resolve` has the wait said.
READ_WAIT = 30.0


def _read_query(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        path = Path(query[1:])
        if not path.is_file():
            raise UserError(f"query file not found: {path}")
        return path.read_text(encoding="utf-8")
    return query


@click.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="table (the default), csv, json or parquet. With --out, the default is the format its "
    "extension names (.csv, .json, .parquet); a --format that contradicts it is refused.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the result to this file instead of stdout (required for parquet).",
)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many rows.")
@click.option(
    "--allow-write", is_flag=True, help="Open the warehouse for writing and run any SQL (careful)."
)
@settings_options
def sql(
    query: str,
    fmt: str | None,
    out: str | None,
    limit: int | None,
    allow_write: bool,
    db: str | None,
    config: str | None,
) -> None:
    """Run a read-only SQL query over the documented views (docs/sql.md).

    QUERY is SQL text, '-' to read it from stdin, or @FILE. Writes, ATTACH, COPY and file
    or network access are refused unless --allow-write is given.

    The table shows NULL as an empty cell and floats rounded to 3 decimals, for reading; csv,
    json and parquet keep full values. In csv, a list or struct value is one JSON value,
    e.g. ["login", "app_crash"].

    \b
    Examples:
      outagewatch sql "SELECT * FROM active_incidents"
      outagewatch sql "SELECT * FROM incidents_by_service_day" --format csv --out by_day.csv
      outagewatch sql "SHOW TABLES"
    """
    from warehouse.readonly import QueryError, QueryRefused, run_query, run_write

    settings = resolve(config, db)
    up_to_date(settings)
    text = _read_query(query)
    fmt = choose_format("sql", out, fmt, FORMATS, "table")
    if fmt == "parquet" and not out:
        raise UserError("--format parquet needs --out FILE")
    if out:
        check_out(out)
    try:
        if allow_write:
            frame = run_write(settings.db_path, text)
            if frame is None:
                click.echo("ok", err=True)
                return
            if limit is not None:
                frame = frame.head(limit)
        else:
            frame = run_query(settings.db_path, text, limit=limit, lock_timeout=READ_WAIT)
    except (QueryRefused, QueryError) as exc:
        raise query_error(exc, text, settings.db_path) from None
    if out:
        _write(frame, fmt, Path(out))
        click.echo(f"wrote {_rows(len(frame))} to {out}", err=True)
    else:
        click.echo(format_frame(frame, fmt), nl=False)


def _write(frame: pd.DataFrame, fmt: str, out: Path) -> None:
    """The result into `out`; an OSError is one line about that path."""
    try:
        if fmt == "parquet":
            frame.to_parquet(out, index=False)
        else:
            out.write_text(format_frame(frame, fmt), encoding="utf-8")
    except OSError as exc:
        raise write_error(out, exc) from None


def _rows(n: int) -> str:
    return "1 row" if n == 1 else f"{n} rows"
