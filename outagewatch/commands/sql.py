"""`outagewatch sql`: read-only queries over the documented views (docs/sql.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from outagewatch.commands.common import resolve, settings_options
from outagewatch.errors import UserError

FORMATS = ("table", "csv", "json", "parquet")


def _jsonable(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    return value


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """A query result as text: an aligned table, CSV or JSON records."""
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        records = [
            {k: _jsonable(v) for k, v in row.items()}
            for row in frame.astype(object).where(frame.notna(), None).to_dict("records")
        ]
        return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"
    if frame.empty:
        return "(no rows) columns: " + ", ".join(map(str, frame.columns)) + "\n"
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        return frame.to_string(index=False) + f"\n({len(frame)} rows)\n"


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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
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
    fmt: str,
    out: str | None,
    limit: int | None,
    allow_write: bool,
    db: str | None,
    config: str | None,
) -> None:
    """Run a read-only SQL query over the documented views (docs/sql.md).

    QUERY is SQL text, '-' to read it from stdin, or @FILE. Writes, ATTACH, COPY and file
    or network access are refused unless --allow-write is given.

    \b
    Examples:
      outagewatch sql "SELECT * FROM active_incidents"
      outagewatch sql "SELECT * FROM incidents_by_service_day" --format csv --out by_day.csv
      outagewatch sql "SHOW TABLES"
    """
    from warehouse.readonly import QueryError, QueryRefused, run_query, run_write

    settings = resolve(config, db)
    text = _read_query(query)
    if fmt == "parquet" and not out:
        raise UserError("--format parquet needs --out FILE")
    try:
        if allow_write:
            frame = run_write(settings.db_path, text)
            if frame is None:
                click.echo("ok", err=True)
                return
            if limit is not None:
                frame = frame.head(limit)
        else:
            frame = run_query(settings.db_path, text, limit=limit)
    except (QueryRefused, QueryError) as exc:
        hint = (
            " (add --allow-write to change the warehouse)" if isinstance(exc, QueryRefused) else ""
        )
        raise UserError(f"{exc}{hint}") from None
    if fmt == "parquet":
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(out, index=False)
        click.echo(f"wrote {len(frame)} rows to {out}", err=True)
        return
    text_out = format_frame(frame, fmt)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text_out, encoding="utf-8")
        click.echo(f"wrote {len(frame)} rows to {out}", err=True)
    else:
        click.echo(text_out, nl=False)
