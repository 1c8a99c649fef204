"""Reading the warehouse from a Streamlit app: short read-only connections, retried, cached.

DuckDB lets one process write a file and then nobody else may open it, so every page
opens `warehouse.db.reader`, runs all of its queries in that one connection (one
consistent snapshot), and closes it at once; `reader` retries while a writer holds the
lock. Results are cached for a short TTL keyed by (file, query, now-to-the-minute).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import config
from warehouse.db import reader, with_this_versions_macros

READ_TIMEOUT = 15.0  # seconds to wait for `outagewatch run` to release the file

Query = tuple[str, Sequence[Any] | Mapping[str, Any]]


def used_params(
    sql: str, params: Sequence[Any] | Mapping[str, Any]
) -> Sequence[Any] | Mapping[str, Any]:
    """The named parameters `sql` refers to: DuckDB refuses unused ones, and a page's
    queries share one dict (now, cut, window) without each using all of it."""
    if not isinstance(params, Mapping):
        return params
    names = set(re.findall(r"\$([A-Za-z_]\w*)", sql))
    return {k: v for k, v in params.items() if k in names}


CURRENT_VIEWS: set[str] = set()  # warehouse files whose views are known to be this version's


def read_frames(db: str, queries: Mapping[str, Query]) -> dict[str, pd.DataFrame]:
    """Run several queries in one short read-only connection."""
    with reader(db, timeout=READ_TIMEOUT) as con:
        if db not in CURRENT_VIEWS:  # an older outagewatch may keep its views: lend ours
            with_this_versions_macros(con)
        return {
            name: con.execute(sql, used_params(sql, params)).df()
            for name, (sql, params) in queries.items()
        }


def read_df(db: str, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> pd.DataFrame:
    return read_frames(db, {"q": (sql, params)})["q"]


def _cache_decorator():  # noqa: ANN202 - a decorator
    """st.cache_data with the configured TTL; OUTAGEWATCH_CACHE_TTL=0 turns caching off
    (used by the benchmark to time real queries)."""
    ttl = config.cache_ttl()
    if ttl <= 0:
        return lambda func: func
    return st.cache_data(ttl=ttl, show_spinner=False, max_entries=256)


cached = _cache_decorator()
