"""X recent search with odd elements in its answer (a text among `errors`, null or a text
among `data`, an id that is no tweet id): each is one line, the rest of the page, the next
page and the cursor are kept."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from crawlers.runner import run_crawl


def snowflake(when: datetime) -> str:
    return str((int(when.timestamp() * 1000) - 1288834974657) << 22)


MADE = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
IDS = [snowflake(MADE + timedelta(minutes=n)) for n in range(3)]
QUERY = '("netflix down")'


def tweet(n: int) -> dict:
    when = MADE + timedelta(minutes=n)
    return {"id": IDS[n], "text": f"netflix down {n}", "created_at": f"{when:%Y-%m-%dT%H:%M:%S}.000Z",
            "author_id": "u1"}  # fmt: skip


def test_odd_elements_are_skipped_one_by_one(serve_site, local_settings, monkeypatch, sql, caplog):
    monkeypatch.setenv("X_BEARER_TOKEN", "xtoken")
    page1 = {
        "data": [tweet(2), None, "oops", {"id": "abc", "text": "netflix down"}, tweet(1)],
        "includes": {"users": [None, {"id": "u1", "username": "ana"}, "x"], "tweets": ["rt"]},
        "errors": [
            "Rate limit",
            {"title": "Forbidden", "type": "about:blank"},
            {"type": "https://api.twitter.com/2/problems/resource-not-found", "detail": "gone"},
        ],
        "meta": {"result_count": 2, "next_token": "p2"},
    }
    page2 = {"data": [tweet(0)], "errors": "Service busy", "meta": {"result_count": 1}}
    base = serve_site(
        {
            "/x/2/tweets/search/recent": [
                {"match": {"pagination_token": "p2"}, "json": page2},
                {"json": page1},
            ]
        }
    )
    settings = local_settings(x={"base_url": f"{base}/x", "queries": [QUERY]})
    caplog.set_level(logging.INFO, logger="crawlers")

    stats = run_crawl(settings, sources=["x"])["x"]

    said = [
        r.getMessage().split(": ", 2)[2] for r in caplog.records if r.levelno >= logging.WARNING
    ]
    assert sorted(said) == [
        "API error: Forbidden",
        "API error: the text 'Rate limit'",
        "API error: the text 'Service busy'",
        "data[1] is null, not a tweet",
        "data[2] is the text 'oops', not a tweet",
        "tweet abc: missing or bad field id 'abc' is no tweet id",
    ]
    assert stats["errors"] == 6 and stats["posts_new"] == 3
    assert sql(settings.db_path, "SELECT cursor FROM crawl_cursors") == [(IDS[2],)]
