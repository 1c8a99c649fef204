"""The reads and writes of one processing cycle, kept here so the orchestrator holds no SQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from warehouse.store import get_state, set_state, utcnow

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
        # only problem reports are counted: a detection owes a count for posts that are
        # one now or were one before this write (a reprocess may have unmade them)
        (was,) = con.execute(
            "SELECT min(created_at) FROM post_signals "
            "WHERE problem AND post_key IN (SELECT post_key FROM _keys)"
        ).fetchone()
        for table in ("post_signals", "post_services", "post_embeddings"):
            con.execute(f"DELETE FROM {table} WHERE post_key IN (SELECT post_key FROM _keys)")
        con.execute("INSERT INTO post_signals SELECT * FROM _sig")
        con.execute("INSERT INTO post_services SELECT * FROM _svc")
        times = [t for t in (was, sig.loc[sig["problem"], "created_at"].min()) if pd.notna(t)]
        if times:
            owe_scoring(con, pd.Timestamp(min(times)).to_pydatetime())
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


# the end of a window that may have none (a backlog part's has one, the recent window not)
_UNTIL = "coalesce(?::TIMESTAMP, 'infinity'::TIMESTAMP)"


def recent_incidents(
    con: duckdb.DuckDBPyConnection, since: datetime, until: datetime | None = None
) -> pd.DataFrame:
    """Incidents a cycle may continue: still open, or started in the rebuilt window (a
    backlog part's window ends at ``until``: what started later is not its to rebuild)."""
    return con.execute(
        "SELECT * EXCLUDE (centroid), centroid FROM incidents "
        f"WHERE (status = 'open' OR started_at >= ?) AND started_at < {_UNTIL} "
        "ORDER BY started_at, incident_id",
        [since, until],
    ).df()


def open_since(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime) -> datetime | None:
    """The start of the earliest incident still open that started in [since, until): an
    outage going on across the start of a rebuilt window (a backlog part left it open at
    its end), which the window then reaches back to, so it is rebuilt whole."""
    row = con.execute(
        "SELECT min(started_at) FROM incidents WHERE status = 'open' "
        "AND started_at >= ? AND started_at < ?",
        [since, until],
    ).fetchone()
    return row[0] if row else None


def loud_buckets(
    con: duckdb.DuckDBPyConnection, since: datetime, score: float, until: datetime | None = None
) -> pd.DataFrame:
    """The global buckets whose stored score (the last cycle's) is at least `score` with
    reports above the baseline, from `since` to before `until`: where an incident that a
    rebuild no longer finds was last abnormal (the table keeps scores, not the episodes'
    flags)."""
    return con.execute(
        "SELECT service_slug, bucket FROM report_volume WHERE country = '' AND score >= ? "
        f"AND reports > baseline AND bucket >= ? AND bucket < {_UNTIL} "
        "ORDER BY service_slug, bucket",
        [score, since, until],
    ).df()


def data_time_range(con: duckdb.DuckDBPyConnection) -> tuple[datetime | None, datetime | None]:
    row = con.execute("SELECT min(created_at), max(created_at) FROM post_signals").fetchone()
    return (row[0], row[1]) if row else (None, None)


# Where detection owes a count: the oldest time of a post whose signals were written since
# the volume was last scored there. A cycle scores only its recent window; this says when
# older posts came in (a first crawl's month of backfill, a new source's, a reprocess).
UNSCORED_STATE = "unscored_since"


def unscored_since(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The oldest post time detection has not yet counted, or None when none is owed.

    A warehouse processed before this mark was kept owes what its report_volume does not
    reach back to: from its oldest signals when the scored buckets begin later."""
    return _owed(con, get_state(con, UNSCORED_STATE))


def _owed(con: duckdb.DuckDBPyConnection, value: str | None) -> datetime | None:
    """`unscored_since` from the mark's stored value (None: no mark kept yet)."""
    if value is not None:
        return datetime.fromisoformat(value) if value else None
    # problem reports only: the others (and pruned posts' signals, kept) have nothing to count
    first = con.execute("SELECT min(created_at) FROM post_signals WHERE problem").fetchone()[0]
    scored = con.execute("SELECT min(bucket) FROM report_volume").fetchone()[0]
    if first is None or (scored is not None and scored <= first):
        return None
    return first


def owe_scoring(con: duckdb.DuckDBPyConnection, since: datetime) -> None:
    """Signals were written for posts from `since` on: move the mark back to it."""
    stored = get_state(con, UNSCORED_STATE)
    owed = _owed(con, stored)
    if owed is None or since < owed:
        set_state(con, UNSCORED_STATE, since.isoformat())
    elif stored is None:
        set_state(con, UNSCORED_STATE, owed.isoformat())


def scored_until(
    con: duckdb.DuckDBPyConnection, until: datetime | None, expected: datetime | None
) -> None:
    """Detection counted everything owed up to `until` (None: all of it): the mark moves
    there, but only while it still holds `expected`, the value the scoring loop found or
    last wrote. Another process that wrote signals meanwhile moved it (back, to a time
    perhaps already scored): it then stays, and the next cycle scores from it. A warehouse
    that kept no mark yet gets one (its owed time is read from report_volume, which the
    loop's own writes move)."""
    stored = get_state(con, UNSCORED_STATE)
    if stored is not None and _owed(con, stored) != expected:
        return
    value = until.isoformat() if until is not None else ""
    if stored != value:
        set_state(con, UNSCORED_STATE, value)


# pipeline_state key `prune` keeps its latest cut-off in: older posts have no text nor
# embedding left, only their signals
PRUNED_STATE = "pruned_before"


def pruned_before(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The latest cut-off `prune` applied, if any."""
    value = get_state(con, PRUNED_STATE)
    return datetime.fromisoformat(value) if value else None


def count_problem_posts(
    con: duckdb.DuckDBPyConnection, since: datetime, until: datetime | None, now: datetime
) -> int:
    """Problem reports (each post once, whatever its services) from `since` to before
    `until` (a backlog part's end) and at the latest `now`: what one scored range counted."""
    row = con.execute(
        "SELECT count(DISTINCT s.post_key) FROM post_signals s JOIN posts p USING (post_key) "
        "WHERE s.problem AND p.deleted_at IS NULL AND s.created_at >= $since "
        f"AND s.created_at < {_BEFORE} AND s.created_at <= $now "
        "AND s.post_key IN (SELECT post_key FROM post_services)",
        {"since": since, "until": until, "now": now},
    ).fetchone()
    return int(row[0]) if row else 0


def replace_report_volume(
    con: duckdb.DuckDBPyConnection,
    volume: pd.DataFrame,
    since: datetime,
    until: datetime | None = None,
) -> None:
    """Replace the rows of buckets from `since` (to before `until`) with `volume`'s."""
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
            f"DELETE FROM report_volume r WHERE bucket >= $since AND bucket < {_BEFORE} "
            f"AND NOT EXISTS (SELECT 1 FROM _vol v WHERE {same})",
            {"since": since, "until": until},
        )
        con.execute(
            "INSERT OR IGNORE INTO report_volume SELECT * FROM _vol "
            f"WHERE bucket >= $since AND bucket < {_BEFORE}",
            {"since": since, "until": until},
        )
        con.execute("COMMIT")
    finally:
        con.unregister("_vol")


_BEFORE = _UNTIL.replace("?", "$until")
INCIDENT_TABLES = ("incidents", "incident_posts", "incident_regions", "incident_symptoms")


def replace_incidents(
    con: duckdb.DuckDBPyConnection,
    frames: dict[str, pd.DataFrame],
    since: datetime,
    kept: Sequence[str] = (),
    until: datetime | None = None,
) -> None:
    """Replace every incident that started at or after `since` (or is still open), and
    before `until` (a backlog part's window). The `kept` ids keep their posts, regions and
    symptoms; their `incidents` rows are in `frames` (an incident the rebuild no longer
    finds, kept as published)."""
    con.execute("BEGIN")
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _gone AS SELECT incident_id FROM incidents "
            f"WHERE (started_at >= ? OR status = 'open') AND started_at < {_UNTIL}",
            [since, until],
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
