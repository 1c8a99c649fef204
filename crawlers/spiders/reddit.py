"""Reddit: search and subreddit listings through the OAuth API (application-only).

Off unless REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET are set. Reddit requires a
descriptive User-Agent ("<platform>:<app ID>:<version> (by /u/<username>)") and drastically
limits generic ones: sources.reddit.user_agent, else one built in that form with
REDDIT_USERNAME. Posts Reddit reports as deleted or removed are not stored, and copies
stored earlier lose their text and author: when a listing read shows them so, and through
a re-check each run of the stored posts seen longest ago (/api/info), as Reddit's Data API
terms ask. Each listing re-reads REREAD (10 minutes) before its newest `created_utc`, for
posts that search indexes late. Listings are not redirected: Reddit sends a subreddit
that does not exist to its subreddit search, whose answers are no posts.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

import duckdb
import scrapy
from scrapy.http import Response

from crawlers.items import CheckedItem, CursorItem, DeletionItem, MissingItem, PostItem
from crawlers.normalise import to_utc, utc_text
from crawlers.reddit_things import (
    POST_KINDS,
    Children,
    batches,
    is_deleted,
    listing_children,
    recheck_result,
    sort_children,
)
from crawlers.spiders.base import REREAD, OutageSpider, env, utc_epoch
from outagewatch import __version__
from outagewatch.catalog import catalog_search_phrases
from outagewatch.settings import DEFAULT_SOURCES, Settings
from warehouse.rechecks import Due, due_for_recheck
from warehouse.store import get_state, remove_posts, set_state, utcnow

REDIRECTS = [301, 302, 303, 307, 308]
# A post read or re-checked this recently is not asked about again yet: a small warehouse
# would otherwise be looked up whole every run.
RECHECK_AFTER = timedelta(hours=1)
# A listing's cursor goes no further than the crawl's own clock plus this: a post with a bad
# `created_utc` years ahead had moved it past every real post to come. No more than REREAD,
# so the next run's re-read starts before this run began and a post dated just inside the
# bound costs nothing either.
CURSOR_SKEW = REREAD
SUBREDDITS_REMOVED = "reddit_t5_rows_removed"  # pipeline_state: the count, once removed


def reddit_username() -> str:
    """REDDIT_USERNAME without a leading 'u/' or '/u/' ('' when unset)."""
    name = env("REDDIT_USERNAME")
    for prefix in ("/u/", "u/"):
        name = name.removeprefix(prefix)
    return name


def default_user_agent(username: str) -> str:
    """'<platform>:<app ID>:<version> (by /u/<username>)', as Reddit's API rules ask. The
    app ID is 'outagewatch', not the OAuth client id: that stays out of the log, where
    Scrapy prints its overridden settings, User-Agent included."""
    agent = f"python:outagewatch:{__version__}"
    return f"{agent} (by /u/{username})" if username else agent


def thing_to_item(kind: str, data: dict[str, Any], query: str) -> PostItem:
    """A t3 (link/self post) or t1 (comment) as a PostItem; KeyError on a missing field."""
    if kind == "t1":
        text = data["body"]
    else:
        text = "\n\n".join(p for p in (data["title"], data.get("selftext") or "") if p)
        if not data.get("is_self", True) and data.get("url"):
            text += f"\n\n{data['url']}"
    return PostItem(
        source="reddit",
        native_id=str(data["name"]),
        created_at=float(data["created_utc"]),
        text=text,
        url=f"https://www.reddit.com{data['permalink']}" if data.get("permalink") else None,
        author_handle=data.get("author"),
        is_repost=bool(data.get("crosspost_parent")),
        query=query,
        # "same here" in r/spotify, or under "Is Spotify down?", names no service itself
        venue=f"r/{data['subreddit']}" if data.get("subreddit") else None,
        thread_title=data.get("link_title") if kind == "t1" else None,
    )


class RedditSpider(OutageSpider):
    name = "reddit"
    source = "reddit"
    # Reddit allows 100 queries per minute per OAuth client, which 0.6 s would use up
    # exactly; 0.7 s (about 86 a minute) leaves room for the token and clock jitter
    documented_delay = 0.7
    due = Due([], None, 0)  # stored posts to re-check this run, read with the cursors

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.said_redirected: set[str] = set()  # subreddits already named as missing
        # no cursor is written past this (epoch seconds): the crawl's clock plus CURSOR_SKEW
        self.cursor_limit = utc_epoch(utcnow() + CURSOR_SKEW)

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        if not (env("REDDIT_CLIENT_ID") and env("REDDIT_CLIENT_SECRET")):
            return "set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET to crawl Reddit"
        return None

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        ow = settings.get("OUTAGEWATCH_SETTINGS")
        agent = ow.source("reddit").get("user_agent") if ow is not None else None
        settings.set(
            "USER_AGENT", agent or default_user_agent(reddit_username()), priority="spider"
        )

    def initial_requests(self) -> Iterator[scrapy.Request]:
        if not self.cfg.get("user_agent") and not reddit_username():
            self.logger.warning(
                "reddit: set REDDIT_USERNAME (the Reddit account that registered the app) or "
                "sources.reddit.user_agent: Reddit asks for a User-Agent '<platform>:<app ID>:"
                "<version> (by /u/<username>)' and drastically limits generic ones; sending %r",
                default_user_agent(""),
            )
        auth = self.cfg.get("auth_url", "https://www.reddit.com").rstrip("/")
        pair = f"{env('REDDIT_CLIENT_ID')}:{env('REDDIT_CLIENT_SECRET')}".encode()
        yield scrapy.FormRequest(
            f"{auth}/api/v1/access_token",
            formdata={"grant_type": "client_credentials"},
            headers={"Authorization": "Basic " + base64.b64encode(pair).decode()},
            callback=self.parse_token,
            errback=self.on_error,
            dont_filter=True,
            meta={"dont_obey_robotstxt": True},
        )

    def http_hint(self, status: int, request: scrapy.Request) -> str:
        if status == 401 and request.url.endswith("/api/v1/access_token"):
            return (
                "Reddit refused REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET: check them, and that "
                "Reddit has approved the app, as its Responsible Builder Policy asks of new apps"
            )
        return super().http_hint(status, request)

    def listings(self) -> Iterator[tuple[str, str, dict[str, str]]]:
        """(cursor key, path, params) for every listing this run reads. Each service's
        "<name> down" and its catalog `search` names' ("Nordlink down"), not the markets'
        own words: Reddit is read in English, and each query is one request of its budget."""
        queries = self.cfg.get("queries") or catalog_search_phrases(self.services, markets=False)
        for q in queries:
            yield f"search|{q}", "/search", {"q": q, "sort": "new", "type": "link"}
        for sub in self.cfg.get("subreddits", []):
            yield f"r/{sub}/new", f"/r/{quote(sub)}/new", {}
            yield f"r/{sub}/comments", f"/r/{quote(sub)}/comments", {}

    def parse_token(self, response: Response) -> Iterator[scrapy.Request | CursorItem]:
        data = self.load_json(response)
        token = data.get("access_token") if isinstance(data, dict) else None
        if not token:
            self.skip(response.url, "no access_token in the answer (check the client credentials)")
            return
        listings = {key: (path, params) for key, path, params in self.listings()}
        terms = {key: params.get("q") or key for key, (_, params) in listings.items()}
        chosen, rotation = self.plan(terms, "listings")
        if rotation is not None:
            yield rotation
        for key in chosen:
            path, params = listings[key]
            stored = float(self.cursors.get(key) or 0)
            mark = self.epoch_cursor(key, stored, self.cursor_limit, CURSOR_SKEW)
            state = {
                "key": key,
                "path": path,
                "params": params,
                "page": 1,
                "mark": mark,  # the newest created_utc stored so far
                "stored": stored,  # the cursor as read, to be rewritten when it was healed
                "floor": mark - REREAD.total_seconds() if mark else 0.0,
                "newest": mark,
                "oldest": None,
                "token": token,
            }
            yield self.listing_request(state)
        yield from self.recheck_requests(token)

    def listing_request(self, state: dict[str, Any], after: str | None = None) -> scrapy.Request:
        base = self.cfg.get("base_url", "https://oauth.reddit.com").rstrip("/")
        params = dict(state["params"], limit=str(int(self.cfg.get("limit", 100))), raw_json="1")
        if after:
            params["after"] = after
        request = self.api_request(
            f"{base}{state['path']}?{urlencode(params)}",
            self.parse_listing,
            f"bearer {state['token']}",
            **state,
        )
        # Reddit redirects a subreddit that does not exist to /subreddits/search, whose
        # subreddits (t5) would read as posts: the callback gets the redirect instead.
        request.meta.update(dont_redirect=True, handle_httpstatus_list=REDIRECTS)
        return request

    def parse_listing(self, response: Response) -> Iterator[Any]:
        state = response.meta["state"]
        if response.status in REDIRECTS:
            self.redirected(response, state["key"])
            return
        read = self.read_listing(response)
        if read is None:
            return
        data, found = read
        newest, oldest, reached_floor = state["newest"], state["oldest"], False
        since = utc_epoch(self.since) if self.since else 0
        for kind, thing in found.things:
            try:
                created = float(thing["created_utc"])
                if is_deleted(thing):
                    yield DeletionItem("reddit", str(thing["name"]))
                    continue
                if created <= state["floor"] or created < since:
                    reached_floor = True
                    continue
                item = thing_to_item(kind, thing, state["params"].get("q") or state["key"])
            except (KeyError, TypeError, ValueError) as exc:
                self.skip(
                    response.url, f"{kind} {thing.get('name', '?')}: missing or bad field {exc}"
                )
                continue
            if not self.dated_ahead(created, self.cursor_limit, item.native_id, state["key"]):
                newest = max(newest, created)
                oldest = created if oldest is None else min(oldest, created)
            yield item
        after = data.get("after")
        max_pages = int(self.cfg.get("max_pages", 3))
        if after and not reached_floor and state["page"] < max_pages:
            page = dict(state, page=state["page"] + 1, newest=newest, oldest=oldest)
            yield self.listing_request(page, after)
            return
        mark = max(state["mark"], since)
        if after and not reached_floor and mark:
            self.warn_unread(
                state["params"].get("q") or state["key"],
                max_pages,
                to_utc(oldest) if oldest is not None else None,
                to_utc(mark),
            )
        if newest > state["mark"] or state["mark"] < state.get("stored", state["mark"]):
            yield CursorItem("reddit", state["key"], repr(newest))

    def read_listing(self, response: Response) -> tuple[dict[str, Any], Children] | None:
        """A Listing's data and its children sorted (see `things`); None, said, when the
        body is no Listing."""
        doc = self.load_json(response)
        if doc is None:
            return None
        children = listing_children(doc)
        if children is None:
            self.skip(response.url, "not a Listing")
            return None
        return doc["data"], self.things(response.url, children)

    def things(self, url: str, children: list[Any]) -> Children:
        """A listing's children sorted (.things: its posts and comments), with one line for
        each child that is no object and one for all the things of other kinds."""
        found = sort_children(children)
        for line in found.bad:
            self.skip(url, line)
        if found.others:
            self.skip(url, found.others_line())
        return found

    def redirected(self, response: Response, key: str) -> None:
        """A listing answered with a redirect: for a subreddit, said once per run. Its
        cursor stays where it was."""
        where = response.headers.get(b"Location", b"").decode("latin-1")
        if not key.startswith("r/"):
            self.skip(response.url, f"Reddit redirected to {where or 'nowhere'}; nothing read")
            return
        sub = key.rsplit("/", 1)[0]  # r/verizn/new -> r/verizn
        if sub in self.said_redirected:
            return
        self.said_redirected.add(sub)
        self.count_error()
        why = (
            "no such subreddit (Reddit redirected to search)"
            if "/subreddits/search" in where
            else f"Reddit redirected to {where or 'nowhere'}"
        )
        self.logger.warning("reddit: %s: %s; check `subreddits` in [sources.reddit]", sub, why)

    # -- deletions -------------------------------------------------------------------------
    def read_at_start(self, con: duckdb.DuckDBPyConnection) -> None:
        """The stored posts due for a deletion re-check, read with the cursors; once per
        warehouse first, the subreddits an old redirect bug stored as posts removed."""
        self.remove_subreddit_rows(con)
        default = DEFAULT_SOURCES["reddit"]["recheck_per_run"]
        budget = int(self.cfg.get("recheck_per_run", default))
        if budget > 0:
            prefixes = [f"{kind}_" for kind in POST_KINDS]
            before = utcnow() - RECHECK_AFTER
            self.due = due_for_recheck(con, "reddit", budget, before, prefixes)

    def remove_subreddit_rows(self, con: duckdb.DuckDBPyConnection) -> None:
        """Before listings were kept from following redirects, a misspelled subreddit's
        listing read Reddit's subreddit search, and its subreddits (t5) were stored as posts.
        They are no posts at all: removed with what was derived from them, once (a
        pipeline_state mark), with a line giving the count."""
        if get_state(con, SUBREDDITS_REMOVED) is not None:
            return
        where = "source = 'reddit' AND starts_with(native_id, 't5_')"
        n = remove_posts(con, where, {})
        set_state(con, SUBREDDITS_REMOVED, str(n))
        if n:
            self.logger.info(
                "reddit: removed %d subreddits an earlier version stored as posts (t5_ rows, "
                "from a misspelled subreddit's redirect to search), with their signals",
                n,
            )

    def recheck_requests(self, token: str) -> Iterator[scrapy.Request]:
        """Ask /api/info about the stored posts seen longest ago, within the run's budget
        (read at start-up with the cursors). Reddit's Data API terms ask that content
        deleted on Reddit be removed, and a listing shows a deletion only while the post is
        on a page read (search leaves it out)."""
        due = self.due
        if not due.native_ids:
            return
        self.logger.info(
            "reddit: re-checking %d of %d stored posts due for a deletion check (the one "
            "waiting longest was last seen %s)",
            len(due.native_ids),
            due.waiting,
            utc_text(due.oldest_seen) if due.oldest_seen else "?",
        )
        base = self.cfg.get("base_url", "https://oauth.reddit.com").rstrip("/")
        for batch in batches(due.native_ids):
            query = urlencode({"id": ",".join(batch), "raw_json": "1"}, safe=",")
            yield self.api_request(
                f"{base}/api/info?{query}", self.parse_info, f"bearer {token}", ids=batch
            )

    def parse_info(self, response: Response) -> Iterator[DeletionItem | CheckedItem | MissingItem]:
        """Delete what Reddit shows deleted or removed. What it leaves out may be hidden
        for a while (a private or quarantined subreddit), so it is only reported missing,
        and an answer that leaves out every id asked deletes nothing and counts no miss:
        its posts only wait their turn again, or the same batch would be asked every run."""
        asked: list[str] = response.meta["state"]["ids"]
        read = self.read_listing(response)
        if read is None:
            return
        result = recheck_result(asked, read[1])
        if result.suspect:
            self.skip(
                response.url,
                f"/api/info left out all {len(asked)} posts asked (an empty or broken "
                "answer?); none deleted or counted missing, they are asked again in their turn",
            )
            yield CheckedItem("reddit", asked, answered=False)
            return
        for name in result.gone:
            yield DeletionItem("reddit", name)
        if result.missing:
            yield MissingItem("reddit", result.missing)
        if result.found:
            yield CheckedItem("reddit", result.found)
