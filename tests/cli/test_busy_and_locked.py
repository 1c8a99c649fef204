"""What a busy port or a locked warehouse looks like: `dashboard`, `demo` and `serve` fail at
once with the same line (exit 2), and `sql` and `process` say once that they are waiting."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import run_cli
from lock_holder import held

from warehouse import db as warehouse_db


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something is listening on, on 127.0.0.1."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield listener.getsockname()[1]


def test_dashboard_on_a_busy_port_fails_like_serve(busy_port: int, warehouse: Path) -> None:
    # a subprocess: without the check the command would become Streamlit (exec)
    out = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "dashboard", "--port", str(busy_port)]
        + ["--db", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stdout == ""  # no URL for a server that never starts
    assert out.stderr.strip() == (
        f"error: cannot listen on 127.0.0.1:{busy_port}: Address already in use"
    )


def test_demo_checks_the_dashboard_port_before_its_minute_of_work(
    busy_port: int, tmp_path: Path
) -> None:
    db = tmp_path / "demo.duckdb"
    out = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "demo", "--port", str(busy_port)]
        + ["--days", "1", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == (
        f"error: cannot listen on 127.0.0.1:{busy_port}: Address already in use"
    )
    assert not db.exists()


def test_serve_on_a_busy_port_says_the_same_line(busy_port: int, warehouse: Path) -> None:
    # a subprocess: were the port free after all, serve would run until killed
    out = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "serve", "--port", str(busy_port)]
        + ["--db", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stderr.strip() == (
        f"error: cannot listen on 127.0.0.1:{busy_port}: Address already in use"
    )


@pytest.mark.parametrize("allow_write, wait", [(False, 30), (True, 60)])
def test_sql_says_it_waits_for_a_lock(
    warehouse: Path, tmp_path: Path, capsys, allow_write: bool, wait: int
) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(warehouse.read_bytes())
    with held(db, 1.5):
        args = ["sql", "SELECT 42 AS answer", "--format", "csv", "--db", str(db)]
        code, out, err = run_cli(args + (["--allow-write"] if allow_write else []), capsys)
    assert code == 0, err
    assert out.splitlines() == ["answer", "42"]
    line = f"warehouse {db} is locked by another process; waiting up to {wait} s…"
    assert err.splitlines()[0] == line
    assert err.count("locked") == 1


def test_process_says_once_that_it_waits_then_runs(tmp_path: Path, capsys) -> None:
    """`process` opens the warehouse many times; the line comes at the first wait only."""
    db = tmp_path / "w.duckdb"
    warehouse_db.ensure(db)
    with held(db, 4):
        code, out, err = run_cli(["process", "--db", str(db)], capsys)
    assert code == 0, err
    assert out.startswith("enriched 0 posts;")
    assert err.count("locked") == 1
    assert f"warehouse {db} is locked by another process; waiting up to 60 s…" in err


def test_sql_on_a_free_warehouse_says_nothing_about_locks(warehouse: Path, capsys) -> None:
    code, _, err = run_cli(["sql", "SELECT 1 AS a", "--db", str(warehouse)], capsys)
    assert code == 0 and "locked" not in err


def test_a_second_run_says_at_once_that_one_is_running(tmp_path: Path, capsys) -> None:
    """While the first `run` writes (its run lock taken, the warehouse's write lock held), a
    second `run` gave "waiting up to 60 s" first, from its demo-warehouse check, and only
    then "another `outagewatch run`…": two lines (seen as a flaky test_readers_writers)."""
    import fcntl

    db = tmp_path / "w.duckdb"
    warehouse_db.ensure(db)
    with open(db.with_name(db.name + ".run.lock"), "a+") as lock, held(db, 3):
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first run's
        code, _, err = run_cli(["run", "--cycles", "1", "--db", str(db)], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"error: another `outagewatch run` is already using this warehouse (lock "
        f"{db.resolve()}.run.lock); stop it first or use a different --db"
    ]


def test_a_lock_held_by_no_outagewatch_command_names_its_pid(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Review 147 #13: a Python shell holding the file was called "another outagewatch
    process"; DuckDB names the holder, and so does the error."""
    db = tmp_path / "w.duckdb"
    warehouse_db.ensure(db)
    monkeypatch.setenv("OUTAGEWATCH_LOCK_WAIT", "0.5")
    with held(db, 30) as holder:
        code, _, err = run_cli(["process", "--db", str(db)], capsys)
    assert code == 2
    last = err.splitlines()[-1]
    assert last.startswith(
        f"error: warehouse {db} is locked by another process: PID {holder.pid}, /"
    ), err
    assert "outagewatch or any DuckDB client holding it open" in last
