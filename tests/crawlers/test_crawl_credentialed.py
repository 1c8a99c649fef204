"""Reddit, X and Bluesky end to end against scripted local APIs, credentials from the env."""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

from crawlers.normalise import opaque_id
from crawlers.runner import run_crawl

SECRETS = {
    "REDDIT_CLIENT_ID": "rid",
    "REDDIT_CLIENT_SECRET": "rsecret-123",
    "X_BEARER_TOKEN": "xtoken-456",
    "BLUESKY_HANDLE": "me.bsky.social",
    "BLUESKY_APP_PASSWORD": "app-pass-789",
}


def snowflake(when: datetime) -> str:
    """An X id made at `when`: recent search refuses a since_id older than 7 days."""
    return str((int(when.timestamp() * 1000) - 1288834974657) << 22)


X_TIME = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
# the ids and times of tweets 0, 1 and 2 (2 retweets 0), an hour ago
X_IDS = [snowflake(X_TIME + timedelta(minutes=n)) for n in range(3)]
X_TIMES = [f"{X_TIME + timedelta(minutes=n):%Y-%m-%dT%H:%M:%S}.000Z" for n in range(3)]


def t3(name: str, created: float, **extra) -> dict:
    data = {
        "name": f"t3_{name}",
        "id": name,
        "title": f"Is Spotify down? {name}",
        "selftext": "app won't load",
        "is_self": True,
        "author": f"user_{name}",
        "created_utc": created,
        "subreddit": "outages",
        "permalink": f"/r/outages/comments/{name}/x/",
        "url": f"https://www.reddit.com/r/outages/comments/{name}/x/",
        "removed_by_category": None,
    }
    data.update(extra)
    return {"kind": "t3", "data": data}


def listing(children: list[dict], after: str | None = None) -> dict:
    return {
        "kind": "Listing",
        "data": {"after": after, "before": None, "dist": len(children), "children": children},
    }


def reddit_routes() -> dict:
    alive = t3("del", 1795770050.0)
    gone = t3(
        "del",
        1795770050.0,
        selftext="[removed]",
        author="[deleted]",
        removed_by_category="moderator",
    )
    return {
        "/reddit-auth/api/v1/access_token": [
            {
                "json": {
                    "access_token": "rtok",
                    "token_type": "bearer",
                    "expires_in": 86400,
                    "scope": "*",
                }
            }
        ],
        "/reddit/search": [
            {"match": {"after": "t3_b"}, "json": listing([t3("a", 1795770000.0)])},
            {
                "once": True,
                "json": listing(
                    [alive, t3("c", 1795770020.0), t3("b", 1795770010.0)], after="t3_b"
                ),
            },
            {"json": listing([gone, t3("c", 1795770020.0), t3("b", 1795770010.0)], after="t3_b")},
        ],
        "/reddit/r/outages/new": [{"json": listing([t3("n", 1795770030.0)])}],
        "/reddit/r/outages/comments": [
            {
                "json": listing(
                    [
                        {
                            "kind": "t1",
                            "data": {
                                "name": "t1_k",
                                "body": "same, **down** in Leeds",
                                "author": "leeds_user",
                                "created_utc": 1795770040.0,
                                "permalink": "/r/outages/comments/n/x/k/",
                                "link_id": "t3_n",
                            },
                        }
                    ]
                )
            }
        ],
    }


def x_routes() -> dict:
    includes = {
        "users": [{"id": "u1", "username": "ana", "location": "Madrid, España"}],
        "places": [
            {
                "id": "p1",
                "full_name": "Madrid",
                "country_code": "ES",
                "geo": {"bbox": [-3.8, 40.3, -3.6, 40.5]},
            }
        ],
        "tweets": [{"id": X_IDS[0], "text": "Netflix down for everyone?", "author_id": "u1"}],
    }
    # a post over 280 characters: `text` is cut, the whole of it is in `note_tweet` (asked for)
    long = "netflix down again, " + "still buffering on every show " * 10 + "since 9pm"
    page1 = {
        "data": [
            {
                "id": X_IDS[2],
                "text": "RT @ana: Netflix down for…",
                "created_at": X_TIMES[2],
                "author_id": "u1",
                "lang": "es",
                "referenced_tweets": [{"type": "retweeted", "id": X_IDS[0]}],
            },
            {
                "id": X_IDS[1],
                "text": long[:279] + "…",
                "note_tweet": {"text": long, "entities": {}},
                "created_at": X_TIMES[1],
                "author_id": "u1",
                "lang": "en",
                "geo": {"place_id": "p1"},
            },
        ],
        "includes": includes,
        "meta": {
            "newest_id": X_IDS[2],
            "oldest_id": X_IDS[1],
            "result_count": 2,
            "next_token": "p2",
        },
    }
    page2 = {
        "data": [
            {
                "id": X_IDS[0],
                "text": "Netflix down for everyone?",
                "created_at": X_TIMES[0],
                "author_id": "u1",
            }
        ],
        "includes": includes,
        "meta": {"result_count": 1},
        # a partial error, as X adds for a referenced tweet since deleted: not a failure
        "errors": [
            {
                "value": "1861000000000000000",
                "detail": "Could not find tweet with referenced_tweets.id: [1861000000000000000].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "referenced_tweets.id",
                "resource_id": "1861000000000000000",
                "type": "https://api.twitter.com/2/problems/resource-not-found",
            }
        ],
    }
    return {
        "/x/2/tweets/search/recent": [
            {"match": {"since_id": X_IDS[2]}, "json": {"meta": {"result_count": 0}}},
            {"match": {"pagination_token": "p2"}, "json": page2},
            {"json": page1},
        ]
    }


def postview(n: int, text: str | None = "discord down?") -> dict:
    record = {
        "$type": "app.bsky.feed.post",
        "createdAt": f"2026-11-27T10:0{n}:00.000Z",
        "langs": ["en"],
    }
    if text is not None:
        record["text"] = f"{text} {n}"
    return {
        "uri": f"at://did:plc:a{n}/app.bsky.feed.post/3k{n}",
        "cid": f"bafy{n}",
        "author": {"did": f"did:plc:a{n}", "handle": f"a{n}.bsky.social"},
        "record": record,
        "indexedAt": record["createdAt"],
        "likeCount": 0,
    }


def bluesky_routes() -> dict:
    return {
        "/bsky/xrpc/com.atproto.server.createSession": [
            {
                "json": {
                    "accessJwt": "jwt-a",
                    "refreshJwt": "jwt-r",
                    "handle": "me.bsky.social",
                    "did": "did:plc:me",
                }
            }
        ],
        # the second run reuses the session (getSession) and asks from the newest sortAt
        # (10:02) less the 10-minute re-read
        "/bsky/xrpc/com.atproto.server.getSession": [
            {"json": {"handle": "me.bsky.social", "did": "did:plc:me", "active": True}}
        ],
        "/bsky/xrpc/app.bsky.feed.searchPosts": [
            {"match": {"since": "2026-11-27T09:52:00.000000Z"}, "json": {"posts": []}},
            {"match": {"cursor": "25"}, "json": {"posts": [postview(0, text=None)]}},
            {"json": {"posts": [postview(2), postview(1)], "cursor": "25", "hitsTotal": 3}},
        ],
    }


def test_reddit_x_bluesky(serve_site, local_settings, sql, monkeypatch, caplog):
    for k, v in SECRETS.items():
        monkeypatch.setenv(k, v)
    base = serve_site({**reddit_routes(), **x_routes(), **bluesky_routes()})
    settings = local_settings(
        reddit={
            "auth_url": f"{base}/reddit-auth",
            "base_url": f"{base}/reddit",
            "queries": ["spotify down"],
            "subreddits": ["outages"],
            "user_agent": "test:outagewatch:0.1 (by /u/tester)",
        },
        x={"base_url": f"{base}/x", "queries": ['("netflix down")']},
        bluesky={"base_url": f"{base}/bsky", "queries": ["discord down"]},
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    first = run_crawl(settings)
    assert first["reddit"]["posts_new"] == 6  # del, c, b, a, n and the comment k
    assert first["x"]["posts_new"] == 3 and first["x"]["errors"] == 0
    assert first["bluesky"]["posts_new"] == 2 and first["bluesky"]["errors"] == 1
    db = settings.db_path
    rt = sql(
        db, "SELECT text, is_repost, lang_hint FROM posts WHERE post_key = ?", [f"x:{X_IDS[2]}"]
    )[0]
    assert rt == ("Netflix down for everyone?", True, "es")
    geo = sql(
        db,
        "SELECT geo_lat, geo_lon, author_location FROM posts WHERE post_key = ?",
        [f"x:{X_IDS[1]}"],
    )[0]
    assert abs(geo[0] - 40.4) < 1e-9 and abs(geo[1] + 3.7) < 1e-9 and geo[2] == "Madrid, España"
    long = sql(db, "SELECT text FROM posts WHERE post_key = ?", [f"x:{X_IDS[1]}"])[0][0]
    assert len(long) > 280 and long.endswith("since 9pm")  # note_tweet's, not the cut `text`
    sky = sql(
        db,
        "SELECT url, lang_hint FROM posts WHERE post_key = ?",
        [f"bluesky:{opaque_id('at://did:plc:a2/app.bsky.feed.post/3k2')}"],
    )
    assert sky == [(None, "en")]  # bsky.app links name the DID: none while authors are hashed

    second = run_crawl(settings)
    # Reddit re-reads the 10 minutes before each listing's newest post (c, b, a, n, k; the
    # deleted one is marked, not stored): the warehouse keeps the first copies
    assert {s: (v["posts_new"], v["posts_dup"]) for s, v in second.items()} == {
        "reddit": (0, 5),
        "x": (0, 0),
        "bluesky": (0, 0),
    }
    assert sql(db, "SELECT count(*) FROM posts")[0][0] == 6 + 3 + 2
    served = json.load(urllib.request.urlopen(f"{base}/_requests"))
    assert sum(r["path"].endswith("createSession") for r in served) == 1  # the session is kept
    deleted = sql(
        db,
        "SELECT text, author_hash, deleted_at IS NOT NULL FROM posts WHERE post_key = 'reddit:t3_del'",
    )
    assert deleted == [(None, None, True)]

    log = json.load(urllib.request.urlopen(f"{base}/_requests"))
    auth = {r["path"].split("?")[0]: r["headers"].get("Authorization", "") for r in log}
    asked = [r["path"] for r in log if r["path"].startswith("/x/")]
    assert asked and all("note_tweet" in urllib.parse.unquote(p) for p in asked)
    assert (
        auth["/reddit/search"] == "bearer rtok"
        and auth["/x/2/tweets/search/recent"] == "Bearer xtoken-456"
    )
    assert auth["/bsky/xrpc/app.bsky.feed.searchPosts"] == "Bearer jwt-a"
    assert any(
        r["headers"].get("User-Agent", "").startswith("test:outagewatch")
        for r in log
        if r["path"].startswith("/reddit")
    )
    for secret in SECRETS.values():
        if secret not in ("rid", "me.bsky.social"):
            assert secret not in caplog.text


def test_credentialed_sources_are_skipped_without_credentials(local_settings, monkeypatch):
    for k in SECRETS:
        monkeypatch.delenv(k, raising=False)
    settings = local_settings(reddit={}, x={}, bluesky={})
    seen: dict[str, dict] = {}
    assert run_crawl(settings, progress=lambda s, i: seen.setdefault(s, i)) == {}
    assert set(seen) == {"reddit", "x", "bluesky"}
    assert "REDDIT_CLIENT_ID" in seen["reddit"]["skipped"]
