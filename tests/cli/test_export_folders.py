"""`export parquet` and `export feed` on their --out folder: nothing is made before the
warehouse opens, and what was written is counted in words that fit the count."""

from __future__ import annotations

from pathlib import Path

from cli_run import run_cli

from warehouse.db import ensure


def test_parquet_from_a_missing_warehouse_leaves_no_empty_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "parquet"
    missing = tmp_path / "typo" / "warehouse.duckdb"
    code, _, err = run_cli(["export", "parquet", "--out", str(out), "--db", str(missing)], capsys)
    assert code == 2
    assert err.startswith(f"error: no warehouse at {missing}")
    assert not out.exists()


def test_one_feed_is_one_feed(db_path: Path, tmp_path: Path, capsys) -> None:
    """A warehouse with no incident has only all.atom: "wrote 1 feed", not "1 feeds"."""
    ensure(db_path)
    out = tmp_path / "feeds"
    code, _, err = run_cli(["export", "feed", "--out", str(out), "--db", str(db_path)], capsys)
    assert code == 0, err
    assert [p.name for p in out.rglob("*.atom")] == ["all.atom"]
    assert err.strip().splitlines()[-1] == f"wrote 1 feed into {out}"


def test_parquet_never_deletes_a_folder_it_did_not_write(
    db_path: Path, tmp_path: Path, capsys
) -> None:
    """`--out .` in a folder with a `services/` of one's own deleted it, contents and all."""
    ensure(db_path)
    out = tmp_path / "project"
    (out / "services").mkdir(parents=True)
    (out / "services" / "notes.txt").write_text("mine")
    code, _, err = run_cli(["export", "parquet", "--out", str(out), "--db", str(db_path)], capsys)
    assert code == 2
    assert err.strip() == (
        f"error: cannot export into {out}: it holds services/ but no manifest.json of an earlier "
        "export, and an export replaces those whole; name a new or empty folder"
    )
    assert (out / "services" / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["services"]
