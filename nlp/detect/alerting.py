"""Turn per-bucket scores into episodes and sparse alerts.

Shared by every detector so a comparison between them measures the scoring model,
not the alert rules: a minimum count, a k-of-n persistence rule (one noisy bucket
never opens an episode), hysteresis (an episode stays open while the score is above a
lower release level) and a quiet period before an episode is declared over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from outagewatch.settings import MIN_BUCKET_REPORTS


@dataclass(frozen=True)
class AlertSettings:
    """Plain-data alert rules; ``on``/``off`` are in the detector's score units."""

    on: float = 6.0  # score that makes a bucket "hot"
    off: float = 3.0  # score below which a bucket counts as quiet (hysteresis)
    # a hot bucket needs at least this many reports (the dashboard's floor too)
    min_count: float = float(MIN_BUCKET_REPORTS)
    # Persistence is a duration, so one setting serves any step: an episode opens when
    # the hot buckets in the last ``persist_window_minutes`` span ``persist_minutes``
    # (5-minute buckets: 2 of the last 3; 15-minute buckets: one suffices, it already
    # holds 15 minutes of reports).
    persist_minutes: float = 10.0
    persist_window_minutes: float = 15.0
    quiet_minutes: float = 360.0  # this long below ``off`` closes an episode
    warmup: int = 12  # no alert before this many observed buckets


def _persistence(settings: AlertSettings, step_minutes: float) -> tuple[int, int]:
    """``k`` hot buckets among the last ``m`` make the persistence rule hold."""
    step = max(step_minutes, 1e-9)
    k = max(1, int(np.ceil(settings.persist_minutes / step - 1e-9)))
    return k, max(k, int(np.ceil(settings.persist_window_minutes / step - 1e-9)))


def _hot(
    values: np.ndarray, scores: np.ndarray, settings: AlertSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hot, scores with NaN as -inf, observed buckets so far): one definition of a hot
    bucket for the alerts and for the detector's second pass, so the two cannot drift."""
    vals = np.nan_to_num(np.asarray(values, dtype=float), nan=-np.inf)
    sc = np.nan_to_num(np.asarray(scores, dtype=float), nan=-np.inf)
    observed = np.cumsum(np.isfinite(np.asarray(values, dtype=float)))
    hot = (sc >= settings.on) & (vals >= settings.min_count) & (observed > settings.warmup)
    return hot, sc, observed


def persistent_hot(
    values: np.ndarray, scores: np.ndarray, settings: AlertSettings, step_minutes: float = 5.0
) -> np.ndarray:
    """Buckets that are hot and at which the persistence rule holds (from buckets <= t).

    These are the buckets at which ``mark_episodes`` could open an episode on bucket-scale
    evidence, or keep calling one: the detector's own verdict, known at the bucket itself.
    """
    hot, _, _ = _hot(values, scores, settings)
    k, m = _persistence(settings, step_minutes)
    csum = np.concatenate([[0], np.cumsum(hot.astype(np.int32))])
    t = np.arange(len(hot))
    return hot & (csum[t + 1] - csum[np.maximum(0, t + 1 - m)] >= k)


def mark_episodes(
    values: np.ndarray,
    scores: np.ndarray,
    settings: AlertSettings,
    step_minutes: float = 5.0,
    window_hot: np.ndarray | None = None,
    window_loud: np.ndarray | None = None,
    window_start: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(abnormal, is_anomaly)`` boolean arrays for one regular series.

    ``abnormal`` covers each episode from its first hot bucket to its last
    non-quiet bucket; ``is_anomaly`` is True only at the bucket where the persistence
    rule first held (the detection time). NaN values or scores are never hot.
    ``step_minutes`` converts the duration settings into buckets.

    Longer-window evidence (see scales.py) comes in as ``window_hot`` (a window scale
    fired here: alerts at once, the window's trimming already is its persistence rule),
    ``window_loud`` (keeps an episode open like a loud bucket) and ``window_start``
    (where the excess of the hot window began: the episode's first abnormal bucket).
    """
    n = len(values)
    abnormal = np.zeros(n, dtype=bool)
    alert = np.zeros(n, dtype=bool)
    if n == 0:
        return abnormal, alert
    hot, sc, observed = _hot(values, scores, settings)
    loud = sc >= settings.off
    w_hot = (
        np.zeros(n, dtype=bool) if window_hot is None else window_hot & (observed > settings.warmup)
    )
    if window_loud is not None:
        loud = loud | window_loud
    w_start = np.arange(n) if window_start is None else np.asarray(window_start, dtype=np.int64)
    step = max(step_minutes, 1e-9)
    k, m = _persistence(settings, step)
    hot_i = hot.astype(np.int32)
    hot_sum = np.concatenate([[0], np.cumsum(hot_i)])
    quiet_needed = max(1, int(np.ceil(settings.quiet_minutes / step - 1e-9)))
    # Event-driven walk (same result as visiting every bucket, far fewer Python steps):
    # outside an episode only hot buckets can open one; inside, only loud buckets matter.
    candidates = np.flatnonzero(hot | w_hot)
    loud_at = np.flatnonzero(loud)
    t = 0
    while True:
        i = int(np.searchsorted(candidates, t))
        opened = -1
        for c in candidates[i:]:
            c = int(c)
            lo = max(0, c - m + 1)
            persistent = bool(hot[c]) and hot_sum[c + 1] - hot_sum[lo] >= k
            if persistent or w_hot[c]:
                first_hot = c if not persistent else lo + int(np.flatnonzero(hot_i[lo : c + 1])[0])
                if w_hot[c]:
                    first_hot = min(first_hot, int(np.clip(w_start[c], 0, c)))
                abnormal[first_hot : c + 1] = True
                alert[c] = True
                opened = c
                break
        if opened < 0:
            break
        last = opened  # last loud bucket of the episode
        j = int(np.searchsorted(loud_at, opened + 1))
        while j < len(loud_at) and loud_at[j] <= last + quiet_needed:
            last = int(loud_at[j])
            j += 1
        abnormal[opened + 1 : last + 1] = True
        t = last + quiet_needed + 1  # the closing bucket itself opens nothing
    return abnormal, alert
