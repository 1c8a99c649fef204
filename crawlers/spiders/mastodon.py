"""Mastodon: hashtag timelines, status search and public timelines on a list of instances.

Timelines (tag and public) page as the API documents: with a stored cursor we ask for
`min_id=cursor`, which returns the contiguous block of statuses right after it, so moving
the cursor to the newest id of each page is exact for what the instance received by then.
One known gap: a status the instance fetches late rather than receives (the original of a
boost from an account nobody there follows) gets an id from its own posting time, below a
cursor that moved on meanwhile, and a timeline poll does not see it; search re-reads the
last 10 minutes for such late arrivals, a timeline poll does not (it would spend its pages
re-reading a busy tag). Without a cursor we read the newest
page (that sets the cursor) and then page back with `max_id` for up to `max_pages` pages
(or until `--since`); the cursor is written when that backfill ends, so an interrupted
first run simply starts over.

An instance that disabled public preview serves its timelines only to a token with
`read:statuses`; the token given for the host (below) is then sent with timeline requests too.
Since Mastodon 4.5 an instance may serve its hashtag timelines to logged-in users only, or
not at all, and a token then reads them empty, silently: `/api/v2/instance` says which, so
it is read first, and the spider reads what it may and says in one line per instance what
is lost and what to do (crawlers/mastodon_access.py).

Status search differs on a real server. It answers only logged-in users (anonymous
`type=statuses` searches always return no statuses), so it runs only on instances with an
access token in the environment: MASTODON_TOKEN_<HOST>, the host upper-cased with every
other character as `_` (mastodon.social -> MASTODON_TOKEN_MASTODON_SOCIAL). Results come
newest first and `min_id`/`max_id` only become `after:`/`before:` date filters (to the
second), so they are not contiguous pages: we read pages with `offset` back from the
newest until the stored cursor (less 10 minutes, for statuses indexed late), `max_pages`,
`--since` or an empty page, then move the cursor to the newest id seen. A short page is not
the end: the server cuts a page, then drops deleted and filtered statuses from it.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.items import CursorItem, PostItem
from crawlers.mastodon_access import hashtag_feeds, tag_access
from crawlers.normalise import html_to_text, opaque_id, to_utc
from crawlers.spiders.base import (
    REREAD,
    BadResponse,
    OutageSpider,
    env,
    ids_key,
    is_id_number,
    parse_json_body,
)
from outagewatch.catalog import catalog_search_phrases

COMPLAINT_TAG_WORDS = ("down", "outage", "offline", "notworking")
LOCATION_FIELDS = ("location", "place", "city", "country", "based in", "lives in", "where", "📍")
SEARCH_PATH = "/api/v2/search"
# Statuses reach the search index through a job queue, minutes late under load: a search
# reads this far back before its cursor (snowflake ids carry milliseconds << 16), so a
# status indexed after a newer one was read is still found; the store drops re-read copies.
SEARCH_REREAD_MS = int(REREAD.total_seconds() * 1000)


def reread_floor(cursor: str) -> str:
    """The id a search reads back to: SEARCH_REREAD_MS before the cursor for a Mastodon
    snowflake id, the cursor itself for other id schemes."""
    if not is_id_number(cursor):
        return cursor
    return str(max(0, (int(cursor) >> 16) - SEARCH_REREAD_MS) << 16)


def token_env(base: str) -> str:
    """The environment variable holding the access token for one instance: credentials
    never come from the TOML file, and one variable per host keeps a token from being
    sent to another server."""
    host = urlsplit(base).hostname or ""
    return "MASTODON_TOKEN_" + re.sub(r"[^A-Z0-9]", "_", host.upper())


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
    """Search phrases: '<name> down' for each service, then a national service's in its
    market's language ('ростелеком не работает'; ``catalog.search_phrases``)."""
    return [p.lower() for p in catalog_search_phrases(services)]


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
    # Mastodon throttles requests carrying min_id/max_id/since_id at 300 per 15 minutes
    # (per IP anonymously, per account with a token; rack_attack.rb), and our timeline
    # polls carry min_id: one request per 3 s stays within it, and within the general
    # 300 requests per 5 minutes.
    documented_delay = 3.0

    def initial_requests(self) -> Iterator[scrapy.Request | CursorItem]:
        modes = self.cfg.get("modes", ["tags", "search"])
        tags = self.cfg.get("tags") or catalog_tags(
            self.services, complaint_only=not self.cfg.get("all_hashtags", False)
        )
        queries = self.cfg.get("queries") or catalog_queries(self.services)
        instances = [b.rstrip("/") for b in self.cfg.get("instances", [])]
        if "search" in modes:
            self.warn_no_token([b for b in instances if not env(token_env(b))])
        for base in instances:
            if "public" in modes:
                yield self.timeline(base, "public", "/api/v1/timelines/public", {"local": "false"})
            terms: dict[str, tuple[str, str, dict[str, str]]] = {}
            if "tags" in modes:
                for tag in tags:
                    terms[f"#{tag}"] = (f"#{tag}", f"/api/v1/timelines/tag/{quote(tag)}", {})
            if "search" in modes and env(token_env(base)):
                for q in queries:
                    params = {"q": q, "type": "statuses", "resolve": "false"}
                    terms[q] = (q, SEARCH_PATH, params)
            if not terms:
                continue
            keys = {self.key(base, t): t for t in terms}
            chosen, rotation = self.plan(keys, self.key(base, "").removesuffix("|"))
            if rotation is not None:
                yield rotation
            tag_terms = []
            for key in chosen:
                term, path, params = terms[keys[key]]
                if path == SEARCH_PATH:
                    yield self.search(base, term, params)
                else:
                    tag_terms.append((term, path, params))
            if tag_terms:  # read once the instance says whom it serves them
                yield self.tag_access_request(base, tag_terms)

    def warn_no_token(self, bases: list[str]) -> None:
        """One warning per run for the instances whose search is skipped: without a login
        Mastodon returns no statuses, so polling would only spend the budget."""
        if bases:
            self.logger.warning(
                "mastodon: status search skipped on %s: Mastodon searches statuses only for "
                "logged-in users (anonymously it always returns none). Set %s to an access "
                'token with the read:search scope, or remove "search" from '
                "[sources.mastodon] modes",
                ", ".join(b.split("://", 1)[-1] for b in bases),
                ", ".join(dict.fromkeys(token_env(b) for b in bases)),
            )

    def tag_access_request(
        self, base: str, tags: list[tuple[str, str, dict[str, str]]]
    ) -> scrapy.Request:
        """GET /api/v2/instance before an instance's hashtag timelines: since Mastodon 4.5 it
        says whom they are served (crawlers/mastodon_access.py); the timelines follow."""
        request = self.request(
            f"{base}/api/v2/instance", self.parse_tag_access, base=base, tags=tags
        )
        # no retries: a failing probe costs the timelines nothing (they are read as before)
        # rather than the retries' back-off every run
        request.meta["dont_retry"] = True
        return request.replace(errback=self.tag_access_unknown)

    def parse_tag_access(self, response: Response) -> Iterator[scrapy.Request]:
        """The tag timelines the instance's settings let this run read, and one line for
        what they keep from it."""
        meta = response.meta["state"]
        base, tags = meta["base"], meta["tags"]
        try:
            feeds = hashtag_feeds(parse_json_body(response))
        except BadResponse:
            feeds = None
        if feeds is None:  # before 4.5 (or no Mastodon): no settings to read, as before
            yield from (self.timeline(base, *tag) for tag in tags)
            return
        token = token_env(base)
        access = tag_access(feeds, base.split("://", 1)[-1], token, bool(env(token)))
        if access.line:
            self.logger.warning("%s", access.line)
        if access.read:
            for term, path, params in tags:
                yield self.timeline(base, term, path, {**params, **access.params})

    def tag_access_unknown(self, failure: Failure) -> Iterator[scrapy.Request]:
        """No /api/v2/instance (Mastodon before 4.0, a proxy, a fault): read the timelines as
        before; their own answers say what is wrong, if anything."""
        meta = failure.request.meta["state"]  # type: ignore[attr-defined]
        self.logger.debug("mastodon: %s/api/v2/instance unread: %s", meta["base"], failure.value)
        yield from (self.timeline(meta["base"], *tag) for tag in meta["tags"])

    @staticmethod
    def key(base: str, term: str) -> str:
        parts = urlsplit(base)
        return f"{parts.netloc}{parts.path}|{term}"  # ids are per instance

    @property
    def page_limit(self) -> int:
        return int(self.cfg.get("page_limit", 40))

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
        params = dict(meta["params"], limit=str(self.page_limit))
        if min_id:
            params["min_id"] = min_id
        if max_id:
            params["max_id"] = max_id
        url = f"{meta['base']}{meta['path']}?{urlencode(params)}"
        # An instance that hides public timelines from anonymous clients serves them to an
        # app token (read:statuses); one given for the host is sent, read here, not kept.
        if token := env(token_env(meta["base"])):
            return self.api_request(url, self.parse_page, f"Bearer {token}", **meta)
        return self.request(url, self.parse_page, **meta)

    def search(self, base: str, term: str, params: dict[str, str]) -> scrapy.Request:
        key = self.key(base, term)
        meta = {
            "base": base,
            "params": params,
            "term": term,
            "key": key,
            "page": 1,
            "cursor": self.cursors.get(key),
            "top": None,
        }
        return self.search_request(meta)

    def search_request(self, meta: dict[str, Any]) -> scrapy.Request:
        """One page of search results; page N skips the (N-1) pages before it. The token is
        read here, not kept in meta, so it travels only in the Authorization header."""
        params = dict(meta["params"], limit=str(self.page_limit))
        if meta["page"] > 1:
            params["offset"] = str((meta["page"] - 1) * self.page_limit)
        url = f"{meta['base']}{SEARCH_PATH}?{urlencode(params)}"
        token = env(token_env(meta["base"]))
        return self.api_request(url, self.parse_search, f"Bearer {token}", **meta)

    def http_hint(self, status: int, request: scrapy.Request) -> str:
        if status in (401, 403, 422) and "/timelines/tag/" in request.url:
            # Mastodon 4.5 refuses a hashtag timeline its feed settings keep from anonymous
            # clients with 401, or 422 from require_user! (also for an app's token: no user)
            name = token_env(request.url)
            if request.headers.get("Authorization"):
                return (
                    f"the instance refused the access token in {name} for its hashtag "
                    "timelines: it needs a user's token with read:statuses (an app's token "
                    "logs no user in)"
                )
            return (
                "this instance serves hashtag timelines only to logged-in users (Mastodon "
                "4.5's 'Access to hashtag and link feeds' settings, or public preview "
                f"disabled before 4.5): set {name} to a user's access token with "
                "read:statuses, or pick another instance"
            )
        if status in (401, 403) and "/timelines/" in request.url:
            name = token_env(request.url)
            if request.headers.get("Authorization"):
                return f"the instance refused the access token in {name} for its timelines (needs read:statuses)"
            return (
                "this instance does not serve public timelines without a login (public "
                f"preview disabled): set {name} to an access token with read:statuses"
            )
        if status in (401, 403) and SEARCH_PATH in request.url:
            name = token_env(request.url)
            if status == 401:
                return f"the instance refused the access token in {name} (invalid or revoked)"
            return f"the access token in {name} lacks the read:search scope"
        return super().http_hint(status, request)

    def parse_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta["state"]
        data = self.load_json(response)
        if data is None:
            return
        if not isinstance(data, list):
            self.skip(response.url, f"expected a list of statuses, got {type(data).__name__}")
            return
        if not data and meta["page"] == 1 and not meta["forward"]:
            self.logger.info(
                "mastodon: %s returned no statuses (nothing posted, or the instance hides "
                "public timelines from anonymous clients)",
                response.url,
            )
        ids, too_old = yield from self.new_posts(response, data, meta)
        if not ids:
            if meta.get("top"):  # the backfill ran out of statuses: it is complete
                yield CursorItem("mastodon", meta["key"], meta["top"])
            return
        ids.sort(key=ids_key)
        newest, oldest = ids[-1], ids[0]
        full = len(data) >= self.page_limit
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

    def parse_search(self, response: Response) -> Iterator[Any]:
        """Newest-first result pages, read back until the stored cursor; the cursor moves to
        the newest id seen once the read ends (an interrupted read starts over)."""
        meta = response.meta["state"]
        data = self.load_json(response)
        if data is None:
            return
        statuses = data.get("statuses") if isinstance(data, dict) else None
        if not isinstance(statuses, list):
            self.skip(response.url, "expected a search result with a list of statuses")
            return
        cursor = meta["cursor"]
        floor = reread_floor(cursor) if cursor else None
        fresh = [
            s
            for s in statuses
            if not (floor and isinstance(s, dict) and ids_key(str(s.get("id"))) <= ids_key(floor))
        ]
        reached = len(fresh) < len(statuses)  # the page goes back past the re-read floor
        ids, too_old = yield from self.new_posts(response, fresh, meta)
        top = max([t for t in (meta["top"], *ids) if t], key=ids_key, default=None)
        # Any page with statuses may have more behind it: the server fills a page of `limit`
        # results, then drops deleted and filtered ones, so a short page is not the end.
        if statuses and not reached and not too_old:
            if meta["page"] < int(self.cfg.get("max_pages", 5)):
                yield self.search_request(dict(meta, page=meta["page"] + 1, top=top))
                return
            if cursor and len(statuses) >= self.page_limit:  # a short last page: maybe all
                self.logger.warning(
                    "mastodon: search %r on %s has more than max_pages=%s pages of statuses "
                    "since the last run; the older ones are not fetched (raise "
                    "sources.mastodon.max_pages)",
                    meta["term"],
                    urlsplit(meta["base"]).netloc,
                    meta["page"],
                )
        if top and (not cursor or ids_key(top) > ids_key(cursor)):
            yield CursorItem("mastodon", meta["key"], top)

    def new_posts(
        self, response: Response, data: list[Any], meta: dict[str, Any]
    ) -> Generator[PostItem, None, tuple[list[str], bool]]:
        """Yield a page's posts newer than --since; return the page's ids (for paging) and
        whether it reached --since."""
        ids: list[str] = []
        too_old = False
        for sid, item, old in self.statuses(response, data, meta):
            ids.append(sid)
            too_old = too_old or old
            if item is not None and not old:
                yield item
        return ids, too_old

    def statuses(
        self, response: Response, data: list[Any], meta: dict[str, Any]
    ) -> Iterator[tuple[str, PostItem | None, bool]]:
        """(id, item, older than --since) for each status with an id; item is None for one
        with a missing or bad field, which is logged and skipped (its id still pages)."""
        host = urlsplit(meta["base"]).netloc
        for status in data:
            if not isinstance(status, dict) or "id" not in status:
                self.skip(response.url, "a status without an id")
                continue
            sid = str(status["id"])
            try:
                item = status_to_item(status, host, meta["term"], base=meta["base"])
                old = bool(self.since and to_utc(item.created_at) < self.since)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(response.url, f"status {sid}: missing or bad field {exc}")
                yield sid, None, False
                continue
            yield sid, item, old
