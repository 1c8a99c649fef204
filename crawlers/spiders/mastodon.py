"""Mastodon: hashtag timelines, status search and public timelines on a list of instances.

Paging follows the API: with a stored cursor we ask for `min_id=cursor`, which returns the
contiguous block of statuses right after it, so moving the cursor to the newest id of each
page is exact. Without a cursor we read the newest page (that sets the cursor) and then
page back with `max_id` for up to `max_pages` pages (or until `--since`); the cursor is
written when that backfill ends, so an interrupted first run simply starts over.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, PostItem
from crawlers.normalise import html_to_text, opaque_id, to_utc
from crawlers.spiders.base import OutageSpider, ids_key

COMPLAINT_TAG_WORDS = ("down", "outage", "offline", "notworking")
LOCATION_FIELDS = ("location", "place", "city", "country", "based in", "lives in", "where", "📍")


def catalog_tags(services: Iterable[Any], complaint_only: bool = True) -> list[str]:
    """Hashtags to follow, without '#', deduplicated. By default only complaint tags
    (#spotifydown, #slackoutage): a bare brand tag is mostly chatter and costs one
    request per run per instance."""
    out: list[str] = []
    for s in services:
        for tag in s.hashtags:
            tag = tag.lstrip("#").strip()
            if complaint_only and not any(w in tag.lower() for w in COMPLAINT_TAG_WORDS):
                continue
            if tag and tag.lower() not in {t.lower() for t in out}:
                out.append(tag)
    return out


def catalog_queries(services: Iterable[Any]) -> list[str]:
    """Search phrases: '<name> down' for each service."""
    return [f"{s.name.lower()} down" for s in services]


def profile_location(account: dict[str, Any]) -> str | None:
    for f in account.get("fields") or []:
        if isinstance(f, dict) and str(f.get("name", "")).strip().lower() in LOCATION_FIELDS:
            return html_to_text(str(f.get("value", ""))) or None
    return None


def status_to_item(
    status: dict[str, Any], host: str, query: str, base: str | None = None
) -> PostItem:
    """One Mastodon status (or reblog) as a PostItem; KeyError when a required field is missing."""
    inner = status.get("reblog") or status
    account = status.get("account") or {}
    acct = str(account.get("acct") or "")
    if acct and "@" not in acct:
        acct = f"{acct}@{host}"
    text = inner["content"]
    if inner.get("spoiler_text"):
        text = f"<p>{inner['spoiler_text']}</p>{text}"
    return PostItem(
        source="mastodon",
        native_id=opaque_id(str(status.get("uri") or f"{host}/{status['id']}")),
        created_at=status["created_at"],
        text=text,
        text_is_html=True,
        # The instance's own route to the status: a working public link without the handle.
        url=f"{(base or 'https://' + host).rstrip('/')}/web/statuses/{inner['id']}"
        if inner.get("id")
        else None,
        author_handle=acct or None,
        author_location=profile_location(account),
        lang_hint=inner.get("language"),
        is_repost=bool(status.get("reblog")),
        query=query,
    )


class MastodonSpider(OutageSpider):
    name = "mastodon"
    source = "mastodon"
    documented_delay = 1.0  # 300 requests / 5 min per IP on default instances

    def initial_requests(self) -> Iterator[scrapy.Request | CursorItem]:
        modes = self.cfg.get("modes", ["tags", "search"])
        tags = self.cfg.get("tags") or catalog_tags(
            self.services, complaint_only=not self.cfg.get("all_hashtags", False)
        )
        queries = self.cfg.get("queries") or catalog_queries(self.services)
        for base in self.cfg.get("instances", []):
            base = base.rstrip("/")
            if "public" in modes:
                yield self.timeline(base, "public", "/api/v1/timelines/public", {"local": "false"})
            terms: dict[str, tuple[str, str, dict[str, str]]] = {}
            if "tags" in modes:
                for tag in tags:
                    terms[f"#{tag}"] = (f"#{tag}", f"/api/v1/timelines/tag/{quote(tag)}", {})
            if "search" in modes:
                for q in queries:
                    params = {"q": q, "type": "statuses", "resolve": "false"}
                    terms[q] = (q, "/api/v2/search", params)
            if not terms:
                continue
            keys = {self.key(base, t): t for t in terms}
            chosen, rotation = self.plan(keys, self.key(base, "").removesuffix("|"))
            if rotation is not None:
                yield rotation
            for key in chosen:
                yield self.timeline(base, *terms[keys[key]])

    @staticmethod
    def key(base: str, term: str) -> str:
        parts = urlsplit(base)
        return f"{parts.netloc}{parts.path}|{term}"  # ids are per instance

    def timeline(self, base: str, term: str, path: str, params: dict[str, str]) -> scrapy.Request:
        key = self.key(base, term)
        cursor = self.cursors.get(key)
        meta = {
            "base": base,
            "path": path,
            "params": params,
            "term": term,
            "key": key,
            "page": 1,
            "forward": cursor is not None,
        }
        return self.page_request(meta, min_id=cursor)

    def page_request(
        self, meta: dict[str, Any], min_id: str | None = None, max_id: str | None = None
    ) -> scrapy.Request:
        params = dict(meta["params"], limit=str(int(self.cfg.get("page_limit", 40))))
        if min_id:
            params["min_id"] = min_id
        if max_id:
            params["max_id"] = max_id
        url = f"{meta['base']}{meta['path']}?{urlencode(params)}"
        return self.request(url, self.parse_page, **meta)

    def http_hint(self, status: int, request: scrapy.Request) -> str:
        if status in (401, 403) and "/timelines/" in request.url:
            return "this instance does not serve public timelines without a login (public preview disabled)"
        if status == 401 and "/search" in request.url:
            return "this instance allows status search only for logged-in users"
        return super().http_hint(status, request)

    def parse_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta["state"]
        data = self.load_json(response)
        if data is None:
            return
        if isinstance(data, dict) and "/search" in meta["path"]:
            data = data.get("statuses")
        if not isinstance(data, list):
            self.skip(response.url, f"expected a list of statuses, got {type(data).__name__}")
            return
        if not data and meta["page"] == 1 and not meta["forward"]:
            self.logger.info(
                "mastodon: %s returned no statuses (nothing posted, or the instance hides "
                "public timelines / search from anonymous clients)",
                response.url,
            )
        host = urlsplit(meta["base"]).netloc
        ids: list[str] = []
        too_old = False
        for status in data:
            if not isinstance(status, dict) or "id" not in status:
                self.skip(response.url, "a status without an id")
                continue
            ids.append(str(status["id"]))
            try:
                item = status_to_item(status, host, meta["term"], base=meta["base"])
                if self.since and to_utc(item.created_at) < self.since:
                    too_old = True
                    continue
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(response.url, f"status {status.get('id')}: missing or bad field {exc}")
                continue
            yield item
        if not ids:
            if meta.get("top"):  # the backfill ran out of statuses: it is complete
                yield CursorItem("mastodon", meta["key"], meta["top"])
            return
        ids.sort(key=ids_key)
        newest, oldest = ids[-1], ids[0]
        full = len(data) >= int(self.cfg.get("page_limit", 40))
        more = full and meta["page"] < int(self.cfg.get("max_pages", 5))
        if meta["forward"]:
            # min_id pages are contiguous: everything up to `newest` is now stored
            yield CursorItem("mastodon", meta["key"], newest)
            if more:
                yield self.page_request(dict(meta, page=meta["page"] + 1), min_id=newest)
            return
        # First run: page back from the newest status. The cursor (the newest id of the
        # first page) is written only when the backfill ends, so an interrupted backfill
        # starts again rather than leaving a hole.
        top = meta.get("top") or newest
        if more and not too_old:
            yield self.page_request(dict(meta, page=meta["page"] + 1, top=top), max_id=oldest)
        else:
            yield CursorItem("mastodon", meta["key"], top)
