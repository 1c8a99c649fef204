"""What every outagewatch spider shares: settings, catalog, cursors and bad-input handling.

A response that cannot be used (HTTP error, HTML error page, non-UTF-8 or malformed JSON,
an item with a missing field) is logged with the source and the URL, counted in the
`outagewatch/errors` stat and skipped; the crawl goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import duckdb
import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.answers import ANSWER, STAT_SPOILED, SkipTally, describe_failure, describe_paused
from crawlers.budget import plan_terms
from crawlers.items import CursorItem
from crawlers.normalise import to_utc, utc_text
from crawlers.scrapy_internals import require_internals
from crawlers.settings import source_delay
from outagewatch.catalog import Service, configured_catalog
from outagewatch.settings import Settings, load_settings
from warehouse.db import writer

HTTP_HINTS = {
    401: "the server wants credentials, or refused the ones sent",
    403: "access refused (credentials, robots rules or a blocked User-Agent)",
    404: "no such endpoint (check the base URL in the configuration)",
    410: "gone",
    422: "the server refused the query",
    429: "rate limited, retries exhausted (raise the source's download_delay)",
}

# Search indexes take some posts in minutes after they were written (Algolia's HN index
# lags: algolia/hn-search#56; Reddit's search and Bluesky's AppView too), so a cursor on the
# newest creation time seen would skip for ever a post indexed after a later one was read.
# Each incremental read starts this much before its mark; the store drops the re-read
# copies (posts are keyed source:native_id and inserted with INSERT OR IGNORE).
REREAD = timedelta(minutes=10)


def env(name: str) -> str:
    """A credential from the environment ('' when unset). Never log the value."""
    return os.environ.get(name, "").strip()


class BadResponse(ValueError):
    """A response body that is not the JSON document the API promises; `reason` is what it
    is without this answer's details (sizes, positions), to count alike answers together."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason or message


def epoch_text(epoch: float) -> str:
    """Epoch seconds for a log line, even one out of any calendar's range."""
    try:
        return utc_text(to_utc(epoch))
    except ValueError:
        return f"{epoch!r} (epoch seconds)"


class OutageSpider(scrapy.Spider):
    """Base class: one source, its config dict, the (filtered) catalog and its cursors."""

    source: ClassVar[str] = ""
    # seconds between requests, no faster than the API's published rate limit allows
    # (Reddit: 0.7 s where 0.6 s is its 100 a minute exactly), so the crawl stays under it
    # rather than lean on X-Ratelimit-Remaining; such a source goes without Scrapy's ±50 %
    # jitter, which would go below it (X's 15 s at 7.5 s), as Lemmy's Crawl-delay does
    # (crawlers/robots.py): every gap is the delay or more, so no window of the limit holds
    # more requests than it allows. None: no published limit, [crawl] download_delay
    # applies (crawlers/settings.py), with the jitter
    documented_delay: ClassVar[float | None] = None
    # (floor, ceiling): go at each host's robots.txt Crawl-delay within them
    # (crawlers/robots.py); None: robots.txt's Crawl-delay is not read
    crawl_delay_bounds: ClassVar[tuple[float, float] | None] = None
    custom_settings: ClassVar[dict[str, Any]] = {}

    def __init__(
        self,
        ow_settings: Settings | None = None,
        services: list[str] | None = None,
        since: datetime | None = None,
        **kwargs: Any,
    ):
        super().__init__(name=self.name, **kwargs)
        if ow_settings is None:  # plain `scrapy crawl NAME`: settings as the CLI would load them
            ow_settings = load_settings()
        self.ow = ow_settings
        self.cfg: dict[str, Any] = dict(ow_settings.source(self.source))
        catalog = configured_catalog(ow_settings)
        self.catalog: tuple[Service, ...] = catalog  # whole: who else reads a status page
        if isinstance(services, str):  # `scrapy crawl NAME -a services=spotify,discord`
            services = [x.strip() for x in services.split(",") if x.strip()]
        wanted = set(services or [])
        self.services: list[Service] = [s for s in catalog if not wanted or s.slug in wanted]
        self.since = since
        self.tally = SkipTally()
        self.cursors = self._load_cursors()

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """Per-source request delay from the API's documented rate limit (or the config);
        AutoThrottle starts there too, not at its global 1 s."""
        require_internals()  # DOWNLOAD_DELAY_JITTER below, robots.py's pace: before any crawl
        super().update_settings(settings)
        ow = settings.get("OUTAGEWATCH_SETTINGS")
        if ow is not None:
            delay = source_delay(ow, cls.source, cls.documented_delay)
            settings.set("DOWNLOAD_DELAY", delay, priority="spider")
            settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="spider")
        if cls.documented_delay is not None:  # a published limit: never below it
            settings.set("DOWNLOAD_DELAY_JITTER", 0.0, priority="spider")

    def epoch_cursor(self, key: str, stored: float, limit: float, skew: timedelta) -> float:
        """The epoch cursor to read ``key`` from: the stored one, unless a bad date put it past
        ``limit`` (the crawl's clock plus ``skew``); then the clock's, said in a line."""
        if stored <= limit:
            return stored
        mark = limit - skew.total_seconds()
        self.logger.warning(
            "%s: the cursor of %s was %s, ahead of this crawl's clock; read from %s",
            self.source, key, epoch_text(stored), epoch_text(mark),
        )  # fmt: skip
        return mark

    def dated_ahead(self, created: float, limit: float, what: str, key: str) -> bool:
        """A post dated past ``limit``: stored or not by the pipeline's rule for every source
        (a day ahead at most), but the cursor of ``key`` does not follow it (said)."""
        if created <= limit:
            return False
        self.logger.warning(
            "%s: %s is dated %s, ahead of this crawl's clock; the cursor of %s does not move "
            "to it",
            self.source, what, epoch_text(created), key,
        )  # fmt: skip
        return True

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        """Why this source cannot run with these settings (missing credentials), or None."""
        return None

    # -- cursors ---------------------------------------------------------------------------
    def _load_cursors(self) -> dict[str, str]:
        hot_minutes = float(self.cfg.get("hot_minutes", 60))
        recent: list[tuple[str, datetime]] = []
        with writer(self.ow.db_path) as con:
            rows = con.execute(
                "SELECT key, cursor FROM crawl_cursors WHERE source = ?", [self.source]
            ).fetchall()
            if self.cfg.get("terms_per_run"):  # only a budget needs to know the busy terms
                # when each search term last brought a post written within the hot window
                recent = con.execute(
                    "SELECT query, max(created_at) FROM posts WHERE source = ?"
                    " AND query IS NOT NULL AND created_at > ? GROUP BY query",
                    [self.source, _utcnow() - timedelta(minutes=hot_minutes)],
                ).fetchall()
            self.read_at_start(con)
        self.term_activity: dict[str, datetime] = dict(recent)
        return {k: c for k, c in rows}

    def read_at_start(self, con: duckdb.DuckDBPyConnection) -> None:
        """Read what else the crawl needs from the warehouse, on the connection that reads
        the cursors before the crawl starts: opened mid-crawl, a writer would wait on the
        reactor thread (up to a minute) for any other process holding the file."""

    def plan(self, terms: dict[str, str], scope: str) -> tuple[list[str], CursorItem | None]:
        """The cursor keys this run polls within the source's `terms_per_run` budget (0 or
        unset: all): ``terms`` maps each cursor key to its search term. Also the item that
        stores where the next run's rotation resumes (None when every term is polled)."""
        rotation = f"rotation|{scope}"
        offset = self.cursors.get(rotation, "0")
        activity = {k: self.term_activity[t] for k, t in terms.items() if t in self.term_activity}
        plan = plan_terms(
            list(terms),
            activity,
            int(offset) if is_id_number(offset) else 0,
            self.cfg.get("terms_per_run"),
            _utcnow(),
            float(self.cfg.get("hot_minutes", 60)),
        )
        crawler = getattr(self, "crawler", None)  # absent when a test builds the spider alone
        pace = crawler.settings.getfloat("DOWNLOAD_DELAY") if crawler else 0.0
        self.logger.info("%s %s", self.source, plan.describe(scope, pace))
        if len(plan.keys) == plan.total:
            return plan.keys, None
        return plan.keys, CursorItem(self.source, rotation, str(plan.next_offset))

    # -- requests --------------------------------------------------------------------------
    def initial_requests(self) -> Iterable[scrapy.Request]:
        raise NotImplementedError

    async def start(self) -> AsyncIterator[Any]:
        for request in self.initial_requests():
            yield request

    def request(self, url: str, callback: Any, **state: Any) -> scrapy.Request:
        """A JSON API request; `state` travels in meta["state"] to the callback."""
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"state": state, **_scope(state)},
            dont_filter=True,
            headers={"Accept": "application/json"},
        )

    def api_request(
        self,
        url: str,
        callback: Any,
        authorization: str,
        method: str = "GET",
        body: bytes | None = None,
        **state: Any,
    ) -> scrapy.Request:
        """An authenticated API call. robots.txt is for crawlers of web pages, not for
        authenticated API clients, so it is not consulted; the token is never logged."""
        headers = {"Accept": "application/json", "Authorization": authorization}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            method=method,
            body=body,
            headers=headers,
            dont_filter=True,
            meta={"state": state, "dont_obey_robotstxt": True, **_scope(state)},
        )

    def warn_unread(
        self, query: str, max_pages: int, reached: datetime | None, mark: datetime | None
    ) -> None:
        """max_pages ended a read before it reached the last run's mark: the cursor still
        moves to the newest post, so the posts in between are never fetched. Say so."""
        back = f"read back to {utc_text(reached)}" if reached else f"read {max_pages} pages"
        lost = f"posts between then and {utc_text(mark)} are" if mark else "older posts are"
        self.logger.warning(
            "%s: query %r has more new posts than max_pages=%d pages; %s, %s not fetched "
            "(raise sources.%s.max_pages)",
            self.source,
            query,
            max_pages,
            back,
            lost,
            self.source,
        )

    # -- bad input -------------------------------------------------------------------------
    def count_error(self) -> None:
        self.crawler.stats.inc_value("outagewatch/errors")

    def skip(self, url: str, why: str, reason: str | None = None, kind: str = ANSWER) -> None:
        """Count one unusable response or item. The first of its `reason` (default: `why`)
        is said with its URL when the spider closes, with how many more failed alike: one
        line, not one per request (-v says each as it happens)."""
        self.count_error()
        tally = self.tally
        if url in tally.answered and url not in tally.spoiled:
            tally.spoiled.add(url)
            self.crawler.stats.inc_value(STAT_SPOILED)
        tally.add(url, why, reason or why, kind)
        self.logger.debug("%s: skipped %s: %s", self.source, url, why)

    def closed(self, reason: str) -> None:
        for line in self.tally.lines(self.source):
            self.logger.warning("%s", line)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if request.meta.get("rate_limit_paused"):
            self.count_error()  # RetryAfterMiddleware said it once for the host
            reason, kind = describe_paused(failure)
            self.tally.add(request.url, reason, reason, kind, said=False)
            self.logger.debug("%s: %s unread this run: %s", self.source, request.url, failure.value)
        elif failure.check(HttpError):
            status = failure.value.response.status
            hint = self.http_hint(status, request)
            self.skip(request.url, f"HTTP {status}" + (f" ({hint})" if hint else ""), kind=ANSWER)
        else:
            timeout = request.meta.get("download_timeout") or self.crawler.settings.getfloat(
                "DOWNLOAD_TIMEOUT"
            )
            why, reason, kind = describe_failure(failure, timeout)
            self.skip(request.url, why, reason, kind)

    def http_hint(self, status: int, request: scrapy.Request) -> str:
        return HTTP_HINTS.get(status, "")

    def load_json(self, response: Response) -> Any:
        """The JSON body, or None after logging why it could not be read."""
        try:
            return parse_json_body(response)
        except BadResponse as exc:
            self.skip(response.url, str(exc), exc.reason)
            return None


def _scope(state: dict[str, Any]) -> dict[str, str]:
    """Where a rate limit applies (RetryAfterMiddleware): an instance's base URL when the
    source reads several (Mastodon), else the host, the middleware's default."""
    return {"rate_limit_scope": state["base"]} if isinstance(state.get("base"), str) else {}


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # the warehouse stores naive UTC


def utc_epoch(when: datetime) -> float:
    """Epoch seconds of a naive-UTC datetime (a bare .timestamp() would read local time)."""
    return when.replace(tzinfo=UTC).timestamp() if when.tzinfo is None else when.timestamp()


def parse_json_body(response: Response) -> Any:
    """Decode a response as strict UTF-8 JSON; raise BadResponse saying what is wrong."""
    body = response.body
    if not body.strip():
        raise BadResponse("empty body")
    html = "an HTML page where JSON was expected"
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    head = body.lstrip()[:1]
    if "html" in ctype or head == b"<":
        raise BadResponse(f"{html} ({len(body)} bytes)", html)
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadResponse(f"body is not UTF-8 (byte {exc.start})", "body is not UTF-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadResponse(
            f"malformed JSON: {exc.msg} at line {exc.lineno} col {exc.colno}", "malformed JSON"
        ) from None
    except RecursionError:  # "[[[[..." a few thousand deep: json recurses per level
        raise BadResponse("malformed JSON: nested too deeply", "malformed JSON") from None


def is_id_number(value: str) -> bool:
    """Whether an id or cursor is a plain number: ASCII digits only, since `str.isdigit`
    also accepts "²" or "①", which `int` refuses (a fuzzed page once held such an id)."""
    return value.isascii() and value.isdigit()


def ids_key(value: str) -> tuple[int, int | str]:
    """Order numeric string ids (snowflakes) numerically, others lexically."""
    return (0, int(value)) if is_id_number(value) else (1, value)
