"""The one line said when a query fails because the warehouse file predates this outagewatch.

A file last written by an older outagewatch lacks the columns and views later migrations add
until a writer of this version opens it; the commands that only read try that first
(db.bring_up_to_date), but cannot while an older process holds the file. `export daily` and
the dashboard then meet a Catalog or Binder error and say this line, in the same words.
"""

from __future__ import annotations

import duckdb

from warehouse.db import SCHEMA_VERSION, schema_version, views_current

# What a query of this version meets on an older file: a missing view or table (Catalog), a
# missing column (Binder, e.g. posts.venue before schema 3).
OUTDATED_ERRORS = (duckdb.CatalogException, duckdb.BinderException)


def predates(exc: BaseException) -> str:
    """The line: DuckDB's own first line (which view or column), what it means, what to do."""
    return (
        f"{_first(exc)}: this warehouse predates this outagewatch; run `outagewatch process` "
        "once with this version to update it (after stopping any older outagewatch still "
        "writing to it)"
    )


def postdates(exc: BaseException, version: int) -> str:
    """The line for a file a newer outagewatch wrote: this one cannot read it; rewriting its
    views with this version's would only be undone by the newer one."""
    return (
        f"{_first(exc)}: this warehouse was written by a newer outagewatch (schema {version}; "
        f"this one reads {SCHEMA_VERSION}); upgrade outagewatch to read it"
    )


def outdated_line(con: duckdb.DuckDBPyConnection, exc: BaseException) -> str | None:
    """The line to say for a Catalog or Binder error on the open file, or None when the file
    is this version's (then the query is wrong: a bug, for the traceback)."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        return postdates(exc, version)
    return predates(exc) if is_older(con) else None


def is_older(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the open file's schema or views are older than this outagewatch's (views of the
    same schema version that differ are read as older: this version's rewrite them)."""
    version = schema_version(con)
    return version < SCHEMA_VERSION or (version == SCHEMA_VERSION and not views_current(con))


def _first(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]
