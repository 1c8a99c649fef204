from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.detect import GaussianDetector, detect_series, format_episodes


def table(series: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {"ts": series.index.strftime("%Y-%m-%d %H:%M:%S"), "n": series.to_numpy(), "note": "x"}
    )


def test_rows_kept_in_order_with_score_and_alert(poisson, inject) -> None:
    series = inject(poisson(8.0, days=6, seed=11), "2026-03-07 12:00", 60, 80)
    df = table(series).sample(frac=1.0, random_state=0)  # shuffled input order
    out, windows = detect_series(df, "ts", "n")
    assert list(out.index) == list(df.index)
    assert list(out.columns) == ["ts", "n", "note", "score", "is_anomaly"]
    assert set(out["is_anomaly"].unique()) <= {0, 1}
    assert out["is_anomaly"].sum() == len(windows) == 1
    hit = out.loc[out["is_anomaly"] == 1, "ts"].iloc[0]
    assert "2026-03-07 12:00" <= hit <= "2026-03-07 12:15"
    assert windows[0].start <= pd.Timestamp(hit) == windows[0].detected_at
    assert "1 anomalous window(s)" in format_episodes(windows)
    assert format_episodes([]) == "no anomalous window detected"


def test_unix_seconds_and_other_detector(poisson) -> None:
    series = poisson(3.0, days=2, seed=12)
    df = pd.DataFrame({"t": series.index.as_unit("s").asi8, "v": series.to_numpy()})
    out, _ = detect_series(df, "t", "v", detector=GaussianDetector())
    assert len(out) == len(df) and out["score"].notna().any()
    named, _ = detect_series(df, "t", "v", detector="gaussian")
    assert np.allclose(named["score"], out["score"], equal_nan=True)
    with pytest.raises(ValueError, match="unknown detector 'htm'"):
        detect_series(df, "t", "v", detector="htm")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01"], "v": [1]}), "no column 'n'", id="missing-column"
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "2026-01-01 00:05"], "n": [1, "lots"]}),
            "non-numeric value 'lots' at row 1",
            id="non-numeric",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "yesterday-ish"], "n": [1, 2]}),
            "unparsable time 'yesterday-ish' at row 1",
            id="bad-time",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", None], "n": [1, 2]}),
            "empty time at row 1",
            id="empty-time",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "2026-01-01 00:05"], "n": [1, -2]}),
            "negative count",
            id="negative",
        ),
    ],
)
def test_bad_input_has_precise_errors(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        detect_series(frame, "ts", "n")


def test_empty_frame() -> None:
    out, windows = detect_series(pd.DataFrame({"ts": [], "n": []}), "ts", "n")
    assert out.empty and windows == [] and {"score", "is_anomaly"} <= set(out.columns)


def test_gaussian_detector_sees_a_big_spike(poisson, inject) -> None:
    series = inject(poisson(5.0, days=4, seed=13), "2026-03-05 06:00", 45, 150)
    frame = GaussianDetector().score(series)
    alerts = frame.index[frame["is_anomaly"].to_numpy()]
    assert len(alerts) == 1 and alerts[0] < pd.Timestamp("2026-03-05 06:15")
    assert np.all(frame["upper"] >= frame["baseline"])
