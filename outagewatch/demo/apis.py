"""Request routing and paging of the replay server, independent of HTTP plumbing.

``Replay(world).route(path, params, base_url, token)`` returns ``(status, body, headers)``
where body is JSON-able (or a str for robots.txt) and token is the request's Bearer token,
if any. Paging follows the real APIs: Mastodon's timelines page with max_id / since_id /
min_id and a ``Link`` header; its status search, like a real server's, answers only a
logged-in client (``REPLAY_TOKEN``), newest first, with ``offset`` paging and min_id /
max_id as date filters to the second; Algolia pages with page / hitsPerPage; Reddit's
listings are in ``reddit_api``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta
from urllib.parse import unquote, urlencode

from outagewatch.demo.reddit_api import RedditReplay
from outagewatch.demo.shapes import EPOCH, hn_hit, iso_ms, status_json, tags_of
from outagewatch.demo.simulate import DemoWorld
from outagewatch.demo.statuspages import components_for, page_for
from outagewatch.demo.worlddata import LOCAL_INSTANCE

NOT_FOUND = {"error": "Record not found"}
# The access token the replay instance accepts for status search (MASTODON_TOKEN_127_0_0_1).
REPLAY_TOKEN = "outagewatch-demo-replay"
ANONYMOUS = "not supported without authentication"  # ends Mastodon's 401 messages
HN_BASE_ID = 40_000_000
STATUS_RE = re.compile(
    r"^/status/([a-z0-9\-]+)/api/v2/(summary|status|incidents|incidents/unresolved|components)\.json$"
)
INDICATOR = {
    "none": "All Systems Operational",
    "minor": "Minor Service Outage",
    "major": "Partial System Outage",
    "critical": "Major System Outage",
}
NUMERIC_RE = re.compile(r"^(created_at_i|points|num_comments)(<=|>=|<|>|=)(\d+)$")


def _int(params: dict[str, list[str]], name: str, default: int | None = None) -> int | None:
    values = params.get(name)
    if not values or values[-1] == "":
        return default
    try:
        return int(values[-1])
    except ValueError:
        raise ValueError(f"parameter {name} must be an integer, got {values[-1]!r}") from None


def _snowflake_second(params: dict[str, list[str]], name: str) -> datetime | None:
    """The time of a snowflake id parameter, truncated to the second as Mastodon's search
    writes it into an after: / before: filter (Time#iso8601)."""
    value = _int(params, name)
    if value is None:
        return None
    return EPOCH + timedelta(seconds=(value >> 16) // 1000)


def _flag(params: dict[str, list[str]], name: str) -> bool:
    return (params.get(name) or [""])[-1].lower() in ("true", "1")


class Replay:
    """The world's posts indexed for the endpoints; 'now' is the world's end."""

    def __init__(self, world: DemoWorld):
        self.world = world
        posts = [p for p in world.posts if p["created_at"] <= world.end]
        self.by_id = {p["id"]: p for p in posts}
        self.masto = sorted(
            (p for p in posts if p["source"] == "mastodon"), key=lambda p: p["id"], reverse=True
        )
        self.tags = {p["id"]: tags_of(self._orig(p)["text"]) for p in self.masto}
        self.lowered = {p["id"]: p["text"].casefold() for p in self.masto if not p.get("reblog_of")}
        hn = sorted((p for p in posts if p["source"] == "hackernews"), key=lambda p: p["id"])
        self.hn_oid = {p["id"]: HN_BASE_ID + 7 * i for i, p in enumerate(hn)}
        self.hn = hn[::-1]
        self.reddit = RedditReplay(posts)

    def _orig(self, post: dict) -> dict:
        return self.by_id.get(post.get("reblog_of"), post) if post.get("reblog_of") else post

    def status(self, post: dict) -> dict:
        orig = self.by_id.get(post["reblog_of"]) if post.get("reblog_of") else None
        return status_json(post, orig)

    # --- routing -------------------------------------------------------------------------
    def route(
        self, path: str, params: dict[str, list[str]], base: str, token: str | None = None
    ) -> tuple[int, object, dict[str, str]]:
        if path == "/robots.txt":
            return 200, "User-agent: *\nAllow: /\n", {}
        if path in ("/api/v1/instance", "/api/v2/instance"):
            return 200, self.instance(path.startswith("/api/v2")), {}
        if path == "/api/v1/timelines/public":
            items = self.masto
            if _flag(params, "local"):
                items = [
                    p
                    for p in items
                    if (p.get("author_instance") or LOCAL_INSTANCE) == LOCAL_INSTANCE
                ]
            elif _flag(params, "remote"):
                items = [
                    p
                    for p in items
                    if (p.get("author_instance") or LOCAL_INSTANCE) != LOCAL_INSTANCE
                ]
            return self._timeline(items, params, base, path)
        if path.startswith("/api/v1/timelines/tag/"):
            tag = unquote(path.rsplit("/", 1)[1]).lower().lstrip("#")
            items = [p for p in self.masto if tag in self.tags[p["id"]]]
            return self._timeline(items, params, base, path)
        if path == "/api/v2/search":
            return self.search(params, token)
        if path in ("/api/v1/search_by_date", "/api/v1/search"):
            return 200, self.algolia(params), {}
        m = STATUS_RE.match(path)
        if m and m.group(1) in self.world.official_incidents:
            return 200, self.statuspage(m.group(1), m.group(2)), {}
        if (answer := self.reddit.route(path, params, token)) is not None:
            return answer
        return 404, NOT_FOUND, {}

    # --- Mastodon ------------------------------------------------------------------------
    def instance(self, v2: bool) -> dict:
        doc = {
            "uri": LOCAL_INSTANCE,
            "title": "Outagewatch demo instance",
            "short_description": "A replay of a simulated week of public posts.",
            "description": "A replay of a simulated week of public posts.",
            "email": "admin@social.example",
            "version": "4.2.10",
            "urls": {"streaming_api": "wss://social.example"},
            "stats": {"user_count": 2400, "status_count": len(self.masto), "domain_count": 18},
            "thumbnail": None,
            "languages": ["en"],
            "registrations": False,
            "approval_required": False,
            "invites_enabled": False,
            "configuration": {"statuses": {"max_characters": 500}},
            "contact_account": None,
            "rules": [],
        }
        if v2:
            doc = {
                "domain": LOCAL_INSTANCE,
                "title": doc["title"],
                "version": doc["version"],
                "source_url": "https://github.com/mastodon/mastodon",
                "description": doc["description"],
                "usage": {"users": {"active_month": 2400}},
                "thumbnail": {"url": ""},
                "languages": ["en"],
                "configuration": doc["configuration"],
                "registrations": {"enabled": False},
                "contact": {"email": doc["email"], "account": None},
                "rules": [],
            }
        return doc

    def _timeline(self, items: list[dict], params: dict[str, list[str]], base: str, path: str):
        page = self._page(items, params)
        headers = {}
        if page:
            keep = {
                k: v[-1] for k, v in params.items() if k not in ("max_id", "min_id", "since_id")
            }
            nxt = urlencode(keep | {"max_id": page[-1]["id"]})
            prv = urlencode(keep | {"min_id": page[0]["id"]})
            headers["Link"] = f'<{base}{path}?{nxt}>; rel="next", <{base}{path}?{prv}>; rel="prev"'
        return 200, [self.status(p) for p in page], headers

    @staticmethod
    def _page(items: list[dict], params: dict[str, list[str]], default: int = 20) -> list[dict]:
        """Mastodon paging over newest-first items; min_id gives the page right after it."""
        limit = max(1, min(_int(params, "limit", default) or default, 40))
        max_id, since_id, min_id = (_int(params, k) for k in ("max_id", "since_id", "min_id"))
        neg = [-p["id"] for p in items]  # ascending, for bisect
        lo = bisect_right(neg, -max_id) if max_id is not None else 0
        floor = max((i for i in (since_id, min_id) if i is not None), default=None)
        hi = bisect_left(neg, -floor) if floor is not None else len(items)
        sel = items[lo:hi]
        return sel[-limit:] if min_id is not None else sel[:limit]

    def search(
        self, params: dict[str, list[str]], token: str | None = None
    ) -> tuple[int, dict, dict[str, str]]:
        """/api/v2/search as Mastodon 4 answers it (Api::V2::SearchController,
        SearchService, StatusesSearchService): statuses only for a logged-in client, newest
        first, min_id / max_id turned into after: / before: filters on the second of their
        snowflake time; no offset or resolve without a login (401)."""
        if token is not None and token != REPLAY_TOKEN:
            return 401, {"error": "The access token is invalid"}, {}
        if token is None and params.get("offset"):
            return 401, {"error": f"Search queries pagination is {ANONYMOUS}"}, {}
        if token is None and _flag(params, "resolve"):
            return (
                401,
                {"error": f"Search queries that resolve remote resources are {ANONYMOUS}"},
                {},
            )
        q = (params.get("q") or [""])[-1].strip()
        kind = (params.get("type") or [""])[-1]
        out: dict = {"accounts": [], "statuses": [], "hashtags": []}
        if not q:
            return 200, out, {}
        terms = [t.casefold().lstrip("#") for t in q.split() if t.strip("#")]
        if kind in ("", "statuses") and token is not None:
            after, before = _snowflake_second(params, "min_id"), _snowflake_second(params, "max_id")
            hits = [
                p
                for p in self.masto
                if p["id"] in self.lowered
                and all(t in self.lowered[p["id"]] for t in terms)
                and (after is None or p["created_at"] > after)
                and (before is None or p["created_at"] < before)
            ]
            limit = max(1, min(_int(params, "limit", 20) or 20, 40))
            offset = _int(params, "offset", 0) or 0
            out["statuses"] = [self.status(p) for p in hits[offset : offset + limit]]
        if kind in ("", "hashtags") and len(terms) == 1:
            names = sorted(
                {t for tags in self.tags.values() for t in tags if t.startswith(terms[0])}
            )[:10]
            out["hashtags"] = [
                {"name": n, "url": f"https://{LOCAL_INSTANCE}/tags/{n}", "history": []}
                for n in names
            ]
        return 200, out, {}

    # --- Hacker News Algolia -------------------------------------------------------------
    def algolia(self, params: dict[str, list[str]]) -> dict:
        query = (params.get("query") or [""])[-1]
        tags = (params.get("tags") or [""])[-1]
        numeric = (params.get("numericFilters") or [""])[-1]
        per = max(1, min(_int(params, "hitsPerPage", 20) or 20, 1000))
        page = max(0, _int(params, "page", 0) or 0)
        hits = [self._hit(p) for p in self.hn]
        groups = _tag_groups(tags)
        hits = [h for h in hits if all(any(t in h["_tags"] for t in g) for g in groups)]
        for cond in filter(None, (c.strip() for c in numeric.split(","))):
            m = NUMERIC_RE.match(cond)
            if not m:
                raise ValueError(f"invalid numericFilters condition {cond!r}")
            field, op, val = m.group(1), m.group(2), int(m.group(3))
            hits = [h for h in hits if h.get(field) is not None and _cmp(h[field], op, val)]
        terms = [t.casefold() for t in query.split()]
        if terms:
            hits = [
                h
                for h in hits
                if all(
                    t
                    in " ".join(
                        filter(
                            None,
                            (h["title"], h["comment_text"], h["story_text"], h.get("story_title")),
                        )
                    ).casefold()
                    for t in terms
                )
            ]
        chunk = hits[page * per : (page + 1) * per]
        return {
            "hits": chunk,
            "nbHits": len(hits),
            "page": page,
            "nbPages": -(-len(hits) // per),
            "hitsPerPage": per,
            "exhaustiveNbHits": True,
            "exhaustiveTypo": True,
            "query": query,
            "params": urlencode({k: v[-1] for k, v in params.items()}),
            "processingTimeMS": 1,
        }

    def _hit(self, post: dict) -> dict:
        parent = self.by_id.get(post.get("parent_id")) if post.get("parent_id") else None
        story = (self.hn_oid[parent["id"]], parent) if parent else None
        return hn_hit(post, self.hn_oid[post["id"]], story)

    # --- Statuspage ----------------------------------------------------------------------
    def statuspage(self, slug: str, what: str) -> dict:
        now = self.world.end
        incidents = [
            i for i in self.world.official_incidents[slug] if i["created_at"] <= iso_ms(now)
        ]
        unresolved = [i for i in incidents if i["status"] != "resolved"]
        page = dict(page_for(slug))
        page["updated_at"] = (
            incidents[0]["updated_at"] if incidents else iso_ms(now.replace(hour=0, minute=0))
        )
        impact = max((i["impact"] for i in unresolved), key=list(INDICATOR).index, default="none")
        status = {"indicator": impact, "description": INDICATOR[impact]}
        degraded = {
            u["name"]
            for i in unresolved
            for up in i["incident_updates"][:1]
            for u in (up.get("affected_components") or [])
        }
        components = components_for(slug, now, degraded, "partial_outage")
        if what == "summary":
            return {
                "page": page,
                "components": components,
                "incidents": unresolved,
                "scheduled_maintenances": [],
                "status": status,
            }
        if what == "status":
            return {"page": page, "status": status}
        if what == "components":
            return {"page": page, "components": components}
        return {
            "page": page,
            "incidents": unresolved if what == "incidents/unresolved" else incidents[:50],
        }


def _tag_groups(tags: str) -> list[list[str]]:
    """Algolia tags: comma = AND, parenthesised comma list = OR."""
    groups, depth, cur = [], 0, ""
    for ch in tags:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            groups.append(cur)
            cur = ""
            continue
        cur += ch
    if cur:
        groups.append(cur)
    return [
        [t.strip() for t in g.strip("()").split(",") if t.strip()] for g in groups if g.strip("() ")
    ]


def _cmp(a: int, op: str, b: int) -> bool:
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "=": a == b}[op]
