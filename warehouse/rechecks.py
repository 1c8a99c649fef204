"""Which stored posts to look up again at their source for a deletion, and when each was.

A source that shows deletions only on the pages a crawl happens to read (Reddit) needs its
stored posts asked about again: the ones seen longest ago first, so the work rotates
through the whole warehouse. A post last seen is its last check, or its fetch when never
checked. Only posts that still hold their text are asked about: a deleted or pruned post
has nothing left to remove. A post the source leaves out of its answer may only be hidden
for a while (Reddit leaves out a private or quarantined subreddit's posts), so it is
deleted only when it was missing on two checks at least MISSING_FOR apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from warehouse.store import utcnow

LAST_SEEN = "coalesce(checked_at, fetched_at)"
HOLDS_TEXT = "deleted_at IS NULL AND text IS NOT NULL"
# a subreddit private for a day of protest comes back before its posts are deleted
MISSING_FOR = timedelta(hours=24)


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
    con: duckdb.DuckDBPyConnection,
    post_keys: Sequence[str],
    when: datetime | None = None,
    keep_missing: bool = False,
) -> int:
    """Record that the source was asked about these posts now (or `when`) and still has
    them: a post missing before (a subreddit private for a while) is no longer. With
    `keep_missing` the answer said nothing of them (it left out every post asked): they
    only wait their turn again, and an earlier miss stays recorded."""
    missing = "" if keep_missing else ", missing_since = NULL"
    with _keys(con, post_keys) as keys:
        if not keys:
            return 0
        n = con.execute(
            f"UPDATE posts SET checked_at = $when{missing} WHERE post_key IN ({keys})",
            {"when": when or utcnow()},
        ).fetchone()[0]
    return int(n)


def mark_missing(
    con: duckdb.DuckDBPyConnection, post_keys: Sequence[str], when: datetime | None = None
) -> list[str]:
    """Record that the source left these posts out of its answer now (or `when`); return
    the keys of those it had already left out MISSING_FOR or more earlier, to delete."""
    when = when or utcnow()
    with _keys(con, post_keys) as keys:
        if not keys:
            return []
        where = f"post_key IN ({keys}) AND deleted_at IS NULL"
        con.execute(
            "UPDATE posts SET checked_at = $when, missing_since = coalesce(missing_since, $when) "
            f"WHERE {where}",
            {"when": when},
        )
        rows = con.execute(
            f"SELECT post_key FROM posts WHERE {where} AND missing_since <= $cut ORDER BY 1",
            {"cut": when - MISSING_FOR},
        ).fetchall()
    return [r[0] for r in rows]


@contextmanager
def _keys(con: duckdb.DuckDBPyConnection, post_keys: Sequence[str]) -> Iterator[str]:
    """A subquery of the given post keys ('' when there are none), registered meanwhile."""
    if not post_keys:
        yield ""
        return
    import pandas as pd  # here: the crawl's child process imports this module at start

    con.register("_recheck_keys", pd.DataFrame({"post_key": list(dict.fromkeys(post_keys))}))
    try:
        yield "SELECT post_key FROM _recheck_keys"
    finally:
        con.unregister("_recheck_keys")
