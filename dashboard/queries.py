"""The SQL behind the Now page and the shared look-ups. Small tables first: the Now page
reads incidents and report_volume; only the city map touches post_signals, and only
through a time-window filter (DuckDB skips row groups outside it)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from dashboard.elevation import RECENT, window_end
from dashboard.source import cached, read_frames
from warehouse.asof import with_as_of

SEVERITY_RANK = (
    "CASE severity WHEN 'critical' THEN 0 WHEN 'major' THEN 1 WHEN 'minor' THEN 2 ELSE 3 END"
)


@cached
def overview(db: str, now: datetime) -> dict[str, pd.DataFrame]:
    """How much there is and how fresh it is (as of `now`)."""
    sql = """
        SELECT (SELECT count(*) FROM posts) AS posts,
               (SELECT count(*) FROM post_signals) AS processed,
               (SELECT max(created_at) FROM posts WHERE created_at <= $now) AS newest_post,
               (SELECT max(created_at) FROM post_signals WHERE problem AND created_at <= $now)
                   AS newest_report,
               (SELECT count(*) FROM incidents) AS incidents,
               (SELECT max(last_crawl) FROM crawl_status) AS last_crawl,
               (SELECT count(*) FROM official_incidents) AS official
    """
    return read_frames(db, {"overview": (sql, {"now": now})})


@cached
def now_snapshot(db: str, now: datetime, cut: datetime) -> dict[str, pd.DataFrame]:
    """Everything the Now page shows, read in one connection; incidents as of `cut`.

    The counts come from the stored 5-minute buckets and end at `until`: on the real clock
    every bucket begun holds only the past, so it is now; on a replayed clock (`cut` is
    now) the bucket holding now holds its future too, so they end where it begins, as the
    exports' do. A card's own reports (posts) are counted over the same window."""
    until = window_end(now, cut)
    hour, day = until - timedelta(hours=1), until - timedelta(days=1)
    spark = until - timedelta(hours=6)
    p = {"now": now, "hour": hour, "day": day, "until": until}
    at = {"now": now, "day": day, "cut": cut}
    return read_frames(
        db,
        {
            "active": (
                with_as_of(f"""
                -- a.main_countries: those holding >= 10 % of the located reports, as of
                -- the cut (incident_main_countries' rule): travellers or mislocated posts
                -- make no national outage global
                SELECT a.*, o.status AS official_status, o.impact AS official_impact,
                       o.name AS official_name, o.url AS official_url
                FROM incidents_at a
                LEFT JOIN official_at o ON o.official_id = a.official_id
                WHERE a.status = 'open' AND a.started_at <= $now
                ORDER BY {SEVERITY_RANK}, a.peak_reports DESC NULLS LAST, a.started_at
                """),
                at,
            ),
            # the warehouse's macro (views.sql), also behind the API's /api/v1/services/{slug}
            "last_hour": ("SELECT * FROM service_hour($until)", {"until": until}),
            # an incident's own reports, for a service with two open at once (each card
            # would show the service's total under the same name)
            "own_hour": (
                """
                SELECT ip.incident_id, count(*) AS reports
                FROM incident_posts ip JOIN post_signals s USING (post_key)
                WHERE s.problem AND s.created_at >= $hour AND s.created_at < $until
                  AND ip.incident_id IN (SELECT incident_id FROM incidents WHERE status = 'open'
                                         OR resolved_at >= $hour)
                GROUP BY ip.incident_id
                """,
                {"until": until, "hour": hour},
            ),
            # the last minutes' buckets of every service: reports above the band before
            # the detector opens an incident (dashboard/elevation.py reads them)
            "recent": (
                """
                SELECT service_slug, bucket, reports, upper, is_anomaly FROM report_volume
                WHERE country = '' AND bucket >= $recent AND bucket < $until
                ORDER BY service_slug, bucket
                """,
                {"until": until, "recent": until - RECENT},
            ),
            "spark": (
                """
                SELECT service_slug, bucket, reports FROM report_volume
                WHERE country = '' AND bucket >= $spark AND bucket < $until
                ORDER BY service_slug, bucket
                """,
                {"until": until, "spark": spark},
            ),
            "countries": (
                """
                SELECT country, sum(reports) AS reports FROM report_volume
                WHERE country <> '' AND bucket >= $day AND bucket < $until
                GROUP BY country HAVING sum(reports) > 0 ORDER BY reports DESC
                """,
                {"until": until, "day": day},
            ),
            # every report of the 24 h, located or not: the map shows only the located
            "all_reports": (
                """
                SELECT coalesce(sum(reports), 0) AS reports FROM report_volume
                WHERE country = '' AND bucket >= $day AND bucket < $until
                """,
                {"until": until, "day": day},
            ),
            "cities": (
                """
                SELECT country, city, avg(lat) AS lat, avg(lon) AS lon, count(*) AS reports
                FROM post_signals
                WHERE problem AND created_at >= $day AND created_at < $until
                  AND city <> '' AND lat IS NOT NULL AND lon IS NOT NULL
                GROUP BY country, city ORDER BY reports DESC LIMIT 300
                """,
                {"until": until, "day": day},
            ),
            # the status pages' incidents still open as of the cut, with or without posts
            "official_open": (
                with_as_of("""
                SELECT o.official_id, o.service_slug, coalesce(s.name, o.service_slug) AS service_name,
                       o.name, o.status, o.impact, coalesce(o.started_at, o.created_at) AS started_at
                FROM official_at o LEFT JOIN services s ON s.slug = o.service_slug
                WHERE o.visible AND o.resolved_at IS NULL
                  AND coalesce(o.status, '') NOT IN ('resolved', 'postmortem', 'completed')
                  AND coalesce(o.started_at, o.created_at) <= $now
                ORDER BY started_at DESC, o.official_id
                """),
                at,
            ),
            "resolved": (
                with_as_of("""
                SELECT * FROM incidents_at
                WHERE status = 'resolved' AND resolved_at >= $day AND resolved_at <= $now
                ORDER BY resolved_at DESC LIMIT 25
                """),
                at,
            ),
        },
    ) | {"params": pd.DataFrame([p])}


# the window a service's reports are counted over for the Service page's picker: its
# longest period
PICKER_WINDOW = timedelta(days=7)


@cached
def services(db: str, now: datetime) -> pd.DataFrame:
    """Catalog services as stored in the warehouse (synced from the catalog), with their
    latest incident up to `now` and their problem reports in the 7 days before it; those
    with reports first, most first (the picker listed all 291 A-Z, and most had none)."""
    return read_frames(
        db,
        {
            "s": (
                """
                WITH recent AS (
                    SELECT service_slug, sum(reports)::BIGINT AS reports FROM report_volume
                    WHERE country = '' AND bucket >= $since AND bucket < $now
                    GROUP BY service_slug)
                SELECT s.slug, s.name, s.category, s.status_url, s.status_kind, s.upstream,
                       (SELECT max(started_at) FROM incidents i
                         WHERE i.service_slug = s.slug AND i.started_at <= $now) AS last_incident,
                       (SELECT max(coalesce(o.started_at, o.created_at)) FROM official_incidents o
                         WHERE o.service_slug = s.slug
                           AND coalesce(o.started_at, o.created_at) <= $now) AS last_official,
                       coalesce(r.reports, 0) AS recent_reports
                FROM services s LEFT JOIN recent r ON r.service_slug = s.slug
                ORDER BY coalesce(r.reports, 0) > 0 DESC, coalesce(r.reports, 0) DESC,
                         lower(s.name), s.slug
                """,
                {"now": now, "since": now - PICKER_WINDOW},
            )
        },
    )["s"]


@cached
def incident_index(
    db: str, now: datetime, cut: datetime, wanted: str | None = None, limit: int = 500
) -> pd.DataFrame:
    """The most recent incidents as of `cut`, for pickers; `wanted` (a linked id) is
    listed even when it is older than the first `limit`."""
    rank = f"status = 'open' DESC, {SEVERITY_RANK}, started_at DESC"
    return read_frames(
        db,
        {
            "i": (
                with_as_of(f"""
                SELECT incident_id, service_slug, service_name, title, top_symptom, status,
                       severity, started_at, resolved_at, total_reports
                FROM incidents_at WHERE started_at <= $now
                QUALIFY row_number() OVER (ORDER BY {rank}) <= {int(limit)}
                     OR incident_id = $wanted
                ORDER BY {rank}
                """),
                {"now": now, "cut": cut, "wanted": wanted},
            )
        },
    )["i"]


@cached
def stored_start(db: str, incident_id: str) -> datetime | None:
    """When a stored incident started (None if the warehouse has no such id): tells a
    replay's future incident from a pruned, merged or mistyped id."""
    frame = read_frames(
        db,
        {"i": ("SELECT started_at FROM incidents WHERE incident_id = $id", {"id": incident_id})},
    )["i"]
    return None if frame.empty else frame["started_at"].iloc[0].to_pydatetime()
