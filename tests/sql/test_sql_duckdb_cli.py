"""The plain `duckdb` command-line shell opens the warehouse and runs every view.

Skipped when no `duckdb` executable is installed (`pip install duckdb-cli` provides one).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.readonly import list_views, run_query


def _cli() -> str | None:
    local = Path(sys.executable).parent / "duckdb"
    return str(local) if local.is_file() else shutil.which("duckdb")


@pytest.mark.skipif(_cli() is None, reason="no duckdb CLI installed (pip install duckdb-cli)")
def test_duckdb_cli_runs_every_view(warehouse: Path, tmp_path: Path) -> None:
    views = list_views(warehouse)
    sql = " UNION ALL ".join(f"SELECT '{v}' AS view, count(*) AS n FROM \"{v}\"" for v in views)
    result = subprocess.run(
        [_cli(), "-readonly", "-json", str(warehouse), "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr or result.stdout
    counts = {row["view"]: row["n"] for row in json.loads(result.stdout)}
    expected = run_query(warehouse, sql)
    assert counts == dict(zip(expected["view"], expected["n"], strict=True))
