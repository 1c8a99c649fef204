"""The warehouse works from a plain Python + duckdb with no outagewatch code at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from warehouse.readonly import list_views, run_query

SCRIPT = r"""
import json, sys

class NoProject:
    # An editable install makes the project importable everywhere; block it so the
    # warehouse is proven to need nothing but duckdb.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"outagewatch", "warehouse", "nlp", "crawlers", "dashboard"}:
            raise ImportError(f"blocked {name}")
        return None

sys.meta_path.insert(0, NoProject())
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
views = [r[0] for r in con.execute(
    "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
counts = {v: con.execute(f'SELECT count(*) FROM "{v}"').fetchone()[0] for v in views}
figures = con.execute(
    "SELECT incident_id, duration_minutes, peak_reports, total_reports, countries "
    "FROM incident_summary ORDER BY incident_id").fetchall()
try:
    import outagewatch  # noqa: F401
    imported = True
except ImportError:
    imported = False
print(json.dumps({"counts": counts, "figures": figures, "imported_project": imported}))
"""


def test_views_work_in_plain_duckdb(warehouse: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-I", "-c", SCRIPT, str(warehouse)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["imported_project"] is False
    views = list_views(warehouse)
    assert sorted(data["counts"]) == views
    for view in views:
        n = run_query(warehouse, f'SELECT count(*) AS n FROM "{view}"')["n"][0]
        assert data["counts"][view] == n, view
    ours = run_query(
        warehouse,
        "SELECT incident_id, duration_minutes, peak_reports, total_reports, countries "
        "FROM incident_summary ORDER BY incident_id",
    )
    assert [list(r) for r in data["figures"]] == ours.values.tolist()
    assert data["counts"]["incident_summary"] > 0 and data["counts"]["incident_days"] > 0
