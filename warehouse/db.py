"""Opening the DuckDB warehouse: schema migrations, views, and the one-writer rule.

DuckDB lets one process hold a database file for writing, and while it does no other
process can open the file, not even read-only. outagewatch therefore keeps every
connection short: writers open, write one transaction and close; readers open read-only,
read and close. Both sides retry while the other holds the lock, so the dashboard keeps
answering while `outagewatch run` writes. A command line can ask to be told when a wait
starts (`on_lock_wait`), so a long wait does not look like a hang; by default waits are
silent (the dashboard, the API server).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")

SCHEMA_VERSION = 6
STORAGE = "v1.4.0"
LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")


class WarehouseError(RuntimeError):
    """A warehouse problem a user can act on; the message says what to do."""


class WarehouseLocked(WarehouseError):
    """Another process held the warehouse for longer than we were willing to wait."""


class WarehouseMissing(WarehouseError):
    """There is no warehouse file yet."""


class NotAWarehouse(WarehouseError):
    """The file is a DuckDB database some other program made: never migrated, never written."""


class WarehouseDiskError(WarehouseError):
    """A write failed because the disk is full or read-only; committed data is intact."""


DISK_MARKERS = {
    "No space left on device": "the disk is full",
    "Disk quota exceeded": "the disk quota is used up",
    "File too large": "the file size limit was reached",
    "Read-only file system": "the file system is read-only",
}


def _disk_problem(exc: BaseException) -> str | None:
    text = str(exc)
    return next((why for marker, why in DISK_MARKERS.items() if marker in text), None)


def _disk_error(path: Path, why: str) -> WarehouseDiskError:
    return WarehouseDiskError(
        f"cannot write the warehouse {path}: {why}; this write was not kept, everything "
        "written before it is intact. Free space (or remount read-write) and run again"
    )


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("warehouse").joinpath("migrations")
    out = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            out.append((int(name[:3]), entry.read_text("utf-8")))
    return sorted(out)


@lru_cache(maxsize=1)
def views_sql() -> str:
    return resources.files("warehouse").joinpath("views.sql").read_text("utf-8")


_MACRO = re.compile(r"CREATE OR REPLACE MACRO (\w+)\b.*?;", re.DOTALL)


@lru_cache(maxsize=1)
def _macros() -> tuple[tuple[str, str], ...]:
    """views.sql's macros: (name, the statement defining it for one connection only)."""
    return tuple(
        (m[1], m[0].replace("CREATE OR REPLACE MACRO", "CREATE TEMP MACRO", 1))
        for m in _MACRO.finditer(views_sql())
    )


def with_this_versions_macros(con: duckdb.DuckDBPyConnection) -> None:
    """On a file whose views an older outagewatch keeps (it still holds the file, so they were
    not rewritten), define views.sql's macros the file lacks for this connection only (TEMP,
    which a read-only connection may): a query of this version that calls one (the Now
    page's `service_hour`) then reads the old file as it did before the macro existed."""
    if views_current(con):
        return
    have = {
        name
        for (name,) in con.execute(
            "SELECT DISTINCT function_name FROM duckdb_functions() WHERE macro_definition "
            "IS NOT NULL AND NOT internal"
        ).fetchall()
    }
    for name, statement in _macros():
        if name not in have:
            con.execute(statement)


def _is_lock_error(exc: Exception) -> bool:
    return any(marker in str(exc) for marker in LOCK_MARKERS)


# DuckDB names the holder: 'Conflicting lock is held in /usr/bin/python3.11 (PID 4242)'
HOLDER_RE = re.compile(r"lock is held in (.+?) \(PID (\d+)\)")


def lock_holder(exc: Exception) -> str:
    """ "PID 4242, /usr/bin/python3.11" from DuckDB's lock error, "" when it names none: the
    holder may be no outagewatch command (an analyst's Python shell), and the PID is what
    finds it."""
    m = HOLDER_RE.search(str(exc))
    return f"PID {m.group(2)}, {m.group(1)}" if m else ""


def missing_error(path: Path) -> WarehouseMissing:
    return WarehouseMissing(
        f"no warehouse at {path}: run `outagewatch demo` or `outagewatch crawl` first "
        "(or point --db / OUTAGEWATCH_DB at an existing file)"
    )


# Told (path, seconds it will wait at most) when an open meets another process's lock: the
# hooks of the `on_lock_wait` contexts in force (one CLI command's), latest last, none by
# default. Entries, not one saved "previous", so contexts that end out of order (threads)
# never leave an ended one's hook behind.
_lock_wait_hooks: list[tuple[object, Callable[[Path, float], None]]] = []
_hooks_guard = threading.Lock()


@contextmanager
def on_lock_wait(say: Callable[[Path, float], None]) -> Iterator[None]:
    """While inside, every open that has to wait for another process's lock first calls
    ``say(path, seconds it will wait at most)``: once per open, before the first retry."""
    entry = (object(), say)  # its own token: the same `say` may be in force twice
    with _hooks_guard:
        _lock_wait_hooks.append(entry)
    try:
        yield
    finally:
        with _hooks_guard:
            _lock_wait_hooks.remove(entry)


def retry_while_locked(
    connect: Callable[[], T],
    path: Path,
    timeout: float,
    on_wait: Callable[[float], None] | None = None,
) -> T:
    """Call ``connect`` until DuckDB's file lock is free; any other error passes through.

    ``on_wait(seconds left)`` is called once, at the first lock met, unless there is no time
    left to wait (default: the `on_lock_wait` callback in force, if any)."""
    latest = _lock_wait_hooks[-1:]
    if on_wait is None and latest:
        on_wait = partial(latest[0][1], path)
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            return connect()
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                holder = lock_holder(exc)
                raise WarehouseLocked(
                    # the holder may be any DuckDB client: an analyst's `duckdb -readonly`
                    # session as well as another outagewatch command
                    f"warehouse {path} is locked by another process"
                    f"{f': {holder}' if holder else ''} (waited {timeout:.0f} s; "
                    "outagewatch or any DuckDB client holding it open); try again when it "
                    "has finished"
                ) from None
            if on_wait is not None:
                on_wait(left)
                on_wait = None
            time.sleep(delay)
            delay = min(delay * 1.5, 0.5)


# DuckDB opens a path with one of these endings as that data file, not as a database (an
# in-memory one with the file as a view), and then refuses read-only mode with a Catalog
# Error that names neither the file nor the mistake.
DATA_FILE_SUFFIXES = (".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ndjson", ".gz", ".zst")


def _open(path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    if path.suffix.lower() in DATA_FILE_SUFFIXES:
        raise WarehouseError(
            f"{path} is a {path.suffix.lstrip('.').lower()} data file, not a DuckDB warehouse: "
            "--db and OUTAGEWATCH_DB name the .duckdb file (`outagewatch analyze FILE` reads "
            "a file of posts)"
        )
    # New files use a storage format DuckDB 1.4+ can read, so the plain `duckdb`
    # CLI and older Python clients open the warehouse too.
    config = {} if read_only or path.exists() else {"storage_compatibility_version": STORAGE}
    try:
        con = retry_while_locked(
            lambda: duckdb.connect(str(path), read_only=read_only, config=config), path, timeout
        )
    except duckdb.Error as exc:
        why = _disk_problem(exc)
        if why and not read_only:
            raise _disk_error(path, why) from None
        raise WarehouseError(open_error_text(path, exc)) from None
    utc(con)
    return con


# DuckDB's words when the file ends before its own header says it does, or a block is not
# what was written: a copy cut short (a full disk, an interrupted scp) or damaged.
DAMAGE_MARKERS = ("Could not read enough bytes", "Corrupt database file")


def open_error_text(path: Path, exc: BaseException) -> str:
    """The one line for a warehouse file DuckDB cannot open: a truncated or damaged file
    says so and what to do (DuckDB's own line names a byte count and no remedy); any other
    error is DuckDB's first line."""
    text = str(exc).strip()
    if any(marker in text for marker in DAMAGE_MARKERS):
        try:
            size = f"it ends at {path.stat().st_size:,} bytes"
        except OSError:
            size = "it cannot be read in full"
        cut = "its header says more follows" if DAMAGE_MARKERS[0] in text else "a block is damaged"
        return (
            f"warehouse {path} is truncated or damaged ({size}, but {cut}): restore it from "
            "a backup (`outagewatch backup` makes one), or point --db / OUTAGEWATCH_DB at "
            "another warehouse; DuckDB said: " + text.splitlines()[0]
        )
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"cannot open warehouse {path}: {first}"


def utc(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Times in the warehouse are naive UTC: make now(), current_date and casts to and from
    TIMESTAMPTZ read them so whatever the machine's time zone (DuckDB uses the local one).
    A SET after connecting: the time-zone setting needs the ICU extension loaded first."""
    con.execute("SET TimeZone = 'UTC'")
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply pending migrations and (re)create the documented views. Idempotent. Returns
    the schema version the file had (0: a new file; SCHEMA_VERSION: nothing to migrate)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    current = int(row[0]) if row else 0
    if current > SCHEMA_VERSION:
        raise WarehouseError(
            f"warehouse schema version {current} is newer than this outagewatch "
            f"({SCHEMA_VERSION}); upgrade outagewatch"
        )
    for version, sql in _migrations():
        if version > current:
            con.execute("BEGIN")
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [version])
            con.execute("COMMIT")
    # Writers open the file often (every crawl flush, every enrichment batch): recreate the
    # views only when views.sql changed, not on every open.
    if not views_current(con):
        con.execute(views_sql())
        con.execute(f"COMMENT ON TABLE schema_version IS '{_views_digest()}'")
    return current


def _views_digest() -> str:
    return "views sha256 " + hashlib.sha256(views_sql().encode()).hexdigest()


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the file's views are this version's: the digest of views.sql lives in
    schema_version's table comment, so it adds no row anywhere."""
    rows = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = 'schema_version'"
    ).fetchall()
    return bool(rows) and rows[0][0] == _views_digest()


def _user_relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables and views of the file itself (not DuckDB's catalog, not temp objects)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "UNION ALL SELECT view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT internal ORDER BY 1"
    ).fetchall()
    return [name for (name,) in rows]


def check_is_warehouse(
    con: duckdb.DuckDBPyConnection, path: Path, *, empty_ok: bool = True
) -> None:
    """Refuse, before anything is written, a DuckDB file outagewatch did not make: it has
    tables but no schema_version, and migrating it would ALTER another program's tables and
    leave the file half-migrated. An empty file is a new warehouse for a writer; a command
    that only reads (`empty_ok` off) says there is nothing to read, as for a missing file,
    rather than turn it into a warehouse."""
    names = _user_relations(con)
    if "schema_version" in names:
        return
    if names:
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise NotAWarehouse(
            f"{path} is a DuckDB database but not an outagewatch warehouse (it has "
            f"{'table' if len(names) == 1 else 'tables'} {shown} and no schema_version); "
            "it was left as it is: point --db / OUTAGEWATCH_DB at an outagewatch warehouse, "
            "or at a new path to create one"
        )
    if not empty_ok:
        raise WarehouseMissing(
            f"{path} is an empty DuckDB database, not an outagewatch warehouse yet (left as it "
            "is): run `outagewatch crawl` or `outagewatch demo` with it to fill it, or point "
            "--db / OUTAGEWATCH_DB at an existing warehouse"
        )


# Told (version the file had, version it has now) when a writer moved the schema on.
OnMigrate = Callable[[int, int], None]


def bring_up_to_date(path: str | Path, on_migrate: OnMigrate | None = None) -> bool:
    """For commands that only read (dashboard, serve, sql, export, status): a warehouse last
    written by an older outagewatch lacks this version's views until a writer opens it, so
    open it for writing once, only then (a read-only check first: no write lock taken while
    `outagewatch run` writes, in the usual case). True when the file is now current; False
    when it could not be checked (no file yet, or a writer holds it). ``on_migrate(from,
    to)`` is told when the schema itself moved on: an older outagewatch then refuses to
    write the file, which a command that only reads must not do unsaid."""
    path = Path(path)
    if not path.exists():
        return False
    try:  # no wait: a writer holding the file is `run` or `process`, which update it themselves
        with reader(path, timeout=0) as con:
            check_is_warehouse(con, path, empty_ok=False)
            before = schema_version(con)
            if views_current(con) and before == SCHEMA_VERSION:
                return True
        with writer(path, timeout=0):
            pass
    except WarehouseLocked:
        return False
    if on_migrate is not None and 0 < before < SCHEMA_VERSION:
        on_migrate(before, SCHEMA_VERSION)
    return True


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        return int(
            con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        )
    except duckdb.CatalogException:  # no schema_version table: nothing migrated yet
        return 0


MAX_LOCK_WAIT = 86400.0  # "inf" would wait for ever behind a stuck process


def writer_wait() -> float:
    """Seconds a writer waits for the lock: $OUTAGEWATCH_LOCK_WAIT (an operator's knob: how
    long a long read may hold `run` up), else 60."""
    raw = os.environ.get("OUTAGEWATCH_LOCK_WAIT", "").strip()
    if not raw:
        return 60.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_LOCK_WAIT:  # nan too: max(0, nan) was no wait at all
        raise WarehouseError(
            f"OUTAGEWATCH_LOCK_WAIT={raw!r} is no number of seconds from 0 to "
            f"{MAX_LOCK_WAIT:.0f} (a day), e.g. 60"
        )
    return seconds


@contextmanager
def writer(
    path: str | Path,
    timeout: float | None = None,
    *,
    on_migrate: OnMigrate | None = None,
    empty_ok: bool = True,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived write connection; the schema is brought up to date on open (and
    ``on_migrate(from, to)`` told when an older warehouse's schema moved on: an older
    outagewatch then refuses to write it). It waits up to ``timeout`` seconds for another
    process's lock: default $OUTAGEWATCH_LOCK_WAIT, else 60. ``empty_ok`` off: an empty
    DuckDB file is refused, as by a command that only reads (see check_is_warehouse)."""
    path = Path(path)
    if timeout is None:
        timeout = writer_wait()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot create the folder of {path}: {exc.strerror}") from None
    con = _open(path, read_only=False, timeout=timeout)
    failed = False
    try:
        check_is_warehouse(con, path, empty_ok=empty_ok)
        before = migrate(con)
        if on_migrate is not None and 0 < before < SCHEMA_VERSION:
            on_migrate(before, SCHEMA_VERSION)
        yield con
    except duckdb.Error as exc:
        failed = True
        why = _disk_problem(exc)
        if why:
            raise _disk_error(path, why) from None
        raise
    finally:
        try:
            con.close()
        except duckdb.Error as exc:  # a checkpoint on close can meet a full disk too
            why = _disk_problem(exc)
            if not failed:
                if why:
                    raise _disk_error(path, why) from None
                raise


@contextmanager
def reader(path: str | Path, timeout: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection, waiting politely while a writer holds the file."""
    path = Path(path)
    if not path.exists():
        raise missing_error(path)
    con = _open(path, read_only=True, timeout=timeout)
    try:
        yield con
    finally:
        con.close()


def ensure(path: str | Path, *, empty_ok: bool = True) -> None:
    """Create the warehouse file with the current schema if it does not exist yet (or bring
    an older one up to date); ``empty_ok`` off refuses an empty DuckDB file."""
    with writer(path, empty_ok=empty_ok):
        pass
