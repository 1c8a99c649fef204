"""Waiting for another process's lock: said once through `on_lock_wait` (the CLI's line),
silent without it (the dashboard), and ended by the precise "locked" error."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from warehouse import db

HOLD = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
    "time.sleep(float(sys.argv[2])); c.close()"
)


@contextmanager
def held(path: Path, seconds: float) -> Iterator[subprocess.Popen]:
    """Another process holding `path` for writing for `seconds` (killed on the way out)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait(20)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    db.ensure(path)
    return path


def test_a_wait_that_ends_is_said_once_and_the_open_succeeds(path: Path) -> None:
    said: list[tuple[Path, float]] = []
    with (
        held(path, 1.5),
        db.on_lock_wait(lambda p, s: said.append((p, s))),
        db.writer(path, timeout=20) as con,
    ):
        assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    assert len(said) == 1, said
    assert said[0][0] == path and 19 < said[0][1] <= 20


def test_a_wait_that_runs_out_is_said_once_then_the_locked_error(path: Path) -> None:
    said: list[float] = []
    with (
        held(path, 30),
        db.on_lock_wait(lambda p, s: said.append(s)),
        pytest.raises(db.WarehouseLocked) as caught,
        db.reader(path, timeout=0.6),
    ):
        pass
    assert str(caught.value) == (
        f"warehouse {path} is locked by another outagewatch process (waited 1 s); "
        "try again when it has finished"
    )
    assert len(said) == 1 and 0.3 < said[0] <= 0.6, said


def test_an_explicit_on_wait_is_called_and_no_time_to_wait_is_not_said(path: Path) -> None:
    said: list[float] = []

    def connect() -> None:
        duckdb.connect(str(path), read_only=True).close()

    with held(path, 30):
        with pytest.raises(db.WarehouseLocked):
            db.retry_while_locked(connect, path, timeout=0, on_wait=said.append)
        assert said == []
        with pytest.raises(db.WarehouseLocked):
            db.retry_while_locked(connect, path, timeout=0.3, on_wait=said.append)
        assert len(said) == 1


def test_without_a_hook_waits_are_silent(path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """The dashboard reads with no hook: a wait must not print into Streamlit's log."""
    with held(path, 1.0), db.reader(path, timeout=20) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)
    assert capfd.readouterr() == ("", "")


def test_the_hook_ends_with_its_block_and_a_free_file_says_nothing(path: Path) -> None:
    said: list[float] = []
    with db.on_lock_wait(lambda p, s: said.append(s)), db.reader(path):
        pass
    assert said == []
    assert db._lock_wait_hook is None
