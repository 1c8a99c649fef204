"""CSV and JSON: one row / object per incident, columns documented in docs/sql.md. JSON
times end in Z (UTC), as the API's; CSV times have no zone, as `outagewatch sql` writes them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime

from outagewatch.exports.model import DailySummary, IncidentDay, to_jsonable, utc_text

CSV_COLUMNS = [
    "date",
    "incident_id",
    "service_slug",
    "service_name",
    "title",
    "severity",
    "status",
    "started_at",
    "peak_at",
    "resolved_at",
    "ongoing",
    "duration_minutes",
    "minutes_active_on_day",
    "peak_reports",
    "baseline_reports",
    "peak_ratio",
    "total_reports",
    "countries",
    "top_symptoms",
    "official_id",
    "official_acknowledged_at",
    "lead_time_minutes",
    "representative_posts",
    # added after the others (review 115), so a reader by position still finds them
    "detected_at",
    "official_name",
    "official_url",
]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value


def csv_row(day: str, inc: IncidentDay) -> list[object]:
    """One CSV row; lists are `name:share` pairs joined by `;` (shares 0..1)."""
    data = to_jsonable(inc) | {"date": day}
    data["countries"] = ";".join(f"{c.name}:{c.share:.4f}" for c in inc.countries)
    data["top_symptoms"] = ";".join(f"{c.name}:{c.share:.4f}" for c in inc.top_symptoms)
    data["representative_posts"] = " | ".join(
        f"{p.author_hash or 'anonymous'}: {p.text}" for p in inc.representative_posts
    )
    for key in ("started_at", "peak_at", "resolved_at", "official_acknowledged_at", "detected_at"):
        data[key] = getattr(inc, key)
    return [_cell(data[c]) for c in CSV_COLUMNS]


def to_csv(summaries: Iterable[DailySummary]) -> str:
    """Header plus one row per incident and day (a day without incidents adds no row)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for s in summaries:
        for inc in s.incidents:
            out.writerow(csv_row(s.day.isoformat(), inc))
    return buf.getvalue()


def json_document(summary: DailySummary, stamp: datetime | None = None) -> dict:
    doc = {"date": summary.day.isoformat(), "has_data": summary.has_data}
    if stamp is not None:
        doc["generated_at"] = utc_text(stamp)
    if summary.as_of is not None:  # absent for a summary of all that is stored, as before
        doc["as_of"] = utc_text(summary.as_of)
    doc["headline"] = to_jsonable(summary.headline)
    doc["incidents"] = [to_jsonable(i) for i in summary.incidents]
    return doc


def to_json(summary: DailySummary, stamp: datetime | None = None) -> str:
    return json.dumps(json_document(summary, stamp), indent=2, ensure_ascii=False) + "\n"


def to_json_many(summaries: Iterable[DailySummary]) -> str:
    docs = [json_document(s) for s in summaries]
    return json.dumps(docs, indent=2, ensure_ascii=False) + "\n"
