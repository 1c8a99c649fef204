"""Local servers for tests, started as subprocesses that print "READY <url>" when listening."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_server(cmd: list[str]) -> tuple[subprocess.Popen, str]:
    """Start ``cmd`` in the project root and wait for its READY line; (process, base URL).
    Its stderr goes to a file, not a pipe nobody reads, so a chatty server never blocks."""
    with tempfile.TemporaryFile(mode="w+") as err:  # the child keeps its own handle
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT)
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("READY "):
            proc.kill()
            proc.wait()
            err.seek(0)
            raise RuntimeError(f"server did not start: {line!r} {err.read()}")
    return proc, line.split()[1]


def replay_command(end: str, scale: float | str, faults: tuple[str, ...] = ()) -> list[str]:
    """The demo replay server for one simulated day (seed 7) ending ``end``."""
    cmd = [sys.executable, "-m", "outagewatch.demo.replay_server", "--seed", "7", "--days", "1"]
    cmd += ["--end", end, "--scale", str(scale), "--port", "0"]
    for fault in faults:
        cmd += ["--fault", fault]
    return cmd
