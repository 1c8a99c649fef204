"""The HTTP download handler, with one check added just before a request leaves.

A downloader middleware sees a request when it enters the downloader, before it waits in
its host's queue for the download delay; by then a whole batch of requests (up to
CONCURRENT_REQUESTS) may be queued. A rate-limit pause taken while they wait (see
RateLimitPauses in crawlers/middlewares.py) must stop them too, so the check is here.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.middlewares import RateLimitPauses


class PausableHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler that refuses a request whose rate-limit scope is paused."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.pauses = RateLimitPauses.of(crawler)

    async def download_request(self, request: Request) -> Response:
        self.pauses.refuse(request)
        return await super().download_request(request)
