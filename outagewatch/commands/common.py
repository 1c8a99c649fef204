"""Options shared by every command: where the warehouse is and which config file to use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from outagewatch.settings import Settings, load_settings


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
    return load_settings(config=config, db=db)
