"""Lemmy: an instance's newest posts and its post search (`/api/v3/post/list`, `/api/v3/search`).

Lemmy is a federated link aggregator (Reddit-like: communities, posts, comments), read here
through its public HTTP API, which anonymous clients may read without a token:

* ``modes = ["new"]``: ``GET /api/v3/post/list?type_=All&sort=New&limit=50&page=N``, the
  instance's newest posts from every community it federates with;
* ``modes = ["search"]`` (an opt-in, added to ``"new"``): ``GET /api/v3/search?q=...&type_=Posts&sort=New&limit=50&page=N``
  for each catalog search phrase ("Spotify down"), rotated within ``terms_per_run``.

Both answer ``{"posts": [PostView, ...]}``, newest first, a PostView being
``{"post": {"id", "name", "body", "published", "ap_id", ...}, "creator": {"name",
"actor_id"}, "community": {"name", "actor_id", ...}, ...}``.

Cursor per instance and term (``{instance}|new``, ``{instance}|search|{phrase}``): the
newest ``published`` stored, as epoch seconds. A run pages back until a page reaches the
cursor minus ``reread_minutes`` (default 120), an empty page, or ``max_pages``; the cursor
moves once the last page has been read, so an interrupted run re-reads rather than skips.
The re-read is wide because ``sort=New`` orders by ``published``, the time on the post's home
instance: a post federated an hour late lands below posts already read (federation lag
between big instances has run to hours). The copies re-read are dropped at insert (posts are
keyed ``source:native_id``, ``INSERT OR IGNORE``); what it costs is pages, each one request at
the instance's Crawl-delay (60 s), so past the page that reaches the cursor at most
``REREAD_PAGES`` more are read, and ``max_pages`` ending a read below the cursor is no loss
(no warning). On a busy instance (a page is minutes of posts) the re-read is that page.

Pinned posts: Lemmy lists an instance's pinned (``featured_local``) posts first whatever the
sort (``featured_community`` in a community's listing): an announcement pinned days ago tops
page 1. They neither end the paging nor move the cursor; a new one is stored (once).

Language: a post declares a ``language_id``, a row of the instance's language table, which
``GET /api/v3/site`` lists as ``all_languages: [{"id", "code", "name"}]`` (ISO 639-1 codes;
0 is "und", undetermined). The table is read once a week per instance and kept with the
cursors (``{instance}|languages``), not every run: at 60 s a request it would cost a minute of
each run. The code goes in ``lang_hint``, as Mastodon's and Bluesky's declared languages do;
an instance whose table cannot be read is crawled all the same, without it.

Identity: a post is keyed by a hash of its federated ``ap_id``, so the same post read on two
instances is stored once (as Mastodon's); its link is the instance's own ``/post/{id}``
route, which names no author; the author is the creator's ``actor_id`` (a URL unique across
the fediverse), hashed by the pipeline like every handle. Deleted or removed posts are not
stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.items import CursorItem, PostItem
from crawlers.normalise import describe, opaque_id, to_utc
from crawlers.spiders.base import (
    REREAD,
    BadResponse,
    OutageSpider,
    parse_json_body,
    utc_epoch,
)
from outagewatch.catalog import catalog_search_phrases
from outagewatch.settings import Settings
from warehouse.store import utcnow

MODES = ("new", "search")
DEFAULT_MODES = ("new",)  # search mostly re-reads what new reads: an opt-in
# A cursor goes no further than the crawl's own clock plus this: a federated post's
# `published` is set by its home instance, and one dated a year ahead (a wrong clock) had
# moved the cursor past every real post to come (as Reddit's CURSOR_SKEW, Bluesky's
# `min(stored, now)`). No more than REREAD, so the next run's re-read starts before this
# run began.
CURSOR_SKEW = REREAD
REREAD_MINUTES = 120  # [sources.lemmy] reread_minutes: how far below the cursor a run re-reads
REREAD_PAGES = 1  # pages read past the one that reaches the cursor, for the re-read alone
LANGUAGES_FOR = timedelta(days=7)  # an instance's language table is read again after this


def language_codes(site: Any) -> dict[int, str]:
    """{language_id: code} from a GetSiteResponse's ``all_languages``; ValueError when it has
    none. "und" (0) and rows that are no {id: number, code: text} are left out."""
    rows = site.get("all_languages") if isinstance(site, dict) else None
    if not isinstance(rows, list):
        raise ValueError("no 'all_languages' list in the answer")
    return {
        row["id"]: row["code"]
        for row in rows
        if isinstance(row, dict)
        and type(row.get("id")) is int
        and isinstance(row.get("code"), str)
        and row["code"].isascii()
        and row["code"].replace("-", "").isalpha()
        and row["code"] != "und"
    }


def pack_languages(read_at: int, codes: dict[int, str]) -> str:
    """The kept language table: ``read_at|id:code,id:code`` (a cursor is one text)."""
    return f"{read_at}|" + ",".join(f"{i}:{c}" for i, c in sorted(codes.items()))


def unpack_languages(value: str) -> tuple[int, dict[int, str]]:
    """(read_at, codes) of a kept table; (0, {}) when it cannot be read (read it again)."""
    when, _, rows = value.partition("|")
    try:
        pairs = [row.split(":", 1) for row in rows.split(",") if row]
        return int(when), {int(i): c for i, c in pairs}
    except ValueError:
        return 0, {}


def community_venue(community: Any) -> str | None:
    """``!name@host``, the way Lemmy users write a community, or None."""
    if not isinstance(community, dict) or not isinstance(community.get("name"), str):
        return None
    actor = community.get("actor_id")
    host = urlsplit(actor).hostname if isinstance(actor, str) else None
    return f"!{community['name']}@{host}" if host else f"!{community['name']}"


def unwanted(view: dict[str, Any]) -> str | None:
    """Why a listed post is not stored, or None."""
    post = view.get("post")
    if not isinstance(post, dict):
        return None  # post_to_item says what is wrong
    if post.get("deleted"):
        return "deleted"
    if post.get("removed"):
        return "removed by a moderator"
    return None


def pinned(view: dict[str, Any]) -> bool:
    """Whether a listed post is pinned: Lemmy lists pinned posts first, out of date order."""
    post = view.get("post")
    return isinstance(post, dict) and bool(
        post.get("featured_local") or post.get("featured_community")
    )


def post_to_item(
    view: dict[str, Any], instance: str, query: str | None, languages: dict[int, str] | None = None
) -> PostItem:
    """One PostView as a PostItem (KeyError, TypeError or ValueError on a missing or bad
    field). The title opens the text, as a Reddit post's does; `languages` maps the
    instance's language ids to codes."""
    post = view["post"]
    if not isinstance(post, dict):
        raise TypeError(f"post is {describe(post)}")
    pid, ap_id, name = post["id"], post["ap_id"], post["name"]
    if isinstance(pid, bool) or not isinstance(pid, int):
        raise ValueError(f"id {pid!r}")
    if not isinstance(ap_id, str) or not ap_id:
        raise ValueError(f"ap_id {ap_id!r}")
    if not isinstance(name, str):
        raise TypeError(f"name {name!r}")
    published = post["published"]
    if not isinstance(published, str):
        raise TypeError(f"published {published!r}")
    body = post.get("body")
    text = name.strip()
    if isinstance(body, str) and body.strip():
        text = f"{text}\n\n{body.strip()}"
    creator = view.get("creator")
    actor = creator.get("actor_id") if isinstance(creator, dict) else None
    return PostItem(
        source="lemmy",
        native_id=opaque_id(ap_id),
        created_at=published,  # 0.19 ends it with Z; 0.18 wrote naive UTC
        text=text,
        url=f"{instance}/post/{pid}",
        author_handle=actor if isinstance(actor, str) and actor else None,
        query=query,
        venue=community_venue(view.get("community")),
        lang_hint=(languages or {}).get(lid)
        if type(lid := post.get("language_id")) is int
        else None,
    )


class LemmySpider(OutageSpider):
    name = "lemmy"
    source = "lemmy"
    # lemmy-ui serves every instance's robots.txt, which since March 2025 (LemmyNet/lemmy-ui
    # #3009) asks `Crawl-delay: 60`: each instance goes at its own robots.txt's Crawl-delay
    # (crawlers/robots.py), within these bounds; 60 s where it says none. The floor is the
    # global pace of a host that publishes no limit, under Lemmy's own per-IP limits (search
    # 60 per 600 s, other reads 180 per 60 s); past the ceiling (a 5-minute run cycle) a run
    # would read less than a page per instance.
    documented_delay = 60.0
    crawl_delay_bounds = (1.0, 300.0)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # no cursor is written past this (epoch seconds): the crawl's clock plus CURSOR_SKEW
        self.cursor_limit = int(utc_epoch(utcnow() + CURSOR_SKEW))
        self.languages: dict[str, dict[int, str]] = {}  # per instance: language_id -> code

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        # off by default, with no instance: a user picks the instance (and its terms)
        if not settings.source("lemmy").get("instances"):
            return "set sources.lemmy.instances (an instance's address) to crawl Lemmy"
        return None

    def instances(self) -> list[str]:
        out = []
        for value in self.cfg.get("instances") or []:
            try:
                parts = urlsplit(str(value))
                parts.port  # noqa: B018 (raises ValueError on a port that is no number)
            except ValueError as exc:
                self.skip(str(value), f"no instance address ({exc}), e.g. https://lemmy.world")
                continue
            if not (parts.scheme in ("http", "https") and parts.hostname):
                self.skip(str(value), "no instance address (http:// or https:// and a host)")
            elif parts.path.strip("/") or parts.query or parts.fragment:
                self.skip(
                    str(value),
                    "an instance's address without a path (e.g. https://lemmy.world, not a "
                    "community's or a post's page)",
                )
            else:
                out.append(str(value).rstrip("/"))
        return list(dict.fromkeys(out))

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            # newer lemmy-ui robots.txt files disallow /api: say so, once per instance
            host = urlsplit(request.url).netloc
            self.skip(
                request.url,
                f"robots.txt of {host} forbids /api: Lemmy's API cannot be crawled there "
                "(ask the instance's admin)",
            )
            return
        super().on_error(failure)

    def initial_requests(self) -> Iterator[scrapy.Request | CursorItem]:
        modes = list(self.cfg.get("modes", DEFAULT_MODES))
        if unknown := [m for m in modes if m not in MODES]:
            self.logger.warning(
                "lemmy: unknown [sources.lemmy] modes %s ignored; the modes are %s",
                ", ".join(map(str, unknown)),
                ", ".join(MODES),
            )
        phrases = self.cfg.get("queries")
        if phrases is None:
            phrases = catalog_search_phrases(self.services)
        for base in self.instances():
            pages = list(self.instance_requests(base, modes, phrases))
            read_at, codes = unpack_languages(self.cursors.get(f"{base}|languages", ""))
            if not pages or time.time() - read_at < LANGUAGES_FOR.total_seconds():
                self.languages[base] = codes
                yield from pages
            else:  # the language table first, then the posts, whatever it answers
                request = self.request(f"{base}/api/v3/site", self.parse_site, base=base)
                request.meta["pages"] = pages
                yield request.replace(errback=self.site_failed)

    def instance_requests(
        self, base: str, modes: list[str], phrases: list[str] | None
    ) -> Iterator[scrapy.Request | CursorItem]:
        if "new" in modes:
            yield self.page_request(self.state(base, f"{base}|new", None))
        if "search" in modes and phrases:
            terms = {f"{base}|search|{p}": p for p in phrases}
            keys, rotation = self.plan(terms, base)
            if rotation is not None:
                yield rotation
            for key in keys:
                yield self.page_request(self.state(base, key, terms[key]))

    def parse_site(self, response: Response) -> Iterator[scrapy.Request | CursorItem]:
        base = response.meta["state"]["base"]
        try:
            codes = language_codes(parse_json_body(response))
        except (BadResponse, ValueError) as exc:
            self.languages_unread(base, str(exc))
        else:
            self.languages[base] = codes
            yield CursorItem("lemmy", f"{base}|languages", pack_languages(int(time.time()), codes))
        yield from response.meta.get("pages", [])

    def site_failed(self, failure: Failure) -> Iterator[scrapy.Request | CursorItem]:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            why = f"HTTP {failure.value.response.status}"
        elif failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage():
            why = ""  # the pages say it, once
        else:
            why = failure.getErrorMessage()
        if why:
            self.languages_unread(request.meta["state"]["base"], why)
        yield from request.meta.get("pages", [])

    def languages_unread(self, base: str, why: str) -> None:
        """Not counted as an error: the posts are read all the same, without a language."""
        self.logger.warning(
            "lemmy: the language table of %s (/api/v3/site) could not be read (%s); its "
            "posts are stored without their declared language",
            base,
            why,
        )

    def state(self, base: str, key: str, query: str | None) -> dict[str, Any]:
        cursor = self.cursors.get(key, "")
        stored = int(cursor) if cursor.isascii() and cursor.isdigit() else 0
        mark = int(self.epoch_cursor(key, stored, self.cursor_limit, CURSOR_SKEW))
        reread = float(self.cfg.get("reread_minutes", REREAD_MINUTES)) * 60
        floor = mark - int(max(reread, REREAD.total_seconds())) if mark else 0
        if self.since:
            floor = max(floor, int(utc_epoch(self.since)))
        return {"base": base, "key": key, "query": query, "floor": floor, "mark": mark,
                "newest": mark, "stored": stored, "page": 1, "mark_page": 0}  # fmt: skip

    def page_request(self, state: dict[str, Any]) -> scrapy.Request:
        limit = min(max(int(self.cfg.get("page_limit", 50)), 1), 50)  # the API's maximum
        if state["query"] is None:
            path = "/api/v3/post/list"
            params: dict[str, Any] = {"type_": "All", "sort": "New"}
        else:
            path = "/api/v3/search"
            params = {"q": state["query"], "type_": "Posts", "sort": "New"}
        params |= {"limit": limit, "page": state["page"]}
        return self.request(f"{state['base']}{path}?{urlencode(params)}", self.parse_page, **state)

    def parse_page(self, response: Response) -> Iterator[PostItem | CursorItem | scrapy.Request]:
        state = response.meta["state"]
        data = self.load_json(response)
        if data is None:
            return
        views = data.get("posts") if isinstance(data, dict) else None
        if not isinstance(views, list):
            self.skip(response.url, "no 'posts' list in the answer")
            return
        newest, reached, listed = state["newest"], False, False
        mark_page = state["mark_page"]  # the first page that reached the cursor, or 0
        for i, view in enumerate(views, 1):
            listed = listed or not (isinstance(view, dict) and pinned(view))
            if not isinstance(view, dict):
                self.skip(response.url, f"post {i} is {describe(view)}, not a post view")
                continue
            try:
                item = post_to_item(
                    view, state["base"], state["query"], self.languages.get(state["base"])
                )
                created = int(utc_epoch(to_utc(item.created_at)))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(response.url, f"post {i}: missing or bad field {exc}")
                continue
            old = bool(state["floor"]) and created <= state["floor"]
            if pinned(view):  # out of date order: neither an end nor a cursor
                if not old and not unwanted(view):
                    yield item
                continue
            if state["mark"] and created <= state["mark"] and not mark_page:
                mark_page = state["page"]  # from here on, pages only re-read
            if old:
                reached = True  # stored by an earlier run (or before --since)
                continue
            if not self.dated_ahead(created, self.cursor_limit, item.url, state["key"]):
                newest = max(newest, created)
            if why := unwanted(view):
                self.logger.debug("lemmy: %s: post not stored: %s", response.url, why)
                continue
            yield item
        max_pages = int(self.cfg.get("max_pages", 4))
        # a first run (no cursor, no --since) reads one page, as Discourse's does
        more = listed and not reached and bool(state["floor"])
        rereading = bool(mark_page)  # every post newer than the cursor has been read
        if rereading and state["page"] - mark_page >= REREAD_PAGES:
            more = False  # the re-read's share of pages is spent
        if more and state["page"] < max_pages:
            yield self.page_request(
                dict(state, page=state["page"] + 1, newest=newest, mark_page=mark_page)
            )
            return
        if more and not rereading:
            self.warn_unread(
                state["query"] or f"{state['base']} newest", max_pages, None, _when(state["mark"])
            )
        if newest > state["mark"] or state["stored"] > state["mark"]:  # moved, or healed
            yield CursorItem("lemmy", state["key"], str(newest))


def _when(epoch: int) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None) if epoch else None
