"""``detect-series``: run a detector on an existing count series (a CSV's columns)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from nlp.detect.burst import BurstDetector, BurstSettings
from nlp.detect.dates import slashed_as_iso
from nlp.detect.gaussian import GaussianDetector, GaussianSettings
from nlp.detect.steps import Steps, on_steps
from nlp.detect.types import Detector, Episode, episodes


def _blank(raw: pd.Series) -> pd.Series:
    """Missing cells: NA, or text that is empty or only spaces (how a CSV writes a gap)."""
    text = raw.astype(object)
    return raw.isna() | text.map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)


def _first_row(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0])


def _as_numbers(raw: pd.Series) -> pd.Series:
    """The column as floats, NaN where a cell is no number (a CSV's text numbers count)."""
    if pd.api.types.is_bool_dtype(raw):
        return pd.Series(np.nan, index=raw.index)
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float)
    return pd.to_numeric(raw.astype(object), errors="coerce").astype(float)


def _compact_dates(numbers: pd.Series) -> bool:
    """Every value given a whole YYYYMMDD number between 1900 and 2100."""
    v = numbers.to_numpy()
    v = v[np.isfinite(v)]
    return bool(v.size and (v == np.floor(v)).all() and ((v >= 19000101) & (v <= 21001231)).all())


def read_times(
    raw: pd.Series, dayfirst: bool | None = None, column: str = "time"
) -> tuple[pd.Series, bool]:
    """UTC times of a column, NaT where a value is none: YYYYMMDD numbers are dates (not
    1970-08-23 in seconds), other numbers unix seconds (milliseconds when too large for
    seconds), text ISO-like. Each cell is read by its own kind, so one bad cell leaves the
    unix times around it readable (a JSON number was read as nanoseconds, 1970). Also
    whether the column is all unix times. `detect-series` refuses a NaT; `analyze` counts
    them in a warning. Slashed dates (01/03/2024) are read in one order for the column
    (``slashed_as_iso``: ``dayfirst``, else decided from its dates, else refused)."""
    numbers = _as_numbers(raw)
    numeric = numbers.notna()
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    text = ~numeric & raw.notna()
    if text.any():
        cells = slashed_as_iso(raw.astype(object).where(text, ""), dayfirst, column)[text]
        parsed = pd.to_datetime(cells.astype(str), utc=True, errors="coerce", format="mixed")
        out[text] = _in_ns_range(parsed)
    num = numbers[numeric & np.isfinite(numbers)]
    if num.empty:
        return out, False
    if _compact_dates(num):
        days = pd.to_datetime(
            num.map(lambda v: str(int(v))), utc=True, errors="coerce", format="%Y%m%d"
        )
        out[num.index] = days
        return out, False
    # each number by its own size: seconds up to 1e11 (year 5138), milliseconds up to 1e14;
    # beyond, no unix time the detector can count. One odd cell no longer sets the unit
    # for the whole column (a 1e300 made every second read as milliseconds, 1970)
    seconds, millis = num[num.abs() <= 1e11], num[(num.abs() > 1e11) & (num.abs() <= 1e14)]
    out[seconds.index] = _in_ns_range(pd.to_datetime(seconds, unit="s", utc=True, errors="coerce"))
    out[millis.index] = _in_ns_range(pd.to_datetime(millis, unit="ms", utc=True, errors="coerce"))
    return out, bool(numeric.all())


def _in_ns_range(times: pd.Series) -> pd.Series:
    """Times past the nanosecond range (year 2262) fit no bucket: NaT, as an unreadable one."""
    lo, hi = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
    return times.where((times >= lo) & (times <= hi)).astype("datetime64[ns, UTC]")


def _parse_times(raw: pd.Series, column: str, dayfirst: bool | None) -> pd.DatetimeIndex:
    """Datetimes from text or unix seconds (numbers, or numbers written as text as in a
    CSV); naive UTC as everywhere in outagewatch. The first row that is none is named, counting
    data rows from 1 (a CSV's header is not one)."""
    empty = _blank(raw)
    if empty.any():
        raise ValueError(f"column {column!r} has an empty time at data row {_first_row(empty) + 1}")
    times, unix = read_times(raw, dayfirst, column)
    if times.isna().any():
        row = _first_row(times.isna())
        what = "an out-of-range unix time" if unix else "an unparsable time"
        raise ValueError(
            f"column {column!r} has {what} {_cell(raw.iloc[row])} at data row {row + 1}"
        )
    return pd.DatetimeIndex(times).tz_convert(None)


MAX_COUNT = 1e15  # no count of posts comes near; past it, sums and squares overflow


def _parse_values(raw: pd.Series, column: str) -> np.ndarray:
    """Counts as floats; an empty cell is NaN (unobserved), anything else non-numeric fails."""
    empty = _blank(raw)
    values = pd.to_numeric(raw.astype(object).where(~empty, None), errors="coerce")
    bad = values.isna() & ~empty
    if bad.any():
        row = _first_row(bad)
        raise ValueError(
            f"column {column!r} has a non-numeric value {_cell(raw.iloc[row])} at data row "
            f"{row + 1}"
        )
    for wrong, what in (
        (values < 0, "a negative count"),
        (values > MAX_COUNT, "a count too large"),
    ):
        if wrong.any():
            row = _first_row(wrong)
            raise ValueError(
                f"column {column!r} has {what} {_cell(raw.iloc[row])} at data row {row + 1}"
                + (f" (counts go up to {MAX_COUNT:g})" if what.endswith("large") else "")
            )
    return values.to_numpy(dtype=float)


def _cell(value: object) -> str:
    """A cell as the file wrote it: text quoted, a number as a number ("-3", not
    "np.float64(-3.0)")."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else f"{number:g}"
    return str(value.item() if isinstance(value, np.generic) else value)


@dataclass(frozen=True)
class ScoredRows:
    """A file's rows scored: the rows plus ``bucket``, ``score`` and ``is_anomaly``, the
    anomalous windows, and the steps the rows were counted in."""

    rows: pd.DataFrame
    windows: list[Episode]
    steps: Steps | None
    detector_version: str = ""


def detect_series(
    df: pd.DataFrame,
    time_column: str,
    value_column: str,
    settings: BurstSettings | None = None,
    detector: Detector | str | None = None,
    step: pd.Timedelta | None = None,
    combine: str = "auto",
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, list[Episode]]:
    """Score every row of ``df``; returns (rows + ``bucket``, ``score``, ``is_anomaly`` 0/1,
    episodes). See ``score_rows``."""
    scored = score_rows(df, time_column, value_column, settings, detector, step, combine, dayfirst)
    return scored.rows, scored.windows


def score_rows(
    df: pd.DataFrame,
    time_column: str,
    value_column: str,
    settings: BurstSettings | None = None,
    detector: Detector | str | None = None,
    step: pd.Timedelta | None = None,
    combine: str = "auto",
    dayfirst: bool | None = None,
) -> ScoredRows:
    """Score every row of ``df`` by the step it falls in (``step``, else the file's most
    common gap). The input rows keep their order and columns; ``bucket`` is the start of
    the step a row was counted in, and a row's score is that step's. Rows sharing a step
    are combined (``on_steps``: summed by default, a repeated exact time as its last row),
    never dropped. Slashed dates are read
    day-first when ``dayfirst``, month-first when False, else as the column's dates decide. Steps without rows, and
    empty values, are unobserved (not zero). A step raises one alert, at its first row.
    """
    for col in (time_column, value_column):
        if col not in df.columns:
            raise ValueError(f"no column {col!r}; the file has {', '.join(map(str, df.columns))}")
    out = df.copy()
    if df.empty:
        out["bucket"] = pd.Series(dtype="datetime64[ns]")
        out["score"] = pd.Series(dtype=float)
        out["is_anomaly"] = pd.Series(dtype=int)
        return ScoredRows(out, [], None, detector_version(detector))
    times = _parse_times(df[time_column], time_column, dayfirst)
    values = _parse_values(df[value_column], value_column)
    if detector is None or detector == "burst":
        cfg = settings or BurstSettings()
        detector = BurstDetector(replace(cfg, fill_missing=None))
    elif detector == "gaussian":
        detector = GaussianDetector(GaussianSettings(fill_missing=None))
    elif isinstance(detector, str):
        raise ValueError(f"unknown detector {detector!r}: use 'burst' or 'gaussian'")
    steps = on_steps(times, values, step=step, combine=combine, column=value_column)
    frame = detector.score(steps.series)
    pos = steps.position
    out["bucket"] = steps.series.index[pos]
    out["score"] = np.round(frame["score"].to_numpy()[pos], 4)
    alert = frame["is_anomaly"].to_numpy(dtype=bool)[pos]
    first = ~pd.Series(pos).duplicated().to_numpy()
    out["is_anomaly"] = (alert & first).astype(int)
    return ScoredRows(out, episodes(frame), steps, detector_version(detector))


def detector_version(detector: Detector | str | None) -> str:
    """The name and version of a detector's rules (``burst-nb-5``), as its settings say."""
    if detector is None or detector == "burst":
        return BurstSettings().version
    if detector == "gaussian":
        return GaussianSettings().version
    settings = getattr(detector, "settings", None)
    return str(getattr(settings, "version", type(detector).__name__))


def format_episodes(found: list[Episode]) -> str:
    """One line per detected window, for ``detect-series`` to print."""
    if not found:
        return "no anomalous window detected"
    lines = [f"{len(found)} anomalous window(s):"]
    for e in found:
        lines.append(
            f"  {e.start:%Y-%m-%d %H:%M} .. {e.end:%Y-%m-%d %H:%M}  detected {e.detected_at:%H:%M}"
            f"  peak {e.peak_value:g} at {e.peak_at:%Y-%m-%d %H:%M} (highest score {e.peak_score:.1f})"
        )
    return "\n".join(lines)
