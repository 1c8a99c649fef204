"""Mastodon status search and rate limits against a local instance that behaves like
Mastodon 4 (Api::V2::SearchController, StatusesSearchService, rack_attack.rb): anonymous
status search returns no statuses, results come newest first with `offset` paging, and a
throttled request gets 429 with X-RateLimit-Reset as an ISO 8601 time, no Retry-After.
The real Scrapy engine crawls it in a child process."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.runner import run_crawl
from crawlers.spiders.mastodon import token_env

TOKEN = "tok-S3CRET-read-search"
T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def snowflake(when: datetime, seq: int = 0) -> str:
    """A Mastodon status id: milliseconds since the epoch << 16, plus a sequence."""
    return str((int(when.timestamp() * 1000) << 16) + seq)


def status(n: int, when: datetime, text: str = "spotify down again") -> dict:
    sid = snowflake(when, n)
    return {
        "id": sid,
        "created_at": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "uri": f"https://social.example/users/u{n}/statuses/{sid}",
        "content": f"<p>{text} ({n})</p>",
        "spoiler_text": "",
        "language": "en",
        "reblog": None,
        "account": {"id": str(n), "acct": f"u{n}", "fields": []},
    }


class Instance(ThreadingHTTPServer):
    """A Mastodon instance on 127.0.0.1: public timeline and v2 search over `statuses`;
    `throttle = (limit, seconds)` limits paging requests (min_id/max_id/since_id) as
    rack-attack does. `log` records every request with its time and headers."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.statuses: list[dict] = []
        # ids dropped from a search page after it is cut (deleted since indexing, or filtered
        # for the viewer), as StatusesSearchService does: such a page comes back short
        self.dropped: set[str] = set()
        self.login_for_timelines = False  # public preview disabled: 401 without a token
        self.throttle: tuple[int, float] | None = None
        self.window: tuple[float, int] = (0.0, 0)  # start, paging requests counted
        self.log: list[dict] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def newest_first(self) -> list[dict]:
        return sorted(self.statuses, key=lambda s: int(s["id"]), reverse=True)

    def throttled(self, query: dict[str, list[str]]) -> datetime | None:
        """The reset time when this paging request is over the limit, else None."""
        if not self.throttle or not {"min_id", "max_id", "since_id"} & set(query):
            return None
        limit, period = self.throttle
        now = time.time()
        start, count = self.window
        if now >= start + period:
            start, count = now, 0
        self.window = (start, count + 1)
        return datetime.fromtimestamp(start + period, UTC) if count + 1 > limit else None

    def search(self, query: dict[str, list[str]], auth: str | None) -> tuple[int, dict]:
        if auth is not None and auth != f"Bearer {TOKEN}":
            return 401, {"error": "The access token is invalid"}
        if auth is None and "offset" in query:
            return 401, {
                "error": "Search queries pagination is not supported without authentication"
            }
        out: dict = {"accounts": [], "statuses": [], "hashtags": []}
        if auth is None:  # SearchService#full_text_searchable? needs an account
            return 200, out
        words = query["q"][-1].casefold().split()
        hits = [s for s in self.newest_first() if all(w in s["content"].casefold() for w in words)]
        offset, limit = int(query.get("offset", ["0"])[-1]), int(query.get("limit", ["20"])[-1])
        page = hits[offset : offset + min(limit, 40)]
        out["statuses"] = [st for st in page if st["id"] not in self.dropped]
        return 200, out

    def timeline(self, query: dict[str, list[str]]) -> list[dict]:
        items = self.newest_first()
        if "max_id" in query:
            items = [s for s in items if int(s["id"]) < int(query["max_id"][-1])]
        if "min_id" in query:  # the page right after min_id
            items = [s for s in items if int(s["id"]) > int(query["min_id"][-1])]
            return items[-int(query["limit"][-1]) :]
        return items[: int(query.get("limit", ["20"])[-1])]


class _Handler(BaseHTTPRequestHandler):
    server: Instance
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        auth = self.headers.get("Authorization")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        with self.server.lock:
            self.server.log.append({"path": self.path, "at": time.time(), "auth": auth})
            reset = self.server.throttled(query)
            if reset is not None:
                self.server.log[-1]["reset"] = reset.timestamp()
                status, body = 429, {"error": "Too many requests"}
                headers |= {
                    "X-RateLimit-Limit": str(self.server.throttle[0]),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": reset.isoformat(timespec="microseconds").replace(
                        "+00:00", "Z"
                    ),
                }
            elif parts.path == "/robots.txt":
                status, body = 200, None
            elif parts.path == "/api/v2/search":
                status, body = self.server.search(query, auth)
            elif parts.path == "/api/v1/timelines/public":
                if self.server.login_for_timelines and auth != f"Bearer {TOKEN}":
                    status, body = 401, {"error": "This API requires an authenticated user"}
                else:
                    status, body = 200, self.server.timeline(query)
            else:
                status, body = 404, {"error": "Record not found"}
        data = b"User-agent: *\nAllow: /\n" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def instance() -> Iterator[Instance]:
    server = Instance()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def searches(server: Instance) -> list[dict]:
    return [r for r in server.log if r["path"].startswith("/api/v2/search")]


def test_search_without_token_is_skipped_with_one_warning(
    instance, local_settings, caplog, monkeypatch
):
    monkeypatch.delenv(token_env(instance.base), raising=False)
    instance.statuses = [status(1, T0)]
    settings = local_settings(
        mastodon={
            "instances": [instance.base, f"{instance.base}/other"],
            "modes": ["public", "search"],
            "queries": ["spotify down", "slack down"],
            "terms_per_run": 1,
        }
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert searches(instance) == []  # no request, so no budget and no rate limit spent
    assert stats["posts_new"] == 1 and stats["errors"] == 1  # the public timeline; /other 404
    warnings = [r.getMessage() for r in caplog.records if "status search skipped" in r.getMessage()]
    assert len(warnings) == 1
    assert "logged-in users" in warnings[0] and "read:search" in warnings[0]
    assert "Set MASTODON_TOKEN_127_0_0_1 to an access token" in warnings[0]


def test_search_with_token_reads_back_to_the_cursor(
    instance, local_settings, sql, caplog, monkeypatch
):
    monkeypatch.setenv(token_env(instance.base), TOKEN)
    # five matches 20 minutes apart, and a status the query does not match
    instance.statuses = [status(n, T0 + timedelta(minutes=20 * n)) for n in range(1, 6)]
    instance.statuses.append(status(9, T0 + timedelta(minutes=30), text="slack is fine"))
    settings = local_settings(
        mastodon={
            "instances": [instance.base],
            "modes": ["search"],
            "queries": ["spotify down"],
            "page_limit": 2,
            "max_pages": 5,
        }
    )
    caplog.set_level(logging.DEBUG, logger="crawlers")
    first = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert first["posts_new"] == 5 and first["errors"] == 0
    sent = searches(instance)
    assert all(r["auth"] == f"Bearer {TOKEN}" for r in sent)
    # newest first, then `offset` pages: Mastodon's min_id/max_id are not contiguous here;
    # the short third page is not taken for the end (see the next test), the empty fourth is
    assert [parse_qs(urlsplit(r["path"]).query).get("offset") for r in sent] == [
        None,
        ["2"],
        ["4"],
        ["6"],
    ]
    assert not any("min_id" in r["path"] or "max_id" in r["path"] for r in sent)
    key = f"{urlsplit(instance.base).netloc}|spotify down"
    cursor = sql(settings.db_path, "SELECT cursor FROM crawl_cursors WHERE key = ?", [key])
    assert cursor[0][0] == instance.statuses[4]["id"]  # the newest match
    assert TOKEN not in caplog.text

    # Two hours later: two new matches, and one indexed late (3 minutes before the cursor)
    late = status(7, T0 + timedelta(minutes=97))
    instance.statuses += [status(n, T0 + timedelta(hours=3, minutes=n)) for n in (6, 8)] + [late]
    before = len(sent)
    second = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert second["posts_new"] == 3  # 6, 8 and the late one; 5 is read again, then it stops
    assert len(searches(instance)) - before == 3  # [8, 6], [5, late], [4, 3]: 4 is old enough
    cursor = sql(settings.db_path, "SELECT cursor FROM crawl_cursors WHERE key = ?", [key])
    assert cursor[0][0] == status(8, T0 + timedelta(hours=3, minutes=8))["id"]
    assert sql(settings.db_path, "SELECT count(*) FROM posts")[0][0] == 8
    assert TOKEN not in caplog.text


def test_refused_token_is_reported_without_its_value(instance, local_settings, caplog, monkeypatch):
    monkeypatch.setenv(token_env(instance.base), "tok-S3CRET-revoked")
    instance.statuses = [status(1, T0)]
    settings = local_settings(
        mastodon={"instances": [instance.base], "modes": ["search"], "queries": ["spotify down"]}
    )
    caplog.set_level(logging.DEBUG, logger="crawlers")
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["errors"] == 1 and stats["posts_new"] == 0
    assert "refused the access token in MASTODON_TOKEN_127_0_0_1" in caplog.text
    assert "S3CRET" not in caplog.text


def test_429_waits_for_x_ratelimit_reset(instance, local_settings, caplog):
    # one paging request per 2 s: each max_id page after the first is throttled once
    instance.throttle = (1, 2.0)
    instance.statuses = [status(n, T0 + timedelta(minutes=n)) for n in range(1, 7)]
    settings = local_settings(
        mastodon={"instances": [instance.base], "modes": ["public"], "page_limit": 2}
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["posts_new"] == 6 and stats["errors"] == 0
    log = [r for r in instance.log if r["path"].startswith("/api/")]
    limited = [i for i, r in enumerate(log) if r.get("reset")]
    assert limited, "the throttle never answered 429"
    for i in limited:
        # the very next request is the retry, sent once the named reset time has passed
        assert log[i + 1]["path"] == log[i]["path"]
        assert log[i + 1]["at"] >= log[i]["reset"] - 0.05
    assert "HTTP 429" in caplog.text and "retrying in" in caplog.text


def test_a_short_search_page_is_not_the_end(instance, local_settings, sql, monkeypatch):
    """A match deleted since it was indexed is dropped after the page is cut, so that page
    comes back short. The read goes on: before, it stopped there and moved the cursor past
    the older matches, which were then never read."""
    monkeypatch.setenv(token_env(instance.base), TOKEN)
    instance.statuses = [status(n, T0 + timedelta(minutes=20 * n)) for n in range(1, 7)]
    instance.dropped = {instance.statuses[3]["id"]}  # on the second page (newest first)
    settings = local_settings(
        mastodon={
            "instances": [instance.base],
            "modes": ["search"],
            "queries": ["spotify down"],
            "page_limit": 2,
            "max_pages": 5,
        }
    )
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["posts_new"] == 5 and stats["errors"] == 0
    stored = sql(settings.db_path, "SELECT count(*) FROM posts")[0][0]
    assert stored == 5  # all but the deleted one, the two oldest included


def test_a_token_opens_timelines_an_instance_hides(instance, local_settings, caplog, monkeypatch):
    """Public preview disabled: timelines need an app token (read:statuses). Without one the
    error says which variable to set; with one the timeline is read."""
    instance.login_for_timelines = True
    instance.statuses = [status(1, T0)]
    settings = local_settings(mastodon={"instances": [instance.base], "modes": ["public"]})
    monkeypatch.delenv(token_env(instance.base), raising=False)
    caplog.set_level(logging.INFO, logger="crawlers")
    refused = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert refused["posts_new"] == 0 and refused["errors"] == 1
    assert "set MASTODON_TOKEN_127_0_0_1 to an access token with read:statuses" in caplog.text
    assert TOKEN not in caplog.text
    monkeypatch.setenv(token_env(instance.base), TOKEN)
    read = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert read["posts_new"] == 1 and read["errors"] == 0
    timeline = [r for r in instance.log if r["path"].startswith("/api/v1/timelines/public")]
    assert timeline[-1]["auth"] == f"Bearer {TOKEN}"
