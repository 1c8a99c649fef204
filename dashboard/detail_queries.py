"""The SQL behind the Service and Incident pages: one service or one incident at a time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from dashboard.source import cached, read_frames


def hourly(series: pd.DataFrame) -> pd.DataFrame:
    """Sum 5-minute buckets into hours (for the 7-day view)."""
    if series.empty:
        return series
    out = series.assign(bucket=series["bucket"].dt.floor("h"))
    return out.groupby("bucket", as_index=False).agg(
        reports=("reports", "sum"),
        baseline=("baseline", "sum"),
        upper=("upper", "sum"),
        is_anomaly=("is_anomaly", "max"),
    )


def fill_buckets(series: pd.DataFrame, start: datetime, end: datetime) -> pd.DataFrame:
    """Missing 5-minute buckets had no reports: show them as zero, not as gaps."""
    grid = pd.DataFrame({"bucket": pd.date_range(start, end, freq="5min", inclusive="left")})
    grid["bucket"] = grid["bucket"].astype(
        series["bucket"].dtype if len(series) else "datetime64[us]"
    )
    merged = grid.merge(series, on="bucket", how="left")
    merged["reports"] = merged["reports"].fillna(0).astype(int)
    return merged


@cached
def service_detail(db: str, slug: str, start: datetime, end: datetime) -> dict[str, pd.DataFrame]:
    p = {"slug": slug, "start": start, "end": end}
    return read_frames(
        db,
        {
            "info": ("SELECT * FROM services WHERE slug = $slug", {"slug": slug}),
            "series": (
                """
                SELECT bucket, reports, baseline, upper, is_anomaly FROM report_volume
                WHERE service_slug = $slug AND country = '' AND bucket >= $start AND bucket < $end
                ORDER BY bucket
                """,
                p,
            ),
            "spans": (
                """
                SELECT incident_id, severity, status, started_at,
                       coalesce(resolved_at, $end) AS ended_at
                FROM incidents WHERE service_slug = $slug AND started_at < $end
                  AND coalesce(resolved_at, $end) >= $start
                """,
                p,
            ),
            "symptoms": (
                """
                SELECT symptom, count(*) AS reports FROM (
                    SELECT unnest(symptoms) AS symptom FROM problem_reports
                    WHERE service_slug = $slug AND created_at >= $start AND created_at < $end)
                GROUP BY symptom ORDER BY reports DESC, symptom
                """,
                p,
            ),
            "countries": (
                """
                SELECT country, sum(reports) AS reports FROM report_volume
                WHERE service_slug = $slug AND country <> '' AND bucket >= $start AND bucket < $end
                GROUP BY country HAVING sum(reports) > 0 ORDER BY reports DESC, country
                """,
                p,
            ),
            "history": (
                """
                SELECT incident_id, title, status, severity, started_at, resolved_at,
                       duration_minutes, total_reports, top_symptom, countries,
                       lead_time_minutes
                FROM incident_summary WHERE service_slug = $slug AND started_at < $end
                ORDER BY started_at DESC LIMIT 100
                """,
                {"slug": slug, "end": end},
            ),
            "official": (
                """
                SELECT name, status, impact, coalesce(started_at, created_at) AS started_at,
                       acknowledged_at, resolved_at, url
                FROM official_incidents
                WHERE service_slug = $slug AND coalesce(started_at, created_at) < $end
                ORDER BY coalesce(started_at, created_at) DESC LIMIT 20
                """,
                {"slug": slug, "end": end},
            ),
        },
    )


@cached
def incident_detail(db: str, incident_id: str, now: datetime) -> dict[str, pd.DataFrame]:
    frames = read_frames(
        db,
        {
            "incident": (
                "SELECT * FROM incident_summary WHERE incident_id = $id",
                {"id": incident_id},
            ),
            "official": (
                """
                SELECT o.* FROM official_incidents o JOIN incidents i
                  ON o.official_id = i.official_id WHERE i.incident_id = $id
                """,
                {"id": incident_id},
            ),
            "regions": (
                """
                SELECT country, region, reports, share FROM incident_regions
                WHERE incident_id = $id ORDER BY reports DESC, country, region
                """,
                {"id": incident_id},
            ),
            "symptoms": (
                """
                SELECT symptom, reports, share FROM incident_symptoms
                WHERE incident_id = $id ORDER BY reports DESC, symptom
                """,
                {"id": incident_id},
            ),
            "posts": (
                """
                SELECT p.created_at, p.source, p.author_hash, p.text, p.url,
                       ip.is_representative, ip.rank
                FROM incident_posts ip JOIN posts p USING (post_key)
                WHERE ip.incident_id = $id AND p.deleted_at IS NULL
                ORDER BY ip.is_representative DESC, ip.rank NULLS LAST, p.created_at
                LIMIT 12
                """,
                {"id": incident_id},
            ),
            "related": (
                """
                SELECT o.incident_id, o.service_name, o.severity, o.status, o.started_at,
                       o.total_reports
                FROM incident_summary i JOIN incident_summary o
                  ON o.incident_id <> i.incident_id AND (
                     (i.common_cause_group IS NOT NULL AND o.common_cause_group = i.common_cause_group)
                     OR (i.common_upstream IS NOT NULL AND o.common_upstream = i.common_upstream
                         AND abs(date_diff('minute', o.started_at, i.started_at)) <= 120))
                WHERE i.incident_id = $id ORDER BY o.started_at
                """,
                {"id": incident_id},
            ),
        },
    )
    inc = frames["incident"]
    if inc.empty:
        frames["series"] = pd.DataFrame(columns=["bucket", "reports", "baseline", "upper"])
        return frames
    row = inc.iloc[0]
    start = row["started_at"] - timedelta(hours=3)
    end_at = row["resolved_at"] if pd.notna(row["resolved_at"]) else now
    end = min(end_at + timedelta(hours=2), max(now, end_at))
    frames["series"] = read_frames(
        db,
        {
            "s": (
                """
                SELECT bucket, reports, baseline, upper, is_anomaly FROM report_volume
                WHERE service_slug = $slug AND country = '' AND bucket >= $start AND bucket < $end
                ORDER BY bucket
                """,
                {"slug": row["service_slug"], "start": start, "end": end},
            )
        },
    )["s"]
    frames["window"] = pd.DataFrame([{"start": start, "end": end}])
    return frames
