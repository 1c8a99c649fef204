"""Bluesky search against a stateful fake PDS on 127.0.0.1: the session is kept between
runs, refreshed when expired, a rate-limited login is not retried, and the cursor follows
sortAt (not a client's createdAt), re-reading the last 10 minutes for late-indexed posts."""

from __future__ import annotations

import json
import logging
import stat
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from crawlers.items import CursorItem
from crawlers.runner import run_crawl
from crawlers.spiders.bluesky import SESSION_FILE, BlueskySpider, stamp

HANDLE, PASSWORD = "me.bsky.social", "app-pass-789"
NOW = datetime.now(UTC).replace(microsecond=0)


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def view(n: int, created: datetime, indexed: datetime | None = None) -> dict[str, Any]:
    """A postView written at `created` and indexed at `indexed` (default: 2 s later)."""
    out = {
        "uri": f"at://did:plc:a{n}/app.bsky.feed.post/3k{n}",
        "cid": f"bafy{n}",
        "author": {"did": f"did:plc:a{n}", "handle": f"a{n}.bsky.social"},
        "record": {"$type": "app.bsky.feed.post", "createdAt": iso(created), "text": f"down {n}"},
        "indexedAt": iso(indexed or created + timedelta(seconds=2)),
    }
    return out


def sort_at(post: dict[str, Any]) -> datetime:
    created = datetime.fromisoformat(post["record"]["createdAt"])
    return min(created, datetime.fromisoformat(post["indexedAt"]))


class FakePDS:
    """Sessions and searchPosts as bsky.social answers them (status codes, error names,
    rate-limit headers); tests change its state between runs."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.access: dict[str, bool] = {}  # token -> still valid
        self.refresh: dict[str, bool] = {}
        self.issued = 0
        self.login_reset: float | None = None  # when set, createSession answers 429
        self.search_refused = False  # searchPosts answers 403, as to blocked bot traffic
        self.log: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def calls(self, method: str) -> list[dict[str, Any]]:
        return [r for r in self.log if r["path"].endswith(method)]

    def tokens(self) -> dict[str, str]:
        self.issued += 1
        access, refresh = f"acc-{self.issued}", f"ref-{self.issued}"
        self.access[access] = self.refresh[refresh] = True
        return {"accessJwt": access, "refreshJwt": refresh, "handle": HANDLE, "did": "did:plc:me"}

    def answer(self, method: str, path: str, query: dict, auth: str, body: bytes) -> tuple:
        name = path.rsplit("/", 1)[-1]
        token = auth.removeprefix("Bearer ")
        if name == "com.atproto.server.createSession":
            if self.login_reset is not None:
                headers = {"ratelimit-limit": "30", "ratelimit-remaining": "0"}
                headers["ratelimit-reset"] = str(int(self.login_reset))
                return (
                    429,
                    {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
                    headers,
                )
            creds = json.loads(body)
            if (creds.get("identifier"), creds.get("password")) != (HANDLE, PASSWORD):
                return 401, {"error": "AuthenticationRequired", "message": "Invalid password"}, {}
            return 200, self.tokens(), {}
        if name == "com.atproto.server.refreshSession":
            if not self.refresh.get(token):
                return 400, {"error": "ExpiredToken", "message": "Token has expired"}, {}
            self.refresh[token] = False  # refresh tokens rotate
            return 200, self.tokens(), {}
        if token not in self.access:
            return 401, {"error": "AuthenticationRequired", "message": "Invalid token"}, {}
        if not self.access[token]:
            return 400, {"error": "ExpiredToken", "message": "Token has expired"}, {}
        if name == "com.atproto.server.getSession":
            return 200, {"handle": HANDLE, "did": "did:plc:me", "active": True}, {}
        if name == "app.bsky.feed.searchPosts" and self.search_refused:
            return 403, {"error": "Forbidden", "message": "Forbidden"}, {}
        if name == "app.bsky.feed.searchPosts":
            since = query.get("since", [None])[0]
            hits = [
                p for p in self.posts if not since or sort_at(p) >= datetime.fromisoformat(since)
            ]
            hits.sort(key=sort_at, reverse=True)
            start, limit = int(query.get("cursor", ["0"])[0]), int(query["limit"][0])
            page = {"posts": hits[start : start + limit]}
            if start + limit < len(hits):
                page["cursor"] = str(start + limit)
            return 200, page, {}
        return 404, {"error": "MethodNotImplemented"}, {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        pds: FakePDS = self.server.pds  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        auth = self.headers.get("Authorization", "")
        with pds.lock:
            pds.log.append(
                {
                    "path": parts.path,
                    "query": query,
                    "auth": auth,
                    "proxy": self.headers.get("atproto-proxy"),
                }
            )
            status, doc, headers = pds.answer(self.command, parts.path, query, auth, body)
        data = json.dumps(doc).encode()
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", **headers}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_POST = do_GET


@pytest.fixture
def pds() -> Iterator[tuple[FakePDS, str]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.pds = FakePDS()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.pds, f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.fixture
def crawl(pds, local_settings, monkeypatch, caplog):
    """crawl(**cfg) runs the Bluesky source once against the fake PDS; its stats."""
    monkeypatch.setenv("BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", PASSWORD)
    caplog.set_level(logging.INFO, logger="crawlers")
    _, base = pds

    def run(**cfg: Any) -> dict[str, int]:
        settings = local_settings(bluesky={"base_url": base, "queries": ["discord down"], **cfg})
        run.settings = settings  # type: ignore[attr-defined]
        return run_crawl(settings, sources=["bluesky"])["bluesky"]

    return run


def test_bluesky_keeps_its_session_between_runs(pds, crawl, tmp_path, caplog):
    server, _ = pds
    server.posts = [view(1, NOW - timedelta(minutes=30))]
    first, second = crawl(), crawl()
    assert (first["posts_new"], second["posts_new"], second["errors"]) == (1, 0, 0)
    assert len(server.calls("createSession")) == 1  # one login for both runs
    assert len(server.calls("getSession")) == 1 and not server.calls("refreshSession")
    searches = server.calls("searchPosts")
    assert {r["auth"] for r in searches} == {"Bearer acc-1"}
    # the AppView named, as a PDS with no default one (self-hosted) requires
    assert {r["proxy"] for r in searches} == {"did:web:api.bsky.app#bsky_appview"}
    path = tmp_path / SESSION_FILE  # beside the warehouse, like the salt
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    kept = json.loads(path.read_text())
    assert kept["accessJwt"] == "acc-1" and kept["refreshJwt"] == "ref-1"
    assert PASSWORD not in path.read_text()
    assert "acc-1" not in caplog.text and "ref-1" not in caplog.text


def test_bluesky_refreshes_an_expired_session_and_logs_in_when_it_cannot(pds, crawl, tmp_path):
    server, _ = pds
    server.posts = [view(1, NOW - timedelta(minutes=30))]
    crawl()
    server.access["acc-1"] = False  # the access token expires (after about 2 hours)
    again = crawl()
    assert again["errors"] == 0
    assert [r["auth"] for r in server.calls("refreshSession")] == ["Bearer ref-1"]
    assert server.calls("searchPosts")[-1]["auth"] == "Bearer acc-2"
    assert len(server.calls("createSession")) == 1
    assert json.loads((tmp_path / SESSION_FILE).read_text())["refreshJwt"] == "ref-2"
    # both tokens dead (revoked, or months unused): a new login, once
    server.access["acc-2"] = server.refresh["ref-2"] = False
    assert crawl()["errors"] == 0
    assert len(server.calls("createSession")) == 2
    assert server.calls("searchPosts")[-1]["auth"] == "Bearer acc-3"


def test_bluesky_rate_limited_login_is_said_once_and_not_retried(pds, crawl, caplog):
    server, _ = pds
    server.login_reset = time.time() + 3600
    stats = crawl()
    assert len(server.calls("createSession")) == 1  # 429 is otherwise retried 3 times
    assert stats["errors"] == 1 and not server.calls("searchPosts")
    lines = [r for r in caplog.records if "rate limited" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelname == "ERROR"
    reset = datetime.fromtimestamp(server.login_reset, UTC)
    assert lines[0].getMessage().startswith("bluesky: login rate limited (createSession allows")
    assert f"work again after {reset:%Y-%m-%d %H:%M:%S} UTC (in 60 min)" in lines[0].getMessage()
    # the next run (5 minutes later) does not try before the reset either
    caplog.clear()
    assert crawl()["errors"] == 1
    assert len(server.calls("createSession")) == 1
    assert "login rate limited at the last attempt" in caplog.text


@pytest.mark.parametrize("hashed", [True, False])
def test_bluesky_links_name_no_author_while_authors_are_hashed(
    hashed, pds, local_settings, monkeypatch, sql
):
    """bsky.app has no route to a post without its author's DID, which is permanent and
    resolves publicly to the handle: stored beside the salted author_hash it undid the hash
    (review 186 #2). With hashing on, no link is stored; with it off, the handle is stored
    in the clear anyway, and the link with it."""
    monkeypatch.setenv("BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", PASSWORD)
    server, base = pds
    server.posts = [view(1, NOW - timedelta(minutes=30)), view(2, NOW - timedelta(minutes=20))]
    settings = local_settings(bluesky={"base_url": base, "queries": ["discord down"]})
    settings.hash_authors = hashed
    assert run_crawl(settings, sources=["bluesky"])["bluesky"]["posts_new"] == 2
    rows = sql(settings.db_path, "SELECT url, author_hash FROM posts ORDER BY author_hash")
    if hashed:
        assert [url for url, _ in rows] == [None, None]
        assert not any("did:" in h for _, h in rows)
    else:
        assert rows == [
            ("https://bsky.app/profile/did:plc:a1/post/3k1", "did:plc:a1"),
            ("https://bsky.app/profile/did:plc:a2/post/3k2", "did:plc:a2"),
        ]


def test_bluesky_cursor_follows_sortat_and_rereads_late_posts(pds, crawl, sql):
    server, _ = pds
    future = view(9, NOW + timedelta(days=4 * 365), indexed=NOW - timedelta(minutes=25))
    server.posts = [
        view(1, NOW - timedelta(minutes=40)),
        view(2, NOW - timedelta(minutes=30)),
        future,  # a client clock years ahead: sortAt is its indexedAt
    ]
    first = crawl()
    assert first["posts_new"] == 2  # the 2030s date is dropped as implausible, not stored
    db = crawl.settings.db_path
    cursor = sql(db, "SELECT cursor FROM crawl_cursors WHERE source = 'bluesky'")[0][0]
    assert cursor == stamp(NOW - timedelta(minutes=25))  # not 4 years ahead
    # a new post, and one written 28 minutes ago that the AppView indexed only now
    server.posts += [
        view(3, NOW - timedelta(minutes=5)),
        view(4, NOW - timedelta(minutes=28), indexed=NOW - timedelta(minutes=1)),
    ]
    second = crawl()
    assert server.calls("searchPosts")[-1]["query"]["since"] == [
        stamp(NOW - timedelta(minutes=35))  # the newest sortAt less the 10-minute re-read
    ]
    assert second["posts_new"] == 2 and second["posts_dup"] == 1  # post 2 re-read
    keys = sql(db, "SELECT post_key FROM posts WHERE source = 'bluesky'")
    assert len(keys) == 4 == len(set(keys))
    assert sql(db, "SELECT cursor FROM crawl_cursors WHERE source = 'bluesky'")[0][0] == stamp(
        NOW - timedelta(minutes=5)
    )


def test_bluesky_warns_when_max_pages_stops_before_the_last_run(pds, crawl, caplog):
    server, _ = pds
    server.posts = [view(1, NOW - timedelta(minutes=60))]
    crawl(limit=1, max_pages=2)
    server.posts += [view(n, NOW - timedelta(minutes=10 - n)) for n in range(2, 6)]
    caplog.clear()
    crawl(limit=1, max_pages=2)
    warned = [r.getMessage() for r in caplog.records if "max_pages" in r.getMessage()]
    back = NOW - timedelta(minutes=6)  # the two newest pages: posts 5 and 4
    assert warned == [
        "bluesky: query 'discord down' has more new posts than max_pages=2 pages; read back to "
        f"{back:%Y-%m-%d %H:%M:%S} UTC, posts between then and "
        f"{NOW - timedelta(minutes=60):%Y-%m-%d %H:%M:%S} UTC are not fetched "
        "(raise sources.bluesky.max_pages)"
    ]


def test_bluesky_cursor_is_never_ahead_of_the_clock(local_settings):
    """A view without indexedAt and a createdAt years ahead cannot move the cursor past now."""
    settings = local_settings(bluesky={"queries": ["q"]})
    spider = BlueskySpider.from_crawler(
        get_crawler(BlueskySpider, {"OUTAGEWATCH_SETTINGS": settings}), ow_settings=settings
    )
    post = view(1, NOW + timedelta(days=1000))
    del post["indexedAt"]
    now = stamp(NOW)
    state = {"query": "q", "floor": "", "stored": "", "mark": "", "newest": "", "oldest": ""}
    state.update(now=now, page=1, token="t")
    url = "http://127.0.0.1/xrpc/app.bsky.feed.searchPosts?q=q"
    response = TextResponse(
        url,
        body=json.dumps({"posts": [post]}).encode(),
        headers={"Content-Type": "application/json"},
        request=Request(url, meta={"state": state}),
    )
    out = list(spider.parse_search(response))
    assert out[-1] == CursorItem("bluesky", "q", now)


def test_bluesky_searches_a_national_service_as_its_market_writes(pds, local_settings, monkeypatch):
    """ "Rostelecom down" finds English posts only; a Russian operator is also searched
    as Russians write of it, "Ростелеком не работает" (catalog.search_phrases), and a global
    service only by "<name> down"."""
    monkeypatch.setenv("BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", PASSWORD)
    fake, base = pds
    fake.posts = [view(1, NOW - timedelta(minutes=5))]
    settings = local_settings(bluesky={"base_url": base})
    stats = run_crawl(settings, sources=["bluesky"], services=["rostelecom", "spotify"])
    queries = [c["query"]["q"][0] for c in fake.calls("app.bsky.feed.searchPosts")]
    assert sorted(queries) == ["Rostelecom down", "Spotify down", "Ростелеком не работает"]
    assert stats["bluesky"]["posts_new"] == 1


def test_a_refused_search_points_to_the_stream(pds, local_settings, monkeypatch, caplog):
    """A 403 on searchPosts had only the generic hint (credentials, robots, User-Agent);
    Bluesky refuses search to bot traffic, and the way out is the budget or Jetstream."""
    monkeypatch.setenv("BLUESKY_HANDLE", HANDLE)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", PASSWORD)
    fake, base = pds
    fake.search_refused = True
    caplog.set_level(logging.INFO, logger="crawlers")
    settings = local_settings(bluesky={"base_url": base, "queries": ["discord down"]})
    assert run_crawl(settings, sources=["bluesky"])["bluesky"]["errors"] == 1
    assert "HTTP 403 (Bluesky refused search" in caplog.text
    assert "[sources.jetstream] enabled = true" in caplog.text
