"""`outagewatch export`: daily outage summaries and a Parquet copy of the warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from outagewatch.commands.common import check_base_url, resolve, settings_options, up_to_date
from outagewatch.commands.output import check_out, choose_format, named_format, names_folder
from outagewatch.errors import UserError, write_error
from outagewatch.words import plural

DAILY_FORMATS = ("md", "csv", "json", "html")
# Days a summary can be about: posts before 2000 are implausible (see `status --check`), and
# far-off dates overflow the previous-days comparison.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)

if TYPE_CHECKING:
    import duckdb


@click.group()
def export() -> None:
    """Export daily outage summaries, Atom feeds, or the whole warehouse as Parquet.

    \b
    Examples:
      outagewatch export daily --date 2026-11-26 --format html --out summary.html
      outagewatch export parquet --out parquet/
      outagewatch export feed --out feeds/
    """


@export.command(short_help="Summarise one UTC day's outages (or each day of a range).")
@click.option("--date", "day", default=None, help="The UTC day, YYYY-MM-DD.")
@click.option("--from", "first", default=None, help="First day of a range, YYYY-MM-DD.")
@click.option("--to", "last", default=None, help="Last day of a range (inclusive).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DAILY_FORMATS),
    default=None,
    help="md, csv, json or html. Default: the extension of --out (.md, .csv, .json, .html), "
    "else md. A --format that contradicts the extension is refused.",
)
@click.option(
    "--out",
    type=click.Path(),
    default=None,
    help="Output file, or a folder to write outages-YYYY-MM-DD.md into (an existing one, or a "
    "name ending in /, created; a range always writes one file per day into a folder); "
    "default (or -) stdout.",
)
@click.option("--stamp", is_flag=True, help="Add a 'generated at' line (breaks byte-identity).")
@click.option(
    "--until",
    default=None,
    help="With --date: the day as it stood at this UTC time, YYYY-MM-DDTHH:MM (later posts, "
    "report counts and incident updates left out), as a replayed dashboard shows it.",
)
@settings_options
def daily(
    day: str | None,
    first: str | None,
    last: str | None,
    fmt: str | None,
    out: str | None,
    stamp: bool,
    until: str | None,
    db: str | None,
    config: str | None,
) -> None:
    """Summarise the outages of one UTC day (or a --from/--to range, one file per day).

    \b
    Examples:
      outagewatch export daily --date 2026-11-26 --format html --out summary.html
      outagewatch export daily --from 2026-11-20 --to 2026-11-26 --out summaries/
      outagewatch export daily --date 2026-11-26 --until 2026-11-26T13:00
    """
    from outagewatch.exports import render_md, render_table
    from outagewatch.exports.daily import (
        build_daily,
        day_range,
        filename,
        parse_day,
        parse_until,
        render,
    )
    from warehouse.db import reader
    from warehouse.outdated import OUTDATED_ERRORS, outdated_line

    if day and (first or last):
        raise UserError("give either --date or --from/--to, not both")
    if day:
        days = [_sane_day(parse_day(day), "--date")]
    elif first or last:
        if not (first and last):
            raise UserError("a range needs both --from and --to")
        days = day_range(_sane_day(parse_day(first), "--from"), _sane_day(parse_day(last), "--to"))
    else:
        raise UserError("give --date YYYY-MM-DD (or --from/--to)")
    if until is not None and not day:
        raise UserError("--until needs --date: it cuts one day, not a --from/--to range")
    as_of = parse_until(until, days[0]) if until is not None else None
    out = None if out == "-" else out  # stdout, as sql, analyze and detect-series read it
    if len(days) > 1 and out:
        _refuse_file_for_range(Path(out), fmt, days[0])
    one_file = len(days) == 1 and not (out and names_folder(out))  # summaries/ is a folder
    fmt = choose_format("export daily", out, fmt, DAILY_FORMATS, "md") if one_file else fmt or "md"
    if out and one_file:
        check_out(out)
    settings = resolve(config, db)
    up_to_date(settings)
    when = datetime.now(UTC).replace(tzinfo=None) if stamp else None
    with reader(settings.db_path) as con:
        try:
            summaries = [build_daily(con, d, until=as_of) for d in days]
        except OUTDATED_ERRORS as exc:  # a view or column missing
            line = outdated_line(con, exc)
            if line is None:  # a current file: a bug in the query, for the traceback
                raise
            raise UserError(line) from None
        empty = sum(not s.has_data for s in summaries)
        held = _days_held(con, days[0], days[-1]) if empty else ""
        if empty < len(summaries) and empty:  # a range reaching past the warehouse's days
            click.echo(
                f"note: {plural(empty, 'day')} of the {len(days):,} had no data"
                + (f"; {held}" if held else ""),
                err=True,
            )
        elif held:
            click.echo(f"note: {held}", err=True)
    if one_file:
        data = render(summaries[0], fmt, stamp=when)
        if out:
            _write(Path(out), data)
            click.echo(f"wrote {out}", err=True)
        else:
            click.echo(data, nl=False)
        return
    if out:
        paths = []
        for s in summaries:
            target = Path(out) / filename(s.day, fmt, as_of)
            check_out(target, new_folders=True)
            paths.append(_write(target, render(s, fmt, stamp=when)))
        if len(paths) <= LIST_WRITTEN:
            for path in paths:
                click.echo(f"wrote {path}", err=True)
        else:  # a year is 365 lines of "wrote"
            click.echo(
                f"wrote {len(paths):,} daily summaries into {out} "
                f"({paths[0].name} ... {paths[-1].name})",
                err=True,
            )
        return
    if fmt == "html":
        raise UserError("an HTML range needs --out DIR (one file per day)")
    if fmt == "csv":
        click.echo(render_table.to_csv(summaries), nl=False)
    elif fmt == "json":
        click.echo(render_table.to_json_many(summaries), nl=False)
    else:
        click.echo("\n---\n\n".join(render_md.render(s, stamp=when) for s in summaries), nl=False)


LIST_WRITTEN = 10  # a range of more days is said in one line, not a line per file


def _days_held(con: duckdb.DuckDBPyConnection, first_day: date, last_day: date) -> str:
    """Which days the warehouse has posts for, when the days asked lie outside them: a
    summary of no data is still written (a scheduled export keeps its files), but the user
    likely meant another day. Empty when the days asked are inside (a quiet day, or one cut
    with --until before its first post)."""
    first, last = con.execute(
        "SELECT min(created_at)::DATE, max(created_at)::DATE FROM posts"
    ).fetchone()
    if first is None:
        return (
            "the warehouse holds no posts yet: crawl (`outagewatch run`) or try `outagewatch demo`"
        )
    if first <= first_day and last_day <= last:
        return ""
    return f"the warehouse holds posts from {first} to {last} (UTC)"


def _refuse_file_for_range(out: Path, fmt: str | None, first: date) -> None:
    """A range writes one file per day into --out; an --out named like a file (range.md)
    would silently become a folder of that name, so it is refused before any work."""
    from outagewatch.exports.daily import filename

    if not out.suffix or out.is_dir():
        return
    named = named_format(out)
    wanted = fmt or (named if named in DAILY_FORMATS else "md")
    also = f" --format {wanted}" if wanted != "md" and not fmt else ""
    raise UserError(
        f"--out {out} names a file, but a --from/--to range writes one file per day "
        f"({filename(first, wanted)}, ...): pass a folder, e.g. --out {out.with_suffix('')}/{also}"
    )


def _sane_day(day: date, option: str) -> date:
    """A day a summary can be about; 0001-01-01 would otherwise overflow deep inside."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UserError(
            f"{option} {day} is outside the days a summary can cover, {FIRST_DAY} .. {LAST_DAY}"
        )
    return day


def _write(path: Path, data: str | bytes) -> Path:
    """Write atomically, or in place through a symlink, pipe or device (outfile.write_file);
    an OSError names the user's path, not the temporary file beside it."""
    from outagewatch.outfile import write_file

    try:
        return write_file(path, data)
    except OSError as exc:
        raise write_error(path, exc) from None


@contextmanager
def _writing(out: str) -> Iterator[None]:
    """A folder --out that turns out unwritable midway (/proc: its parent exists, but takes no
    new folder) is one line naming it, exit code 2, as `export daily` says it for a file."""
    import duckdb

    try:
        yield
    except OSError as exc:
        raise write_error(Path(out), exc) from None
    except duckdb.IOException as exc:  # COPY ... TO, which DuckDB writes itself
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "I/O error"
        raise UserError(f"cannot write {out}: {reason}") from None


@export.command(short_help="Copy the warehouse to Parquet, partitioned by day.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@settings_options
def parquet(out: str, db: str | None, config: str | None) -> None:
    """Copy the warehouse to Parquet, Hive-partitioned by day (day=YYYY-MM-DD).

    \b
    Examples:
      outagewatch export parquet --out parquet/
      outagewatch export parquet --out backup/ --db data/demo.duckdb
    """
    from outagewatch.exports.parquet import export_parquet

    check_out(out, new_folders=True)
    settings = resolve(config, db)
    up_to_date(settings)
    with _writing(out):
        manifest = export_parquet(settings.db_path, Path(out))
    for name, info in manifest["relations"].items():
        click.echo(f"{name}: {plural(info['rows'], 'row')}", err=True)
    click.echo(f"wrote {out}", err=True)


@export.command(short_help="Write Atom feeds of incidents: all, per service, per country.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option(
    "--base-url", default="", help="Public URL of `outagewatch serve`, for links (optional)."
)
@click.option(
    "--dashboard-url",
    default="",
    help="Public URL of `outagewatch dashboard`: entries link their incident page "
    "(default: [notify] dashboard_url).",
)
@settings_options
def feed(out: str, base_url: str, dashboard_url: str, db: str | None, config: str | None) -> None:
    """Write Atom feeds of incidents: all.atom, services/<slug>.atom, countries/<CC>.atom.

    \b
    Examples:
      outagewatch export feed --out feeds/
      outagewatch export feed --out /var/www/feeds --base-url https://outages.example.org
    """
    from outagewatch.api.atom import write_feeds
    from warehouse.db import reader

    check_base_url(base_url)
    check_base_url(dashboard_url, "--dashboard-url")
    check_out(out, new_folders=True)
    settings = resolve(config, db)
    up_to_date(settings)
    dashboard = dashboard_url or check_base_url(
        str((settings.notify or {}).get("dashboard_url", "")), "[notify] dashboard_url"
    )
    with reader(settings.db_path) as con, _writing(out):
        paths = write_feeds(con, Path(out), base_url, dashboard)
    click.echo(f"wrote {plural(len(paths), 'feed')} into {out}", err=True)
