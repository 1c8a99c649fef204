"""Waiting for another process's lock: said once through `on_lock_wait` (the CLI's line),
silent without it (the dashboard), and ended by the precise "locked" error."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from lock_holder import held

from warehouse import db


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
    """The error names the holder by PID and program, as DuckDB does (review 147 #13): it
    may be no outagewatch command but an analyst's Python shell."""
    said: list[float] = []
    with (
        held(path, 30) as holder,
        db.on_lock_wait(lambda p, s: said.append(s)),
        pytest.raises(db.WarehouseLocked) as caught,
        db.reader(path, timeout=0.6),
    ):
        pass
    assert re.fullmatch(
        re.escape(f"warehouse {path} is locked by another process: PID {holder.pid}, ")
        + r"/\S*python\S* "
        + re.escape(
            "(waited 1 s; outagewatch or any DuckDB client holding it open); try again when "
            "it has finished"
        ),
        str(caught.value),
    ), str(caught.value)
    assert len(said) == 1 and 0.3 < said[0] <= 0.6, said


def test_a_lock_error_naming_no_holder_keeps_the_plain_line() -> None:
    assert db.lock_holder(duckdb.IOException('Could not set lock on file "w.duckdb"')) == ""


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
    assert db._lock_wait_hooks == []


def test_a_hook_set_inside_another_is_not_undone_by_the_outer_one() -> None:
    """Interleaved enter/exit (two commands' contexts in threads): the hook left in force is
    never one whose context has ended."""
    said: list[str] = []
    outer = db.on_lock_wait(lambda p, s: said.append("outer"))
    inner = db.on_lock_wait(lambda p, s: said.append("inner"))
    outer.__enter__()
    inner.__enter__()
    outer.__exit__(None, None, None)  # ends first: must not put back the hook before it
    db._lock_wait_hooks[-1][1](Path("w"), 1.0)
    inner.__exit__(None, None, None)
    assert said == ["inner"] and db._lock_wait_hooks == []


def test_the_cli_line_comes_again_after_a_minute(monkeypatch, capsys) -> None:
    """`run` lives for days: a wait hours after the first is said too, but not every open."""
    from outagewatch.commands import common

    clock = [1000.0]
    monkeypatch.setattr(common.time, "monotonic", lambda: clock[0])
    say = common._say_waiting_once()
    say(Path("w.duckdb"), 30)
    say(Path("w.duckdb"), 29)
    clock[0] += common.LOCK_WAIT_REPEAT_S
    say(Path("w.duckdb"), 30)
    assert capsys.readouterr().err.count("is locked by another process") == 2


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "-5", "1e9", "soon"])
def test_lock_wait_knob_out_of_range_is_refused(monkeypatch, raw: str) -> None:
    """Review 147 #12: nan was no wait at all, inf a wait for ever."""
    monkeypatch.setenv("OUTAGEWATCH_LOCK_WAIT", raw)
    with pytest.raises(db.WarehouseError) as caught:
        db.writer_wait()
    assert str(caught.value) == (
        f"OUTAGEWATCH_LOCK_WAIT={raw!r} is no number of seconds from 0 to 86400 (a day), e.g. 60"
    )


@pytest.mark.parametrize(("raw", "seconds"), [("0", 0.0), ("2.5", 2.5), ("86400", 86400.0)])
def test_lock_wait_knob_in_range(monkeypatch, raw: str, seconds: float) -> None:
    monkeypatch.setenv("OUTAGEWATCH_LOCK_WAIT", raw)
    assert db.writer_wait() == seconds
