"""Downloader middleware: retries with back-off on 429/5xx that honour Retry-After."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but it waits before retrying: Retry-After when the server
    sends one (capped by RETRY_AFTER_MAX), else exponential back-off from RETRY_BACKOFF_BASE."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.backoff_base = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.retry_after_max = crawler.settings.getfloat("RETRY_AFTER_MAX", 300.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempt = int(request.meta.get("retry_times", 0))
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            wait = self.backoff_base * (2**attempt)
        elif wait > self.retry_after_max:
            logger.warning(
                "HTTP %s from %s asks to wait %.0f s (more than RETRY_AFTER_MAX=%.0f s); "
                "giving up on it for this run",
                response.status,
                request.url,
                wait,
                self.retry_after_max,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if wait > 0:
            logger.info("HTTP %s from %s: retrying in %.1f s", response.status, request.url, wait)
            await asyncio.sleep(wait)
        return retry

    def process_exception(
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        """Network failures (timeouts, resets) are retried like Scrapy does, but logged at
        INFO with the source and URL, so a flaky source is visible without -vv."""
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
