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
    assert list(out.columns) == ["ts", "n", "note", "bucket", "score", "is_anomaly"]
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
            "non-numeric value 'lots' at data row 2",
            id="non-numeric",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "yesterday-ish"], "n": [1, 2]}),
            "unparsable time 'yesterday-ish' at data row 2",
            id="bad-time",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", None], "n": [1, 2]}),
            "empty time at data row 2",
            id="empty-time",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "2026-01-01 00:05"], "n": [1, -2]}),
            "negative count -2 at data row 2$",  # not np.int64(-2)
            id="negative",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "2026-01-01 00:05"], "n": [1.0, -3.0]}),
            "negative count -3 at data row 2$",  # not np.float64(-3.0)
            id="negative-float",
        ),
        pytest.param(
            pd.DataFrame({"ts": ["2026-01-01 00:00", "2026-01-01 00:05"], "n": [1, 1e308]}),
            r"a count too large 1e\+308 at data row 2 \(counts go up to 1e\+15\)",
            id="too-large",  # overflowed into a numpy RuntimeWarning
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


def test_unix_seconds_written_as_text_like_a_csv(poisson) -> None:
    """read_table reads a CSV as text; '1515061871' and '1515061871.0' are still unix seconds."""
    series = poisson(3.0, days=2, seed=14)
    seconds = series.index.as_unit("s").asi8
    numeric = pd.DataFrame({"t": seconds, "v": series.to_numpy()})
    as_int_text = pd.DataFrame({"t": seconds.astype(str), "v": series.to_numpy().astype(str)})
    as_float_text = as_int_text.assign(t=[f"{s}.0" for s in seconds])
    expected, _ = detect_series(numeric, "t", "v")
    for frame in (as_int_text, as_float_text):
        out, _ = detect_series(frame, "t", "v")
        assert np.allclose(out["score"], expected["score"], equal_nan=True)
        assert out["is_anomaly"].tolist() == expected["is_anomaly"].tolist()


def test_compact_dates_are_dates_not_unix_seconds(poisson) -> None:
    """20260101 is a day written without dashes, not 1970-08-23 in unix seconds."""
    days = pd.date_range("2026-01-01", periods=40, freq="D")
    values = np.arange(40) % 5 + 1.0
    compact = pd.DataFrame({"t": days.strftime("%Y%m%d"), "v": values.astype(str)})
    iso = pd.DataFrame({"t": days.strftime("%Y-%m-%d"), "v": values})
    out, _ = detect_series(compact, "t", "v")
    expected, _ = detect_series(iso, "t", "v")
    assert np.allclose(out["score"], expected["score"], equal_nan=True)


def test_empty_counts_are_unobserved_like_json_nulls(poisson) -> None:
    series = poisson(4.0, days=2, seed=15)
    stamps = series.index.strftime("%Y-%m-%d %H:%M")
    text = series.to_numpy().astype(int).astype(str).astype(object)
    text[[5, 40, 41]] = ["", " ", ""]
    nulls = series.to_numpy().astype(object)
    nulls[[5, 40, 41]] = None
    from_csv, _ = detect_series(pd.DataFrame({"ts": stamps, "n": text}), "ts", "n")
    from_json, _ = detect_series(pd.DataFrame({"ts": stamps, "n": nulls}), "ts", "n")
    assert len(from_csv) == len(series)
    assert np.allclose(from_csv["score"], from_json["score"], equal_nan=True)


def test_last_timestamp_off_the_grid_is_scored() -> None:
    """Real Downdetector rows drift off their 15-minute grid; a last row that rounds up past
    the grid's end used to fail with an IndexError inside the detector."""
    base = 1515061871
    times = [base + s for s in (0, 900, 1800, 2700, 3500)]
    out, _ = detect_series(pd.DataFrame({"t": times, "v": [1, 2, 1, 3, 2]}), "t", "v")
    assert len(out) == 5 and list(out.columns) == ["t", "v", "bucket", "score", "is_anomaly"]
    assert out["bucket"].iloc[4] == out["bucket"].iloc[3]  # 3500 s falls in the step of 2700 s


@pytest.mark.parametrize(
    ("times", "message"),
    [
        pytest.param(["1515061871", ""], "empty time at data row 2", id="blank-text"),
        pytest.param(
            ["1515061871", "1e400"], "out-of-range unix time '1e400' at data row 2", id="inf"
        ),
        pytest.param(
            ["2026-01-01 00:00", "nan"], "unparsable time 'nan' at data row 2", id="nan-text"
        ),
        # each cell by its own kind: the unix time stays readable beside a bad cell
        pytest.param(["1515061871", "soon"], "unparsable time 'soon' at data row 2", id="mixed"),
    ],
)
def test_bad_times_name_their_row(times: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        detect_series(pd.DataFrame({"t": times, "v": ["1", "2"]}), "t", "v")


@pytest.mark.parametrize(
    "cells",
    [
        pytest.param(["1763636400", "x"], id="csv-text"),
        pytest.param([1763636400, "x"], id="json-number"),  # was read as nanoseconds: 1970
    ],
)
def test_one_bad_cell_leaves_the_unix_times_readable(cells: list) -> None:
    from nlp.detect.series import read_times

    times, all_unix = read_times(pd.Series(cells, dtype=object))
    assert times[0] == pd.Timestamp("2025-11-20 11:00", tz="UTC") and pd.isna(times[1])
    assert not all_unix


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # a bad YYYYMMDD cell is none (it crashed the whole read with pandas' hint)
        pytest.param([20240101, 20240230], ["2024-01-01", None], id="bad-compact-date"),
        pytest.param([20240101, float("inf")], ["2024-01-01", None], id="compact-and-inf"),
        # one huge number no longer turns every second into milliseconds (1970)
        pytest.param([1e300, 1700000000], [None, "2023-11-14 22:13:20"], id="huge-beside-seconds"),
        pytest.param(
            [1700000000000, 1700000000], ["2023-11-14 22:13:20"] * 2, id="millis-beside-seconds"
        ),
        pytest.param(["3000-01-01", "2026-01-01"], [None, "2026-01-01"], id="past-2262"),
    ],
)
def test_each_time_cell_is_read_by_its_own_size(cells: list, expected: list) -> None:
    from nlp.detect.series import read_times

    times, _ = read_times(pd.Series(cells, dtype=object))
    want = [pd.Timestamp(e, tz="UTC") if e else pd.NaT for e in expected]
    assert [None if pd.isna(t) else t for t in times] == [None if pd.isna(w) else w for w in want]


@pytest.mark.parametrize(
    ("cells", "dayfirst", "expected"),
    [
        pytest.param(
            ["13/03/2024 10:00", "01/03/2024 10:00"], None, ["2024-03-13 10:00", "2024-03-01 10:00"],
            id="day-first-decided-by-13",
        ),
        pytest.param(
            ["03/13/2024", "01/03/2024"], None, ["2024-03-13", "2024-01-03"],
            id="month-first-decided-by-13",
        ),
        pytest.param(
            ["01.03.24", "2024-05-01T10:00Z", "7-3-2024"], True,
            ["2024-03-01", "2024-05-01 10:00", "2024-03-07"], id="dayfirst-option-dots-dashes",
        ),
        pytest.param(["01/01/2024"], None, ["2024-01-01"], id="same-either-way"),
    ],
)  # fmt: skip
def test_slashed_dates_read_one_way_per_column(cells, dayfirst, expected) -> None:
    from nlp.detect.series import read_times

    times, _ = read_times(pd.Series(cells, dtype=object), dayfirst)
    assert times.tolist() == [pd.Timestamp(e, tz="UTC") for e in expected]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        pytest.param(
            ["01/03/2024", "02/03/2024"],
            r"column 't' has dates like '01/03/2024' \(data row 1\) that read either day-first "
            r"or month-first.*pass --dayfirst or --monthfirst",
            id="ambiguous",
        ),
        pytest.param(
            ["13/03/2024", "x", "03/13/2024"],
            r"column 't' mixes day-first dates \('13/03/2024' at data row 1\) and month-first "
            r"dates \('03/13/2024' at data row 3\)",
            id="mixed",
        ),
    ],
)
def test_slashed_dates_that_do_not_decide_are_refused(cells, message) -> None:
    frame = pd.DataFrame({"t": cells, "v": [1] * len(cells)})
    with pytest.raises(ValueError, match=message):
        detect_series(frame, "t", "v")
