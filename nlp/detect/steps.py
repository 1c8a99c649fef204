"""Rows of a file on one regular step: which step, and which rows share one.

`detect-series` scores a regular series. A file's rows need not sit on one grid (a source
that changed from 15-minute to 5-minute rows, a stray 10:07 row, two rows per time): every
row is counted in the step it falls in, and rows sharing a step are combined rather than
one of them kept and the others dropped. By default ("auto") a row whose time repeats an
earlier row's exactly replaces it (appended exports that overlap, a re-sent row: as this
command always read them), and rows at different times within one step are summed, as
counts add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nlp.detect.types import infer_step

COMBINE = ("auto", "sum", "max", "last")  # how the rows of one step make its value
WAYS = {
    "auto": "summed, a repeated time's last row kept",
    "sum": "summed",
    "max": "the largest kept",
    "last": "the last kept",
}
STEP_TEXT = re.compile(r"\s*(\d+)\s*(s|sec|m|min|h|hour|d|day)s?\s*", re.IGNORECASE)
UNITS = {"s": "s", "sec": "s", "m": "min", "min": "min", "h": "h", "hour": "h", "d": "D"}
UNITS["day"] = "D"


def parse_step(text: str) -> pd.Timedelta:
    """A step written as 5m, 15min, 1h, 1d or 30s."""
    match = STEP_TEXT.fullmatch(text)
    if not match or int(match[1]) == 0:
        raise ValueError(f"step {text!r} is not a positive duration like 5m, 15m, 1h or 1d")
    try:
        return pd.Timedelta(int(match[1]), unit=UNITS[match[2].lower()])
    except (OverflowError, ValueError):  # pandas: "Cannot cast 99999999999 from D to 'us'…"
        raise ValueError(
            f"step {text!r} is too long for a time step; use e.g. 15m, 1h or 1d"
        ) from None


def say_step(step: pd.Timedelta, adjective: bool = False) -> str:
    """A step as a person says it: '15 minutes', '1 hour' ('15-minute' as an adjective)."""
    seconds = int(step.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds and seconds % size == 0:
            n = seconds // size
            return f"{n}-{unit}" if adjective else f"{n} {unit}{'' if n == 1 else 's'}"
    return str(step)


@dataclass(frozen=True)
class Steps:
    """A file's rows on one grid: the series to score, each row's step (its position in the
    series), and what was combined to make it."""

    series: pd.Series
    position: np.ndarray  # per input row, its step's position in `series`
    step: pd.Timedelta
    inferred: bool
    combine: str
    combined_rows: int  # rows that share their step with another row
    combined_steps: int  # steps holding more than one row
    exact_repeats: int  # rows whose time repeats an earlier row's exactly


def on_steps(
    times: pd.DatetimeIndex,
    values: np.ndarray,
    step: pd.Timedelta | None = None,
    combine: str = "auto",
    column: str = "value",
) -> Steps:
    """Count every row in the step it falls in (steps start at the phase most rows share, so
    a stray off-grid row does not shift the grid). Rows sharing a step are summed ("auto":
    after each repeated exact time kept as its last row; "sum": all of them), or with
    ``combine`` their maximum or last value taken; a sum of values that are no whole numbers
    (rates, averages) is refused. A step with no row, or only empty values, is NaN."""
    if combine not in COMBINE:
        raise ValueError(f"unknown way to combine rows {combine!r}: use {', '.join(COMBINE)}")
    ns = pd.DatetimeIndex(times).as_unit("ns").asi8
    inferred = step is None
    if step is None:
        step = infer_step(pd.DatetimeIndex(np.unique(ns)))
    width = int(step.value)
    phases, counts = np.unique(ns % width, return_counts=True)
    phase = int(phases[np.argmax(counts)])
    first = (int(ns.min()) - phase) // width * width + phase
    pos = (ns - first) // width
    n = int(pos.max()) + 1
    if n > max(20 * len(ns), 2_000_000):
        raise ValueError(
            f"{len(ns)} rows span {n} steps of {say_step(step)}: the timestamps are too sparse "
            "or irregular for one regular series (pass a longer --step)"
        )
    sizes = np.bincount(pos, minlength=n)
    shared = sizes[pos] > 1
    repeats = pd.Index(ns).duplicated(keep="last")  # an exact time a later row gives again
    summed = ~repeats if combine == "auto" else np.ones(len(ns), dtype=bool)
    if combine in ("auto", "sum"):
        kept_sizes = np.bincount(pos[summed], minlength=n)
        _refuse_fractions(values, summed & (kept_sizes[pos] > 1), column, step)
    frame = pd.DataFrame({"pos": pos, "value": values, "order": np.arange(len(pos))})
    grouped = frame[summed].sort_values("order").groupby("pos")["value"]
    if combine in ("auto", "sum"):
        per_step = grouped.sum(min_count=1)
    elif combine == "max":
        per_step = grouped.max()
    else:
        per_step = grouped.last()  # the last row in file order that has a value
    out = np.full(n, np.nan)
    out[per_step.index.to_numpy()] = per_step.to_numpy(dtype=float)
    grid = pd.date_range(pd.Timestamp(first, unit="ns"), periods=n, freq=step)
    return Steps(
        series=pd.Series(out, index=grid),
        position=pos,
        step=step,
        inferred=inferred,
        combine=combine,
        combined_rows=int(shared.sum()),
        combined_steps=int((sizes > 1).sum()),
        exact_repeats=int(repeats.sum()),
    )


def _refuse_fractions(
    values: np.ndarray, shared: np.ndarray, column: str, step: pd.Timedelta
) -> None:
    """Counts add; rates and averages do not: a sum of fractions is refused, naming a row
    that is both a fraction and summed with another (`shared`: rows at different times of
    one step)."""
    fraction = np.isfinite(values) & (values != np.floor(values)) & shared
    if not fraction.any():
        return
    row = int(np.flatnonzero(fraction)[0])
    raise ValueError(
        f"column {column!r} holds values that are no counts (e.g. {values[row]:g} at data row "
        f"{row + 1}), which shares a {say_step(step, adjective=True)} step with a row of "
        f"another time ({int(shared.sum()):,} such rows), so summing them would mean nothing: "
        "pass --combine max or --combine last, a --step as fine as the file's times, or "
        "resample the file"
    )


def describe(steps: Steps) -> str:
    """One line for stderr: the step used, and how many rows were combined and how."""
    how = "the most common gap between times; --step to change" if steps.inferred else "--step"
    if steps.inferred and len(steps.series) == 1:
        how = "the default: the file has one time only"
    line = f"step: {say_step(steps.step)} ({how}); "
    if not steps.combined_rows:
        return line + "every row has a step of its own"
    way = WAYS[steps.combine]
    if steps.combine == "auto" and not steps.exact_repeats:
        way = WAYS["sum"]
    line += (
        f"{steps.combined_rows:,} rows share a step with another and were combined "
        f"({way}) into {steps.combined_steps:,} "
        f"step{'' if steps.combined_steps == 1 else 's'}"
    )
    if steps.exact_repeats and steps.combine == "auto":
        line += (
            f" ({steps.exact_repeats:,} {'repeats' if steps.exact_repeats == 1 else 'repeat'} "
            "an earlier row's exact time and replaced it: if each such row is a part of one "
            "count, pass --combine sum)"
        )
    elif steps.exact_repeats and steps.combine == "sum":
        line += (
            f" ({steps.exact_repeats:,} {'repeats' if steps.exact_repeats == 1 else 'repeat'} "
            "an earlier row's exact time: if each such row "
            "repeats a total, pass --combine last)"
        )
    return line
