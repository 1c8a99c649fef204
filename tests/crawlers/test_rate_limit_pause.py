"""A rate limit too long to wait for pauses the host for the rest of the run: the requests
already queued for it are not sent either (crawlers/handlers.py), and the log says it once.
A short one holds the host: nothing goes there until it passes, then everything does. A
response saying its window has no request left does the same before any 429."""

from __future__ import annotations

import json
import logging
import urllib.request

from crawlers.runner import run_crawl

LIMITED = {"status": 429, "headers": {"Retry-After": "3600"}, "json": {"message": "slow down"}}
QUERIES = ["Cloudflare", "Slack", "GitHub", "Discord"]


def requests_to(base: str) -> list[dict]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [r for r in json.load(fh) if r["path"].startswith("/api/")]


def served(base: str) -> list[str]:
    return [r["path"] for r in requests_to(base)]


EMPTY = {"json": {"hits": [], "nbPages": 0}}


def crawl_one_at_a_time(local_settings, base: str) -> dict:
    """Crawl QUERIES on Hacker News at `base`, one request at a time, as by default."""
    settings = local_settings(
        hackernews={"base_url": base, "queries": QUERIES, "download_delay": 0.1},
        reddit={"enabled": False},
    )
    settings.concurrent_requests_per_domain = 1
    return run_crawl(settings, sources=["hackernews"])["hackernews"]


def test_a_short_rate_limit_holds_the_hosts_other_requests(serve_site, local_settings):
    """A 429 with Retry-After: 2. Before, the other queries kept going out every 0.1 s
    while the first one's retry waited, each earning its own 429."""
    hn = serve_site({"/api/v1/search_by_date": [
        {"status": 429, "headers": {"Retry-After": "2"}, "json": {}, "once": True}, EMPTY,
    ]})  # fmt: skip
    stats = crawl_one_at_a_time(local_settings, hn)
    sent = requests_to(hn)
    assert stats["errors"] == 0 and len(sent) == len(QUERIES) + 1  # all read, one retried
    assert sent[1]["at"] - sent[0]["at"] >= 1.9  # nothing went there while it waited


def test_a_spent_window_holds_the_host_before_any_429(serve_site, local_settings, caplog):
    """Reddit, Mastodon, X and Bluesky say how many requests are left in the window: at 0,
    the next request waits for the reset instead of earning a 429."""
    spent = {"X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Reset": "2"}  # Reddit's form
    hn = serve_site({"/api/v1/search_by_date": [{**EMPTY, "headers": spent, "once": True}, EMPTY]})
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = crawl_one_at_a_time(local_settings, hn)
    sent = requests_to(hn)
    assert stats["errors"] == 0 and len(sent) == len(QUERIES)
    assert sent[1]["at"] - sent[0]["at"] >= 1.9
    said = [r.getMessage() for r in caplog.records if "rate-limit window" in r.getMessage()]
    assert len(said) == 1 and "no request left" in said[0] and "waiting 2 s" in said[0], said


def test_a_window_spent_for_an_hour_stops_the_host_for_the_run(serve_site, local_settings, caplog):
    spent = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3600"}
    hn = serve_site({"/api/v1/search_by_date": [{**EMPTY, "headers": spent}]})
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = crawl_one_at_a_time(local_settings, hn)
    assert len(served(hn)) == 1 and stats["errors"] == len(QUERIES) - 1
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(said) == 1 and "no more requests go there this run" in said[0], said


def test_a_long_rate_limit_stops_the_hosts_other_requests(serve_site, local_settings, caplog):
    hn = serve_site({"/api/v1/search_by_date": [LIMITED]})
    other = serve_site({"/api/v1/search_by_date": [{"json": {"hits": [], "nbPages": 0}}]})
    # the four queries enter the downloader at once and wait for the delay in its queue
    settings = local_settings(
        hackernews={"base_url": hn, "queries": QUERIES, "download_delay": 0.3},
        reddit={"enabled": False},
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["hackernews"])["hackernews"]
    assert len(served(hn)) == 1  # before the pause: one request per query
    assert stats["errors"] == len(QUERIES)  # each query went unread this run, and counts
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(said) == 1, said
    assert "HTTP 429" in said[0] and "rate limited until" in said[0]
    assert "no more requests go there until then" in said[0]
    assert served(other) == []  # (a second server, untouched: the pause is per host)


def test_a_host_that_is_not_there_is_given_up_for_the_run(local_settings, caplog) -> None:
    """Nothing listens on the port: after the first request's retries, the host's other
    queries are not sent (one line); before, each of them was retried in turn and a missing
    host held the whole crawl, and so `run`'s cycle, for minutes."""
    import socket

    with socket.socket() as s:  # a free port on loopback, closed again: nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    queries = [f"service{i}" for i in range(20)]
    settings = local_settings(
        hackernews={"base_url": f"http://127.0.0.1:{port}", "queries": queries,
                    "download_delay": 0.1},
    )  # fmt: skip
    settings.obey_robots = False
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["hackernews"])["hackernews"]
    assert stats["errors"] == len(queries)  # each query went unread, and counts
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(said) == 1, said
    assert "unreachable (DownloadConnectionRefusedError, 3 times)" in said[0]
    # three attempts, then none: each of the 20 queries took 4 attempts before
    attempts = [r for r in caplog.records if "retrying (attempt" in r.getMessage()]
    assert len(attempts) <= 2, [r.getMessage() for r in attempts]
