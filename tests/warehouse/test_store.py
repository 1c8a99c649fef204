"""The warehouse stores each raw post once and keeps cursors, state and official incidents."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime

import duckdb
import pytest

from warehouse import db, rechecks, store
from warehouse.prune import prune_before


def _post(i: int, **extra) -> dict:
    now = datetime(2026, 11, 1, 12, 0)
    row = dict(
        post_key=f"mastodon:{i}",
        source="mastodon",
        native_id=str(i),
        text=f"post {i}",
        created_at=now,
        fetched_at=now,
        is_repost=False,
    )
    row.update(extra)
    return row


def test_schema_is_applied_once_and_views_exist(db_path):
    with db.writer(db_path) as con:
        first = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    with db.writer(db_path) as con:
        versions = con.execute("SELECT count(*) FROM schema_version").fetchone()[0]
        names = {
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
    assert first == db.SCHEMA_VERSION and versions == db.SCHEMA_VERSION
    assert {
        "problem_reports",
        "incident_summary",
        "volume_vs_baseline",
        "active_incidents",
    } <= names


def test_posts_are_stored_once_per_key(db_path):
    rows = [_post(i) for i in range(5)]
    with db.writer(db_path) as con:
        assert store.insert_posts(con, rows) == (5, 0)
        assert store.insert_posts(con, rows + [_post(5)]) == (1, 5)
        assert store.insert_posts(con, [_post(6), _post(6)]) == (1, 1)
        assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 7


def test_deletion_drops_text_and_author(db_path):
    with db.writer(db_path) as con:
        post = _post(1, author_hash="abc", author_location="Berlin", thread_title="Is it down?")
        store.insert_posts(con, [post])
        assert store.mark_deleted(con, ["mastodon:1"]) == 1
        assert store.mark_deleted(con, ["mastodon:1"]) == 0
        row = con.execute(
            "SELECT text, author_hash, author_location, thread_title, deleted_at FROM posts"
        ).fetchone()
    assert row[:4] == (None, None, None, None) and row[4] is not None


def _older_warehouse(path, schema: int) -> duckdb.DuckDBPyConnection:
    """A warehouse file as an outagewatch of schema `schema` left it (open: fill it, close)."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for version, sql in db._migrations():
        if version <= schema:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [version])
    return con


def test_a_warehouse_of_schema_2_gains_the_thread_columns_and_keeps_its_posts(db_path):
    """Schema 3 adds where a post was written (venue, thread_title) to an existing file."""
    con = _older_warehouse(db_path, 2)
    con.execute(
        "INSERT INTO posts (post_key, source, native_id, text, created_at, fetched_at) "
        "VALUES ('reddit:t1_a', 'reddit', 't1_a', 'same here', now(), now())"
    )
    con.close()
    with db.writer(db_path) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 3
        store.insert_posts(con, [_post(2, venue="r/spotify", thread_title="Is it down?")])
        rows = con.execute("SELECT post_key, venue, thread_title FROM posts ORDER BY 1").fetchall()
    assert rows == [("mastodon:2", "r/spotify", "Is it down?"), ("reddit:t1_a", None, None)]


def test_a_warehouse_of_schema_3_marks_its_replies_and_keeps_the_mark_past_a_prune(db_path):
    """Schema 4 stores whether a post is a reply (`is_reply`), read from the thread titles
    an existing file has; `prune` clears the title, the mark stays."""
    con = _older_warehouse(db_path, 3)
    con.execute(
        "INSERT INTO posts (post_key, source, native_id, text, created_at, fetched_at, "
        "thread_title) VALUES ('reddit:t1_a', 'reddit', 't1_a', 'same here', "
        "'2026-01-01', now(), 'Is it down?'), ('reddit:t3_b', 'reddit', 't3_b', "
        "'Is it down?', '2026-01-01', now(), NULL), ('reddit:t1_c', 'reddit', 't1_c', NULL, "
        "'2026-01-01', now(), NULL)"
    )  # t1_c: a comment pruned under schema 3, its title gone
    con.close()
    with db.writer(db_path) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 4
        store.insert_posts(con, [_post(2, thread_title="Is it down?"), _post(3)])
        con.execute(
            "INSERT INTO post_signals (post_key, created_at, processed_at) "
            "SELECT post_key, created_at, now() FROM posts"
        )
        prune_before(con, datetime(2027, 1, 1))
        rows = con.execute("SELECT post_key, is_reply, thread_title FROM posts ORDER BY 1")
        assert rows.fetchall() == [
            ("mastodon:2", True, None),
            ("mastodon:3", False, None),
            ("reddit:t1_a", True, None),
            ("reddit:t1_c", True, None),
            ("reddit:t3_b", False, None),
        ]


def test_cursor_and_official_upsert(db_path):
    with db.writer(db_path) as con:
        assert store.get_cursor(con, "hackernews", "q") is None
        store.set_cursor(con, "hackernews", "q", "100")
        store.set_cursor(con, "hackernews", "q", "200")
        assert store.get_cursor(con, "hackernews", "q") == "200"
        inc = dict(
            official_id="statuspage:abc",
            source="statuspage",
            service_slug="github",
            impact="minor",
            updates=[{"status": "investigating"}],
            fetched_at=datetime(2026, 1, 1),
        )
        assert store.upsert_official_incidents(con, [inc]) == (1, 0)
        inc["impact"] = "major"
        assert store.upsert_official_incidents(con, [inc]) == (0, 1)
        assert con.execute("SELECT impact FROM official_incidents").fetchone()[0] == "major"


def test_reader_on_missing_file_says_what_to_do(tmp_path):
    with (
        pytest.raises(db.WarehouseMissing, match="outagewatch demo"),
        db.reader(tmp_path / "nope.duckdb"),
    ):
        pass


def test_reader_waits_for_a_writer_in_another_process(db_path):
    """DuckDB's one-writer rule: a reader retries until the writer process lets go."""
    db.ensure(db_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(1.5); c.close()",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with db.reader(db_path, timeout=20) as con:
        assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    assert time.monotonic() - started > 0.3
    holder.wait(10)


def test_locked_warehouse_gives_a_clear_error(db_path):
    db.ensure(db_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(5)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(db.WarehouseLocked, match="locked by another process"),
            db.writer(db_path, timeout=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_warehouse_of_schema_4_learns_when_each_post_was_checked(db_path):
    """Schema 5 records when the source was last asked about a post (`checked_at`, the
    Reddit deletion re-check); an existing post counts as seen when it was fetched."""
    con = _older_warehouse(db_path, 4)
    con.execute(
        "INSERT INTO posts (post_key, source, native_id, text, created_at, fetched_at) "
        "VALUES ('reddit:t3_old', 'reddit', 't3_old', 'down?', '2026-11-01', '2026-11-01')"
    )
    con.close()
    with db.writer(db_path) as con:
        new = _post(1, post_key="reddit:t3_new", source="reddit", native_id="t3_new")
        store.insert_posts(con, [new])  # fetched at noon, after t3_old
        later = datetime(2026, 11, 2)
        due = rechecks.due_for_recheck(con, "reddit", 10, later)
        assert (due.native_ids, due.oldest_seen, due.waiting) == (
            ["t3_old", "t3_new"],
            datetime(2026, 11, 1),
            2,
        )
        assert rechecks.mark_checked(con, ["reddit:t3_old"], later) == 1
        assert rechecks.due_for_recheck(con, "reddit", 10, later).native_ids == ["t3_new"]


def test_a_warehouse_of_schema_5_loses_the_bluesky_links_that_name_an_author(db_path):
    """Schema 6 clears the bsky.app links stored beside a hashed author: the DID in them is
    permanent and public, and undid the hash (review 186 #2). A link stored with
    hash_authors = false (the DID is the author_hash) and other sources' links stay."""
    link = "https://bsky.app/profile/did:plc:abc/post/3l1"
    con = _older_warehouse(db_path, 5)
    con.execute(
        "INSERT INTO posts (post_key, source, native_id, text, created_at, fetched_at, url, "
        "author_hash) VALUES "
        f"('bluesky:a', 'bluesky', 'a', 'down', now(), now(), '{link}', '0123456789abcdef'), "
        f"('bluesky:b', 'bluesky', 'b', 'down', now(), now(), '{link}2', 'did:plc:abc'), "
        "('bluesky:c', 'bluesky', 'c', 'down', now(), now(), NULL, 'ffff'), "
        "('mastodon:d', 'mastodon', 'd', 'down', now(), now(), "
        "'https://m.social/web/statuses/1', 'eeee')"
    )
    con.close()
    with db.writer(db_path) as con:
        assert db.schema_version(con) >= 6
        rows = con.execute("SELECT post_key, url FROM posts ORDER BY 1").fetchall()
    assert rows == [
        ("bluesky:a", None),
        ("bluesky:b", f"{link}2"),
        ("bluesky:c", None),
        ("mastodon:d", "https://m.social/web/statuses/1"),
    ]
