"""The session's 3-day demo warehouse (tests/conftest.py `demo_warehouse`), built in the
background from the run's first test on, so no worker sits idle waiting for it.

Built once per run by whichever worker starts first, in a folder every worker of the run
shares: the builder (this file run as a script, in its own process group) runs `outagewatch
demo` and writes `demo-output.txt` (the demo's output) when it succeeded, `demo-failed.txt`
when it did not; a test that needs the warehouse waits for one of the two. Before this, the
first test needing it built it in the foreground and the other worker, needing it too, waited
on the lock doing nothing (42 s of a 2-worker run with one core idle).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_END = "2026-11-20T12:00:00"
DONE, FAILED, STARTED = "demo-output.txt", "demo-failed.txt", "demo-started"
TIMEOUT = 900.0  # seconds for the demo itself, as pytest's per-test limit


def start(folder: Path) -> subprocess.Popen | None:
    """Start the build into ``folder`` unless this run already did (another worker, an
    earlier test); the builder process when this call started it."""
    from filelock import FileLock

    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / "demo.lock")):
        if (folder / STARTED).exists():
            return None
        (folder / STARTED).write_text(str(os.getpid()))
        try:
            return subprocess.Popen(
                [sys.executable, __file__, str(folder), str(os.getpid())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # stopped as a group: the demo, its server, its crawls
                env={**os.environ, "OUTAGEWATCH_SALT": "test-salt"},
            )
        except OSError as e:  # the waiters hear it now, not at their time limit
            (folder / FAILED).write_text(f"the demo builder could not start: {e}")
            raise


def wait(folder: Path, builder: subprocess.Popen | None = None) -> Path:
    """The built warehouse, once the builder is done; RuntimeError with the demo's output
    when it failed. ``builder``: this process's own builder, if any, so a builder that died
    without a word (killed) is an error at once rather than at the time limit."""
    deadline = time.monotonic() + TIMEOUT + 60
    while not (folder / DONE).exists():
        if (folder / FAILED).exists():
            raise RuntimeError((folder / FAILED).read_text())
        if builder is not None and builder.poll() is not None:
            if (folder / DONE).exists() or (folder / FAILED).exists():
                continue  # it wrote its word as this loop looked
            raise RuntimeError(f"the demo builder exited ({builder.returncode}) saying nothing")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no demo warehouse in {folder} after {TIMEOUT + 60:.0f} s")
        time.sleep(0.5)
    return folder / "demo.duckdb"


def stop(builder: subprocess.Popen, interrupted: bool) -> None:
    """At the end of the worker that started it: let a build another worker may still be
    waiting for finish, unless the run was interrupted (Ctrl-C) or no other worker can need
    it (no xdist), which stops the whole group."""
    if builder.poll() is None and (interrupted or not os.environ.get("PYTEST_XDIST_WORKER")):
        os.killpg(builder.pid, signal.SIGTERM)  # the demo takes it as Ctrl-C
        deadline = time.monotonic() + 10
        while _group_alive(builder.pid) and time.monotonic() < deadline:
            builder.poll()  # reaps the builder itself, which goes at once
            time.sleep(0.2)
        if _group_alive(builder.pid):
            os.killpg(builder.pid, signal.SIGKILL)
    builder.wait()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def build(folder: Path, parent: int | None = None) -> int:
    """Run the demo into ``folder``; say how it went in DONE or FAILED (renamed into place
    whole, so a waiter never reads half a file). ``parent``: the test process that started
    it; when that one is gone (killed, timed out in CI), the build stops its whole group
    rather than run on for minutes as an orphan."""
    path = folder / "demo.duckdb"
    # this checkout's code, not whichever the environment installed (a second worktree
    # sharing the virtualenv built its demo with the first one's code)
    env = {**os.environ, "OUTAGEWATCH_SALT": "test-salt", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "outagewatch.cli", "demo", "--no-dashboard"]
    command += ["--days", "3", "--seed", "7", "--end", DEMO_END, "--db", str(path)]
    out, err = folder / "demo-stdout.txt", folder / "demo-stderr.txt"
    timed_out = False
    with out.open("w") as stdout, err.open("w") as stderr:
        demo = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, cwd=folder)
        deadline = time.monotonic() + TIMEOUT
        while demo.poll() is None:
            if parent is not None and os.getppid() != parent:  # orphaned: stop it all
                os.killpg(os.getpgid(0), signal.SIGKILL)
            if time.monotonic() > deadline:
                timed_out = True
                demo.kill()
                demo.wait()
            time.sleep(0.5)
    code, said = (
        demo.returncode,
        out.read_text(errors="replace") + "\n" + err.read_text(errors="replace"),
    )
    if timed_out:
        code, said = -1, f"timed out after {TIMEOUT:.0f} s\n{said}"
    name = DONE if code == 0 else FAILED
    if code != 0:
        said = f"demo failed ({code}):\n{said}"
    partial = folder / (name + ".part")
    partial.write_text(said)
    partial.rename(folder / name)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else None))
