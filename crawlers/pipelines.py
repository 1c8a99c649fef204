"""Item pipelines: normalise, hash author handles, store through the warehouse.

Order (see crawlers.settings.ITEM_PIPELINES): Normalise (100) -> HashAuthors (200) ->
Store (900). The store pipeline buffers items and flushes them in short write
transactions, posts before cursors, so a cursor never runs ahead of stored posts.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers.items import (
    CheckedItem,
    CursorItem,
    DeletionItem,
    MissingItem,
    OfficialIncidentItem,
    PostItem,
    RetiredItem,
)
from crawlers.normalise import (
    clean_text,
    clean_url,
    hash_handle,
    html_to_text,
    lang_tag,
    to_utc,
    to_utc_or_none,
)
from outagewatch.settings import load_settings
from warehouse import rechecks, store
from warehouse.db import WarehouseError, writer

logger = logging.getLogger(__name__)
STAT = "outagewatch/"
RETRY_WRITE_SECONDS = 5.0


def _settings(crawler: Crawler) -> Any:
    """outagewatch Settings: given by crawlers.runner, else loaded as the CLI would
    (OUTAGEWATCH_CONFIG / OUTAGEWATCH_DB), so plain `scrapy crawl NAME` also works."""
    ow = crawler.settings.get("OUTAGEWATCH_SETTINGS")
    return ow if ow is not None else load_settings()


class NormalisePipeline:
    """UTC timestamps, HTML to text, language tags and URLs in one shape for every source."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        now = store.utcnow()
        if isinstance(item, PostItem):
            try:
                item.created_at = to_utc(item.created_at)
                _plausible(item.created_at, now)
            except ValueError as exc:
                self.stats.inc_value(STAT + "skipped")
                item.author_handle = None  # Scrapy logs a dropped item whole
                raise DropItem(
                    f"{item.source}: skipped post {item.url or item.native_id}: {exc}"
                ) from None
            item.text = html_to_text(item.text) if item.text_is_html else clean_text(item.text)
            item.text_is_html = False
            if not item.text:
                self.stats.inc_value(STAT + "skipped")
                item.author_handle = None
                raise DropItem(f"{item.source}: post {item.native_id} has no text")
            item.url = clean_url(item.url)
            item.lang_hint = lang_tag(item.lang_hint)
            item.author_location = clean_text(item.author_location, 200) or None
            item.venue = clean_text(item.venue, 100) or None
            item.thread_title = clean_text(item.thread_title, 500) or None
            item.fetched_at = now
        elif isinstance(item, OfficialIncidentItem):
            for name in (
                "created_at",
                "started_at",
                "acknowledged_at",
                "resolved_at",
                "updated_at",
            ):
                try:
                    setattr(item, name, to_utc_or_none(getattr(item, name)))
                except ValueError as exc:
                    logger.warning(
                        "%s: incident %s: bad %s: %s", item.source, item.native_id, name, exc
                    )
                    setattr(item, name, None)
            item.url = clean_url(item.url)
            item.name = clean_text(item.name, 500) or None
            item.fetched_at = now
        return item


def names_author(url: str, handle: str) -> bool:
    """Whether a link names its post's author: a path segment that is the handle, or
    ``@name`` of it (a Bluesky ``/profile/did:plc:…/post/…``, a Mastodon ``/@alice/1``)."""
    path = unquote(urlsplit(url).path).casefold()
    who = handle.casefold()
    name = who.split("@", 1)[0] if "@" in who.lstrip("@") else who.lstrip("@")
    return any(seg == who or seg == f"@{name}" for seg in path.split("/") if seg)


class HashAuthorsPipeline:
    """Replace author handles with a salted hash (unless privacy.hash_authors is false).

    A link that names the author (Bluesky has no public route to a post without its
    author's DID) is not stored either while handles are hashed: the DID is permanent and
    resolves publicly to the handle, so it would undo the hash."""

    def __init__(self, salt: str, enabled: bool):
        self.salt = salt
        self.enabled = enabled

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HashAuthorsPipeline:
        ow = _settings(crawler)
        return cls(ow.salt if ow.hash_authors else "", bool(ow.hash_authors))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PostItem) and item.author_handle:
            handle = item.author_handle
            item.author_hash = hash_handle(handle, self.salt) if self.enabled else handle
            item.author_handle = None
            if self.enabled and item.url and names_author(item.url, handle):
                item.url = None
        return item


class StorePipeline:
    """Buffer items and write them in short transactions; cursors go in last."""

    def __init__(
        self,
        db_path: str,
        stats: Any,
        source: str,
        run_id: str | None = None,
        flush_every: int = 500,
        flush_seconds: float = 10.0,
        on_flush: Callable[[], None] | None = None,
    ):
        self.db_path = db_path
        self.stats = stats
        self.source = source
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.flush_every = flush_every
        self.flush_seconds = flush_seconds
        self.on_flush = on_flush
        self.posts: list[dict[str, Any]] = []
        self.incidents: list[dict[str, Any]] = []
        self.deletions: list[str] = []
        self.checked: list[str] = []  # post keys the source was asked about again
        self.unanswered: list[str] = []  # asked about, but its answer left them all out
        self.missing: list[str] = []  # post keys it left out of its answer
        self.retired: list[str] = []  # official ids superseded (crawlers/items.RetiredItem)
        self.cursors: dict[tuple[str, str], str] = {}
        self.last_flush = time.monotonic()
        self.retry_at = 0.0
        self.started_at = store.utcnow()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        ow = _settings(crawler)

        def flushed() -> None:
            crawler.signals.send_catch_log(signal=STORE_FLUSHED, spider=crawler.spider)

        return cls(
            str(ow.db_path),
            crawler.stats,
            crawler.spidercls.name,
            crawler.settings.get("OUTAGEWATCH_RUN_ID"),
            int(crawler.settings.getfloat("OUTAGEWATCH_FLUSH_EVERY", 500)),
            crawler.settings.getfloat("OUTAGEWATCH_FLUSH_SECONDS", 10.0),
            flushed,
        )

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PostItem):
            row = _row(item)
            row["post_key"] = item.post_key
            row["query"] = clean_text(item.query, 500) or None
            self.posts.append({k: row.get(k) for k in store.POST_COLUMNS})
        elif isinstance(item, OfficialIncidentItem):
            row = _row(item)
            row["official_id"] = item.official_id
            self.incidents.append({k: row.get(k) for k in store.OFFICIAL_COLUMNS})
        elif isinstance(item, DeletionItem):
            self.deletions.append(item.post_key)
        elif isinstance(item, CheckedItem):
            (self.checked if item.answered else self.unanswered).extend(item.post_keys)
        elif isinstance(item, MissingItem):
            self.missing.extend(item.post_keys)
        elif isinstance(item, RetiredItem):
            self.retired.extend(item.official_ids)
        elif isinstance(item, CursorItem):
            self.cursors[(item.source, item.key)] = item.cursor
        rechecked = (
            len(self.deletions) + len(self.checked) + len(self.unanswered) + len(self.missing)
        )
        pending = len(self.posts) + len(self.incidents) + rechecked + len(self.retired)
        if time.monotonic() < self.retry_at:
            return item  # the last write failed (disk full?): wait before trying again
        if pending >= self.flush_every or (
            time.monotonic() - self.last_flush >= self.flush_seconds and (pending or self.cursors)
        ):
            self.flush()
        return item

    def flush(self, closing: bool = False) -> None:
        self.try_flush(closing)

    def _flush(self, closing: bool = False) -> None:
        """Write everything buffered. Posts and incidents commit before any cursor moves."""
        self.last_flush = time.monotonic()
        buffered = (
            self.posts
            or self.incidents
            or self.deletions
            or self.checked
            or self.unanswered
            or self.missing
            or self.retired
        )
        if not (closing or buffered or self.cursors):
            return
        with writer(self.db_path) as con:
            new, dup = store.insert_posts(con, self.posts)
            inc_new, inc_upd = store.upsert_official_incidents(con, self.incidents)
            missing_long = rechecks.mark_missing(con, self.missing)  # missing a day ago too
            deleted = store.mark_deleted(con, self.deletions + missing_long)
            rechecks.mark_checked(con, self.checked)
            rechecks.mark_checked(con, self.unanswered, keep_missing=True)
            retired = store.delete_official_incidents(con, self.retired)
            for (source, key), cursor in self.cursors.items():
                store.set_cursor(con, source, key, cursor)
            self.stats.inc_value(STAT + "posts_new", new)
            self.stats.inc_value(STAT + "posts_dup", dup)
            self.stats.inc_value(STAT + "official_new", inc_new)
            self.stats.inc_value(STAT + "official_updated", inc_upd)
            self.stats.inc_value(STAT + "deleted", deleted)
            if retired:
                self.stats.inc_value(STAT + "official_retired", retired)
                logger.info(
                    "%s: removed %d official incidents an earlier version had stored under an "
                    "id or for a service the page no longer gives them",
                    self.source,
                    retired,
                )
            if closing:
                store.record_crawl_run(
                    con,
                    self.run_id,
                    self.source,
                    self.started_at,
                    store.utcnow(),
                    crawl_stats(self.stats.get_stats()),
                )
        self.posts, self.incidents, self.deletions, self.checked = [], [], [], []
        self.missing, self.unanswered = [], []
        self.retired = []
        self.cursors = {}
        if self.on_flush is not None:
            self.on_flush()

    def close_spider(self) -> None:
        self.flush(closing=True)

    def try_flush(self, closing: bool = False) -> None:
        """flush(), but a warehouse that cannot be written (disk full, read-only, locked
        too long) is one clear log line, not a traceback; the buffer is kept for the next
        attempt, and cursors never move past what is stored, so the next crawl refetches."""
        try:
            self._flush(closing)
        except WarehouseError as exc:
            self.stats.inc_value(STAT + "errors")
            self.retry_at = time.monotonic() + RETRY_WRITE_SECONDS
            n = len(self.posts) + len(self.incidents)
            if closing:
                logger.error(
                    "%s: %d items not stored this run (the next crawl fetches them again): %s",
                    self.source,
                    n,
                    exc,
                )
            else:
                logger.error(
                    "%s: cannot store %d items yet, retrying in %.0f s: %s",
                    self.source,
                    n,
                    RETRY_WRITE_SECONDS,
                    exc,
                )


# A post dated before this, or more than a day ahead of our clock, has a broken timestamp
# (an epoch of 0, a misconfigured server clock); it would poison the 5-minute buckets.
OLDEST_POST = datetime(2000, 1, 1)
CLOCK_SKEW = timedelta(days=1)


def _plausible(created_at: datetime, now: datetime) -> None:
    if created_at < OLDEST_POST:
        raise ValueError(f"implausible date {created_at:%Y-%m-%d} (before {OLDEST_POST:%Y})")
    if created_at > now + CLOCK_SKEW:
        raise ValueError(f"implausible date {created_at:%Y-%m-%d} (in the future)")


def _row(item: Any) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in fields(item)}


STORE_FLUSHED = object()  # signal: the store pipeline wrote a batch (progress reporting)


class Stats:
    """The slice of Scrapy's stats collector the pipelines use, for non-Scrapy producers
    (the Jetstream consumer)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def get_stats(self) -> dict[str, Any]:
        return dict(self.values)


def crawl_stats(raw: dict[str, Any]) -> dict[str, int]:
    """The per-source summary `outagewatch crawl` prints, from Scrapy's stats."""
    return {
        "requests": int(raw.get("downloader/request_count", 0)),
        # answers of any status: none at all means the source could not be reached
        "responses": int(raw.get("downloader/response_count", 0)),
        "posts_new": int(raw.get(STAT + "posts_new", 0)),
        "posts_dup": int(raw.get(STAT + "posts_dup", 0)),
        "official_new": int(raw.get(STAT + "official_new", 0)),
        # bad responses the spiders skipped, plus exceptions raised in their callbacks
        "errors": int(raw.get(STAT + "errors", 0)) + int(raw.get("spider_exceptions/count", 0)),
        # answers that reached a spider and were used whole (crawlers/answers.py): none, with
        # errors, means every request got an error answer
        "answers_used": int(raw.get(STAT + "answers", 0))
        - int(raw.get(STAT + "answers_skipped", 0)),
    }
