"""A consistent copy of the warehouse while `run` keeps going: DuckDB has one writer, so a
plain `cp` of the file can catch a write half done; a read-only attach cannot, and a writer
that meets it waits (`OUTAGEWATCH_LOCK_WAIT`) as it waits for any reader."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import STORAGE, WarehouseError, missing_error, retry_while_locked


@dataclass(frozen=True)
class Copied:
    path: Path
    source_bytes: int
    copy_bytes: int


def copy_warehouse(source: Path, target: Path, timeout: float = 30.0) -> Copied:
    """Copy every table, view and macro of ``source`` into a new file ``target``, written
    whole under a temporary name and then renamed, so a copy that stops half-way leaves no
    file that looks whole. The copy is also compact: the space deleted rows left is gone."""
    if not source.exists():
        raise missing_error(source)
    if target.exists():
        raise WarehouseError(f"{target} exists already: name a new file")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        retry_while_locked(
            lambda: con.execute(f"ATTACH {_quoted(source)} AS src (READ_ONLY)"), source, timeout
        )
        con.execute(f"ATTACH {_quoted(partial)} AS dst (STORAGE_VERSION '{STORAGE}')")
        con.execute("COPY FROM DATABASE src TO dst")
        con.execute("DETACH dst")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(partial, target)
    return Copied(target, source.stat().st_size, target.stat().st_size)


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
