"""Turn per-bucket scores into episodes and sparse alerts.

Shared by every detector so a comparison between them measures the scoring model,
not the alert rules: a minimum count, a k-of-n persistence rule (one noisy bucket
never opens an episode), hysteresis (an episode stays open while the score is above a
lower release level) and a quiet period before an episode is declared over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AlertSettings:
    """Plain-data alert rules; ``on``/``off`` are in the detector's score units."""

    on: float = 6.0  # score that makes a bucket "hot"
    off: float = 3.0  # score below which a bucket counts as quiet (hysteresis)
    min_count: float = 5.0  # a hot bucket needs at least this many reports
    # Persistence is a duration, so one setting serves any step: an episode opens when
    # the hot buckets in the last ``persist_window_minutes`` span ``persist_minutes``
    # (5-minute buckets: 2 of the last 3; 15-minute buckets: one suffices, it already
    # holds 15 minutes of reports).
    persist_minutes: float = 10.0
    persist_window_minutes: float = 15.0
    quiet_minutes: float = 360.0  # this long below ``off`` closes an episode
    warmup: int = 12  # no alert before this many observed buckets


def mark_episodes(
    values: np.ndarray, scores: np.ndarray, settings: AlertSettings, step_minutes: float = 5.0
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(abnormal, is_anomaly)`` boolean arrays for one regular series.

    ``abnormal`` covers each episode from its first hot bucket to its last
    non-quiet bucket; ``is_anomaly`` is True only at the bucket where the persistence
    rule first held (the detection time). NaN values or scores are never hot.
    ``step_minutes`` converts the duration settings into buckets.
    """
    n = len(values)
    abnormal = np.zeros(n, dtype=bool)
    alert = np.zeros(n, dtype=bool)
    if n == 0:
        return abnormal, alert
    vals = np.nan_to_num(np.asarray(values, dtype=float), nan=-np.inf)
    sc = np.nan_to_num(np.asarray(scores, dtype=float), nan=-np.inf)
    observed = np.cumsum(np.isfinite(np.asarray(values, dtype=float)))
    hot = (sc >= settings.on) & (vals >= settings.min_count) & (observed > settings.warmup)
    loud = sc >= settings.off
    step = max(step_minutes, 1e-9)
    k = max(1, int(np.ceil(settings.persist_minutes / step - 1e-9)))
    m = max(k, int(np.ceil(settings.persist_window_minutes / step - 1e-9)))
    hot_i = hot.astype(np.int32)
    hot_sum = np.concatenate([[0], np.cumsum(hot_i)])
    quiet_needed = max(1, int(np.ceil(settings.quiet_minutes / step - 1e-9)))
    in_episode = False
    quiet_run = 0
    last_loud = -1
    for t in range(n):
        if in_episode:
            if loud[t]:
                quiet_run = 0
                last_loud = t
            else:
                quiet_run += 1
                if quiet_run >= quiet_needed:
                    abnormal[last_loud + 1 : t + 1] = False
                    in_episode = False
                    continue
            abnormal[t] = True
            continue
        if not hot[t]:
            continue
        lo = max(0, t - m + 1)
        if hot_sum[t + 1] - hot_sum[lo] >= k:
            first_hot = lo + int(np.flatnonzero(hot_i[lo : t + 1])[0])
            abnormal[first_hot : t + 1] = True
            alert[t] = True
            in_episode = True
            quiet_run = 0
            last_loud = t
    if in_episode:
        abnormal[last_loud + 1 :] = False
    return abnormal, alert
