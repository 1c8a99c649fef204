"""X recent search answers HTTP 400 to a since_id older than its 7-day window: such a
cursor (a quiet query, a machine off for a week) is replaced by the oldest start_time."""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from crawlers.runner import run_crawl
from crawlers.spiders.x import snowflake_time
from warehouse import store
from warehouse.db import writer


def snowflake(when: datetime) -> str:
    """An X id made at `when` (ms since X's epoch, shifted past worker and sequence bits)."""
    return str((int(when.timestamp() * 1000) - 1288834974657) << 22)


NOW = datetime.now(UTC)
STALE = snowflake(NOW - timedelta(days=8))  # what a quiet query stored a week ago
FRESH = snowflake(NOW - timedelta(days=1))
QUIET, BUSY = '("quietapp down")', '("busyapp down")'


def test_snowflake_time_reads_the_id():
    made = datetime(2026, 11, 20, 9, 30, 15, 250000, tzinfo=UTC)
    assert snowflake_time(snowflake(made)) == made
    assert snowflake_time(str(int(snowflake(made)) + 4095)) == made  # sequence bits
    assert snowflake_time("abc") is None


def test_a_since_id_older_than_7_days_becomes_start_time(
    serve_site, local_settings, monkeypatch, caplog
):
    monkeypatch.setenv("X_BEARER_TOKEN", "xtoken")
    refused = {
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "errors": [{"message": "Invalid 'since_id'. 'since_id' must be within the last 7 days"}],
    }
    base = serve_site(
        {
            "/x/2/tweets/search/recent": [
                {"match": {"since_id": STALE}, "status": 400, "json": refused},
                {"json": {"meta": {"result_count": 0}}},
            ]
        }
    )
    settings = local_settings(x={"base_url": f"{base}/x", "queries": [QUIET, BUSY]})
    with writer(settings.db_path) as con:
        store.set_cursor(con, "x", QUIET, STALE)
        store.set_cursor(con, "x", BUSY, FRESH)
    caplog.set_level(logging.INFO, logger="crawlers")
    began = datetime.now(UTC)  # the crawls' clock, not the module's import time
    for _ in range(2):  # the cursor of a quiet query does not move: every run copes
        stats = run_crawl(settings, sources=["x"])["x"]
        assert stats["errors"] == 0 and stats["requests"] == 2
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        sent = [parse_qs(urlsplit(r["path"]).query) for r in json.load(fh)]
    quiet = [q for q in sent if q["query"] == [QUIET]]
    busy = [q for q in sent if q["query"] == [BUSY]]
    assert len(quiet) == len(busy) == 2
    assert all("since_id" not in q for q in quiet) and all(q["since_id"] == [FRESH] for q in busy)
    start = datetime.strptime(quiet[0]["start_time"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    oldest = began - timedelta(days=7)  # the oldest recent search accepts
    assert oldest + timedelta(minutes=50) < start < oldest + timedelta(minutes=70)
    said = [r for r in caplog.records if "7-day window" in r.getMessage()]
    assert len(said) == 2  # once per run
    assert said[0].getMessage().startswith("x: 1 query last brought a tweet before")


def test_max_pages_short_of_the_since_id_warns(serve_site, local_settings, monkeypatch, caplog):
    monkeypatch.setenv("X_BEARER_TOKEN", "xtoken")
    made = (NOW - timedelta(minutes=5)).replace(microsecond=0)
    tweet = {"id": snowflake(made), "text": "busyapp down", "created_at": made.isoformat()}
    page = {"data": [tweet], "meta": {"result_count": 1, "next_token": "more"}}
    base = serve_site({"/x/2/tweets/search/recent": [{"json": page}]})
    settings = local_settings(x={"base_url": f"{base}/x", "queries": [BUSY], "max_pages": 1})
    with writer(settings.db_path) as con:
        store.set_cursor(con, "x", BUSY, FRESH)
    caplog.set_level(logging.INFO, logger="crawlers")
    assert run_crawl(settings, sources=["x"])["x"]["posts_new"] == 1
    said = [r.getMessage() for r in caplog.records if "max_pages" in r.getMessage()]
    seen = snowflake_time(FRESH)
    assert said == [
        f"x: query {BUSY!r} has more new posts than max_pages=1 pages; read back to "
        f"{made:%Y-%m-%d %H:%M:%S} UTC, posts between then and {seen:%Y-%m-%d %H:%M:%S} UTC "
        "are not fetched (raise sources.x.max_pages)"
    ]
