"""Count-aware burst detector: negative-binomial upper tail against the seasonal baseline.

A z-score misbehaves on tiny counts (3 reports against an expected 0.2 is a huge z and
still plain noise); the tail probability of a count model does not. The variance is
``phi x expected`` with ``phi`` (>= 1, Poisson when 1) estimated robustly from the
series' own recent residuals, which is a negative binomial with
``alpha = (phi - 1) / expected``.

An outage the detector has called must not teach it what normal is, or a second outage
soon after the first meets a raised baseline and a wider band. So a series with any
called bucket (the bucket-scale persistence rule held there, or a window scale fired
while the bucket was above its baseline; both known at the bucket itself) is scored a
second time with those buckets kept out of the level and of the window scales'
dispersion. The bucket scale's own dispersion keeps them (see README: leaving them out
cost a false alert on NAB and on the cloud events).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from nlp.detect.alerting import AlertSettings, mark_episodes, persistent_hot
from nlp.detect.baseline import BaselineSettings, expected_counts
from nlp.detect.scales import window_buckets, window_scores
from nlp.detect.types import regularize
from nlp.detect.types import step_minutes as _step_minutes

MAX_SCORE = 50.0


@dataclass(frozen=True)
class BurstSettings:
    """Everything that decides a burst, saved beside results (see ``version``)."""

    version: str = "burst-nb-6"
    baseline: BaselineSettings = field(default_factory=BaselineSettings)
    alert: AlertSettings = field(default_factory=AlertSettings)
    max_alpha: float = 1.0  # NB shape limit: the rate's own CV between buckets <= 1
    upper_quantile: float = 0.99  # the top of the normal band
    fill_missing: float | None = 0.0  # value for missing buckets (None = unobserved)
    # Longer windows whose trimmed sums are scored too (scales.py); a window not longer
    # than the series' step is skipped.
    window_minutes: tuple[float, ...] = (15.0, 60.0)
    # A window sums the baseline's errors too: window scales wait until the baseline has
    # seen a full day (a daily cycle not yet learnt looks like a slow ramp).
    window_warmup_hours: float = 24.0
    # False (since burst-nb-4): buckets the detector has called an outage enter the level
    # at their trailing median and leave the window scales' dispersion; True is the old
    # behaviour (they enter the level at the winsorising cap and every spread).
    learn_from_outages: bool = False


@dataclass(frozen=True)
class Evidence:
    """Per-bucket scores of one scoring pass (arrays aligned with the series)."""

    mu: np.ndarray  # expected count
    upper: np.ndarray  # top of the normal band
    score: np.ndarray  # bucket scale's -log10 p
    best: np.ndarray  # best window scale's score
    w_hot: np.ndarray  # a window scale fired here
    w_loud: np.ndarray  # a window scale keeps an episode open here
    w_start: np.ndarray  # where a fired window's excess began


def nb_params(mu: np.ndarray, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """scipy ``nbinom`` (n, p) for mean ``mu`` and variance ``phi * mu`` (phi > 1)."""
    n = mu / np.maximum(phi - 1.0, 1e-9)
    p = 1.0 / phi
    return n, p


def tail_score(counts: np.ndarray, mu: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """``-log10 P(X >= count)`` under NB(mu, phi*mu); Poisson where phi is ~1."""
    x = np.asarray(counts, dtype=float)
    mu = np.asarray(mu, dtype=float)
    phi = np.asarray(phi, dtype=float)
    out = np.full(x.shape, np.nan)
    valid = np.isfinite(x) & np.isfinite(mu) & (mu > 0)
    out[valid & (x <= 0)] = 0.0  # P(X >= 0) = 1: skip the costly tail (most sparse buckets)
    ok = valid & (x > 0)
    k = np.ceil(x[ok]) - 1.0  # P(X >= x) = sf(ceil(x) - 1)
    poisson = phi[ok] <= 1.0001
    logp = np.empty(k.shape)
    logp[poisson] = stats.poisson.logsf(k[poisson], mu[ok][poisson])
    n, p = nb_params(mu[ok][~poisson], phi[ok][~poisson])
    logp[~poisson] = stats.nbinom.logsf(k[~poisson], n, p)
    out[ok] = np.clip(-logp / np.log(10.0), 0.0, MAX_SCORE)
    return out


def upper_band(mu: np.ndarray, phi: np.ndarray, q: float) -> np.ndarray:
    """Approximate ``q`` quantile of the count model (normal approximation, rounded up).

    Exact NB quantiles cost a root search per bucket; the band is for display.
    """
    z = stats.norm.ppf(q)
    return np.ceil(mu + z * np.sqrt(phi * mu))


class BurstDetector:
    """Seasonal robust baseline + NB tail score + persistence/hysteresis alerts."""

    def __init__(
        self,
        settings: BurstSettings | None = None,
        prior_hod: np.ndarray | None = None,
        prior_level: float | None = None,
    ) -> None:
        self.settings = settings or BurstSettings()
        self.prior_hod = prior_hod
        self.prior_level = prior_level

    def score(self, series: pd.Series) -> pd.DataFrame:
        """Score one count series (DatetimeIndex); returns the Detector frame."""
        s = regularize(series, fill=self.settings.fill_missing)
        if s.empty:
            return pd.DataFrame(
                columns=["value", "baseline", "upper", "score", "abnormal", "is_anomaly"],
                index=s.index,
            )
        values = s.to_numpy(dtype=float)
        step = _step_minutes(s)
        base = expected_counts(s, self.settings.baseline, self.prior_hod, self.prior_level)
        ev = self._evidence(values, base, step)
        if not self.settings.learn_from_outages:
            called = self.called_outage(values, ev, step)
            if called.any():  # score again without what the first pass called an outage
                base = expected_counts(
                    s,
                    self.settings.baseline,
                    self.prior_hod,
                    self.prior_level,
                    outage=called,
                    shape=base["shape"].to_numpy(),
                )
                ev = self._evidence(values, base, step, called)
        abnormal, alert = mark_episodes(
            values, ev.score, self.settings.alert, step, ev.w_hot, ev.w_loud, ev.w_start
        )
        return pd.DataFrame(
            {
                "value": values,
                "baseline": ev.mu,
                "upper": ev.upper,
                "score": np.fmax(ev.score, ev.best),
                "bucket_score": ev.score,
                "abnormal": abnormal,
                "is_anomaly": alert,
            },
            index=s.index,
        )

    def called_outage(self, values: np.ndarray, ev: Evidence, step: float) -> np.ndarray:
        """Buckets the detector calls an outage, each from buckets <= itself: the bucket
        scale's persistence rule holds there, or a window scale fires while the bucket is
        above its baseline."""
        held = persistent_hot(values, ev.score, self.settings.alert, step)
        return held | (ev.w_hot & (np.nan_to_num(values, nan=-np.inf) > ev.mu))

    def _evidence(
        self,
        values: np.ndarray,
        base: pd.DataFrame,
        step: float,
        outage: np.ndarray | None = None,
    ) -> Evidence:
        """Bucket and window scores against one baseline."""
        mu = base["baseline"].to_numpy()
        # var = phi * mu with phi from residuals; at tiny mu that would be a geometric-
        # like tail (alpha = (phi - 1) / mu >> 1), so alpha is capped.
        phi = np.minimum(base["phi"].to_numpy(), 1.0 + self.settings.max_alpha * mu)
        score = tail_score(values, mu, phi)
        # Before the warm-up there is no baseline worth the name: no evidence either way.
        seen = np.cumsum(np.isfinite(values))
        early = seen <= self.settings.alert.warmup
        score = np.where(np.isfinite(score) & early, 0.0, score)
        w_early = seen <= self.settings.window_warmup_hours * 60 / step
        upper = upper_band(mu, phi, self.settings.upper_quantile)
        best, w_hot, w_loud, w_start = self._windows(values, mu, phi, upper, step, w_early, outage)
        return Evidence(mu, upper, score, best, w_hot, w_loud, w_start)

    def _windows(
        self,
        values: np.ndarray,
        mu: np.ndarray,
        phi: np.ndarray,
        upper: np.ndarray,
        step: float,
        early: np.ndarray,
        outage: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Best window score, window-hot, window-loud and window-start per bucket."""
        cfg = self.settings
        n = len(values)
        best = np.full(n, np.nan)
        hot = np.zeros(n, dtype=bool)
        loud = np.zeros(n, dtype=bool)
        start = np.arange(n)
        vals = np.nan_to_num(values, nan=-np.inf)
        above = vals > mu  # where an excess starts
        # A bucket keeps an episode open on window evidence only when it is itself above
        # the normal band: the window's memory must not stretch the episode past the end.
        in_band = vals < upper
        for minutes in cfg.window_minutes:
            w = window_scores(values, mu, minutes, step, cfg.baseline, cfg.max_alpha, phi, outage)
            if w is None:
                continue
            sc = np.where(early, 0.0, w.score)
            best = np.fmax(best, sc)
            sc0 = np.nan_to_num(sc, nan=-np.inf)
            fired = (sc0 >= cfg.alert.on) & (np.nan_to_num(w.trimmed) >= cfg.alert.min_count)
            hot |= fired
            loud |= (sc0 >= cfg.alert.off) & ~in_band
            k = window_buckets(minutes, step)
            start = np.where(fired, np.minimum(start, np.arange(n) - k + 1), start)
        # The excess began at the window's first bucket above the baseline from which it runs
        # on to t with no gap of a persistence window (15 min) at or below it: on a sparse
        # series one ordinary report 20 minutes before the outage is above a baseline of
        # 0.01 a bucket, and it had made the outage start then.
        gap = max(1, int(np.ceil(cfg.alert.persist_window_minutes / max(step, 1e-9) - 1e-9)))
        for t in np.flatnonzero(hot):
            lo = max(0, int(start[t]))
            first = np.flatnonzero(above[lo : t + 1])
            if not first.size:
                start[t] = t
                continue
            apart = np.flatnonzero(np.diff(first) > gap)  # more than `gap` buckets between
            start[t] = lo + int(first[apart[-1] + 1] if apart.size else first[0])
        return best, hot, loud, start
