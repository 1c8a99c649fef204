"""`outagewatch backup`: a consistent, compact copy of the warehouse and its salt, safe to
take while `run` is running."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from outagewatch.commands.common import resolve, settings_options
from outagewatch.errors import UserError


@click.command()
@settings_options
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new (or empty) folder for the copy of the warehouse and its salt.",
)
def backup(config: str | None, db: str | None, out: Path) -> None:
    """Copy the warehouse (every table, view and macro) and the salt its author hashes were
    made with into a new folder. It reads the file as any reader does, so `run` may keep
    going: its next write waits for the copy up to $OUTAGEWATCH_LOCK_WAIT (60 s by
    default), and a cycle that waits longer fails and is redone by the next (for a
    warehouse of several GB, raise that wait for `run` or stop it). The copy is compact: restoring it, or
    putting it in place of the original with the service stopped, also gives back the
    space that deleted and rewritten rows left.

    \b
    Examples:
      outagewatch backup --out backups/2026-11-30
      outagewatch backup --config outagewatch.toml --out /var/backups/outagewatch/$(date +%F)

    \b
    Restore: stop the service, then copy both files back into the data folder:
      cp backups/2026-11-30/outagewatch.duckdb backups/2026-11-30/salt data/
    """
    from warehouse.backup import copy_warehouse
    from warehouse.db import missing_error

    settings = resolve(config, db)
    if not settings.db_path.exists():
        raise missing_error(settings.db_path)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} is not empty: name a new folder for the backup")
    made = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        copied = copy_warehouse(settings.db_path, out / settings.db_path.name)
    except BaseException:
        if made:  # a retry may use the same folder
            out.rmdir()
        raise
    salt = settings.data_dir / "salt"
    salt_from_env = bool(os.environ.get("OUTAGEWATCH_SALT"))  # as Settings.salt reads it
    kept = ""
    if salt.exists():
        shutil.copy2(salt, out / "salt")
        (out / "salt").chmod(0o600)
        kept = " and salt"
    elif not salt_from_env:
        kept = " (no salt file yet: no author was hashed)"
    click.echo(
        f"copied {settings.db_path} ({copied.source_bytes / 1e6:,.1f} MB) to "
        f"{copied.path} ({copied.copy_bytes / 1e6:,.1f} MB){kept}"
    )
    if salt_from_env:
        click.echo(
            "note: OUTAGEWATCH_SALT is set, so the salt is not in a file: keep its value "
            "with the backup",
            err=True,
        )
