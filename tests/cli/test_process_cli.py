"""`process` on a warehouse that is not there: a mistyped --db must not make a new one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_process_refuses_a_missing_warehouse(tmp_path: Path) -> None:
    target = tmp_path / "typo" / "fresh.duckdb"
    out = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "process", "--db", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == (
        f"error: no warehouse at {target}: run `outagewatch crawl` (or `outagewatch demo`) "
        "first, or check --db"
    )
    assert not target.parent.exists()
