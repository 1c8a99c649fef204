"""Options shared by every command: where the warehouse is and which config file to use;
how a wait for the warehouse's lock is said; how the commands that start crawl processes
stop; and the port check of the commands that start a server."""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Column

from outagewatch.errors import Terminated, UserError
from outagewatch.settings import Settings, load_settings, url_problem

# What one crawl run counts (crawl_runs' columns) and the plain header both `crawl` and
# `status` give each: the same words for the same figures, and two-line headers so that
# either table fits in 100 columns with no header cut to "official_n…".
CRAWL_COUNTS: dict[str, str] = {
    "requests": "requests",
    "posts_new": "new posts",
    "posts_dup": "already\nstored",
    "official_new": "official\nincidents",
    "errors": "errors",
}


# ctx.meta key: the lock-wait line is set up once per command, however often it resolves.
LOCK_WAITS_SAID = "outagewatch.lock_waits_said"
LOCK_WAIT_REPEAT_S = 60.0  # the lock-wait line is said at most once a minute


def crawl_count_columns() -> list[Column]:
    """The CRAWL_COUNTS headers as right-aligned table columns (digits line up)."""
    return [Column(header, justify="right") for header in CRAWL_COUNTS.values()]


# How slashed dates in a file's time column read (analyze, detect-series: nlp/detect/dates.py)
dayfirst_option = click.option(
    "--dayfirst/--monthfirst",
    "dayfirst",
    default=None,
    help="How slashed dates in the time column read: 01/03/2024 as 1 March (--dayfirst) or "
    "3 January (--monthfirst). Default: as the column's own dates say (13/03 is day-first); "
    "a column whose every date reads both ways is refused.",
)


def not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse `--db ""` and `--config ""`: an unset variable (`--config "$CFG"`) must not
    quietly mean the default warehouse or the built-in settings (no watchlist, no channels)."""
    if value is not None and not value.strip():
        default = "$OUTAGEWATCH_DB, else ./data/outagewatch.duckdb"
        if param.name == "config":
            default = "$OUTAGEWATCH_CONFIG, else the built-in defaults"
        raise click.BadParameter(
            f"it is empty (an unset shell variable?): name a file, or leave it out for {default}"
        )
    return value


def catalog_config(tables: str = "[catalog]") -> Callable[..., Any]:
    """--config for the commands that need no warehouse: the tables they read named."""
    return click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False),
        default=None,
        callback=not_empty,
        help=f"TOML configuration file, for its {tables} (default: $OUTAGEWATCH_CONFIG, else "
        "the catalog shipped with outagewatch; $OUTAGEWATCH_CATALOG and "
        "$OUTAGEWATCH_CATALOG_EXTRA are read too, as by crawl).",
    )


# --config for the commands that need no warehouse, only the configured catalog
catalog_config_option = catalog_config()


def settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db and --config; the command receives a resolved `settings` argument."""
    func = click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False),
        default=None,
        callback=not_empty,
        help="TOML configuration file (default: $OUTAGEWATCH_CONFIG, else built-in defaults).",
    )(func)
    func = click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=None,
        callback=not_empty,
        help="Warehouse file (default: $OUTAGEWATCH_DB, else ./data/outagewatch.duckdb).",
    )(func)
    return func


def resolve(config: str | None, db: str | None, *, say_lock_waits: bool = True) -> Settings:
    """Settings for a command; a config file's unknown names are said once, on stderr.

    For the rest of the command, a wait for another process's hold on the warehouse is said
    too (once; a silent 30 s pause looks like a hang), unless `say_lock_waits` is off: a
    server's log would get the line on any request that meets a write."""
    settings = load_settings(config=config, db=db)
    for warning in settings.config_warnings:
        click.echo(f"warning: {settings.config_path}: {warning}", err=True)
    ctx = click.get_current_context(silent=True)
    if say_lock_waits and ctx is not None and LOCK_WAITS_SAID not in ctx.meta:
        from warehouse.db import on_lock_wait  # lazily: it loads duckdb

        ctx.meta[LOCK_WAITS_SAID] = True
        ctx.with_resource(on_lock_wait(_say_waiting_once()))
    return settings


def up_to_date(settings: Settings) -> None:
    """A command that only reads brings a warehouse written by an older outagewatch up to
    this version's schema and views first (see warehouse.db.bring_up_to_date)."""
    from warehouse.db import bring_up_to_date  # lazily: it loads duckdb

    bring_up_to_date(settings.db_path, on_migrate=_say_migrated(settings))


def migrate_saying_so(settings: Settings, *, stamped: bool = False) -> None:
    """`run` and `process` bring the warehouse up to date in a write of their own first, and
    say when its schema moved on: that is the step that locks older versions out (an older
    `run` still running then fails every cycle), and their later writes (the crawl child's
    among them) would make it without a word. ``stamped``: the line starts with the UTC time,
    as `run`'s lines do."""
    from warehouse.db import writer  # lazily: it loads duckdb

    with writer(settings.db_path, on_migrate=_say_migrated(settings, stamped)):
        pass


def _say_migrated(settings: Settings, stamped: bool = False) -> Callable[[int, int], None]:
    def say(old: int, new: int) -> None:
        click.echo(
            (utc_stamp() if stamped else "")
            + f"updated the warehouse {settings.db_path} from schema {old} to {new}; older "
            "outagewatch versions can no longer write it",
            err=True,
        )

    return say


_stamped = False  # set by `run`: its stderr is a service's log, read in a journal


def stamp_service_lines() -> None:
    """From now on, `service_line` puts the UTC time before its text, as `run`'s cycle lines
    and log records have it: a journal reader must be able to place every line."""
    global _stamped
    _stamped = True


def say_if_new_warehouse(path: Path, stamp: str = "") -> None:
    """`crawl` and `run` start a warehouse where none is (a first crawl), folders and all; a
    mistyped --db would then fill a second one in silence while `process`, `status` and the
    dashboard read the first, so the new file is said once, before the crawl."""
    if not path.exists():
        click.echo(
            f"{stamp}note: no warehouse at {path} yet: this starts a new one there "
            "(check --db / OUTAGEWATCH_DB if you meant another)",
            err=True,
        )


def utc_stamp() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()) + " UTC  "


def service_line(text: str) -> str:
    """`text`, with the UTC time before it under `run` (see stamp_service_lines)."""
    return utc_stamp() + text if _stamped else text


def _say_waiting_once() -> Callable[[Path, float], None]:
    """The lock-wait line, said at a wait unless said in the last minute: a command that
    opens the warehouse many times while others write (`process`) would otherwise repeat it,
    while `run`, which lives for days, must still say a wait that comes hours later."""
    said_at: float | None = None

    def say(path: Path, seconds: float) -> None:
        nonlocal said_at
        now = time.monotonic()
        if said_at is None or now - said_at >= LOCK_WAIT_REPEAT_S:
            said_at = now
            click.echo(
                service_line(
                    f"warehouse {path} is locked by another process; waiting up to {seconds:.0f} s…"
                ),
                err=True,
            )

    return say


def check_port(host: str, port: int, *, any_port: bool = False) -> None:
    """Fail with one line when host:port cannot be listened on, before a server starts (the
    dashboard's Streamlit would only say "Port ... is not available" after replacing this
    process). `any_port` admits port 0, any free port (`serve`). Reuses the address as the
    servers do, so a port still in TIME_WAIT is not called busy."""
    if not (0 if any_port else 1) <= port <= 65535:
        extra = " (or 0 for any free port)" if any_port else ""
        raise UserError(f"--port must be between 1 and 65535{extra}, not {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
            probe.listen(1)
    except OSError as exc:
        raise cannot_listen(host, port, exc) from None


def cannot_listen(host: str, port: int, exc: OSError) -> UserError:
    """The one line a server that cannot bind host:port gives."""
    return UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def stop_on_sigterm() -> None:
    """Take SIGTERM (systemd, `docker stop`, `kill`) as Ctrl-C, for the commands that start a
    crawl process. Python's default ends the command at once, leaving its crawl child running
    on its own and holding the warehouse's write lock; as an interrupt the command unwinds,
    the crawl runner kills its children, and locks are let go. Then `outagewatch.cli.main`
    ends the process by SIGTERM, which service managers count as a clean stop."""

    def interrupt(signum: int, frame: object) -> None:
        raise Terminated

    if threading.current_thread() is threading.main_thread():  # only there can it be set
        signal.signal(signal.SIGTERM, interrupt)


def check_base_url(url: str, option: str = "--base-url") -> str:
    """A public URL for links: http(s) with a host, or '' (no links). Without the check a
    typo like "notaurl" made links such as href="notaurl/feeds/all.atom"."""
    if problem := url_problem(url, option):
        raise UserError(problem)
    if any(c.isspace() or not c.isprintable() for c in url):  # every link would break there
        raise UserError(
            f"{option} must be a URL without spaces or control characters (write %20), not {url!r}"
        )
    return url
