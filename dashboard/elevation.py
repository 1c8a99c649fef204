"""Reports clearly above a service's normal band before (or without) an incident.

The detector flags one bucket (`is_anomaly`) once it is sure, and opens an incident minutes
later; in between, the buckets themselves already stand above the band. An on-call lead
watches exactly those minutes, so the Now page and the Service page read the buckets, not
only the flag: one rule, here, for both."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from dashboard.detail_queries import floor_bucket
from outagewatch.settings import MIN_BUCKET_REPORTS

# how far back "right now" reaches: the last three 5-minute buckets
RECENT = timedelta(minutes=15)
# the one sentence both pages put under an elevated service, with the rule's own window
EXPLAINED = (
    f"Reports above the normal range in the last {int(RECENT.total_seconds() // 60)} minutes; "
    "the detector has not opened an incident (yet)."
)


def above_band(series: pd.DataFrame) -> pd.Series:
    """Per bucket (reports, upper, is_anomaly): flagged by the detector, or clearly over the
    top of its normal band."""
    if series.empty:
        return pd.Series([], dtype=bool)
    flagged = series["is_anomaly"].fillna(False).astype(bool)
    # at least the detector's own floor for a hot bucket (one setting for both): one stray
    # report over a band of 0.4 is no problem
    over = (series["reports"] > series["upper"]) & (series["reports"] >= MIN_BUCKET_REPORTS)
    return flagged | over.fillna(False)


def window_end(now: datetime, cut: datetime) -> datetime:
    """Where "right now" ends, for the Now page's counts and both pages' `recent_above`:
    where the series end (the bucket holding the cut begins: a replayed now's bucket holds
    its future too), and never after now (on the real clock, where the cut lies ahead,
    every bucket begun holds only the past). The one copy of the rule in Python; the API's
    counts state it in SQL (warehouse/views.sql, service_last_hour). Not a chart's end: the
    7-day chart ends at the next whole hour, up to 45 minutes ahead."""
    return min(now, floor_bucket(cut))


def recent_above(series: pd.DataFrame, until: datetime) -> pd.DataFrame:
    """The buckets of the last `RECENT` before `until` that stand above their band."""
    if series.empty:
        return series
    recent = series[(series["bucket"] >= until - RECENT) & (series["bucket"] < until)]
    return recent[above_band(recent).to_numpy()]
