"""A warehouse file cut short (a full disk, an interrupted copy) says it is truncated or
damaged and what to do, for the commands that read and those that write (review 147 #11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli

from warehouse import db


@pytest.fixture(scope="module")
def truncated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("truncated")
    whole = folder / "whole.duckdb"
    db.ensure(whole)
    cut = folder / "cut.duckdb"
    cut.write_bytes(whole.read_bytes()[:100_000])
    return cut


@pytest.mark.parametrize("args", [["status"], ["sql", "select 1"], ["process"]], ids=str)
def test_a_truncated_warehouse_says_so(truncated: Path, capsys, args: list[str]) -> None:
    code, _, err = run_cli([*args, "--db", str(truncated)], capsys)
    assert code == 2
    assert err.startswith(
        f"error: warehouse {truncated} is truncated or damaged (it ends at 100,000 bytes, but "
        "its header says more follows): restore it from a backup"
    ), err
    assert len(err.splitlines()) == 1


def test_a_file_that_is_no_duckdb_keeps_duckdbs_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("hello, this is text\n" * 500)
    code, _, err = run_cli(["status", "--db", str(path)], capsys)
    assert code == 2
    assert err.startswith(f"error: cannot open warehouse {path}: ")
    assert "truncated" not in err
