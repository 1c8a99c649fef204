"""`outagewatch status`: what is in the warehouse and how fresh it is."""

from __future__ import annotations

import math
import sys
from datetime import UTC, datetime

import click
import duckdb
from rich.console import Console
from rich.table import Column, Table

from outagewatch.commands.common import (
    CRAWL_COUNTS,
    crawl_count_columns,
    resolve,
    settings_options,
    up_to_date,
)
from outagewatch.demo.marker import DEMO_STATE_KEY, REPLAY_CLOCK
from warehouse import db as warehouse_db

# A problem report is one post about one service (the `problem_reports` view, the figure
# `process` and the README give); a post naming two services is two reports, so the posts
# behind them are counted on their own line.
COUNTS = {
    "posts": "SELECT count(*) FROM posts",
    "posts processed": "SELECT count(*) FROM post_signals",
    "problem reports (post × service)": "SELECT count(*) FROM problem_reports",
    "posts that are problem reports": "SELECT count(DISTINCT post_key) FROM problem_reports",
    "official incidents": "SELECT count(*) FROM official_incidents",
    "incidents": "SELECT count(*) FROM incidents",
    "open incidents": "SELECT count(*) FROM incidents WHERE status = 'open'",
}


# Per source, every run's counts summed: the crawl_status view, so `status`, `sql` and the
# dashboard's explorer give the same figures.
CRAWLS = "SELECT * FROM crawl_status ORDER BY source"
# A count the view lacks: it was made by an older outagewatch, and no writer has opened the
# file since to bring the views up to date.
NOT_IN_VIEW = object()


def crawl_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(source, last crawl, *CRAWL_COUNTS) per source, read by column name from the view."""
    cursor = con.execute(CRAWLS)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [
        (r["source"], r["last_crawl"], *(r.get(c, NOT_IN_VIEW) for c in CRAWL_COUNTS)) for r in rows
    ]


# The errors of each source's last finished run: the health of now, beside the totals
LAST_RUN_ERRORS = """
SELECT source, errors FROM crawl_runs
WHERE finished_at IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY source ORDER BY finished_at DESC) = 1
"""


def last_run_errors(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {source: int(n or 0) for source, n in con.execute(LAST_RUN_ERRORS).fetchall()}


# `--strict`: a source is unhealthy when each of its last this many finished runs had errors
FAILING_RUNS = 3

# Per source, the errors of its last FAILING_RUNS finished runs of the last day, newest first
# (a source taken out of the config after failing runs is not unhealthy for good)
RECENT_ERRORS = f"""
SELECT source, list(errors ORDER BY finished_at DESC) FROM (
    SELECT source, coalesce(errors, 0) AS errors, finished_at FROM crawl_runs
    WHERE finished_at IS NOT NULL AND finished_at > now()::TIMESTAMP - INTERVAL 1 DAY
    QUALIFY row_number() OVER (PARTITION BY source ORDER BY finished_at DESC) <= {FAILING_RUNS}
) GROUP BY source ORDER BY source
"""

# Per notification channel, from the view that defines "failing now" (docs/sql.md): a failed
# or pending message whose last attempt came after the channel's latest delivery
CHANNELS = """
SELECT channel, channel_kind, delivered, failing, last_delivered_at, failing_since, last_error
FROM notification_channels WHERE channel_kind <> 'dry_run'
ORDER BY channel
"""


def recent_errors(con: duckdb.DuckDBPyConnection) -> dict[str, list[int]]:
    return {
        source: [int(n) for n in errors] for source, errors in con.execute(RECENT_ERRORS).fetchall()
    }


def channel_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(channel, kind, delivered, failing, last delivered, failing since, last error)."""
    try:
        return con.execute(CHANNELS).fetchall()
    # a file from before notifications, or whose views a writer has not updated yet
    except (duckdb.CatalogException, duckdb.BinderException):
        return []


def channels_table(rows: list[tuple]) -> Table:
    table = Table(
        "channel", "kind", "delivered", "failing now", "last delivered (UTC)",
        "failing since (UTC)", title="Notification channels",
    )  # fmt: skip
    for name, kind, delivered, failing, last, since, _ in rows:
        table.add_row(
            name, kind, f"{delivered:,}", f"{failing:,}",
            f"{last:%Y-%m-%d %H:%M}" if last else "never", f"{since:%Y-%m-%d %H:%M}" if since else "",
        )  # fmt: skip
    return table


def unhealthy(
    errors: dict[str, list[int]], channels: list[tuple], limit: float, now: datetime | None = None
) -> list[str]:
    """What `--strict` fails on: a source with errors in each of its last FAILING_RUNS runs
    (it may still bring posts, but part of it is broken every time), and a channel with a
    message failing for longer than `limit` minutes (alerts are not getting through)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    said = [
        f"source {source} had errors in each of its last {len(runs)} runs "
        f"({', '.join(map(str, runs))} errors, newest first)"
        for source, runs in errors.items()
        if len(runs) >= FAILING_RUNS and all(n > 0 for n in runs)
    ]
    for name, _, _, failing, _, since, error in channels:
        if failing and since is not None and (now - since).total_seconds() / 60 > limit:
            minutes = (now - since).total_seconds() / 60
            said.append(
                f"channel {name} has had {failing} message(s) failing for {minutes:,.0f} minutes "
                f"(since {since:%Y-%m-%d %H:%M} UTC), more than {limit:g}"
                + (f"; last error: {error}" if error else "")
            )
    return said


def crawls_table(rows: list[tuple], last_errors: dict[str, int] | None = None) -> Table:
    """The Crawls table, with `crawl`'s column names for the same counts: summed over every
    run (the crawl_status view), and the last run's errors apart, which say how it goes now."""
    last_errors = last_errors or {}
    table = Table(
        "source", "last crawl (UTC)", *crawl_count_columns(), Column("errors now", justify="right"),
        title="Crawls",
        caption="counts summed over all runs; errors now: in the last finished run",
    )  # fmt: skip
    for source, last, *counts in rows:
        when = last.strftime("%Y-%m-%d %H:%M") if last else "unfinished"
        table.add_row(
            source, when, *("?" if v is NOT_IN_VIEW else f"{int(v or 0):,}" for v in counts),
            f"{last_errors.get(source, 0):,}" if last else "",
        )  # fmt: skip
    if any(v is NOT_IN_VIEW for _, _, *counts in rows for v in counts):
        table.caption += (
            "\n?: this file's views are older than outagewatch; `outagewatch process` updates them"
        )
    return table


@click.command()
@settings_options
@click.option(
    "--check", is_flag=True, help="Also verify the warehouse's integrity; exit 1 if broken."
)
@click.option(
    "--max-age",
    type=click.FloatRange(min=0, min_open=True),
    metavar="MINUTES",
    help="Health check for a monitor: exit 1 if no crawl finished in the last MINUTES.",
)
@click.option(
    "--strict",
    is_flag=True,
    help=f"With --max-age, also exit 1 when a source had errors in each of its last "
    f"{FAILING_RUNS} runs, or a notification channel has had a message failing for longer "
    "than --max-age's MINUTES.",
)
def status(
    config: str | None, db: str | None, check: bool, max_age: float | None, strict: bool
) -> None:
    """Counts, last crawl per source, notification channels, and the incidents open now.

    \b
    Examples:
      outagewatch status
      outagewatch status --check --db data/outagewatch.duckdb
      outagewatch status --max-age 30     # exit 1 if `run` has not crawled for 30 minutes
      outagewatch status --max-age 30 --strict   # ... or a source or a channel keeps failing
    """
    if max_age is not None and not math.isfinite(max_age):  # "nan" passes FloatRange
        raise click.BadParameter(
            f"must be a number of minutes, not {max_age}", param_hint="--max-age"
        )
    if strict and max_age is None:
        raise click.BadParameter(
            "needs --max-age MINUTES (also how long a channel may fail)", param_hint="--strict"
        )
    settings = resolve(config, db)
    up_to_date(settings)
    # a log file or pipe is no terminal: no 80-column squeeze of the tables (as `crawl`)
    console = Console(width=None if sys.stdout.isatty() else 160)
    if check:
        try:
            with warehouse_db.reader(settings.db_path) as con:
                pass
        except (warehouse_db.WarehouseMissing, warehouse_db.WarehouseLocked):
            raise
        except warehouse_db.WarehouseError as exc:
            click.echo(f"integrity check failed: {exc}", err=True)
            raise SystemExit(1) from None
    try:
        with warehouse_db.reader(settings.db_path) as con:
            counts = {name: con.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}
            crawls = crawl_rows(con)
            last_errors = last_run_errors(con)
            errors = recent_errors(con)
            channels = channel_rows(con)
            open_rows = con.execute(
                "SELECT service_name, title, severity, started_at, total_reports "
                "FROM active_incidents ORDER BY started_at"
            ).fetchall()
            problems = _integrity(con) if check else []
            from warehouse import store  # lazily: it loads pandas, which `status` needs not

            world = store.get_state(con, DEMO_STATE_KEY)
            clock = store.get_state(con, REPLAY_CLOCK)
    except duckdb.Error as exc:  # a damaged file can open and still fail to read
        if not check:
            raise
        click.echo(f"integrity check failed: {_first(exc)}", err=True)
        raise SystemExit(1) from None
    console.print(f"[bold]Warehouse[/bold] {settings.db_path}")
    if world is not None:
        console.print(
            f"the demo's warehouse ({world.replace(';', ', ')}): simulated posts, clock frozen at {clock}; "
            "`crawl` and `run` refuse it"
        )
    table = Table("what", "count")
    for name, value in counts.items():
        table.add_row(name, f"{value:,}")
    console.print(table)
    if crawls:
        console.print(crawls_table(crawls, last_errors))
    else:
        console.print("no crawl yet: run `outagewatch crawl` or `outagewatch demo`")
    if channels:
        console.print(channels_table(channels))
    if open_rows:
        t = Table(
            "service", "incident", "severity", "since (UTC)", Column("reports", justify="right"),
            title="Open incidents",
        )  # fmt: skip
        for row in open_rows:
            reports = "" if row[4] is None else f"{int(row[4]):,}"  # 1,234 as the other tables
            t.add_row(row[0] or "", row[1] or "", row[2] or "", str(row[3])[:16], reports)
        console.print(t)
    else:
        console.print("no open incidents")
    failed = False
    if check:
        for p in problems:
            console.print(f"[red]integrity problem:[/red] {p}")
        if not problems:
            console.print("integrity check passed")
        failed = bool(problems)
    if max_age is not None:
        stale = staleness(crawls, max_age)
        if stale:
            click.echo(f"stale: {stale}", err=True)
        else:
            console.print(f"fresh: a crawl finished within the last {max_age:g} minutes")
        failed = failed or bool(stale)
    if strict and max_age is not None:
        problems = unhealthy(errors, channels, max_age)
        for problem in problems:
            click.echo(f"unhealthy: {problem}", err=True)
        if not problems:
            console.print(
                f"healthy: no source failing in each of its last {FAILING_RUNS} runs, no channel "
                f"failing for more than {max_age:g} minutes"
            )
        failed = failed or bool(problems)
    if failed:
        raise SystemExit(1)


def staleness(crawls: list[tuple], max_age: float) -> str | None:
    """Why the warehouse is stale, or None: `run` finishes a crawl every cycle, so a newest
    finished crawl older than `max_age` minutes means it stopped or hangs. Crawls are stamped
    with the real clock, also in the demo's replayed warehouse, so the real clock judges."""
    now = datetime.now(UTC).replace(tzinfo=None)
    finished = [last for _, last, *_ in crawls if last is not None]
    if not finished:
        return "no crawl has finished yet"
    newest = max(finished)
    age = (now - newest).total_seconds() / 60
    if age > max_age:
        return (
            f"the last crawl finished {age:,.0f} minutes ago ({newest:%Y-%m-%d %H:%M} UTC), "
            f"more than --max-age {max_age:g}: is `outagewatch run` running?"
        )
    return None


CHECKS = {
    "duplicate posts": "SELECT count(*) - count(DISTINCT post_key) FROM posts",
    "signals without a post": "SELECT count(*) FROM post_signals ANTI JOIN posts USING (post_key)",
    "services without a signal": (
        "SELECT count(*) FROM post_services ANTI JOIN post_signals USING (post_key)"
    ),
    "embeddings without a post": (
        "SELECT count(*) FROM post_embeddings ANTI JOIN posts USING (post_key)"
    ),
    "deleted posts still holding text, author or embedding": (
        "SELECT count(*) FROM posts p WHERE deleted_at IS NOT NULL AND (text IS NOT NULL "
        "OR author_hash IS NOT NULL OR url IS NOT NULL OR post_key IN "
        "(SELECT post_key FROM post_embeddings))"
    ),
    "posts older than the last prune still holding raw text": (
        "SELECT count(*) FROM posts WHERE text IS NOT NULL AND created_at < coalesce("
        "(SELECT try_cast(value AS TIMESTAMP) FROM pipeline_state WHERE key = 'pruned_before'),"
        " TIMESTAMP '0001-01-01')"
    ),
    "posts with an implausible date (before 2000 or more than a day ahead)": (
        "SELECT count(*) FROM posts WHERE created_at < TIMESTAMP '2000-01-01' "
        "OR created_at > now()::TIMESTAMP + INTERVAL 1 DAY"
    ),
    "incident rows without an incident": (
        "SELECT (SELECT count(*) FROM incident_posts ANTI JOIN incidents USING (incident_id))"
        " + (SELECT count(*) FROM incident_regions ANTI JOIN incidents USING (incident_id))"
        " + (SELECT count(*) FROM incident_symptoms ANTI JOIN incidents USING (incident_id))"
    ),
    "incidents ending before they start": (
        "SELECT count(*) FROM incidents WHERE resolved_at < started_at"
    ),
    "negative report counts": "SELECT count(*) FROM report_volume WHERE reports < 0",
}


def _integrity(con) -> list[str]:
    """Cross-table invariants that must always hold, then a full read of every table
    (DuckDB verifies each block's checksum as it reads it)."""
    from warehouse.db import SCHEMA_VERSION

    problems = []
    version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        problems.append(
            f"schema version {version}, expected {SCHEMA_VERSION}: run any "
            "writing command (e.g. `outagewatch process`) to migrate"
        )
    for name, sql in CHECKS.items():
        try:
            n = con.execute(sql).fetchone()[0]
        except Exception as exc:  # noqa: BLE001 - a failing check is itself a finding
            problems.append(f"{name}: check failed: {_first(exc)}")
            continue
        if n:
            problems.append(f"{name}: {n}")
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
        ).fetchall()
    ]
    for table in tables:
        try:
            con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{table}" t').fetchall()
        except Exception as exc:  # noqa: BLE001 - report whatever DuckDB says
            problems.append(f"table {table} cannot be read in full: {_first(exc)}")
    return problems


def _first(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
