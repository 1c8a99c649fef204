"""Retention: drop the raw text of old posts, keep what was computed from them.

After a prune, a post older than the cut-off keeps its key, source, time and signals
(language, complaint, symptoms, country), so report_volume, incidents and their counts
are unchanged; its text, URL, author hash, profile location, geotag, thread title and
embedding are gone.
Posts never processed have nothing worth keeping and are marked removed (deleted_at), so
processing skips them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from warehouse import pipeline_io
from warehouse.store import utcnow

RAW_FIELDS = (
    "text", "url", "author_hash", "author_location", "geo_lat", "geo_lon", "thread_title",
)  # fmt: skip
PRUNED_BEFORE = pipeline_io.PRUNED_STATE  # pipeline_state key: the latest cut-off applied


@dataclass
class PruneResult:
    cutoff: datetime
    posts_pruned: int = 0  # processed posts whose raw fields were cleared
    posts_removed: int = 0  # never-processed posts marked removed
    embeddings_deleted: int = 0


PROCESSED = "post_key IN (SELECT post_key FROM post_signals)"
HAS_RAW = "(" + " OR ".join(f"{f} IS NOT NULL" for f in RAW_FIELDS) + ")"
# Processed posts keep their row (signals and incidents point at it), without raw fields.
PRUNE_WHERE = f"created_at < $cutoff AND {PROCESSED} AND {HAS_RAW}"
# Unprocessed posts are removed the way a deletion at the source is.
REMOVE_WHERE = f"created_at < $cutoff AND NOT {PROCESSED} AND (deleted_at IS NULL OR {HAS_RAW})"
DOOMED_KEYS = "SELECT post_key FROM posts WHERE created_at < $cutoff"
EMBEDDINGS = f"post_key IN ({DOOMED_KEYS})"


def count_prunable(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> PruneResult:
    """What prune_before would change, without changing anything (--dry-run)."""
    params = {"cutoff": cutoff}
    one = lambda sql: int(con.execute(sql, params).fetchone()[0])  # noqa: E731
    return PruneResult(
        cutoff,
        posts_pruned=one(f"SELECT count(*) FROM posts WHERE {PRUNE_WHERE}"),
        posts_removed=one(f"SELECT count(*) FROM posts WHERE {REMOVE_WHERE}"),
        embeddings_deleted=one(f"SELECT count(*) FROM post_embeddings WHERE {EMBEDDINGS}"),
    )


def prune_before(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> PruneResult:
    """Clear the raw fields of every post created before `cutoff`, in one transaction."""
    params = {"cutoff": cutoff}
    nulls = ", ".join(f"{f} = NULL" for f in RAW_FIELDS)
    out = PruneResult(cutoff)
    con.execute("BEGIN")
    try:
        # a repost kept beyond the cutoff keeps the vector it shares (stored once per text)
        pipeline_io.hand_over_vectors(con, DOOMED_KEYS, params)
        out.embeddings_deleted = int(
            con.execute(f"DELETE FROM post_embeddings WHERE {EMBEDDINGS}", params).fetchone()[0]
        )
        out.posts_pruned = int(
            con.execute(f"UPDATE posts SET {nulls} WHERE {PRUNE_WHERE}", params).fetchone()[0]
        )
        out.posts_removed = int(
            con.execute(
                f"UPDATE posts SET {nulls}, deleted_at = coalesce(deleted_at, $now) "
                f"WHERE {REMOVE_WHERE}",
                {**params, "now": utcnow()},
            ).fetchone()[0]
        )
        con.execute(
            "INSERT OR REPLACE INTO pipeline_state VALUES (?, ?, ?)",
            [PRUNED_BEFORE, cutoff.isoformat(), utcnow()],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return out
