"""A DuckDB file outagewatch did not make (another program's tables, no schema_version) is
refused by every command before anything is written; an empty DuckDB file is no warehouse
to a command that only reads (review 147 #1)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from cli_run import run_cli

from outagewatch.sources import only
from warehouse import db


def _foreign(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE posts (x INTEGER)")
        con.execute("INSERT INTO posts VALUES (1)")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _catalog(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal ORDER BY ALL"
        ).fetchall()


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["sql", "SELECT * FROM posts"],
        ["process"],
        ["prune", "--older-than", "1y"],
        ["notify", "log"],
        ["export", "feed", "--out", "FEEDS"],
        # their demo check ran first, on a plain reader: "unexpected CatalogException"
        ["crawl", "--source", "hackernews"],
        ["run", "--every", "1s", "--cycles", "1"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_another_programs_duckdb_file_is_refused_and_left_alone(
    tmp_path: Path, capsys, args: list[str]
) -> None:
    path = _foreign(tmp_path / "other.duckdb")
    before, catalog = _digest(path), _catalog(path)
    args = [str(tmp_path / "feeds") if a == "FEEDS" else a for a in args]
    code, _, err = run_cli([*args, "--db", str(path)], capsys)
    assert code == 2, err
    assert err.startswith(
        f"error: {path} is a DuckDB database but not an outagewatch warehouse "
        "(it has table posts and no schema_version)"
    ), err
    assert "a new path to create one" in err
    assert _catalog(path) == catalog
    assert _digest(path) == before


def test_the_refusal_names_a_few_of_many_tables(tmp_path: Path) -> None:
    path = tmp_path / "many.duckdb"
    with duckdb.connect(str(path)) as con:
        for n in range(7):
            con.execute(f"CREATE TABLE t{n} (x INTEGER)")
    with (
        pytest.raises(db.NotAWarehouse, match=r"tables t0, t1, t2, t3, t4 and 2 more"),
        db.writer(path, timeout=0),
    ):
        pass


@pytest.mark.parametrize("args", [["sql", "show tables"], ["status"], ["notify", "log"]])
def test_a_read_only_command_does_not_turn_an_empty_duckdb_file_into_a_warehouse(
    tmp_path: Path, capsys, args: list[str]
) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    code, _, err = run_cli([*args, "--db", str(path)], capsys)
    assert code == 2, err
    assert f"{path} is an empty DuckDB database, not an outagewatch warehouse yet" in err
    assert _catalog(path) == []


def test_the_demo_check_of_crawl_and_run_takes_an_empty_file_for_a_new_warehouse(
    tmp_path: Path, capsys
) -> None:
    """`crawl` and `run` first check that their file is not the demo's: on an empty DuckDB
    file that check failed ("pipeline_state does not exist"), so neither could make it a
    warehouse. Here `run` (every source off) makes it one."""
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    config = tmp_path / "off.toml"
    config.write_text(only(()))
    args = ["run", "--every", "1s", "--cycles", "1", "--config", str(config), "--db", str(path)]
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    assert "crawled 0 new posts" in out and "cycle failed" not in err, err
    assert ("schema_version", "version") in _catalog(path)


def test_a_writer_makes_an_empty_duckdb_file_a_warehouse(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    db.ensure(path)
    with db.reader(path) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION


NOTIFY_CONFIG = """
[[watchlist]]
service = "slack"

[[notify.channels]]
name = "hook"
kind = "webhook"
url_env = "OW_UNSET_HOOK_URL"
"""


@pytest.mark.parametrize("args", [["notify", "send"], ["notify", "test", "--channel", "hook"]])
@pytest.mark.parametrize("kind", ["empty", "foreign"])
def test_notify_send_and_test_refuse_a_file_that_is_no_warehouse(
    tmp_path: Path, capsys, monkeypatch, args: list[str], kind: str
) -> None:
    """Review 159 #14: `notify send` and `notify test` made an empty DuckDB file a warehouse,
    which `notify log` refuses to do; `test` sent its message before finding out. Both now
    refuse the file first, as `notify log` does, and leave it as it is."""
    monkeypatch.delenv("OW_UNSET_HOOK_URL", raising=False)
    path = tmp_path / f"{kind}.duckdb"
    if kind == "empty":
        duckdb.connect(str(path)).close()
    else:
        _foreign(path)
    before, catalog = _digest(path), _catalog(path)
    config = tmp_path / "notify.toml"
    config.write_text(NOTIFY_CONFIG)
    code, _, err = run_cli([*args, "--config", str(config), "--db", str(path)], capsys)
    assert code == 2, err
    said = {"empty": "is an empty DuckDB database", "foreign": "is a DuckDB database but not"}
    assert f"{path} {said[kind]}" in err, err
    assert "OW_UNSET_HOOK_URL" not in err  # refused before any send was tried
    assert _catalog(path) == catalog
    assert _digest(path) == before
