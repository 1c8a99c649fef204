"""Bluesky Jetstream consumer: the whole public post stream, kept only when it names a
catalog service, stored like every spider's items (same items, same pipelines).

Bluesky asks bulk consumers to use the protocol rather than the search API. Jetstream is
a JSON websocket (`wantedCollections=app.bsky.feed.post`); each event carries `time_us`,
which is the resumable cursor: we store it with the posts it covers and reconnect with
`cursor=` after a restart. Delete events mark stored posts deleted. Not a Scrapy spider:
it runs beside the crawl as `python -m crawlers.jetstream` (see crawlers.runner).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from typing import Any
from urllib.parse import urlencode

import websockets

from crawlers.items import CursorItem, DeletionItem, PostItem
from crawlers.matching import CatalogMatcher
from crawlers.normalise import opaque_id
from crawlers.pipelines import (
    HashAuthorsPipeline,
    NormalisePipeline,
    Stats,
    StorePipeline,
    crawl_stats,
)
from crawlers.spiders.bluesky import post_url
from outagewatch.catalog import configured_catalog
from outagewatch.settings import Settings
from warehouse import store
from warehouse.db import writer

logger = logging.getLogger("crawlers.jetstream")
DEFAULT_URL = "wss://jetstream2.us-east.bsky.network/subscribe"
REWIND_US = 2_000_000  # resume a little early: events near the cursor may have been in flight
SKIP_US = 1_000_000  # past an event too big to read: the least that surely passes it
MAX_SKIPS = 3  # in a row, with no event read between: then it is a failure like any other
# Jetstream keeps a bounded history: asked for a cursor older than it holds, it replays from
# its oldest event without a word. Posts flow every second, so a first event this far past
# the cursor asked means the time between was not available.
GAP_US = 60_000_000


def event_to_item(event: dict[str, Any]) -> PostItem | DeletionItem | None:
    """A Jetstream commit event on app.bsky.feed.post as an item (None for anything else)."""
    if event.get("kind") != "commit":
        return None
    commit = event["commit"]
    if commit.get("collection") != "app.bsky.feed.post":
        return None
    uri = f"at://{event['did']}/app.bsky.feed.post/{commit['rkey']}"
    if commit.get("operation") == "delete":
        return DeletionItem("bluesky", opaque_id(uri))
    if commit.get("operation") != "create":
        return None
    record = commit["record"]
    langs = record.get("langs") or []
    return PostItem(
        source="bluesky",
        native_id=opaque_id(uri),
        created_at=record["createdAt"],
        text=record["text"],
        url=post_url(event["did"], uri),
        author_handle=event["did"],
        lang_hint=langs[0] if langs else None,
        query="jetstream",
    )


class JetstreamConsumer:
    """Read events for a while, store matching posts, remember where we stopped."""

    def __init__(self, settings: Settings, services: list[str] | None = None, report: Any = None):
        self.settings = settings
        self.cfg = {
            **{"url": settings.source("bluesky").get("jetstream_url", DEFAULT_URL)},
            **settings.source("jetstream"),
        }
        wanted = set(services or [])
        # the configured catalog, as the spiders read it ([catalog] path and extra)
        catalog = configured_catalog(settings)
        self.matcher = CatalogMatcher(s for s in catalog if not wanted or s.slug in wanted)
        self.stats = Stats()
        self.normalise = NormalisePipeline(self.stats)
        self.hasher = HashAuthorsPipeline(
            settings.salt if settings.hash_authors else "", settings.hash_authors
        )
        self.store = StorePipeline(
            str(settings.db_path),
            self.stats,
            "jetstream",
            flush_every=int(self.cfg.get("flush_every", 500)),
            on_flush=report,
        )

    def start(self, cursor: int | None, rewind: bool = True) -> int | None:
        """The cursor asked of the server: the stored one, a little early (or None)."""
        return max(0, cursor - (REWIND_US if rewind else 0)) if cursor else None

    def url(self, cursor: int | None, rewind: bool = True) -> str:
        # maxMessageSizeBytes: the server leaves out just an event over the limit (Jetstream's
        # README, "Consuming Jetstream"), where the client's own limit closes the connection
        # and costs a second of the stream (the last resort, below, for a server without it)
        params = {
            "wantedCollections": "app.bsky.feed.post",
            "maxMessageSizeBytes": str(int(self.cfg["max_message_bytes"])),
        }
        if (start := self.start(cursor, rewind)) is not None:
            params["cursor"] = str(start)
        return f"{str(self.cfg['url']).rstrip('?')}?{urlencode(params)}"

    def check_gap(self, asked: int, first: int) -> None:
        """Say (once per connection) when the stream resumed well after the cursor asked."""
        if first - asked <= GAP_US:
            return
        self.stats.inc_value("outagewatch/errors")
        logger.warning(
            "jetstream: the stream resumed %s after the stored cursor (the server's history "
            "holds no older events); posts in between were not available",
            _span((first - asked) / 1e6),
        )

    def handle(self, raw: str | bytes) -> int | None:
        """Process one message; returns its time_us (None when unusable)."""
        self.stats.inc_value("downloader/request_count")
        try:
            event = json.loads(raw)
            item = event_to_item(event)
            time_us = int(event["time_us"])
        except (ValueError, KeyError, TypeError) as exc:
            self.stats.inc_value("outagewatch/errors")
            logger.warning("jetstream: skipped an event from %s: %s", self.cfg["url"], exc)
            return None
        if isinstance(item, PostItem) and self.matcher.matches(item.text):
            try:
                self.store.process_item(self.hasher.process_item(self.normalise.process_item(item)))
            except Exception as exc:  # DropItem and friends: one bad post, not the stream
                logger.info("jetstream: dropped %s: %s", item.native_id, exc)
        elif isinstance(item, DeletionItem):
            self.store.process_item(item)
        return time_us

    async def run(self) -> dict[str, int]:
        seconds = float(self.cfg.get("seconds", 60))
        idle = float(self.cfg.get("idle_seconds", 30))
        max_events = int(self.cfg.get("max_events", 0))
        with writer(self.settings.db_path) as con:
            saved = store.get_cursor(con, "jetstream", "time_us")
        cursor = int(saved) if saved else None
        deadline = time.monotonic() + seconds
        events, failures, rewind, skips = 0, 0, True, 0
        # a frame over this is refused by the websocket library (settings: 8 MiB, where
        # events are a few KB); the server is asked to leave such events out (url()), and one
        # that does not would send it again after every reconnect
        max_size = int(self.cfg["max_message_bytes"])
        while time.monotonic() < deadline and (not max_events or events < max_events):
            asked = self.start(cursor, rewind)
            try:
                async with websockets.connect(
                    self.url(cursor, rewind),
                    max_size=max_size,
                    open_timeout=10,
                    user_agent_header=self.settings.user_agent,
                ) as ws:
                    rewind = True
                    while not max_events or events < max_events:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            break
                        try:
                            raw = await asyncio.wait_for(ws.recv(), timeout=min(left, idle))
                        except TimeoutError:
                            break
                        # a read event, not a mere connection, shows the stream works
                        events, skips, failures = events + 1, 0, 0
                        stamp = self.handle(raw)
                        if stamp and asked:
                            self.check_gap(asked, stamp)
                            asked = None  # the first event of this connection only
                        if stamp:
                            cursor = max(cursor or 0, stamp)
                            if events % 200 == 0:
                                self.store.process_item(
                                    CursorItem("jetstream", "time_us", str(cursor))
                                )
                    break
            except (OSError, websockets.WebSocketException, TimeoutError) as exc:
                self.stats.inc_value("outagewatch/errors")
                if _too_big(exc) and cursor and skips < MAX_SKIPS:
                    # the event after the cursor is too big to read and would come back after
                    # every reconnect, stalling the stream for good: step past it, say so
                    logger.warning(
                        "jetstream: an event after time_us %d is over %d bytes and cannot be "
                        "read; skipping 1 s of the stream (posts in it may be missed)",
                        cursor,
                        max_size,
                    )
                    cursor, rewind, skips = cursor + SKIP_US, False, skips + 1
                    await asyncio.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
                    continue
                failures += 1
                logger.warning("jetstream: connection to %s failed: %s", self.cfg["url"], exc)
                if failures >= 3:
                    break
                await asyncio.sleep(min(2.0**failures, max(0.0, deadline - time.monotonic())))
        if cursor:
            self.store.process_item(CursorItem("jetstream", "time_us", str(cursor)))
        self.store.close_spider()
        return crawl_stats(self.stats.get_stats())


def _span(seconds: float) -> str:
    """'3.2 h', '14 min': how long a gap was."""
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def _too_big(exc: BaseException) -> bool:
    """The connection was closed by us because a frame was over max_size (code 1009)."""
    sent = getattr(exc, "sent", None)
    closed = isinstance(exc, websockets.ConnectionClosedError)
    return closed and sent is not None and sent.code == 1009


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.jetstream")
    parser.add_argument("--service", action="append", default=[])
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    out = sys.stdout
    sys.stdout = sys.stderr
    logging.basicConfig(
        level=args.log_level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    from crawlers.runner import emit, settings_from_json

    settings = settings_from_json(sys.stdin.read())
    consumer: JetstreamConsumer | None = None

    def report() -> None:
        emit(
            out,
            "progress",
            "jetstream",
            stats=crawl_stats(consumer.stats.get_stats()) if consumer else {},
        )

    consumer = JetstreamConsumer(settings, args.service or None, report)
    stats = asyncio.run(consumer.run())
    emit(out, "stats", "jetstream", stats=stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
