"""X (Twitter): API v2 recent search with an app bearer token (X_BEARER_TOKEN).

Off unless the token is set. Catalog phrases are packed into as few OR-queries as the
512-character query limit allows; each query resumes from its newest id (since_id).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, PostItem
from crawlers.spiders.base import OutageSpider, env, ids_key
from outagewatch.settings import Settings

FIELDS = {
    "tweet.fields": "created_at,lang,author_id,geo,referenced_tweets",
    "expansions": "author_id,geo.place_id,referenced_tweets.id",
    "user.fields": "username,location",
    "place.fields": "full_name,country_code,geo",
}


def pack_queries(phrases: Iterable[str], limit: int = 500) -> list[str]:
    """OR-join quoted phrases into queries no longer than `limit` characters."""
    out: list[str] = []
    current = ""
    for phrase in phrases:
        term = f'"{phrase}"'
        candidate = f"{current} OR {term}" if current else term
        if len(candidate) + 2 > limit and current:
            out.append(f"({current})")
            current = term
        else:
            current = candidate
    if current:
        out.append(f"({current})")
    return out


def tweet_to_item(tweet: dict[str, Any], includes: dict[str, Any], query: str) -> PostItem:
    users = {u.get("id"): u for u in includes.get("users") or []}
    places = {p.get("id"): p for p in includes.get("places") or []}
    tweets = {t.get("id"): t for t in includes.get("tweets") or []}
    refs = tweet.get("referenced_tweets") or []
    retweeted = next((r.get("id") for r in refs if r.get("type") == "retweeted"), None)
    text = tweet["text"]
    if retweeted and retweeted in tweets:
        text = tweets[retweeted].get("text") or text
    user = users.get(tweet.get("author_id"), {})
    lat = lon = None
    geo = tweet.get("geo") or {}
    coords = (geo.get("coordinates") or {}).get("coordinates")
    bbox = ((places.get(geo.get("place_id")) or {}).get("geo") or {}).get("bbox")
    if isinstance(coords, list) and len(coords) == 2:
        lon, lat = float(coords[0]), float(coords[1])
    elif isinstance(bbox, list) and len(bbox) == 4:
        lon, lat = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    handle = user.get("username")
    return PostItem(
        source="x",
        native_id=str(tweet["id"]),
        created_at=tweet["created_at"],
        text=text,
        url=f"https://x.com/i/web/status/{tweet['id']}",
        author_handle=handle or tweet.get("author_id"),
        author_location=user.get("location"),
        lang_hint=tweet.get("lang"),
        geo_lat=lat,
        geo_lon=lon,
        is_repost=retweeted is not None,
        query=query,
    )


class XSpider(OutageSpider):
    name = "x"
    source = "x"
    documented_delay = 15.0  # recent search, Basic tier: 60 requests per 15 minutes per app

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        return None if env("X_BEARER_TOKEN") else "set X_BEARER_TOKEN to crawl X"

    def initial_requests(self) -> Iterator[scrapy.Request]:
        queries = self.cfg.get("queries") or pack_queries(f"{s.name} down" for s in self.services)
        for q in queries:
            state = {"query": q, "page": 1, "newest": self.cursors.get(q, "")}
            yield self.search_request(state, since_id=self.cursors.get(q))

    def search_request(
        self, state: dict[str, Any], since_id: str | None = None, next_token: str | None = None
    ) -> scrapy.Request:
        base = self.cfg.get("base_url", "https://api.x.com").rstrip("/")
        params = {
            "query": state["query"],
            "max_results": str(int(self.cfg.get("max_results", 100))),
            **FIELDS,
        }
        if since_id:
            params["since_id"] = since_id
        elif self.since:
            params["start_time"] = self.since.strftime("%Y-%m-%dT%H:%M:%SZ")
        if next_token:
            params["pagination_token"] = next_token
        state["since_id"] = since_id
        return self.api_request(
            f"{base}/2/tweets/search/recent?{urlencode(params)}",
            self.parse_search,
            f"Bearer {env('X_BEARER_TOKEN')}",
            **state,
        )

    def parse_search(self, response: Response) -> Iterator[Any]:
        state = response.meta["state"]
        doc = self.load_json(response)
        if not isinstance(doc, dict):
            if doc is not None:
                self.skip(response.url, "not a search answer")
            return
        for err in doc.get("errors") or []:
            self.skip(response.url, f"API error: {err.get('title') or err.get('message')}")
        newest = state["newest"]
        for tweet in doc.get("data") or []:
            try:
                item = tweet_to_item(tweet, doc.get("includes") or {}, state["query"])
            except (KeyError, TypeError, ValueError) as exc:
                self.skip(response.url, f"tweet {tweet.get('id', '?')}: missing or bad field {exc}")
                continue
            if not newest or ids_key(item.native_id) > ids_key(newest):
                newest = item.native_id
            yield item
        meta = doc.get("meta") or {}
        token = meta.get("next_token")
        if token and state["page"] < int(self.cfg.get("max_pages", 3)):
            yield self.search_request(
                dict(state, page=state["page"] + 1, newest=newest),
                since_id=state.get("since_id"),
                next_token=token,
            )
        elif newest:
            yield CursorItem("x", state["query"], newest)
