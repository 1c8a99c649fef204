"""The notebook runs top to bottom against a demo warehouse and holds no logic of its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "demo_volume.ipynb"
pytestmark = pytest.mark.slow


def test_notebook_cells_run(demo_warehouse, tmp_path, monkeypatch):
    copy = tmp_path / "nb.duckdb"
    shutil.copy(demo_warehouse, copy)
    monkeypatch.setenv("OUTAGEWATCH_DB", str(copy))
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    code = [("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
    assert not any(
        line.lstrip().startswith(("def ", "class ")) for src in code for line in src.splitlines()
    )
    namespace: dict = {}
    for source in code:
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)  # noqa: S102 - our own notebook
    assert len(namespace["incidents"]) >= 1
    assert len(namespace["volume"]) > 0
    # the chart holds the incident's days only, so a month-long warehouse stays under
    # Altair's 5,000 rows (to_dict raises MaxRowsError above it)
    assert len(namespace["volume"]) < 5000
    spec = namespace["chart"].to_dict()
    assert len(spec["layer"]) == 4  # incident span, normal band, reports, detection rules
