"""Other official status feeds: Atom/RSS history feeds, Google Cloud's and Workspace's
incidents.json and AWS per-service RSS, for every catalog service whose status kind is atom,
rss, gcp or aws.

Each feed URL is read once per run however many services read it, sending back the last
answer's validators (304: nothing new, crawlers/conditional.py). AWS's per-update items are
folded into events (crawlers/aws_events.py); an incident that leaves Azure's feed of current
incidents is resolved (crawlers/current_feeds.py); on a feed several services share, an
incident goes to the services its products name (crawlers/status_pages.py). Cursor per
service and feed: the newest update stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import duckdb
import scrapy
from scrapy.http import Response

from crawlers.aws_events import fold_events
from crawlers.conditional import conditional_headers, validators_key, validators_of
from crawlers.current_feeds import (
    GONE,
    carry_over,
    gone,
    listed_key,
    lists_current_only,
    stored,
)
from crawlers.feed_entries import Parsed, feed_entries, gcp_incidents
from crawlers.items import CursorItem, OfficialIncidentItem, RetiredItem
from crawlers.normalise import to_utc_or_none, updated_mark
from crawlers.spiders.base import OutageSpider
from crawlers.status_pages import Page, for_services, group_pages, unowned_line
from warehouse import store

AWS_FEEDS = {
    "aws": [
        "https://status.aws.amazon.com/rss/ec2-us-east-1.rss",
        "https://status.aws.amazon.com/rss/s3-us-east-1.rss",
        "https://status.aws.amazon.com/rss/lambda-us-east-1.rss",
    ],
    "cloudfront": ["https://status.aws.amazon.com/rss/cloudfront.rss"],
}


@dataclass(frozen=True)
class Feed:
    """One feed URL, read once per run for the services this run wants of those reading it."""

    kind: str
    url: str  # where it is read: the feed, or its copy under `base_url`
    page: Page  # every service that reads it
    wanted: tuple[str, ...]
    current_only: bool  # lists only incidents in progress (Azure)

    def cursor_key(self, slug: str) -> str:
        return f"{slug}|{self.url}"


def _mark(value: object) -> str:
    try:
        stamp = to_utc_or_none(value)
    except ValueError:
        return ""
    return updated_mark(stamp)


def superseded(feed: Feed, read_ids: list[str], items: list[OfficialIncidentItem]) -> list[str]:
    """Ids of the feed's entries, for the services read, that this reading does not give:
    an earlier version's AWS row per update item (now one event), or a shared feed's incident
    stored for a service its products do not name (Meet under Gmail)."""
    made = {item.official_id for item in items}
    every = (f"{feed.kind}:{slug}:{nid}" for slug in feed.wanted for nid in read_ids)
    return sorted(oid for oid in every if oid not in made)


class StatusFeedsSpider(OutageSpider):
    name = "statusfeeds"
    source = "statusfeeds"
    # no published limit: [crawl] download_delay (1 s) between requests to one feed host

    def __init__(self, *args: Any, **kwargs: Any):
        self.listed_before: dict[str, dict[str, Any]] = {}  # read_at_start (base __init__)
        super().__init__(*args, **kwargs)
        self.started = store.utcnow()

    def feeds(self) -> list[Feed]:
        """Config `feeds` ({slug, kind, url, current_only}), else the catalog's, one per URL."""
        if self.cfg.get("feeds"):
            configured = list(self.cfg["feeds"])
            everyone = [(f["slug"], f["kind"], f["url"]) for f in configured]
            current = {f["url"] for f in configured if f.get("current_only")}
            wanted = {slug for slug, _, _ in everyone}
        else:
            everyone = self._catalog_feeds()
            current = set()
            wanted = {s.slug for s in self.services}
        kinds: dict[str, str] = {}
        for _, kind, url in everyone:
            kinds.setdefault(url, kind)
        base = str(self.cfg.get("base_url") or "").rstrip("/")
        out = []
        for url, page in group_pages(((s, u) for s, _, u in everyone), self.catalog).items():
            mine = tuple(s for s in page.slugs if s in wanted)
            if not mine:
                continue
            parts = urlsplit(url)
            read = f"{base}/{parts.netloc}{parts.path}" if base else url  # a mirror
            only_now = url in current or lists_current_only(url)
            out.append(Feed(kinds[url], read, page, mine, only_now))
        return out

    def _catalog_feeds(self) -> list[tuple[str, str, str]]:
        """(slug, kind, url) of every catalog service (AWS: `aws_feeds`)."""
        aws = dict(AWS_FEEDS, **(self.cfg.get("aws_feeds") or {}))
        out = []
        for svc in self.catalog:
            if svc.status_kind in ("atom", "rss") and svc.status_url:
                out.append((svc.slug, svc.status_kind, svc.status_url))
            elif svc.status_kind == "gcp" and svc.status_url:
                out.append((svc.slug, "gcp", svc.status_url.rstrip("/") + "/incidents.json"))
            elif svc.status_kind == "aws":
                out += [(svc.slug, "aws", url) for url in aws.get(svc.slug, [])]
        return out

    def read_at_start(self, con: duckdb.DuckDBPyConnection) -> None:
        """The feeds, and the incidents the feeds of current incidents listed before (by
        official_id): the open ones, and those taken as over when they left (they may come
        back); read with the cursors."""
        self.feed_list = self.feeds()
        for feed in self.feed_list:
            if feed.current_only:
                found = store.open_official_incidents(con, feed.kind, feed.wanted, GONE)
                self.listed_before.update(found)

    def initial_requests(self) -> Iterator[scrapy.Request]:
        for feed in self.feed_list:
            saved = self.cursors.get(validators_key(feed.url, feed.wanted))
            yield scrapy.Request(
                feed.url,
                callback=self.parse_feed,
                errback=self.on_error,
                dont_filter=True,
                headers=conditional_headers(saved),
                meta={"state": {"feed": feed}, "handle_httpstatus_list": [304]},
            )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        feed: Feed = response.meta["state"]["feed"]
        if feed.current_only:
            yield from self.listing_began(feed)
        if response.status == 304:
            self.logger.debug("statusfeeds: %s not modified since the last crawl", response.url)
            if feed.current_only:  # still listed, as last time: seen now
                yield from (stored(row) for row in self.still_open(feed).values())
            return
        try:
            parsed = self.read(feed.kind, response)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.skip(response.url, f"unusable feed: {exc}")
            return
        if parsed is None:
            return
        incidents, skipped = parsed
        for why in skipped:
            self.skip(response.url, why)
        read_ids = [inc.native_id for inc in incidents]
        if feed.kind == "aws":
            incidents = fold_events(incidents)
        items, unnamed = self.assign(feed, incidents)
        retired = superseded(feed, read_ids, items)
        if feed.current_only:
            items = self.with_listed_before(feed, items)
        yield from self.changed(feed, items, unnamed)
        if retired:
            yield RetiredItem(self.source, retired)
        yield CursorItem(
            self.source, validators_key(feed.url, feed.wanted), validators_of(response)
        )

    def read(self, kind: str, response: Response) -> Parsed | None:
        """The feed's incidents and why entries were skipped (None: the body was refused)."""
        if kind == "gcp":
            doc = self.load_json(response)
            return None if doc is None else gcp_incidents(doc, response.url.rsplit("/", 1)[0])
        try:
            body = response.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"body is not UTF-8 (byte {exc.start})") from None
        return feed_entries(re.sub(r"^\s*<\?xml[^>]*\?>", "", body), kind, response.url)

    def assign(
        self, feed: Feed, incidents: list[OfficialIncidentItem]
    ) -> tuple[list[OfficialIncidentItem], dict[str, str]]:
        """Each incident once per wanted service it belongs to; also, for the copies given to
        every service of a shared feed because it named no product, official id -> feed id."""
        out: list[OfficialIncidentItem] = []
        unnamed: dict[str, str] = {}
        unowned: list[str] = []  # the products named by incidents that went to no service
        for inc in incidents:
            owners, page_wide = feed.page.owners(inc.components)
            if not owners:
                unowned += [p for p in inc.components if isinstance(p, str)]
            mine = [s for s in owners if s in feed.wanted]
            copies = for_services(inc, mine, lambda s, i=inc.native_id: f"{s}:{i}")
            out += copies
            if page_wide:
                unnamed.update((c.official_id, inc.native_id) for c in copies)
        if unowned:
            self.logger.info("statusfeeds: %s", unowned_line(feed.page, unowned))
        return out, unnamed

    def listing_began(self, feed: Feed) -> Iterator[CursorItem]:
        """Record once when this reading of a feed of current incidents began: a row stored
        since then was stored because it was listed (crawlers/current_feeds.py)."""
        key = listed_key(feed.url)
        if not self.cursors.get(key):
            self.cursors[key] = self.started.isoformat()
            yield CursorItem(self.source, key, self.cursors[key])

    def listing_since(self, feed: Feed) -> datetime | None:
        """When an earlier run began this reading of the feed (None: this run did)."""
        began = self.cursors.get(listed_key(feed.url), "")
        try:
            return None if began == self.started.isoformat() else datetime.fromisoformat(began)
        except ValueError:
            return None

    def still_open(self, feed: Feed) -> dict[str, dict[str, Any]]:
        """The stored open incidents of this feed's wanted services."""
        return {
            oid: row
            for oid, row in self.listed_before.items()
            if row.get("source") == feed.kind
            and row.get("service_slug") in feed.wanted
            and row.get("resolved_at") is None
        }

    def with_listed_before(
        self, feed: Feed, items: list[OfficialIncidentItem]
    ) -> list[OfficialIncidentItem]:
        """Listed incidents keep what was stored of them; open ones no longer listed end."""
        listed = {item.official_id for item in items}
        out = [carry_over(item, self.listed_before.get(item.official_id)) for item in items]
        since = self.listing_since(feed)
        now = store.utcnow()
        out += [
            gone(row, since, now) for oid, row in self.still_open(feed).items() if oid not in listed
        ]
        return out

    def changed(
        self, feed: Feed, items: list[OfficialIncidentItem], unnamed: dict[str, str]
    ) -> Iterator[Any]:
        """Incidents updated since each service's cursor, then the cursors. A feed of current
        incidents is short and its items' times are the provider's clock: all of it, always."""
        newest: dict[str, str] = {}
        shared = set()
        for item in items:
            slug = str(item.service_slug)
            cursor = self.cursors.get(feed.cursor_key(slug), "")
            mark = _mark(item.updated_at)
            if not feed.current_only and cursor and mark and mark <= cursor:
                continue  # unchanged since the last run
            newest[slug] = max(newest.get(slug, cursor), mark)
            if item.official_id in unnamed:
                shared.add(unnamed[item.official_id])
            yield item
        if shared:
            self.logger.info(
                "statusfeeds: %s names no product in %d incidents; each went to every service "
                "reading it (%s)",
                feed.url,
                len(shared),
                ", ".join(feed.page.slugs),
            )
        for slug, mark in newest.items():
            if feed.current_only:
                break
            if mark and mark != self.cursors.get(feed.cursor_key(slug), ""):
                yield CursorItem(self.source, feed.cursor_key(slug), mark)
