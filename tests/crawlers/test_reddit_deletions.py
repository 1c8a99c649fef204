"""Reddit's Data API terms: content deleted on Reddit must be removed here too. Each crawl
looks up the stored posts seen longest ago through /api/info (100 fullnames a request),
within `recheck_per_run`, and marks deleted what Reddit shows deleted or removed. What it
leaves out may be hidden for a while (a subreddit gone private or quarantined): deleted
only when it was left out a day earlier too. A real crawl against a local API serving
Reddit's shapes, a real warehouse."""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawlers.runner import ROOT, run_crawl
from warehouse import store
from warehouse.db import writer
from warehouse.rechecks import due_for_recheck

TOKEN = {"json": {"access_token": "rtok", "token_type": "bearer", "expires_in": 86400}}
EMPTY = {"kind": "Listing", "data": {"after": None, "dist": 0, "children": [], "before": None}}
NOW = store.utcnow()
# never checked, fetched 3 hours ago, oldest first: the three gone ones lead
GONE = ["t3_gone", "t1_gone", "t3_missing"]
ALIVE = [f"t3_p{i:03d}" for i in range(247)]
DUE = GONE + ALIVE


def post(native_id: str, fetched: timedelta, source: str = "reddit", **extra: Any) -> dict:
    """A stored post, fetched `fetched` ago."""
    row = {
        "post_key": f"{source}:{native_id}",
        "source": source,
        "native_id": native_id,
        "text": f"Is Spotify down? {native_id}",
        "author_hash": "0123456789abcdef",
        "url": f"https://www.reddit.com/r/outages/comments/{native_id}/x/",
        "created_at": NOW - fetched - timedelta(minutes=5),
        "fetched_at": NOW - fetched,
    }
    return row | extra


def thing(name: str, **extra: Any) -> dict[str, Any]:
    """A post (t3) or comment (t1) as /api/info answers it."""
    data: dict[str, Any] = {
        "name": name,
        "id": name[3:],
        "author": f"user_{name}",
        "subreddit": "outages",
        "created_utc": (NOW - timedelta(hours=3)).timestamp(),
        "permalink": f"/r/outages/comments/{name[3:]}/x/",
    }
    if name.startswith("t1_"):
        data["body"] = "same here"
    else:
        data |= {"title": "Is Spotify down?", "selftext": "", "removed_by_category": None}
    return {"kind": name[:2], "data": data | extra}


def info(names: list[str]) -> dict[str, Any]:
    """/api/info's answer to `names`: the gone ones as Reddit shows them, t3_missing left out."""
    shown = {
        "t3_gone": thing("t3_gone", selftext="[removed]", removed_by_category="moderator"),
        "t1_gone": thing("t1_gone", author="[deleted]", body="[deleted]"),
    }
    children = [shown.get(n) or thing(n) for n in names if n != "t3_missing"]
    listing = {"after": None, "dist": len(children), "modhash": None, "geo_filter": ""}
    return {"kind": "Listing", "data": listing | {"children": children, "before": None}}


def test_stored_posts_are_looked_up_again_oldest_seen_first(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "rsecret")
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    first = DUE[:201]  # recheck_per_run = 201: two full requests and one of a single id
    calls = [first[:100], first[100:200], first[200:]]
    base = serve_site(
        {
            "/auth/api/v1/access_token": [TOKEN],
            "/api/search": [{"json": EMPTY}],
            "/api/api/info": [{"match": {"id": ",".join(c)}, "json": info(c)} for c in calls],
        }
    )
    cfg = {"auth_url": f"{base}/auth", "base_url": f"{base}/api", "subreddits": []}
    settings = local_settings(reddit=cfg | {"queries": ["spotify down"], "recheck_per_run": 201})
    rows = [post(n, timedelta(hours=3) - timedelta(seconds=i)) for i, n in enumerate(DUE)]
    rows += [
        post("t3_seen", timedelta(hours=5)),  # fetched long ago, but checked 2 hours ago
        post("t3_recent", timedelta(minutes=20)),  # read this hour: not due yet
        post("t3_pruned", timedelta(hours=9), text=None, author_hash=None, url=None),
        post("t3_gone_before", timedelta(hours=9)),  # already marked deleted
        post("t5_2", timedelta(hours=9)),  # a subreddit stored by an older version: no post
        post("t3_toot", timedelta(hours=9), source="mastodon"),
    ]
    with writer(settings.db_path) as con:
        store.insert_posts(con, [{k: r.get(k) for k in store.POST_COLUMNS} for r in rows])
        store.mark_deleted(con, ["reddit:t3_gone_before"])
        con.execute(
            "UPDATE posts SET checked_at = ? WHERE post_key = 'reddit:t3_seen'",
            [NOW - timedelta(hours=2)],
        )
    caplog.set_level(logging.INFO, logger="crawlers")

    stats = run_crawl(settings, sources=["reddit"])["reddit"]

    assert stats["errors"] == 0, caplog.text
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        served = json.load(fh)
    asked = [
        parse_qs(urlsplit(r["path"]).query)["id"][0].split(",")
        for r in served
        if r["path"].startswith("/api/api/info")
    ]
    assert sorted(asked) == sorted(calls)  # in any order: requests run side by side
    gone = sql(
        settings.db_path,
        "SELECT native_id, text, author_hash, url, deleted_at IS NOT NULL FROM posts "
        "WHERE native_id IN ('t3_gone', 't1_gone') ORDER BY 1",
    )
    assert gone == [(n, None, None, None, True) for n in ("t1_gone", "t3_gone")]
    # left out once: perhaps a subreddit private for a while; kept, the miss recorded
    missing = sql(
        settings.db_path,
        "SELECT text IS NOT NULL, deleted_at, missing_since > ? FROM posts "
        "WHERE native_id = 't3_missing'",
        [NOW - timedelta(minutes=1)],
    )
    assert missing == [(True, None, True)]
    kept = sql(
        settings.db_path,
        "SELECT count(*) FROM posts WHERE native_id LIKE 't3_p%' AND text IS NOT NULL "
        "AND deleted_at IS NULL",
    )
    assert kept == [(len(ALIVE),)]
    checked = sql(
        settings.db_path,
        "SELECT native_id FROM posts WHERE checked_at > ? ORDER BY fetched_at",
        [NOW - timedelta(minutes=1)],
    )
    assert [n for (n,) in checked] == [n for n in first if n not in ("t3_gone", "t1_gone")]
    said = [r.getMessage() for r in caplog.records if "deletion check" in r.getMessage()]
    assert said == [
        "reddit: re-checking 201 of 251 stored posts due for a deletion check (the one "
        f"waiting longest was last seen {NOW - timedelta(hours=3):%Y-%m-%d %H:%M:%S} UTC)"
    ]
    # the next run starts where this one stopped: the rest never checked, then t3_seen
    with writer(settings.db_path) as con:
        due = due_for_recheck(
            con, "reddit", 1000, store.utcnow() - timedelta(hours=1), ["t1_", "t3_"]
        )
    assert due.native_ids == DUE[201:] + ["t3_seen"]


def reddit_settings(serve_site, local_settings, monkeypatch, info_routes: list[dict], **cfg):
    """Settings for a Reddit crawl whose /api/info answers with `info_routes`."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "rsecret")
    monkeypatch.setenv("REDDIT_USERNAME", "tester")
    base = serve_site(
        {
            "/auth/api/v1/access_token": [TOKEN],
            "/api/search": [{"json": EMPTY}],
            "/api/api/info": info_routes,
        }
    )
    urls = {"auth_url": f"{base}/auth", "base_url": f"{base}/api", "subreddits": []}
    return local_settings(reddit=urls | {"queries": ["spotify down"]} | cfg)


def store_rows(db_path, rows: list[dict], missing_since: dict[str, timedelta]) -> None:
    """Store `rows`; `missing_since` gives the posts left out of an earlier check, and when
    (that check is their last one)."""
    with writer(db_path) as con:
        store.insert_posts(con, [{k: r.get(k) for k in store.POST_COLUMNS} for r in rows])
        for name, ago in missing_since.items():
            con.execute(
                "UPDATE posts SET missing_since = ?, checked_at = ? WHERE native_id = ?",
                [NOW - ago, NOW - ago, name],
            )


def test_a_post_left_out_is_deleted_only_when_left_out_a_day_earlier_too(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    """A subreddit gone private for a day of protest loses nothing; one left out on two
    checks a day apart is gone, and one that comes back is no longer counted missing."""
    names = ["t3_day", "t3_hour", "t3_back", "t3_ok"]
    info_of = {"json": info(["t3_back", "t3_ok"])}  # t3_day and t3_hour left out again
    settings = reddit_settings(serve_site, local_settings, monkeypatch, [info_of])
    rows = [post(n, timedelta(hours=40)) for n in names]
    since = {"t3_day": timedelta(hours=25), "t3_hour": timedelta(hours=3)}
    store_rows(settings.db_path, rows, since | {"t3_back": timedelta(hours=30)})

    stats = run_crawl(settings, sources=["reddit"])["reddit"]

    assert stats["errors"] == 0, caplog.text
    got = sql(
        settings.db_path,
        "SELECT native_id, text IS NOT NULL, deleted_at IS NOT NULL, missing_since "
        "FROM posts ORDER BY native_id",
    )
    assert got == [
        ("t3_back", True, False, None),
        ("t3_day", False, True, NOW - timedelta(hours=25)),
        ("t3_hour", True, False, NOW - timedelta(hours=3)),  # the first miss is kept
        ("t3_ok", True, False, None),
    ]


def test_an_answer_that_leaves_out_every_post_asked_deletes_nothing_and_is_not_asked_again(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    """An empty or broken 200 (during a Reddit incident, or a batch all of one subreddit
    gone private for good) is one line; its posts are neither deleted nor counted missing (a
    first miss recorded earlier stays), but they are marked checked, so they wait their turn
    rather than be asked again, with the same line, on every run. The other batches are read
    as usual."""
    names = [f"t3_q{i:03d}" for i in range(101)]  # two requests: 100 and 1
    empty = info([])
    routes = [
        {"match": {"id": ",".join(names[:100])}, "json": empty},
        {"match": {"id": names[100]}, "json": info([])},
    ]
    routes[1]["json"]["data"]["children"] = [thing(names[100], author="[deleted]")]
    settings = reddit_settings(serve_site, local_settings, monkeypatch, routes)
    rows = [post(n, timedelta(hours=3) - timedelta(seconds=i)) for i, n in enumerate(names)]
    store_rows(settings.db_path, rows, {names[0]: timedelta(hours=30)})  # missed a day ago
    caplog.set_level(logging.INFO, logger="crawlers")

    stats = run_crawl(settings, sources=["reddit"])["reddit"]

    assert stats["errors"] == 1, caplog.text
    said = [r.getMessage() for r in caplog.records if "left out all" in r.getMessage()]
    assert len(said) == 1 and "left out all 100 posts asked" in said[0], said
    kept = sql(
        settings.db_path,
        "SELECT count(*), count(missing_since) FROM posts WHERE text IS NOT NULL "
        "AND deleted_at IS NULL AND checked_at > ?",
        [NOW],
    )
    assert kept == [(100, 1)]  # checked now; the one earlier miss kept, none added
    assert "none deleted or counted missing, they are asked again in their turn" in said[0]
    deleted = sql(settings.db_path, "SELECT native_id FROM posts WHERE deleted_at IS NOT NULL")
    assert deleted == [(names[100],)]

    caplog.clear()
    again = run_crawl(settings, sources=["reddit"])["reddit"]
    assert again["errors"] == 0 and "left out all" not in caplog.text
    base = settings.sources["reddit"]["base_url"].removesuffix("/api")
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        asked = [r for r in json.load(fh) if r["path"].startswith("/api/api/info")]
    assert len(asked) == 2  # the first run's two; the second asked nothing


# Loaded by the crawl child (sitecustomize on its PYTHONPATH): notes every write connection
# a spider opens other than while it is built, by the spider method that opened it.
WATCH_OPENS = """
import inspect, os, scrapy
from warehouse import db
migrate = db.migrate
def watched(con):
    spider = [f for f in inspect.stack() if isinstance(f.frame.f_locals.get("self"), scrapy.Spider)]
    if spider and not any(f.function == "__init__" for f in spider):
        with open(os.environ["WATCH_OPENS"], "a") as fh:
            fh.write(spider[-1].function + "\\n")
    return migrate(con)
db.migrate = watched
"""


def test_the_posts_due_are_read_before_the_crawl_not_in_its_middle(
    serve_site, local_settings, monkeypatch, sql, caplog, tmp_path
):
    """The spider opens the warehouse only while it is built, to read its cursors and the
    posts due: opened for writing mid-crawl, on the reactor thread, a writer waits up to a
    minute for a process holding the file and stalls every spider meanwhile."""
    settings = reddit_settings(serve_site, local_settings, monkeypatch, [{"json": info(GONE)}])
    store_rows(settings.db_path, [post(n, timedelta(hours=3)) for n in GONE], {})
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(WATCH_OPENS)
    opens = tmp_path / "opens.txt"
    opens.touch()
    monkeypatch.setenv("WATCH_OPENS", str(opens))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), str(ROOT)]))

    stats = run_crawl(settings, sources=["reddit"])["reddit"]

    assert stats["errors"] == 0, caplog.text
    assert opens.read_text().split() == []
    gone = sql(settings.db_path, "SELECT native_id FROM posts WHERE deleted_at IS NOT NULL")
    assert sorted(gone) == [("t1_gone",), ("t3_gone",)]


def test_subreddits_stored_as_posts_are_removed_once_with_what_came_of_them(
    serve_site, local_settings, monkeypatch, sql, caplog
):
    """An old redirect bug stored subreddits (t5_) as posts. The Reddit spider's start-up
    removes them once, with their signals, services, embedding, incident link and their
    count in report_volume, and says how many; real posts keep everything."""
    settings = reddit_settings(serve_site, local_settings, monkeypatch, [{"json": info([])}])
    bucket = NOW.replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    rows = [
        post("t5_2qh1i", timedelta(hours=3), created_at=bucket),
        post("t3_real", timedelta(minutes=10), created_at=bucket),
    ]
    store_rows(settings.db_path, rows, {})
    with writer(settings.db_path) as con:
        for key in ("reddit:t5_2qh1i", "reddit:t3_real"):
            con.execute(
                "INSERT INTO post_signals (post_key, created_at, text_hash, problem, country, "
                "processed_at) VALUES (?, ?, ?, true, 'US', ?)",
                [key, bucket, key, NOW],
            )
            con.execute("INSERT INTO post_services VALUES (?, 'verizon')", [key])
            con.execute(
                "INSERT INTO post_embeddings (post_key, text_hash) VALUES (?, ?)", [key, key]
            )
            con.execute(
                "INSERT INTO incident_posts (incident_id, post_key) VALUES ('i1', ?)", [key]
            )
        con.execute(
            "INSERT INTO report_volume (service_slug, country, bucket, reports) VALUES "
            "('verizon', '', ?, 2), ('verizon', 'US', ?, 2)",
            [bucket, bucket],
        )
    caplog.set_level(logging.INFO, logger="crawlers")

    run_crawl(settings, sources=["reddit"])

    said = [r.getMessage() for r in caplog.records if "stored as posts" in r.getMessage()]
    assert said == [
        "reddit: removed 1 subreddits an earlier version stored as posts (t5_ rows, from a "
        "misspelled subreddit's redirect to search), with their signals"
    ]
    for table in ("posts", "post_signals", "post_services", "post_embeddings", "incident_posts"):
        keys = sql(settings.db_path, f"SELECT post_key FROM {table}")
        assert keys == [("reddit:t3_real",)], table
    volume = sql(settings.db_path, "SELECT country, reports FROM report_volume ORDER BY 1")
    assert volume == [("", 1), ("US", 1)]

    caplog.clear()
    run_crawl(settings, sources=["reddit"])
    assert "stored as posts" not in caplog.text  # once
