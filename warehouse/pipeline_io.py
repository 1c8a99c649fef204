"""The reads and writes of one processing cycle, kept here so the orchestrator holds no SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from warehouse.store import utcnow

SIGNAL_COLUMNS = [
    "post_key",
    "created_at",
    "text_hash",
    "lang",
    "complaint",
    "complaint_score",
    "symptoms",
    "problem",
    "country",
    "region",
    "city",
    "lat",
    "lon",
    "geo_evidence",
    "geo_confidence",
    "pipeline_version",
    "processed_at",
]


def pending_posts(
    con: duckdb.DuckDBPyConnection, version: str, limit: int, reprocess: bool = False
) -> pd.DataFrame:
    """Posts with no signals yet (or, with reprocess, signals from another pipeline version)."""
    condition = _pending(reprocess)
    return con.execute(
        f"""
        SELECT p.post_key, p.text, p.created_at, p.lang_hint, p.author_location,
               p.geo_lat, p.geo_lon, p.venue, p.thread_title
        FROM posts p LEFT JOIN post_signals s USING (post_key)
        WHERE p.deleted_at IS NULL AND ({condition})
        ORDER BY p.created_at, p.post_key
        LIMIT $limit
        """,
        {"version": version, "limit": limit} if reprocess else {"limit": limit},
    ).df()


def _pending(reprocess: bool) -> str:
    """Posts to enrich: those without signals; with reprocess, also those enriched by another
    version, as long as their text is still there (`prune` keeps a pruned post's signals, and
    enriching its empty text would erase them)."""
    condition = "s.post_key IS NULL"
    if reprocess:
        condition += " OR (s.pipeline_version IS DISTINCT FROM $version AND p.text IS NOT NULL)"
    return condition


def count_pending(con: duckdb.DuckDBPyConnection, version: str, reprocess: bool = False) -> int:
    condition = _pending(reprocess)
    params: dict = {"version": version} if reprocess else {}
    row = con.execute(
        f"SELECT count(*) FROM posts p LEFT JOIN post_signals s USING (post_key) "
        f"WHERE p.deleted_at IS NULL AND ({condition})",
        params,
    ).fetchone()
    return int(row[0])


def write_signals(
    con: duckdb.DuckDBPyConnection, enriched: pd.DataFrame, created_at: pd.Series, version: str
) -> None:
    """Replace the signals, services and embeddings of the given posts in one transaction.
    An embedding is stored once per text: not for a text whose vector another post holds."""
    now = utcnow()
    sig = pd.DataFrame(
        {
            "post_key": enriched["post_key"].astype(str),
            "created_at": pd.to_datetime(created_at.values),
            "text_hash": enriched["text_hash"],
            "lang": enriched["lang"],
            "complaint": enriched["complaint"].astype("int8"),
            "complaint_score": enriched["complaint_score"].astype(float),
            "symptoms": enriched["symptoms"].map(list),
            "problem": enriched["problem"].astype(bool),
            "country": enriched["country"].fillna(""),
            "region": enriched["region"].fillna(""),
            "city": enriched["city"].fillna(""),
            "lat": pd.to_numeric(enriched["lat"], errors="coerce"),
            "lon": pd.to_numeric(enriched["lon"], errors="coerce"),
            "geo_evidence": enriched["geo_evidence"].fillna("none"),
            "geo_confidence": pd.to_numeric(enriched["geo_confidence"], errors="coerce"),
            "pipeline_version": version,
            "processed_at": now,
        }
    )[SIGNAL_COLUMNS]
    pairs = [
        (key, slug)
        for key, slugs in zip(enriched["post_key"], enriched["services"], strict=True)
        for slug in dict.fromkeys(slugs or [])
    ]
    services = pd.DataFrame(pairs, columns=["post_key", "service_slug"])
    emb_rows = [
        (key, h, np.asarray(e, dtype=np.float32).tolist())
        for key, h, e in zip(
            enriched["post_key"], enriched["text_hash"], enriched["embedding"], strict=True
        )
        if e is not None
    ]
    embeddings = pd.DataFrame(emb_rows, columns=["post_key", "text_hash", "embedding"])
    keys = sig[["post_key"]]
    con.register("_sig", sig)
    con.register("_svc", services)
    con.register("_emb", embeddings)
    con.register("_keys", keys)
    try:
        con.execute("BEGIN")
        for table in ("post_signals", "post_services", "post_embeddings"):
            con.execute(f"DELETE FROM {table} WHERE post_key IN (SELECT post_key FROM _keys)")
        con.execute("INSERT INTO post_signals SELECT * FROM _sig")
        con.execute("INSERT INTO post_services SELECT * FROM _svc")
        if len(embeddings):
            # one vector per text: a repost of a text stored in an earlier batch adds none
            # (problem_posts finds it by text_hash)
            con.execute(
                "INSERT INTO post_embeddings SELECT post_key, text_hash, "
                "embedding::FLOAT[384] FROM _emb "
                "WHERE text_hash NOT IN (SELECT text_hash FROM post_embeddings "
                "WHERE text_hash IS NOT NULL)"
            )
        con.execute("COMMIT")
    finally:
        for name in ("_sig", "_svc", "_emb", "_keys"):
            con.unregister(name)


def hand_over_vectors(con: duckdb.DuckDBPyConnection, doomed: str, params: dict) -> None:
    """Before the embeddings of the posts `doomed` selects are deleted (prune, a deletion at
    the source), give each to a surviving post with the same text: a vector is stored once
    per text, and the reposts that share it would lose it. A survivor holds that same text,
    so nothing is kept that its own row does not hold."""
    con.execute(
        f"""
        UPDATE post_embeddings e SET post_key = coalesce((
            SELECT min(s.post_key) FROM post_signals s JOIN posts p USING (post_key)
            WHERE s.text_hash = e.text_hash AND p.deleted_at IS NULL AND p.text IS NOT NULL
              AND s.post_key NOT IN ({doomed})
              AND s.post_key NOT IN (SELECT post_key FROM post_embeddings)
        ), e.post_key)  -- no survivor: the row stays, and goes with its post
        WHERE e.post_key IN ({doomed}) AND e.text_hash IS NOT NULL
        """,
        params,
    )


def problem_counts(
    con: duckdb.DuckDBPyConnection, since: datetime, until: datetime | None = None
) -> pd.DataFrame:
    """Problem reports per service, per country and globally ('' ), per 5-minute bucket;
    none dated after ``until`` (a cycle's clock: a post dated ahead of it is not yet news)."""
    return con.execute(
        """
        WITH r AS (
            SELECT ps.service_slug, coalesce(s.country, '') AS country,
                   time_bucket(INTERVAL 5 MINUTE, s.created_at) AS bucket
            FROM post_signals s
            JOIN post_services ps USING (post_key)
            JOIN posts p USING (post_key)
            WHERE s.problem AND s.created_at >= $since AND p.deleted_at IS NULL
              AND s.created_at <= coalesce($until, TIMESTAMP '9999-01-01')
        )
        SELECT service_slug, country, bucket, count(*)::INTEGER AS reports
        FROM r WHERE country <> '' GROUP BY ALL
        UNION ALL
        SELECT service_slug, '' AS country, bucket, count(*)::INTEGER AS reports
        FROM r GROUP BY ALL
        ORDER BY service_slug, country, bucket
        """,
        {"since": since, "until": until},
    ).df()


def problem_posts(
    con: duckdb.DuckDBPyConnection, since: datetime, until: datetime | None = None
) -> pd.DataFrame:
    """Problem reports from ``since`` to ``until``, with their embeddings, for incident
    building. A repost shares the vector of the first post with its text (stored once, found
    by text_hash); ``is_reply``: written under a thread's title (a Reddit comment, a Hacker
    News one)."""
    return con.execute(
        """
        WITH wanted AS (
            SELECT DISTINCT text_hash FROM post_signals
            WHERE problem AND created_at >= $since AND text_hash IS NOT NULL
        ), vectors AS (
            SELECT text_hash, any_value(embedding) AS embedding
            FROM post_embeddings JOIN wanted USING (text_hash) GROUP BY text_hash
        )
        SELECT ps.post_key, ps.service_slug, s.created_at, p.text, s.symptoms, s.country,
               s.region, s.city, s.lat, s.lon, s.complaint_score, p.url, p.author_hash, s.lang,
               p.is_reply, v.embedding
        FROM post_signals s
        JOIN post_services ps USING (post_key)
        JOIN posts p USING (post_key)
        LEFT JOIN vectors v ON v.text_hash = s.text_hash
        WHERE s.problem AND s.created_at >= $since AND p.deleted_at IS NULL
          AND s.created_at <= coalesce($until, TIMESTAMP '9999-01-01')
        ORDER BY s.created_at, ps.post_key
        """,
        {"since": since, "until": until},
    ).df()


def official_incidents(con: duckdb.DuckDBPyConnection, since: datetime) -> pd.DataFrame:
    return con.execute(
        """
        SELECT official_id, service_slug, name, impact, status, started_at, acknowledged_at,
               resolved_at, created_at, updated_at
        FROM official_incidents
        WHERE coalesce(resolved_at, TIMESTAMP '9999-01-01') >= $since
        ORDER BY official_id
        """,
        {"since": since},
    ).df()


def recent_incidents(con: duckdb.DuckDBPyConnection, since: datetime) -> pd.DataFrame:
    """Incidents a cycle may continue: still open, or started in the rebuilt window."""
    return con.execute(
        "SELECT * EXCLUDE (centroid), centroid FROM incidents "
        "WHERE status = 'open' OR started_at >= ? ORDER BY started_at, incident_id",
        [since],
    ).df()


def loud_buckets(con: duckdb.DuckDBPyConnection, since: datetime, score: float) -> pd.DataFrame:
    """The global buckets whose stored score (the last cycle's) is at least `score` with
    reports above the baseline, since a time: where an incident that a rebuild no longer
    finds was last abnormal (the table keeps scores, not the episodes' flags)."""
    return con.execute(
        "SELECT service_slug, bucket FROM report_volume WHERE country = '' AND score >= ? "
        "AND reports > baseline AND bucket >= ? ORDER BY service_slug, bucket",
        [score, since],
    ).df()


def data_time_range(con: duckdb.DuckDBPyConnection) -> tuple[datetime | None, datetime | None]:
    row = con.execute("SELECT min(created_at), max(created_at) FROM post_signals").fetchone()
    return (row[0], row[1]) if row else (None, None)


def replace_report_volume(
    con: duckdb.DuckDBPyConnection, volume: pd.DataFrame, since: datetime
) -> None:
    cols = [
        "service_slug",
        "country",
        "bucket",
        "reports",
        "baseline",
        "upper",
        "score",
        "is_anomaly",
    ]
    frame = volume[cols].copy()
    con.register("_vol", frame)
    same = " AND ".join(f"v.{c} IS NOT DISTINCT FROM r.{c}" for c in cols)
    try:
        con.execute("BEGIN")
        # only the rows that changed: rewriting the whole window every cycle made the file
        # grow by the window's size each time (DuckDB reuses the space of deleted rows late)
        con.execute(
            f"DELETE FROM report_volume r WHERE bucket >= $since AND NOT EXISTS "
            f"(SELECT 1 FROM _vol v WHERE {same})",
            {"since": since},
        )
        con.execute(
            "INSERT OR IGNORE INTO report_volume SELECT * FROM _vol WHERE bucket >= $since",
            {"since": since},
        )
        con.execute("COMMIT")
    finally:
        con.unregister("_vol")


INCIDENT_TABLES = ("incidents", "incident_posts", "incident_regions", "incident_symptoms")


def replace_incidents(
    con: duckdb.DuckDBPyConnection,
    frames: dict[str, pd.DataFrame],
    since: datetime,
    kept: Sequence[str] = (),
) -> None:
    """Replace every incident that started at or after `since` (or is still open). The
    `kept` ids keep their posts, regions and symptoms; their `incidents` rows are in
    `frames` (an incident the rebuild no longer finds, kept as published)."""
    con.execute("BEGIN")
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _gone AS SELECT incident_id FROM incidents "
            "WHERE started_at >= ? OR status = 'open'",
            [since],
        )
        con.execute(
            "DELETE FROM _gone WHERE incident_id IN (SELECT unnest(?::VARCHAR[]))", [list(kept)]
        )
        # a kept incident's own row is written again from `frames` (closed, perhaps)
        con.execute(
            "DELETE FROM incidents WHERE incident_id IN (SELECT unnest(?::VARCHAR[]))",
            [list(kept)],
        )
        for table in reversed(INCIDENT_TABLES):
            con.execute(f"DELETE FROM {table} WHERE incident_id IN (SELECT incident_id FROM _gone)")
        for table in INCIDENT_TABLES:
            frame = frames[table]
            if frame is None or not len(frame):
                continue
            names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            frame = frame[names].copy()
            if table == "incidents":
                frame["centroid"] = frame["centroid"].map(
                    lambda v: None if v is None else np.asarray(v, dtype=np.float32).tolist()
                )
            con.register("_frame", frame)
            select = ", ".join(
                "centroid::FLOAT[384]" if n == "centroid" else f'"{n}"' for n in names
            )
            con.execute(f"INSERT OR REPLACE INTO {table} SELECT {select} FROM _frame")
            con.unregister("_frame")
        con.execute("DROP TABLE _gone")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
