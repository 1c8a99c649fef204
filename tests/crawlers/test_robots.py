"""robots.txt is obeyed by every request to a host, also by those queued while it loads:
with Scrapy 2.19's own middleware the third and later went out whatever it said."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.settings import Settings, default_settings
from scrapy.utils.test import get_crawler

from crawlers.robots import EveryWaiterRobotsTxt
from crawlers.runner import run_crawl
from crawlers.scrapy_internals import missing_internals
from crawlers.spiders.base import OutageSpider


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


def test_the_installed_scrapy_has_the_internals_the_crawlers_use():
    assert missing_internals() == []


@pytest.mark.parametrize(
    ("patch", "named"),
    [
        pytest.param(
            lambda mp: mp.delattr(default_settings, "DOWNLOAD_DELAY_JITTER"),
            "DOWNLOAD_DELAY_JITTER",
            id="no-jitter-setting",  # Scrapy 2.18
        ),
        pytest.param(
            lambda mp: mp.setattr(
                RobotsTxtMiddleware, "process_request_2", lambda self, rp, request, spider: None
            ),
            "process_request_2(rp, request)",
            id="old-signature",
        ),
        pytest.param(
            lambda mp: mp.delattr(RobotParser, "crawl_delay"), "crawl_delay", id="no-crawl-delay"
        ),
    ],
)
def test_a_scrapy_without_them_stops_the_crawl_at_its_start(monkeypatch, patch, named):
    """Not a silent ±50 % jitter under a published limit, nor an AttributeError mid-crawl."""
    patch(monkeypatch)
    assert any(named in m for m in missing_internals())
    crawler = get_crawler(settings_dict={"ROBOTSTXT_OBEY": True})
    with pytest.raises(RuntimeError, match=r"Scrapy 2\.19's internals .*scrapy>=2\.19,<2\.20"):
        EveryWaiterRobotsTxt(crawler)
    with pytest.raises(RuntimeError, match=re.escape(named)):
        OutageSpider.update_settings(Settings())
