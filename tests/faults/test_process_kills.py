"""Killing `outagewatch process` mid-cycle loses nothing: the next cycle completes and
its signals, report volume and incidents equal those of an uninterrupted run.

The uninterrupted run is the session's demo warehouse (tests/conftest.py: `outagewatch
demo` processes its 3 simulated days in one cycle). A copy has every derived table
emptied, then `outagewatch process` is SIGKILLed mid-cycle and run again to the end.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from warehouse import db

from .conftest import ROOT, cli_env, query, record_figure

DERIVED = (
    "post_signals",
    "post_services",
    "post_embeddings",
    "report_volume",
    "incident_posts",
    "incident_regions",
    "incident_symptoms",
    "incidents",
)
COMPARED = {
    "post_signals": "SELECT post_key, lang, complaint, problem, symptoms, country, region, city "
    "FROM post_signals ORDER BY post_key",
    "post_services": "SELECT * FROM post_services ORDER BY ALL",
    "report_volume": "SELECT service_slug, country, bucket, reports, is_anomaly FROM report_volume "
    "ORDER BY ALL",
    "incidents": "SELECT service_slug, status, severity, started_at, detected_at, peak_at, "
    "resolved_at, peak_reports, total_reports, top_symptom, official_id FROM incidents ORDER BY ALL",
    "incident_posts": "SELECT i.service_slug, i.started_at, p.post_key FROM incident_posts p "
    "JOIN incidents i USING (incident_id) ORDER BY ALL",
}


def _frames(path: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: con.execute(sql).df() for name, sql in COMPARED.items()}
    finally:
        con.close()


def _signals(path: Path) -> int | None:
    """post_signals rows, or None while the writer holds the file."""
    try:
        return query(path, "SELECT count(*) FROM post_signals")[0][0]
    except duckdb.Error:
        return None


def _process(path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "outagewatch.cli", "process", "--db", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=cli_env(),
    )


def _kill_after(path: Path, rng: random.Random | None) -> tuple[int, bool]:
    """Start `process`, SIGKILL it mid-cycle; return the signals stored at that moment and
    whether the kill interrupted it (False: the cycle had already finished)."""
    proc = _process(path)
    start = time.monotonic()
    if rng is None:  # kill right after the first batch of signals is committed
        while time.monotonic() - start < 240 and proc.poll() is None:
            if (_signals(path) or 0) > 0:
                break
            time.sleep(0.2)
    else:
        time.sleep(rng.uniform(3.0, 20.0))
    finished = proc.poll() is not None
    proc.kill()
    proc.wait()
    assert not finished or proc.returncode == 0
    return _signals(path) or 0, not finished


def _reset(demo_warehouse: Path, tmp_path: Path) -> Path:
    path = tmp_path / "killed.duckdb"
    shutil.copy(demo_warehouse, path)
    with db.writer(path) as con:
        for table in DERIVED:
            con.execute(f"DELETE FROM {table}")
    return path


def _finish_and_compare(path: Path, demo_warehouse: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "process", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=cli_env(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    want, got = _frames(demo_warehouse), _frames(path)
    assert len(want["incidents"]) > 0  # the comparison is not vacuous
    for name in COMPARED:
        pd.testing.assert_frame_equal(want[name], got[name], obj=name)
    check = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "status", "--check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=cli_env(),
    )
    assert check.returncode == 0 and "integrity check passed" in check.stdout, check.stdout
    return {name: len(frame) for name, frame in got.items()}


@pytest.mark.slow
def test_process_killed_mid_cycle_then_completes_identically(demo_warehouse, tmp_path):
    path = _reset(demo_warehouse, tmp_path)
    total = query(path, "SELECT count(*) FROM posts WHERE deleted_at IS NULL")[0][0]
    stored, interrupted = _kill_after(path, None)
    assert (
        interrupted and 0 < stored < total
    )  # killed inside the enrichment, after a committed batch
    rows = _finish_and_compare(path, demo_warehouse)
    record_figure("process_kills_short", {"kills": 1, "signals_at_kill": [stored], "rows": rows})


@pytest.mark.soak
def test_process_killed_repeatedly_soak(demo_warehouse, tmp_path):
    path = _reset(demo_warehouse, tmp_path)
    rng = random.Random(8)
    history = [_kill_after(path, rng) for _ in range(8)]
    rows = _finish_and_compare(path, demo_warehouse)
    record_figure(
        "process_kills_soak",
        {
            "kills": len(history),
            "interrupted": sum(1 for _, hit in history if hit),
            "signals_at_kill": [n for n, _ in history],
            "rows": rows,
        },
    )
    assert sum(1 for _, hit in history if hit) >= 4
