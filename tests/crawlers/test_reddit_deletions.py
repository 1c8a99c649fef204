"""Reddit's Data API terms: content deleted on Reddit must be removed here too. Each crawl
looks up the stored posts seen longest ago through /api/info (100 fullnames a request),
within `recheck_per_run`, and marks deleted what Reddit shows deleted or removed or leaves
out; a real crawl against a local API serving Reddit's shapes, a real warehouse."""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from crawlers.runner import run_crawl
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
        "WHERE native_id IN ('t3_gone', 't1_gone', 't3_missing') ORDER BY 1",
    )
    assert gone == [(n, None, None, None, True) for n in ("t1_gone", "t3_gone", "t3_missing")]
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
    assert [n for (n,) in checked] == first
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
