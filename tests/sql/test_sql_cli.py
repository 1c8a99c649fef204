"""`outagewatch sql` end to end: formats agree with each other, refusals exit with code 2."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from cli_run import run_cli

from warehouse.readonly import run_query

QUERY = (
    "SELECT incident_id, service_slug, peak_reports, lead_time_minutes "
    "FROM incident_summary ORDER BY incident_id"
)


def test_formats_give_the_same_figures(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = run_query(warehouse, QUERY)
    code, out, _ = run_cli(["sql", QUERY, "--db", str(warehouse), "--format", "csv"], capsys)
    assert code == 0
    csv_frame = pd.read_csv(io.StringIO(out))
    code, out, _ = run_cli(["sql", QUERY, "--db", str(warehouse), "--format", "json"], capsys)
    assert code == 0
    json_frame = pd.DataFrame(json.loads(out))
    target = tmp_path / "q.parquet"
    code, _, _ = run_cli(
        ["sql", QUERY, "--db", str(warehouse), "--format", "parquet", "--out", str(target)], capsys
    )
    assert code == 0
    pq_frame = pd.read_parquet(target)
    code, out, _ = run_cli(["sql", QUERY, "--db", str(warehouse)], capsys)
    assert code == 0 and f"({len(expected)} rows)" in out
    for frame in (csv_frame, json_frame, pq_frame):
        assert frame["incident_id"].tolist() == expected["incident_id"].tolist()
        assert frame["peak_reports"].tolist() == expected["peak_reports"].tolist()
        assert (
            frame["lead_time_minutes"].fillna(-999).tolist()
            == expected["lead_time_minutes"].fillna(-999).tolist()
        )
        assert not (set(frame["incident_id"]) - {*expected["incident_id"]})


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM incidents",
        "COPY incidents TO 'x.csv'",
        "ATTACH 'other.duckdb'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT 1; SELECT 2",
        "SELECT * FROM nowhere",
    ],
)
def test_refusals_and_errors_exit_2_with_one_line(
    warehouse: Path, sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["sql", sql, "--db", str(warehouse)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1


def test_allow_write_changes_a_copy(
    writable_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run_cli(
        [
            "sql",
            "DELETE FROM incidents WHERE status = 'open'",
            "--allow-write",
            "--db",
            str(writable_copy),
        ],
        capsys,
    )
    assert code == 0
    assert run_query(writable_copy, "SELECT count(*) AS n FROM active_incidents")["n"][0] == 0


def test_parquet_needs_out(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(
        ["sql", "SELECT 1", "--db", str(warehouse), "--format", "parquet"], capsys
    )
    assert code == 2 and "--out" in err
