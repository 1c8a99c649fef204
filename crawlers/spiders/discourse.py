"""Discourse forums: each forum's latest public posts (`GET {forum}/posts.json`).

Many services' own user communities run Discourse (devforum.roblox.com,
community.openai.com…), and their users ask "is the API down?" there before the status page
says anything. The forums are the catalog's `forums` of the selected services (or
`[sources.discourse] forums`). Discourse's robots.txt disallows /search, so the spider reads
the latest-posts listing that anonymous users may read: 50 public regular posts a page,
newest id first, and `?before=ID` for the 50 before that id (PostsController#latest,
LatestPostsQuery).

Cursor per forum: the highest post id stored. A run reads the newest page, then pages back
with `before=` until it reaches the cursor or `max_pages` (a warning then says what is left
unread); a first run reads one page, or back to `crawl --since`. The cursor moves once the
last page of a forum has been read, so an interrupted run re-reads rather than skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.discourse_posts import post_id, post_to_item, unwanted
from crawlers.items import CursorItem, PostItem
from crawlers.normalise import describe, to_utc, utc_text
from crawlers.spiders.base import OutageSpider, is_id_number
from outagewatch.catalog import forum_url


class DiscourseSpider(OutageSpider):
    name = "discourse"
    source = "discourse"
    # Discourse publishes no limit for anonymous readers beyond its per-IP defaults (200
    # requests a minute, 50 per 10 s); these are communities, not APIs: 2 s per forum host
    documented_delay = 2.0

    def forums(self) -> list[str]:
        """The forums' base URLs this run reads, each once."""
        given = self.cfg.get("forums")
        if given is None:
            given = [f for s in self.services for f in s.forums]
        forums = []
        for value in given:
            if url := forum_url(value):
                forums.append(url)
            else:
                self.skip(str(value), "no forum address (http:// or https:// and a host)")
        return list(dict.fromkeys(forums))

    def initial_requests(self) -> Iterator[scrapy.Request]:
        forums = self.forums()
        if not forums:
            self.logger.info(
                "discourse: no forum to read (the chosen services list none in the catalog's "
                "`forums`, and [sources.discourse] forums is not set)"
            )
        for forum in forums:
            cursor = self.cursors.get(forum, "")
            mark = int(cursor) if is_id_number(cursor) else 0
            yield self.page_request({"forum": forum, "mark": mark, "page": 1, "newest": mark})

    def page_request(self, state: dict[str, Any], before: int | None = None) -> scrapy.Request:
        url = f"{state['forum']}/posts.json" + (f"?before={before}" if before else "")
        return self.request(url, self.parse_page, **state)

    def parse_page(self, response: Response) -> Iterator[PostItem | CursorItem | scrapy.Request]:
        state = response.meta["state"]
        data = self.load_json(response)
        if data is None:
            return
        posts = data.get("latest_posts") if isinstance(data, dict) else None
        if not isinstance(posts, list):
            self.skip(response.url, "no 'latest_posts' list in the answer")
            return
        forum, mark = state["forum"], state["mark"]
        newest, oldest, reached = state["newest"], None, False
        oldest_at: datetime | None = None
        for i, post in enumerate(posts, 1):
            if not isinstance(post, dict):
                self.skip(response.url, f"post {i} is {describe(post)}, not a post")
                continue
            try:
                pid = post_id(post)
            except ValueError as exc:
                self.skip(response.url, f"post {i}: {exc}")
                continue
            oldest = pid if oldest is None else min(oldest, pid)
            if pid <= mark:
                reached = True  # stored by an earlier run
                continue
            newest = max(newest, pid)
            if why := unwanted(post):
                self.logger.debug("discourse: %s: post %d not stored: %s", forum, pid, why)
                continue
            try:
                item = post_to_item(post, forum)
                created = to_utc(item.created_at)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(response.url, f"post {pid}: missing or bad field {exc}")
                continue
            oldest_at = created if oldest_at is None else min(oldest_at, created)
            if self.since and created < self.since:
                reached = True
                continue
            yield item
        max_pages = int(self.cfg.get("max_pages", 4))
        # a first run reads one page, unless --since asks further back
        # a page may hold fewer than 50 posts mid-stream (posts the anonymous reader
        # may not see are left out after the query's limit): only an empty page, the cursor
        # or --since ends the paging, else the cursor would jump over posts never asked for
        more = not reached and oldest is not None
        more = more and bool(mark or self.since)
        if more and state["page"] < max_pages:
            yield self.page_request(dict(state, page=state["page"] + 1, newest=newest), oldest)
            return
        if more:
            back = f"post {oldest}" + (f", {utc_text(oldest_at)}" if oldest_at else "")
            self.logger.warning(
                "discourse: %s has more new posts than max_pages=%d pages; read back to %s, "
                "older posts since the last run's post %s are not fetched "
                "(raise sources.discourse.max_pages)",
                forum, max_pages, back, mark or "(none: --since)",
            )  # fmt: skip
        if newest > mark:
            yield CursorItem("discourse", forum, str(newest))
