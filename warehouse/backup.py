"""A consistent copy of the warehouse while `run` keeps going: DuckDB has one writer, so a
plain `cp` of the file can catch a write half done; a read-only attach cannot, and a writer
that meets it waits (`OUTAGEWATCH_LOCK_WAIT`, 60 s by default) as it waits for any reader: a
copy that takes longer makes that cycle fail, and the next one redoes it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import (
    STORAGE,
    WarehouseError,
    check_is_warehouse,
    missing_error,
    retry_while_locked,
)


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
    leftovers = (partial, partial.with_name(partial.name + ".wal"))
    for path in leftovers:
        path.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        retry_while_locked(
            lambda: con.execute(f"ATTACH {_quoted(source)} AS src (READ_ONLY)"), source, timeout
        )
        con.execute("USE src")  # another program's file, or an empty one, is no warehouse
        check_is_warehouse(con, source, empty_ok=False)
        con.execute("USE memory")
        con.execute(f"ATTACH {_quoted(partial)} AS dst (STORAGE_VERSION '{STORAGE}')")
        con.execute("COPY FROM DATABASE src TO dst")
        con.execute("DETACH dst")
    except BaseException:
        for path in leftovers:
            path.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    # as private as the original: it holds the same hashed authors
    partial.chmod(stat.S_IMODE(source.stat().st_mode))
    os.replace(partial, target)
    return Copied(target, source.stat().st_size, target.stat().st_size)


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
