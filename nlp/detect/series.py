"""``detect-series``: run a detector on an existing count series (a CSV's columns)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from nlp.detect.burst import BurstDetector, BurstSettings
from nlp.detect.gaussian import GaussianDetector, GaussianSettings
from nlp.detect.types import Detector, Episode, episodes


def _parse_times(raw: pd.Series, column: str) -> pd.DatetimeIndex:
    """Datetimes from strings or unix seconds; naive UTC as everywhere in outagewatch."""
    if raw.isna().any():
        row = int(np.flatnonzero(raw.isna().to_numpy())[0])
        raise ValueError(f"column {column!r} has an empty time at row {row}")
    if pd.api.types.is_numeric_dtype(raw):
        unit = "ms" if raw.abs().max() > 1e11 else "s"
        times = pd.to_datetime(raw, unit=unit, utc=True)
    else:
        try:
            times = pd.to_datetime(raw, utc=True, format="mixed")
        except (ValueError, TypeError) as exc:
            bad = pd.to_datetime(raw, utc=True, errors="coerce", format="mixed").isna()
            row = int(np.flatnonzero(bad.to_numpy())[0]) if bad.any() else -1
            shown = raw.iloc[row] if row >= 0 else "?"
            raise ValueError(
                f"column {column!r} has an unparsable time {shown!r} at row {row}"
            ) from exc
    return pd.DatetimeIndex(times).tz_convert(None)


def _parse_values(raw: pd.Series, column: str) -> np.ndarray:
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() & raw.notna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"column {column!r} has a non-numeric value {raw.iloc[row]!r} at row {row}"
        )
    if (values < 0).any():
        row = int(np.flatnonzero((values < 0).to_numpy())[0])
        raise ValueError(f"column {column!r} has a negative count {raw.iloc[row]!r} at row {row}")
    return values.to_numpy(dtype=float)


def detect_series(
    df: pd.DataFrame,
    time_column: str,
    value_column: str,
    settings: BurstSettings | None = None,
    detector: Detector | str | None = None,
) -> tuple[pd.DataFrame, list[Episode]]:
    """Score every row of ``df``; returns (rows + ``score`` + ``is_anomaly`` 0/1, episodes).

    The input rows keep their order and columns. Missing buckets of an external file
    are treated as unobserved (not as zero); empty values likewise. Duplicate
    timestamps share their bucket's result (the last row's value is scored).
    """
    for col in (time_column, value_column):
        if col not in df.columns:
            raise ValueError(f"no column {col!r}; the file has {', '.join(map(str, df.columns))}")
    out = df.copy()
    if df.empty:
        out["score"] = pd.Series(dtype=float)
        out["is_anomaly"] = pd.Series(dtype=int)
        return out, []
    times = _parse_times(df[time_column], time_column)
    values = _parse_values(df[value_column], value_column)
    if detector is None or detector == "burst":
        cfg = settings or BurstSettings()
        detector = BurstDetector(replace(cfg, fill_missing=None))
    elif detector == "gaussian":
        detector = GaussianDetector(GaussianSettings(fill_missing=None))
    elif isinstance(detector, str):
        raise ValueError(f"unknown detector {detector!r}: use 'burst' or 'gaussian'")
    series = pd.Series(values, index=times).sort_index()
    frame = detector.score(series)
    pos = frame.index.get_indexer(times, method="nearest")
    out["score"] = np.round(frame["score"].to_numpy()[pos], 4)
    alert = frame["is_anomaly"].to_numpy(dtype=bool)[pos]
    # A bucket repeated by duplicate rows raises one alert, at its first row.
    first = ~pd.Series(pos).duplicated().to_numpy()
    out["is_anomaly"] = (alert & first).astype(int)
    return out, episodes(frame)


def format_episodes(found: list[Episode]) -> str:
    """One line per detected window, for ``detect-series`` to print."""
    if not found:
        return "no anomalous window detected"
    lines = [f"{len(found)} anomalous window(s):"]
    for e in found:
        lines.append(
            f"  {e.start:%Y-%m-%d %H:%M} .. {e.end:%Y-%m-%d %H:%M}  detected {e.detected_at:%H:%M}"
            f"  peak {e.peak_value:g} at {e.peak_at:%Y-%m-%d %H:%M} (score {e.peak_score:.1f})"
        )
    return "\n".join(lines)
