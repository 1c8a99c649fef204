"""Incident spans from a service's scored global series: open, grow, resolve after quiet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

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
    # the alert bucket's end, or now while that bucket is still open: "when the pipeline
    # knew", never a time after the cycle that found it (a message sent at 11:49:05 once
    # said "detected 11:50:00")
    detected = min(max(alert_at + s.bucket, start), now)
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


SEVERITIES = ("minor", "major", "critical")  # mildest first


def severity(
    reports: Sequence[float] | float,
    baseline: Sequence[float] | float | None,
    s: IncidentSettings,
    official_impact: str | None = None,
) -> str:
    """minor / major / critical: the worse of what our reports show and what the provider says.

    ``reports`` and ``baseline`` are the incident's per-bucket counts and the detector's
    expected counts (one number stands for a one-bucket incident). The signal rule is
    relative, never an absolute count, so it means the same on a thick crawl and a thin
    (Mastodon-only) one, and for any bucket size:

    * window: ``severity_window`` (1 h) of consecutive buckets; an incident shorter than
      that is read as one window whose other buckets were normal;
    * normal = the expected reports in that window, at least ``min_normal_reports``;
    * evidence = the one-sided ``severity_confidence`` Poisson lower bound of the window's
      reports, so a handful of reports cannot prove a large ratio (0 -> 6 stays minor);
    * ratio = evidence / normal over the worst window: ``critical_ratio`` (20) or more is
      critical, ``major_ratio`` (5) or more is major.

    A linked official incident whose impact is in ``official_severity`` raises it to at
    least that level (a provider declaring a major outage knows its breadth; our count
    does not); an official "minor" never lowers our reading.
    """
    level = SEVERITIES.index(signal_severity(reports, baseline, s))
    official = dict(s.official_severity).get(str(official_impact or "").lower())
    if official is not None:
        level = max(level, SEVERITIES.index(official))
    return SEVERITIES[level]


def signal_severity(
    reports: Sequence[float] | float,
    baseline: Sequence[float] | float | None,
    s: IncidentSettings,
) -> str:
    """Severity from the report series alone (see ``severity``)."""
    ratio = severity_ratio(reports, baseline, s)
    if ratio >= s.critical_ratio:
        return "critical"
    return "major" if ratio >= s.major_ratio else "minor"


def severity_ratio(
    reports: Sequence[float] | float,
    baseline: Sequence[float] | float | None,
    s: IncidentSettings,
) -> float:
    """Worst window's lower-bound reports over its normal reports (0.0 without reports)."""
    counts = np.nan_to_num(np.atleast_1d(np.asarray(reports, dtype=float)), nan=0.0)
    if counts.size == 0 or counts.max() <= 0:
        return 0.0
    base = np.asarray(np.nan if baseline is None else baseline, dtype=float)
    if base.ndim and base.shape != counts.shape:
        raise ValueError(f"baseline has {base.size} values for {counts.size} report buckets")
    base = np.broadcast_to(base, counts.shape).clip(min=0.0)
    known = base[np.isfinite(base)]  # a bucket without a baseline counts as a typical one
    base = np.where(np.isfinite(base), base, known.mean() if known.size else 0.0)
    n = max(1, int(s.severity_window / s.bucket))
    if counts.size < n:  # pad to one full window with normal buckets
        pad = n - counts.size
        counts = np.concatenate([counts, np.full(pad, base.mean())])
        base = np.concatenate([base, np.full(pad, base.mean())])
    kernel = np.ones(n)
    observed = np.convolve(counts.clip(min=0.0), kernel, mode="valid")
    normal = np.maximum(np.convolve(base, kernel, mode="valid"), s.min_normal_reports)
    lower = stats.gamma.ppf(1.0 - s.severity_confidence, np.maximum(observed, 1e-9))
    lower = np.where(observed > 0, lower, 0.0)  # Poisson lower bound of each window's count
    return float(np.max(lower / normal))
