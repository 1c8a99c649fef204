"""Reddit's OAuth API as the replay server answers it: the token, search and listings.

Application-only OAuth as on www.reddit.com: ``POST /api/v1/access_token`` with the client's
id and secret (``DEMO_CLIENT``) in Basic auth gives a bearer token (``DEMO_TOKEN``); every
listing wants it, else 401. Listings (``/search``, ``/r/{sub}/new``, ``/r/{sub}/comments``)
are newest first, ``limit`` (at most 100; 25 when not a number) per page, the next page after
the fullname in ``after``, and end after 1,000 things as Reddit's do. A community the world does
not write in is Reddit's 404. Search matches posts whose title and text hold every word of
``q`` as a whole word. A token lasts an hour, as Reddit says (not enforced: the demo's crawl
takes seconds). Every answer to the token's holder carries Reddit's rate-limit headers
(``X-Ratelimit-Used``, ``-Remaining``, ``-Reset``: 1,000 requests per 10-minute window,
100 a minute), counted per replay server.
"""

from __future__ import annotations

import base64
import re
import threading
import time
from urllib.parse import unquote

from outagewatch.demo.shapes import reddit_thing
from outagewatch.demo.worldreddit import subreddits

DEMO_CLIENT = ("outagewatch-demo", "replay-secret")  # REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET
DEMO_TOKEN = "outagewatch-demo-reddit"
FIRST_ID = 1_500_000_000  # base36 'oso3e8': ids of the length Reddit's have
LISTING_RE = re.compile(r"^/r/([A-Za-z0-9_]{2,21})/(new|comments)$")
LISTING_DEPTH = 1000  # Reddit's listings end there, however many posts a community has
UNAUTHORIZED = {"message": "Unauthorized", "error": 401}
NOT_FOUND = {"message": "Not Found", "error": 404}
WORD_RE = re.compile(r"\w+")
WINDOW_SECONDS = 600  # Reddit's rate-limit window: 100 queries a minute, over 10 minutes
WINDOW_REQUESTS = 1000

Answer = tuple[int, object, dict[str, str]]


class RedditReplay:
    """The world's Reddit posts (served up to the world's end), indexed for the listings."""

    def __init__(self, posts: list[dict]) -> None:
        ours = sorted((p for p in posts if p["source"] == "reddit"), key=lambda p: p["id"])
        self._id = {p["id"]: FIRST_ID + 3 * i for i, p in enumerate(ours)}
        by_id = {p["id"]: p for p in ours}
        self._things = [
            reddit_thing(
                p,
                self._id[p["id"]],
                (self._id[p["parent_id"]], by_id[p["parent_id"]]) if p.get("parent_id") else None,
            )
            for p in reversed(ours)  # newest first, as every listing is
        ]
        # every community the world writes in exists, even one quiet in a short world
        self._communities = {c.casefold() for c in subreddits()} | {
            p["subreddit"].casefold() for p in ours
        }
        self._used: dict[int, int] = {}  # window number -> requests counted in it
        self._lock = threading.Lock()

    def rate_limit_headers(self) -> dict[str, str]:
        """Reddit's headers for one more request in the current window."""
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            used = self._used[window] = self._used.get(window, 0) + 1
        return {
            "X-Ratelimit-Used": str(used),
            "X-Ratelimit-Remaining": f"{max(0, WINDOW_REQUESTS - used):.1f}",
            "X-Ratelimit-Reset": str(int((window + 1) * WINDOW_SECONDS - now)),
        }

    def token(self, authorization: str | None, form: dict[str, list[str]]) -> Answer:
        """The access token for the demo's client, as Reddit answers it."""
        pair = ":".join(DEMO_CLIENT).encode()
        if authorization != "Basic " + base64.b64encode(pair).decode():
            return 401, UNAUTHORIZED, {}
        if (form.get("grant_type") or [""])[-1] != "client_credentials":
            return 200, {"error": "unsupported_grant_type"}, {}
        body = {"access_token": DEMO_TOKEN, "token_type": "bearer", "expires_in": 3600}
        return 200, body | {"scope": "*"}, {}

    def route(self, path: str, params: dict[str, list[str]], token: str | None) -> Answer | None:
        """A listing's answer, or None when the path is none of Reddit's."""
        match = LISTING_RE.match(path)
        if path != "/search" and not path.startswith("/r/"):
            return None
        if token != DEMO_TOKEN:
            return 401, UNAUTHORIZED, {}
        limits = self.rate_limit_headers()
        if path != "/search":
            sub = unquote(match.group(1)).casefold() if match else ""
            if sub not in self._communities:
                return 404, NOT_FOUND, limits
            kind = "t3" if match.group(2) == "new" else "t1"
            things = [
                t
                for t in self._things
                if t["kind"] == kind and t["data"]["subreddit"].casefold() == sub
            ]
        else:
            words = set(WORD_RE.findall((params.get("q") or [""])[-1].casefold()))
            things = [
                t
                for t in self._things
                if t["kind"] == "t3"
                and words
                <= set(WORD_RE.findall(f"{t['data']['title']}\n{t['data']['selftext']}".casefold()))
            ]
        return 200, _page(things[:LISTING_DEPTH], params), limits


def _page(things: list[dict], params: dict[str, list[str]]) -> dict:
    """One page of a listing: ``limit`` things after the fullname ``after``."""
    try:
        limit = max(1, min(int((params.get("limit") or ["25"])[-1]), 100))
    except ValueError:
        limit = 25  # Reddit ignores a limit that is no number
    after = (params.get("after") or [""])[-1]
    start = 0
    if after:
        names = [t["data"]["name"] for t in things]
        start = names.index(after) + 1 if after in names else len(things)
    chunk = things[start : start + limit]
    more = start + limit < len(things)
    return {
        "kind": "Listing",
        "data": {
            "after": chunk[-1]["data"]["name"] if chunk and more else None,
            "dist": len(chunk),
            "modhash": "",
            "geo_filter": None,
            "children": chunk,
            "before": None,
        },
    }
