from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.detect import score_volume

VOLUME_START = pd.Timestamp("2026-03-16")


def long_rows(series: pd.Series, slug: str, country: str = "") -> pd.DataFrame:
    keep = series.to_numpy() > 0  # the warehouse stores no row for a zero bucket
    return pd.DataFrame(
        {
            "service_slug": slug,
            "country": country,
            "bucket": series.index[keep],
            "reports": series.to_numpy()[keep],
        }
    )


@pytest.fixture
def warehouse(poisson, inject):
    """Six established services (15 days of history), one new service (1 day), one outage."""
    rows = []
    for i, rate in enumerate([4.0, 8.0, 12.0, 20.0, 30.0, 40.0]):
        s = poisson(rate, days=16, seed=100 + i, start="2026-03-01")
        if i == 3:
            s = inject(s, "2026-03-16 09:00", 60, 150)
        rows.append(long_rows(s, f"svc{i}"))
        rows.append(
            long_rows(
                poisson(rate / 10, days=16, seed=200 + i, start="2026-03-01"), f"svc{i}", "DE"
            )
        )
    rows.append(long_rows(poisson(25.0, days=2, seed=300, start="2026-03-15"), "fresh"))
    rows = pd.concat(rows, ignore_index=True)
    return rows[rows.bucket < VOLUME_START], rows[rows.bucket >= VOLUME_START]


def test_rows_come_back_scored_in_order(warehouse) -> None:
    history, volume = warehouse
    volume = volume.sample(frac=1.0, random_state=1)
    out = score_volume(volume, history)
    assert len(out) == len(volume)
    assert (out["bucket"].to_numpy() == volume["bucket"].to_numpy()).all()
    assert {"baseline", "upper", "score", "abnormal", "is_anomaly"} <= set(out.columns)
    alerts = out[out["is_anomaly"]]
    assert list(zip(alerts.service_slug, alerts.country, strict=True)) == [("svc3", "")]
    assert (
        pd.Timestamp("2026-03-16 09:00")
        <= alerts.bucket.iloc[0]
        <= pd.Timestamp("2026-03-16 09:15")
    )


def test_cold_start_borrows_the_pooled_daily_shape(warehouse) -> None:
    history, volume = warehouse
    pooled = score_volume(volume, history)
    alone = score_volume(
        volume[volume.service_slug == "fresh"], history[history.service_slug == "fresh"]
    )
    fresh = pooled[pooled.service_slug == "fresh"].set_index("bucket")["baseline"]
    lonely = alone.set_index("bucket")["baseline"]
    peak = fresh.index.hour == 18  # true expected count there: 25 * 1.8 = 45
    assert abs(fresh[peak].mean() - 45) < abs(lonely[peak].mean() - 45)
    assert fresh[peak].mean() > 35
    assert not pooled.loc[pooled.service_slug == "fresh", "is_anomaly"].any()


def test_bad_and_empty_input() -> None:
    with pytest.raises(ValueError, match="lacks column"):
        score_volume(pd.DataFrame({"service_slug": ["a"], "bucket": ["2026-01-01"]}))
    empty = pd.DataFrame(columns=["service_slug", "country", "bucket", "reports"])
    assert score_volume(empty).empty


def test_many_series_quickly(poisson) -> None:
    rows = [
        long_rows(poisson(r, days=3, seed=int(r * 10)), f"s{int(r * 10)}")
        for r in np.linspace(0.1, 20, 40)
    ]
    out = score_volume(pd.concat(rows, ignore_index=True))
    assert out["score"].notna().mean() > 0.99


def test_dense_window_as_the_orchestrator_asks(warehouse) -> None:
    from outagewatch.catalog import Service

    history, volume = warehouse
    counts = pd.concat([history, volume], ignore_index=True)
    catalog = [Service(slug=f"svc{i}", name=f"S{i}", category="social") for i in range(6)]
    catalog.append(Service(slug="fresh", name="Fresh", category="social"))
    start, end = pd.Timestamp("2026-03-15"), pd.Timestamp("2026-03-16 23:55")
    out = score_volume(counts, start=start, end=end, services=catalog)
    pairs = counts[["service_slug", "country"]].drop_duplicates()
    assert len(out) == len(pairs) * 2 * 288  # every bucket, zero buckets included
    assert out["bucket"].min() == start and out["bucket"].max() == end
    assert (out["reports"] == 0).any() and out["reports"].dtype.kind == "i"
    assert out["service_slug"].dtype == out["country"].dtype == pd.Series(["a"]).dtype
    assert set(out["country"]) == {"", "DE"}
    assert not out.duplicated(["service_slug", "country", "bucket"]).any()
    alerts = out[out["is_anomaly"]]
    assert list(alerts["service_slug"]) == ["svc3"] and (alerts["country"] == "").all()
    # The same counts scored row by row give the same scores on the stored rows.
    sparse = score_volume(volume, history)
    merged = sparse.merge(out, on=["service_slug", "country", "bucket"], suffixes=("", "_d"))
    assert np.allclose(merged["score"], merged["score_d"], equal_nan=True)
