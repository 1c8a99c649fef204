"""`outagewatch export parquet`: the whole warehouse as Parquet for other engines.

Tables go to DIR/<table>/day=YYYY-MM-DD/part_0.parquet (Hive partitioning on the UTC day of
each row's natural timestamp; child tables take their parent's day, so a day's posts and
their signals land in the same partition). Tables without a day, and the documented views,
go to single files. DIR/manifest.json lists row counts, so a reader can check completeness,
and the versions that made the rows.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from outagewatch.errors import UserError
from outagewatch.outfile import write_file

# table -> SQL giving the table's columns plus `day`; None = no day, one file.
PARTITIONED: dict[str, str] = {
    "posts": "SELECT t.*, t.created_at::DATE AS day FROM posts t",
    "post_signals": "SELECT t.*, t.created_at::DATE AS day FROM post_signals t",
    "post_services": "SELECT t.*, p.created_at::DATE AS day FROM post_services t "
    "LEFT JOIN posts p USING (post_key)",
    "post_embeddings": "SELECT t.*, p.created_at::DATE AS day FROM post_embeddings t "
    "LEFT JOIN posts p USING (post_key)",
    "report_volume": "SELECT t.*, t.bucket::DATE AS day FROM report_volume t",
    "incidents": "SELECT t.*, t.started_at::DATE AS day FROM incidents t",
    "incident_posts": "SELECT t.*, i.started_at::DATE AS day FROM incident_posts t "
    "LEFT JOIN incidents i USING (incident_id)",
    "incident_regions": "SELECT t.*, i.started_at::DATE AS day FROM incident_regions t "
    "LEFT JOIN incidents i USING (incident_id)",
    "incident_symptoms": "SELECT t.*, i.started_at::DATE AS day FROM incident_symptoms t "
    "LEFT JOIN incidents i USING (incident_id)",
    "official_incidents": "SELECT t.*, coalesce(t.started_at, t.created_at, t.fetched_at)::DATE "
    "AS day FROM official_incidents t",
    "crawl_runs": "SELECT t.*, t.started_at::DATE AS day FROM crawl_runs t",
}
# incident_similarity is pairwise by construction: cheap to recompute from
# incident_embeddings, costly to store. warehouse_clock is the time of reading, not data.
SKIP_VIEWS = {"incident_similarity", "warehouse_clock"}


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _names(con: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_catalog = current_database() AND table_type = ? ORDER BY 1",
            [kind],
        ).fetchall()
    ]


def provenance(con: duckdb.DuckDBPyConnection) -> dict:
    """What made the exported rows, for a methods section: this outagewatch, the enrichment
    and detector versions in the warehouse (each with its row count), when the export ran
    and the warehouse's clock (the demo's frozen time, else the time of export)."""
    from outagewatch.version import version_text

    def counts(sql: str) -> dict[str, int]:
        return {str(v): int(n) for v, n in con.execute(sql).fetchall()}

    clock = con.execute("SELECT now FROM warehouse_clock").fetchone()[0]
    return {
        "outagewatch_version": version_text(),
        "pipeline_versions": counts(
            "SELECT pipeline_version, count(*) FROM post_signals GROUP BY 1 ORDER BY 1"
        ),
        "detector_versions": counts(
            "SELECT detector_version, count(*) FROM incidents GROUP BY 1 ORDER BY 1"
        ),
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "warehouse_clock": f"{clock:%Y-%m-%dT%H:%M:%S}",
    }


def _refuse_others_folders(out: Path, tables: list[str]) -> None:
    """An export replaces DIR/<table> whole, which is right for an earlier export's folders
    (DIR/manifest.json says there was one) and wrong for anyone else's: `--out .` or `--out ~`
    deleted a `services/` or `posts/` folder of the user's with all it held."""
    if (out / "manifest.json").is_file():
        return
    taken = [name for name in tables if (out / name).exists()]
    if taken:
        raise UserError(
            f"cannot export into {out}: it holds {', '.join(f'{n}/' for n in taken[:3])}"
            f"{' ...' if len(taken) > 3 else ''} but no manifest.json of an earlier export, and "
            "an export replaces those whole; name a new or empty folder"
        )


def export_parquet(db_path: str | Path, out: Path) -> dict:
    """Write every table and documented view under `out`; returns the manifest."""
    from warehouse.db import SCHEMA_VERSION, reader

    out = Path(out)
    manifest: dict = {
        "schema_version": SCHEMA_VERSION,
        "partitioning": "hive, day=YYYY-MM-DD",
        "relations": {},
    }
    with reader(db_path) as con:
        tables = _names(con, "BASE TABLE")
        _refuse_others_folders(out, tables)
        out.mkdir(parents=True, exist_ok=True)  # once the warehouse opened: no empty folder
        for table in tables:
            target = out / table
            if target.exists():
                shutil.rmtree(target)
            rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if table in PARTITIONED and rows:
                con.execute(
                    f"COPY ({PARTITIONED[table]} ORDER BY ALL) TO {_q(target)} "
                    "(FORMAT parquet, PARTITION_BY (day), FILENAME_PATTERN 'part_{i}')"
                )
                kind = "day"
            else:
                target.mkdir(parents=True)
                con.execute(
                    f'COPY (SELECT * FROM "{table}") TO {_q(target / "part_0.parquet")} '
                    "(FORMAT parquet)"
                )
                kind = None
            manifest["relations"][table] = {
                "kind": "table",
                "rows": int(rows),
                "partitioned_by": kind,
            }
        views_dir = out / "views"
        views_dir.mkdir(exist_ok=True)
        for view in _names(con, "VIEW"):
            if view in SKIP_VIEWS:
                continue
            target = views_dir / f"{view}.parquet"
            rows = con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]
            con.execute(f'COPY (SELECT * FROM "{view}") TO {_q(target)} (FORMAT parquet)')
            manifest["relations"][f"views/{view}"] = {
                "kind": "view",
                "rows": int(rows),
                "partitioned_by": None,
            }
        manifest.update(provenance(con))
    write_file(out / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest
