"""The API's reads, one function per resource, over the documented views only.

Each function takes an open read-only connection and returns plain JSON-ready data
(ISO 8601 UTC strings with a Z for timestamps, null for NaN), so the server and the static
feed export share them.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import duckdb

SUMMARY_COLUMNS = (
    "incident_id", "service_slug", "service_name", "category", "title", "status", "severity",
    "started_at", "detected_at", "peak_at", "resolved_at", "duration_minutes", "peak_reports",
    "baseline_reports", "total_reports", "top_symptom", "keywords", "countries", "official_id",
    "official_acknowledged_at", "lead_time_minutes", "common_cause_group", "common_upstream",
    "main_countries",
)  # fmt: skip


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    return value


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [{n: jsonable(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def _incident(row: dict[str, Any]) -> dict[str, Any]:
    row["countries"] = [c for c in (row.get("countries") or "").split(",") if c]
    row["keywords"] = row.get("keywords") or []
    row["main_countries"] = row.get("main_countries") or []
    return row


def _filters(service: str | None, country: str | None, status: str | None,
             since: datetime | None, until: datetime | None) -> tuple[str, list[Any]]:  # fmt: skip
    where, params = ["TRUE"], []
    if service:
        where.append("service_slug = ?")
        params.append(service)
    if country:
        # the country feeds' and the dashboard's cards' rule: it holds >= 10 % of the located
        # reports, so one stray or mislocated report does not list a US outage under DE
        where.append(
            "incident_id IN (SELECT incident_id FROM incident_main_countries WHERE country = ?)"
        )
        params.append(country)
    if status:
        where.append("status = ?")
        params.append(status)
    if since:
        where.append(
            "coalesce(resolved_at, started_at + duration_minutes * INTERVAL 1 MINUTE) >= ?"
        )
        params.append(since)
    if until:
        where.append("started_at < ?")
        params.append(until)
    return " AND ".join(where), params


def incidents(
    con: duckdb.DuckDBPyConnection,
    service: str | None = None,
    country: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Incidents, newest first, with the total matching count for paging."""
    where, params = _filters(service, country, status, since, until)
    total = con.execute(f"SELECT count(*) FROM incident_summary WHERE {where}", params).fetchone()[
        0
    ]
    rows = _rows(
        con,
        f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM incident_summary WHERE {where} "
        "ORDER BY started_at DESC, incident_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {
        "total": int(total),
        "limit": limit,
        "offset": offset,
        "incidents": [_incident(r) for r in rows],
    }


def incident_detail(con: duckdb.DuckDBPyConnection, incident_id: str) -> dict[str, Any] | None:
    rows = _rows(
        con,
        f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM incident_summary WHERE incident_id = ?",
        [incident_id],
    )
    if not rows:
        return None
    countries = _rows(con, "SELECT country, reports, share FROM incident_countries "
                      "WHERE incident_id = ? ORDER BY rank", [incident_id])  # fmt: skip
    symptoms = _rows(con, "SELECT symptom, reports, share FROM incident_top_symptoms "
                     "WHERE incident_id = ? ORDER BY rank", [incident_id])  # fmt: skip
    posts = _rows(con, "SELECT rank, source, created_at, author_hash, text, url, country "
                  "FROM incident_representative_posts WHERE incident_id = ? ORDER BY rank", [incident_id])  # fmt: skip
    official = _rows(con, "SELECT official_id, official_source, official_name, official_status, "
                     "official_impact, official_url, official_acknowledged_at FROM incident_official "
                     "WHERE incident_id = ?", [incident_id])  # fmt: skip
    return {
        "incident": _incident(rows[0]),
        "countries": countries,
        "symptoms": symptoms,
        "representative_posts": posts,
        "official": official[0] if official else None,
    }


def services(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    rows = _rows(
        con,
        "SELECT s.slug, s.name, s.category, "
        "count(i.incident_id) AS incidents, "
        "count(i.incident_id) FILTER (WHERE i.status = 'open') AS open_incidents, "
        "max(i.started_at) AS last_incident_at "
        "FROM services s LEFT JOIN incident_summary i ON i.service_slug = s.slug "
        "GROUP BY ALL ORDER BY s.slug",
        [],
    )
    return {"services": rows}


CATALOG_COLUMNS = ("slug", "name", "category", "aliases", "hashtags", "handles", "domains",
                   "countries", "upstream", "status_url", "status_kind")  # fmt: skip


def service_state(con: duckdb.DuckDBPyConnection, slug: str) -> dict[str, Any]:
    """One service now, what a status widget polls: its catalog facts, its problem reports in
    the last hour against its normal (the warehouse's service_last_hour, the dashboard's Now
    cards' count) and its open incidents, newest first (`open`). For a known slug (service_exists)."""
    facts = _rows(
        con,
        f"SELECT {', '.join('s.' + c for c in CATALOG_COLUMNS[1:])} "
        "FROM (SELECT 1) LEFT JOIN services s ON s.slug = ?",
        [slug],
    )[0]
    counts = _rows(
        con,
        "SELECT count(*) AS incidents, count(*) FILTER (WHERE status = 'open') AS open_incidents, "
        "max(started_at) AS last_incident_at FROM incident_summary WHERE service_slug = ?",
        [slug],
    )[0]
    hour = _rows(
        con,
        "SELECT window_start, window_end, reports, normal, anomalous, last_anomaly "
        "FROM service_last_hour WHERE service_slug = ?",
        [slug],
    )
    service = {"slug": slug, **facts, **counts}
    for key in ("aliases", "hashtags", "handles", "domains", "countries", "upstream"):
        service[key] = service[key] or []
    return {
        "service": service,
        "last_hour": hour[0] if hour else None,
        "open": incidents(con, service=slug, status="open", limit=500)["incidents"],
    }


def service_exists(con: duckdb.DuckDBPyConnection, slug: str) -> bool:
    """A slug of the catalog, or of a service the warehouse still holds incidents of (one
    since taken out of the catalog keeps its incidents, and its feed)."""
    return (
        con.execute(
            "SELECT EXISTS (SELECT 1 FROM services WHERE slug = $s) "
            "OR EXISTS (SELECT 1 FROM incidents WHERE service_slug = $s)",
            {"s": slug},
        ).fetchone()[0]
        is True
    )


def service_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every stored service's slug and name (for the slug a misspelt one most likely means)."""
    return dict(con.execute("SELECT slug, name FROM services").fetchall())


def volume(
    con: duckdb.DuckDBPyConnection,
    service: str,
    country: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 288,
) -> dict[str, Any]:
    """The latest `limit` 5-minute buckets of a service's report volume, oldest first, with
    how many buckets the range holds (`total`) and whether older ones were left out
    (`truncated`): a range longer than `limit` had been cut without a word."""
    where, params = ["service_slug = ?", "country = ?"], [service, country]
    if since:
        where.append("bucket >= ?")
        params.append(since)
    if until:
        where.append("bucket < ?")
        params.append(until)
    rows = _rows(
        con,
        "SELECT * FROM (SELECT bucket, reports, baseline, upper, is_anomaly FROM volume_vs_baseline "
        f"WHERE {' AND '.join(where)} ORDER BY bucket DESC LIMIT ?) ORDER BY bucket",
        [*params, limit],
    )
    total = con.execute(
        f"SELECT count(*) FROM volume_vs_baseline WHERE {' AND '.join(where)}", params
    ).fetchone()[0]
    return {
        "service": service,
        "country": country,
        "bucket_minutes": 5,
        "total": int(total),
        "truncated": int(total) > len(rows),
        "points": rows,
    }
