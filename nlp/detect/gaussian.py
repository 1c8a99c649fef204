"""Windowed Gaussian: the simple baseline detector the burst detector is compared with.

Modelled on NAB's windowedGaussian detector: the mean and standard deviation of a
trailing window of raw values (no seasonality, no count model); the score is the
Gaussian upper tail of the current value, reported like the burst score as
``-log10 p`` and passed through the same alert rules so a comparison measures the
scoring model only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from nlp.detect.alerting import AlertSettings, mark_episodes
from nlp.detect.types import regularize
from nlp.detect.types import step_minutes as _step_minutes

MAX_SCORE = 50.0


@dataclass(frozen=True)
class GaussianSettings:
    """Plain-data settings of the windowed Gaussian detector."""

    version: str = "windowed-gaussian-1"
    window: int = 6400  # trailing buckets (NAB's windowSize)
    min_periods: int = 12
    alert: AlertSettings = field(default_factory=AlertSettings)
    upper_z: float = 2.326  # band top: the 99th percentile of the fitted Gaussian
    fill_missing: float | None = 0.0


class GaussianDetector:
    """Trailing-window z-score turned into a Gaussian tail probability."""

    def __init__(self, settings: GaussianSettings | None = None) -> None:
        self.settings = settings or GaussianSettings()

    def score(self, series: pd.Series) -> pd.DataFrame:
        """Score one series; same columns as every Detector."""
        cfg = self.settings
        s = regularize(series, fill=cfg.fill_missing)
        past = s.shift(1).rolling(cfg.window, min_periods=cfg.min_periods)
        mean = past.mean().to_numpy()
        sd = np.maximum(np.nan_to_num(past.std().to_numpy(), nan=0.0), 1e-6)
        values = s.to_numpy(dtype=float)
        z = (values - mean) / sd
        with np.errstate(divide="ignore"):
            score = np.clip(-stats.norm.logsf(z) / np.log(10.0), 0.0, MAX_SCORE)
        score = np.where(np.isfinite(z), score, np.nan)
        abnormal, alert = mark_episodes(values, score, cfg.alert, _step_minutes(s))
        return pd.DataFrame(
            {
                "value": values,
                "baseline": np.nan_to_num(mean, nan=0.0),
                "upper": np.nan_to_num(mean + cfg.upper_z * sd, nan=0.0),
                "score": score,
                "abnormal": abnormal,
                "is_anomaly": alert,
            },
            index=s.index,
        )
