"""`outagewatch crawl`: fetch new posts and official incidents once, with live progress."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from outagewatch.catalog import closest_slug
from outagewatch.commands.common import (
    CRAWL_COUNTS,
    crawl_count_columns,
    resolve,
    say_if_new_warehouse,
    settings_options,
    stop_on_sigterm,
)
from outagewatch.demo.marker import refuse_demo_warehouse
from outagewatch.errors import UserError
from outagewatch.sources import SOURCES, cursor_sources
from outagewatch.times import parse_utc

COLUMNS = tuple(CRAWL_COUNTS)
RELATIVE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


# No source has a post from before the Unix epoch; an earlier --since is a typo, and a huge
# relative one ("99999999999d") would overflow the date arithmetic.
EARLIEST = datetime(1970, 1, 1)


def parse_since(text: str | None, now: datetime | None = None) -> datetime | None:
    """'2026-11-01', '2026-11-01T12:00Z' or relative '30m', '6h', '2d', '1w' -> naive UTC.

    A time after now is refused: no post can be that new, and on Mastodon and Discourse the
    cursor would move past every post the run skipped, losing them for good."""
    if not text:
        return None
    match = RELATIVE.match(text)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    if match:
        try:
            start = now - timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
        except OverflowError:
            start = datetime.min
    else:
        try:
            start = parse_utc(text)
        except ValueError:
            raise UserError(
                f"bad --since {text!r}: use an ISO date/time (2026-11-01, 2026-11-01T12:00Z) "
                "or a relative time (30m = 30 minutes, 6h, 2d, 1w)"
            ) from None
    if start < EARLIEST:
        raise UserError(
            f"bad --since {text!r}: too far back (before 1970, older than any post); "
            "use e.g. 30d or 2026-01-01"
        )
    if start > now:
        raise UserError(
            f"--since {text.strip()} is in the future (now {now:%Y-%m-%d %H:%M} UTC): no post "
            "is that new; give a time in the past, e.g. 6h or a date before today"
        )
    return start


def check_slugs(given: tuple[str, ...], names: dict[str, str]) -> None:
    """Refuse unknown --service slugs (`names` maps each catalog slug to its service name),
    naming the slug the user most likely meant: slugs are lowercase and hyphenated, while
    people type the brand ("Spotify", "Disney+")."""
    missing = [s for s in given if s not in names]
    if not missing:
        return
    said = [
        f"{s} (did you mean {hint!r}?)" if (hint := closest_slug(s, names)) else s for s in missing
    ]
    raise UserError(
        f"unknown service slug(s) {', '.join(said)}; `outagewatch services` lists every slug"
    )


def summary_table(rows: dict[str, dict[str, Any]], skipped: dict[str, str]) -> Table:
    """One row per source, headed as `status` heads its Crawls table."""
    table = Table("source", *crawl_count_columns(), "state")
    for source, stats in sorted(rows.items()):
        state = "done" if stats.get("done") else "running"
        table.add_row(source, *(f"{int(stats.get(c, 0)):,}" for c in COLUMNS), state)
    for source, reason in sorted(skipped.items()):
        table.add_row(source, *("-" for _ in COLUMNS), f"skipped: {reason}")
    return table


def _crawl_help() -> str:
    on = [s.name for s in SOURCES if s.defaults.get("enabled")]
    off = [s.name for s in SOURCES if not s.defaults.get("enabled")]
    listed = f"Sources: {', '.join(on)}; off until a config turns them on: {', '.join(off)}."
    return f"""Fetch new posts and official incidents from the configured sources, once.

Each source remembers where it stopped, so a second run fetches only what is new.
{listed}

\b
Examples:
  outagewatch crawl --config outagewatch.toml
  outagewatch crawl --source mastodon --source hackernews --since 6h
  outagewatch crawl --service spotify --service discord
"""


CRAWL_HELP = _crawl_help()


@click.command(help=CRAWL_HELP)
@settings_options
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--service", "services", multiple=True, help="Only this catalog slug (repeatable).")
@click.option(
    "--since",
    default=None,
    help="Ignore posts older than this: ISO time (UTC unless it says) or 30m/6h/2d/1w (m: "
    f"minutes). On the sources that keep a cursor ({', '.join(cursor_sources())}) they are "
    "skipped for good: later runs start after this run's newest post.",
)
def crawl(
    config: str | None,
    db: str | None,
    sources: tuple[str, ...],
    services: tuple[str, ...],
    since: str | None,
) -> None:
    """Fetch new posts and official incidents once (help: CRAWL_HELP, its source list read
    from the registry of sources)."""
    stop_on_sigterm()
    from crawlers.runner import CrawlError, run_crawl, unknown_sources
    from outagewatch.catalog import configured_catalog
    from warehouse.db import WarehouseError

    if problem := unknown_sources(sources):
        raise UserError(problem)
    settings = resolve(config, db)
    # read here, not only in the crawl processes: a mistake in the file is one line and exit
    # code 2, not a crawl of nothing (each spider failed to start with it)
    known_services = configured_catalog(settings)
    if services:
        check_slugs(services, {s.slug: s.name for s in known_services})
    refuse_demo_warehouse(settings.db_path)
    start = parse_since(since)
    check_env_knobs()
    say_if_new_warehouse(settings.db_path)
    # a log file is no terminal: no 80-column wrapping in the middle of a line
    console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    rows: dict[str, dict[str, Any]] = {}
    skipped: dict[str, str] = {}
    with Live(summary_table(rows, skipped), console=console, refresh_per_second=4) as live:

        def progress(source: str, info: dict[str, Any]) -> None:
            if "skipped" in info:
                skipped[source] = str(info["skipped"])
            else:
                rows[source] = info
            live.update(summary_table(rows, skipped))

        try:
            results = run_crawl(
                settings,
                sources=list(sources) or None,
                services=list(services) or None,
                since=start,
                progress=progress,
            )
        except CrawlError as exc:
            _end_table(live, console)  # the error on a line of its own, below the table
            raise UserError(str(exc)) from None
        except WarehouseError as exc:
            # the spiders could not open the warehouse (a reader held it past the lock wait):
            # no crawl happened, which cron must see (exit 1), but no usage error (exit 2)
            _end_table(live, console)
            click.echo(f"error: crawl failed: {type(exc).__name__}: {exc}", err=True)
            raise SystemExit(1) from None
        for source, stats in results.items():
            rows[source] = dict(stats, done=1)
        live.update(summary_table(rows, skipped))
    if not console.is_terminal:
        console.line()  # Live leaves its last frame without a line end outside a terminal
    total = {c: sum(int(r.get(c, 0)) for r in results.values()) for c in COLUMNS}
    console.print(
        f"crawled {len(results)} source(s): {total['posts_new']:,} new posts, "
        f"{total['posts_dup']:,} already stored, {total['official_new']:,} new official "
        f"incidents, {total['errors']:,} errors"
    )
    if (problem := all_failed(results)) is not None:
        # cron and CI see the exit code, not the table: nothing usable came through
        click.echo(f"error: {problem}", err=True)
        raise SystemExit(1)


def check_env_knobs() -> None:
    """A bad $OUTAGEWATCH_DOWNLOAD_TIMEOUT (or write batch knob) in one line, exit 2: in the
    crawl child it was a traceback."""
    from crawlers.settings import env_knobs

    try:
        env_knobs()
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _end_table(live: Live, console: Console) -> None:
    live.stop()
    if not console.is_terminal:
        console.line()  # Live leaves its last frame without a line end outside a terminal


def all_failed(results: dict[str, dict[str, Any]]) -> str | None:
    """What to say when not one request of any source came to something usable, else None.
    Each source is named with its commonest reason; the advice follows from the reasons:
    error answers (an HTML page, a 500, a moved API) point at the config's URLs, no answer at
    all at the network too, a size or time limit names itself."""
    if not results or not all(_nothing_usable(r) for r in results.values()):
        return None
    named, kinds = [], set()
    for source, stats in sorted(results.items()):
        reasons = stats.get("skipped_for") or []
        if stats.get("failed"):  # the source's crawl could not run (its config, say)
            named.append(f"{source}: {stats['failed']}")
            kind = "failed"
        elif reasons:
            count, reason, kind = reasons[0]
            named.append(f"{source}: {count} × {reason}")
        else:
            named.append(source)
            kind = "network" if int(stats.get("responses", 0)) == 0 else "answer"
        kinds.add(kind)
    which = ", ".join(named)
    if kinds == {"failed"}:
        return f"no source's crawl could run ({which})"
    if kinds == {"answer"}:
        return f"every request got an error answer ({which}): check the source URLs in the config"
    if kinds == {"limit"}:
        return f"every request failed ({which})"  # the reason names the limit
    if "network" in kinds:
        return (
            f"every request failed ({which}): is the network up, and are the sources' URLs in "
            "the config right?"
        )
    return f"every request failed ({which}): check the source URLs in the config"


def _nothing_usable(stats: dict[str, Any]) -> bool:
    """Requests were made and none came to anything: not one was answered (refused, timed
    out, no such host), or every answer was an error (an HTTP error, an HTML page, bad JSON,
    a redirect loop) and nothing was stored; or the source's crawl could not run at all."""
    if stats.get("failed"):
        return True
    if int(stats.get("requests", 0)) == 0:
        return False
    if int(stats.get("responses", 1)) == 0:
        return True
    stored = sum(int(stats.get(c, 0)) for c in ("posts_new", "posts_dup", "official_new"))
    return (
        "answers_used" in stats
        and int(stats["answers_used"]) <= 0
        and int(stats.get("errors", 0)) > 0
        and stored == 0
    )
