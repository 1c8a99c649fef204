"""The HTTP download handler, with one check added just before a request leaves.

A downloader middleware sees a request when it enters the downloader, before it waits in
its host's queue for the download delay; by then a whole batch of requests (up to
CONCURRENT_REQUESTS) may be queued. A rate-limit pause or hold taken while they wait (see
RateLimitPauses in crawlers/middlewares.py) must stop or hold them too, so the check is
here. A held request keeps its host's download slot while it waits, so with one request
per host at a time (CONCURRENT_REQUESTS_PER_DOMAIN = 1) nothing else goes there meanwhile.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.middlewares import RateLimitPauses


class PausableHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler that refuses a request whose rate-limit scope is paused,
    and holds one whose scope waits for a short rate limit to pass."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.pauses = RateLimitPauses.of(crawler)

    async def download_request(self, request: Request) -> Response:
        self.pauses.refuse(request)
        while (wait := self.pauses.held_for(request)) > 0:
            await asyncio.sleep(wait)
            self.pauses.refuse(request)  # a longer pause may have begun meanwhile
        return await super().download_request(request)
