"""The daily summary's relations as they stood at a moment, `$cut` (`build_daily(until=...)`).

The stored rows describe the latest processing run. A summary "as of" an earlier moment (a
replayed clock, `export daily --until`) must not count what came later: an incident that
starts later is absent, one resolved later is still open, and its peak, total, countries
and symptoms are recounted from its own reports up to the cut. Incidents and official
incidents as of `$cut` are `incidents_at` / `official_at` / `unfinished` / `countries_at` of
`warehouse/asof.py`, the cut every dashboard page reads, so the Daily page and the others
agree; the subqueries here cut the documented per-day views the same way. With `$cut` at
NO_CUT every relation equals the view it cuts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

__all__ = ["COUNTRIES_AT", "DAYS_AT", "NO_CUT", "SYMPTOMS_AT", "disrupted_minutes"]

NO_CUT = datetime(9999, 12, 31)  # `until=None`: later than anything stored

# `incident_days`, cut: an incident's day counts once it has started, and a later day only
# once the cut is past that day's midnight (the view skips a day merely touched at 00:00).
DAYS_AT = """(
    SELECT d.incident_id, d.service_slug, d.day, d.active_from,
           least(d.active_until, $cut) AS active_until,
           date_diff('minute', d.active_from, least(d.active_until, $cut)) AS minutes_active
    FROM incident_days d
    WHERE d.active_from <= $cut AND (d.is_start_day OR d.day < $cut)
)"""

# `incident_countries` as of the cut: `countries_at` of warehouse/asof.py (stored rows for
# finished incidents, recounted for unfinished ones), with the view's share and rank.
COUNTRIES_AT = """(
    SELECT incident_id, country, reports,
           reports / sum(reports) OVER (PARTITION BY incident_id) AS share,
           row_number() OVER (PARTITION BY incident_id ORDER BY reports DESC, country) AS rank
    FROM countries_at
)"""

# `incident_top_symptoms`, recounted for unfinished incidents.
SYMPTOMS_AT = """(
    SELECT incident_id, symptom, reports, share, rank FROM incident_top_symptoms
    WHERE incident_id NOT IN (SELECT incident_id FROM unfinished)
    UNION ALL
    SELECT incident_id, symptom, count(*) AS reports,
           count(*) / sum(count(*)) OVER (PARTITION BY incident_id) AS share,
           row_number() OVER (PARTITION BY incident_id ORDER BY count(*) DESC, symptom) AS rank
    FROM (SELECT incident_id, unnest(symptoms) AS symptom FROM symptom_reports)
    GROUP BY incident_id, symptom
)"""


_EPOCH = datetime(1970, 1, 1)


def _minute(t: datetime) -> int:
    return (t - _EPOCH) // timedelta(minutes=1)


def disrupted_minutes(spans: Iterable[tuple[datetime, datetime]]) -> int:
    """Minutes within the union of (from, until) spans, as `incidents_by_service_day` counts
    them (overlapping incidents merged into islands, DuckDB's minute-boundary date_diff);
    the view cannot be cut, so a summary as of a moment merges its cut spans here."""
    total, start, reach = 0, None, None
    for begin, end in sorted(spans):
        if reach is None or begin > reach:
            if start is not None:
                total += max(_minute(reach) - _minute(start), 0)
            start, reach = begin, end
        else:
            reach = max(reach, end)
    if start is not None:
        total += max(_minute(reach) - _minute(start), 0)
    return total
