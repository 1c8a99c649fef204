"""Bluesky: app.bsky.feed.searchPosts with an app password (search needs a session).

Off unless BLUESKY_HANDLE and BLUESKY_APP_PASSWORD are set. createSession is tightly rate
limited (30 per 5 minutes and 300 per day per account, fewer in practice), and
`outagewatch run --every 5m` crawls 288 times a day, so the session is kept between runs
in `bluesky-session.json` beside the warehouse (mode 0600, tokens only, never the
password): its access token is used while getSession accepts it, refreshSession renews
it, and createSession runs only when there is no usable session, once per run at most.

Each query resumes from the newest `sortAt` it stored, sent back as `since=` less REREAD
(posts indexed late). sortAt, which `since` filters on, is the earlier of the record's
createdAt (a client may write any date there) and the AppView's indexedAt; the cursor is
never later than the crawl's own clock. For the firehose-style feed, see
crawlers/jetstream.py.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, PostItem
from crawlers.middlewares import reset_seconds, retry_after_seconds
from crawlers.normalise import describe, opaque_id, to_utc
from crawlers.spiders.base import (
    REREAD,
    BadResponse,
    OutageSpider,
    env,
    parse_json_body,
    utc_text,
)
from outagewatch.catalog import catalog_search_phrases
from outagewatch.settings import Settings

SESSION_FILE = "bluesky-session.json"  # in the data folder, beside the warehouse and salt
LOGIN_LIMITS = "30 logins per 5 minutes and 300 per day per account"
LONGEST_LOGIN_WAIT = timedelta(days=1)  # a ratelimit-reset further off is not believed
TOKEN_REFUSED = ("ExpiredToken", "InvalidToken", "AuthenticationRequired")


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


def sort_at(view: dict[str, Any]) -> datetime:
    """The time search sorts and `since` filters by: the earlier of createdAt, which a
    client may set to any date, and indexedAt (docs.bsky.app, "Timestamps")."""
    created = to_utc(view["record"]["createdAt"])
    indexed = view.get("indexedAt")
    return min(created, to_utc(indexed)) if indexed else created


def stamp(value: Any) -> str:
    return to_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def load_session(path: Path) -> dict[str, Any]:
    """The kept session, {} when there is none or it cannot be read (then we log in)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_session(path: Path, data: dict[str, Any]) -> None:
    """Replace the session file atomically, readable by its owner only: it holds tokens."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)  # a leftover would keep its own mode through O_CREAT
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def xrpc_error(response: Response) -> str:
    """The XRPC error name of an error answer ('ExpiredToken'), or ''."""
    try:
        data = parse_json_body(response)
    except BadResponse:
        return ""
    return str(data.get("error") or "") if isinstance(data, dict) else ""


def login_reset(response: Response) -> float | None:
    """When a rate-limited login may work again (epoch seconds): the `ratelimit-reset`
    header, else Retry-After, at most LONGEST_LOGIN_WAIT ahead (a reset of "1e300" was a
    date past the year 9999, and the line saying it a traceback); None when the answer does
    not say."""
    wait = reset_seconds(response.headers.get(b"ratelimit-reset"))
    if wait is None:
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
    if wait is None or math.isnan(wait):
        return None
    return time.time() + min(wait, LONGEST_LOGIN_WAIT.total_seconds())


def token(session: dict[str, Any], key: str) -> str | None:
    """A session's accessJwt or refreshJwt when it is one (a JWT: printable ASCII text), else
    None: a number or an object there was sent as "Bearer 7"."""
    value = session.get(key)
    ok = isinstance(value, str) and value.isascii() and value.isprintable() and value.strip()
    return value if ok else None


def _what(data: dict[str, Any], key: str) -> str:
    """What a session answer has instead of a token, never any of its text (a token)."""
    if key not in data:
        return "missing"
    value = data[key]
    return "a text that is no token" if isinstance(value, str) else describe(value)


def blocked_until(session: dict[str, Any]) -> float:
    """The kept session's login_blocked_until (epoch seconds), 0 when absent or no number."""
    value = session.get("login_blocked_until")
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return float(value) if number and math.isfinite(value) else 0.0


class BlueskySpider(OutageSpider):
    name = "bluesky"
    source = "bluesky"
    # The PDS allows 3,000 requests per 5 minutes per IP (0.1 s apart), for every client at
    # that address; searchPosts is what Bluesky asks bots to spare (atproto#3423), so one
    # search a second, and a small terms_per_run.
    documented_delay = 1.0
    started: datetime  # when this run began: no cursor is written past it

    @classmethod
    def unavailable(cls, settings: Settings) -> str | None:
        if not (env("BLUESKY_HANDLE") and env("BLUESKY_APP_PASSWORD")):
            return "set BLUESKY_HANDLE and BLUESKY_APP_PASSWORD (an app password) to search Bluesky"
        return None

    def base(self) -> str:
        return str(self.cfg.get("base_url", "https://bsky.social")).rstrip("/")

    def http_hint(self, status: int, request: scrapy.Request) -> str:
        if status in (400, 401) and "searchPosts" in request.url:
            return "the session expired or was revoked during the run; the next run renews it"
        if status == 403 and "searchPosts" in request.url:
            return (
                "Bluesky refused search to this account or address; it has turned search off "
                "for bot traffic before (atproto#3423): lower sources.bluesky.terms_per_run, or "
                "read the post stream instead ([sources.jetstream] enabled = true)"
            )
        return super().http_hint(status, request)

    # -- the session -----------------------------------------------------------------------
    @property
    def session_path(self) -> Path:
        return Path(self.ow.data_dir) / SESSION_FILE

    def account(self) -> dict[str, str]:
        """What a kept session belongs to; a session of another account or PDS is not used."""
        return {"service": self.base(), "identifier": env("BLUESKY_HANDLE")}

    def initial_requests(self) -> Iterator[scrapy.Request | CursorItem]:
        self.started = datetime.now(UTC)
        kept = load_session(self.session_path)
        session = kept if all(kept.get(k) == v for k, v in self.account().items()) else {}
        if access := token(session, "accessJwt"):
            yield self.xrpc("getSession", access, self.parse_check, session)
        elif refresh := token(session, "refreshJwt"):
            yield self.xrpc("refreshSession", refresh, self.parse_refresh, session)
        else:
            yield from self.login(session)

    def xrpc(self, method: str, token: str, callback: Any, session: dict) -> scrapy.Request:
        """getSession (GET) or refreshSession (POST) with a Bearer token; an answer saying
        the token is refused (400 ExpiredToken, 401) reaches the callback."""
        request = self.api_request(
            f"{self.base()}/xrpc/com.atproto.server.{method}",
            callback,
            f"Bearer {token}",
            method="GET" if method == "getSession" else "POST",
            session=session,
        )
        request.meta["handle_httpstatus_list"] = [400, 401]
        return request

    def refused(self, response: Response) -> bool:
        return response.status == 401 or (
            response.status == 400 and xrpc_error(response) in TOKEN_REFUSED
        )

    def parse_check(self, response: Response) -> Iterator[scrapy.Request | CursorItem]:
        session = response.meta["state"]["session"]
        if response.status == 200 and (access := token(session, "accessJwt")):
            yield from self.searches(access)
        elif response.status == 200:  # checked a token initial_requests would not send
            yield from self.login(session)
        elif not self.refused(response):
            self.skip(response.url, f"HTTP {response.status} {xrpc_error(response)}".rstrip())
        elif refresh := token(session, "refreshJwt"):
            yield self.xrpc("refreshSession", refresh, self.parse_refresh, session)
        else:
            yield from self.login(session)

    def parse_refresh(self, response: Response) -> Iterator[scrapy.Request | CursorItem]:
        session = response.meta["state"]["session"]
        if response.status == 200:
            fresh = self.keep(response, session)
            if fresh:
                yield from self.searches(fresh["accessJwt"])
        elif self.refused(response):
            self.logger.info("bluesky: the kept session has expired; logging in again")
            yield from self.login(session)
        else:
            self.skip(response.url, f"HTTP {response.status} {xrpc_error(response)}".rstrip())

    def login(self, session: dict[str, Any]) -> Iterator[scrapy.Request]:
        """createSession, unless the last one was rate limited and its reset is still ahead.
        Never retried within a run: each attempt counts against the login limit."""
        blocked = blocked_until(session)
        if blocked > time.time():
            self.login_limited(blocked, earlier=True)
            return
        body = json.dumps(
            {"identifier": env("BLUESKY_HANDLE"), "password": env("BLUESKY_APP_PASSWORD")}
        )
        yield scrapy.Request(
            f"{self.base()}/xrpc/com.atproto.server.createSession",
            method="POST",
            body=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            callback=self.parse_login,
            errback=self.on_error,
            dont_filter=True,
            meta={
                "dont_obey_robotstxt": True,
                "dont_retry": True,
                "handle_httpstatus_list": [401, 429],
                "state": {"session": session},
            },
        )

    def parse_login(self, response: Response) -> Iterator[scrapy.Request | CursorItem]:
        if response.status == 429:
            reset = login_reset(response)
            self.login_limited(reset)
            if reset is not None:
                until = min(reset, time.time() + LONGEST_LOGIN_WAIT.total_seconds())
                self.store({**self.account(), "login_blocked_until": until})
            return
        if response.status == 401:
            self.skip(
                response.url,
                f"login refused ({xrpc_error(response) or 'HTTP 401'}): check BLUESKY_HANDLE "
                "and BLUESKY_APP_PASSWORD (an app password)",
            )
            return
        fresh = self.keep(response, {})
        if fresh:
            yield from self.searches(fresh["accessJwt"])

    def login_limited(self, reset: float | None, earlier: bool = False) -> None:
        """One error line: the login is rate limited, and when it should work again."""
        self.count_error()
        if reset is None:
            when = "later (the answer did not say when)"
        else:
            minutes = max(0, round((reset - time.time()) / 60))
            when = f"after {utc_text(datetime.fromtimestamp(reset, UTC))} (in {minutes} min)"
        self.logger.error(
            "bluesky: login rate limited%s (createSession allows %s); not trying again this "
            "run; it should work again %s",
            " at the last attempt" if earlier else "",
            LOGIN_LIMITS,
            when,
        )

    def keep(self, response: Response, session: dict[str, Any]) -> dict[str, Any] | None:
        """Store the tokens of a createSession or refreshSession answer; None if absent."""
        data = self.load_json(response)
        if data is None:
            return None  # load_json said why
        if not isinstance(data, dict):
            self.skip(response.url, f"the session answer is {describe(data)}, not an object")
            return None
        access, refresh = token(data, "accessJwt"), token(data, "refreshJwt")
        if not (access and refresh):
            bad = [k for k, v in (("accessJwt", access), ("refreshJwt", refresh)) if not v]
            self.skip(
                response.url,
                f"no {' or '.join(bad)} token in the session answer "
                f"({', '.join(f'{k}: {_what(data, k)}' for k in bad)})",
                "no accessJwt/refreshJwt token in the session answer",
            )
            return None
        did = data.get("did") if isinstance(data.get("did"), str) else session.get("did")
        fresh = {**self.account(), "did": did, "accessJwt": access, "refreshJwt": refresh}
        self.store(fresh)
        return fresh

    def store(self, session: dict[str, Any]) -> None:
        try:
            save_session(self.session_path, session)
        except OSError as exc:
            self.logger.warning(
                "bluesky: cannot keep the session in %s (%s); the next run logs in again",
                self.session_path,
                exc.strerror or exc,
            )

    # -- the searches ----------------------------------------------------------------------
    def searches(self, token: str) -> Iterator[scrapy.Request | CursorItem]:
        queries = self.cfg.get("queries") or catalog_search_phrases(self.services)
        queries, rotation = self.plan({q: q for q in queries}, "queries")
        if rotation is not None:
            yield rotation
        now = stamp(self.started)
        since = stamp(self.since) if self.since else ""
        for q in queries:
            stored = self.cursors.get(q, "")
            mark = min(stored, now) if stored else ""  # heals a cursor from the future
            floor = stamp(to_utc(mark) - REREAD) if mark else ""
            yield self.search_request(
                {
                    "query": q,
                    "floor": max(floor, since),  # sent as since=, and filtered on locally
                    "stored": stored,
                    "mark": max(mark, since),  # where the last run left off (for warnings)
                    "newest": mark,
                    "oldest": "",
                    "now": now,
                    "page": 1,
                    "token": token,
                }
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
        request = self.api_request(url, self.parse_search, f"Bearer {state['token']}", **state)
        # the PDS proxies app.bsky.* calls to an AppView; one with no default (a self-hosted
        # PDS) refuses a call that does not name it (atproto-proxy)
        if appview := str(self.cfg.get("appview") or ""):
            request.headers["atproto-proxy"] = appview
        return request

    def parse_search(self, response: Response) -> Iterator[Any]:
        state = response.meta["state"]
        doc = self.load_json(response)
        if not isinstance(doc, dict) or not isinstance(doc.get("posts"), list):
            if doc is not None:
                self.skip(response.url, "no 'posts' list in the answer")
            return
        newest, oldest, old = state["newest"], state["oldest"], False
        for view in doc["posts"]:
            try:
                item = postview_to_item(view, state["query"])
                when = stamp(sort_at(view))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(
                    response.url,
                    f"post {view.get('uri', '?') if isinstance(view, dict) else '?'}: "
                    f"missing or bad field {exc}",
                )
                continue
            if state["floor"] and when < state["floor"]:
                old = True
                continue
            newest = max(newest, when)
            oldest = min(oldest, when) if oldest else when
            yield item
        cursor = doc.get("cursor")
        max_pages = int(self.cfg.get("max_pages", 3))
        if cursor and not old and state["page"] < max_pages:
            page = dict(state, page=state["page"] + 1, newest=newest, oldest=oldest)
            yield self.search_request(page, cursor)
            return
        if cursor and not old and state["mark"]:
            reached = to_utc(oldest) if oldest else None
            self.warn_unread(state["query"], max_pages, reached, to_utc(state["mark"]))
        newest = min(newest, state["now"])  # never later than our own clock
        if newest and newest != state["stored"]:
            yield CursorItem("bluesky", state["query"], newest)
