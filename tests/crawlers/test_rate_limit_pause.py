"""A rate limit too long to wait for pauses the host for the rest of the run: the requests
already queued for it are not sent either (crawlers/handlers.py), and the log says it once."""

from __future__ import annotations

import json
import logging
import urllib.request

from crawlers.runner import run_crawl

LIMITED = {"status": 429, "headers": {"Retry-After": "3600"}, "json": {"message": "slow down"}}
QUERIES = ["Cloudflare", "Slack", "GitHub", "Discord"]


def served(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [r["path"] for r in json.load(fh) if r["path"].startswith("/api/")]


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
