"""`outagewatch detect-series` on CSV files as users have them: unix seconds, empty counts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from cli_run import run_cli
from click.testing import CliRunner

from nlp.detect.burst import BurstSettings
from outagewatch.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, ["detect-series", *args])


def test_unix_seconds_and_empty_counts_in_a_csv(tmp_path: Path) -> None:
    src = tmp_path / "counts.csv"
    rows = [f"{1515061871 + 900 * i}.0,{'' if i in (3, 4) else i % 5}" for i in range(200)]
    src.write_text("ts,count\n" + "\n".join(rows) + "\n")
    out = tmp_path / "scored.csv"
    result = invoke(str(src), "--time-column", "ts", "--value-column", "count", "--out", str(out))
    assert result.exit_code == 0, result.output
    scored = pd.read_csv(out)
    assert len(scored) == 200 and {"score", "is_anomaly"} <= set(scored.columns)
    assert scored["count"].isna().sum() == 2  # empty stays empty, the row is kept


def test_the_shared_downdetector_counts(shared_data: Path, tmp_path: Path) -> None:
    src = shared_data / "cloud_outages" / "down_detector_outage_count.csv"
    out = tmp_path / "scored.csv"
    result = invoke(
        str(src), "--time-column", "timestamp", "--value-column", "count", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    scored = pd.read_csv(out)
    assert len(scored) == len(pd.read_csv(src)) and scored["is_anomaly"].sum() > 0


def test_repeated_times_are_said_and_whole_counts_stay_whole(tmp_path: Path) -> None:
    src = tmp_path / "counts.csv"
    rows = [f"{1515061871 + 900 * i},{i % 5}" for i in range(50)] + ["1515061871,4"]
    src.write_text("ts,count\n" + "\n".join(rows) + "\n")
    out = tmp_path / "scored.csv"
    result = invoke(str(src), "--time-column", "ts", "--value-column", "count", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (
        "2 rows share a step with another and were combined (summed, a repeated time's last "
        "row kept) into 1 step" in result.output
    )
    assert "1 repeats an earlier row's exact time" in result.output
    offsets = tmp_path / "offsets.csv"  # the same instant in two time zones
    rows = [f"2026-01-01T{h:02d}:00:00Z,{h % 3}" for h in range(24)] + [
        "2026-01-01T01:00:00+01:00,5"
    ]
    offsets.write_text("ts,count\n" + "\n".join(rows) + "\n")
    result = invoke(
        str(offsets), "--time-column", "ts", "--value-column", "count", "--out", str(out) + ".2.csv"
    )
    assert result.exit_code == 0 and "1 repeats an earlier" in result.output, result.output
    lines = out.read_text().splitlines()
    assert lines[1].startswith("1515061871,0,") and lines[-1].startswith("1515061871,4,")
    assert lines[1].split(",")[2:] == lines[-1].split(",")[2:]  # one step, one score


def mixed_steps(path: Path) -> pd.DataFrame:
    """16 days of 15-minute rows, then 2 days of 5-minute rows (a source that changed its
    resolution) with a 2-hour spike of 60 on the rows at :10, :25, :40 and :55 only."""
    rng = np.random.default_rng(1)
    a = pd.date_range("2024-05-01", periods=4 * 96 * 4, freq="15min")
    b = pd.date_range(a[-1] + pd.Timedelta("5min"), periods=2 * 288, freq="5min")
    t = pd.DatetimeIndex(list(a) + list(b))
    v = np.concatenate([rng.poisson(6, len(a)), rng.poisson(2, len(b))])
    spike = (t >= "2024-05-18 12:00") & (t < "2024-05-18 14:00") & (t.minute % 15 == 10)
    v[spike] = 60
    frame = pd.DataFrame({"ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "v": v})
    frame.to_csv(path, index=False)
    return frame


@pytest.mark.parametrize(
    ("step", "said", "bucket"),
    [
        pytest.param(
            (),
            "step: 15 minutes (the most common gap between times; --step to change); 576 rows "
            "share a step with another and were combined (summed) into 192 steps",
            "2024-05-18 12:00:00",
            id="inferred-15m-rows-summed",
        ),
        pytest.param(
            ("--step", "5m"),
            "step: 5 minutes (--step); every row has a step of its own",
            "2024-05-18 12:10:00",
            id="step-5m",
        ),
    ],
)
def test_rows_off_the_step_are_summed_not_dropped(
    tmp_path: Path, step: tuple[str, ...], said: str, bucket: str
) -> None:
    """The spike sat on rows off the inferred 15-minute grid: they were dropped, no window
    was found, and the 60 at 12:10 was given another row's score (0.28)."""
    src = tmp_path / "mixstep.csv"
    rows = mixed_steps(src)
    out = tmp_path / "scored.csv"
    result = invoke(
        str(src), "--time-column", "ts", "--value-column", "v", *step, "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert said in result.output
    assert "no anomalous window" not in result.output and "2024-05-18" in result.output
    scored = pd.read_csv(out)
    assert len(scored) == len(rows)
    hit = scored[scored["ts"] == "2024-05-18T12:10:00Z"].iloc[0]
    assert hit["bucket"] == bucket and hit["score"] > 6
    # every row carries the score of the step it was counted in
    assert scored.groupby("bucket")["score"].nunique().max() == 1


def test_a_stray_row_is_added_to_its_step(tmp_path: Path) -> None:
    """A 10:07 row in a 5-minute series used to replace the 10:05 value."""
    times = pd.date_range("2024-05-01", periods=600, freq="5min")
    lines = [f"{t:%Y-%m-%dT%H:%M:%SZ},3" for t in times] + ["2024-05-02T10:07:00Z,4"]
    src = tmp_path / "stray.csv"
    src.write_text("ts,n\n" + "\n".join(lines) + "\n")
    out = tmp_path / "scored.json"
    result = invoke(str(src), "--time-column", "ts", "--value-column", "n", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2 rows share a step with another and were combined (summed) into 1 step" in (
        result.output
    )
    scored = pd.read_json(out)
    stray = scored[scored["ts"] == "2024-05-02T10:07:00Z"].iloc[0]
    assert str(stray["bucket"]).startswith("2024-05-02T10:05:00")


def test_fractions_sharing_a_step_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "rates.csv"
    src.write_text(
        "ts,rate\n2024-01-01T00:00Z,1.5\n2024-01-01T00:05Z,2\n2024-01-01T00:07Z,2.5\n"
        "2024-01-01T00:10Z,2\n2024-01-01T00:15Z,2\n"
    )
    args = ["detect-series", str(src), "--time-column", "ts", "--value-column", "rate"]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert (
        "column 'rate' holds values that are no counts (e.g. 2.5 at data row 3), which shares "
        "a 5-minute step with a row of another time (2 such rows)" in err
    )
    code, _, err = run_cli([*args, "--combine", "max"], capsys)
    assert code == 0 and "(the largest kept) into 1 step" in err
    code, _, err = run_cli([*args, "--step", "5 weeks"], capsys)
    assert code == 2 and "not a positive duration like 5m" in err


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_windows_are_written_to_a_file(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "mixstep.csv"
    mixed_steps(src)
    out, windows = tmp_path / "scored.csv", tmp_path / f"windows{suffix}"
    result = invoke(
        str(src), "--time-column", "ts", "--value-column", "v", "--out", str(out),
        "--windows-out", str(windows),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    read = {".csv": pd.read_csv, ".json": pd.read_json, ".parquet": pd.read_parquet}[suffix]
    table = read(windows)
    assert list(table.columns) == [
        "window_id", "start", "detected", "peak", "end", "ongoing", "total", "expected",
        "peak_value", "max_score", "detector_version",
    ]  # fmt: skip
    (window,) = table.to_dict("records")
    assert str(window["start"]).startswith("2024-05-18") and window["peak_value"] >= 60
    assert window["detector_version"] == BurstSettings().version
    scored = pd.read_csv(out)
    inside = scored[scored["window_id"] == 1]
    assert list(scored.columns) == [
        "ts", "v", "bucket", "window_id", "score", "is_anomaly", "detector_version",
    ]  # fmt: skip
    assert inside["v"].sum() == window["total"]  # the window's rows hold its reports


def test_versions_go_into_the_outputs_and_the_version_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from outagewatch import __version__
    from outagewatch.version import version_text

    code, out, _ = run_cli(["--version"], capsys)
    assert code == 0 and out == f"outagewatch, version {version_text()}\n"
    assert version_text().startswith(f"{__version__}+rules.")  # changes with rules, models
    src = tmp_path / "counts.csv"
    src.write_text("ts,n\n" + "".join(f"{1515061871 + 900 * i},{i % 4}\n" for i in range(40)))
    scored = tmp_path / "scored.parquet"
    args = ["detect-series", str(src), "--time-column", "ts", "--value-column", "n"]
    code, _, err = run_cli([*args, "--out", str(scored)], capsys)
    assert code == 0, err
    meta = pq.read_schema(scored).metadata
    assert meta[b"outagewatch.version"] == version_text().encode()
    assert meta[b"outagewatch.detector_version"] == BurstSettings().version.encode()
    assert meta[b"outagewatch.command"].startswith(b"outagewatch detect-series {")
    assert (
        pq.read_table(scored).column("detector_version").to_pylist()
        == [BurstSettings().version] * 40
    )


def test_overlapping_exports_and_a_re_sent_rate_row_score_as_their_last_rows(
    tmp_path: Path,
) -> None:
    """Two exports appended with 20 rows in both, and a rate file with one row sent twice:
    a repeated exact time keeps its last row, as this command always read it (review 135:
    summed, the overlap became an outage of twice the normal, and the rate file was refused).
    Rows at different times of one step are still summed (the mixed-steps test)."""
    rng = np.random.default_rng(3)
    times = pd.date_range("2026-03-01", periods=400, freq="15min")
    counts = rng.normal(20, 4, len(times)).round().clip(0)
    first = pd.DataFrame({"time": times[:220], "reports": counts[:220]})
    second = pd.DataFrame({"time": times[200:], "reports": counts[200:]})
    overlap = tmp_path / "overlap.csv"
    pd.concat([first, second]).to_csv(overlap, index=False)
    windows = tmp_path / "windows.csv"
    args = ["--time-column", "time", "--value-column", "reports", "--out", str(tmp_path / "o")]
    result = invoke(str(overlap), *args, "--windows-out", str(windows))
    assert result.exit_code == 0, result.output
    assert "20 repeat an earlier row's exact time and replaced it" in result.output
    assert pd.read_csv(windows).empty  # no invented outage where the exports overlap
    rates = pd.DataFrame(
        {"time": pd.date_range("2026-03-01", periods=300, freq="5min"), "rate": 0.01}
    )
    rate_file = tmp_path / "rate.csv"
    pd.concat([rates, rates.iloc[[150]]]).to_csv(rate_file, index=False)
    result = invoke(str(rate_file), "--time-column", "time", "--value-column", "rate")
    assert result.exit_code == 0, result.output
