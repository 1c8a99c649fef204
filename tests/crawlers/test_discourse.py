"""Discourse forums against a scripted local forum speaking /posts.json's real shape: a first
run reads one page, the next pages back with before= to the cursor, what is not a public
regular post is skipped, a bad element or page costs one line, robots.txt is obeyed, authors
are hashed, and a post on a service's own forum is about that service."""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from crawlers.discourse_posts import post_text, unwanted
from crawlers.normalise import clean_text, hash_handle
from crawlers.runner import run_crawl
from nlp.enrich.attribution import CatalogAttributor
from outagewatch.catalog import load_catalog
from outagewatch.orchestrator import Orchestrator

NOW = datetime.now(UTC).replace(tzinfo=None)


def dpost(pid: int, minutes_ago: float = 5, number: int = 2, **fields: Any) -> dict[str, Any]:
    """A post as PostsController#latest lists it (PostSerializer, add_raw/title/excerpt)."""
    when = (NOW - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    post = {
        "id": pid,
        "name": f"Player {pid}",
        "username": f"player{pid}",
        "avatar_template": f"/user_avatar/forum/player{pid}/{{size}}/1_2.png",
        "created_at": when,
        "updated_at": when,
        "cooked": f"<p>Is the API down? post {pid}</p>",
        "raw": f"Is the API down? post {pid}",
        "excerpt": f"Is the API down? post {pid}",
        "post_number": number,
        "post_type": 1,
        "reply_count": 0,
        "reply_to_post_number": None,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 3,
        "score": 0.6,
        "topic_id": 9000 + pid // 100,
        "topic_slug": "is-the-api-down",
        "topic_title": "Is the API down?",
        "topic_html_title": "Is the API down?",
        "category_id": 55,
        "display_username": f"Player {pid}",
        "version": 1,
        "user_id": 40000 + pid,
        "hidden": False,
        "trust_level": 1,
        "user_deleted": False,
        "wiki": False,
        "deleted_at": None,
    }
    return post | fields


def page(*posts: Any) -> dict[str, Any]:
    return {"json": {"latest_posts": list(posts)}}


def ids(top: int, bottom: int, step: int = 1) -> list[int]:
    return list(range(top, bottom - 1, -step))


def served(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [r["path"] for r in json.load(fh) if r["path"] != "/robots.txt"]


def stored(sql, settings) -> list[str]:
    return [k for (k,) in sql(settings.db_path, "SELECT native_id FROM posts ORDER BY 1")]


def forum_settings(local_settings, base: str, **cfg: Any):
    return local_settings(discourse={"forums": [base], **cfg})


def test_first_run_reads_one_page_and_the_next_pages_back_to_the_cursor(
    serve_site, local_settings, sql
) -> None:
    """Run 1: the newest page (50 posts) and nothing older. Run 2: 75 newer posts, two pages,
    the second holding the cursor's post: only the new ones are stored, no third page."""
    first = [dpost(i) for i in ids(1050, 1001)]
    newest = [dpost(i) for i in ids(1150, 1101)]
    before = [dpost(i) for i in [*ids(1100, 1076), *ids(1050, 1026)]]
    base = serve_site(
        {
            "/posts.json": [
                {"match": {"before": "1001"}, **page(*[dpost(i) for i in ids(1000, 951)])},
                {"match": {"before": "1101"}, **page(*before)},
                {"once": True, **page(*first)},
                page(*newest),
            ]
        }
    )
    settings = forum_settings(local_settings, base)
    venue = urlsplit(base).netloc

    one = run_crawl(settings, sources=["discourse"])["discourse"]
    assert (one["posts_new"], one["errors"]) == (50, 0)
    assert served(base) == ["/posts.json"]
    cursors = sql(settings.db_path, "SELECT key, cursor FROM crawl_cursors")
    assert cursors == [(base, "1050")]

    two = run_crawl(settings, sources=["discourse"])["discourse"]
    assert (two["posts_new"], two["posts_dup"], two["errors"]) == (75, 0, 0)
    assert served(base)[1:] == ["/posts.json", "/posts.json?before=1101"]
    keys = stored(sql, settings)
    assert len(keys) == 125 and f"{venue}/1076" in keys and f"{venue}/1075" not in keys
    assert sql(settings.db_path, "SELECT cursor FROM crawl_cursors") == [("1150",)]


def test_max_pages_short_of_the_cursor_warns(serve_site, local_settings, caplog) -> None:
    base = serve_site(
        {
            "/posts.json": [
                {"match": {"before": "151"}, **page(*[dpost(i) for i in ids(150, 101)])},
                {"once": True, **page(dpost(10))},
                page(*[dpost(i) for i in ids(200, 151)]),
            ]
        }
    )
    settings = forum_settings(local_settings, base, max_pages=2)
    run_crawl(settings, sources=["discourse"])
    caplog.set_level(logging.INFO, logger="crawlers")
    assert run_crawl(settings, sources=["discourse"])["discourse"]["posts_new"] == 100
    said = [r.getMessage() for r in caplog.records if "max_pages" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(
        f"discourse: {base} has more new posts than max_pages=2 pages; read back to post 101, "
    )
    assert said[0].endswith(
        "older posts since the last run's post 10 are not fetched "
        "(raise sources.discourse.max_pages)"
    )


def test_a_first_run_with_since_reads_back_to_it(serve_site, local_settings, sql) -> None:
    """`crawl --since 2h`: pages back until a post older than that, which is not stored."""
    recent = [dpost(i, minutes_ago=(200 - i) + 1) for i in ids(200, 151)]
    older = [dpost(i, minutes_ago=61 + (150 - i) * 3) for i in ids(150, 101)]
    base = serve_site(
        {
            "/posts.json": [
                {"match": {"before": "101"}, **page(dpost(100, minutes_ago=600))},
                {"match": {"before": "151"}, **page(*older)},
                page(*recent),
            ]
        }
    )
    settings = forum_settings(local_settings, base)
    since = NOW - timedelta(hours=2)
    stats = run_crawl(settings, sources=["discourse"], since=since)["discourse"]
    assert served(base) == ["/posts.json", "/posts.json?before=151"]
    old = sql(settings.db_path, "SELECT count(*) FROM posts WHERE created_at < ?", [since])
    assert stats["posts_new"] == 50 + 20 and old == [(0,)]  # 150 .. 131 are within 2 h


def test_a_post_is_stored_as_its_author_wrote_it(serve_site, local_settings, sql, caplog):
    """Hidden, deleted and non-regular posts are skipped quietly; a null element, one without
    an id and one with a bad date cost a line each; the page's other posts are stored, the
    author hashed, quotes of other posts left out, a reply with its topic's title."""
    opening = dpost(
        10, number=1, raw="Nothing loads since 10:00.", topic_slug="is-it-down", topic_id=77
    )
    quoting = dpost(
        11,
        topic_id=77,
        topic_slug="is-it-down",
        raw='[quote="player10, post:1, topic:77"]\nNothing loads since 10:00.\n[/quote]\n\n'
        "same here, 503 on every request ![shot|690x388](upload://a1b2.png)",
    )
    cooked_only = dpost(
        12,
        raw=None,
        cooked='<aside class="quote" data-post="1"><blockquote><p>Nothing loads'
        "</p></blockquote></aside><p>Down for me too, <b>EU</b>.</p>",
    )
    skipped = [
        dpost(13, hidden=True),
        dpost(14, deleted_at="2026-11-30T10:00:00.000Z"),
        dpost(15, user_deleted=True),
        dpost(16, post_type=3),  # a small action: "closed the topic"
        dpost(17, post_type=4),  # a whisper
    ]
    bad = [None, {"username": "noid", "raw": "no id"}, dpost(18, created_at="yesterday")]
    body = page(opening, quoting, cooked_only, *skipped, *bad)
    base = serve_site({"/posts.json": [body]})
    settings = forum_settings(local_settings, base)
    venue = urlsplit(base).netloc
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["discourse"])["discourse"]
    assert (stats["posts_new"], stats["errors"]) == (3, 3)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert sorted(m.split(": ", 2)[2] for m in said) == [
        "post 10: no post id (id is None)",
        "post 18: missing or bad field not a timestamp: 'yesterday'",
        "post 9 is null, not a post",
    ]
    rows = sql(
        settings.db_path,
        "SELECT native_id, text, url, venue, thread_title, is_reply, author_hash "
        "FROM posts ORDER BY native_id",
    )
    salt = settings.salt
    assert rows == [
        (f"{venue}/10", "Is the API down?\n\nNothing loads since 10:00.",
         f"{base}/t/is-it-down/77/1", venue, None, False, hash_handle(f"player10@{venue}", salt)),
        (f"{venue}/11", "same here, 503 on every request",
         f"{base}/t/is-it-down/77/2", venue, "Is the API down?", True,
         hash_handle(f"player11@{venue}", salt)),
        (f"{venue}/12", "Down for me too, EU.", f"{base}/t/is-the-api-down/9000/2", venue,
         "Is the API down?", True, hash_handle(f"player12@{venue}", salt)),
    ]  # fmt: skip
    dump = json.dumps(sql(settings.db_path, "SELECT * FROM posts"), default=str)
    assert "player1" not in dump and "Player 1" not in dump
    assert sql(settings.db_path, "SELECT cursor FROM crawl_cursors") == [("18",)]


def test_a_bad_page_costs_one_line_and_no_cursor(serve_site, local_settings, sql, caplog):
    """Four forums on one host (subfolder installs): an HTML page (a challenge or an error
    page served 200), a truncated body, an answer without latest_posts, and a good one."""
    base = serve_site(
        {
            "/a/posts.json": [{"text": "<!DOCTYPE html><html>Just a moment...</html>",
                               "headers": {"Content-Type": "text/html"}}],
            "/b/posts.json": [{"text": '{"latest_posts": [{"id": 3,'}],
            "/c/posts.json": [{"json": {"errors": ["The requested URL is invalid."]}}],
            "/d/posts.json": [page(dpost(5))],
        }
    )  # fmt: skip
    forums = [f"{base}/{x}" for x in "abcd"]
    settings = local_settings(discourse={"forums": forums})
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["discourse"])["discourse"]
    said = sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    assert [s.split(": ", 2)[1:] for s in said] == [
        [f"skipped {base}/a/posts.json", "an HTML page where JSON was expected (44 bytes)"],
        [
            f"skipped {base}/b/posts.json",
            "malformed JSON: Expecting property name enclosed in double quotes at line 1 col 28",
        ],
        [f"skipped {base}/c/posts.json", "no 'latest_posts' list in the answer"],
    ]
    assert (stats["posts_new"], stats["errors"]) == (1, 3)
    assert sql(settings.db_path, "SELECT key FROM crawl_cursors") == [(f"{base}/d",)]


def test_robots_txt_disallowing_the_listing_is_obeyed(serve_site, local_settings, sql) -> None:
    base = serve_site(
        {
            "/robots.txt": [{"text": "User-agent: *\nDisallow: /posts.json\n",
                             "headers": {"Content-Type": "text/plain"}}],
            "/posts.json": [page(dpost(5))],
        }
    )  # fmt: skip
    settings = forum_settings(local_settings, base)
    run_crawl(settings, sources=["discourse"])
    assert served(base) == []
    assert sql(settings.db_path, "SELECT count(*) FROM posts") == [(0,)]


def _catalog(tmp_path: Path, forums: dict[str, str]) -> Path:
    lines = ["services:"]
    for slug, forum in forums.items():
        lines += [f"  - slug: {slug}", f"    name: {slug.title()}", "    category: gaming"]
        lines += [f'    forums: ["{forum}"]']
    path = tmp_path / "catalog.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_the_catalogs_forums_of_the_chosen_services_are_read(
    serve_site, local_settings, tmp_path, sql
) -> None:
    base = serve_site({"/one/posts.json": [page(dpost(1))], "/two/posts.json": [page(dpost(2))]})
    settings = local_settings(discourse={})
    settings.catalog_path = _catalog(tmp_path, {"one": f"{base}/one/", "two": f"{base}/two"})
    run_crawl(settings, sources=["discourse"], services=["two"])
    assert served(base) == ["/two/posts.json"]
    venue = urlsplit(base).netloc
    assert sql(settings.db_path, "SELECT venue FROM posts") == [(f"{venue}/two",)]


def test_a_forum_is_its_services_community() -> None:
    """The path a Reddit community's posts take: "is it down for everyone?" on
    devforum.roblox.com names no service, and its forum says it is Roblox's."""
    attributor = CatalogAttributor(load_catalog())
    assert attributor.community_slug("devforum.roblox.com") == "roblox"
    assert attributor.community_slug("DevForum.Roblox.com") == "roblox"
    assert attributor.community_slug("community.openai.com") == "chatgpt"
    assert attributor.community_slug("forum.example.org") is None


@pytest.mark.slow
def test_a_forum_post_naming_no_service_is_its_forums_service(
    serve_site, local_settings, tmp_path, sql
) -> None:
    """Crawl to signals: a reply on a service's forum that names no service is a report
    about it."""
    base = serve_site(
        {"/posts.json": [page(dpost(7, raw="is it down for everyone? nothing loads, 503s"))]}
    )
    settings = local_settings(discourse={})
    catalog = load_catalog()  # the shipped catalog, its Roblox forum served locally
    lines = Path(__file__).resolve().parents[2] / "outagewatch" / "data" / "services.yaml"
    text = lines.read_text("utf-8").replace("https://devforum.roblox.com", base)
    settings.catalog_path = tmp_path / "services.yaml"
    settings.catalog_path.write_text(text, "utf-8")
    assert len(load_catalog(str(settings.catalog_path))) == len(catalog)
    assert (
        run_crawl(settings, sources=["discourse"], services=["roblox"])["discourse"]["posts_new"]
        == 1
    )
    assert Orchestrator(settings).enrich_pending() == 1
    found = sql(
        settings.db_path,
        "SELECT service_slug, s.problem FROM post_signals s JOIN post_services USING (post_key)",
    )
    assert found == [("roblox", True)]


def test_requests_name_only_the_listing(serve_site, local_settings) -> None:
    """Nothing but /posts.json (and before=) is asked: no search, which robots.txt forbids."""
    base = serve_site({"/posts.json": [page(dpost(3))]})
    run_crawl(forum_settings(local_settings, base), sources=["discourse"])
    for path in served(base):
        parts = urlsplit(path)
        assert parts.path == "/posts.json" and set(parse_qs(parts.query)) <= {"before"}


def test_a_429_is_retried_after_its_wait_with_the_crawls_user_agent(
    serve_site, local_settings, sql
) -> None:
    """Discourse's per-IP limit answers 429 with Retry-After: the listing is asked again
    after it (here 1 s), as every source's is, and carries the crawl's User-Agent."""
    limited = {"once": True, "status": 429, "headers": {"Retry-After": "1"},
               "json": {"errors": ["You've performed this action too many times."]}}  # fmt: skip
    base = serve_site({"/posts.json": [limited, page(dpost(4))]})
    settings = forum_settings(local_settings, base)
    assert run_crawl(settings, sources=["discourse"])["discourse"]["posts_new"] == 1
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        asked = [r for r in json.load(fh) if r["path"] == "/posts.json"]
    assert len(asked) == 2 and asked[1]["at"] - asked[0]["at"] >= 0.9
    assert {r["headers"]["User-Agent"] for r in asked} == {settings.user_agent}


@pytest.mark.parametrize(
    "post, text",
    [
        pytest.param(
            {"raw": '[quote="a, post:1, topic:2"]\nouter [quote="b, post:2, topic:2"]inner'
             "[/quote] still outer\n[/quote]\nmine too"},
            "mine too",
            id="nested-quotes",
        ),
        pytest.param(
            {"raw": "[QUOTE]shouted quote[/QUOTE] [quote=x]never closed"},
            "[quote=x]never closed",
            id="unclosed-quote-kept",
        ),
        pytest.param(
            {"raw": "  ", "cooked": '<aside class="quote"><aside class="onebox">x</aside>'
             "still quoted</aside><p>own <a href=\"https://status.example/x\">words</a></p>"},
            "own words (https://status.example/x)",
            id="blank-raw-uses-cooked",
        ),
        pytest.param(
            {"raw": "> a Markdown quote stays: the forum quotes posts with [quote]"},
            "> a Markdown quote stays: the forum quotes posts with [quote]",
            id="markdown-blockquote",
        ),
    ],
)  # fmt: skip
def test_post_text_is_the_authors_own(post: dict[str, Any], text: str) -> None:
    assert clean_text(post_text(post)) == text


@pytest.mark.parametrize(
    "fields, why",
    [
        ({"post_type": 2}, "not a regular post (a moderator action)"),
        ({"post_type": 99}, "not a regular post (post_type 99)"),
        ({"hidden": True}, "hidden"),
        ({"deleted_at": "2026-11-30T10:00:00.000Z"}, "deleted"),
        ({"user_deleted": True}, "deleted"),
        ({}, None),
    ],
)
def test_only_public_regular_posts_are_kept(fields: dict[str, Any], why: str | None) -> None:
    assert unwanted(dpost(1, **fields)) == why


def test_a_short_page_mid_stream_does_not_end_the_paging(serve_site, local_settings, sql):
    """Discourse drops, after its 50-post limit, posts an anonymous reader may not see, so a
    page of 30 can come before older new posts: paging goes on to the cursor; the cursor
    had jumped over 1001-1170, never asked for (review 135)."""
    base = serve_site(
        {
            "/posts.json": [
                {"match": {"before": "1171"}, **page(*[dpost(i) for i in ids(1170, 1000)])},
                {"once": True, **page(*[dpost(i) for i in ids(1000, 951)])},
                page(*[dpost(i) for i in ids(1200, 1171)]),
            ]
        }
    )
    settings = forum_settings(local_settings, base)
    run_crawl(settings, sources=["discourse"])
    two = run_crawl(settings, sources=["discourse"])["discourse"]
    assert served(base)[1:] == ["/posts.json", "/posts.json?before=1171"]
    assert two["posts_new"] == 200 and len(stored(sql, settings)) == 250
