"""Hacker News through the Algolia search API: stories and comments, newest first.

Incremental on `created_at_i`: each query keeps the newest creation time it has stored,
and the next run asks for `created_at_i > cursor - REREAD` (10 minutes): Algolia indexes
some items late, after newer ones were read, and the store drops the re-read copies. The
cursor moves once the last page of a query has been read, so an interrupted run re-reads
(and deduplicates) rather than skips.

Algolia's indexing has also stalled for hours at a time and then backfilled (algolia/hn-search
#56, #233, #248): an item indexed after a stall can be older than the cursor by far more than
10 minutes. So once a day (`sweep_every_hours`) a query re-reads the `sweep_hours` (48)
before its cursor, and what was indexed late is stored then.

Queries are built for Algolia (`hn_queries`): a service's name in quotes, matched exactly
(a "+" name also by its aliases without the "+"; also the names its catalog entry lists
under `search`), and a one-word name that is also an everyday word only in posts that also
hold the word "down". A query without a
cursor of its own resumes from its bare name's, the key before names were quoted, so an
upgrade does not read every query from scratch.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, PostItem
from crawlers.normalise import utc_text
from crawlers.spiders.base import REREAD, OutageSpider, utc_epoch
from outagewatch.catalog import Service


def hn_query(service: Service) -> str:
    """The Algolia query for one service's name. Unquoted, Algolia reads the last word as a
    prefix and forgives typos, so the bare name "X" matched every word starting with x, "au"
    audio and August, "Slack" stack: quoted, a name is matched as written (advancedSyntax).
    A one-word name that is also an everyday word ("Signal", "Play", "Box"; catalog
    `ambiguous`) also needs the word "down": both anywhere in the post, not side by side."""
    return _quoted(service.name, service)


def hn_queries(service: Service) -> list[str]:
    """Every query for one service: its name's; for a name with "+" its aliases spelled
    without it ("Disney Plus", "DisneyPlus"): HN's index keeps "+" as a token, so "Disney+"
    does not match "Disney Plus", nor the reverse; then each of the catalog's `search`
    names ("Nordlink" for "Nordlink Fiber", a misspelling "quilpad": a quoted query forgives
    no typo), one of fewer than four letters ("NLF") only with "down" in the post."""
    queries = [hn_query(service)]
    if "+" in service.name:
        stem = service.name.split("+")[0].replace(" ", "").lower()
        for alias in service.aliases:
            flat = alias.replace(" ", "").lower()
            if "+" not in alias and alias.isascii() and flat.startswith(stem):
                queries.append(_quoted(alias, service))
    for name in service.search:
        queries.append(_quoted(name, service, short=len(name.replace(" ", "")) < 4))
    unique: dict[str, str] = {}
    for query in queries:
        unique.setdefault(query.casefold(), query)  # Algolia ignores case
    return list(unique.values())


def _quoted(name: str, service: Service, short: bool = False) -> str:
    text = '"' + name.replace('"', "") + '"'
    one_word = len(name.split()) == 1
    return f'{text} "down"' if (service.ambiguous or short) and one_word else text


def hit_to_item(hit: dict[str, Any], query: str) -> PostItem:
    """One Algolia hit (story or comment) as a PostItem; KeyError on a missing field."""
    object_id = str(hit["objectID"])
    tags = hit.get("_tags") or []
    thread_title = None
    if "comment" in tags or hit.get("comment_text"):
        html = hit["comment_text"]
        thread_title = hit.get("story_title")  # "Down for me too" under "Is GitHub down?"
    else:
        parts = [f"<p>{escape(hit['title'])}</p>"]
        if hit.get("story_text"):
            parts.append(hit["story_text"])
        if hit.get("url"):
            parts.append(f"<p>{escape(hit['url'])}</p>")
        html = "".join(parts)
    created = hit.get("created_at_i")
    return PostItem(
        source="hackernews",
        native_id=object_id,
        created_at=created if isinstance(created, int) else hit["created_at"],
        text=html,
        text_is_html=True,
        url=f"https://news.ycombinator.com/item?id={object_id}",
        author_handle=hit.get("author"),
        query=query,
        thread_title=thread_title,
    )


class HackerNewsSpider(OutageSpider):
    name = "hackernews"
    source = "hackernews"
    documented_delay = 0.4  # Algolia HN API: 10,000 requests per hour per IP

    def initial_requests(self) -> Iterator[scrapy.Request | CursorItem]:
        queries = self.cfg.get("queries")
        # each query as it was before names were quoted (the bare name): its cursor key then
        before: dict[str, str] = {}
        if queries is None:
            before = {q: s.name for s in self.services for q in hn_queries(s)}
            queries = list(before)
        queries, rotation = self.plan({q: q for q in queries}, "queries")
        if rotation is not None:
            yield rotation
        now = int(time.time())
        sweep_every = float(self.cfg.get("sweep_every_hours", 24)) * 3600
        for query in queries:
            old = before.get(query, query)
            mark = int(self.cursors.get(query) or self.cursors.get(old) or 0)
            back = REREAD.total_seconds()
            # a sweep re-reads further back, for what Algolia indexed late after a stall
            swept = int(self.cursors.get(sweep_key(query)) or self.cursors.get(sweep_key(old)) or 0)
            sweep = bool(mark) and now - swept >= sweep_every
            if sweep:
                back = max(back, float(self.cfg.get("sweep_hours", 48)) * 3600)
            floor = max(0, mark - int(back)) if mark else 0
            since = int(utc_epoch(self.since)) if self.since else 0
            # "mark": where the last run (or --since) left off, for the max_pages warning
            meta = {"query": query, "floor": max(floor, since), "page": 0, "newest": mark}
            meta["mark"] = max(mark, since)
            meta["sweep"] = now if sweep or not mark else 0  # a first read counts as one
            yield self.page_request(meta)

    def page_request(self, meta: dict[str, Any]) -> scrapy.Request:
        base = self.cfg.get("base_url", "https://hn.algolia.com").rstrip("/")
        params = {
            "query": meta["query"],
            "tags": self.cfg.get("tags", "(story,comment)"),
            "hitsPerPage": int(self.cfg.get("hits_per_page", 100)),
            "page": meta["page"],
            "advancedSyntax": "true",  # quoted phrases match exactly (the API's default too)
        }
        if meta["floor"]:
            params["numericFilters"] = f"created_at_i>{meta['floor']}"
        return self.request(
            f"{base}/api/v1/search_by_date?{urlencode(params)}", self.parse_page, **meta
        )

    def parse_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta["state"]
        data = self.load_json(response)
        if data is None:
            return
        hits = data.get("hits") if isinstance(data, dict) else None
        if not isinstance(hits, list):
            self.skip(response.url, "no 'hits' list in the answer")
            return
        newest, oldest = meta["newest"], meta.get("oldest")
        for hit in hits:
            try:
                item = hit_to_item(hit, meta["query"])
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(
                    response.url,
                    f"hit {hit.get('objectID') if isinstance(hit, dict) else '?'}: "
                    f"missing or bad field {exc}",
                )
                continue
            created = hit.get("created_at_i")
            if isinstance(created, int):
                if created <= meta["floor"]:
                    continue
                newest = max(newest, created)
                oldest = created if oldest is None else min(oldest, created)
            yield item
        try:
            pages = int(data.get("nbPages") or 0)
        except (TypeError, ValueError, OverflowError):
            self.skip(response.url, f"bad nbPages {data.get('nbPages')!r}; not paging further")
            pages = 0
        next_page = meta["page"] + 1
        if hits and next_page < pages:
            max_pages = int(self.cfg.get("max_pages", 5))
            if meta.get("sweep") and meta.get("mark"):  # a sweep reads 48 h, not one run's
                max_pages = max(max_pages, int(self.cfg.get("sweep_max_pages", 10)))
            if next_page < max_pages:
                yield self.page_request(dict(meta, page=next_page, newest=newest, oldest=oldest))
                return
            if oldest is None or oldest > (meta.get("mark") or 0):  # new posts left unread
                self.warn_unread(meta["query"], max_pages, _when(oldest), _when(meta.get("mark")))
            elif meta.get("sweep") and meta.get("mark"):
                self.logger.info(
                    "hackernews: the daily sweep of %r read back to %s, not the %s h asked "
                    "(raise sources.hackernews.sweep_max_pages)",
                    meta["query"], utc_text(_when(oldest)), self.cfg.get("sweep_hours", 48),
                )  # fmt: skip
        if newest:
            yield CursorItem("hackernews", meta["query"], str(newest))
        if meta.get("sweep"):
            yield CursorItem("hackernews", sweep_key(meta["query"]), str(meta["sweep"]))


def sweep_key(query: str) -> str:
    """The cursor key holding when a query last re-read its `sweep_hours`."""
    return f"sweep|{query}"


def _when(epoch: int | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch else None
