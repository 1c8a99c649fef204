"""Options shared by every command: where the warehouse is and which config file to use; and
how the commands that start crawl processes stop."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Column

from outagewatch.settings import Settings, load_settings

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


def crawl_count_columns() -> list[Column]:
    """The CRAWL_COUNTS headers as right-aligned table columns (digits line up)."""
    return [Column(header, justify="right") for header in CRAWL_COUNTS.values()]


def settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db and --config; the command receives a resolved `settings` argument."""
    func = click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False),
        default=None,
        help="TOML configuration file (default: $OUTAGEWATCH_CONFIG, else built-in defaults).",
    )(func)
    func = click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False),
        default=None,
        help="Warehouse file (default: $OUTAGEWATCH_DB, else ./data/outagewatch.duckdb).",
    )(func)
    return func


def resolve(config: str | None, db: str | None) -> Settings:
    """Settings for a command; a config file's unknown names are said once, on stderr."""
    settings = load_settings(config=config, db=db)
    for warning in settings.config_warnings:
        click.echo(f"warning: {settings.config_path}: {warning}", err=True)
    return settings


def say_if_locked(path: Path, *, write: bool = False, wait: float = 30.0) -> None:
    """One line on stderr when another process holds the warehouse, before the command's
    open waits up to `wait` seconds for it: a silent 30 s pause looks like a hang.

    Probes once, in the mode the command will open the file in (a reader waits only for a
    writer; a writer also for readers). Any other problem is left to the real open, which
    reports it."""
    import duckdb

    from warehouse.db import WarehouseLocked, retry_while_locked

    if not path.exists():
        return
    try:
        retry_while_locked(
            lambda: duckdb.connect(str(path), read_only=not write).close(), path, timeout=0
        )
    except WarehouseLocked:
        click.echo(
            f"warehouse {path} is locked by another process; waiting up to {wait:.0f} s…",
            err=True,
        )
    except duckdb.Error:
        pass


def stop_on_sigterm() -> None:
    """Take SIGTERM (systemd, `docker stop`, `kill`) as Ctrl-C, for the commands that start a
    crawl process. Python's default ends the command at once, leaving its crawl child running
    on its own and holding the warehouse's write lock; as an interrupt the command unwinds,
    the crawl runner kills its children, and locks are let go."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():  # only there can it be set
        signal.signal(signal.SIGTERM, interrupt)
