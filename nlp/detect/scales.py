"""Longer windows: evidence that accumulates over 15 minutes or an hour.

A slow ramp or a small service's outage rarely puts many reports in one 5-minute
bucket, yet 30 reports in an hour against an expected 2 is overwhelming. Each window
scale scores the **trimmed window sum** (the window's reports minus its loudest bucket)
with the same negative-binomial tail as the bucket scale:

* Trimming is the persistence rule of a window: no single bucket (a repost storm, one
  angry user) can make a window hot, so one hot window is enough to alert.
* The trimmed sum is never larger than the sum of ``k - 1`` of the window's buckets,
  so testing it against ``(k - 1) / k`` of the window's expected count is conservative.
* The dispersion of each scale is read from that scale's own past window sums, like the
  bucket scale's (a trailing upper quantile of Pearson residuals, shrunk toward the bucket
  scale's dispersion, which is what a sum of independent buckets would have),
  so a series whose rate wanders for an hour at a time gets a wider band at one hour.
  Windows holding a bucket the detector already called an outage are left out: with 168
  hour windows a week, a 2-hour outage would otherwise move the 95th percentile for a week.
Causal: a window's reference sums end before the window starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from nlp.detect.baseline import BaselineSettings


@dataclass(frozen=True)
class WindowScore:
    """One scale's per-bucket result (aligned with the bucket series; NaN = no window)."""

    minutes: float
    trimmed: np.ndarray  # window reports minus the loudest bucket
    expected: np.ndarray  # expected trimmed count
    phi: np.ndarray  # variance / expected of the window sum
    score: np.ndarray  # -log10 P(X >= trimmed)


def window_buckets(minutes: float, step_minutes: float) -> int:
    """Buckets in a window of ``minutes`` (0 when the window is not longer than a bucket)."""
    k = int(round(minutes / max(step_minutes, 1e-9)))
    return k if k >= 2 else 0


def rolling_sum(values: np.ndarray, k: int) -> np.ndarray:
    """Sum of the ``k`` buckets ending at each bucket; NaN while any of them is missing."""
    out = np.full(len(values), np.nan)
    if len(values) < k:
        return out
    csum = np.concatenate([[0.0], np.cumsum(np.nan_to_num(values, nan=0.0))])
    nans = np.concatenate([[0], np.cumsum(~np.isfinite(values))])
    sums = csum[k:] - csum[:-k]
    sums[(nans[k:] - nans[:-k]) > 0] = np.nan
    out[k - 1 :] = sums
    return out


def rolling_max(values: np.ndarray, k: int) -> np.ndarray:
    out = np.full(len(values), np.nan)
    if len(values) < k:
        return out
    out[k - 1 :] = sliding_window_view(np.nan_to_num(values, nan=0.0), k).max(axis=1)
    return out


def scale_dispersion(
    sums: np.ndarray,
    expected: np.ndarray,
    k: int,
    step_minutes: float,
    cfg: BaselineSettings,
    prior: np.ndarray | float = 1.0,
    outage: np.ndarray | None = None,
) -> np.ndarray:
    """Causal ``phi`` of the window sums, read like the bucket scale's (see baseline.py).

    The reference is the non-overlapping windows (ending at buckets k-1, 2k-1, ...) that
    end before the current window starts: a trailing upper quantile of their Pearson
    residuals, shrunk toward ``prior`` (the bucket scale's ``phi``: what a sum of
    independent buckets would have). Non-overlapping windows make it k times cheaper.
    Windows holding an ``outage`` bucket (already called an outage) are left out.
    """
    n = len(sums)
    resid = np.abs(sums - expected) / np.sqrt(expected)
    if outage is not None:
        resid = np.where(rolling_sum(np.asarray(outage, dtype=float), k) > 0, np.nan, resid)
    resid = resid[k - 1 :: k]
    q = cfg.dispersion_quantile
    d_window = max(3, int(round(cfg.dispersion_days * 1440 / step_minutes / k)))
    roll = pd.Series(resid).rolling(d_window, min_periods=1)
    qs = np.concatenate([[np.nan], roll.quantile(q).to_numpy(dtype=float)])
    seen = np.concatenate([[0.0], roll.count().to_numpy(dtype=float) * k])
    # Bucket t may use block j when block j ends at j*k + k - 1 <= t - k.
    j = np.clip((np.arange(n) + 1) // k - 2, -1, len(resid) - 1) + 1
    sd = np.nan_to_num(qs[j] / stats.norm.ppf(0.5 + q / 2))
    n0 = cfg.dispersion_prior_hours * 60 / step_minutes
    # k perfectly correlated buckets have k times the bucket's phi: the cap scales with k.
    phi_own = np.clip(sd**2, 1.0, cfg.max_dispersion * k)
    return (seen[j] * phi_own + n0 * prior) / (seen[j] + n0)


def window_scores(
    values: np.ndarray,
    mu: np.ndarray,
    minutes: float,
    step_minutes: float,
    cfg: BaselineSettings,
    max_alpha: float,
    bucket_phi: np.ndarray | float = 1.0,
    outage: np.ndarray | None = None,
) -> WindowScore | None:
    """Score the trimmed sums of ``minutes``-long windows; None when the scale is moot.

    ``outage`` marks buckets already called an outage: windows holding one leave the
    dispersion reference (see ``scale_dispersion``)."""
    from nlp.detect.burst import tail_score  # burst imports this module

    k = window_buckets(minutes, step_minutes)
    if k == 0 or len(values) < k:
        return None
    sums = rolling_sum(values, k)
    mu_sum = rolling_sum(mu, k)
    trimmed = sums - rolling_max(values, k)
    expected = mu_sum * (k - 1) / k
    phi = scale_dispersion(sums, mu_sum, k, step_minutes, cfg, bucket_phi, outage)
    phi = np.minimum(phi, 1.0 + max_alpha * np.nan_to_num(expected, nan=0.0))
    score = tail_score(trimmed, expected, phi)
    return WindowScore(minutes, trimmed, expected, phi, score)
