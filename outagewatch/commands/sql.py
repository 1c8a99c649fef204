"""`outagewatch sql`: read-only queries over the documented views (docs/sql.md).

Rows come from warehouse.readonly.query_chunks a chunk at a time and are written as they
come, so --out (and csv or json on stdout) holds one chunk in memory whatever the row count.
Only the table, which aligns its columns over every row, needs them all: on the terminal it
shows at most TABLE_ROWS unless --limit says otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click
import pandas as pd

from outagewatch.commands.common import resolve, settings_options, up_to_date
from outagewatch.commands.output import check_out, choose_format
from outagewatch.commands.sql_errors import query_error
from outagewatch.commands.sql_format import format_frame, to_csv, to_json
from outagewatch.errors import UserError, write_error
from outagewatch.outfile import writing
from outagewatch.tabular import bom_codec
from outagewatch.words import plural

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

FORMATS = ("table", "csv", "json", "parquet")
# How long a query waits for another process's lock (run_query's lock_timeout); --allow-write
# waits as long as warehouse.db.writer does by default (60 s). `resolve` has the wait said.
READ_WAIT = 30.0
# Rows a table on the terminal shows without --limit: more scroll past unread, and the table
# (aligned over every row) must hold them all. csv and json on stdout are for programs and
# pipes, which want every row, so they are not capped.
TABLE_ROWS = 1000
# Past the cap, rows are counted (not kept) up to this many, to say how many there are.
COUNT_UP_TO = 1_000_000
# A parquet column that is NULL in every row so far has no type yet; chunks are held back up
# to this many rows waiting for a value that gives it one (see _write_parquet).
HOLD_ROWS = 262_144


def _read_query(query: str) -> str:
    """The query's text from the argument, stdin ('-') or @FILE, refused in one line when it
    is not text: Python carries undecodable argv and stdin bytes as lone surrogates, which
    DuckDB's parser rejects with a TypeError that names neither the query nor the byte."""
    if query == "-":
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read() if stream is not None else _bytes_of(sys.stdin.read())
        return _decode(data, "the query on stdin")
    if query.startswith("@"):
        path = Path(query[1:])
        if path.is_dir():
            raise UserError(f"query file {path} is a folder: give @FILE, a file holding the SQL")
        if not path.is_file():
            raise UserError(f"query file not found: {path}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read query file {path}: {exc.strerror}") from None
        return _decode(data, f"the query file {path}")
    return _decode(_bytes_of(query), "the query argument")


def _bytes_of(text: str) -> bytes:
    """The bytes a text read with Python's surrogate escapes came from."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no byte gives: invalid UTF-8 either way
        return text.encode("utf-8", "surrogatepass")


def _decode(data: bytes, what: str) -> str:
    """UTF-8 (a byte-order mark dropped), or UTF-16 or UTF-32 when their byte-order mark says
    so (tabular.bom_codec: a UTF-32 LE mark begins as UTF-16 LE's does)."""
    if codec := bom_codec(data):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            raise UserError(
                f"{what} starts with a {codec.upper()} byte-order mark but is not "
                f"{codec.upper()} text: save it as UTF-8"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}): save it as UTF-8"
        ) from None


class _QueryMayStartWithAComment(click.Command):
    """A query may open with an SQL comment ("-- incidents like the largest one…"), which
    Click would take for an option and refuse. No option name holds a space or a line
    break, so such a token is passed on as the query."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" not in args:
            queries = [a for a in args if a.startswith("--") and any(c.isspace() for c in a)]
            if queries:
                args = [a for a in args if a not in queries] + ["--", *queries]
        return super().parse_args(ctx, args)


@click.command(cls=_QueryMayStartWithAComment)
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
    help="Write the result to this file instead of stdout ('-' is stdout; parquet needs a file).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"At most this many rows. Without it, a table on the terminal shows the first "
    f"{TABLE_ROWS} and says how many more there are; csv, json and --out have every row.",
)
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

    QUERY is SQL text, '-' to read it from stdin, or @FILE (UTF-8; UTF-16 or UTF-32
    with its byte-order mark is read too). Writes, ATTACH, COPY and file
    or network access are refused unless --allow-write is given.

    The table shows NULL as an empty cell and floats rounded to 3 decimals, for reading; csv,
    json and parquet keep full values. In csv, a list or struct value is one JSON value,
    e.g. ["login", "app_crash"].

    A query may run 120 s and use 2 GB of memory. csv, json and parquet, to --out or
    stdout, are written as the rows come, so any number of rows fits in memory.

    \b
    Examples:
      outagewatch sql "SELECT * FROM active_incidents"
      outagewatch sql "SELECT * FROM incidents_by_service_day" --format csv --out by_day.csv
      outagewatch sql "SHOW TABLES"
    """
    from warehouse.readonly import QueryError, QueryRefused, QueryTooBig

    settings = resolve(config, db)
    up_to_date(settings)
    text = _read_query(query)
    out = None if out == "-" else out  # as analyze and detect-series read it: stdout
    fmt = choose_format("sql", out, fmt, FORMATS, "table")
    if fmt == "parquet" and not out:
        raise UserError("--format parquet needs --out FILE")
    if out:
        check_out(out)
    try:
        if allow_write:
            _run_write(settings.db_path, text, fmt, out, limit)
        else:
            _run_read(settings.db_path, text, fmt, out, limit)
    except QueryTooBig as exc:
        raise UserError(_too_big(exc.what, fmt, in_duckdb=exc.limit is not None)) from None
    except (QueryRefused, QueryError) as exc:
        raise query_error(exc, text, settings.db_path, pointer=True) from None
    except Exception as exc:
        if not _out_of_memory(exc):
            raise
        raise UserError(_too_big("query stopped: its rows do not fit in memory", fmt)) from None


def _out_of_memory(exc: Exception) -> bool:
    """MemoryError, or pyarrow's way of saying it: turning a value into a Python object failed
    ('Unknown error: Wrapping <value> failed'; pyarrow drops the MemoryError it got)."""
    pyarrow = type(exc).__module__.startswith("pyarrow")
    return isinstance(exc, MemoryError) or (
        pyarrow and str(exc).startswith("Unknown error: Wrapping ")
    )


def _too_big(what: str, fmt: str, in_duckdb: bool = False) -> str:
    """What to do about a query that ran out of memory, in this command's options. Past
    DuckDB's own limit (`in_duckdb`) the query needs the memory before any row reaches the
    writer, so neither --out nor the table's 1,000 rows help, and --limit only a sort."""
    if in_duckdb:
        return (
            f"{what}; it is the query itself that needs it (a big sort, join or DISTINCT, or one "
            "huge value such as a list() or string_agg() over millions of rows), whatever the "
            "output: narrow it with WHERE, aggregate into smaller values, or, for a sort, add "
            "--limit N (a top N needs less memory than a full sort)"
        )
    if fmt != "table":
        return (
            f"{what}; add --limit N or aggregate it (GROUP BY, count(*)): rows are written a "
            "chunk at a time, so it is the query itself (a big sort, join or DISTINCT) that "
            "needs the memory"
        )
    return (
        f"{what}; add --limit N, aggregate it (GROUP BY, count(*)), or write the rows with "
        "--out FILE.csv (or .parquet, .json), which holds one chunk at a time"
    )


def _run_read(db_path: Path, text: str, fmt: str, out: str | None, limit: int | None) -> None:
    from warehouse.readonly import query_chunks

    with closing(query_chunks(db_path, text, limit=limit, lock_timeout=READ_WAIT)) as chunks:
        if out:
            n = _write(chunks, fmt, Path(out))
            click.echo(f"wrote {_rows(n)} to {out}", err=True)
        elif fmt != "table":
            write_text(chunks, fmt, lambda piece: click.echo(piece, nl=False))
        elif limit is not None:
            click.echo(format_frame(pd.concat(list(chunks)), fmt), nl=False)
        else:
            _show_capped(chunks)


def _run_write(db_path: Path, text: str, fmt: str, out: str | None, limit: int | None) -> None:
    """--allow-write: any SQL on a write connection; its result, if any, is written whole."""
    from warehouse.readonly import run_write

    if not db_path.exists():  # a mistyped --db must not become a new, empty warehouse
        raise UserError(
            f"no warehouse at {db_path}: --allow-write changes an existing warehouse; check "
            "--db / OUTAGEWATCH_DB (`outagewatch demo` or `outagewatch crawl` make one)"
        )
    frame = run_write(db_path, text)
    if frame is None:
        click.echo("ok", err=True)
        return
    if limit is not None:
        frame = frame.head(limit)
    if out:
        n = _write([frame], fmt, Path(out))
        click.echo(f"wrote {_rows(n)} to {out}", err=True)
    else:
        click.echo(format_frame(frame, fmt), nl=False)


def _show_capped(chunks: Iterator[pd.DataFrame]) -> None:
    """The first TABLE_ROWS rows as a table; when there are more, the table's last line says
    so and stderr says how to get them."""
    kept: list[pd.DataFrame] = []
    total = 0
    for chunk in chunks:
        if total < TABLE_ROWS:
            kept.append(chunk.iloc[: TABLE_ROWS - total])
        total += len(chunk)
        if total > COUNT_UP_TO:
            break
    head = pd.concat(kept)
    table = format_frame(head, "table")
    if total <= len(head):
        click.echo(table, nl=False)
        return
    of = f"{total:,}" if total <= COUNT_UP_TO else f"more than {COUNT_UP_TO:,}"
    # format_frame ends the table with "(N rows)"; here N is only the rows shown.
    footer = f"({_rows(len(head))})\n"
    click.echo(table.removesuffix(footer) + f"(first {len(head):,} of {of} rows)\n", nl=False)
    click.echo(
        f"showing the first {len(head):,} of {of} rows: add --limit N to show more, or write "
        "them all with --out FILE (or --format csv)",
        err=True,
    )


def write_text(chunks: Iterable[pd.DataFrame], fmt: str, write: Callable[[str], object]) -> int:
    """csv or json, a chunk at a time, as the same text format_frame gives for all the rows
    at once (to_csv's header once, to_json's records inside one array). Returns the rows."""
    n = 0
    header: str | None = None
    if fmt == "json":
        write("[")
    for chunk in chunks:
        if fmt == "csv":
            piece = to_csv(chunk)
            if header is None:
                header = to_csv(chunk.iloc[:0])
            else:
                piece = piece.removeprefix(header)
            write(piece)
        elif not chunk.empty:
            # to_json(chunk) is "[\n" + records + "\n]\n"; records join with ",\n".
            write(("\n" if n == 0 else ",\n") + to_json(chunk)[2:-3])
        n += len(chunk)
    if fmt == "json":
        write("\n]\n" if n else "]\n")
    return n


def _write(chunks: Iterable[pd.DataFrame], fmt: str, out: Path) -> int:
    """The rows into `out`; returns how many. Written as every command writes a named file
    (outfile.writing): a plain file through a temporary file that replaces `out` once
    complete, so a query that fails midway leaves no half file (and an older `out` as it
    was); a pipe or device in place, a named pipe no process reads refused at once. An
    OSError is one line about `out`."""
    try:
        with writing(out) as fh:
            if fmt == "parquet":
                return _write_parquet(chunks, fh, out)
            if fmt in ("csv", "json"):
                return write_text(chunks, fmt, lambda piece: fh.write(piece.encode("utf-8")))
            # a table aligns over every row: it is built whole
            frame = pd.concat(list(chunks))
            fh.write(format_frame(frame, fmt).encode("utf-8"))
            return len(frame)
    except OSError as exc:
        raise write_error(out, exc) from None


def _write_parquet(chunks: Iterable[pd.DataFrame], target: BinaryIO, out: Path) -> int:
    """Parquet as DataFrame.to_parquet writes it (the same bytes for a one-chunk result without
    a DATE, which stays a date: readonly.arrow_table), one row group per chunk. A column
    NULL in every row so far has pyarrow's type `null`, which a later value could not be
    written as: chunks are held back (up to HOLD_ROWS rows) until every column has a type,
    which the held chunks then take."""
    import pyarrow as pa

    from warehouse.readonly import arrow_table

    held: list[pa.Table] = []
    writer: pq.ParquetWriter | None = None
    n = 0
    try:
        for chunk in chunks:
            n += len(chunk)
            if writer is not None:
                writer.write_table(arrow_table(chunk, writer.schema))
                continue
            held.append(arrow_table(chunk))
            schema = _settled(held)
            if n < HOLD_ROWS and any(pa.types.is_null(f.type) for f in schema):
                continue
            writer = _open_parquet(target, schema, held)
            held = []
        if writer is None:
            writer = _open_parquet(target, _settled(held), held)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        untyped = [f.name for f in writer.schema if pa.types.is_null(f.type)] if writer else []
        reason = (
            f"{', '.join(untyped)} NULL in the first {HOLD_ROWS} rows (so without a type) and "
            "not after"
            if untyped
            else "; ".join(str(a).strip() for a in exc.args).splitlines()[0]
        )
        raise UserError(
            f"cannot write {out} as parquet: {reason}; give each column one type in the query "
            "(e.g. CAST(x AS VARCHAR[])) or write csv or json"
        ) from None
    finally:
        if writer is not None:
            writer.close()
    return n


def _settled(tables: list[pa.Table]) -> pa.Schema:
    """The first table's schema, each `null` column typed by the first table with a value."""
    import pyarrow as pa

    first = tables[0].schema
    fields = []
    for i, field in enumerate(first):
        typed = (t.schema.field(i) for t in tables if not pa.types.is_null(t.schema.field(i).type))
        fields.append(next(typed, field) if pa.types.is_null(field.type) else field)
    return pa.schema(fields, metadata=first.metadata)


def _open_parquet(target: BinaryIO, schema: pa.Schema, held: list[pa.Table]) -> pq.ParquetWriter:
    """A writer on `target` with the held chunks written, in the schema they settled on."""
    import pyarrow.parquet as pq

    writer = pq.ParquetWriter(target, schema, compression="snappy")
    for table in held:
        writer.write_table(table if table.schema.equals(schema) else table.cast(schema))
    return writer


def _rows(n: int) -> str:
    return plural(n, "row")
