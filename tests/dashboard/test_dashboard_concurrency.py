"""The dashboard keeps answering while another process writes the warehouse, the way
`outagewatch run` does: short write transactions, and readers that wait them out."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import streamlit as st
from dash_helpers import assert_clean, run_page

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, time
from warehouse.db import writer
path, seconds = sys.argv[1], float(sys.argv[2])
end, i = time.monotonic() + seconds, 0
while time.monotonic() < end:
    with writer(path) as con:
        con.execute("BEGIN")
        con.execute("INSERT INTO crawl_runs VALUES (?, 'mastodon', now()::TIMESTAMP, "
                    "now()::TIMESTAMP, 1, 1, 0, 0, 0)", [f"w{i}"])
        time.sleep(0.15)  # hold the file like a processing cycle's transaction
        con.execute("COMMIT")
    i += 1
    time.sleep(0.05)
print(i)
"""


def test_pages_render_while_another_process_writes(
    dash_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "busy.duckdb"
    shutil.copy(dash_env, db)
    monkeypatch.setenv("OUTAGEWATCH_DB", str(db))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "8"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        time.sleep(0.5)  # let the writer take the lock first
        rendered = 0
        while proc.poll() is None and rendered < 3:
            st.cache_data.clear()  # really read the file every time
            at = run_page("now")
            assert_clean(at)
            assert not at.warning, [w.value for w in at.warning]
            assert len([m for m in at.metric if m.label == "Problem reports, last hour"]) == 2
            rendered += 1
        out, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert rendered >= 2
    assert int(out.strip()) >= 5  # the writer was not starved by the readers
