"""robots.txt for every request to a host, including those queued while its robots.txt is
still being fetched.

Scrapy 2.19's RobotsTxtMiddleware makes each waiting request await one shared Deferred; the
first waiter takes its result and the others get None, which the middleware reads as "no
robots.txt": with five requests queued at a crawl's start, the third and later went out
whatever robots.txt said. The parser is stored before the Deferred fires, so a waiter that
got None reads it from there.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class EveryWaiterRobotsTxt(RobotsTxtMiddleware):
    """Scrapy's middleware, with the parser handed to every request that waited for it."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:  # a later waiter, or a robots.txt that could not be read
            stored = self._parsers.get(urlparse_cached(request).netloc)
            parser = None if isinstance(stored, Deferred) else stored
        return parser
