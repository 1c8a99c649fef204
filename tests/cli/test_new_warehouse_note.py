"""`crawl` and `run` say when they start a new warehouse: a mistyped --db had filled a second
file in silence while `process`, `status` and the dashboard read the first. X without its
token is skipped at once, so the crawl fetches nothing and touches no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli

from outagewatch.commands.common import say_if_new_warehouse
from warehouse.db import ensure

NOTE = "note: no warehouse at {} yet: this starts a new one there (check --db / OUTAGEWATCH_DB"


@pytest.fixture(autouse=True)
def no_x_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_BEARER_TOKEN", raising=False)
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)


def test_crawl_says_it_starts_a_new_warehouse(tmp_path: Path, capsys) -> None:
    db = tmp_path / "typo" / "warehouse.duckdb"
    code, _, err = run_cli(["crawl", "--source", "x", "--db", str(db)], capsys)
    assert code == 0, err
    assert NOTE.format(db) in err


def test_an_existing_warehouse_is_not_called_new(db_path: Path, capsys) -> None:
    ensure(db_path)
    say_if_new_warehouse(db_path)
    assert capsys.readouterr().err == ""
