"""Lemmy against a scripted local instance speaking /api/v3/post/list and /api/v3/search in
their real shape (PostView: post, creator, community, counts): a first run reads one page,
the next pages back to the cursor, deleted and removed posts are skipped, a bad element
costs one error, authors are hashed, the same federated post on two instances is stored
once, and search phrases are asked with type_=Posts and kept as the post's query."""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.normalise import hash_handle
from crawlers.runner import run_crawl
from crawlers.spiders.lemmy import community_venue, post_to_item
from outagewatch.settings import Settings


def now() -> datetime:
    """The clock when a post is made, not when the module was imported: under xdist a test may
    run minutes later, and a post "1 minute ago" would be older than the re-read reaches."""
    return datetime.now(UTC).replace(tzinfo=None)


def view(pid: int, minutes_ago: float = 5, host: str = "lemmy.test", **post: Any) -> dict:
    """A PostView as Lemmy 0.19 serialises it (trimmed of fields the spider ignores)."""
    when = (now() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "post": {
            "id": pid,
            "name": f"Is Spotify down? {pid}",
            "body": f"Playback stopped for me too ({pid})",
            "creator_id": 7000 + pid,
            "community_id": 12,
            "removed": False,
            "locked": False,
            "published": when,
            "deleted": False,
            "nsfw": False,
            "ap_id": f"https://{host}/post/{pid}",
            "local": True,
            "language_id": 37,
            "featured_community": False,
            "featured_local": False,
        }
        | post,
        "creator": {
            "id": 7000 + pid,
            "name": f"user{pid}",
            "actor_id": f"https://{host}/u/user{pid}",
            "local": True,
            "banned": False,
            "deleted": False,
            "bot_account": False,
            "instance_id": 1,
        },
        "community": {
            "id": 12,
            "name": "technology",
            "title": "Technology",
            "actor_id": "https://lemmy.test/c/technology",
            "local": True,
            "nsfw": False,
            "instance_id": 1,
        },
        "creator_banned_from_community": False,
        "counts": {"post_id": pid, "comments": 0, "score": 1, "upvotes": 1, "downvotes": 0},
        "subscribed": "NotSubscribed",
        "saved": False,
        "read": False,
        "creator_blocked": False,
        "unread_comments": 0,
    }


def page(*views: Any, **match: Any) -> dict[str, Any]:
    return {"json": {"posts": list(views)}, **({"match": match} if match else {})}


def served(base: str) -> list[dict[str, list[str]]]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [
            {"path": [urlsplit(r["path"]).path], **parse_qs(urlsplit(r["path"]).query)}
            for r in json.load(fh)
            if not r["path"].startswith(("/robots.txt", "/api/v3/site"))
        ]


def test_parse_a_post_view() -> None:
    item = post_to_item(view(3), "https://lemmy.test", None)
    assert item.text == "Is Spotify down? 3\n\nPlayback stopped for me too (3)"
    assert item.url == "https://lemmy.test/post/3"  # the instance's route, no author in it
    assert item.author_handle == "https://lemmy.test/u/user3"  # hashed by the pipeline
    assert item.venue == "!technology@lemmy.test"
    assert len(item.native_id) == 24 and "user3" not in item.native_id
    assert community_venue(None) is None


def test_first_run_one_page_then_back_to_the_cursor(serve_site, local_settings, sql) -> None:
    first = [view(i, minutes_ago=200 - i) for i in range(150, 100, -1)]  # 50, newest first
    newer = [view(i, minutes_ago=200 - i) for i in range(180, 150, -1)]
    deleted = view(181, minutes_ago=10, deleted=True)
    removed = view(182, minutes_ago=10, removed=True)
    base = serve_site(
        {
            "/api/v3/post/list": [
                {"once": True, **page(*first)},
                page(removed, deleted, *newer[:20], page="1"),
                # page 2: the rest, 5 posts stored by run 1 (re-read: within reread_minutes
                # of the cursor) and one older than the cursor less 120 min, which ends the
                # paging
                page(*newer[20:], *first[:5], view(90, minutes_ago=200), page="2"),
            ]
        }
    )
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"]})

    one = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert (one["posts_new"], one["errors"]) == (50, 0)
    assert len(served(base)) == 1
    query = served(base)[0]
    assert query["sort"] == ["New"] and query["type_"] == ["All"] and query["page"] == ["1"]

    two = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert (two["posts_new"], two["posts_dup"], two["errors"]) == (30, 5, 0)
    assert [q["page"] for q in served(base)[1:]] == [["1"], ["2"]]
    assert sql(settings.db_path, "SELECT count(*) FROM posts WHERE source = 'lemmy'") == [(80,)]
    # authors hashed with the installation's salt, never stored raw
    hashes = {h for (h,) in sql(settings.db_path, "SELECT author_hash FROM posts")}
    assert hash_handle("https://lemmy.test/u/user150", settings.salt) in hashes
    raw = sql(settings.db_path, "SELECT count(*) FROM posts WHERE text LIKE '%/u/user%'")
    assert raw == [(0,)]
    (key,) = sql(settings.db_path, "SELECT key FROM crawl_cursors")[0]
    assert key == f"{base}|new"


@pytest.mark.parametrize("listing", ["/api/v3/post/list", "/api/v3/search"])
def test_a_pinned_post_neither_ends_the_paging_nor_loses_posts(
    listing, serve_site, local_settings, sql, caplog
) -> None:
    """Lemmy lists the instance's pinned (featured_local) posts first whatever the sort: an
    announcement pinned days ago topped page 1, ended the paging there, and the cursor moved
    past page 2, whose posts were never read nor warned about (review 186 #1). A new pinned
    post is still stored, once."""
    old_pin = view(5, minutes_ago=3 * 24 * 60, featured_local=True)  # pinned 3 days ago
    new_pin = view(6, minutes_ago=20, featured_community=True)
    first = [view(i, minutes_ago=200 - i) for i in range(150, 100, -1)]
    newer = [view(i, minutes_ago=200 - i) for i in range(200, 150, -1)]  # 50 since run 1
    base = serve_site(
        {
            listing: [
                {"once": True, **page(old_pin, *first[:49])},
                page(old_pin, new_pin, *newer[:48], page="1"),
                page(*newer[48:], *first[:10], view(9, minutes_ago=24 * 60), page="2"),
            ]
        }
    )
    modes = ["new"] if listing.endswith("list") else ["search"]
    settings = local_settings(lemmy={"instances": [base], "modes": modes, "queries": ["a"]})
    assert run_crawl(settings, sources=["lemmy"])["lemmy"]["posts_new"] == 50  # a first run
    caplog.set_level(logging.INFO, logger="crawlers")
    two = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert [q["page"] for q in served(base)[1:]] == [["1"], ["2"]]
    assert (two["posts_new"], two["posts_dup"], two["errors"]) == (51, 10, 0)  # 151, 152 too
    stored = {url for (url,) in sql(settings.db_path, "SELECT url FROM posts")}
    assert {f"{base}/post/{i}" for i in (151, 152, 200, 6)} <= stored
    ((cursor,),) = sql(settings.db_path, "SELECT cursor FROM crawl_cursors WHERE key "
                       "NOT LIKE 'rotation|%'")  # fmt: skip
    assert int(cursor) == int(to_epoch(newer[0]))
    assert "max_pages" not in caplog.text
    three = run_crawl(settings, sources=["lemmy"])["lemmy"]  # the new pin again: a copy
    assert three["posts_new"] == 0 and f"{base}/post/6" in stored


def to_epoch(post_view: dict) -> float:
    return (
        datetime.strptime(post_view["post"]["published"], "%Y-%m-%dT%H:%M:%S.%fZ")
        .replace(tzinfo=UTC)
        .timestamp()
    )


def test_a_post_federated_late_is_read_and_the_reread_costs_one_page(
    serve_site, local_settings, sql, caplog
) -> None:
    """sort=New orders by `published`, the time on the post's home instance: a post that
    federates 40 minutes late lands below posts already read. Runs re-read 120 minutes below
    the cursor (review 186 #3), but at most one page past the page that reaches the cursor,
    and a read that ends there is no loss, so it is not warned about."""
    run1 = [view(i, minutes_ago=100 - i) for i in range(60, 40, -1)]  # newest 40 min ago
    late = view(7, minutes_ago=80, host="small.test")  # 40 min below the cursor
    base = serve_site(
        {
            "/api/v3/post/list": [
                {"once": True, **page(*run1)},
                page(view(70, 10), view(61, 30), *run1[:5], page="1"),  # reaches the cursor
                page(*run1[5:15], late, *run1[15:], page="2"),  # the re-read page
                page(view(3, minutes_ago=90), page="3"),  # not asked: the re-read is spent
            ]
        }
    )
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"], "max_pages": 2})
    run_crawl(settings, sources=["lemmy"])
    caplog.set_level(logging.INFO, logger="crawlers")
    two = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert [q["page"] for q in served(base)[1:]] == [["1"], ["2"]]
    assert (two["posts_new"], two["errors"]) == (3, 0)  # 70, 61 and the late post
    assert f"{base}/post/7" in {u for (u,) in sql(settings.db_path, "SELECT url FROM posts")}
    assert "max_pages" not in caplog.text  # max_pages=2 ended a re-read, not a read


def test_search_two_instances_one_federated_post(serve_site, local_settings, sql) -> None:
    shared = view(1, host="origin.test")  # one post, federated to both instances
    base_a = serve_site({"/api/v3/search": [page(shared, view(2, host="a.test"))]})
    base_b = serve_site({"/api/v3/search": [page(shared, [], {"post": "?"})]})
    settings = local_settings(
        lemmy={"instances": [base_a, base_b], "modes": ["search"], "queries": ["Spotify down"]}
    )
    stats = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert stats["posts_new"] == 2  # the shared post once
    assert stats["errors"] == 2  # a list and a view without a usable post: one each
    for base in (base_a, base_b):
        (q,) = served(base)
        assert q["q"] == ["Spotify down"] and q["type_"] == ["Posts"]
    assert sql(settings.db_path, "SELECT DISTINCT query FROM posts") == [("Spotify down",)]


def test_off_by_default_and_without_an_instance_it_says_so(local_settings) -> None:
    assert Settings().source("lemmy")["enabled"] is False
    assert Settings().source("lemmy")["instances"] == []
    skipped: dict[str, str] = {}
    settings = local_settings(lemmy={})  # turned on, but no instance named

    def progress(source: str, info: dict) -> None:
        if "skipped" in info:
            skipped[source] = info["skipped"]

    run_crawl(settings, sources=["lemmy"], progress=progress)
    assert "sources.lemmy.instances" in skipped["lemmy"]


def test_a_source_whose_table_does_not_say_enabled_is_not_crawled(
    serve_site, local_settings
) -> None:
    """Sources are off unless turned on: a table without `enabled` (a source registered
    without one in its defaults) is never crawled by a plain `crawl`, so a new source
    cannot reach the network from the demo or a test that did not name it."""
    base = serve_site({"/api/v3/post/list": [page(view(1))]})
    settings = local_settings()  # every registered source off
    settings.sources["lemmy"] = {"instances": [base], "modes": ["new"]}  # no `enabled`
    stats = run_crawl(settings)
    assert "lemmy" not in stats
    assert served(base) == []


def test_a_post_dated_a_year_ahead_does_not_stop_later_posts_being_read(
    serve_site, local_settings, sql
) -> None:
    """A federated post's `published` comes from its home instance's clock: one a year ahead
    must not move the cursor past every real post to come (review 177 #1)."""
    future = view(99, minutes_ago=-365 * 24 * 60)
    base = serve_site(
        {
            "/api/v3/post/list": [
                {"once": True, **page(future, view(2, minutes_ago=30), view(1, minutes_ago=40))},
                page(view(4, minutes_ago=-2), view(3, minutes_ago=-1), future, view(2, 30)),
            ]
        }
    )
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"]})
    one = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert one["posts_new"] == 2  # the pipeline drops the post from the future
    ((cursor,),) = sql(settings.db_path, "SELECT cursor FROM crawl_cursors")
    assert int(cursor) <= (now() + timedelta(minutes=15)).replace(tzinfo=UTC).timestamp()

    two = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert two["posts_new"] == 2  # read on: posts 3 and 4


def test_a_cursor_from_the_future_heals(serve_site, local_settings, sql) -> None:
    import duckdb

    base = serve_site({"/api/v3/post/list": [page(view(2, minutes_ago=1), view(1, 3))]})
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"]})
    run_crawl(settings, sources=["lemmy"])  # makes the warehouse
    poisoned = str(int((now() + timedelta(days=400)).replace(tzinfo=UTC).timestamp()))
    con = duckdb.connect(str(settings.db_path))
    con.execute("DELETE FROM posts")
    con.execute("UPDATE crawl_cursors SET cursor = ?", [poisoned])
    con.close()
    assert run_crawl(settings, sources=["lemmy"])["lemmy"]["posts_new"] == 2
    ((cursor,),) = sql(settings.db_path, "SELECT cursor FROM crawl_cursors")
    assert int(cursor) < int(poisoned)


def test_robots_txt_forbidding_the_api_is_said_in_one_line(
    serve_site, local_settings, sql, caplog
) -> None:
    """lemmy-ui's robots.txt (robots-handler.ts, 2025): `Crawl-delay: 60` and `Disallow:
    /api`. Nothing is asked of the API, and the skipped line says why (review 177 #3)."""
    robots = "User-Agent: *\nDisallow: /api\nDisallow: /search\nCrawl-delay: 60\n"
    base = serve_site(
        {
            "/robots.txt": [{"text": robots, "headers": {"Content-Type": "text/plain"}}],
            "/api/v3/post/list": [page(view(1))],
            "/api/v3/search": [page(view(2))],
        }
    )
    settings = local_settings(
        lemmy={"instances": [base], "modes": ["new", "search"], "queries": ["a"]}
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert served(base) == []
    assert (stats["posts_new"], stats["errors"]) == (0, 2)
    host = urlsplit(base).netloc
    said = [r.getMessage() for r in caplog.records if "robots.txt" in r.getMessage()]
    assert len(said) == 1
    assert (
        f"robots.txt of {host} forbids /api: Lemmy's API cannot be crawled there "
        "(ask the instance's admin)" in said[0]
    )


def test_lemmy_defaults_are_polite() -> None:
    """lemmy-ui's robots.txt asks Crawl-delay: 60; search, which mostly re-reads what new
    reads on the endpoint Lemmy limits most, is an opt-in (review 177 #3, #4)."""
    from crawlers.spiders.lemmy import LemmySpider

    assert LemmySpider.documented_delay == 60.0
    assert Settings().source("lemmy")["modes"] == ["new"]
    assert Settings().source("lemmy")["terms_per_run"] * 60 <= 180  # 3 min a run at most


def test_an_instance_address_with_a_path_or_a_bad_host_is_said(
    serve_site, local_settings, caplog
) -> None:
    base = serve_site({"/api/v3/post/list": [page(view(1))]})
    bad = ["https://[lemmy.world", "https://lemmy.world/c/technology", "lemmy.world"]
    settings = local_settings(lemmy={"instances": [*bad, base], "modes": ["new"]})
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert (stats["posts_new"], stats["errors"]) == (1, 3)
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "Traceback" not in said and "Invalid IPv6 URL" in said
    assert "an instance's address without a path" in said
    assert "no instance address (http:// or https:// and a host)" in said


def test_page_limit_is_at_most_the_apis_50(serve_site, local_settings) -> None:
    base = serve_site({"/api/v3/post/list": [page(view(1))]})
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"], "page_limit": 100})
    run_crawl(settings, sources=["lemmy"])
    assert served(base)[0]["limit"] == ["50"]


def api_times(base: str) -> list[float]:
    """When the local instance answered each API request (epoch seconds), in order."""
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [r["at"] for r in json.load(fh) if r["path"].startswith("/api/")]


# GetSiteResponse, trimmed to what the spider reads: Lemmy's language table (ISO 639-1 codes,
# 0 "und"), the same on every instance since it is seeded by Lemmy's migrations
SITE = {
    "site_view": {"site": {"id": 1, "name": "Lemmy test"}},
    "version": "0.19.5",
    "all_languages": [
        {"id": 0, "code": "und", "name": "Undetermined"},
        {"id": 37, "code": "en", "name": "English"},
        {"id": 39, "code": "eo", "name": "Esperanto"},
        {"id": 52, "code": "fr", "name": "Français"},
        {"id": 31, "code": "de", "name": "Deutsch"},
        {"id": "x", "code": 5, "name": "a bad row"},
    ],
    "discussion_languages": [],
}


def lemmy_with_robots(serve_site, robots: str) -> str:
    return serve_site(
        {
            "/robots.txt": [{"text": robots, "headers": {"Content-Type": "text/plain"}}],
            "/api/v3/site": [{"json": SITE}],
            "/api/v3/post/list": [page(view(1))],
            "/api/v3/search": [page(view(2))],
        }
    )


def test_each_instance_goes_at_its_robots_txt_crawl_delay(
    serve_site, local_settings, caplog
) -> None:
    """lemmy-ui asks Crawl-delay: 60, another instance less or more: each instance's own is
    its pace (here 1.2 s where the local settings' pace is 0 and the least is 1 s), no
    jitter below it."""
    base = lemmy_with_robots(serve_site, "User-Agent: *\nCrawl-delay: 1.2\n")
    settings = local_settings(
        lemmy={"instances": [base], "modes": ["new", "search"], "queries": ["a"]}
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert stats["posts_new"] == 2 and stats["errors"] == 0
    times = api_times(base)
    assert len(times) == 3  # the language table, then 2 pages
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 1.15, gaps
    host = urlsplit(base).hostname
    said = [r.getMessage() for r in caplog.records if "Crawl-delay" in r.getMessage()]
    assert said == [f"robots.txt of {host} asks Crawl-delay 1.2s: obeyed"]


def test_a_crawl_delay_past_the_bounds_is_bounded_and_said(
    serve_site, local_settings, caplog
) -> None:
    """Crawl-delay: 0 would hammer an instance; a day would stop the source: the pace is
    kept within 1 s to 5 minutes, and the crawl says so."""
    from crawlers.robots import bounded_delay
    from crawlers.spiders.lemmy import LemmySpider

    bounds = LemmySpider.crawl_delay_bounds
    assert bounds == (1.0, 300.0)
    assert [bounded_delay(x, bounds) for x in (0, 0.2, 60, 86400)] == [1.0, 1.0, 60, 300.0]
    base = lemmy_with_robots(serve_site, "User-Agent: *\nCrawl-delay: 0.1\n")
    settings = local_settings(
        lemmy={"instances": [base], "modes": ["new", "search"], "queries": ["a"]}
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["lemmy"])
    times = api_times(base)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 3 and min(gaps) >= 0.95, gaps
    said = [r.getMessage() for r in caplog.records if "Crawl-delay" in r.getMessage()]
    host = urlsplit(base).hostname
    assert said == [
        f"robots.txt of {host} asks Crawl-delay 0.1s; going at 1s (the bounds are 1 to "
        "300s, or the source's own download_delay)"
    ]


def test_a_post_keeps_the_language_it_declares(serve_site, local_settings, sql) -> None:
    """language_id is a row of the instance's language table (/api/v3/site all_languages),
    read once and kept with the cursors: the code is the post's declared language, as
    Mastodon's `language` and Bluesky's `langs` are; 0 ("und") declares none."""
    posts = [view(1, language_id=52), view(2, language_id=31), view(3, language_id=0),
             view(4, language_id=999), view(5, language_id=[37])]  # fmt: skip
    base = serve_site({"/api/v3/site": [{"json": SITE}], "/api/v3/post/list": [page(*posts)]})
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"]})
    stats = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert (stats["posts_new"], stats["errors"]) == (5, 0)
    rows = sql(settings.db_path, "SELECT url, lang_hint FROM posts ORDER BY url")
    assert [hint for _, hint in rows] == ["fr", "de", None, None, None]
    run_crawl(settings, sources=["lemmy"])  # the table is kept: not asked again this week
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        asked = [r["path"] for r in json.load(fh)]
    assert asked.count("/api/v3/site") == 1 and asked.count("/api/v3/post/list?type_=All"
        "&sort=New&limit=50&page=1") == 2  # fmt: skip


def test_an_unreadable_language_table_costs_the_language_only(
    serve_site, local_settings, sql, caplog
) -> None:
    base = serve_site(
        {
            "/api/v3/site": [{"text": "<html>maintenance</html>"}],
            "/api/v3/post/list": [page(view(1))],
        }
    )
    settings = local_settings(lemmy={"instances": [base], "modes": ["new"]})
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["lemmy"])["lemmy"]
    assert (stats["posts_new"], stats["errors"]) == (1, 0)
    said = [r.getMessage() for r in caplog.records if "language table" in r.getMessage()]
    assert len(said) == 1 and "its posts are stored without their declared language" in said[0]
    assert sql(settings.db_path, "SELECT lang_hint FROM posts") == [(None,)]
