"""The Jetstream consumer against a local websocket server: filter, store, resume, delete."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawlers.items import DeletionItem, PostItem
from crawlers.jetstream import event_to_item
from crawlers.matching import CatalogMatcher
from crawlers.normalise import opaque_id
from crawlers.runner import run_crawl
from outagewatch.catalog import load_catalog

HERE = Path(__file__).resolve().parent


def post_event(n: int, text: str, did: str = "did:plc:abc") -> dict:
    return {
        "did": did,
        "time_us": 1795770000000000 + n,
        "kind": "commit",
        "commit": {
            "rev": f"rev{n}",
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": f"3l{n}",
            "record": {
                "$type": "app.bsky.feed.post",
                "createdAt": "2026-11-27T10:00:00.000Z",
                "langs": ["en"],
                "text": text,
            },
            "cid": f"bafy{n}",
        },
    }


EVENTS = [
    post_event(1, "is discord down for anyone else??"),
    post_event(2, "lovely sunset over the bay"),
    {
        "did": "did:plc:abc",
        "time_us": 1795770000000003,
        "kind": "identity",
        "identity": {"did": "did:plc:abc"},
    },
    "{not json",
    post_event(4, "Spotify keeps crashing on my phone #spotifydown"),
    {
        "did": "did:plc:abc",
        "time_us": 1795770000000005,
        "kind": "commit",
        "commit": {
            "rev": "r5",
            "operation": "delete",
            "collection": "app.bsky.feed.post",
            "rkey": "3l1",
        },
    },
]


@contextmanager
def stream_server(events: list, folder: Path, old: bool = False) -> Iterator[tuple[str, Path]]:
    """A local Jetstream replaying ``events``: (its URL, the log of connections' queries).
    `old`: a server that ignores maxMessageSizeBytes and sends every event."""
    path = folder / "events.json"
    path.write_text(json.dumps(events))
    argv = [sys.executable, str(HERE / "wsserver.py"), str(path), *(["--old"] if old else [])]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("READY "), line
        yield line.split()[1], Path(str(path) + ".log")
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def jetstream(tmp_path):
    with stream_server(EVENTS, tmp_path) as served:
        yield served


def test_consumer_keeps_catalog_posts_and_resumes(jetstream, local_settings, sql):
    url, log = jetstream
    settings = local_settings(jetstream={"url": url, "seconds": 10, "idle_seconds": 0.5})
    first = run_crawl(settings, sources=["jetstream"])["jetstream"]
    assert first["posts_new"] == 2 and first["errors"] == 1  # discord, spotify; one bad frame
    db = settings.db_path
    rows = dict(sql(db, "SELECT native_id, deleted_at IS NOT NULL FROM posts"))
    assert rows == {
        opaque_id("at://did:plc:abc/app.bsky.feed.post/3l1"): True,  # deleted later in the stream
        opaque_id("at://did:plc:abc/app.bsky.feed.post/3l4"): False,
    }
    assert sql(db, "SELECT cursor FROM crawl_cursors WHERE source = 'jetstream'") == [
        ("1795770000000005",)
    ]
    second = run_crawl(settings, sources=["jetstream"])["jetstream"]
    assert second["posts_new"] == 0
    queries = log.read_text().splitlines()
    assert "cursor" not in queries[0]
    assert f"cursor={1795770000000005 - 2_000_000}" in queries[1]  # resumed, rewound 2 s


def test_stream_links_name_no_author(jetstream, local_settings, sql):
    """A Bluesky link names the author's DID (bsky.app/profile/did:…/post/…), permanent and
    public: with authors hashed, none is stored (review 186 #2)."""
    url, _ = jetstream
    settings = local_settings(jetstream={"url": url, "seconds": 10, "idle_seconds": 0.5})
    assert run_crawl(settings, sources=["jetstream"])["jetstream"]["posts_new"] == 2
    rows = sql(settings.db_path, "SELECT url, author_hash FROM posts")
    assert len(rows) == 2 and all(link is None for link, _ in rows)
    assert not any("did:" in str(row) or "/profile/" in str(row) for row in rows)


def stored_ids(sql, db: Path) -> set[str]:
    return {row[0] for row in sql(db, "SELECT native_id FROM posts")}


def post_id(n: int) -> str:
    return opaque_id(f"at://did:plc:abc/app.bsky.feed.post/3l{n}")


def test_an_event_over_the_old_1_mib_limit_does_not_stall_the_stream(tmp_path, local_settings, sql):
    """A 1.5 MiB frame closed the connection (1009), the server sent it again after every
    reconnect, and the stream stopped there for good; such frames are now read."""
    big = post_event(2, "lorem " * 250_000)  # names no service: read, then left out
    events = [post_event(1, "spotify down"), big, post_event(3, "netflix down again")]
    with stream_server(events, tmp_path) as (url, _):
        settings = local_settings(jetstream={"url": url, "seconds": 10, "idle_seconds": 1})
        stats = run_crawl(settings, sources=["jetstream"])["jetstream"]
    assert stored_ids(sql, settings.db_path) == {post_id(1), post_id(3)}
    assert stats["errors"] == 0


def test_an_event_too_big_to_read_is_skipped_with_one_second_of_stream(
    tmp_path, local_settings, sql
):
    """Over `max_message_bytes` (8 MiB by default; 100 KB here), from a server that does not
    leave such events out (maxMessageSizeBytes), the frame cannot be read: the consumer steps 1 s past the last event it read, loses what that second held, counts
    an error and goes on, instead of reconnecting into the same frame for ever."""
    second = 1_000_000
    late = post_event(4, "discord down for anyone?")
    late["time_us"] += 2 * second  # after the skipped second
    within = post_event(3, "netflix down again")  # inside it: lost
    events = [post_event(1, "spotify down"), post_event(2, "x" * 200_000), within, late]
    with stream_server(events, tmp_path, old=True) as (url, log):  # no maxMessageSizeBytes
        settings = local_settings(
            jetstream={"url": url, "seconds": 10, "idle_seconds": 1, "max_message_bytes": 100_000}
        )
        stats = run_crawl(settings, sources=["jetstream"])["jetstream"]
        queries = log.read_text().splitlines()
    assert stored_ids(sql, settings.db_path) == {post_id(1), post_id(4)}
    assert stats["errors"] == 1
    # reconnected once, 1 s past the last event read, without the usual 2 s rewind
    assert len(queries) == 2 and f"cursor={1795770000000001 + second}" in queries[1]


def test_the_server_leaves_out_an_event_too_big_and_nothing_else(tmp_path, local_settings, sql):
    """Jetstream takes `maxMessageSizeBytes` and leaves out just the event over it; the
    client's own limit closed the connection and cost a whole second of the stream, 30-60
    posts of it, and an error (review 186 #4)."""
    within = post_event(3, "netflix down again")  # the same second as the big one
    events = [post_event(1, "spotify down"), post_event(2, "x" * 200_000), within]
    with stream_server(events, tmp_path) as (url, log):
        settings = local_settings(
            jetstream={"url": url, "seconds": 10, "idle_seconds": 1, "max_message_bytes": 100_000}
        )
        stats = run_crawl(settings, sources=["jetstream"])["jetstream"]
        queries = log.read_text().splitlines()
    assert stored_ids(sql, settings.db_path) == {post_id(1), post_id(3)}
    assert stats["errors"] == 0
    assert len(queries) == 1 and "maxMessageSizeBytes=100000" in queries[0]


def test_a_cursor_older_than_the_servers_history_is_said(tmp_path, local_settings, sql, caplog):
    """Asked for a cursor older than its history, Jetstream replays from its oldest event
    without a word: the posts between were lost silently (review 186 #5). Now one line and
    one error; a resume within the history says nothing."""
    hour = 3_600_000_000
    first = [post_event(1, "spotify down")]
    later = [post_event(2, "netflix down again"), post_event(3, "discord down")]
    for event in later:
        event["time_us"] += 3 * hour  # the history kept begins 3 h after the cursor
    (tmp_path / "old").mkdir()
    with stream_server(first, tmp_path / "old") as (url, _):
        settings = local_settings(jetstream={"url": url, "seconds": 10, "idle_seconds": 0.5})
        assert run_crawl(settings, sources=["jetstream"])["jetstream"]["errors"] == 0
    caplog.set_level(logging.INFO)
    with stream_server(later, tmp_path) as (url, _):
        settings.sources["jetstream"]["url"] = url
        stats = run_crawl(settings, sources=["jetstream"])["jetstream"]
    assert stats["posts_new"] == 2 and stats["errors"] == 1
    said = [r.getMessage() for r in caplog.records if "resumed" in r.getMessage()]
    assert len(said) == 1 and "resumed 3.0 h after the stored cursor" in said[0], said
    assert "posts in between were not available" in said[0]


def test_event_mapping_and_matcher():
    item = event_to_item(post_event(7, "x"))
    assert (
        isinstance(item, PostItem) and item.url == "https://bsky.app/profile/did:plc:abc/post/3l7"
    )
    assert isinstance(event_to_item(EVENTS[-1]), DeletionItem)
    assert event_to_item(EVENTS[2]) is None
    matcher = CatalogMatcher(load_catalog())
    assert matcher.matches("Netflix is down again")
    assert not matcher.matches("netflixandchill is a word")
    assert matcher.matches("ネットフリックスが見れない")  # no spaces in Japanese
    assert matcher.matches("Дискорд не работает")  # an ambiguous name, but not in English
    assert not matcher.matches("")


def test_events_too_big_in_a_row_end_the_listen_instead_of_hammering(tmp_path, local_settings, sql):
    """Too-big events one after another (or a limit set too low): the consumer waits a second
    before each step past one, and after three in a row with nothing read between, gives up
    as on a failed connection, instead of reconnecting in a tight loop."""
    second = 1_000_000
    events = [post_event(1, "spotify down")]
    for k in range(2, 12):
        big = post_event(k, "x" * 5_000)
        big["time_us"] += (k - 1) * second + second // 2
        events.append(big)
    with stream_server(events, tmp_path, old=True) as (url, log):
        settings = local_settings(
            # 6 s: the three skips' 1 s waits, then the failures' backoff is cut at the end
            # (20 s waited out 2 + 4 s of it for the same count)
            jetstream={"url": url, "seconds": 6, "idle_seconds": 1, "max_message_bytes": 2_000}
        )
        stats = run_crawl(settings, sources=["jetstream"])["jetstream"]
        connections = len(log.read_text().splitlines())
    assert stats["posts_new"] == 1
    assert connections <= 8, connections  # 1 + 3 skips + up to 3 failed reconnects


def test_matcher_reads_outage_words_of_every_market():
    """An everyday-word name needs an outage word beside it: in the other markets' languages
    too ("Orange awaria" was dropped from the firehose), and a name matched only as written
    needs its capital ("can't play this, error" is no Polish operator)."""
    matcher = CatalogMatcher(load_catalog())
    assert matcher.matches("Orange awaria w Warszawie")
    assert matcher.matches("Free en panne depuis ce matin")
    assert matcher.matches("Play nie działa")
    assert not matcher.matches("can't play this, error again")
    assert not matcher.matches("orange juice and a lemon tart")


def test_the_stream_is_filtered_with_the_configured_catalog(tmp_path, local_settings, sql):
    """OUTAGEWATCH_CATALOG or [catalog] path: the consumer read the bundled catalog and
    dropped every post about a user's own service."""
    catalog = tmp_path / "my-services.yaml"
    catalog.write_text("- slug: zorblax\n  name: Zorblax\n  category: other\n")
    events = [post_event(1, "zorblax is down for everyone"), post_event(2, "spotify down")]
    with stream_server(events, tmp_path) as (url, _):
        settings = local_settings(jetstream={"url": url, "seconds": 10, "idle_seconds": 0.5})
        settings.catalog_path = catalog
        run_crawl(settings, sources=["jetstream"])
    assert stored_ids(sql, settings.db_path) == {post_id(1)}  # Spotify is not in this catalog
