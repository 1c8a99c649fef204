"""The SQL behind the Service and Incident pages: one service or one incident at a time."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from dashboard.source import cached, read_frames
from warehouse.asof import with_as_of

BUCKETS_PER_HOUR = 12


def hourly(series: pd.DataFrame) -> pd.DataFrame:
    """5-minute buckets into hours (the 7-day view).

    The top of an hour's normal band is not the sum of its buckets' tops: the expected
    counts add, but the margins above them (independent buckets) add in quadrature. An
    hour with only some buckets scored (the one in progress, or a gap) is scaled up to a
    whole hour from the buckets it has, so the band does not sag at the right edge; an
    hour with none has no band (NaN), not a band of zero.
    """
    if series.empty:
        return series
    out = series.assign(
        bucket=series["bucket"].dt.floor("h"),
        margin2=(series["upper"] - series["baseline"]).clip(lower=0) ** 2,
    )
    hours = out.groupby("bucket", as_index=False).agg(
        reports=("reports", "sum"),
        baseline=("baseline", "mean"),
        margin2=("margin2", "mean"),
        is_anomaly=("is_anomaly", "max"),
    )
    baseline = hours["baseline"] * BUCKETS_PER_HOUR
    upper = baseline + np.sqrt(hours["margin2"] * BUCKETS_PER_HOUR)
    return hours.drop(columns="margin2").assign(baseline=baseline, upper=upper)


def floor_bucket(t: datetime) -> datetime:
    """The start of the 5-minute bucket holding `t`: windows computed from a clock reading
    (now minus an hour) must start on the stored buckets' grid. At a cut, where the series
    end: the bucket holding a replayed now holds reports from after it (on the real clock
    the cut lies far ahead); elevation.window_end stops the last hour there too."""
    return t - timedelta(minutes=t.minute % 5, seconds=t.second, microseconds=t.microsecond)


def fill_buckets(series: pd.DataFrame, start: datetime, end: datetime) -> pd.DataFrame:
    """Missing 5-minute buckets had no reports: show them as zero, not as gaps. The grid
    starts on a bucket boundary, else no stored bucket would match it (an empty chart)."""
    grid = pd.DataFrame(
        {"bucket": pd.date_range(floor_bucket(start), end, freq="5min", inclusive="left")}
    )
    grid["bucket"] = grid["bucket"].astype(
        series["bucket"].dtype if len(series) else "datetime64[us]"
    )
    merged = grid.merge(series, on="bucket", how="left")
    merged["reports"] = merged["reports"].fillna(0).astype(int)
    return merged


@cached
def service_detail(
    db: str, slug: str, start: datetime, end: datetime, cut: datetime
) -> dict[str, pd.DataFrame]:
    """One service over [start, end): volume, incidents and official status as of `cut`."""
    p = {"slug": slug, "start": start, "end": end, "cut": cut, "until": floor_bucket(cut)}
    return read_frames(
        db,
        {
            "info": ("SELECT * FROM services WHERE slug = $slug", p),
            "series": (
                """
                SELECT bucket, reports, baseline, upper, is_anomaly FROM report_volume
                WHERE service_slug = $slug AND country = '' AND bucket >= $start AND bucket < $end
                  AND bucket < $until
                ORDER BY bucket
                """,
                p,
            ),
            "spans": (
                with_as_of("""
                SELECT incident_id, severity, status, started_at,
                       coalesce(resolved_at, $end) AS ended_at
                FROM incidents_at WHERE service_slug = $slug AND started_at < $end
                  AND coalesce(resolved_at, $end) >= $start
                """),
                p,
            ),
            "symptoms": (
                """
                SELECT symptom, count(*) AS reports FROM (
                    SELECT unnest(symptoms) AS symptom FROM problem_reports
                    WHERE service_slug = $slug AND created_at >= $start AND created_at < $end
                      AND created_at <= $cut)
                GROUP BY symptom ORDER BY reports DESC, symptom
                """,
                p,
            ),
            # posts that name the service at all, problem or not: tells a quiet service
            # from one no source covers
            "mentions": (
                """
                SELECT count(*) AS posts FROM post_services ps JOIN post_signals s USING (post_key)
                WHERE ps.service_slug = $slug AND s.created_at >= $start AND s.created_at < $end
                  AND s.created_at <= $cut
                """,
                p,
            ),
            "countries": (
                """
                SELECT country, sum(reports) AS reports FROM report_volume
                WHERE service_slug = $slug AND country <> '' AND bucket >= $start AND bucket < $end
                  AND bucket < $until
                GROUP BY country HAVING sum(reports) > 0 ORDER BY reports DESC, country
                """,
                p,
            ),
            "history": (
                with_as_of("""
                SELECT incident_id, title, status, severity, started_at, resolved_at,
                       duration_minutes, total_reports, top_symptom, countries,
                       lead_time_minutes
                FROM incidents_at WHERE service_slug = $slug AND started_at < $end
                ORDER BY started_at DESC LIMIT 100
                """),
                p,
            ),
            "official": (
                with_as_of("""
                SELECT name, status, impact, coalesce(started_at, created_at) AS started_at,
                       acknowledged_at, resolved_at, url
                FROM official_at
                WHERE service_slug = $slug AND visible
                  AND coalesce(started_at, created_at) < $end
                ORDER BY coalesce(started_at, created_at) DESC LIMIT 20
                """),
                p,
            ),
        },
    )


def _so_far_breakdowns(db: str, incident_id: str, cut: datetime) -> dict[str, pd.DataFrame]:
    """Regions and symptoms of an unfinished incident from its own reports up to `cut`
    (`own_reports` and `symptom_reports` of warehouse/asof.py; the stored ones describe the
    whole incident)."""
    own = "FROM own_reports WHERE incident_id = $id"
    p = {"id": incident_id, "cut": cut}
    return read_frames(
        db,
        {
            "regions": (
                with_as_of(f"""
                SELECT country, region, count(*) AS reports,
                       count(*) / sum(count(*)) OVER () AS share
                {own} GROUP BY country, region ORDER BY reports DESC, country, region
                """),
                p,
            ),
            "symptoms": (
                with_as_of("""
                SELECT symptom, count(*) AS reports, count(*) / sum(count(*)) OVER () AS share
                FROM (SELECT unnest(symptoms) AS symptom
                      FROM symptom_reports WHERE incident_id = $id)
                GROUP BY symptom ORDER BY reports DESC, symptom
                """),
                p,
            ),
        },
    )


@cached
def incident_detail(
    db: str, incident_id: str, now: datetime, cut: datetime
) -> dict[str, pd.DataFrame]:
    """One incident as of `cut`; its frames are empty when it had not started by then."""
    p = {"id": incident_id, "cut": cut}
    frames = read_frames(
        db,
        {
            "incident": (
                with_as_of("""
                SELECT i.*, u.name AS upstream_name FROM incidents_at i
                LEFT JOIN services u ON u.slug = i.common_upstream
                WHERE i.incident_id = $id
                """),
                p,
            ),
            "official": (
                with_as_of("""
                SELECT o.* FROM official_at o JOIN incidents_at i
                  ON o.official_id = i.official_id WHERE i.incident_id = $id
                """),
                p,
            ),
            "regions": (
                """
                SELECT country, region, reports, share FROM incident_regions
                WHERE incident_id = $id ORDER BY reports DESC, country, region
                """,
                p,
            ),
            "symptoms": (
                """
                SELECT symptom, reports, share FROM incident_symptoms
                WHERE incident_id = $id ORDER BY reports DESC, symptom
                """,
                p,
            ),
            # which platforms and communities the reports came from, up to the cut
            "sources": (
                """
                SELECT p.source, coalesce(p.venue, '') AS venue, count(*) AS reports
                FROM incident_posts ip JOIN posts p USING (post_key)
                JOIN post_signals s USING (post_key)
                WHERE ip.incident_id = $id AND s.problem AND s.created_at <= $cut
                GROUP BY ALL ORDER BY reports DESC, p.source, venue
                """,
                p,
            ),
            "posts": (
                """
                SELECT p.created_at, p.source, p.author_hash, p.text, p.url, p.venue,
                       p.thread_title, ip.is_representative, ip.rank
                FROM incident_posts ip JOIN posts p USING (post_key)
                WHERE ip.incident_id = $id AND p.deleted_at IS NULL AND p.created_at <= $cut
                -- the representatives by rank, then the others in time order (the page
                -- says so)
                ORDER BY ip.is_representative DESC,
                         CASE WHEN ip.is_representative THEN ip.rank END NULLS LAST,
                         p.created_at, p.post_key
                LIMIT 12
                """,
                p,
            ),
            "related": (
                with_as_of("""
                SELECT o.incident_id, o.service_name, o.severity, o.status, o.started_at,
                       o.total_reports
                FROM incidents_at i JOIN incidents_at o
                  ON o.incident_id <> i.incident_id AND (
                     (i.common_cause_group IS NOT NULL AND o.common_cause_group = i.common_cause_group)
                     OR (i.common_upstream IS NOT NULL AND o.common_upstream = i.common_upstream
                         AND abs(date_diff('minute', o.started_at, i.started_at)) <= 120))
                WHERE i.incident_id = $id ORDER BY o.started_at
                """),
                p,
            ),
        },
    )
    inc = frames["incident"]
    if inc.empty:
        frames["series"] = pd.DataFrame(columns=["bucket", "reports", "baseline", "upper"])
        return frames
    row = inc.iloc[0]
    if row["unfinished"]:
        frames |= _so_far_breakdowns(db, incident_id, cut)
    end_at = row["resolved_at"] if pd.notna(row["resolved_at"]) else now
    # normal traffic before the start, as long as the incident itself (1 to 3 hours): a
    # young incident is not squeezed into the last quarter of the chart
    lead = min(max(end_at - row["started_at"], timedelta(hours=1)), timedelta(hours=3))
    start = floor_bucket(row["started_at"] - lead)
    end = min(end_at + timedelta(hours=2), max(now, end_at))
    if pd.isna(row["resolved_at"]):
        # an open incident's chart runs through the bucket that holds now, as the Service
        # page's: ending at now, its last whole bucket (the "is it still down?") had no width
        end = floor_bucket(now) + timedelta(minutes=5)
    p = {
        "id": incident_id,
        "slug": row["service_slug"],
        "start": start,
        "end": end,
        "inc_from": row["started_at"],
        "inc_until": end_at,
        "now": now,
        "cut": cut,
        "until": floor_bucket(cut),
    }
    frames |= read_frames(
        db,
        {
            "series": (
                """
                SELECT bucket, reports, baseline, upper, is_anomaly FROM report_volume
                WHERE service_slug = $slug AND country = '' AND bucket >= $start AND bucket < $end
                  AND bucket < $until
                ORDER BY bucket
                """,
                p,
            ),
            # the incident's own reports: what its header counts, when the service has
            # another incident at the same time and the service's series holds both
            "own": (
                """
                SELECT time_bucket(INTERVAL 5 MINUTE, s.created_at) AS bucket, count(*) AS reports
                FROM incident_posts ip JOIN post_signals s USING (post_key)
                WHERE ip.incident_id = $id AND s.problem AND s.created_at <= $cut
                  AND s.created_at >= $start AND s.created_at < $end
                GROUP BY 1 ORDER BY 1
                """,
                p,
            ),
            "overlapping": (
                with_as_of("""
                SELECT incident_id, title, started_at FROM incidents_at
                WHERE service_slug = $slug AND incident_id <> $id AND started_at < $inc_until
                  AND coalesce(resolved_at, $now) > $inc_from
                ORDER BY started_at, incident_id
                """),
                p,
            ),
        },
    )
    frames["window"] = pd.DataFrame([{"start": start, "end": end}])
    return frames
