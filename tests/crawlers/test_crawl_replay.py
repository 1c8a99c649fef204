"""End to end: the real Scrapy engine (child process) against the demo replay server."""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime

import pytest

from crawlers.runner import run_crawl
from outagewatch.demo.simulate import simulate

END = datetime(2026, 11, 27, 12)


@pytest.fixture(scope="module")
def world():
    return simulate(7, 1, END, 0.3)  # as served by the serve_replay fixture


def _sources(base: str, slugs: list[str]) -> dict:
    return {
        "mastodon": {"instances": [base], "modes": ["public"], "max_pages": 1000},
        "hackernews": {"base_url": base, "queries": [""], "max_pages": 100},
        "statuspage": {"base_url": f"{base}/status", "all_services": True},
    }


def _expected(world) -> tuple[int, int, int]:
    masto = sum(1 for p in world.posts if p["source"] == "mastodon" and p["created_at"] <= END)
    hn = sum(1 for p in world.posts if p["source"] == "hackernews" and p["created_at"] <= END)
    official = sum(len(v) for v in world.official_incidents.values())
    return masto, hn, official


def test_three_sources_store_everything_once(world, serve_replay, local_settings, sql):
    base = serve_replay()
    slugs = list(world.official_incidents)
    settings = local_settings(**_sources(base, slugs))
    seen: list[tuple[str, dict]] = []
    first = run_crawl(settings, services=slugs, progress=lambda s, i: seen.append((s, i)))
    masto, hn, official = _expected(world)
    assert first["mastodon"]["posts_new"] == masto
    assert first["hackernews"]["posts_new"] == hn
    assert first["statuspage"]["official_new"] == official
    assert all(s["errors"] == 0 for s in first.values())
    db = settings.db_path
    assert sql(db, "SELECT count(*) FROM posts")[0][0] == masto + hn
    assert {s for s, info in seen if info.get("done")} == {"mastodon", "hackernews", "statuspage"}
    # timestamps are naive UTC, text is plain, authors hashed, reposts flagged
    row = sql(
        db,
        "SELECT created_at, text, author_hash, url FROM posts WHERE source='mastodon' "
        "ORDER BY created_at DESC LIMIT 1",
    )[0]
    assert row[0].tzinfo is None and row[0] <= END
    assert "<p>" not in row[1] and len(row[2]) == 16 and "/web/statuses/" in row[3]
    reblogs = sum(1 for p in world.posts if p["source"] == "mastodon" and p.get("reblog_of"))
    assert sql(db, "SELECT count(*) FROM posts WHERE is_repost")[0][0] == reblogs
    cursors = dict(sql(db, "SELECT source || '|' || key, cursor FROM crawl_cursors"))
    assert any(k.startswith("mastodon|") for k in cursors)
    assert "hackernews|" in cursors

    second = run_crawl(settings, services=slugs)
    assert second["mastodon"]["posts_new"] == 0 and second["mastodon"]["posts_dup"] == 0
    assert second["mastodon"]["requests"] <= 3  # robots.txt + one min_id page
    assert second["hackernews"]["posts_new"] == 0
    assert second["statuspage"]["official_new"] == 0
    assert sql(db, "SELECT count(*) FROM posts")[0][0] == masto + hn
    assert sql(db, "SELECT count(*) FROM crawl_runs")[0][0] == 6


def test_faults_are_skipped_then_recovered(world, serve_replay, local_settings, sql, caplog):
    base = serve_replay(
        "/api/v1/timelines/public=status:1:429:1",  # rate limited once, Retry-After: 1
        "/api/v1/search_by_date=non_utf8:1",
        "/status/slack/api/v2/incidents.json=malformed:1",
        "/status/zoom/api/v2/incidents.json=status:1:500",
    )
    slugs = list(world.official_incidents)
    settings = local_settings(**_sources(base, slugs))
    caplog.set_level(logging.INFO, logger="crawlers")
    started = time.monotonic()
    first = run_crawl(settings, services=slugs)
    assert time.monotonic() - started >= 1.0  # Retry-After was honoured
    masto, hn, official = _expected(world)
    assert first["mastodon"]["posts_new"] == masto and first["mastodon"]["errors"] == 0
    assert first["hackernews"]["posts_new"] == 0 and first["hackernews"]["errors"] == 1
    slack = len(world.official_incidents["slack"])
    assert first["statuspage"]["official_new"] == official - slack  # zoom's 500 was retried
    assert first["statuspage"]["errors"] == 1
    text = caplog.text
    assert f"hackernews: skipped {base}/api/v1/search_by_date" in text and "not UTF-8" in text
    assert f"statuspage: skipped {base}/status/slack/api/v2/incidents.json" in text
    assert "malformed JSON" in text
    # the faults are used up: the next run fetches what was skipped, and nothing twice
    second = run_crawl(settings, services=slugs)
    assert second["hackernews"]["posts_new"] == hn and second["hackernews"]["posts_dup"] == 0
    assert second["statuspage"]["official_new"] == slack
    assert sql(settings.db_path, "SELECT count(*) FROM posts")[0][0] == masto + hn


def test_killed_crawl_loses_nothing(world, serve_replay, local_settings, sql, monkeypatch):
    """SIGKILL the crawl child after its first stored batch; the next run completes the
    set: no post is skipped and none is stored twice."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from crawlers.runner import settings_to_json

    base = serve_replay("/api/v1/timelines/public=slow:1000:0.1")
    settings = local_settings(
        mastodon={"instances": [base], "modes": ["public"], "max_pages": 1000}
    )
    monkeypatch.setenv("OUTAGEWATCH_FLUSH_EVERY", "40")
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-m", "crawlers.runner", "--source", "mastodon"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    child.stdin.write(settings_to_json(settings))
    child.stdin.close()
    line = child.stdout.readline()  # the first progress line: one batch is committed
    child.kill()
    child.wait()
    assert '"progress"' in line
    stored = sql(settings.db_path, "SELECT count(*) FROM posts")[0][0]
    masto, _, _ = _expected(world)
    assert 0 < stored < masto
    assert sql(settings.db_path, "SELECT count(*) FROM crawl_cursors") == [
        (0,)
    ]  # backfill unfinished
    monkeypatch.delenv("OUTAGEWATCH_FLUSH_EVERY")
    again = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert again["posts_new"] == masto - stored
    assert sql(settings.db_path, "SELECT count(*) FROM posts")[0][0] == masto


def test_reddit_threads_are_stored_with_their_community_and_title(
    world, serve_replay, local_settings, sql, monkeypatch
):
    """The real Reddit spider through the demo's OAuth replay: every post once, each reply
    with the community it was written in and the title of the thread it answers."""
    from outagewatch.demo.reddit_api import DEMO_CLIENT
    from outagewatch.demo.worldreddit import subreddits

    monkeypatch.setenv("REDDIT_CLIENT_ID", DEMO_CLIENT[0])
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", DEMO_CLIENT[1])
    base = serve_replay()
    reddit = {
        "auth_url": base,
        "base_url": base,
        "subreddits": subreddits(),
        "queries": ["down"],
        "user_agent": "python:outagewatch-test:1 (by /u/test)",
        "max_pages": 1000,
    }
    settings = local_settings(reddit=reddit)
    stats = run_crawl(settings, sources=["reddit"])["reddit"]
    posts = [p for p in world.posts if p["source"] == "reddit" and p["created_at"] <= END]
    assert stats["errors"] == 0 and stats["posts_new"] == len(posts)
    stored = sql(
        settings.db_path,
        "SELECT text, venue, thread_title FROM posts WHERE source = 'reddit'",
    )
    by_id = {p["id"]: p for p in posts}
    expected = [
        (
            p["text"],
            f"r/{p['subreddit']}",
            by_id[p["parent_id"]]["title"] if p["parent_id"] else None,
        )
        for p in posts
    ]
    assert Counter(stored) == Counter(expected)
