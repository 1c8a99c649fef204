"""Which hours of a summary's day, and of the days before it, the data covers; and the
averages of the previous days over those hours only.

The warehouse covers some days in part: its first (the crawl began at noon) and its last or
today (the data stops). Counted as whole days they drag an average down (the demo's half
last day made the daily mean 253 where its hours give 285.5), so each hour of the day is
averaged over the previous days that have that hour in full, and a day of reports is those
hourly averages added up: what a whole day of the previous days brings. A crawl's gap in the
middle is not seen here: detection fills the global series with zero buckets from the
warehouse's first to its last, so a missed afternoon reads as a quiet one (telling them
apart would need the crawl runs' times).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

BUCKET = timedelta(minutes=5)  # report_volume's bucket
BUCKETS_PER_HOUR = 12


@dataclass(frozen=True)
class HourRow:
    """One UTC hour of the global series: its reports and the buckets it has data for."""

    day: date
    hour: int
    reports: int
    buckets: int
    first: datetime  # its first bucket
    last: datetime  # its last bucket

    @property
    def full(self) -> bool:
        return self.buckets >= BUCKETS_PER_HOUR


@dataclass(frozen=True)
class Coverage:
    """The day's hours against the previous days' (those in `rows` before the day)."""

    hourly: dict[int, int]  # the day's reports per hour it has data for
    prev_mean: list[float]  # 24: each hour's mean over the previous days that have it in full
    prev_days: int  # previous days with any data
    prev_days_covered: float  # their full hours / 24: 6.5 when one of 7 has only 12 hours
    prev_per_day: float  # reports of a whole previous day: the hourly means added up
    prev_compared: float  # the hourly means added up over `compared`
    compared: list[int]  # hours the day has in full and some previous day has in full too
    data_from: datetime | None  # the day's first bucket, when its data starts after midnight
    data_until: datetime | None  # the day's last bucket, when its data stops before midnight


def coverage(rows: Iterable[HourRow], day: date) -> Coverage:
    rows = list(rows)
    today = [r for r in rows if r.day == day]
    before = [r for r in rows if r.day < day]
    full = [r for r in before if r.full]
    days_with = Counter(r.hour for r in full)
    reports = Counter()
    for r in full:
        reports[r.hour] += r.reports
    means = {h: Fraction(reports[h], n) for h, n in days_with.items()}
    # a whole day: every hour's mean; an hour no previous day has in full counts as the mean
    # of those that are had (the day is then scaled up from the hours it has)
    per_day = sum(means.values(), Fraction(0)) * 24 / len(means) if means else Fraction(0)
    compared = sorted(r.hour for r in today if r.full and days_with[r.hour])
    start = datetime.combine(day, datetime.min.time())
    first = min((r.first for r in today), default=None)
    last = max((r.last for r in today), default=None)
    return Coverage(
        hourly={r.hour: r.reports for r in today},
        prev_mean=[round(float(means[h]), 2) if h in means else 0.0 for h in range(24)],
        prev_days=len({r.day for r in before}),
        prev_days_covered=round(sum(days_with.values()) / 24, 2),
        prev_per_day=round(float(per_day), 1),
        compared=compared,
        prev_compared=round(sum(reports[h] / days_with[h] for h in compared), 1),
        data_from=first if first is not None and first > start else None,
        data_until=last if last is not None and last < start + timedelta(days=1) - BUCKET else None,
    )
