"""robots.txt for every request to a host, including those queued while its robots.txt is
still being fetched.

Scrapy 2.19's RobotsTxtMiddleware makes each waiting request await one shared Deferred; the
first waiter takes its result and the others get None, which the middleware reads as "no
robots.txt": with five requests queued at a crawl's start, the third and later went out
whatever robots.txt said. The parser is stored before the Deferred fires, so a waiter that
got None reads it from there.

A spider with `crawl_delay_bounds` also goes at each host's `Crawl-delay` (Scrapy reads it,
ProtegoRobotParser.crawl_delay, but does not apply it): lemmy-ui asks 60 s, another
instance less or more. Bounded, so a robots.txt asking 0 s or a day neither hammers the host
nor stops the source; a robots.txt that says nothing leaves the source's own pace.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawlers.scrapy_internals import require_internals

logger = logging.getLogger(__name__)


def bounded_delay(asked: float, bounds: tuple[float, float]) -> float:
    """A robots.txt's Crawl-delay within the spider's (floor, ceiling)."""
    return min(max(asked, bounds[0]), bounds[1])


class EveryWaiterRobotsTxt(RobotsTxtMiddleware):
    """Scrapy's middleware, with the parser handed to every request that waited for it."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)  # NotConfigured when robots.txt is not obeyed
        require_internals()  # the private steps below, or one clear error now

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:  # a later waiter, or a robots.txt that could not be read
            stored = self._parsers.get(urlparse_cached(request).netloc)
            parser = None if isinstance(stored, Deferred) else stored
        return parser

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        super().process_request_2(rp, request)  # IgnoreRequest when robots.txt forbids it
        bounds = getattr(self.crawler.spider, "crawl_delay_bounds", None)
        if rp is None or bounds is None:
            return
        agent = self._robotstxt_useragent or request.headers.get(
            b"User-Agent", self._default_useragent
        )
        asked = rp.crawl_delay(agent)
        if asked is None:  # robots.txt says nothing: the source's own pace
            return
        own = self.crawler.settings.getfloat("DOWNLOAD_DELAY")  # [sources.NAME] download_delay
        delay = max(bounded_delay(asked, bounds), own if self._configured_delay() else 0.0)
        self._pace(request, asked, delay)

    def _configured_delay(self) -> bool:
        """Whether the user set the source's own download_delay (a slower pace wins)."""
        ow = self.crawler.settings.get("OUTAGEWATCH_SETTINGS")
        source = getattr(self.crawler.spider, "source", "")
        return ow is not None and "download_delay" in ow.source(source)

    def _pace(self, request: Request, asked: float, delay: float) -> None:
        """Every request to the host `delay` seconds apart, no sooner: no jitter (Scrapy's
        ±50% would go at 30 s where 60 s is asked), and AutoThrottle keeps off it."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        wanted = {"delay": delay, "jitter": 0.0}
        if downloader.per_slot_settings.get(key) != wanted:  # once per host (and change)
            downloader.per_slot_settings[key] = wanted
            if delay != asked:
                logger.warning(
                    "robots.txt of %s asks Crawl-delay %gs; going at %gs (the bounds are "
                    "%g to %gs, or the source's own download_delay)",
                    key, asked, delay, *self.crawler.spider.crawl_delay_bounds,
                )  # fmt: skip
            else:
                logger.info("robots.txt of %s asks Crawl-delay %gs: obeyed", key, asked)
        if (slot := downloader.slots.get(key)) is not None:  # made by robots.txt's request
            slot.delay, slot.jitter = delay, 0.0
        request.meta["autothrottle_dont_adjust_delay"] = True
