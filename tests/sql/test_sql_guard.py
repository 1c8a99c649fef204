"""The read-only guard: every hostile query is refused, in one line, and nothing changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from warehouse.readonly import QueryError, QueryRefused, classify, open_guarded, run_query

HOSTILE = [
    pytest.param("INSERT INTO incidents (incident_id) VALUES ('x')", id="insert"),
    pytest.param("UPDATE incidents SET title = 'x'", id="update"),
    pytest.param("DELETE FROM posts", id="delete"),
    pytest.param("DROP VIEW incident_summary", id="drop"),
    pytest.param("CREATE TABLE t AS SELECT 1", id="create-table"),
    pytest.param("CREATE TEMP TABLE t AS SELECT 1", id="create-temp"),
    pytest.param("CREATE MACRO m(x) AS x", id="create-macro"),
    pytest.param("ALTER TABLE posts ADD COLUMN x INT", id="alter"),
    pytest.param("ATTACH '{tmp}/other.duckdb' AS other", id="attach"),
    pytest.param("DETACH warehouse", id="detach"),
    pytest.param("COPY incidents TO '{tmp}/out.csv'", id="copy-to"),
    pytest.param("COPY (SELECT 1) TO '{tmp}/out.parquet' (FORMAT parquet)", id="copy-query-to"),
    pytest.param("EXPORT DATABASE '{tmp}/dump'", id="export-database"),
    pytest.param("SELECT * FROM read_csv('/etc/passwd')", id="read_csv"),
    pytest.param("SELECT * FROM read_csv_auto('/etc/hostname')", id="read_csv_auto"),
    pytest.param("SELECT * FROM read_parquet('{tmp}/x.parquet')", id="read_parquet"),
    pytest.param("SELECT * FROM read_json('/etc/passwd')", id="read_json"),
    pytest.param("SELECT * FROM read_text('/etc/passwd')", id="read_text"),
    pytest.param("SELECT * FROM read_blob('/etc/passwd')", id="read_blob"),
    pytest.param("SELECT * FROM glob('/*')", id="glob"),
    pytest.param("SELECT * FROM read_parquet('https://example.com/x.parquet')", id="https-url"),
    pytest.param("SELECT * FROM read_csv('s3://bucket/x.csv')", id="s3-url"),
    pytest.param("SELECT * FROM sniff_csv('/etc/passwd')", id="sniff_csv"),
    pytest.param("INSTALL httpfs", id="install"),
    pytest.param("LOAD httpfs", id="load"),
    pytest.param("FORCE INSTALL httpfs FROM 'http://127.0.0.1:9/'", id="force-install"),
    pytest.param("SET enable_external_access = true", id="set"),
    pytest.param("RESET lock_configuration", id="reset"),
    pytest.param("PRAGMA enable_profiling", id="pragma"),
    pytest.param("CALL pragma_version()", id="call"),
    pytest.param("CHECKPOINT", id="checkpoint"),
    pytest.param("VACUUM", id="vacuum"),
    pytest.param("USE memory", id="use"),
    pytest.param("BEGIN TRANSACTION", id="transaction"),
    pytest.param("CREATE SECRET (TYPE s3, KEY_ID 'a', SECRET 'b')", id="secret"),
    pytest.param("SELECT 1; DROP TABLE posts", id="multiple-statements"),
    pytest.param("SELECT 1; SELECT 2", id="two-selects"),
    pytest.param("PREPARE p AS SELECT 1", id="prepare"),
    pytest.param("PIVOT incidents ON status USING count(*)", id="pivot-multi"),
    # EXPLAIN ANALYZE runs the statement: the plan of a write is refused like the write
    pytest.param("EXPLAIN ANALYZE DELETE FROM posts", id="explain-analyze-delete"),
    pytest.param("EXPLAIN /* x */ ANALYZE COPY incidents TO '{tmp}/o.csv'", id="explain-copy"),
    pytest.param("EXPLAIN INSERT INTO incidents (incident_id) VALUES ('x')", id="explain-insert"),
    pytest.param("EXPLAIN ANALYZE SELECT * FROM read_text('/etc/passwd')", id="explain-read"),
    pytest.param("EXPLAIN ANALYZE (FORMAT json) DELETE FROM posts", id="explain-options-delete"),
    pytest.param("EXPLAIN (ANALYZE) DELETE FROM posts", id="explain-analyze-option-delete"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_queries_are_refused(warehouse: Path, tmp_path: Path, sql: str) -> None:
    before = _digest(warehouse)
    with pytest.raises(QueryRefused) as err:
        run_query(warehouse, sql.format(tmp=tmp_path))
    message = str(err.value)
    assert message.startswith("refused:") and "\n" not in message
    assert list(tmp_path.iterdir()) == []
    assert _digest(warehouse) == before


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param("COPY incidents TO '{tmp}/out.csv'", id="copy"),
        pytest.param("SELECT * FROM read_text('/etc/hostname')", id="read_text"),
        pytest.param("ATTACH '{tmp}/other.duckdb' AS other", id="attach"),
        pytest.param("INSERT INTO incidents (incident_id) VALUES ('x')", id="insert"),
        pytest.param("SET enable_external_access = true", id="set"),
        pytest.param("LOAD httpfs", id="load"),
    ],
)
def test_connection_is_locked_down_without_the_classifier(
    warehouse: Path, tmp_path: Path, sql: str
) -> None:
    """Layers 2 and 3 hold on their own: the raw connection refuses even unclassified SQL."""
    con = open_guarded(warehouse)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(tmp=tmp_path))
        assert (
            con.execute("SELECT current_setting('enable_external_access')").fetchone()[0] is False
        )
        assert con.execute("SELECT current_setting('lock_configuration')").fetchone()[0] is True
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) AS n FROM incident_summary",
        "WITH x AS (SELECT * FROM incident_days) SELECT count(*) AS n FROM x",
        "FROM incidents_by_service_day SELECT count(*) AS n",
        "DESCRIBE incident_summary",
        "SHOW TABLES",
        "SUMMARIZE incident_days",
        "SELECT 1 AS n UNION ALL SELECT 2",
        "EXPLAIN SELECT * FROM incident_summary",
        "-- the plan, timed\nEXPLAIN ANALYZE SELECT count(*) FROM incident_days",
        "explain (format json) select * from incident_days",
        # a parenthesised query after EXPLAIN [ANALYZE] is the query, not an option list
        "EXPLAIN ANALYZE (SELECT count(*) FROM incident_days)",
        "EXPLAIN (SELECT 1) UNION ALL (SELECT 2)",
        "EXPLAIN ((SELECT 1))",
        "EXPLAIN ANALYZE (FORMAT json) (SELECT 1)",
    ],
)
def test_read_only_queries_run(warehouse: Path, sql: str) -> None:
    frame = run_query(warehouse, sql)
    assert len(frame) >= 1


@pytest.mark.parametrize(
    ("sql", "name"),
    [
        ("INSTALL httpfs", "INSTALL"),
        ("force install httpfs", "FORCE INSTALL"),
        ("LOAD httpfs", "LOAD"),
        ("EXPLAIN UPDATE incidents SET title = 'x'", "UPDATE"),
        # review 147 #13: DuckDB files these under CALL, SET and DELETE
        ("CHECKPOINT", "CHECKPOINT"),
        ("force checkpoint", "FORCE CHECKPOINT"),
        ("USE memory", "USE"),
        ("RESET threads", "RESET"),
        ("TRUNCATE incidents", "TRUNCATE"),
        ("WITH a AS (SELECT 1) INSERT INTO incidents SELECT * FROM a", "INSERT"),
    ],
)
def test_a_refusal_names_the_statement_written(sql: str, name: str) -> None:
    """DuckDB files INSTALL under LOAD: "LOAD statements are not allowed" for an INSTALL."""
    with pytest.raises(QueryRefused) as err:
        classify(sql)
    assert str(err.value).startswith(f"refused: {name} statements are not allowed")
    assert ("nor EXPLAIN of one" in str(err.value)) is sql.startswith("EXPLAIN")


def test_file_path_as_table_is_not_read(warehouse: Path) -> None:
    """With external access off, DuckDB does not turn a quoted path into a file scan."""
    with pytest.raises(QueryError, match="does not exist"):
        run_query(warehouse, "SELECT * FROM '/etc/passwd'")


def test_limit_caps_rows(warehouse: Path) -> None:
    assert len(run_query(warehouse, "SELECT * FROM volume_vs_baseline", limit=7)) == 7


def test_bad_query_names_the_views(warehouse: Path) -> None:
    for sql in ("SELECT * FROM no_such_view", "SELEC 1", "SELECT nope FROM incident_summary"):
        with pytest.raises(QueryError) as err:
            run_query(warehouse, sql)
        message = str(err.value)
        assert "\n" not in message
        assert "views available:" in message and "incident_summary" in message


def test_empty_query_is_an_error() -> None:
    with pytest.raises(QueryError):
        classify("   ")


def test_long_query_is_cancelled(warehouse: Path) -> None:
    with pytest.raises(QueryError, match="cancelled"):
        run_query(
            warehouse,
            "SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b",
            timeout=0.3,
        )


def test_concurrent_queries_from_threads(warehouse: Path) -> None:
    """The dashboard serves several sessions at once; each query gets its own instance."""
    from concurrent.futures import ThreadPoolExecutor

    queries = ["SELECT count(*) AS n FROM incident_days", "DELETE FROM posts"] * 8

    def one(sql: str) -> object:
        try:
            return int(run_query(warehouse, sql)["n"][0])
        except QueryRefused:
            return "refused"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, queries))
    expected = int(run_query(warehouse, queries[0])["n"][0])
    assert results == [expected, "refused"] * 8


def test_a_spill_goes_to_the_temp_folder_not_the_working_one(warehouse: Path) -> None:
    """DuckDB spills big sorts into `.tmp` of the working folder by default."""
    import tempfile

    got = Path(run_query(warehouse, "SELECT current_setting('temp_directory') AS d").iloc[0, 0])
    assert got.parent == Path(tempfile.gettempdir()) and got.name.startswith("outagewatch-duckdb-")
    assert got.is_dir() and got.stat().st_mode & 0o077 == 0  # owner-only: spills are rows
