"""Privacy: handles are hashed with a per-installation salt, exports carry no handle
column, `prune` removes old raw text but keeps counts and incidents, and a deletion at
the source removes the post's text, author and embedding.

Uses the session's demo warehouse (3 simulated days, tests/conftest.py), copied.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from crawlers.normalise import hash_handle
from outagewatch.demo.simulate import simulate
from outagewatch.demo.worlddata import LOCAL_INSTANCE  # noqa: E402
from outagewatch.settings import Settings
from tests.conftest import DEMO_END
from warehouse import db, pipeline_io, store

from .conftest import ROOT, cli_env, query

KEPT = (
    "report_volume",
    "incidents",
    "incident_posts",
    "incident_regions",
    "incident_symptoms",
    "post_signals",
    "post_services",
)
PERSONAL = {"author", "author_handle", "handle", "username", "acct", "screen_name"}
HEX16 = re.compile(r"^[0-9a-f]{16}$")


@pytest.fixture(scope="module")
def demo_world():
    from datetime import datetime

    return simulate(7, 3, datetime.fromisoformat(DEMO_END), 1.0)


@pytest.fixture
def demo_copy(demo_warehouse: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_warehouse, path)
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=cli_env(),
    )


def _snapshot(path: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in KEPT:
            frame = con.execute(f"SELECT * FROM {table}").df()
            out[table] = frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)
        return out
    finally:
        con.close()


def test_handles_are_hashed_with_the_installation_salt(demo_copy, demo_world):
    rows = query(demo_copy, "SELECT source, url, author_hash FROM posts WHERE source = 'mastodon'")
    handles = {p["author"] for p in demo_world.posts}
    assert rows and all(HEX16.match(h or "") for _, _, h in rows)
    assert not handles & {h for _, _, h in rows}
    # the hash is sha256(salt || handle@instance): the right salt reproduces it, another not
    stored = {h for _, _, h in rows}
    remote = {
        f"{p['author']}@{p['author_instance']}"
        for p in demo_world.posts
        if p["source"] == "mastodon" and p.get("author_instance") != LOCAL_INSTANCE
    }
    assert stored & {hash_handle(h, "test-salt") for h in remote}
    assert not stored & {hash_handle(h, "another-installation") for h in remote}
    assert not any("/@" in (url or "") for _, url, _ in rows)  # links name no author
    columns = [r[0] for r in query(demo_copy, "DESCRIBE posts")]
    assert not PERSONAL & set(columns)


def test_salt_is_created_once_per_installation(tmp_path, monkeypatch):
    monkeypatch.delenv("OUTAGEWATCH_SALT", raising=False)
    one, two = Settings(data_dir=tmp_path / "a"), Settings(data_dir=tmp_path / "b")
    assert one.salt == one.salt and re.fullmatch(r"[0-9a-f]{32}", one.salt)
    assert one.salt != two.salt
    assert (tmp_path / "a" / "salt").read_text().strip() == one.salt
    assert (tmp_path / "a" / "salt").stat().st_mode & 0o777 == 0o600  # like a key: owner only


def test_processes_starting_together_share_one_whole_salt(tmp_path, monkeypatch):
    """`run` and the dashboard starting at once on a new data folder: every one reads the
    same complete salt (none an empty file another is still writing), and no temp is left."""
    monkeypatch.delenv("OUTAGEWATCH_SALT", raising=False)
    barrier = threading.Barrier(16)

    def first_use(_: int) -> str:
        barrier.wait()
        return Settings(data_dir=tmp_path / "new").salt

    with ThreadPoolExecutor(16) as pool:
        salts = set(pool.map(first_use, range(16)))
    assert len(salts) == 1 and re.fullmatch(r"[0-9a-f]{32}", salts.pop())
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["salt"]


def test_exports_have_no_handle_column(demo_copy, tmp_path):
    out = tmp_path / "parquet"
    assert _cli("export", "parquet", "--out", str(out), "--db", str(demo_copy)).returncode == 0
    daily = _cli(
        "export", "daily", "--date", "2026-11-19", "--format", "json", "--db", str(demo_copy)
    )
    assert daily.returncode == 0, daily.stderr
    assert '"author_hash"' in daily.stdout and "author_handle" not in daily.stdout
    con = duckdb.connect()
    for part in out.rglob("*.parquet"):
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{part}'").fetchall()]
        assert not PERSONAL & set(cols), part  # services.handles are brands' accounts


def test_exports_hold_no_raw_handle_at_all(demo_copy, demo_world, tmp_path):
    daily = _cli(
        "export", "daily", "--date", "2026-11-19", "--format", "json", "--db", str(demo_copy)
    )
    handles = {p["author"] for p in demo_world.posts if len(p["author"]) >= 6}
    found = [h for h in handles if re.search(rf"(?<![\w.]){re.escape(h)}(?![\w])", daily.stdout)]
    assert not found, found[:5]


def _age_half(path: Path) -> tuple[int, int]:
    """Move the older half of the posts 120 days back; returns (old, total)."""
    with db.writer(path) as con:
        mid = con.execute("SELECT median(created_at) FROM posts").fetchone()[0]
        con.execute(
            "UPDATE posts SET created_at = created_at - INTERVAL 120 DAY WHERE created_at < ?",
            [mid],
        )
        con.execute(
            "UPDATE post_signals SET created_at = created_at - INTERVAL 120 DAY "
            "WHERE post_key IN (SELECT post_key FROM posts WHERE created_at < ?)",
            [mid - timedelta(days=100)],
        )
        # one old post that was never processed: it must be removed, not kept
        store.insert_posts(
            con,
            [
                {
                    "post_key": "x:old",
                    "source": "x",
                    "native_id": "old",
                    "text": "old unprocessed",
                    "author_hash": "0" * 16,
                    "created_at": mid - timedelta(days=150),
                    "fetched_at": mid,
                }
            ],
        )
        old = con.execute(
            "SELECT count(*) FROM posts WHERE created_at < ?", [mid - timedelta(days=100)]
        ).fetchone()[0]
        total = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    return old, total


def test_prune_removes_old_raw_text_and_keeps_counts_and_incidents(demo_copy):
    old, total = _age_half(demo_copy)
    before = _snapshot(demo_copy)
    assert len(before["incidents"]) and len(before["report_volume"])
    cutoff = "now()::TIMESTAMP - INTERVAL 90 DAY"
    titled = f"SELECT count(thread_title) FROM posts WHERE created_at < {cutoff}"
    assert query(demo_copy, titled)[0][0] > 0  # old Hacker News comments with their story's
    replies = f"SELECT count(*) FROM posts WHERE is_reply AND created_at < {cutoff}"
    old_replies = query(demo_copy, replies)[0][0]
    assert old_replies == query(demo_copy, titled)[0][0]
    dry = _cli("prune", "--older-than", "90d", "--dry-run", "--db", str(demo_copy))
    assert dry.returncode == 0 and "would prune" in dry.stdout
    result = _cli("prune", "--older-than", "90d", "--db", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert f"raw text of {old - 1:,} processed posts, 1 unprocessed posts" in result.stdout
    after = _snapshot(demo_copy)
    for table in KEPT:
        pd.testing.assert_frame_equal(before[table], after[table], obj=table)
    assert query(demo_copy, "SELECT count(*) FROM posts")[0][0] == total  # rows kept
    # a reply stays one without its thread's title: incidents read its symptoms apart
    assert query(demo_copy, replies)[0][0] == old_replies
    assert (
        query(
            demo_copy,
            f"SELECT count(*) FROM posts WHERE created_at < {cutoff} AND "
            "(text IS NOT NULL OR url IS NOT NULL OR author_hash IS NOT NULL "
            "OR author_location IS NOT NULL OR thread_title IS NOT NULL)",
        )[0][0]
        == 0
    )
    assert (
        query(
            demo_copy,
            f"SELECT count(*) FROM post_embeddings JOIN posts USING (post_key) "
            f"WHERE created_at < {cutoff}",
        )[0][0]
        == 0
    )
    recent = query(
        demo_copy, f"SELECT count(*), count(text) FROM posts WHERE created_at >= {cutoff}"
    )[0]
    assert recent[0] == total - old and recent[1] == recent[0]  # newer posts untouched
    assert query(
        demo_copy, "SELECT deleted_at IS NOT NULL FROM posts WHERE post_key = 'x:old'"
    ) == [(True,)]
    check = _cli("status", "--check", "--db", str(demo_copy))
    assert check.returncode == 0 and "integrity check passed" in check.stdout, check.stdout


def test_reprocess_after_prune_keeps_the_pruned_posts_signals(demo_copy):
    """After a model change, `process --reprocess` must not enrich a pruned post's missing
    text: its signals (problem reports, places) are what prune promised to keep."""
    _age_half(demo_copy)
    assert _cli("prune", "--older-than", "90d", "--db", str(demo_copy)).returncode == 0
    pruned = (
        "SELECT count(*) FILTER (WHERE s.problem), count(*) FILTER (WHERE s.country <> '') "
        "FROM post_signals s JOIN posts p USING (post_key) WHERE p.text IS NULL"
    )
    before = query(demo_copy, pruned)[0]
    assert before[0] > 0
    with duckdb.connect(str(demo_copy)) as con:  # as if the model had changed since, for
        # the pruned posts and 200 others (not all: redoing 4,000 posts alike took 10 s)
        con.execute(
            "UPDATE post_signals SET pipeline_version = 'an-older-model' WHERE post_key IN "
            "(SELECT post_key FROM posts WHERE text IS NULL) OR post_key IN (SELECT post_key "
            "FROM posts WHERE text IS NOT NULL ORDER BY post_key LIMIT 200)"
        )
    result = _cli("process", "--reprocess", "--db", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert query(demo_copy, pruned)[0] == before
    stale = "SELECT count(*) FROM post_signals WHERE pipeline_version = 'an-older-model'"
    assert (
        query(demo_copy, stale)[0][0]
        == query(demo_copy, "SELECT count(*) FROM posts WHERE text IS NULL AND deleted_at IS NULL")[
            0
        ][0]
    )  # the pruned posts keep their version: nothing to redo them from


@pytest.mark.parametrize("value", ["7d", "90 parsecs", "", "-3m", "1e9d"])
def test_prune_rejects_bad_ages_in_one_line(value, tmp_path):
    db.ensure(tmp_path / "w.duckdb")
    result = _cli("prune", "--older-than", value, "--db", str(tmp_path / "w.duckdb"))
    assert result.returncode == 2
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1


def test_deletion_at_the_source_removes_text_author_and_embedding(demo_copy):
    with db.reader(demo_copy) as con:
        keys = [
            r[0]
            for r in con.execute(
                "SELECT post_key FROM incident_posts JOIN post_embeddings USING (post_key) LIMIT 5"
            ).fetchall()
        ]
        since = con.execute("SELECT min(created_at) FROM posts").fetchone()[0]
        counted = pipeline_io.problem_posts(con, since)
    assert len(keys) == 5 and set(keys) <= set(counted["post_key"])
    with db.writer(demo_copy) as con:
        assert store.mark_deleted(con, keys) == 5
    rows = query(
        demo_copy,
        "SELECT text, url, author_hash, author_location, deleted_at IS NOT NULL "
        "FROM posts WHERE post_key IN (SELECT unnest(?::VARCHAR[]))",
        [keys],
    )
    assert rows == [(None, None, None, None, True)] * 5  # the URL names the author too
    assert (
        query(
            demo_copy,
            "SELECT count(*) FROM post_embeddings WHERE post_key IN (SELECT unnest(?::VARCHAR[]))",
            [keys],
        )[0][0]
        == 0
    )
    with db.reader(demo_copy) as con:
        assert not set(keys) & set(pipeline_io.problem_posts(con, since)["post_key"])
