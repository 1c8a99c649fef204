"""SQL guard: the dashboard's explorer and `outagewatch sql` cannot write, attach, install
extensions, read or write files, or reach the network. Each hostile query is run through
both entry points; each must be refused (or fail) in one line, the warehouse file must be
byte-identical afterwards, no file may appear and no connection may reach a listener."""

from __future__ import annotations

import hashlib
import socket
import threading
from pathlib import Path

import pytest

from outagewatch.cli import main
from warehouse import db, store
from warehouse.readonly import QueryError, QueryRefused, run_query

from .conftest import record_figure

# {tmp}: a scratch folder that must stay empty; {port}: a loopback listener that must
# never see a connection.
HOSTILE = [
    "INSERT INTO posts (post_key) VALUES ('x')",
    "UPDATE posts SET text = 'x'",
    "DELETE FROM incidents",
    "DROP TABLE posts",
    "TRUNCATE posts",
    "CREATE TABLE t AS SELECT 1",
    "CREATE VIEW v AS SELECT 1",
    "CREATE OR REPLACE MACRO m() AS 1",
    "ALTER VIEW active_incidents RENAME TO x",
    "WITH x AS (SELECT 1) INSERT INTO posts (post_key) SELECT 'y'",
    "ATTACH '{tmp}/new.duckdb' AS evil",
    "ATTACH ':memory:' AS m",
    "ATTACH 'sqlite:{tmp}/x.db' AS s (TYPE sqlite)",
    "DETACH warehouse",
    "USE memory",
    "COPY posts TO '{tmp}/posts.csv'",
    "COPY (FROM posts) TO '{tmp}/p.json' (FORMAT json)",
    "COPY FROM DATABASE warehouse TO memory",
    "EXPORT DATABASE '{tmp}/dump'",
    "IMPORT DATABASE '{tmp}'",
    "SELECT * FROM '/etc/passwd'",
    "FROM '/etc/hostname'",
    "SELECT * FROM read_csv('/etc/passwd', header=false)",
    "SELECT * FROM read_text('/proc/self/environ')",
    "SELECT * FROM read_blob('{tmp}/../*')",
    "SELECT * FROM read_json_auto('/etc/os-release')",
    "SELECT * FROM read_parquet('{tmp}/*.parquet')",
    "SELECT * FROM glob('/root/*')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "SELECT * FROM parquet_metadata('/etc/passwd')",
    "SELECT * FROM sqlite_scan('/etc/passwd', 'x')",
    "SELECT * FROM read_csv('http://127.0.0.1:{port}/x.csv')",
    "SELECT * FROM read_parquet('https://127.0.0.1:{port}/x.parquet')",
    "SELECT * FROM read_json('http://127.0.0.1:{port}/x.json')",
    "SELECT * FROM 'http://127.0.0.1:{port}/x.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "INSTALL 'http://127.0.0.1:{port}/evil.duckdb_extension'",
    "LOAD '{tmp}/evil.duckdb_extension'",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "RESET ALL",
    "SET GLOBAL memory_limit = '100TB'",
    "PRAGMA disable_checkpoint_on_shutdown",
    "CHECKPOINT",
    "VACUUM posts",
    "CREATE SECRET s (TYPE http, BEARER_TOKEN 'x')",
    "BEGIN; DELETE FROM posts; COMMIT",
    "SELECT 1; DROP TABLE posts",
    "CALL enable_logging()",
    "PREPARE p AS DELETE FROM posts",
    "SELECT * FROM query('DELETE FROM posts')",
    "SELECT * FROM query_table('{tmp}/x.csv')",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guard") / "w.duckdb"
    with db.writer(path) as con:
        store.insert_posts(
            con,
            [
                {
                    "post_key": "x:1",
                    "source": "x",
                    "native_id": "1",
                    "text": "down?",
                    "created_at": store.utcnow(),
                    "fetched_at": store.utcnow(),
                }
            ],
        )
    return path


@pytest.fixture(scope="module")
def listener():
    """A loopback TCP listener that counts connections (there must be none)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    hits: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(timeout=2)
    sock.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def refused():
    """Counts refusals per entry point; written to the figures when the module ends."""
    counts = {"explorer": 0, "cli": 0}
    yield counts
    record_figure("sql_hostile", {"hostile_queries": len(HOSTILE), "refused": counts})


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_query_is_refused(template, warehouse, listener, refused, tmp_path, capsys):
    port, hits = listener
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    sql = template.format(tmp=scratch, port=port)
    before = _digest(warehouse)
    # The dashboard's explorer calls run_query exactly like this.
    with pytest.raises((QueryRefused, QueryError)) as err:
        run_query(warehouse, sql, limit=1000, timeout=60.0, lock_timeout=15.0)
    assert "\n" not in str(err.value)
    refused["explorer"] += 1
    with pytest.raises(SystemExit) as exit_info:
        main(["sql", "--db", str(warehouse), sql])
    out, errtext = capsys.readouterr()
    assert exit_info.value.code == 2, (out, errtext)
    # one line; a syntax error adds DuckDB's "LINE n: ..." excerpt and its caret
    first, *pointer = errtext.strip().splitlines()
    assert first.startswith("error: ") and "Traceback" not in errtext
    assert pointer == [] or (
        len(pointer) == 2 and pointer[0].startswith("LINE ") and set(pointer[1].strip()) == {"^"}
    ), errtext
    refused["cli"] += 1
    assert _digest(warehouse) == before
    assert list(scratch.iterdir()) == []
    assert not hits, "a hostile query reached the network"
