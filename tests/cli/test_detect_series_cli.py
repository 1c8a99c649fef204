"""`outagewatch detect-series` on CSV files as users have them: unix seconds, empty counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

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
    assert "note: 1 row repeats an earlier row's time" in result.output
    offsets = tmp_path / "offsets.csv"  # the same instant in two time zones
    rows = [f"2026-01-01T{h:02d}:00:00Z,{h % 3}" for h in range(24)] + [
        "2026-01-01T01:00:00+01:00,5"
    ]
    offsets.write_text("ts,count\n" + "\n".join(rows) + "\n")
    result = invoke(
        str(offsets), "--time-column", "ts", "--value-column", "count", "--out", str(out) + ".2.csv"
    )
    assert result.exit_code == 0 and "note: 1 row repeats" in result.output, result.output
    lines = out.read_text().splitlines()
    assert lines[1].startswith("1515061871,0,") and lines[-1].startswith("1515061871,4,")
