"""`outagewatch run`: crawl and process in a loop, one instance at a time."""

from __future__ import annotations

import fcntl
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click

from outagewatch.commands.common import (
    migrate_saying_so,
    resolve,
    say_if_new_warehouse,
    settings_options,
    stamp_service_lines,
    stop_on_sigterm,
    utc_stamp,
)
from outagewatch.demo.marker import refuse_demo_warehouse
from outagewatch.errors import UserError

UNITS = {"s": 1, "m": 60, "h": 3600}
logger = logging.getLogger("outagewatch.run")


# Past a day between cycles, the process mostly sleeps: a timer (cron, systemd) does it better.
MAX_EVERY = 24 * 3600


def parse_every(text: str) -> float:
    """'90s', '5m', '1h' -> seconds. A bare number is refused, not read as seconds: whoever
    types `--every 5` most likely means minutes, and a crawl every 5 s hammers the sources."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise UserError(f"bad interval {text!r}: use a number with s, m or h, e.g. 30s, 5m, 1h")
    number, unit = match.groups()
    if not unit:
        raise UserError(
            f"--every {number} has no unit: add one, e.g. {number}m (minutes), {number}s or {number}h"
        )
    seconds = float(number) * UNITS[unit]
    if seconds > MAX_EVERY:
        raise UserError(
            f"--every {text.strip()} is too long: at most 24h (a cycle a day; for less often, "
            "a cron job running `outagewatch run --cycles 1`)"
        )
    return seconds


@contextmanager
def single_instance(lock_path: Path) -> Iterator[None]:
    """Refuse to start a second `run` on the same warehouse (DuckDB has one writer)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise UserError(
            f"another `outagewatch run` is already using this warehouse (lock {lock_path}); "
            "stop it first or use a different --db"
        ) from None
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@click.command()
@settings_options
@click.option(
    "--every",
    default="5m",
    show_default=True,
    help="Time between cycles, with a unit: 30s, 5m, 1h (a bare number is refused).",
)
@click.option("--cycles", type=int, default=0, help="Stop after N cycles (0 = run until stopped).")
@click.option("--source", "sources", multiple=True, help="Only these sources (repeatable).")
@click.option(
    "--daily-export",
    type=click.Path(file_okay=False),
    default=None,
    help="After midnight UTC, write yesterday's summary (md, csv, json, html) into DIR; "
    "rewritten each cycle until 06:00 UTC, as late posts arrive. Days missed while `run` "
    "was stopped, since the newest summary in DIR, are written too (7 days back at most).",
)
def run(
    config: str | None,
    db: str | None,
    every: str,
    cycles: int,
    sources: tuple[str, ...],
    daily_export: str | None,
) -> None:
    """Crawl and process in a loop until stopped (Ctrl-C or SIGTERM).

    \b
    Examples:
      outagewatch run --every 5m --config outagewatch.toml
      outagewatch run --every 1m --cycles 3 --daily-export reports/
    """
    interval = parse_every(every)
    if cycles < 0:
        raise UserError(f"--cycles must be 0 (run until stopped) or more, not {cycles}")
    stop_on_sigterm()
    stamp_log_lines()

    from crawlers.runner import RepeatedWarnings, run_crawl, unknown_sources
    from outagewatch.commands.crawl import check_env_knobs
    from outagewatch.notify import notify_config, notify_cycle
    from outagewatch.orchestrator import Orchestrator
    from warehouse.db import writer_wait

    # what no later cycle can mend is refused here, once, not failed every cycle
    if problem := unknown_sources(sources):
        raise UserError(problem)
    writer_wait()  # a bad OUTAGEWATCH_LOCK_WAIT
    check_env_knobs()  # a bad OUTAGEWATCH_DOWNLOAD_TIMEOUT: in the crawl child, a traceback
    settings = resolve(config, db)
    notifications = notify_config(settings)  # a bad [notify] section stops here, at once
    if unset := notifications.unset_variables():
        # said once, now: each cycle's failed sends are then said once an hour only. A
        # warning, not a refusal: the crawl and the warehouse still have their use, and the
        # messages wait in the ledger until `run` restarts with the variable set
        click.echo(
            f"{utc_stamp()}warning: notification channel(s) whose environment variable is "
            f"not set: {unset}; they send nothing until it is set and `run` restarted "
            "(check one with `outagewatch notify test --channel NAME`)",
            err=True,
        )
    # resolved: a second `run` given a symlink to the same file must meet the same lock
    real = settings.db_path.resolve()
    lock = real.with_name(real.name + ".run.lock")
    repeats = RepeatedWarnings()  # a standing problem is said once an hour, not each cycle
    done = 0
    with single_instance(lock):
        # only now open the warehouse: a second `run` says at once that one is running,
        # not first that it waits for the first one's write lock
        refuse_demo_warehouse(settings.db_path)
        say_if_new_warehouse(settings.db_path, utc_stamp())
        orchestrator = Orchestrator(settings)
        current = False  # the schema brought up to date, said if it moved on
        while True:
            started = time.monotonic()
            try:
                if not current:  # in the cycle: a warehouse held at the start fails this one
                    migrate_saying_so(settings, stamped=True)  # the crawl child would not say
                    current = True
                stats = run_crawl(settings, sources=list(sources) or None, repeats=repeats)
                new = sum(s.get("posts_new", 0) for s in stats.values())
                errors = sum(s.get("errors", 0) for s in stats.values())
                cycle = orchestrator.run_cycle()
                notified = notify_cycle(settings, repeats=repeats)
                # stamped at its end, as it is printed (after the cycle's own warnings), with
                # how long the cycle took: a journal then reads forwards
                click.echo(
                    f"{utc_stamp()}crawled {new} new posts ({errors} errors); enriched "
                    f"{cycle.enriched}; {cycle.open_incidents} open incidents; "
                    f"{notified.delivered} notifications ({notified.failed} failing); "
                    f"took {_took(started)}"
                )
                if daily_export:
                    _export_yesterday(settings.db_path, Path(daily_export))
            except UserError:
                raise  # a mistake to mend (configuration): retrying will not help
            except Exception as exc:  # noqa: BLE001 - a service must outlive one bad cycle
                # a reader holding the warehouse past the lock wait, a crawl child that died,
                # a full disk: say so and try again next cycle. Each write is a transaction,
                # so nothing is half-written, and the next cycle carries on from there.
                click.echo(
                    f"{utc_stamp()}cycle failed: {_one_line(exc)}; took {_took(started)}; "
                    f"next in {every}",
                    err=True,
                )
                logger.debug("the failed cycle", exc_info=True)  # -v: the traceback
                failed = True
            else:
                failed = False
            done += 1
            if cycles and done >= cycles:
                if failed:  # with --cycles (cron, tests): the last cycle's failure is the exit
                    raise SystemExit(1)
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))


def stamp_log_lines() -> None:
    """A service's warnings carry the time, as its cycle lines do: in a log file, "notification
    failed" is worth little without when."""
    formatter = logging.Formatter(
        "%(asctime)s UTC  %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S"
    )
    formatter.converter = time.gmtime
    stamp_service_lines()  # the lines said without logging (lock waits, "stopped") too
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:  # basicConfig's, not a test's capture
            handler.setFormatter(formatter)


def _took(started: float) -> str:
    """How long since `started` (time.monotonic), as a cycle line says it: 42 s, 3 min 5 s."""
    seconds = round(time.monotonic() - started)
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60} s"


def _one_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


# Posts about yesterday keep arriving after midnight (a source's delay, a crawl that failed
# and catches up, an incident still open): yesterday's files are rewritten each cycle until
# this long after midnight, then left as they are.
DAILY_SETTLE = timedelta(hours=6)


# After downtime, the days missed since the newest written summary are written too, at most
# this many back: a service down for a month should not spend a cycle on a month of files.
DAILY_CATCH_UP_DAYS = 7


def _export_yesterday(db_path: Path, out_dir: Path, now: datetime | None = None) -> bool:
    """Write yesterday's summary, again each cycle while it settles, and any day missed
    since the newest summary in `out_dir` (`run` stopped over a whole UTC day), up to
    DAILY_CATCH_UP_DAYS back; True if anything was written."""
    from outagewatch.exports.daily import filename, write_daily

    now = now or datetime.now(UTC).replace(tzinfo=None)
    yesterday = (now - timedelta(days=1)).date()
    settled = now - datetime.combine(now.date(), datetime.min.time()) >= DAILY_SETTLE
    written = False
    for day in _missed_days(out_dir, yesterday):
        write_daily(db_path, day, out_dir, ("md", "csv", "json", "html"))
        written = True
    if settled and (out_dir / filename(yesterday, "md")).exists():
        return written
    write_daily(db_path, yesterday, out_dir, ("md", "csv", "json", "html"))
    return True


def _missed_days(out_dir: Path, yesterday: date) -> list[date]:
    """The days before yesterday with no summary, after the newest one written (none when
    the folder has none yet: a first start writes yesterday only)."""
    days = []
    for path in out_dir.glob("outages-*.md") if out_dir.is_dir() else ():
        match = re.fullmatch(r"outages-(\d{4}-\d\d-\d\d)\.md", path.name)
        if match:
            days.append(date.fromisoformat(match.group(1)))
    before = [d for d in days if d < yesterday]
    if not before:
        return []
    start = max(max(before) + timedelta(days=1), yesterday - timedelta(days=DAILY_CATCH_UP_DAYS))
    have = set(days)
    missed, day = [], start
    while day < yesterday:
        if day not in have:
            missed.append(day)
        day += timedelta(days=1)
    return missed
