"""Writes into the warehouse. Every function takes an open writer connection and is
idempotent: storing the same post, incident or signal twice leaves one row."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import pandas as pd

POST_COLUMNS = [
    "post_key",
    "source",
    "native_id",
    "url",
    "author_hash",
    "author_location",
    "text",
    "lang_hint",
    "geo_lat",
    "geo_lon",
    "is_repost",
    "query",
    "created_at",
    "fetched_at",
    "venue",
    "thread_title",
]
OFFICIAL_COLUMNS = [
    "official_id",
    "source",
    "service_slug",
    "name",
    "status",
    "impact",
    "components",
    "url",
    "created_at",
    "started_at",
    "acknowledged_at",
    "resolved_at",
    "updated_at",
    "updates",
    "fetched_at",
]


def utcnow() -> datetime:
    """Now in UTC as a naive datetime, the warehouse's convention."""
    return datetime.now(UTC).replace(tzinfo=None)


def _frame(rows: Sequence[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    # pandas imported when rows are stored, not with this module: a crawl child imports it
    # at its start, and a crawl that stores nothing (every request failed) needs no pandas
    import pandas as pd

    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    return frame.astype(object).where(frame.notna(), None)


def sync_services(con: duckdb.DuckDBPyConnection, services: Iterable[Any]) -> int:
    """Make the `services` table mirror the catalog."""
    rows = [
        {
            "slug": s.slug,
            "name": s.name,
            "category": s.category,
            "aliases": list(s.aliases),
            "hashtags": list(s.hashtags),
            "handles": list(s.handles),
            "domains": list(s.domains),
            "countries": list(s.countries),
            "upstream": list(s.upstream),
            "status_url": s.status_url,
            "status_kind": s.status_kind,
        }
        for s in services
    ]
    import pandas as pd

    frame = pd.DataFrame(rows)  # noqa: F841 - scanned by DuckDB below
    con.execute("BEGIN")
    con.execute("DELETE FROM services")
    con.execute("INSERT INTO services SELECT * FROM frame")
    con.execute("COMMIT")
    return len(rows)


def insert_posts(con: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """Store raw posts once per post_key. Returns (new, duplicate)."""
    if not rows:
        return 0, 0
    frame = _frame(rows, POST_COLUMNS).drop_duplicates("post_key")  # noqa: F841
    con.execute("BEGIN")
    before = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    con.execute(
        f"INSERT OR IGNORE INTO posts ({', '.join(POST_COLUMNS)}, is_reply) "
        f"SELECT {', '.join(POST_COLUMNS)}, thread_title IS NOT NULL FROM frame"
    )
    after = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    con.execute("COMMIT")
    new = int(after - before)
    return new, len(rows) - new


def mark_deleted(con: duckdb.DuckDBPyConnection, post_keys: Sequence[str]) -> int:
    """Honour a deletion reported by the source: drop the text, keep nothing personal."""
    if not post_keys:
        return 0
    import pandas as pd

    from warehouse.pipeline_io import hand_over_vectors

    con.register("_deleted", pd.DataFrame({"post_key": list(post_keys)}))
    doomed = "SELECT post_key FROM _deleted"
    try:
        con.execute("BEGIN")
        n = con.execute(
            "UPDATE posts SET deleted_at = now()::TIMESTAMP, text = NULL, author_hash = NULL, "
            "author_location = NULL, url = NULL, geo_lat = NULL, geo_lon = NULL, "
            "thread_title = NULL "
            f"WHERE post_key IN ({doomed}) AND deleted_at IS NULL"
        ).fetchone()[0]
        hand_over_vectors(con, doomed, {})  # a repost kept keeps the vector it shares
        con.execute(f"DELETE FROM post_embeddings WHERE post_key IN ({doomed})")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("_deleted")
    return int(n)


def upsert_official_incidents(
    con: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]]
) -> tuple[int, int]:
    """Insert or refresh official incidents. Returns (new, updated)."""
    if not rows:
        return 0, 0
    prepared = []
    for row in rows:
        r = dict(row)
        if not isinstance(r.get("updates"), str | type(None)):
            r["updates"] = json.dumps(r["updates"], default=str, sort_keys=True)
        prepared.append(r)
    frame = _frame(prepared, OFFICIAL_COLUMNS).drop_duplicates("official_id", keep="last")  # noqa: F841
    con.execute("BEGIN")
    new = con.execute(
        "SELECT count(*) FROM frame WHERE official_id NOT IN (SELECT official_id FROM official_incidents)"
    ).fetchone()[0]
    con.execute(
        f"INSERT OR REPLACE INTO official_incidents ({', '.join(OFFICIAL_COLUMNS)}) "
        f"SELECT {', '.join(OFFICIAL_COLUMNS)} FROM frame"
    )
    con.execute("COMMIT")
    return int(new), len(frame) - int(new)


def delete_official_incidents(con: duckdb.DuckDBPyConnection, official_ids: Sequence[str]) -> int:
    """Delete these official incidents (superseded rows of earlier versions); how many were."""
    if not official_ids:
        return 0
    ids = sorted(set(official_ids))
    n = con.execute(
        "DELETE FROM official_incidents WHERE list_contains(?, official_id)", [ids]
    ).fetchone()[0]
    return int(n)


def open_official_incidents(
    con: duckdb.DuckDBPyConnection, source: str, slugs: Sequence[str], closed_by: str = ""
) -> dict[str, dict[str, Any]]:
    """official_id -> stored row of a source's unresolved incidents of these services (what
    a feed of current incidents only listed last time: crawlers/current_feeds.py), and of
    those whose updates hold ``closed_by`` (taken as over, they may come back)."""
    if not slugs:
        return {}
    cur = con.execute(
        f"SELECT {', '.join(OFFICIAL_COLUMNS)} FROM official_incidents "
        "WHERE source = ? AND list_contains(?, service_slug) AND (resolved_at IS NULL"
        " OR (? <> '' AND contains(CAST(updates AS VARCHAR), ?)))",
        [source, list(slugs), closed_by, closed_by],
    )
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def get_cursor(con: duckdb.DuckDBPyConnection, source: str, key: str) -> str | None:
    row = con.execute(
        "SELECT cursor FROM crawl_cursors WHERE source = ? AND key = ?", [source, key]
    ).fetchone()
    return row[0] if row else None


def set_cursor(con: duckdb.DuckDBPyConnection, source: str, key: str, cursor: str) -> None:
    con.execute(
        "INSERT OR REPLACE INTO crawl_cursors VALUES (?, ?, ?, ?)", [source, key, cursor, utcnow()]
    )


def record_crawl_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source: str,
    started_at: datetime,
    finished_at: datetime | None,
    stats: dict[str, int],
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            source,
            started_at,
            finished_at,
            stats.get("requests", 0),
            stats.get("posts_new", 0),
            stats.get("posts_dup", 0),
            stats.get("official_new", 0),
            stats.get("errors", 0),
        ],
    )


def get_state(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    rows = con.execute("SELECT value FROM pipeline_state WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else None


def set_state(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO pipeline_state VALUES (?, ?, ?)", [key, value, utcnow()])


def remove_posts(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    """Remove, in one transaction, the posts `where` selects that are no posts at all (rows
    an old bug stored), with what was derived from them: signals, services, embeddings,
    incident links, and their count in report_volume. A deletion at the source is
    mark_deleted instead: that row stays, as its signals count. Returns how many went."""
    from warehouse.pipeline_io import hand_over_vectors

    doomed = f"SELECT post_key FROM posts WHERE {where}"
    con.execute("BEGIN")
    try:
        # their problem reports leave the 5-minute buckets they were counted in (country ''
        # is every country's); the buckets' scores are redone by the next cycle's window
        con.execute(
            f"""
            UPDATE report_volume v SET reports = greatest(v.reports - g.n, 0)
            FROM (
                WITH r AS (
                    SELECT ps.service_slug, coalesce(s.country, '') AS country,
                           time_bucket(INTERVAL 5 MINUTE, s.created_at) AS bucket
                    FROM post_signals s JOIN post_services ps USING (post_key)
                    WHERE s.problem AND s.post_key IN ({doomed})
                )
                SELECT service_slug, country, bucket, count(*) AS n
                FROM r WHERE country <> '' GROUP BY ALL
                UNION ALL
                SELECT service_slug, '' AS country, bucket, count(*) AS n FROM r GROUP BY ALL
            ) g
            WHERE v.service_slug = g.service_slug AND v.country = g.country
              AND v.bucket = g.bucket
            """,
            params,
        )
        hand_over_vectors(con, doomed, params)
        for table in ("post_embeddings", "incident_posts", "post_services", "post_signals"):
            con.execute(f"DELETE FROM {table} WHERE post_key IN ({doomed})", params)
        n = con.execute(f"DELETE FROM posts WHERE {where}", params).fetchone()[0]
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return int(n)
