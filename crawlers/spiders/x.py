"""X (Twitter): API v2 recent search with an app bearer token (X_BEARER_TOKEN).

Off unless the token is set. Catalog phrases are packed into as few OR-queries as the
512-character query limit allows; each query resumes from its newest id (since_id).
Recent search answers HTTP 400 to a since_id older than its 7-day window, and a quiet
query's cursor never moves, so such a query asks from the oldest time allowed
(start_time) instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, PostItem
from crawlers.normalise import describe, to_utc
from crawlers.spiders.base import OutageSpider, env, ids_key, is_id_number, utc_text
from outagewatch.catalog import catalog_search_phrases
from outagewatch.settings import Settings

FIELDS = {
    # note_tweet: a post longer than 280 characters comes with `text` cut at 280 and the whole
    # post in `note_tweet.text`, only when asked for
    "tweet.fields": "created_at,lang,author_id,geo,referenced_tweets,note_tweet",
    "expansions": "author_id,geo.place_id,referenced_tweets.id",
    "user.fields": "username,location",
    "place.fields": "full_name,country_code,geo",
}

SNOWFLAKE_EPOCH_MS = 1288834974657  # X ids: (id >> 22) + this = creation time in ms
SEARCH_WINDOW = timedelta(days=7)  # how far back recent search reaches
# kept clear of the window's edge: requests of one run go out minutes after it starts
WINDOW_MARGIN = timedelta(hours=1)


def snowflake_time(tweet_id: str) -> datetime | None:
    """When a tweet id was made (aware UTC), or None for an id that is not a snowflake."""
    if not is_id_number(tweet_id):
        return None
    try:
        return datetime.fromtimestamp(((int(tweet_id) >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, UTC)
    except (OverflowError, OSError, ValueError):  # an id far past year 9999
        return None


def rfc3339(when: datetime) -> str:
    return to_utc(when).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def _obj(value: Any) -> dict[str, Any]:
    """An object of the answer, or {} for anything else (null, a text): X's documents are
    read field by field, and one odd field must not cost the page."""
    return value if isinstance(value, dict) else {}


def _by_id(values: Any) -> dict[Any, dict[str, Any]]:
    """The objects of an `includes` list by their id (hashable ids only)."""
    objs = values if isinstance(values, list) else []
    return {o["id"]: o for o in objs if isinstance(o, dict) and isinstance(o.get("id"), str)}


def note_text(tweet: dict[str, Any]) -> str | None:
    """A long post's whole text (`note_tweet.text`; its `text` is cut at 280 characters), or
    None for a post that fits in `text`."""
    note = _obj(tweet.get("note_tweet")).get("text")
    return note if isinstance(note, str) and note.strip() else None


def tweet_to_item(tweet: dict[str, Any], includes: dict[str, Any], query: str) -> PostItem:
    """A tweet as a PostItem; KeyError, TypeError or ValueError on a missing or bad field."""
    if snowflake_time(str(tweet["id"])) is None:  # kept as since_id, it would cost the query
        raise ValueError(f"id {str(tweet['id'])[:30]!r} is no tweet id")
    users, places, tweets = (_by_id(includes.get(k)) for k in ("users", "places", "tweets"))
    refs = tweet.get("referenced_tweets")
    refs = [_obj(r) for r in refs] if isinstance(refs, list) else []
    retweeted = next((r.get("id") for r in refs if r.get("type") == "retweeted"), None)
    text = note_text(tweet) or tweet["text"]
    if isinstance(retweeted, str) and retweeted in tweets:
        original = tweets[retweeted]
        text = note_text(original) or original.get("text") or text
    author = tweet.get("author_id")
    user = users.get(author, {}) if isinstance(author, str) else {}
    lat = lon = None
    geo = _obj(tweet.get("geo"))
    coords = _obj(geo.get("coordinates")).get("coordinates")
    place = geo.get("place_id")
    bbox = _obj(_obj(places.get(place) if isinstance(place, str) else None).get("geo")).get("bbox")
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
    documented_delay = 15.0  # recent search: 60 requests per 15 minutes per app

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        return None if env("X_BEARER_TOKEN") else "set X_BEARER_TOKEN to crawl X"

    def initial_requests(self) -> Iterator[scrapy.Request | CursorItem]:
        queries = self.cfg.get("queries") or pack_queries(catalog_search_phrases(self.services))
        queries, rotation = self.plan({q: q for q in queries}, "queries")
        if rotation is not None:
            yield rotation
        oldest = datetime.now(UTC) - SEARCH_WINDOW + WINDOW_MARGIN
        start = oldest
        if self.since:
            start = max(oldest, to_utc(self.since).replace(tzinfo=UTC))
        stale: list[datetime] = []
        for q in queries:
            since_id, start_time = self.cursors.get(q) or None, None
            seen = snowflake_time(since_id) if since_id else None
            if seen is not None and seen < oldest:  # recent search would answer HTTP 400
                stale.append(seen)
                since_id, start_time = None, rfc3339(start)
            elif not since_id and self.since:
                start_time = rfc3339(start)
            state = {
                "query": q,
                "page": 1,
                "newest": self.cursors.get(q, ""),
                "since_id": since_id,
                "start_time": start_time,
                "oldest": None,  # the oldest tweet time read, for the max_pages warning
            }
            yield self.search_request(state)
        if stale:
            self.logger.info(
                "x: %d quer%s last brought a tweet before recent search's 7-day window "
                "(the oldest %s); asking from start_time=%s instead, older tweets cannot "
                "be fetched",
                len(stale),
                "y" if len(stale) == 1 else "ies",
                utc_text(min(stale)),
                rfc3339(start),
            )

    def search_request(
        self, state: dict[str, Any], next_token: str | None = None
    ) -> scrapy.Request:
        base = self.cfg.get("base_url", "https://api.x.com").rstrip("/")
        params = {
            "query": state["query"],
            "max_results": str(int(self.cfg.get("max_results", 100))),
            **FIELDS,
        }
        if state["since_id"]:
            params["since_id"] = state["since_id"]
        elif state["start_time"]:
            params["start_time"] = state["start_time"]
        if next_token:
            params["pagination_token"] = next_token
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
        for err in _listed(doc.get("errors")):
            if _partial(err):  # a deleted or protected tweet a result refers to
                self.logger.debug("x: %s: %s", response.url, err.get("detail") or err)
            elif isinstance(err, dict):
                self.skip(response.url, f"API error: {err.get('title') or err.get('message')}")
            else:
                self.skip(response.url, f"API error: {describe(err)}")
        newest, oldest = state["newest"], state["oldest"]
        includes = _obj(doc.get("includes"))
        for i, tweet in enumerate(_listed(doc.get("data"))):
            if not isinstance(tweet, dict):
                self.skip(response.url, f"data[{i}] is {describe(tweet)}, not a tweet")
                continue
            try:
                item = tweet_to_item(tweet, includes, state["query"])
            except (KeyError, TypeError, ValueError) as exc:
                self.skip(response.url, f"tweet {tweet.get('id', '?')}: missing or bad field {exc}")
                continue
            if not newest or ids_key(item.native_id) > ids_key(newest):
                newest = item.native_id
            created = snowflake_time(item.native_id)
            if created is not None:
                oldest = min(oldest, created) if oldest else created
            yield item
        meta = _obj(doc.get("meta"))
        token = meta.get("next_token")
        max_pages = int(self.cfg.get("max_pages", 3))
        if token and state["page"] < max_pages:
            page = dict(state, page=state["page"] + 1, newest=newest, oldest=oldest)
            yield self.search_request(page, next_token=token)
            return
        if token and (state["since_id"] or state["start_time"]):
            since_id, start_time = state["since_id"], state["start_time"]
            mark = snowflake_time(since_id) if since_id else to_utc(start_time)
            self.warn_unread(state["query"], max_pages, oldest, mark)
        if newest:
            yield CursorItem("x", state["query"], newest)


# X's "partial errors" on a 200: an expansion (referenced_tweets.id, author_id) names a tweet
# or user that was deleted or is protected. The results themselves are fine; counting each
# as an error made every run with a deleted retweeted original look faulty.
PARTIAL_ERRORS = ("resource-not-found", "not-authorized-for-resource")


def _listed(value: Any) -> list[Any]:
    """A list of the answer as it is; one value where a list belongs, as a list of it."""
    if isinstance(value, list):
        return value
    return [value] if value else []


def _partial(err: object) -> bool:
    kind = str(err.get("type") or "") if isinstance(err, dict) else ""
    return kind.rsplit("/", 1)[-1] in PARTIAL_ERRORS
