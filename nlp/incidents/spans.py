"""Incident spans from a service's scored global series: open, grow, resolve after quiet."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from nlp.incidents.types import IncidentSettings

REQUIRED_VOLUME = ("service_slug", "country", "bucket", "reports")


@dataclass(frozen=True)
class Span:
    """One burst of one service: first abnormal bucket to last abnormal bucket."""

    service_slug: str
    started_at: pd.Timestamp
    detected_at: pd.Timestamp
    peak_at: pd.Timestamp
    last_bucket: pd.Timestamp
    resolved_at: pd.Timestamp | None  # None while open
    status: str
    peak_reports: int
    baseline_reports: float | None
    total_reports: int
    series: pd.DataFrame  # the span's global rows: index bucket, columns reports, baseline
    unconfirmed: bool = False  # starts at the window's first bucket with no alert in view


def naive_utc(values: pd.Series, name: str) -> pd.Series:
    """Timestamps as naive UTC (the warehouse convention); aware ones are converted."""
    try:
        out = pd.to_datetime(values)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"column '{name}' holds values that are not timestamps: {exc}") from exc
    if isinstance(out.dtype, pd.DatetimeTZDtype):
        out = out.dt.tz_convert("UTC").dt.tz_localize(None)
    return out.astype("datetime64[ns]")


def check_columns(frame: pd.DataFrame, required: tuple[str, ...], what: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; it has {list(frame.columns)}")


def find_spans(volume: pd.DataFrame, now: pd.Timestamp, settings: IncidentSettings) -> list[Span]:
    """Spans of every service in the global series (country '')."""
    check_columns(volume, REQUIRED_VOLUME, "volume")
    if "abnormal" not in volume.columns and "score" not in volume.columns:
        raise ValueError("volume needs an 'abnormal' or a 'score' column (scored by nlp.detect)")
    glob = volume[volume["country"].fillna("") == ""].copy()
    if glob.empty:
        return []
    glob["bucket"] = naive_utc(glob["bucket"], "bucket")
    glob = glob[glob["bucket"] <= now]
    spans: list[Span] = []
    for slug, rows in glob.groupby("service_slug", sort=True):
        spans.extend(_service_spans(str(slug), rows, now, settings))
    return spans


def _service_spans(
    slug: str, rows: pd.DataFrame, now: pd.Timestamp, settings: IncidentSettings
) -> list[Span]:
    rows = rows.drop_duplicates("bucket", keep="last").sort_values("bucket")
    if "abnormal" in rows.columns:
        abnormal = rows["abnormal"].fillna(False).astype(bool).to_numpy()
    else:
        abnormal = (rows["score"].astype(float) >= settings.score_threshold).to_numpy()
    if "is_anomaly" in rows.columns:
        alerts = rows["is_anomaly"].fillna(False).astype(bool).to_numpy()
    else:  # no alert column: the first abnormal bucket of a run is the alert
        alerts = abnormal & ~np.concatenate([[False], abnormal[:-1]])
    buckets = pd.DatetimeIndex(rows["bucket"])
    idx = np.flatnonzero(abnormal)
    if idx.size == 0:
        return []
    # A quiet gap of at least `quiet_period` between two abnormal buckets closes a span.
    gaps = buckets[idx[1:]] - (buckets[idx[:-1]] + settings.bucket)
    breaks = np.flatnonzero(np.asarray(gaps >= settings.quiet_period)) + 1
    out: list[Span] = []
    for group in np.split(idx, breaks):
        lo, hi = int(group[0]), int(group[-1])
        unconfirmed = not alerts[lo : hi + 1].any()
        if unconfirmed and lo > 0:
            continue  # abnormal without an alert: the detector did not confirm it
        # A run touching the window's first bucket may have had its alert before the window:
        # kept as unconfirmed; the builder keeps it only if it continues a previous incident.
        span = _make_span(slug, rows.iloc[lo : hi + 1], alerts[lo : hi + 1], now, settings)
        out.append(replace(span, unconfirmed=True) if unconfirmed else span)
    return out


def _make_span(
    slug: str, part: pd.DataFrame, alerts: np.ndarray, now: pd.Timestamp, s: IncidentSettings
) -> Span:
    series = pd.DataFrame(
        {
            "reports": part["reports"].fillna(0).astype(int).to_numpy(),
            "baseline": part["baseline"].astype(float).to_numpy()
            if "baseline" in part.columns
            else np.nan,
        },
        index=pd.DatetimeIndex(part["bucket"]),
    )
    start, last = series.index[0], series.index[-1]
    hits = np.flatnonzero(alerts)
    alert_at = series.index[int(hits[0])] if hits.size else start
    detected = max(alert_at + s.bucket, start)
    peak_pos = int(np.argmax(series["reports"].to_numpy()))
    base = series["baseline"].iloc[peak_pos]
    quiet_since = last + s.bucket
    resolved = now >= quiet_since + s.quiet_period
    return Span(
        service_slug=slug,
        started_at=start,
        detected_at=detected,
        peak_at=series.index[peak_pos],
        last_bucket=last,
        resolved_at=quiet_since if resolved else None,
        status="resolved" if resolved else "open",
        peak_reports=int(series["reports"].iloc[peak_pos]),
        baseline_reports=None if pd.isna(base) else float(base),
        total_reports=int(series["reports"].sum()),
        series=series,
    )


def severity(peak: int, baseline: float | None, s: IncidentSettings) -> str:
    """minor / major / critical from the peak bucket against the normal rate.

    ratio = peak / max(baseline, 1). critical when ratio >= critical_ratio and peak >=
    critical_reports; major when ratio >= major_ratio and peak >= major_reports; else minor.
    Both conditions, so a quiet service going from 0 to 6 reports is not "critical".
    """
    ratio = peak / max(baseline or 0.0, 1.0)
    if ratio >= s.critical_ratio and peak >= s.critical_reports:
        return "critical"
    if ratio >= s.major_ratio and peak >= s.major_reports:
        return "major"
    return "minor"
