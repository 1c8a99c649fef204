"""The demo replay server's Mastodon search behaves like a real instance's, and the spider
reads all of it with a token (as the offline demo would)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime

import pytest

from crawlers.runner import run_crawl
from crawlers.spiders.mastodon import token_env
from outagewatch.demo.apis import REPLAY_TOKEN
from outagewatch.demo.simulate import simulate

END = datetime(2026, 11, 27, 12)


def get(url: str, token: str | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as fh:
            return fh.status, json.load(fh)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


@pytest.fixture(scope="module")
def matches() -> list[dict]:
    """The world's original Mastodon statuses that mention 'down', newest first."""
    world = simulate(7, 1, END, 0.3)  # as served by the serve_replay fixture
    posts = [
        p
        for p in world.posts
        if p["source"] == "mastodon"
        and not p.get("reblog_of")
        and p["created_at"] <= END
        and "down" in p["text"].casefold()
    ]
    return sorted(posts, key=lambda p: p["id"], reverse=True)


def test_search_needs_a_login_like_a_real_instance(serve_replay, matches):
    url = serve_replay() + "/api/v2/search?q=down&type=statuses&limit=5"
    assert get(url) == (200, {"accounts": [], "statuses": [], "hashtags": []})
    status, doc = get(url + "&offset=5")
    assert status == 401 and "pagination is not supported without authentication" in doc["error"]
    assert get(url, "wrong")[0] == 401
    status, doc = get(url, REPLAY_TOKEN)
    assert status == 200 and [s["id"] for s in doc["statuses"]] == [
        str(p["id"]) for p in matches[:5]
    ]
    _, second = get(url + "&offset=5", REPLAY_TOKEN)
    assert [s["id"] for s in second["statuses"]] == [str(p["id"]) for p in matches[5:10]]
    # min_id is only an "after:" filter to the second: still the newest results, not the
    # page right after it
    _, after = get(f"{url}&min_id={matches[-1]['id']}", REPLAY_TOKEN)
    assert after["statuses"][0]["id"] == str(matches[0]["id"])


def test_spider_reads_the_whole_search_with_a_token(
    serve_replay, local_settings, matches, monkeypatch
):
    base = serve_replay()
    monkeypatch.setenv(token_env(base), REPLAY_TOKEN)
    settings = local_settings(
        mastodon={
            "instances": [base],
            "modes": ["search"],
            "queries": ["down"],
            "max_pages": 1000,
        }
    )
    first = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert first["posts_new"] == len(matches) and first["errors"] == 0
    second = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert second["posts_new"] == 0 and second["errors"] == 0
