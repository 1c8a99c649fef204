"""Downloader middleware: retries with back-off on 429/5xx that honour the server's reset time.

APIs say when a rate limit lifts in different ways: `Retry-After` (seconds or an HTTP date);
Mastodon sends no Retry-After but `X-RateLimit-Reset` as an ISO 8601 time; Reddit sends
`X-Ratelimit-Reset` as seconds until the reset; X sends `x-rate-limit-reset` as Unix epoch
seconds. Waiting out the window, rather than retrying after a few seconds, is what stops a
crawler hammering a 5-15 minute window.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.http.headers import Headers
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet import error as net

from crawlers.normalise import to_utc, utc_text

logger = logging.getLogger(__name__)

# Header names are case-insensitive: this covers X-RateLimit-Reset (Mastodon, GitHub),
# X-Ratelimit-Reset (Reddit), x-rate-limit-reset (X) and the IETF draft's RateLimit-Reset.
RESET_HEADERS = (b"X-RateLimit-Reset", b"X-Rate-Limit-Reset", b"RateLimit-Reset")
# ...and how many requests the window has left: Reddit's X-Ratelimit-Remaining (a float),
# Mastodon's X-RateLimit-Remaining, X's x-rate-limit-remaining, Bluesky's RateLimit-Remaining.
REMAINING_HEADERS = (b"X-RateLimit-Remaining", b"X-Rate-Limit-Remaining", b"RateLimit-Remaining")
# A numeric reset above this is a Unix time (2001-09-09 onwards), below it seconds to wait:
# no rate-limit window lasts 30 years.
EPOCH_THRESHOLD = 1_000_000_000


def _text(value: bytes | str | None) -> str:
    if value is None:
        return ""
    return (value.decode("latin-1") if isinstance(value, bytes) else value).strip()


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    text = _text(value)
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    return _until(_time(text), now)


def reset_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds until a rate-limit reset header's time: epoch seconds, seconds until the
    reset, an ISO 8601 time or an HTTP date; None when it cannot be read."""
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return _until(_time(text), now)
    if number >= EPOCH_THRESHOLD:
        return max(0.0, number - (time.time() if now is None else now))
    return max(0.0, number)


def rate_limit_wait(status: int, headers: Headers, now: float | None = None) -> float | None:
    """Seconds the server asks us to wait before retrying, or None when it does not say.
    Retry-After counts on any retryable status; the reset headers only on a 429, since
    some APIs (Reddit) send them on every response, including a 500."""
    wait = retry_after_seconds(headers.get(b"Retry-After"), now)
    if wait is None and status == 429:
        for name in RESET_HEADERS:
            wait = reset_seconds(headers.get(name), now)
            if wait is not None:
                break
    return wait


def window_spent(headers: Headers, now: float | None = None) -> float | None:
    """Seconds until the rate-limit window resets when the server says it has no request
    left in it (remaining <= 0), else None: the next request would only earn a 429."""
    for name in REMAINING_HEADERS:
        try:
            remaining = float(_text(headers.get(name)))
        except ValueError:
            continue
        if remaining > 0:
            return None
        for reset in RESET_HEADERS:
            wait = reset_seconds(headers.get(reset), now)
            if wait is not None:
                return wait
        return None
    return None


def _time(text: str) -> datetime | None:
    """An ISO 8601 time or an HTTP date, as naive UTC; None when it is neither."""
    try:
        return to_utc(text)
    except ValueError:
        return None


def _until(when: datetime | None, now: float | None) -> float | None:
    if when is None:
        return None
    return max(0.0, when.replace(tzinfo=UTC).timestamp() - (time.time() if now is None else now))


UNREACHABLE_PAUSE = 3600.0  # seconds; longer than any run: the next run tries again
# failures that say the host is not there (no name, nothing listening, no route, no answer to
# the connection itself), not that one slow or broken response failed
HOST_MISSING = (
    CannotResolveHostError, DownloadConnectionRefusedError,  # Scrapy's words for them
    net.DNSLookupError, net.ConnectionRefusedError, net.NoRouteError, net.TCPTimedOutError,
)  # fmt: skip


class RateLimitPauses:
    """The scopes (hosts, or a spider's ``meta["rate_limit_scope"]`` such as a Mastodon
    instance) not to send to for the rest of this run: rate-limited until a reset too far
    away to wait for, or not there at all (RetryAfterMiddleware._unreachable).
    One per crawler: RetryAfterMiddleware writes it, PausableHTTPDownloadHandler
    (crawlers/handlers.py) reads it just before a request would leave."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}  # scope -> epoch seconds when its limit resets
        self._why: dict[str, str] = {}  # scope -> what the refusal says
        self._held: dict[str, float] = {}  # scope -> epoch seconds its requests wait for

    @classmethod
    def of(cls, crawler: Crawler) -> RateLimitPauses:
        if not isinstance(pauses := getattr(crawler, "outagewatch_pauses", None), cls):
            pauses = cls()
            crawler.outagewatch_pauses = pauses  # type: ignore[attr-defined]
        return pauses

    @staticmethod
    def scope(request: Request) -> str:
        url = urlparse_cached(request)
        return request.meta.get("rate_limit_scope") or f"{url.scheme}://{url.netloc}"

    def pause(self, request: Request, seconds: float, why: str = "rate limited") -> bool:
        """Pause the request's scope; False when it was paused already (said once)."""
        scope, until = self.scope(request), time.time() + seconds
        known = self._until.get(scope, 0.0) > time.time()
        self._until[scope] = max(until, self._until.get(scope, 0.0))
        self._why.setdefault(scope, why)
        return not known

    def hold(self, request: Request, seconds: float) -> bool:
        """Hold the request's scope for a short wait: its requests about to leave wait it
        out (crawlers/handlers.py), rather than go and earn 429s while one retry waits.
        False when it was held that long already."""
        scope, until = self.scope(request), time.time() + seconds
        if self._held.get(scope, 0.0) >= until:
            return False
        self._held[scope] = until
        return True

    def held_for(self, request: Request) -> float:
        """Seconds the request must still wait before it leaves (0 when its scope is free)."""
        return max(0.0, self._held.get(self.scope(request), 0.0) - time.time())

    def refuse(self, request: Request) -> None:
        """Raise IgnoreRequest for a request whose scope is paused; the spider's errback
        counts it quietly (``rate_limit_paused``): the pause was said in one line."""
        until = self._until.get(scope := self.scope(request))
        if until is None or time.time() >= until:
            return
        request.meta["rate_limit_paused"] = True
        request.meta["ratelimit_reset"] = utc_text(datetime.fromtimestamp(until, UTC))
        why = self._why.get(scope, "rate limited")
        raise IgnoreRequest(f"{scope} is {why} until {request.meta['ratelimit_reset']}")


def _utc(seconds_from_now: float) -> str:
    return utc_text(datetime.fromtimestamp(time.time() + seconds_from_now, UTC))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but it waits before retrying: until the time the server
    names (Retry-After, or a rate-limit reset header on a 429), else exponential back-off
    from RETRY_BACKOFF_BASE. While it waits for a named time, the host's other requests
    wait too (RateLimitPauses.hold). A wait longer than RETRY_AFTER_MAX gives the request up
    for this run, with one line saying when the limit resets, and pauses the host: its later
    requests in this run are not sent, as they would only earn more 429s. A response that
    says its window has no request left (X-Ratelimit-Remaining: 0) holds or pauses the host
    the same way before any 429 comes."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.backoff_base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.retry_after_max = crawler.settings.getfloat("RETRY_AFTER_MAX", 300.0)
        self.pauses = RateLimitPauses.of(crawler)
        self._missing: dict[str, int] = {}  # scope -> network failures that say "not there"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        self._missing.pop(RateLimitPauses.scope(request), None)  # it answered: it is there
        if response.status not in self.retry_http_codes:
            spent = window_spent(response.headers)
            if spent:
                self._wait_for_window(request, spent)
            return response
        if request.meta.get("dont_retry", False):
            return response
        attempt = int(request.meta.get("retry_times", 0))
        backoff = self.backoff_base * (2**attempt)
        told = rate_limit_wait(response.status, response.headers)
        if told is not None and told > self.retry_after_max:
            request.meta["ratelimit_reset"] = _utc(told)
            request.meta["rate_limit_paused"] = True  # the spider counts it, this line says it
            if not self.pauses.pause(request, told):
                return response  # sent before the pause began: said already
            logger.warning(
                "HTTP %s from %s: %s until %s (in %.0f s, more than RETRY_AFTER_MAX=%.0f s): "
                "not retried this run, and no more requests go there until then",
                response.status,
                request.url,
                "rate limited" if response.status == 429 else "unavailable",
                request.meta["ratelimit_reset"],
                told,
                self.retry_after_max,
            )
            return response
        # A reset time already past on our clock (skew) must not mean retrying at once.
        wait = told if told else backoff
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait > 0:
            logger.info("HTTP %s from %s: retrying in %.1f s", response.status, request.url, wait)
            if told:
                self.pauses.hold(request, told)  # the host's other requests wait with it
            await asyncio.sleep(wait)
        return retry

    def _wait_for_window(self, request: Request, seconds: float) -> None:
        """The server said no request is left in its rate-limit window: hold the host until
        it resets, or, when that is more than RETRY_AFTER_MAX away, send it nothing more
        this run. Said once per window."""
        scope, reset = RateLimitPauses.scope(request), _utc(seconds)
        if seconds <= self.retry_after_max:
            if self.pauses.hold(request, seconds):
                logger.info(
                    "%s has no request left in its rate-limit window: waiting %.0f s, until %s",
                    scope, seconds, reset,
                )  # fmt: skip
        elif self.pauses.pause(request, seconds, why="out of requests"):
            logger.warning(
                "%s has no request left in its rate-limit window until %s (in %.0f s, more "
                "than RETRY_AFTER_MAX=%.0f s): no more requests go there this run",
                scope, reset, seconds, self.retry_after_max,
            )  # fmt: skip

    def process_exception(
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        """Network failures (timeouts, resets) are retried like Scrapy does, but logged at
        INFO with the source and URL, so a flaky source is visible without -vv."""
        if isinstance(exception, HOST_MISSING) and self._unreachable(request, exception):
            return None  # the spider's errback counts it quietly; the host is paused
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            source = getattr(getattr(self.crawler, "spider", None), "name", "?")
            logger.info(
                "%s: %s from %s: retrying (attempt %s)",
                source,
                type(exception).__name__,
                request.url,
                retry.meta.get("retry_times", 1),
            )
        return retry

    def _unreachable(self, request: Request, exception: Exception) -> bool:
        """The host is not there this run (no DNS answer, refused, no route) once it has
        failed so RETRY_TIMES times: its other requests, and the retries, are not sent (with
        200 queries, one missing host held the whole crawl, and so the cycle, for many
        minutes). Said in one line. True when the host is (now) paused."""
        scope = RateLimitPauses.scope(request)
        failures = self._missing[scope] = self._missing.get(scope, 0) + 1
        if failures < max(1, self.max_retry_times):
            return False
        request.meta["rate_limit_paused"] = True
        if self.pauses.pause(request, UNREACHABLE_PAUSE, why="unreachable"):
            logger.warning(
                "%s: %s unreachable (%s, %d times): no more requests go there this run",
                getattr(getattr(self.crawler, "spider", None), "name", "?"),
                scope,
                type(exception).__name__,
                failures,
            )
        return True
