"""Longer-window evidence: slow ramps and small quiet-hour outages, and what must stay quiet."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from nlp.detect import BurstDetector, BurstSettings, episodes, score_volume
from nlp.detect.baseline import BaselineSettings
from nlp.detect.scales import rolling_sum, scale_dispersion, window_scores

SINGLE_SCALE = replace(BurstSettings(), window_minutes=())


def quiet_service(days: float, seed: int) -> pd.Series:
    """A small service: ~0.05 reports per 5 minutes, with a daily cycle."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2026-03-02", periods=int(days * 288), freq="5min")
    hours = index.hour.to_numpy()
    lam = 0.05 * (1.0 + 0.8 * np.cos((hours - 18) / 24.0 * 2 * np.pi))
    return pd.Series(rng.poisson(lam).astype(float), index=index)


def test_quiet_night_burst_of_four_per_bucket_is_detected() -> None:
    series = quiet_service(days=5, seed=21)
    night = pd.Timestamp("2026-03-06 03:00")
    series[night : night + pd.Timedelta(minutes=10)] = 4.0  # 4 + 4 + 4 reports
    frame = BurstDetector().score(series)
    alerts = frame.index[frame["is_anomaly"]]
    assert list(alerts) == [night + pd.Timedelta(minutes=10)]  # when the third bucket lands
    assert frame.loc[night, "abnormal"]  # the episode starts at the burst's first bucket
    # ...and ends with it: the hour window's memory does not stretch it.
    assert not frame.loc[night + pd.Timedelta(minutes=15) :, "abnormal"].any()
    # Each bucket is below the bucket scale's minimum count: it alone would stay silent.
    assert not BurstDetector(SINGLE_SCALE).score(series)["is_anomaly"].any()


@pytest.mark.parametrize("size", [6.0, 12.0])
def test_single_bucket_still_does_not_alert(size: float) -> None:
    series = quiet_service(days=5, seed=22)
    series[pd.Timestamp("2026-03-06 03:00")] = size
    frame = BurstDetector().score(series)
    assert not frame["is_anomaly"].any()  # trimming drops the window's loudest bucket


def test_slow_ramp_is_detected_while_ramping() -> None:
    """Six hours rising from 0 to ~2.5 extra reports per bucket on a quiet service (the
    demo's slow streaming outage): no bucket reaches the bucket scale's bar, an hour does."""
    series = quiet_service(days=6, seed=23)
    start = pd.Timestamp("2026-03-07 09:00")
    ramp = (series.index >= start) & (series.index < start + pd.Timedelta(hours=6))
    rng = np.random.default_rng(24)
    series[ramp] += rng.poisson(np.linspace(0.1, 2.5, int(ramp.sum())))
    assert series[ramp].max() <= 6
    single = BurstDetector(SINGLE_SCALE).score(series)
    assert not single["is_anomaly"].any()
    eps = episodes(BurstDetector().score(series))
    assert len(eps) == 1
    assert start <= eps[0].detected_at <= start + pd.Timedelta(hours=4)
    assert eps[0].end >= start + pd.Timedelta(hours=5)  # the episode follows the ramp


def test_normal_days_stay_quiet_at_every_scale(poisson) -> None:
    for rate, seed in [(0.1, 31), (1.0, 32), (20.0, 33)]:
        frame = BurstDetector().score(poisson(rate, days=8, seed=seed))
        assert not frame["is_anomaly"].any(), rate


def test_window_reference_is_causal() -> None:
    """A window's dispersion uses only windows that end before it starts."""
    rng = np.random.default_rng(5)
    values = rng.poisson(2.0, 2000).astype(float)
    mu = np.full(2000, 2.0)
    cfg = BaselineSettings()
    k = 12
    full = scale_dispersion(rolling_sum(values, k), rolling_sum(mu, k), k, 5.0, cfg)
    changed = values.copy()
    changed[1500:] += 50  # the future must not move the past
    part = scale_dispersion(rolling_sum(changed, k), rolling_sum(mu, k), k, 5.0, cfg)
    assert np.allclose(full[: 1500 + k - 1], part[: 1500 + k - 1])
    assert window_scores(values[:5], mu[:5], 60.0, 5.0, cfg, 1.0) is None  # too short
    assert window_scores(values, mu, 15.0, 15.0, cfg, 1.0) is None  # not longer than a step


def test_score_volume_finds_a_small_national_outage_at_night(poisson) -> None:
    """The warehouse path: a one-country service at night, 3-4 reports per bucket."""
    rows = []
    for i in range(4):
        s = poisson(2.0, days=6, seed=40 + i, start="2026-03-01")
        rows.append(
            pd.DataFrame(
                {
                    "service_slug": f"big{i}",
                    "country": "",
                    "bucket": s.index,
                    "reports": s.to_numpy(),
                }
            )
        )
    small = quiet_service(days=6, seed=45)
    small.index = small.index - pd.Timedelta(days=1)
    outage = pd.date_range("2026-03-06 02:00", periods=18, freq="5min")
    small[outage] += np.random.default_rng(46).integers(2, 5, len(outage))
    rows.append(
        pd.DataFrame(
            {
                "service_slug": "bank",
                "country": "",
                "bucket": small.index,
                "reports": small.to_numpy(),
            }
        )
    )
    counts = pd.concat(rows, ignore_index=True)
    counts = counts[counts["reports"] > 0]
    out = score_volume(
        counts, start=pd.Timestamp("2026-03-01"), end=pd.Timestamp("2026-03-06 12:00")
    )
    alerts = out[out["is_anomaly"]]
    assert list(alerts["service_slug"]) == ["bank"]
    assert outage[0] <= alerts["bucket"].iloc[0] <= outage[0] + pd.Timedelta(minutes=45)
