"""The daily summary as plain data: what `build_daily` reads and every renderer writes.

Values are rounded here, once, so every format shows the same figures and re-runs over the
same warehouse are byte-identical.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Share:
    """A country or symptom of an incident with its report count and share (0..1)."""

    name: str
    reports: int
    share: float


@dataclass(frozen=True)
class Post:
    """A representative post; the author appears only as the salted hash."""

    source: str
    created_at: datetime
    author_hash: str | None
    text: str
    url: str | None
    country: str


@dataclass(frozen=True)
class IncidentDay:
    """One incident that was active on the summary's day."""

    incident_id: str
    service_slug: str
    service_name: str
    title: str
    severity: str | None
    status: str
    started_at: datetime
    peak_at: datetime | None
    resolved_at: datetime | None
    ongoing: bool
    duration_minutes: int
    minutes_active_on_day: int
    peak_reports: int | None
    baseline_reports: float | None
    peak_ratio: float | None
    total_reports: int | None
    countries: list[Share]
    top_symptoms: list[Share]
    official_id: str | None
    official_name: str | None
    official_url: str | None
    official_acknowledged_at: datetime | None
    lead_time_minutes: float | None
    representative_posts: list[Post]
    # when our alert fired: the reference of lead_time_minutes (last, so the JSON and CSV
    # keep their earlier keys and columns in place)
    detected_at: datetime | None = None


@dataclass(frozen=True)
class ServiceDay:
    service_slug: str
    service_name: str
    incidents: int
    minutes_disrupted: int


@dataclass(frozen=True)
class CountryDay:
    country: str
    reports: int
    incidents: int


@dataclass(frozen=True)
class Headline:
    """The day at a glance, compared with the 7 days before it."""

    incidents: int
    new_incidents: int
    ongoing_at_end_of_day: int
    problem_reports: int
    prev7_incidents_per_day: float
    prev7_problem_reports_per_day: float
    prev7_days_with_data: int
    largest: list[str]
    services: list[ServiceDay]
    countries: list[CountryDay]
    hourly_reports: list[int] = field(default_factory=list)
    hourly_prev7_mean: list[float] = field(default_factory=list)
    # A day the warehouse covers only in part (today, or the first day of a crawl) is
    # compared over the hours both it and the previous days have: "-47 %" for half a day
    # against whole ones would be no news.
    data_until: datetime | None = None  # the day's last bucket when the data stops before midnight
    compared_hours: int = 24
    problem_reports_compared_hours: int = 0
    prev7_problem_reports_compared_hours: float = 0.0
    # the warehouse's first day, covered in part, left out of the previous days' averages
    partial_day: date | None = None
    # the day's first bucket when its data starts after midnight (the warehouse's first day)
    data_from: datetime | None = None
    # the previous days' hours covered in full, in days (6.5: one of 7 has only 12 hours); the
    # reports per day average over these, not over prev7_days_with_data
    prev7_days_covered: float = 0.0


@dataclass(frozen=True)
class DailySummary:
    day: date
    has_data: bool
    headline: Headline
    incidents: list[IncidentDay]
    # `build_daily(until=...)`: the moment the summary stands at (None: all that is stored)
    as_of: datetime | None = None

    def incident(self, incident_id: str) -> IncidentDay:
        return next(i for i in self.incidents if i.incident_id == incident_id)


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and lists as JSON-ready values: ISO timestamps with a Z, as the API
    writes them (JavaScript's `new Date()` reads a time without a zone as local time)."""
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def utc_text(value: datetime) -> str:
    """A naive UTC time as JSON gives it: '2026-11-19T12:10:00Z'."""
    return value.isoformat(timespec="seconds") + "Z"
