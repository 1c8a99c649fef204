"""One spider per source. `SPIDERS` maps the source name used in the configuration and on
the command line (`outagewatch crawl --source NAME`) to its spider class."""

from __future__ import annotations

from crawlers.spiders.bluesky import BlueskySpider
from crawlers.spiders.discourse import DiscourseSpider
from crawlers.spiders.hackernews import HackerNewsSpider
from crawlers.spiders.mastodon import MastodonSpider
from crawlers.spiders.reddit import RedditSpider
from crawlers.spiders.statusfeeds import StatusFeedsSpider
from crawlers.spiders.statuspage import StatuspageSpider
from crawlers.spiders.x import XSpider

SPIDERS = {
    "mastodon": MastodonSpider,
    "hackernews": HackerNewsSpider,
    "statuspage": StatuspageSpider,
    "bluesky": BlueskySpider,
    "reddit": RedditSpider,
    "x": XSpider,
    "statusfeeds": StatusFeedsSpider,
    "discourse": DiscourseSpider,
}

__all__ = [
    "SPIDERS",
    "BlueskySpider",
    "DiscourseSpider",
    "HackerNewsSpider",
    "MastodonSpider",
    "RedditSpider",
    "StatusFeedsSpider",
    "StatuspageSpider",
    "XSpider",
]
