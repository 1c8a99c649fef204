"""Which stored posts to look up again at their source for a deletion, and when each was.

A source that shows deletions only on the pages a crawl happens to read (Reddit) needs its
stored posts asked about again: the ones seen longest ago first, so the work rotates
through the whole warehouse. A post last seen is its last check, or its fetch when never
checked. Only posts that still hold their text are asked about: a deleted or pruned post
has nothing left to remove.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from warehouse.store import utcnow

LAST_SEEN = "coalesce(checked_at, fetched_at)"
HOLDS_TEXT = "deleted_at IS NULL AND text IS NOT NULL"


@dataclass
class Due:
    """This run's share of the posts due for a look-up, oldest-seen first."""

    native_ids: list[str]
    oldest_seen: datetime | None  # the longest a post waited for its check
    waiting: int  # every post due, this run's share included


def due_for_recheck(
    con: duckdb.DuckDBPyConnection,
    source: str,
    limit: int,
    seen_before: datetime,
    prefixes: Sequence[str] = (),
) -> Due:
    """Up to `limit` native ids of `source` holding text and last seen before `seen_before`,
    oldest-seen first; `prefixes` keeps only ids of those kinds (Reddit's t1_, t3_)."""
    where = f"source = $source AND {HOLDS_TEXT} AND {LAST_SEEN} < $before"
    params: dict[str, object] = {"source": source, "before": seen_before}
    if prefixes:
        kinds = [f"starts_with(native_id, $kind{i})" for i in range(len(prefixes))]
        where += f" AND ({' OR '.join(kinds)})"
        params |= {f"kind{i}": p for i, p in enumerate(prefixes)}
    waiting = con.execute(f"SELECT count(*) FROM posts WHERE {where}", params).fetchone()[0]
    rows = con.execute(
        f"SELECT native_id, {LAST_SEEN} FROM posts WHERE {where} "
        f"ORDER BY {LAST_SEEN}, post_key LIMIT $limit",
        params | {"limit": max(0, limit)},
    ).fetchall()
    return Due([r[0] for r in rows], rows[0][1] if rows else None, int(waiting))


def mark_checked(
    con: duckdb.DuckDBPyConnection, post_keys: Sequence[str], when: datetime | None = None
) -> int:
    """Record that the source was asked about these posts now (or `when`)."""
    if not post_keys:
        return 0
    con.register("_checked", pd.DataFrame({"post_key": list(dict.fromkeys(post_keys))}))
    try:
        n = con.execute(
            "UPDATE posts SET checked_at = $when WHERE post_key IN (SELECT post_key FROM _checked)",
            {"when": when or utcnow()},
        ).fetchone()[0]
    finally:
        con.unregister("_checked")
    return int(n)
