"""The warehouse's times are naive UTC, so now() and current_date must be UTC on every
connection, whatever the machine's time zone: an analyst's `bucket >= now() - INTERVAL 1 HOUR`
gave other rows in Tokyo and in New York."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse import db

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from warehouse import db
from warehouse.readonly import run_query
path = sys.argv[1]
with db.reader(path) as con:
    print(con.execute("SELECT current_setting('TimeZone'), strftime(now()::TIMESTAMP, '%Y-%m-%d %H')").fetchone())
print(tuple(run_query(path, "SELECT current_setting('TimeZone') AS tz, strftime(now()::TIMESTAMP, '%Y-%m-%d %H') AS hour").iloc[0]))
"""


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York"])
def test_now_is_utc_on_every_connection(tmp_path: Path, zone: str) -> None:
    path = tmp_path / "w.duckdb"
    db.ensure(path)
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT)}
    utc = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], env={**env, "TZ": "UTC"},
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    local = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], env=env,
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    assert local.count("'UTC'") == 2, local
    assert local == utc  # the same hour (a test run across an hour's turn would differ: rare)
