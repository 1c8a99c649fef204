"""What `outagewatch sql` prints: parseable list values in CSV, hints in its errors, and a
table that shows a missing value one way."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run_cli


def sql(warehouse: Path, query: str, capsys, *args: str) -> tuple[int, str, str]:
    return run_cli(["sql", query, "--db", str(warehouse), *args], capsys)


LISTS = "SELECT incident_id, keywords FROM incidents ORDER BY incident_id"


def test_csv_list_columns_are_json_arrays_like_the_json_format(warehouse: Path, capsys) -> None:
    code, out, _ = sql(warehouse, LISTS, capsys, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(out.splitlines()) == len(rows) + 1  # no line break inside a field
    code, out, _ = sql(warehouse, LISTS, capsys, "--format", "json")
    records = json.loads(out)
    assert [json.loads(r["keywords"]) for r in rows] == [r["keywords"] for r in records]
    assert any(len(r["keywords"]) > 1 for r in records)  # the comparison saw real lists


def test_csv_structs_times_and_null_lists(warehouse: Path, capsys) -> None:
    query = (
        "SELECT {'x': [1, 2], 'y': 'a,\"b'} AS s, [TIMESTAMP '2026-11-20 10:00'] AS t, "
        "NULL::VARCHAR[] AS n"
    )
    code, out, _ = sql(warehouse, query, capsys, "--format", "csv")
    assert code == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert json.loads(row["s"]) == {"x": [1, 2], "y": 'a,"b'}
    assert json.loads(row["t"]) == ["2026-11-20T10:00:00"]
    assert row["n"] == ""


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        pytest.param("SELECT * FROM incident", 'Did you mean "incidents"?', id="table-typo"),
        pytest.param("SELECT titl FROM incidents", 'Candidate bindings: "title"', id="column-typo"),
        pytest.param(
            "SELECT i.title FROM incidents i JOIN services s ON i.service_slug = s.slg",
            'does not have a column named "slg". Candidate bindings: "slug"',
            id="qualified-column-typo",
        ),
    ],
)
def test_errors_keep_duckdbs_hints_on_one_line(
    warehouse: Path, capsys, query: str, hint: str
) -> None:
    code, out, err = sql(warehouse, query, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert hint in err and "LINE 1" not in err


def test_a_missing_table_lists_views_and_tables(warehouse: Path, capsys) -> None:
    _, _, err = sql(warehouse, "SELECT * FROM nowhere", capsys)
    assert "views: " in err and "incident_summary" in err
    assert "tables: " in err and ", incidents," in err  # a base table users query


def test_a_wrong_column_does_not_list_the_views(warehouse: Path, capsys) -> None:
    _, _, err = sql(warehouse, "SELECT titl FROM incidents", capsys)
    assert "views" not in err and "incident_summary" not in err


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        pytest.param("DELETE FROM incidents", True, id="write"),
        pytest.param("SELECT * FROM read_csv('/etc/passwd')", False, id="file-read"),
        pytest.param("PRAGMA database_size", False, id="pragma"),
    ],
)
def test_allow_write_is_suggested_only_for_writes(
    warehouse: Path, capsys, query: str, suggested: bool
) -> None:
    code, _, err = sql(warehouse, query, capsys)
    assert code == 2 and err.startswith("error: refused")
    assert ("--allow-write" in err) is suggested


def test_table_shows_every_kind_of_null_as_empty(warehouse: Path, capsys) -> None:
    query = (
        "SELECT incident_id, resolved_at, lead_time_minutes, official_id, common_upstream "
        "FROM incident_summary ORDER BY incident_id"
    )
    code, out, _ = sql(warehouse, query, capsys)
    assert code == 0 and "(5 rows)" in out
    for marker in ("NaN", "NaT", "None", "<NA>", "nan"):
        assert marker not in out, out
    code, out, _ = sql(
        warehouse,
        "SELECT NULL::INTEGER AS i, NULL::VARCHAR AS v, NULL::TIMESTAMP AS t, 1 AS one",
        capsys,
    )
    assert out.splitlines()[1].split() == ["1"]


def test_table_says_one_row(warehouse: Path, capsys) -> None:
    _, out, _ = sql(warehouse, "SELECT 1 AS a", capsys)
    assert out.endswith("(1 row)\n")


def test_floats_are_rounded_in_the_table_only(warehouse: Path, capsys) -> None:
    query = "SELECT 2.4890333333333334::DOUBLE AS lead"
    _, table, _ = sql(warehouse, query, capsys)
    assert table.splitlines()[1].strip() == "2.489"
    _, csv_text, _ = sql(warehouse, query, capsys, "--format", "csv")
    _, json_text, _ = sql(warehouse, query, capsys, "--format", "json")
    assert float(csv_text.splitlines()[1]) == json.loads(json_text)[0]["lead"] == 2.4890333333333334


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.4890333333333334, "2.489"),
        (15.0, "15"),
        (-13.8149, "-13.815"),
        (0.0001234, "0.000123"),
        (-0.0, "0"),
        (1e12, "1000000000000"),
        (float("inf"), "inf"),
    ],
)
def test_float_text(value: float, text: str) -> None:
    from outagewatch.commands.sql_format import float_text

    assert float_text(value) == text


def test_json_is_strict_and_tables_stay_narrow() -> None:
    """JSON has no Infinity (1/0 in DuckDB is inf): null, as JSON.stringify writes it. A table
    cuts a long value (an embedding, SUMMARIZE's min of one) instead of a 10,000-wide line."""
    import json

    import numpy as np
    import pandas as pd

    from outagewatch.commands.sql_format import format_frame

    frame = pd.DataFrame(
        {"x": [float("inf")], "v": [np.arange(384, dtype=float)], "s": ["a" * 500]}
    )
    assert json.loads(format_frame(frame, "json")) == [
        {"x": None, "v": list(range(384)), "s": "a" * 500}
    ]
    assert max(len(line) for line in format_frame(frame, "table").splitlines()) < 200


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_query_opening_with_a_comment_runs(warehouse: Path, capsys, where: str) -> None:
    """docs/sql.md's `incident_embeddings` example opens with "-- …": Click took it for an
    option ("No such option '-- incidents like…'")."""
    query = "-- how many incidents\nSELECT count(*) AS n FROM incidents"
    args = ["sql", query, "--format", "csv", "--db", str(warehouse)]
    if where == "last":
        args = ["sql", "--format", "csv", "--db", str(warehouse), query]
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    assert out.splitlines()[0] == "n" and int(out.splitlines()[1]) >= 0


def test_counts_stay_whole_numbers(warehouse: Path, capsys, tmp_path: Path) -> None:
    """An analyst's find: a sum() of integers (DuckDB's HUGEINT, as the views' counts) was
    written "85.0", a double in Parquet, by way of pandas."""
    import pyarrow.parquet as pq

    query = "SELECT sum(x) AS n, NULL::HUGEINT AS none FROM (SELECT 40 AS x UNION ALL SELECT 45)"
    code, out, _ = sql(warehouse, query, capsys, "--format", "csv")
    assert code == 0 and out.splitlines() == ["n,none", "85,"]
    code, out, _ = sql(warehouse, query, capsys, "--format", "json")
    assert json.loads(out) == [{"n": 85, "none": None}]
    target = tmp_path / "typed.parquet"
    code, _, _ = sql(warehouse, query, capsys, "--out", str(target))
    assert str(pq.read_schema(target).field("n").type) == "int64"


def test_allow_write_on_a_mistyped_path_makes_no_new_warehouse(tmp_path, capsys) -> None:
    """Every read said "no warehouse at …"; --allow-write had created an empty 800 KB one."""
    typo = tmp_path / "outagewatc.duckdb"
    code, _, err = run_cli(
        ["sql", "--allow-write", "--db", str(typo), "UPDATE services SET name = 'x'"], capsys
    )
    assert code == 2 and f"no warehouse at {typo}" in err and "--allow-write" in err, err
    assert not typo.exists()


def test_blobs_and_intervals_read_as_duckdb_prints_them(warehouse: Path, capsys) -> None:
    """They had shown as "bytearray(b'x')" and "0 days 03:00:00" (helper-106)."""
    code, out, err = sql(
        warehouse,
        "SELECT 'x\\xAA'::BLOB AS b, INTERVAL 3 HOUR AS i, INTERVAL '2 days 3 hours' AS j, "
        "-INTERVAL 5 MINUTE AS k",
        capsys,
    )
    assert code == 0, err
    assert out.splitlines()[1].split() == [
        "x\\xAA",
        "03:00:00",
        "2",
        "days",
        "03:00:00",
        "-00:05:00",
    ]


def test_parquet_keeps_a_date_a_date(warehouse: Path, capsys, tmp_path: Path) -> None:
    """Review 115: `sql --format parquet` wrote a DATE as a timestamp (pandas' midnight),
    where `export parquet` keeps it; so do later chunks and a DATE NULL at first."""
    import duckdb
    import pyarrow.parquet as pq

    query = (
        "SELECT day, reports, CASE WHEN day > DATE '2026-11-16' THEN day END AS later "
        "FROM daily_report_volume WHERE country = '' AND service_slug = 'slack' ORDER BY day"
    )
    target = tmp_path / "days.parquet"
    code, _, err = sql(warehouse, query, capsys, "--out", str(target))
    assert code == 0, err
    schema = pq.read_schema(target)
    assert str(schema.field("day").type) == str(schema.field("later").type) == "date32[day]"
    assert b"duckdb_types" not in target.read_bytes()  # the frame's attrs stay out
    with duckdb.connect() as con:
        read = con.execute(f"SELECT * FROM read_parquet('{target}')").fetchall()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert read == con.execute(query).fetchall()


def test_explain_shows_the_plan(warehouse: Path, capsys) -> None:
    """EXPLAIN is read-only and answers "why is this slow": the plan as DuckDB draws it."""
    code, out, err = sql(warehouse, "EXPLAIN SELECT count(*) FROM incident_days", capsys)
    assert code == 0, err
    assert "Ungrouped Aggregate" in out and "explain_value" not in out and "\\n" not in out


def test_explain_analyze_of_a_parenthesised_query(warehouse: Path, capsys) -> None:
    """`EXPLAIN ANALYZE (SELECT 1)`: the "(" opens the query, not EXPLAIN's option list."""
    code, out, err = sql(warehouse, "EXPLAIN ANALYZE (SELECT 1)", capsys)
    assert code == 0, err
    assert "Total Time" in out and err == ""
