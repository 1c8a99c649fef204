"""robots.txt is obeyed by every request to a host, also by those queued while it loads:
with Scrapy 2.19's own middleware the third and later went out whatever it said."""

from __future__ import annotations

import json
import urllib.request

from crawlers.runner import run_crawl


def asked(base: str) -> list[str]:
    """The paths the local server answered, robots.txt aside."""
    with urllib.request.urlopen(f"{base}/_requests") as answer:
        paths = [r["path"] for r in json.load(answer)]
    return [p for p in paths if not p.startswith("/robots.txt")]


def test_requests_queued_while_robots_txt_loads_obey_it(serve_site, local_settings):
    robots = "User-Agent: *\nDisallow: /api\n"
    base = serve_site(
        {
            "/robots.txt": [{"text": robots, "headers": {"Content-Type": "text/plain"}}],
            "/api/v1/search_by_date": [{"json": {"hits": [], "nbPages": 0}}],
        }
    )
    queries = ["Spotify", "Netflix", "Slack", "Zoom", "Discord", "Steam", "GitHub", "Reddit"]
    settings = local_settings(hackernews={"base_url": base, "queries": queries})
    run_crawl(settings, sources=["hackernews"])
    assert asked(base) == []  # not one of the 8 searches reached the forbidden /api


def test_an_allowed_path_is_still_crawled(serve_site, local_settings):
    robots = "User-Agent: *\nDisallow: /private\n"
    base = serve_site(
        {
            "/robots.txt": [{"text": robots, "headers": {"Content-Type": "text/plain"}}],
            "/api/v1/search_by_date": [{"json": {"hits": [], "nbPages": 0}}],
        }
    )
    queries = ["Spotify", "Netflix", "Slack", "Zoom", "Discord"]
    settings = local_settings(hackernews={"base_url": base, "queries": queries})
    run_crawl(settings, sources=["hackernews"])
    assert len(asked(base)) == len(queries)
