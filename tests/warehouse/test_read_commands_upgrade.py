"""A warehouse last written by an older outagewatch lacks this version's views until a writer
opens it; the commands that only read (sql, export, status, serve, dashboard) bring it up to
date first, so an upgrade never meets "Table ... does not exist"."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from cli_run import run_cli

from outagewatch.sources import only
from warehouse import db


def older_warehouse(path: Path) -> Path:
    """A current warehouse made to look like one whose views predate incident_main_countries."""
    db.ensure(path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP VIEW incident_main_countries")
        con.execute("COMMENT ON TABLE schema_version IS 'views sha256 of an older version'")
    return path


def test_sql_on_an_older_warehouse_finds_the_new_view(tmp_path: Path, capsys) -> None:
    path = older_warehouse(tmp_path / "old.duckdb")
    code, out, err = run_cli(
        ["sql", "--db", str(path), "SELECT count(*) AS n FROM incident_main_countries"], capsys
    )
    assert code == 0, err
    assert "n" in out


def test_export_feed_on_an_older_warehouse_works(tmp_path: Path, capsys) -> None:
    path = older_warehouse(tmp_path / "old.duckdb")
    code, _, err = run_cli(
        ["export", "feed", "--out", str(tmp_path / "feeds"), "--db", str(path)], capsys
    )
    assert code == 0, err
    assert (tmp_path / "feeds" / "all.atom").exists()


def test_a_current_warehouse_is_only_read(tmp_path: Path) -> None:
    """No write lock taken when nothing is stale: a reader may run beside `outagewatch run`."""
    path = tmp_path / "w.duckdb"
    db.ensure(path)
    with duckdb.connect(str(path), read_only=True):  # another process's reader is no obstacle
        db.bring_up_to_date(path)  # would wait for a write lock, then fail, if it wrote


def test_dashboard_started_with_streamlit_run_on_an_older_warehouse(
    tmp_path: Path, monkeypatch
) -> None:
    """`streamlit run dashboard/app.py` skips the CLI: the pages bring the views up to date."""
    from streamlit.testing.v1 import AppTest

    path = older_warehouse(tmp_path / "old.duckdb")
    monkeypatch.setenv("OUTAGEWATCH_DB", str(path))
    monkeypatch.setenv("OUTAGEWATCH_REFRESH", "0")
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)
    screens = Path(__file__).resolve().parents[2] / "dashboard" / "screens"
    at = AppTest.from_file(str(screens / "now.py"), default_timeout=60).run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute("SELECT count(*) FROM incident_main_countries").fetchone()


def schema_2_warehouse(path: Path) -> Path:
    """A warehouse as outagewatch wrote it at schema version 2 (before 003_thread_context)."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
        )
        for version, sql in db._migrations():
            if version <= 2:
                con.execute(sql)
                con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [version])
    return path


def test_a_read_command_that_migrates_the_schema_says_so_once(tmp_path: Path, capsys) -> None:
    """An older `run` still running (a half-done upgrade) fails every cycle once the schema
    moved on: `sql`, a command documented as read-only, must not do that unsaid (review 145, 6)."""
    path = schema_2_warehouse(tmp_path / "old.duckdb")
    code, out, err = run_cli(["sql", "--db", str(path), "SELECT count(*) AS n FROM posts"], capsys)
    assert code == 0, err
    assert err.strip() == (
        f"updated the warehouse {path} from schema 2 to {db.SCHEMA_VERSION}; older outagewatch "
        "versions can no longer write it"
    )
    with duckdb.connect(str(path), read_only=True) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION
    code, out, err = run_cli(["sql", "--db", str(path), "SELECT count(*) AS n FROM posts"], capsys)
    assert code == 0 and err == ""  # said once: the file is current now


@pytest.mark.parametrize("args", [["process"], ["run", "--every", "1s", "--cycles", "1"]])
def test_process_and_run_say_once_that_they_migrated_the_schema(
    tmp_path: Path, capsys, args: list[str]
) -> None:
    """Review 159 #14: the commands that write moved the schema on without a word, yet that
    is the step that locks older versions out (an older `run` still running then fails
    every cycle). `process` and `run` say it once, as the commands that only read do."""
    path = schema_2_warehouse(tmp_path / "old.duckdb")
    config = tmp_path / "off.toml"
    config.write_text(only(()))  # `run` crawls nothing
    code, out, err = run_cli([*args, "--config", str(config), "--db", str(path)], capsys)
    assert code == 0, err
    said = (
        f"updated the warehouse {path} from schema 2 to {db.SCHEMA_VERSION}; older outagewatch "
        "versions can no longer write it"
    )
    assert err.count(said) == 1, err
    with duckdb.connect(str(path), read_only=True) as con:
        assert db.schema_version(con) == db.SCHEMA_VERSION
    code, out, err = run_cli([*args, "--config", str(config), "--db", str(path)], capsys)
    assert code == 0 and "updated the warehouse" not in err, err
