"""`demo` explains a recall dragged down by the detector's first day, and leaves no stale
config (demo.toml, naming a replay port closed once the demo ends) beside the warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from servers import ROOT


def test_a_one_day_demo_explains_its_recall(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    args = ["demo", "--no-dashboard", "--days", "1", "--end", "2026-11-20T12:00", "--db", str(db)]
    result = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    # T6's Disney+ half was missed from sym-28 to burst-nb-5: the streaming category's
    # hour-of-day shape, read from this day's rows, had Netflix's and Disney+'s own outages
    # in it (10:00 at 7.96 times the mean), so the expected count rose exactly where they
    # had to show. A young series' hours were then clipped before its shape was read (4.90);
    # since burst-nb-6 a pooled shape is flat until every clock hour has 3 days of reports.
    # Orange's and Nubank's one-country outages (T3, T4) were missed too until the demo's
    # Reddit threads (twenty-second session) added their replies' reports
    assert "recall 90%" in said
    assert (
        "note: 1 of the 1 missed outage-service pairs (T2 spotify) started in the first "
        "24 h of the 1-day simulated world, before the detector had a day of posts to learn "
        "each service's normal volume from"
    ) in said
    assert not list(tmp_path.glob("*.toml"))  # its config lived only while it was read


def test_a_demo_that_misses_nothing_early_has_no_note(demo_warehouse: Path) -> None:
    """The session's 3-day demo: every outage found, so no note; and no demo.toml left."""
    output = (demo_warehouse.parent / "demo-output.txt").read_text()
    assert "recall 100%" in output and "note:" not in output
    assert not (demo_warehouse.parent / "demo.toml").exists()
