"""Every source outagewatch can crawl, registered once (CONTRIBUTING.md "Adding a source").

From this list come the default settings (`settings.DEFAULT_SOURCES`), the keys the config
check accepts in each `[sources.NAME]` table, the crawlers' `SPIDERS`, `crawl --help`, the
dashboard's platform names, the fuzz test's coverage, and the "only these sources" configs
of the demo and the tests. A source kept in a hand-written list elsewhere was crawled by
`make demo` against the real network, or left out of the fuzz test, without a word.

Nothing here imports the crawlers: the dashboard reads the display names, and it must never
import `crawlers/` (tests/test_layers.py); a spider is named by its import path.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# keys every source's table takes: read by the runner for any source
COMMON_KEYS = ("enabled",)
# and every spider's: the pace Scrapy keeps between its requests (crawlers/settings.py)
SPIDER_KEYS = ("download_delay",)


@dataclass(frozen=True)
class Source:
    """One source: its name in the config and on the command line, its display name, what
    crawls it, its default settings and the other setting keys it reads."""

    name: str
    label: str
    # "module:Class" of its Scrapy spider, or for a source that is no spider the module run
    # as its own child process (`python -m MODULE`)
    spider: str | None
    defaults: Mapping[str, Any]
    keys: tuple[str, ...] = ()  # keys read beyond `defaults`, COMMON_KEYS and SPIDER_KEYS
    cursor: bool = False  # remembers where it stopped (`crawl --since` skips for good)
    process: str | None = None
    # keys another kind of source takes that this one does not read: the config check says
    # why they are ignored
    ignored: Mapping[str, str] = field(default_factory=dict)

    @property
    def known_keys(self) -> frozenset[str]:
        spider = SPIDER_KEYS if self.spider else ()
        return frozenset({*COMMON_KEYS, *spider, *self.defaults, *self.keys})


def _source(name: str, label: str, spider: str | None, **kw: Any) -> Source:
    return Source(name, label, spider, kw.pop("defaults"), **kw)


# Every base URL is configurable so a self-hosted instance, a proxy or the local replay
# server can stand in for the real service. A new source is off by default: `enabled` is
# read as False when missing, and the demo and tests name the sources they turn on.
SOURCES: tuple[Source, ...] = (
    _source(
        "mastodon",
        "Mastodon",
        "crawlers.spiders.mastodon:MastodonSpider",
        cursor=True,
        keys=("queries", "tags", "all_hashtags"),
        defaults={
            "enabled": True,
            "instances": ["https://mastodon.social"],
            # "search" needs MASTODON_TOKEN_<HOST> in the environment
            # (crawlers/spiders/mastodon.py); "public" crawls the instance's public timeline
            "modes": ["tags", "search"],
            "page_limit": 40,
            "max_pages": 5,
            # Per instance. Every polling source has a budget of first requests per run that
            # takes about 3 minutes at most at its own pace (here 3 s: Mastodon's 300 paging
            # requests per 15 min), leaving 2 minutes of a 5-minute `run` cycle for extra
            # pages and processing; busy terms go every run, quiet ones in turn
            # (crawlers/budget.py, README "Sources"). 0 polls every term every run.
            "terms_per_run": 60,
            "hot_minutes": 60,
        },
    ),
    _source(
        "hackernews",
        "Hacker News",
        "crawlers.spiders.hackernews:HackerNewsSpider",
        cursor=True,
        keys=("queries", "tags", "hot_minutes"),
        defaults={
            "enabled": True,
            "base_url": "https://hn.algolia.com",
            "hits_per_page": 100,
            "max_pages": 5,
            "sweep_hours": 48,  # once a day, re-read this far back: Algolia backfills after stalls
            "sweep_every_hours": 24,
            "sweep_max_pages": 10,  # a sweep's pages (a busy query's 48 h are many)
            "terms_per_run": 150,  # 1 min at 0.4 s (Algolia: 10,000 requests per hour per IP)
        },
    ),
    _source(
        "statuspage",
        "Status pages",
        "crawlers.spiders.statuspage:StatuspageSpider",
        keys=("pages",),
        defaults={
            "enabled": True,
            # When set, a service's status page is fetched from {base_url}/{slug} instead of
            # its real URL (used by the demo's replay server and by tests).
            "base_url": "",
            # with base_url: fetch every requested service, not only Statuspage ones
            "all_services": False,
        },
    ),
    _source(
        "bluesky",
        "Bluesky",
        "crawlers.spiders.bluesky:BlueskySpider",
        cursor=True,
        keys=("queries", "limit", "max_pages", "hot_minutes"),
        defaults={
            "enabled": True,  # still needs BLUESKY_HANDLE and BLUESKY_APP_PASSWORD
            "base_url": "https://bsky.social",
            # the AppView a PDS proxies app.bsky.* calls to (header atproto-proxy); "" sends
            # none
            "appview": "did:web:api.bsky.app#bsky_appview",
            "jetstream_url": "wss://jetstream2.us-east.bsky.network/subscribe",
            # 50 s at 1 s: Bluesky asks bots not to poll searchPosts (atproto#3423); at scale
            # read the post stream instead ([sources.jetstream])
            "terms_per_run": 50,
        },
    ),
    _source(
        "reddit",
        "Reddit",
        "crawlers.spiders.reddit:RedditSpider",
        cursor=True,
        keys=("queries", "limit", "max_pages", "user_agent", "hot_minutes"),
        defaults={
            "enabled": True,  # still needs REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET
            # stored posts looked up again per run (/api/info, 100 a request), the ones seen
            # longest ago first, so that what is deleted on Reddit goes here too (its Data API
            # terms); 0 turns the re-check off
            "recheck_per_run": 1000,
            "auth_url": "https://www.reddit.com",
            "base_url": "https://oauth.reddit.com",
            "subreddits": ["outages", "sysadmin"],
            # 1¾ min at 0.7 s (Reddit allows 100 queries per minute per OAuth client: 0.6 s)
            "terms_per_run": 150,
        },
    ),
    _source(
        "x",
        "X",
        "crawlers.spiders.x:XSpider",
        cursor=True,
        keys=("queries", "max_pages", "max_results", "hot_minutes"),
        defaults={
            "enabled": True,  # still needs X_BEARER_TOKEN
            "base_url": "https://api.x.com",
            # 3 min at 15 s, and 8 of recent search's 20 requests per 5 minutes left for pages
            "terms_per_run": 12,
        },
    ),
    _source(
        "statusfeeds",
        "Status feeds",
        "crawlers.spiders.statusfeeds:StatusFeedsSpider",
        keys=("feeds", "aws_feeds"),
        defaults={"enabled": True, "base_url": ""},
    ),
    _source(
        "discourse",
        "Discourse forums",
        "crawlers.spiders.discourse:DiscourseSpider",
        cursor=True,
        defaults={
            "enabled": True,
            # forums read: by default the catalog's `forums` of the selected services; a list
            # here replaces them (a self-hosted forum, a local replay)
            "forums": None,
            # pages of 50 posts per forum per run, back to the forum's cursor (the highest
            # post id stored); a first run reads one page. 4 pages at 2 s a request: 8 s a
            # forum, the forums side by side (one host each)
            "max_pages": 4,
        },
    ),
    _source(
        "lemmy",
        "Lemmy",
        "crawlers.spiders.lemmy:LemmySpider",
        cursor=True,
        keys=("queries", "hot_minutes"),
        defaults={
            # off, and no instance: set `enabled = true` and name an instance
            # (e.g. "https://lemmy.world") to crawl it
            "enabled": False,
            "instances": [],
            # the newest posts; "search" (the catalog's search phrases, on the endpoint Lemmy
            # limits most) mostly re-reads what "new" reads, so it is an opt-in
            "modes": ["new"],
            "page_limit": 50,  # the API's maximum
            "max_pages": 4,  # per instance and term, back to its cursor; a first run reads one
            # re-read this far below the cursor, for posts federated late (at most one page
            # past the one that reaches the cursor; the copies are dropped at insert)
            "reread_minutes": 120,
            "terms_per_run": 3,  # with "search": 3 min at 60 s (lemmy-ui's Crawl-delay)
        },
    ),
    _source(
        "jetstream",
        "Bluesky",  # Bluesky's post stream: its posts are Bluesky posts
        None,
        process="crawlers.jetstream",
        keys=("flush_every", "url"),
        ignored={
            "download_delay": "the stream is one websocket connection, no requests to pace; "
            "seconds and idle_seconds bound a run"
        },
        defaults={
            "enabled": False,  # a websocket firehose consumer; turn on explicitly
            "seconds": 60,
            "idle_seconds": 30,
            "max_events": 0,
            "max_message_bytes": 8 * 2**20,  # events are a few KB; a bigger one is stepped past
        },
    ),
)
BY_NAME: dict[str, Source] = {s.name: s for s in SOURCES}
NAMES: tuple[str, ...] = tuple(BY_NAME)


def default_sources() -> dict[str, dict[str, Any]]:
    """Each source's default settings, a fresh copy (Settings changes its own)."""
    return {s.name: copy.deepcopy(dict(s.defaults)) for s in SOURCES}


def label(name: str) -> str:
    """The platform's display name ("Hacker News"), else the name as stored."""
    source = BY_NAME.get(name)
    return source.label if source else name


def cursor_sources() -> list[str]:
    """The sources that remember where they stopped."""
    return [s.name for s in SOURCES if s.cursor]


def only(names: Iterable[str]) -> str:
    """TOML turning off every registered source not in `names`: the demo and the tests name
    the sources they crawl, so a source added later is never reached by them."""
    keep = set(names)
    if unknown := keep - set(NAMES):
        raise ValueError(f"unknown source(s): {', '.join(sorted(unknown))}")
    return "".join(f"[sources.{n}]\nenabled = false\n" for n in NAMES if n not in keep)
