from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.detect import BurstDetector, episodes, tail_score

FRAME = {"value", "baseline", "upper", "score", "abnormal", "is_anomaly"}


@pytest.mark.parametrize(
    "rate", [pytest.param(2.0, id="low-volume"), pytest.param(30.0, id="busy")]
)
def test_injected_burst_is_detected_early(rate: float, poisson, inject) -> None:
    series = inject(poisson(rate, days=8, seed=1), "2026-03-08 03:00", 60, 6 * rate + 10)
    frame = BurstDetector().score(series)
    assert set(frame.columns) >= FRAME
    eps = episodes(frame)
    assert len(eps) == 1
    delay = eps[0].detected_at - pd.Timestamp("2026-03-08 03:00")
    assert pd.Timedelta(0) <= delay <= pd.Timedelta(minutes=15)
    assert frame["is_anomaly"].sum() == 1  # one alert per episode


def test_single_noisy_bucket_opens_no_episode(poisson) -> None:
    series = poisson(5.0, days=8, seed=2)
    series[pd.Timestamp("2026-03-08 10:00")] += 60
    frame = BurstDetector().score(series)
    assert frame.loc["2026-03-08 10:00", "score"] > 10  # it is scored as unusual...
    assert not frame["is_anomaly"].any()  # ...but persistence keeps it from alerting


def test_daily_peak_is_not_an_anomaly(poisson) -> None:
    series = poisson(20.0, days=14, seed=3)
    frame = BurstDetector().score(series)
    assert not frame["is_anomaly"].iloc[288 * 2 :].any()
    last_day = frame.loc["2026-03-15", "baseline"]
    peak = last_day[last_day.index.hour == 18].mean()
    trough = last_day[last_day.index.hour == 6].mean()
    assert peak > 4 * trough  # the true ratio is 9


def test_past_outage_does_not_inflate_baseline(poisson, inject) -> None:
    clean = poisson(10.0, days=8, seed=4)
    hit = inject(clean, "2026-03-08 00:00", 180, 200)
    after = slice("2026-03-08 04:00", "2026-03-08 08:00")
    clean_base = BurstDetector().score(clean)["baseline"][after].mean()
    hit_base = BurstDetector().score(hit)["baseline"][after].mean()
    assert hit_base < 1.3 * clean_base


def test_tiny_counts_do_not_alert(poisson) -> None:
    series = poisson(0.05, days=6, seed=5)
    series.iloc[-10:-7] = 2.0  # far above a 0.05 baseline, yet only 2 reports each
    frame = BurstDetector().score(series)
    assert not frame["is_anomaly"].any()


def test_tail_score_is_count_aware() -> None:
    mu = np.array([0.2, 50.0])
    phi = np.array([1.0, 1.0])
    s = tail_score(np.array([3.0, 60.0]), mu, phi)
    assert s[0] > 2.5  # P(Poisson(0.2) >= 3) ~ 1.1e-3
    assert s[1] < 2.0  # 60 against 50 is unremarkable
    over = tail_score(np.array([60.0]), np.array([50.0]), np.array([4.0]))
    assert over[0] < s[1]  # overdispersion makes the same excess less surprising


def test_empty_and_gappy_series(poisson) -> None:
    empty = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)
    assert BurstDetector().score(empty).empty
    series = poisson(5.0, days=3, seed=6).drop(pd.date_range("2026-03-03", periods=20, freq="5min"))
    frame = BurstDetector().score(series)
    assert len(frame) == 3 * 288  # gaps filled on the regular grid


def test_settings_are_plain_versioned_data() -> None:
    import dataclasses

    import nlp.detect as detect

    settings = detect.BurstSettings()
    saved = dataclasses.asdict(settings)
    assert saved["version"] and saved["alert"]["on"] > saved["alert"]["off"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.version = "x"  # type: ignore[misc]
    assert all(hasattr(detect, name) for name in detect.__all__)


@pytest.mark.parametrize("fill", [0.0, None])
def test_off_grid_times_snap_to_buckets_and_the_last_gets_its_own(fill) -> None:
    """A last row just past half a step (10:17:31 on a 5-minute grid) rounds to a bucket
    after the span's end: the grid must reach it (it used to raise IndexError)."""
    from nlp.detect import regularize

    stamps = ["10:00:00", "10:05:00", "10:10:00", "10:15:00", "10:17:31"]
    times = pd.to_datetime([f"2026-03-01 {t}" for t in stamps])
    s = regularize(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=times), fill=fill)
    assert list(s.index.strftime("%H:%M")) == ["10:00", "10:05", "10:10", "10:15", "10:20"]
    assert s.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    on_grid = pd.Series([4.0, 5.0, 6.0], index=times[:3], name="n")
    kept = regularize(on_grid, fill=fill)
    assert kept.equals(on_grid.astype(float)) and kept.name == "n"
