"""`outagewatch export parquet`: Hive-partitioned by day, complete, readable by plain DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from outagewatch.exports.parquet import PARTITIONED, export_parquet


def test_parquet_export_is_complete_and_partitioned(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    manifest = export_parquet(warehouse, out)
    assert json.loads((out / "manifest.json").read_text()) == manifest
    src = duckdb.connect(str(warehouse), read_only=True)
    mem = duckdb.connect()
    try:
        tables = [
            r[0]
            for r in src.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT internal"
            ).fetchall()
        ]
        for table in tables:
            n = src.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            assert manifest["relations"][table]["rows"] == n
            if n == 0:
                continue
            files = f"{out / table}/**/*.parquet"
            got = mem.execute(
                f"SELECT count(*) FROM read_parquet('{files}', hive_partitioning = true)"
            ).fetchone()[0]
            assert got == n, table
        days = mem.execute(
            f"SELECT day::VARCHAR, count(*) FROM read_parquet('{out}/posts/*/*.parquet', "
            "hive_partitioning = true) GROUP BY 1 ORDER BY 1"
        ).fetchall()
        assert (
            days
            == src.execute(
                "SELECT created_at::DATE::VARCHAR, count(*) FROM posts GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        assert all(p.name.startswith("day=") for p in (out / "report_volume").iterdir())
        summary = mem.execute(
            f"SELECT incident_id, total_reports FROM '{out}/views/incident_summary.parquet' "
            "ORDER BY 1"
        ).fetchall()
        assert (
            summary
            == src.execute(
                "SELECT incident_id, total_reports FROM incident_summary ORDER BY 1"
            ).fetchall()
        )
    finally:
        src.close()
        mem.close()
    assert set(PARTITIONED) <= set(manifest["relations"])


def test_parquet_export_twice_replaces(warehouse: Path, tmp_path: Path) -> None:
    export_parquet(warehouse, tmp_path)
    manifest = export_parquet(warehouse, tmp_path)
    mem = duckdb.connect()
    n = mem.execute(
        f"SELECT count(*) FROM read_parquet('{tmp_path}/posts/*/*.parquet')"
    ).fetchone()[0]
    assert n == manifest["relations"]["posts"]["rows"]


def test_the_manifest_says_what_made_the_rows(warehouse: Path, tmp_path: Path) -> None:
    """A methods section cites the rules and models; the manifest held only row counts."""
    from outagewatch.version import version_text

    manifest = export_parquet(warehouse, tmp_path / "pq")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        signals = dict(
            con.execute("SELECT pipeline_version, count(*) FROM post_signals GROUP BY 1").fetchall()
        )
        incidents = dict(
            con.execute("SELECT detector_version, count(*) FROM incidents GROUP BY 1").fetchall()
        )
    finally:
        con.close()
    assert manifest["outagewatch_version"] == version_text()
    assert manifest["pipeline_versions"] == signals and manifest["detector_versions"] == incidents
    assert manifest["exported_at"].endswith("Z") and len(manifest["warehouse_clock"]) == 19
