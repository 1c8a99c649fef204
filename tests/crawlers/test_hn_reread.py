"""Hacker News through a scripted Algolia API: a hit indexed after a newer one was read
(Algolia's indexing lag) is still stored, once, and max_pages says how far back it got."""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb

from crawlers.runner import run_crawl
from warehouse.db import writer
from warehouse.store import set_cursor

NOW = int(time.time())
NEWEST, OLDER, LATE = NOW - 300, NOW - 3600, NOW - 420  # LATE is indexed after NEWEST


def hit(object_id: str, created: int) -> dict[str, Any]:
    return {
        "objectID": object_id,
        "created_at_i": created,
        "created_at": datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "title": f"Cloudflare down {object_id}",
        "author": "pg",
        "_tags": ["story"],
    }


def page(*hits: dict, pages: int = 1) -> dict[str, Any]:
    return {"json": {"hits": list(hits), "nbPages": pages, "page": 0}}


def test_a_hit_indexed_late_is_read_once(serve_site, local_settings, sql):
    reread = f"created_at_i>{NEWEST - 600}"  # the newest hit stored, less 10 minutes
    base = serve_site(
        {
            "/api/v1/search_by_date": [
                {"match": {"numericFilters": reread}, **page(hit("3", NEWEST), hit("2", LATE))},
                page(hit("3", NEWEST), hit("1", OLDER)),
            ]
        }
    )
    settings = local_settings(hackernews={"base_url": base, "queries": ["Cloudflare"]})
    first = run_crawl(settings, sources=["hackernews"])["hackernews"]
    second = run_crawl(settings, sources=["hackernews"])["hackernews"]
    assert first["posts_new"] == 2
    assert (second["posts_new"], second["posts_dup"]) == (1, 1)
    keys = [k for (k,) in sql(settings.db_path, "SELECT post_key FROM posts")]
    assert sorted(keys) == ["hackernews:1", "hackernews:2", "hackernews:3"]
    assert sql(settings.db_path, "SELECT cursor FROM crawl_cursors WHERE key = 'Cloudflare'") == [
        (str(NEWEST),)
    ]


def test_max_pages_says_how_far_back_it_read(serve_site, local_settings, caplog):
    base = serve_site({"/api/v1/search_by_date": [page(hit("3", NEWEST), pages=4)]})
    settings = local_settings(
        hackernews={"base_url": base, "queries": ["Cloudflare"], "max_pages": 1}
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["hackernews"])
    said = [r.getMessage() for r in caplog.records if "max_pages" in r.getMessage()]
    back = datetime.fromtimestamp(NEWEST, UTC)
    assert said == [
        "hackernews: query 'Cloudflare' has more new posts than max_pages=1 pages; read back "
        f"to {back:%Y-%m-%d %H:%M:%S} UTC, older posts are not fetched "
        "(raise sources.hackernews.max_pages)"
    ]
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        assert sum("search_by_date" in r["path"] for r in json.load(fh)) == 1


def test_a_daily_sweep_stores_what_algolia_indexed_after_a_stall(serve_site, local_settings, sql):
    """Algolia's indexing stalls for hours, then backfills: a hit from 20 hours ago, indexed
    after NEWEST was read, is far outside the 10-minute re-read. Once a day a query re-reads
    48 hours, and stores it then; the other runs re-read 10 minutes."""
    stalled = hit("2", NOW - 20 * 3600)
    sweep = f"created_at_i>{NEWEST - 48 * 3600}"
    base = serve_site(
        {
            "/api/v1/search_by_date": [
                {"match": {"numericFilters": sweep}, **page(hit("3", NEWEST), stalled)},
                page(hit("3", NEWEST)),
            ]
        }
    )
    settings = local_settings(hackernews={"base_url": base, "queries": ["Cloudflare"]})
    runs = [run_crawl(settings, sources=["hackernews"])["hackernews"] for _ in range(2)]
    assert [r["posts_new"] for r in runs] == [1, 0]  # a first read is a sweep: none due yet
    with duckdb.connect(str(settings.db_path)) as con:  # as if the last sweep was a day ago
        con.execute(
            "UPDATE crawl_cursors SET cursor = ? WHERE key = 'sweep|Cloudflare'",
            [str(NOW - 24 * 3600)],
        )
    swept = run_crawl(settings, sources=["hackernews"])["hackernews"]
    assert (swept["posts_new"], swept["posts_dup"]) == (1, 1)
    filters = [r["path"] for r in requests(base)]
    assert sum(sweep.replace(">", "%3E") in f for f in filters) == 1  # the third run only
    after = run_crawl(settings, sources=["hackernews"])["hackernews"]
    assert (after["posts_new"], after["posts_dup"]) == (0, 1)  # swept today: 10 minutes again
    keys = sorted(k for (k,) in sql(settings.db_path, "SELECT post_key FROM posts"))
    assert keys == ["hackernews:2", "hackernews:3"]


def requests(base: str) -> list[dict]:
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return [r for r in json.load(fh) if "search_by_date" in r["path"]]


def test_a_sweep_reads_past_max_pages_up_to_its_own(serve_site, local_settings, sql, caplog):
    """A busy query's 48 hours are many pages: with max_pages=1 the sweep had stopped on
    the first, silently, and been recorded as done (helper-108)."""
    stalled = hit("2", NOW - 20 * 3600)
    sweep = f"created_at_i>{NEWEST - 48 * 3600}"
    pages = [
        {"match": {"numericFilters": sweep, "page": n}, **page(*hits, pages=3)}
        for n, hits in enumerate([[hit("3", NEWEST)], [hit("4", NEWEST - 3600)], [stalled]])
    ]
    base = serve_site({"/api/v1/search_by_date": [*pages, page(hit("3", NEWEST))]})
    settings = local_settings(
        hackernews={"base_url": base, "queries": ["Cloudflare"], "max_pages": 1,
                    "sweep_max_pages": 2}
    )  # fmt: skip
    run_crawl(settings, sources=["hackernews"])
    with duckdb.connect(str(settings.db_path)) as con:
        con.execute("UPDATE crawl_cursors SET cursor = '0' WHERE key = 'sweep|Cloudflare'")
    caplog.set_level(logging.INFO, logger="crawlers")
    run_crawl(settings, sources=["hackernews"])
    keys = sorted(k for (k,) in sql(settings.db_path, "SELECT post_key FROM posts"))
    assert keys == ["hackernews:3", "hackernews:4"]  # two pages: the third not reached
    said = [r.getMessage() for r in caplog.records if "daily sweep" in r.getMessage()]
    assert len(said) == 1 and "raise sources.hackernews.sweep_max_pages" in said[0], said
    settings.sources["hackernews"]["sweep_max_pages"] = 3
    with duckdb.connect(str(settings.db_path)) as con:
        con.execute("UPDATE crawl_cursors SET cursor = '0' WHERE key = 'sweep|Cloudflare'")
    run_crawl(settings, sources=["hackernews"])
    keys = sorted(k for (k,) in sql(settings.db_path, "SELECT post_key FROM posts"))
    assert keys == ["hackernews:2", "hackernews:3", "hackernews:4"]


def test_an_upgrade_resumes_each_query_from_its_bare_name_cursor(serve_site, local_settings, sql):
    """Queries were bare names (Spotify) before they were quoted ("Spotify"): the stored
    cursors are under the old keys, and without them each query read 5 pages of any age."""
    base = serve_site({"/api/v1/search_by_date": [page(hit("9", NOW - 60))]})
    settings = local_settings(hackernews={"base_url": base})
    with writer(settings.db_path) as con:  # as the previous version left them
        for name in ("Spotify", "Signal"):
            set_cursor(con, "hackernews", name, str(NEWEST))
            set_cursor(con, "hackernews", f"sweep|{name}", str(NOW - 3600))  # swept today
    run_crawl(settings, sources=["hackernews"], services=["spotify", "signal"])
    asked = {
        (q["query"][0], q.get("numericFilters", [""])[0])
        for q in (parse_qs(urlsplit(r["path"]).query) for r in requests(base))
    }
    floor = f"created_at_i>{NEWEST - 600}"  # the old cursor less the re-read, not a sweep
    assert asked == {('"Spotify"', floor), ('"Signal" "down"', floor)}
    cursors = dict(sql(settings.db_path, "SELECT key, cursor FROM crawl_cursors"))
    assert cursors['"Spotify"'] == cursors['"Signal" "down"'] == str(NOW - 60)
