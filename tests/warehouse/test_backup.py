"""`outagewatch backup`: a copy that opens as a warehouse (tables, views, macros, state),
beside its salt, taken while another process writes, and never a half-written file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cli_run import run_cli
from lock_holder import held

from warehouse import db
from warehouse.store import get_state, set_state


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "w.duckdb"
    path.parent.mkdir()
    db.ensure(path)
    with db.writer(path) as con:
        set_state(con, "backup-test", "kept")
    (path.parent / "salt").write_text("0123456789abcdef\n")
    return path


def test_the_copy_is_a_whole_warehouse_with_its_salt(warehouse: Path, tmp_path: Path, capsys):
    out = tmp_path / "backups" / "today"
    code, said, err = run_cli(["backup", "--db", str(warehouse), "--out", str(out)], capsys)
    assert code == 0, err
    copy = out / "w.duckdb"
    assert f"to {copy}" in said and "and salt" in said
    with db.reader(copy) as con:
        assert get_state(con, "backup-test") == "kept"
        assert con.execute("SELECT count(*) FROM incident_summary").fetchone() == (0,)  # a view
        assert db.views_current(con) and db.schema_version(con) == db.SCHEMA_VERSION
    assert (out / "salt").read_text() == "0123456789abcdef\n"
    assert stat.S_IMODE((out / "salt").stat().st_mode) == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["salt", "w.duckdb"]  # no .partial left


def test_a_writer_holding_the_file_is_waited_for(warehouse: Path, tmp_path: Path, capsys):
    out = tmp_path / "b"
    with held(warehouse, 1.5):
        code, _, err = run_cli(["backup", "--db", str(warehouse), "--out", str(out)], capsys)
    assert code == 0, err
    assert "locked by another process; waiting" in err
    with db.reader(out / "w.duckdb") as con:
        assert get_state(con, "backup-test") == "kept"


def test_a_used_folder_or_a_missing_warehouse_is_refused(
    warehouse: Path, tmp_path: Path, capsys
) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "w.duckdb").write_text("an older backup")
    code, _, err = run_cli(["backup", "--db", str(warehouse), "--out", str(used)], capsys)
    assert code == 2 and f"{used} is not empty: name a new folder" in err
    assert (used / "w.duckdb").read_text() == "an older backup"
    fresh = tmp_path / "fresh"
    code, _, err = run_cli(
        ["backup", "--db", str(tmp_path / "no.duckdb"), "--out", str(fresh)], capsys
    )
    assert code == 2 and "no warehouse at" in err
    assert not fresh.exists()


def test_another_programs_or_an_empty_duckdb_file_is_no_backup(tmp_path: Path, capsys) -> None:
    """Review 159 #5: every other command refuses them; the folder's salt belongs to another
    warehouse. Nothing is left behind, so a retry may use the same folder."""
    import duckdb

    foreign, empty = tmp_path / "other.duckdb", tmp_path / "empty.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE posts (x INTEGER)")
    duckdb.connect(str(empty)).close()
    (tmp_path / "salt").write_text("not theirs\n")
    for path, said in ((foreign, "not an outagewatch warehouse"), (empty, "empty DuckDB")):
        out = tmp_path / f"b-{path.stem}"
        code, _, err = run_cli(["backup", "--db", str(path), "--out", str(out)], capsys)
        assert code == 2 and said in err, err
        assert not out.exists()


def test_the_copy_is_as_private_as_the_original(warehouse: Path, tmp_path: Path, capsys):
    warehouse.chmod(0o600)
    code, _, err = run_cli(["backup", "--db", str(warehouse), "--out", str(tmp_path / "b")], capsys)
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "b" / "w.duckdb").stat().st_mode) == 0o600
