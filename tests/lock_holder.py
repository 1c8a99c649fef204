"""Another process holding a warehouse: for writing, as `run` does between its waits, or for
a long read, as an analyst's session does (one helper for every test folder; tests/ is on the
path through tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLD = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[3] == 'ro'); "
    "print('held', flush=True); time.sleep(float(sys.argv[2])); c.close()"
)


@contextmanager
def held(path: Path, seconds: float, read_only: bool = False) -> Iterator[subprocess.Popen]:
    """Another process holding `path` for `seconds` (killed on the way out), for writing or,
    `read_only`, for a long read (a writer must wait for it all the same)."""
    mode = "ro" if read_only else "rw"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds), mode],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(20)
