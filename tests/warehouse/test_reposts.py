"""A text is embedded and stored once, however the posts carrying it fall into batches, and
every repost still brings a vector to incident building (issue #4: skip exact reposts)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from outagewatch.orchestrator import CycleSettings, Orchestrator
from outagewatch.settings import Settings
from warehouse import db, pipeline_io, store

T0 = datetime(2026, 11, 1, 12, 0)
REPOSTED = "Spotify is down again, no music playing at all"
OTHERS = ["Netflix keeps crashing on my TV", "Slack is down, messages not sending"]


def _posts() -> list[dict]:
    texts = [REPOSTED, OTHERS[0], REPOSTED, OTHERS[1], REPOSTED, REPOSTED.upper()]
    return [
        dict(post_key=f"mastodon:{i}", source="mastodon", native_id=str(i), text=text,
             created_at=T0 + timedelta(minutes=i), fetched_at=T0, is_repost=False)
        for i, text in enumerate(texts)
    ]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("batch_size", [2, 2000], ids=["small-batches", "one-batch"])
def test_a_repost_is_stored_once_and_still_clustered(db_path, batch_size: int) -> None:
    settings = Settings(db_path=db_path, data_dir=db_path.parent)
    with db.writer(db_path) as con:
        store.insert_posts(con, _posts())
    orchestrator = Orchestrator(settings, cycle=CycleSettings(batch_size=batch_size))
    assert orchestrator.enrich_pending() == 6
    with db.reader(db_path) as con:
        texts, stored, distinct = con.execute(
            "SELECT count(DISTINCT s.text_hash), count(e.post_key), count(DISTINCT e.text_hash) "
            "FROM post_signals s LEFT JOIN post_embeddings e USING (post_key)"
        ).fetchone()
        problems = pipeline_io.problem_posts(con, T0)
    # the upper-cased copy normalises to the same text: 3 texts, 3 vectors, whatever the batches
    assert (texts, stored, distinct) == (3, 3, 3)
    reposts = problems[problems["text"].str.casefold() == REPOSTED.casefold()]
    assert len(reposts) == 4
    assert all(e is not None and len(e) == 384 for e in reposts["embedding"])


@pytest.mark.slow
def test_pruning_or_deleting_the_original_leaves_the_reposts_their_vector(db_path) -> None:
    """The vector is stored once per text, under the first post: when prune or a deletion at
    the source removes that post, a repost still kept takes it over (review find)."""
    from warehouse.prune import prune_before

    settings = Settings(db_path=db_path, data_dir=db_path.parent)
    posts = _posts()
    for i, post in enumerate(posts):
        post["created_at"] = T0 + timedelta(days=i)  # a day apart: the first is pruned below
    with db.writer(db_path) as con:
        store.insert_posts(con, posts)
    Orchestrator(settings, cycle=CycleSettings(batch_size=1)).enrich_pending()
    with db.writer(db_path) as con:
        prune_before(con, T0 + timedelta(days=1))  # the original of REPOSTED goes
        store.mark_deleted(con, ["mastodon:2"])  # and so does its first repost
    with db.reader(db_path) as con:
        problems = pipeline_io.problem_posts(con, T0)
    kept = problems[problems["text"].fillna("").str.casefold() == REPOSTED.casefold()]
    assert sorted(kept["post_key"]) == ["mastodon:4", "mastodon:5"]
    assert all(e is not None and len(e) == 384 for e in kept["embedding"])
