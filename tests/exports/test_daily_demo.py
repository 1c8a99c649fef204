"""On the demo warehouse, the three user paths agree: the dashboard's download
(build_daily + render), the CLI, and plain DuckDB with no outagewatch code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from outagewatch.cli import main
from outagewatch.exports.daily import build_daily, render

PLAIN = r"""
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {}
for (day,) in con.execute("SELECT DISTINCT day::VARCHAR FROM incident_days ORDER BY 1").fetchall():
    rows = con.execute(
        "SELECT s.incident_id, s.peak_reports, s.total_reports, s.duration_minutes, "
        "d.minutes_active FROM incident_days d JOIN incident_summary s USING (incident_id) "
        "WHERE d.day = ?::DATE ORDER BY s.started_at, s.incident_id", [day]).fetchall()
    out[day] = [list(r) for r in rows]
print(json.dumps(out))
"""


@pytest.mark.slow
def test_three_user_paths_agree_on_the_demo(
    demo_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    plain = subprocess.run(
        [sys.executable, "-I", "-c", PLAIN, str(demo_warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert plain.returncode == 0, plain.stderr
    by_day = json.loads(plain.stdout)
    assert by_day, "the demo produced no incidents"
    for day, rows in by_day.items():
        with duckdb.connect(str(demo_warehouse), read_only=True) as con:
            dashboard = render(build_daily(con, date.fromisoformat(day)), "json")
        main(["export", "daily", "--date", day, "--format", "json", "--db", str(demo_warehouse)])
        cli = capsys.readouterr().out
        assert cli == dashboard
        doc = json.loads(cli)
        got = [
            [
                i["incident_id"],
                i["peak_reports"],
                i["total_reports"],
                i["duration_minutes"],
                i["minutes_active_on_day"],
            ]
            for i in doc["incidents"]
        ]
        assert got == rows, day
