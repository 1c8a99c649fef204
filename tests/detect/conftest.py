"""Synthetic count series for the detection tests (the project makes its own data)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

STEP = pd.Timedelta(minutes=5)


def daily_shape(index: pd.DatetimeIndex, peak_hour: int = 18, depth: float = 0.8) -> np.ndarray:
    """A smooth daily cycle with its peak at ``peak_hour`` UTC, mean about 1."""
    hours = index.hour.to_numpy() + index.minute.to_numpy() / 60.0
    return 1.0 + depth * np.cos((hours - peak_hour) / 24.0 * 2 * np.pi)


def poisson_series(
    rate: float, days: float, seed: int, start: str = "2026-03-02", peak_hour: int = 18
) -> pd.Series:
    rng = np.random.default_rng(seed)
    index = pd.date_range(start, periods=int(days * 288), freq=STEP)
    lam = rate * daily_shape(index, peak_hour)
    return pd.Series(rng.poisson(lam).astype(float), index=index)


def inject_burst(
    series: pd.Series, at: str, minutes: int, extra: float, seed: int = 7
) -> pd.Series:
    """Add Poisson(extra) reports per bucket for ``minutes`` from ``at``."""
    rng = np.random.default_rng(seed)
    out = series.copy()
    start = pd.Timestamp(at)
    window = (out.index >= start) & (out.index < start + pd.Timedelta(minutes=minutes))
    out[window] += rng.poisson(extra, int(window.sum()))
    return out


@pytest.fixture
def poisson():
    """Factory: ``poisson(rate, days, seed)`` -> seasonal Poisson count series."""
    return poisson_series


@pytest.fixture
def inject():
    """Factory: ``inject(series, at, minutes, extra)`` -> series with a burst added."""
    return inject_burst
