"""Reddit against a scripted local API: the User-Agent Reddit's API rules ask for, posts
that search indexes late, the warning when max_pages stops short of the last run, and a
community's replies kept with where they were written."""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.runner import run_crawl
from outagewatch import __version__
from outagewatch.orchestrator import Orchestrator
from warehouse.db import writer
from warehouse.store import set_cursor

NOW = time.time()
TOKEN = {"json": {"access_token": "rtok", "token_type": "bearer", "expires_in": 86400}}


def t3(name: str, minutes_ago: float) -> dict[str, Any]:
    return {
        "kind": "t3",
        "data": {
            "name": f"t3_{name}",
            "title": f"Is Spotify down? {name}",
            "selftext": "",
            "is_self": True,
            "author": f"user_{name}",
            "created_utc": NOW - minutes_ago * 60,
            "permalink": f"/r/outages/comments/{name}/x/",
        },
    }


def listing(*children: dict, after: str | None = None) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"after": after, "children": list(children)}}


def reddit(serve_site, local_settings, monkeypatch, search: list[dict], **cfg: Any):
    """(settings, base URL) for one Reddit search `spotify down` served by `search`."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "rsecret")
    base = serve_site({"/auth/api/v1/access_token": [TOKEN], "/api/search": search})
    reddit_cfg = {"auth_url": f"{base}/auth", "base_url": f"{base}/api", "subreddits": []}
    reddit_cfg.update(queries=["spotify down"], **cfg)
    return local_settings(reddit=reddit_cfg), base


def served(base: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return json.load(fh)


def test_user_agent_has_reddits_form(serve_site, local_settings, monkeypatch, caplog):
    settings, base = reddit(serve_site, local_settings, monkeypatch, [{"json": listing()}])
    monkeypatch.setenv("REDDIT_USERNAME", "u/outage_watcher")
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["reddit"])
    agents = {r["headers"].get("User-Agent") for r in served(base)}
    assert agents == {f"python:outagewatch:{__version__} (by /u/outage_watcher)"}
    assert "REDDIT_USERNAME" not in caplog.text


def test_user_agent_without_a_username_warns_once(serve_site, local_settings, monkeypatch, caplog):
    settings, base = reddit(serve_site, local_settings, monkeypatch, [{"json": listing()}])
    monkeypatch.delenv("REDDIT_USERNAME", raising=False)
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["reddit"])
    agents = {r["headers"].get("User-Agent") for r in served(base)}
    assert agents == {f"python:outagewatch:{__version__}"}
    said = [r for r in caplog.records if "REDDIT_USERNAME" in r.getMessage()]
    assert len(said) == 1 and said[0].levelname == "WARNING"
    assert "sources.reddit.user_agent" in said[0].getMessage()


def test_a_post_indexed_late_is_read_once(serve_site, local_settings, monkeypatch, sql):
    """Run 1 sees a (30 min ago) and c (5 min ago); b, written 8 minutes ago, reaches the
    search index afterwards. Run 2 re-reads the 10 minutes before c and stores b only."""
    search = [
        {"once": True, "json": listing(t3("c", 5), t3("a", 30))},
        {"json": listing(t3("c", 5), t3("b", 8), t3("a", 30))},
    ]
    settings, _ = reddit(serve_site, local_settings, monkeypatch, search)
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    first = run_crawl(settings, sources=["reddit"])["reddit"]
    second = run_crawl(settings, sources=["reddit"])["reddit"]
    assert first["posts_new"] == 2
    assert (second["posts_new"], second["posts_dup"]) == (1, 1)  # b new, c again
    keys = [k for (k,) in sql(settings.db_path, "SELECT post_key FROM posts")]
    assert sorted(keys) == ["reddit:t3_a", "reddit:t3_b", "reddit:t3_c"]
    cursor = sql(
        settings.db_path, "SELECT cursor FROM crawl_cursors WHERE key = 'search|spotify down'"
    )
    assert float(cursor[0][0]) == NOW - 5 * 60  # still the newest post, not b


def test_max_pages_short_of_the_last_run_warns(serve_site, local_settings, monkeypatch, caplog):
    search = [
        {"once": True, "json": listing(t3("old", 120))},
        {"match": {"after": "t3_p1"}, "json": listing(t3("p2", 20), after="t3_p2")},
        {"json": listing(t3("p1", 10), after="t3_p1")},
    ]
    settings, _ = reddit(serve_site, local_settings, monkeypatch, search, max_pages=2)
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    run_crawl(settings, sources=["reddit"])
    caplog.set_level(logging.INFO, logger="crawlers")
    assert run_crawl(settings, sources=["reddit"])["reddit"]["posts_new"] == 2
    said = [r.getMessage() for r in caplog.records if "max_pages" in r.getMessage()]
    assert len(said) == 1
    assert said[0].startswith(
        "reddit: query 'spotify down' has more new posts than max_pages=2 pages; read back to "
    )
    assert said[0].endswith("UTC are not fetched (raise sources.reddit.max_pages)")


def t1(name: str, minutes_ago: float, body: str, link_title: str) -> dict[str, Any]:
    """A comment as /r/{sub}/comments lists it: its thread's title and its community."""
    return {
        "kind": "t1",
        "data": {
            "name": f"t1_{name}",
            "body": body,
            "author": f"user_{name}",
            "created_utc": NOW - minutes_ago * 60,
            "subreddit": "spotify",
            "link_title": link_title,
            "permalink": f"/r/spotify/comments/abc/x/{name}/",
        },
    }


@pytest.mark.slow
def test_a_reply_in_a_community_is_about_its_service(serve_site, local_settings, monkeypatch, sql):
    """r/spotify's posts and comments keep where they were written; a reply naming no service
    ("same here") is enriched as a report about the thread's service, crawl to signals."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "rsecret")
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    post = t3("p", 12)
    post["data"].update(subreddit="spotify", title="Songs won't play on desktop")
    base = serve_site(
        {
            "/auth/api/v1/access_token": [TOKEN],
            "/api/r/spotify/new": [{"json": listing(post)}],
            "/api/r/spotify/comments": [
                {"json": listing(t1("c", 5, "same here, app crashes on launch", "Is it down?"))}
            ],
            "/api/search": [{"json": listing()}],
        }
    )
    cfg = {"auth_url": f"{base}/auth", "base_url": f"{base}/api", "subreddits": ["spotify"]}
    settings = local_settings(reddit=cfg | {"queries": ["spotify down"]})
    assert run_crawl(settings, sources=["reddit"])["reddit"]["posts_new"] == 2
    stored = sql(settings.db_path, "SELECT post_key, venue, thread_title FROM posts ORDER BY 1")
    assert stored == [
        ("reddit:t1_c", "r/spotify", "Is it down?"),
        ("reddit:t3_p", "r/spotify", None),
    ]
    assert Orchestrator(settings).enrich_pending() == 2
    found = sql(
        settings.db_path,
        "SELECT post_key, list_sort(list(service_slug)), bool_or(s.problem) "
        "FROM post_signals s JOIN post_services USING (post_key) GROUP BY 1 ORDER BY 1",
    )
    assert found == [("reddit:t1_c", ["spotify"], True), ("reddit:t3_p", ["spotify"], True)]


def test_refused_credentials_say_what_to_check(serve_site, local_settings, monkeypatch, caplog):
    """Reddit answers 401 to a token request from an app it has not approved (new apps need
    approval since its Responsible Builder Policy) or with a wrong secret."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "wrong")
    monkeypatch.setenv("REDDIT_USERNAME", "outage_watcher")
    refused = {"status": 401, "json": {"message": "Unauthorized", "error": 401}}
    base = serve_site({"/auth/api/v1/access_token": [refused]})
    settings = local_settings(reddit={"auth_url": f"{base}/auth", "base_url": f"{base}/api",
                                      "queries": ["spotify down"], "subreddits": []})  # fmt: skip
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["reddit"])["reddit"]
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert stats["errors"] == 1 and len(said) == 1, said
    assert "HTTP 401" in said[0] and "REDDIT_CLIENT_SECRET" in said[0] and "approved" in said[0]
    assert "Mastodon" not in said[0]


def test_a_missing_subreddit_and_bad_children_cost_nothing_else(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    """Reddit redirects a subreddit that does not exist (r/verizn) to its subreddit search:
    said once, nothing stored, no cursor. A listing child that is null, a text, without data
    or a subreddit (t5) is skipped with a line; the page's posts, the next page and the
    cursor are kept."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "rsecret")
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    t5 = {"kind": "t5", "data": {"name": "t5_2", "title": "VerizonFios fans and memes"}}
    t5["data"] |= {"display_name": "verizonfios", "created_utc": 1300000002.0}
    bad_page = [t3("a", 10), None, "Is it down?", t5, {"kind": "t3"}, t3("b", 20)]
    # Reddit's answer to /r/verizn/new: its subreddit search, where nothing is a post
    moved = {
        "status": 302,
        "text": "",
        "headers": {"Location": "/api/subreddits/search.json?q=verizn"},
    }
    base = serve_site(
        {
            "/auth/api/v1/access_token": [TOKEN],
            "/api/r/verizn/new": [moved],
            "/api/r/verizn/comments": [moved],
            "/api/subreddits/search.json": [{"json": listing(t5)}],
            "/api/r/outages/new": [
                {"match": {"after": "t3_b"}, "json": listing(t3("c", 30))},
                {"json": listing(*bad_page, after="t3_b")},
            ],
            "/api/r/outages/comments": [{"json": listing()}],
            "/api/search": [{"json": listing(t3("s", 5), 7)}],
        }
    )
    subs = ["verizn", "outages"]
    cfg = {"auth_url": f"{base}/auth", "base_url": f"{base}/api", "subreddits": subs}
    settings = local_settings(reddit=cfg | {"queries": ["spotify down"]})
    caplog.set_level(logging.INFO, logger="crawlers")

    stats = run_crawl(settings, sources=["reddit"])["reddit"]

    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert [s for s in said if "verizn" in s] == [
        "reddit: r/verizn: no such subreddit (Reddit redirected to search); "
        "check `subreddits` in [sources.reddit]"
    ]
    page = f"reddit: skipped {base}/api/r/outages/new?"
    bad = sorted(s.split(": ", 2)[2] for s in said if s.startswith(page))
    assert bad == [
        "listing child 1 is null, not a post or comment",
        "listing child 2 is the text 'Is it down?', not a post or comment",
        "listing child 4 (kind 't3') has null as data",
        "listing children that are no post or comment (1 t5; t3/t1 expected)",
    ]
    assert [s.split(": ", 2)[2] for s in said if "/api/search?" in s] == [
        "listing child 1 is a number, not a post or comment"
    ]
    assert stats["errors"] == 6 and stats["posts_new"] == 4
    keys = sql(settings.db_path, "SELECT post_key FROM posts ORDER BY 1")
    assert keys == [("reddit:t3_a",), ("reddit:t3_b",), ("reddit:t3_c",), ("reddit:t3_s",)]
    cursors = dict(sql(settings.db_path, "SELECT key, cursor FROM crawl_cursors"))
    assert set(cursors) == {"r/outages/new", "search|spotify down"}
    assert float(cursors["r/outages/new"]) == NOW - 10 * 60
    assert not any("subreddits/search" in r["path"] for r in served(base))


def test_a_post_dated_ahead_does_not_move_the_cursor(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    """A post whose `created_utc` is a year ahead (a bad date) had moved the listing's cursor
    past every real post to come, so the next run skipped b. The cursor stays at a, the
    newest post within the crawl's clock; the bad post is dropped by the store's rule for
    every source (more than a day ahead), and a cursor an earlier run put ahead is healed."""
    year = 365 * 24 * 60
    search = [
        {"once": True, "json": listing(t3("bad", -year), t3("a", 10))},
        {"json": listing(t3("b", 2), t3("a", 10))},
    ]
    settings, _ = reddit(serve_site, local_settings, monkeypatch, search)
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    caplog.set_level(logging.INFO, logger="crawlers")
    first = run_crawl(settings, sources=["reddit"])["reddit"]
    assert first["posts_new"] == 1  # a; bad is refused by the store as in the future
    assert "reddit: t3_bad is dated " in caplog.text
    assert "the cursor of search|spotify down does not move to it" in caplog.text
    key = "SELECT cursor FROM crawl_cursors WHERE key = 'search|spotify down'"
    assert float(sql(settings.db_path, key)[0][0]) == NOW - 10 * 60
    second = run_crawl(settings, sources=["reddit"])["reddit"]
    assert (second["posts_new"], second["posts_dup"]) == (1, 1)  # b, and a re-read
    assert float(sql(settings.db_path, key)[0][0]) == NOW - 2 * 60


def test_a_cursor_ahead_of_the_clock_is_healed(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    """A cursor an earlier version moved a year ahead is read from the crawl's clock and
    rewritten, so the posts written since (back to REREAD before the clock) are read."""
    post = t3("b", 2)
    # two minutes before this test, not before the module's import: under a loaded suite
    # the test may run more than REREAD after it, and b would fall before the re-read
    post["data"]["created_utc"] = time.time() - 120
    search = [{"json": listing(post)}]
    settings, _ = reddit(serve_site, local_settings, monkeypatch, search)
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    run_crawl(settings, sources=["reddit"])  # creates the warehouse
    with writer(settings.db_path) as con:
        set_cursor(con, "reddit", "search|spotify down", repr(NOW + 365 * 86400))
    caplog.set_level(logging.INFO, logger="crawlers")
    assert run_crawl(settings, sources=["reddit"])["reddit"]["posts_dup"] == 1  # b re-read
    assert "reddit: the cursor of search|spotify down was " in caplog.text
    key = "SELECT cursor FROM crawl_cursors WHERE key = 'search|spotify down'"
    assert NOW < float(sql(settings.db_path, key)[0][0]) <= time.time()  # the run's clock


MINE = """\
- slug: nordlink-fiber
  name: Nordlink Fiber
  category: isp_telco
  aliases: [Nordlink]
  countries: [SE]
  search: [Nordlink]
"""


def test_reddit_also_searches_a_services_search_names(
    serve_site, local_settings, monkeypatch, tmp_path
):
    """Regional users say "Nordlink", not "Nordlink Fiber": Reddit reads the catalog's `search`
    names as Hacker News, Bluesky, X and Mastodon do, but not the market's own word for down
    ("Nordlink Fiber nere"), each query being one request of its budget."""
    (tmp_path / "mine.yaml").write_text(MINE, "utf-8")
    settings, base = reddit(serve_site, local_settings, monkeypatch, [{"json": listing()}])
    settings.sources["reddit"].pop("queries")
    settings.catalog_extra = (tmp_path / "mine.yaml",)
    run_crawl(settings, sources=["reddit"], services=["nordlink-fiber", "spotify"])
    searches = [urlsplit(r["path"]) for r in served(base)]
    asked = sorted(parse_qs(u.query)["q"][0] for u in searches if u.path == "/api/search")
    assert asked == ["Nordlink Fiber down", "Nordlink down", "Spotify down"]
