"""Count-aware burst detector: negative-binomial upper tail against the seasonal baseline.

A z-score misbehaves on tiny counts (3 reports against an expected 0.2 is a huge z and
still plain noise); the tail probability of a count model does not. The variance is
``phi x expected`` with ``phi`` (>= 1, Poisson when 1) estimated robustly from the
series' own recent residuals, which is a negative binomial with
``alpha = (phi - 1) / expected``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from nlp.detect.alerting import AlertSettings, mark_episodes
from nlp.detect.baseline import BaselineSettings, expected_counts
from nlp.detect.types import regularize
from nlp.detect.types import step_minutes as _step_minutes

MAX_SCORE = 50.0


@dataclass(frozen=True)
class BurstSettings:
    """Everything that decides a burst, saved beside results (see ``version``)."""

    version: str = "burst-nb-1"
    baseline: BaselineSettings = field(default_factory=BaselineSettings)
    alert: AlertSettings = field(default_factory=AlertSettings)
    max_alpha: float = 1.0  # NB shape limit: the rate's own CV between buckets <= 1
    upper_quantile: float = 0.99  # the top of the normal band
    fill_missing: float | None = 0.0  # value for missing buckets (None = unobserved)


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
    ok = np.isfinite(x) & np.isfinite(mu) & (mu > 0)
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
        base = expected_counts(s, self.settings.baseline, self.prior_hod, self.prior_level)
        mu = base["baseline"].to_numpy()
        # var = phi * mu with phi from residuals; at tiny mu that would be a geometric-
        # like tail (alpha = (phi - 1) / mu >> 1), so alpha is capped.
        phi = np.minimum(base["phi"].to_numpy(), 1.0 + self.settings.max_alpha * mu)
        score = tail_score(values, mu, phi)
        # Before the warm-up there is no baseline worth the name: no evidence either way.
        seen = np.cumsum(np.isfinite(values))
        score = np.where(np.isfinite(score) & (seen <= self.settings.alert.warmup), 0.0, score)
        abnormal, alert = mark_episodes(values, score, self.settings.alert, _step_minutes(s))
        return pd.DataFrame(
            {
                "value": values,
                "baseline": mu,
                "upper": upper_band(mu, phi, self.settings.upper_quantile),
                "score": score,
                "abnormal": abnormal,
                "is_anomaly": alert,
            },
            index=s.index,
        )
