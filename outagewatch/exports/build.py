"""Reading one UTC day's summary from the documented views (docs/sql.md) into plain data.

Only views are read, so every figure can be checked with plain SQL over the same file. With
`until`, the views are cut at that moment (asof.py): the day as it stood then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from outagewatch.exports.asof import (
    COUNTRIES_AT,
    DAYS_AT,
    NO_CUT,
    SYMPTOMS_AT,
    disrupted_minutes,
)
from outagewatch.exports.coverage import BUCKET, HourRow, coverage
from outagewatch.exports.fmt import baseline_rounded
from outagewatch.exports.model import (
    CountryDay,
    DailySummary,
    Headline,
    IncidentDay,
    Post,
    ServiceDay,
    Share,
)
from warehouse.asof import with_as_of

TOP_N = 5
POSTS_PER_INCIDENT = 3
POST_CHARS = 280


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any]) -> list[dict]:
    cur = con.execute(sql, dict(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _shares(con: duckdb.DuckDBPyConnection, ids: list[str], cut: datetime) -> tuple[dict, dict]:
    countries: dict[str, list[Share]] = {i: [] for i in ids}
    for row in _rows(
        con,
        with_as_of(
            f"SELECT incident_id, country, reports, share FROM {COUNTRIES_AT} c "
            "WHERE incident_id IN (SELECT unnest($ids)) AND country <> '' "
            "ORDER BY incident_id, rank"
        ),
        {"ids": ids, "cut": cut},
    ):
        countries[row["incident_id"]].append(
            Share(row["country"], int(row["reports"]), _r(row["share"], 4))
        )
    symptoms: dict[str, list[Share]] = {i: [] for i in ids}
    for row in _rows(
        con,
        with_as_of(
            f"SELECT incident_id, symptom, reports, share FROM {SYMPTOMS_AT} t "
            "WHERE incident_id IN (SELECT unnest($ids)) AND rank <= 3 ORDER BY incident_id, rank"
        ),
        {"ids": ids, "cut": cut},
    ):
        symptoms[row["incident_id"]].append(
            Share(row["symptom"], int(row["reports"]), _r(row["share"], 4))
        )
    return countries, symptoms


def _posts(con: duckdb.DuckDBPyConnection, ids: list[str], cut: datetime) -> dict[str, list[Post]]:
    out: dict[str, list[Post]] = {i: [] for i in ids}
    for row in _rows(
        con,
        "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY incident_id "
        "ORDER BY rank NULLS LAST, created_at, post_key) AS n "
        "FROM incident_representative_posts WHERE incident_id IN (SELECT unnest($ids)) "
        "AND created_at <= $cut) WHERE n <= $n ORDER BY incident_id, n",
        {"ids": ids, "cut": cut, "n": POSTS_PER_INCIDENT},
    ):
        text = " ".join((row["text"] or "").split())
        if len(text) > POST_CHARS:
            text = text[: POST_CHARS - 1].rstrip() + "…"
        out[row["incident_id"]].append(
            Post(
                row["source"],
                row["created_at"],
                row["author_hash"],
                text,
                row["url"],
                row["country"] or "",
            )
        )
    return out


def _incident_rows(con: duckdb.DuckDBPyConnection, day: date, cut: datetime) -> list[dict]:
    """`incident_days` joined to `incident_summary` and `incident_official`, cut at `cut`
    (an official incident counts once published, its acknowledgment once made)."""
    return _rows(
        con,
        with_as_of(
            "SELECT s.*, d.minutes_active, d.active_from, d.active_until, "
            "o.name AS official_name, o.url AS official_url, "
            "coalesce(s.official_acknowledged_at, o.acknowledged_at) AS ack "
            f"FROM {DAYS_AT} d JOIN incidents_at s USING (incident_id) "
            "LEFT JOIN official_at o ON o.official_id = s.official_id "
            "WHERE d.day = $day ORDER BY s.started_at, s.incident_id"
        ),
        {"day": day, "cut": cut},
    )


def _incidents(
    rows: list[dict], con: duckdb.DuckDBPyConnection, cut: datetime
) -> list[IncidentDay]:
    ids = [r["incident_id"] for r in rows]
    countries, symptoms = _shares(con, ids, cut)
    posts = _posts(con, ids, cut)
    out = []
    for r in rows:
        base, peak = r["baseline_reports"], r["peak_reports"]
        ratio = peak / base if peak is not None and base else None
        out.append(
            IncidentDay(
                incident_id=r["incident_id"],
                service_slug=r["service_slug"],
                service_name=r["service_name"] or r["service_slug"],
                title=r["title"] or "",
                severity=r["severity"],
                status=r["status"],
                started_at=r["started_at"],
                peak_at=r["peak_at"],
                resolved_at=r["resolved_at"],
                ongoing=r["status"] == "open",
                duration_minutes=int(r["duration_minutes"] or 0),
                minutes_active_on_day=int(r["minutes_active"] or 0),
                peak_reports=None if peak is None else int(peak),
                baseline_reports=None if base is None else baseline_rounded(base),
                peak_ratio=_r(ratio, 1),
                total_reports=None if r["total_reports"] is None else int(r["total_reports"]),
                countries=countries[r["incident_id"]],
                top_symptoms=symptoms[r["incident_id"]],
                official_id=r["official_id"],
                official_name=r["official_name"],
                official_url=r["official_url"],
                official_acknowledged_at=r["ack"],
                lead_time_minutes=_r(r["lead_time_minutes"], 1),
                representative_posts=posts[r["incident_id"]],
                detected_at=r["detected_at"],
            )
        )
    return out


def _services(
    con: duckdb.DuckDBPyConnection, day: date, rows: list[dict], cut: datetime
) -> list[ServiceDay]:
    """The services most disrupted: `incidents_by_service_day`, or, as of a cut (which the
    view cannot take), the same figures from the day's cut incident spans."""
    if cut == NO_CUT:
        return [
            ServiceDay(
                r["service_slug"],
                r["name"] or r["service_slug"],
                int(r["incidents"]),
                int(r["minutes_disrupted"] or 0),
            )
            for r in _rows(
                con,
                "SELECT d.service_slug, s.name, d.incidents, d.minutes_disrupted "
                "FROM incidents_by_service_day d LEFT JOIN services s ON s.slug = d.service_slug "
                "WHERE d.day = $day "
                "ORDER BY d.minutes_disrupted DESC, d.incidents DESC, d.service_slug LIMIT $n",
                {"day": day, "n": TOP_N},
            )
        ]
    spans: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    names = {}
    for r in rows:
        spans[r["service_slug"]].append((r["active_from"], r["active_until"]))
        names[r["service_slug"]] = r["service_name"] or r["service_slug"]
    days = [
        ServiceDay(slug, names[slug], len(s), disrupted_minutes(s)) for slug, s in spans.items()
    ]
    return sorted(days, key=lambda v: (-v.minutes_disrupted, -v.incidents, v.service_slug))[:TOP_N]


def _headline(
    con: duckdb.DuckDBPyConnection,
    day: date,
    rows: list[dict],
    incidents: list[IncidentDay],
    cut: datetime,
) -> Headline:
    # One range scan over the global series (prunable on `bucket`, unlike a cast to DATE).
    # As of a cut, a bucket counts once it is over: its reports were all posted by then.
    start = _midnight(day)
    hours = [
        HourRow(d, int(h), int(n), int(k), first, last)
        for d, h, n, k, first, last in con.execute(
            "SELECT bucket::DATE, hour(bucket), sum(reports), count(DISTINCT bucket), "
            "min(bucket), max(bucket) FROM volume_vs_baseline WHERE country = '' "
            "AND bucket >= $from AND bucket < $to AND bucket <= $last GROUP BY 1, 2",
            {
                "from": start - timedelta(days=7),
                "to": start + timedelta(days=1),
                "last": cut - BUCKET,
            },
        ).fetchall()
    ]
    # The series is dense from the warehouse's first bucket on: a previous day whose first
    # bucket is not at midnight is the crawl's first, partial day, left out of the
    # comparison (and named in the headline); any other day covered in part counts by the
    # hours it has in full (coverage.py).
    first = min((r.first for r in hours if r.day < day), default=None)
    partial = first.date() if first is not None and first != _midnight(first.date()) else None
    cover = coverage((r for r in hours if r.day != partial), day)
    prev_inc = con.execute(
        f"SELECT count(*) FROM {DAYS_AT} d WHERE day BETWEEN $first AND $last "
        "AND day IS DISTINCT FROM $partial::DATE",
        {
            "first": day - timedelta(days=7),
            "last": day - timedelta(days=1),
            "partial": partial,
            "cut": cut,
        },
    ).fetchone()[0]
    prev_days = cover.prev_days
    countries = [
        CountryDay(c, int(n), int(k))
        for c, n, k in con.execute(
            with_as_of(
                f"SELECT country, sum(reports), count(DISTINCT incident_id) FROM {COUNTRIES_AT} c "
                f"WHERE country <> '' AND incident_id IN (SELECT incident_id FROM {DAYS_AT} d "
                "WHERE day = $day) GROUP BY country ORDER BY 2 DESC, country LIMIT $n"
            ),
            {"day": day, "n": TOP_N, "cut": cut},
        ).fetchall()
    ]
    largest = sorted(
        incidents, key=lambda i: (-(i.total_reports or 0), -(i.peak_reports or 0), i.incident_id)
    )
    return Headline(
        incidents=len(incidents),
        new_incidents=sum(1 for i in incidents if i.started_at.date() == day),
        # as of a cut within the day, an incident resolved by then has resolved_at <= cut
        # and one resolved later none: this counts what was still open at the cut
        ongoing_at_end_of_day=sum(
            1
            for i in incidents
            if i.resolved_at is None or i.resolved_at >= _midnight(day) + timedelta(days=1)
        ),
        problem_reports=sum(cover.hourly.values()),
        # incidents over the days with data (a day covered in part still shows which
        # incidents were active); reports over the hours covered in full (coverage.py)
        prev7_incidents_per_day=round(prev_inc / prev_days, 2) if prev_days else 0.0,
        prev7_problem_reports_per_day=cover.prev_per_day,
        prev7_days_with_data=int(prev_days),
        partial_day=partial,
        largest=[i.incident_id for i in largest[:3]],
        services=_services(con, day, rows, cut),
        countries=countries,
        hourly_reports=[cover.hourly.get(h, 0) for h in range(24)],
        hourly_prev7_mean=cover.prev_mean,
        data_until=cover.data_until,
        compared_hours=len(cover.compared),
        problem_reports_compared_hours=sum(cover.hourly[h] for h in cover.compared),
        prev7_problem_reports_compared_hours=cover.prev_compared,
        data_from=cover.data_from,
        prev7_days_covered=cover.prev_days_covered,
    )


def build_daily(
    con: duckdb.DuckDBPyConnection, day: date, until: datetime | None = None
) -> DailySummary:
    """The summary of one UTC day, read from the documented views of an open connection.

    `until` (naive UTC) gives the day as it stood then: only posts created, report buckets
    over and incidents started by `until`, each incident as it stood at `until` (asof.py).
    The dashboard passes its replayed clock, so a day not over reads no later hours."""
    cut = NO_CUT if until is None else until
    rows = _incident_rows(con, day, cut)
    incidents = _incidents(rows, con, cut)
    headline = _headline(con, day, rows, incidents, cut)
    start, end = _midnight(day), _midnight(day) + timedelta(days=1)
    seen = con.execute(
        "SELECT EXISTS (SELECT 1 FROM volume_vs_baseline WHERE bucket >= $start "
        "AND bucket < $end AND bucket <= $last) "
        "OR EXISTS (SELECT 1 FROM problem_reports WHERE created_at >= $start "
        "AND created_at < $end AND created_at <= $cut)",
        {"start": start, "end": end, "last": cut - BUCKET, "cut": cut},
    ).fetchone()[0]
    return DailySummary(
        day=day,
        has_data=bool(seen) or bool(incidents),
        headline=headline,
        incidents=incidents,
        as_of=until,
    )
