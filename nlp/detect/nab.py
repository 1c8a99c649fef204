"""NAB scoring, implemented from NAB's published method (numenta/NAB, nab/sweeper.py).

Per data file, with a cost profile (standard: A_TP = 1, A_FP = 0.11, A_FN = 1):
* the first ``min(floor(0.15 n), 0.15 * 5000)`` rows are probationary and not scored;
* a labelled window counts once: ``-A_FN`` if no detection falls in it, else the best
  (= earliest) detection's ``sigma(-(right - i + 1) / width) * A_TP / sigma(-1)``,
  where ``sigma(x) = 2 / (1 + exp(5x)) - 1`` (-1 beyond a relative position of 3);
* a detection outside every window costs ``A_FP * sigma(|right_prev - i| /
  (width_prev - 1))`` (a negative number) measured from the end of the preceding
  window, or ``-A_FP`` when no window precedes it;
* a corpus is normalised as ``100 (S - S_null) / (S_perfect - S_null)`` with
  ``S_null = -A_FN x windows`` (no detection) and ``S_perfect = A_TP x windows``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class CostProfile:
    """NAB application profile weights (positive numbers, as in NAB's profiles.json)."""

    tp: float = 1.0
    fp: float = 0.11
    fn: float = 1.0


STANDARD = CostProfile()
REWARD_LOW_FP = CostProfile(tp=1.0, fp=0.22, fn=1.0)
REWARD_LOW_FN = CostProfile(tp=1.0, fp=0.11, fn=2.0)


@dataclass(frozen=True)
class FileScore:
    """Raw NAB score of one file plus the null/perfect scores that normalise it."""

    raw: float
    null: float
    perfect: float
    windows: int
    detected_windows: int
    false_positives: int

    @property
    def normalized(self) -> float:
        return normalize([self])


def scaled_sigmoid(position: float) -> float:
    """NAB's reward for a relative position (-1 = window start, 0 = window end)."""
    if position > 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * position)) - 1.0


def probation_length(n_rows: int, percent: float = 0.15) -> float:
    return min(math.floor(percent * n_rows), percent * 5000)


def score_file(
    timestamps: Sequence | pd.DatetimeIndex,
    detections: Sequence[bool] | np.ndarray,
    windows: Sequence[tuple],
    profile: CostProfile = STANDARD,
    probation_percent: float = 0.15,
) -> FileScore:
    """Score one file's boolean detections against its labelled windows."""
    ts = pd.DatetimeIndex(pd.to_datetime(list(timestamps)))
    det = np.asarray(detections, dtype=bool)
    if len(ts) != len(det):
        raise ValueError(f"{len(ts)} timestamps but {len(det)} detections")
    n = len(ts)
    probation = probation_length(n, probation_percent)
    spans = []
    for start, end in sorted((pd.Timestamp(a), pd.Timestamp(b)) for a, b in windows):
        inside = np.flatnonzero((ts >= start) & (ts <= end))
        if inside.size:
            spans.append((int(inside[0]), int(inside[-1])))
    window_of = np.full(n, -1)
    for w, (lo, hi) in enumerate(spans):
        window_of[lo : hi + 1] = w
    max_tp = scaled_sigmoid(-1.0)
    best = {}  # window id -> best score so far (starts at -A_FN if scorable)
    for w, (_, hi) in enumerate(spans):
        if hi >= probation:
            best[w] = -profile.fn
    fp_total = 0.0
    n_fp = 0
    prev: tuple[int, int] | None = None  # (right index, width) of the last window ended
    span_iter = iter(spans)
    next_span = next(span_iter, None)
    for i in range(n):
        while next_span is not None and next_span[1] < i:
            prev = (next_span[1], next_span[1] - next_span[0] + 1)
            next_span = next(span_iter, None)
        if not det[i] or i < probation:
            continue
        w = window_of[i]
        if w >= 0:
            lo, hi = spans[w]
            width = hi - lo + 1
            reward = scaled_sigmoid(-(hi - i + 1) / width) * profile.tp / max_tp
            best[w] = max(best[w], reward)
        else:
            if prev is None:
                cost = -1.0
            else:
                right, width = prev
                cost = scaled_sigmoid(abs(right - i) / max(width - 1, 1))
            fp_total += cost * profile.fp
            n_fp += 1
    detected = sum(1 for v in best.values() if v > -profile.fn)
    return FileScore(
        raw=float(sum(best.values()) + fp_total),
        null=-profile.fn * len(best),
        perfect=profile.tp * len(spans),
        windows=len(spans),
        detected_windows=detected,
        false_positives=n_fp,
    )


def normalize(scores: Sequence[FileScore]) -> float:
    """NAB's normalised corpus score: null detector = 0, perfect detector = 100."""
    raw = sum(s.raw for s in scores)
    null = sum(s.null for s in scores)
    perfect = sum(s.perfect for s in scores)
    if perfect == null:
        return float("nan")
    return 100.0 * (raw - null) / (perfect - null)


def perfect_detections(timestamps: Sequence, windows: Sequence[tuple]) -> np.ndarray:
    """One detection at the first row of each window: the detector NAB calls perfect."""
    ts = pd.DatetimeIndex(pd.to_datetime(list(timestamps)))
    det = np.zeros(len(ts), dtype=bool)
    for start, end in windows:
        inside = np.flatnonzero((ts >= pd.Timestamp(start)) & (ts <= pd.Timestamp(end)))
        if inside.size:
            det[inside[0]] = True
    return det
