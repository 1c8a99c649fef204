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
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    return (
        f"{first}: this warehouse predates this outagewatch; run `outagewatch process` once "
        "with this version to update it (after stopping any older outagewatch still writing "
        "to it)"
    )


def is_older(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the open file's schema or views are older than this outagewatch's: a Catalog
    or Binder error on a current file is a bug in the query, not the file's age."""
    return schema_version(con) < SCHEMA_VERSION or not views_current(con)
