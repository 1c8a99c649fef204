"""Shared shapes of the detection stage: the Detector protocol, episodes, regular grids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

FRAME_COLUMNS = ("value", "baseline", "upper", "score", "abnormal", "is_anomaly")


class Detector(Protocol):
    """A detector scores one count series (regular steps, index = bucket start).

    The returned frame has the series' index and the columns of ``FRAME_COLUMNS``:
    ``baseline`` (expected count), ``upper`` (top of the normal band), ``score``
    (higher = more anomalous), ``abnormal`` (bucket belongs to an anomalous episode)
    and ``is_anomaly`` (the alert: only the bucket at which an episode is detected).
    """

    def score(self, series: pd.Series) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Episode:
    """One anomalous episode: first abnormal bucket, alert bucket, peak (the most reports)
    and last bucket; ``peak_score`` is the episode's highest score, wherever it fell."""

    start: pd.Timestamp
    detected_at: pd.Timestamp
    peak_at: pd.Timestamp
    end: pd.Timestamp
    peak_value: float
    peak_score: float
    total: float
    expected: float


def episodes(frame: pd.DataFrame) -> list[Episode]:
    """Split a scored frame into episodes (runs of ``abnormal`` that hold an alert)."""
    if frame.empty:
        return []
    abnormal = frame["abnormal"].to_numpy(dtype=bool)
    alerts = frame["is_anomaly"].to_numpy(dtype=bool)
    values = frame["value"].to_numpy(dtype=float) if "value" in frame else np.zeros(len(frame))
    scores = frame["score"].to_numpy(dtype=float)
    base = frame["baseline"].to_numpy(dtype=float)
    index = frame.index
    out: list[Episode] = []
    edges = np.diff(np.concatenate([[0], abnormal.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    for s, e in zip(starts, ends, strict=True):
        hits = np.flatnonzero(alerts[s:e])
        if hits.size == 0:
            continue
        # the peak is the most reports (as an incident's peak_at), not the highest score:
        # a score can top out early, while the normal band is still narrow
        height = values if "value" in frame else scores
        peak = s + int(np.argmax(np.nan_to_num(height[s:e], nan=-np.inf)))
        out.append(
            Episode(
                start=index[s],
                detected_at=index[s + int(hits[0])],
                peak_at=index[peak],
                end=index[e - 1],
                peak_value=float(values[peak]),
                peak_score=float(np.nanmax(scores[s:e])),
                total=float(np.nansum(values[s:e])),
                expected=float(np.nansum(base[s:e])),
            )
        )
    return out


def infer_step(index: pd.DatetimeIndex) -> pd.Timedelta:
    """The regular step of a time index: the most common positive difference."""
    if len(index) < 2:
        return pd.Timedelta(minutes=5)
    diffs = np.diff(index.as_unit("ns").asi8)
    diffs = diffs[diffs > 0]
    if diffs.size == 0:
        raise ValueError("time index has no two distinct timestamps")
    values, counts = np.unique(diffs, return_counts=True)
    return pd.Timedelta(int(values[np.argmax(counts)]), unit="ns")


def regularize(series: pd.Series, fill: float | None = 0.0) -> pd.Series:
    """Put a series on a regular grid of its own step; missing buckets get ``fill``.

    ``fill=0`` suits the warehouse (no report = zero reports); ``fill=None`` keeps NaN
    for external files where a gap means "not observed".
    """
    if not isinstance(series.index, pd.DatetimeIndex):
        raise ValueError("series index must be a DatetimeIndex")
    s = series.astype(float)
    s.index = pd.DatetimeIndex(s.index).as_unit("ns")
    s = s[~s.index.duplicated(keep="last")].sort_index()
    if s.empty:
        return s
    step = infer_step(s.index)
    ns = s.index.asi8
    offsets = ns - ns[0]
    # Off-grid timestamps are snapped to the nearest bucket start; the grid ends at the last
    # snapped bucket (a last row just past half a step lands on a bucket of its own).
    pos = np.rint(offsets / step.value).astype(np.int64)
    n = int(pos[-1]) + 1
    if n == len(s) and np.array_equal(offsets, pos * step.value):
        return s.rename(series.name)
    if n > max(20 * len(s), 2_000_000):
        raise ValueError(
            f"{len(s)} rows span {n} steps of {step}: the timestamps are too sparse "
            "or irregular for one regular series (resample it first)"
        )
    out = np.full(n, np.nan if fill is None else fill, dtype=float)
    out[pos] = s.to_numpy()  # rows snapped to one bucket: the later one is kept
    grid = pd.date_range(s.index[0], periods=n, freq=step)
    return pd.Series(out, index=grid, name=series.name)


def step_minutes(series: pd.Series) -> float:
    """Step of a regular series in minutes (5 when it has fewer than two buckets)."""
    if len(series) < 2:
        return 5.0
    return (series.index[1] - series.index[0]) / pd.Timedelta(minutes=1)
