"""Bluesky: app.bsky.feed.searchPosts with an app password (search needs a session).

Off unless BLUESKY_HANDLE and BLUESKY_APP_PASSWORD are set. One session per run
(createSession is tightly rate limited). Each query resumes from the newest createdAt it
stored (`since=`). For the firehose-style feed, see crawlers/jetstream.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, PostItem
from crawlers.normalise import opaque_id, to_utc
from crawlers.spiders.base import OutageSpider, env
from outagewatch.settings import Settings


def post_url(author: str, at_uri: str) -> str:
    """https://bsky.app/profile/{handle or did}/post/{rkey} for an at:// post URI."""
    return f"https://bsky.app/profile/{author}/post/{at_uri.rsplit('/', 1)[-1]}"


def postview_to_item(view: dict[str, Any], query: str) -> PostItem:
    """One app.bsky.feed.defs#postView as a PostItem; KeyError on a missing field."""
    record = view["record"]
    author = view.get("author") or {}
    handle = author.get("handle") or author.get("did") or ""
    langs = record.get("langs") or []
    return PostItem(
        source="bluesky",
        native_id=opaque_id(str(view["uri"])),
        created_at=record["createdAt"],
        text=record["text"],
        url=post_url(author.get("did") or handle, view["uri"]) if handle else None,
        author_handle=author.get("did") or handle or None,
        lang_hint=langs[0] if langs else None,
        query=query,
    )


def stamp(value: Any) -> str:
    return to_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class BlueskySpider(OutageSpider):
    name = "bluesky"
    source = "bluesky"
    documented_delay = 0.2  # 3,000 requests per 5 minutes per IP

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        if not (env("BLUESKY_HANDLE") and env("BLUESKY_APP_PASSWORD")):
            return "set BLUESKY_HANDLE and BLUESKY_APP_PASSWORD (an app password) to search Bluesky"
        return None

    def base(self) -> str:
        return str(self.cfg.get("base_url", "https://bsky.social")).rstrip("/")

    def initial_requests(self) -> Iterator[scrapy.Request]:
        body = json.dumps(
            {"identifier": env("BLUESKY_HANDLE"), "password": env("BLUESKY_APP_PASSWORD")}
        )
        yield scrapy.Request(
            f"{self.base()}/xrpc/com.atproto.server.createSession",
            method="POST",
            body=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            callback=self.parse_session,
            errback=self.on_error,
            dont_filter=True,
            meta={"dont_obey_robotstxt": True},
        )

    def parse_session(self, response: Response) -> Iterator[scrapy.Request | CursorItem]:
        data = self.load_json(response)
        token = data.get("accessJwt") if isinstance(data, dict) else None
        if not token:
            self.skip(response.url, "no accessJwt in the session answer (check the app password)")
            return
        queries = self.cfg.get("queries") or [f"{s.name} down" for s in self.services]
        queries, rotation = self.plan({q: q for q in queries}, "queries")
        if rotation is not None:
            yield rotation
        for q in queries:
            floor = self.cursors.get(q, "")
            if self.since and (not floor or stamp(self.since) > floor):
                floor = stamp(self.since)
            yield self.search_request(
                {"query": q, "floor": floor, "newest": floor, "page": 1, "token": token}
            )

    def search_request(self, state: dict[str, Any], cursor: str | None = None) -> scrapy.Request:
        params = {
            "q": state["query"],
            "sort": "latest",
            "limit": str(int(self.cfg.get("limit", 100))),
        }
        if state["floor"]:
            params["since"] = state["floor"]
        if cursor:
            params["cursor"] = cursor
        url = f"{self.base()}/xrpc/app.bsky.feed.searchPosts?{urlencode(params)}"
        return self.api_request(url, self.parse_search, f"Bearer {state['token']}", **state)

    def parse_search(self, response: Response) -> Iterator[Any]:
        state = response.meta["state"]
        doc = self.load_json(response)
        if not isinstance(doc, dict) or not isinstance(doc.get("posts"), list):
            if doc is not None:
                self.skip(response.url, "no 'posts' list in the answer")
            return
        newest, old = state["newest"], False
        for view in doc["posts"]:
            try:
                item = postview_to_item(view, state["query"])
                when = stamp(item.created_at)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(
                    response.url,
                    f"post {view.get('uri', '?') if isinstance(view, dict) else '?'}: "
                    f"missing or bad field {exc}",
                )
                continue
            if state["floor"] and when <= state["floor"]:
                old = True
                continue
            newest = max(newest, when)
            yield item
        cursor = doc.get("cursor")
        if cursor and not old and state["page"] < int(self.cfg.get("max_pages", 3)):
            yield self.search_request(dict(state, page=state["page"] + 1, newest=newest), cursor)
        elif newest and newest != state["floor"]:
            yield CursorItem("bluesky", state["query"], newest)
