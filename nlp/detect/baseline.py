"""Seasonal robust baseline: what count is normal for this bucket, from the past only.

expected = level x hour-of-day shape x day-of-week factor.
* The shapes are medians over past days (an outage day cannot bend them) and are
  shrunk toward a prior shape when history is short or sparse: the pooled shape of
  similar services (cold start), or flat.
* The level is a winsorised trailing mean of deseasonalised counts: each count is
  clipped at a robust cap computed from its own past before it enters the mean, so
  an outage's reports do not raise the baseline that is meant to expose them. Buckets
  the detector has already called an outage (``outage``, see burst.py) enter at their
  trailing median instead: at a few reports a day the cap is mostly ``cap_add``, far
  above normal, and an hour at the cap would lift the level for a day.
Everything is causal (bucket t sees buckets < t), so the same code serves live
scoring and honest evaluation.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

MAD_SCALE = 1.4826


@dataclass(frozen=True)
class BaselineSettings:
    """Plain-data baseline parameters (durations in hours/days, so any step works)."""

    history_days: int = 28  # the shapes look at most this far back
    hod_prior_days: float = 3.0  # shrinkage weight of the prior hour-of-day shape
    dow_prior_weeks: float = 2.0  # shrinkage weight of a flat day-of-week factor
    shape_full_count: float = 200.0  # reports/day at which own shape gets full weight
    level_hours: float = 24.0  # trailing window of the level
    cap_mads: float = 2.0  # winsorising cap: median + cap_mads robust sds + cap_add
    cap_add: float = 2.0  # (keeps low-count series from being clipped to their median)
    dispersion_days: float = 7.0  # trailing window of the residual spread
    dispersion_quantile: float = 0.95  # spread is read where decisions are made: the tail
    dispersion_prior_hours: float = 24.0  # weight of the Poisson prior (phi = 1) on the spread
    max_dispersion: float = 50.0  # cap of phi = variance / expected
    guard_minutes: float = 0.0  # reference windows end this long before the bucket
    # Floor of the expected count per bucket (0.6 an hour): it only keeps a tail score finite
    # where a quiet service's own normal is near 0; false alerts are kept off by the alert's
    # min_count and window trimming. At 0.2 (2.4 an hour, the floor until burst-nb-3) it sat
    # far above most services' normal and a slow ramp waited for 13 reports in an hour.
    min_expected: float = 0.05
    shape_floor: float = 0.05  # no hour is assumed to be dead quiet


def robust_cap(level: np.ndarray, mad: np.ndarray | float, settings: BaselineSettings):
    """The winsorising cap above a level: ``cap_mads`` robust sds (at least the Poisson
    sd, the level's square root) + ``cap_add``. No history (an infinite level) caps nothing."""
    spread = np.maximum(MAD_SCALE * mad, np.sqrt(np.maximum(level, 0.0)))
    return level + settings.cap_mads * spread + settings.cap_add


def hour_of_day_shape(series: pd.Series, min_days: int = 0) -> np.ndarray:
    """A single (non-causal) hour-of-day shape, mean 1: used to pool across services.

    Flat (all ones) unless every clock hour was seen on at least ``min_days`` days with
    reports: the shape is a median over days, and over one or two days an outage's day is
    not outvoted, it is its hours' shape (the expected count rises exactly where it, or a
    sibling service's outage, must show)."""
    values = series.to_numpy(dtype=float)
    if not np.isfinite(values).any() or np.nansum(values) <= 0:
        return np.ones(24)
    days = series.index.normalize()
    day_pos = ((days - days[0]) // pd.Timedelta(days=1)).to_numpy()
    table = _hourly_means(values, day_pos, series.index.hour.to_numpy(), int(day_pos[-1]) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # days or hours never observed
        day_mean = np.nanmean(table, axis=1)
        rel = table[day_mean > 0] / day_mean[day_mean > 0, None]
        if np.isfinite(rel).sum(axis=0).min() < min_days:
            return np.ones(24)
        shape = np.nanmedian(rel, axis=0) if len(rel) else np.ones(24)
    shape = np.where(np.isfinite(shape), shape, 1.0)
    return shape / shape.mean() if shape.mean() > 0 else np.ones(24)


def _hourly_means(values: np.ndarray, day: np.ndarray, hour: np.ndarray, n_days: int) -> np.ndarray:
    """(days x 24) table of mean observed count per hour; NaN where nothing observed."""
    ok = np.isfinite(values)
    cell = day[ok] * 24 + hour[ok]
    sums = np.bincount(cell, weights=values[ok], minlength=n_days * 24)
    counts = np.bincount(cell, minlength=n_days * 24)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sums / np.where(counts > 0, counts, np.nan)).reshape(n_days, 24)


def seasonal_factors(
    series: pd.Series, settings: BaselineSettings, prior_hod: np.ndarray | None = None
) -> np.ndarray:
    """Causal multiplicative seasonal factor per bucket (hour-of-day x day-of-week)."""
    idx = series.index
    prior = np.ones(24) if prior_hod is None else np.asarray(prior_hod, dtype=float)
    days = idx.normalize()
    all_days = pd.date_range(days[0], days[-1], freq="D")
    day_pos = ((days - all_days[0]) // pd.Timedelta(days=1)).to_numpy()
    hours = idx.hour.to_numpy()
    table = _hourly_means(series.to_numpy(dtype=float), day_pos, hours, len(all_days))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # days with no observed bucket
        day_mean = np.nanmean(table, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = table / day_mean[:, None]
    rel[~(day_mean > 0)] = np.nan
    step = idx[1] - idx[0] if len(idx) > 1 else pd.Timedelta(minutes=5)
    daily_total = day_mean * (pd.Timedelta(days=1) / step)  # reports per day
    weekday = all_days.day_of_week.to_numpy()
    n_days = len(all_days)
    hod = np.empty((n_days, 24))
    dow = np.ones(n_days)
    h = settings.history_days
    for i in range(n_days):
        lo = max(0, i - h)
        past = rel[lo:i]
        valid = np.isfinite(past).any(axis=1) if len(past) else np.zeros(0, bool)
        n = int(valid.sum())
        if n:
            rows = past[valid]
            if np.isnan(rows).any():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN hours
                    own = np.nanmedian(rows, axis=0)
            else:
                own = np.median(rows, axis=0)
            busy = np.nanmedian(daily_total[lo:i][valid])
            w = n * busy / (busy + settings.shape_full_count)
            own = np.where(np.isfinite(own), own, prior)
            mix = (w * own + settings.hod_prior_days * prior) / (w + settings.hod_prior_days)
        else:
            mix = prior.copy()
        mix = np.maximum(mix, settings.shape_floor)
        hod[i] = mix / mix.mean()
        past_means = day_mean[lo:i]
        ok = np.isfinite(past_means) & (past_means > 0)
        if ok.sum() >= 2:
            ref = np.median(past_means[ok])
            same = ok & (weekday[lo:i] == weekday[i])
            if same.any():
                own_dow = float(np.median(past_means[same] / ref))
                k = float(same.sum())
                dow[i] = (k * own_dow + settings.dow_prior_weeks) / (k + settings.dow_prior_weeks)
    return hod[day_pos, hours] * dow[day_pos]


def _trailing(values: pd.Series, window: int, how: str, lag: int = 1) -> np.ndarray:
    roll = values.shift(lag).rolling(window, min_periods=1)
    out = roll.median() if how == "median" else roll.mean()
    return out.to_numpy(dtype=float)


def expected_counts(
    series: pd.Series,
    settings: BaselineSettings,
    prior_hod: np.ndarray | None = None,
    prior_level: float | None = None,
    *,
    outage: np.ndarray | None = None,
    shape: np.ndarray | None = None,
) -> pd.DataFrame:
    """Causal expected count per bucket, with the pieces that made it.

    ``series`` is on a regular grid (NaN = not observed). Returns columns
    ``shape``, ``level``, ``baseline`` and ``phi`` (variance / expected count, >= 1,
    from a trailing upper quantile of Pearson residuals, shrunk toward Poisson when
    history is short). ``outage`` marks buckets already called an outage (known at the
    bucket itself): they enter the level at their trailing median. ``shape`` reuses
    seasonal factors computed for the same series and ``prior_hod``.
    """
    if series.empty:
        return pd.DataFrame(columns=["shape", "level", "baseline", "phi"], index=series.index)
    step = series.index[1] - series.index[0] if len(series) > 1 else pd.Timedelta(minutes=5)
    window = max(3, int(round(pd.Timedelta(hours=settings.level_hours) / step)))
    # Guard buckets (as in CFAR radar detectors): a ramping burst must not feed the
    # reference it is compared with.
    lag = 1 + int(round(pd.Timedelta(minutes=settings.guard_minutes) / step))
    if shape is None:
        shape = seasonal_factors(series, settings, prior_hod)
    y = pd.Series(series.to_numpy(dtype=float) / shape, index=series.index)
    med = _trailing(y, window, "median")
    mad = _trailing((y - pd.Series(med, index=y.index)).abs(), window, "median")
    cap = robust_cap(np.nan_to_num(med, nan=np.inf), np.nan_to_num(mad), settings)
    if outage is not None:
        cap = np.where(outage, np.nan_to_num(med, nan=np.inf), cap)
    clipped = pd.Series(np.minimum(y.to_numpy(), cap), index=y.index)
    level = _trailing(clipped, window, "mean", lag)
    if prior_level is not None:
        level = np.where(np.isfinite(level), level, prior_level)
    level = np.nan_to_num(level, nan=settings.min_expected)
    base = np.maximum(level * shape, settings.min_expected)
    resid = pd.Series(np.abs(series.to_numpy(dtype=float) - base) / np.sqrt(base), index=y.index)
    q = settings.dispersion_quantile
    d_window = max(3, int(round(pd.Timedelta(days=settings.dispersion_days) / step)))
    roll = resid.shift(lag).rolling(d_window, min_periods=1)
    sd = np.nan_to_num(roll.quantile(q).to_numpy(dtype=float) / stats.norm.ppf(0.5 + q / 2))
    n = roll.count().to_numpy(dtype=float)
    n0 = pd.Timedelta(hours=settings.dispersion_prior_hours) / step
    phi_own = np.clip(sd**2, 1.0, settings.max_dispersion)
    phi = (n * phi_own + n0) / (n + n0)
    return pd.DataFrame(
        {"shape": shape, "level": level, "baseline": base, "phi": phi},
        index=series.index,
    )
