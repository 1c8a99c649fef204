"""Mastodon end to end against scripted local instances: paging, cursors, bad instances.
Status search with a token, and rate limits, are in test_mastodon_search.py."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from crawlers.normalise import opaque_id
from crawlers.runner import run_crawl
from crawlers.spiders.mastodon import token_env


def status(n: int, content: str = "", **extra) -> dict:
    """A Mastodon v4 Status as the API returns it."""
    doc = {
        "id": str(110000000000000000 + n),
        "created_at": f"2026-11-27T10:{n:02d}:00.000Z",
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://social.example/users/u{n}/statuses/{110000000000000000 + n}",
        "url": f"https://social.example/@u{n}/{110000000000000000 + n}",
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
        "content": content
        or f'<p>spotify is down again {n} <a href="https://social.example/tags/spotifydown" '
        f'class="mention hashtag" rel="tag">#<span>spotifydown</span></a></p>',
        "reblog": None,
        "account": {
            "id": str(n),
            "username": f"u{n}",
            "acct": f"u{n}",
            "display_name": f"U {n}",
            "fields": [],
            "url": f"https://social.example/@u{n}",
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": "spotifydown"}],
    }
    doc.update(extra)
    return doc


def test_tags_paging_and_cursor_search_skipped_without_token(
    serve_site, local_settings, sql, caplog, monkeypatch
):
    s = {n: status(n) for n in range(1, 7)}
    s[4]["account"]["fields"] = [{"name": "Location", "value": "<p>Lisbon, Portugal</p>"}]
    s[3] = status(
        3,
        reblog=status(
            30,
            content="<p>Is <b>Spotify</b> down? "
            '<a href="https://downdetector.example/spotify">dd</a></p>',
        ),
    )
    broken = status(0)
    del broken["created_at"]
    id_ = {n: v["id"] for n, v in s.items()}
    tag = "/ok/api/v1/timelines/tag/spotifydown"
    base = serve_site(
        {
            tag: [
                {"match": {"min_id": id_[4]}, "json": [s[5]]},
                {"match": {"max_id": id_[3]}, "json": [s[2], broken]},
                {"match": {"max_id": broken["id"]}, "json": []},
                {"json": [s[4], s[3]]},
            ],
            # what a real instance answers an anonymous status search: never any statuses
            "/ok/api/v2/search": [{"json": {"accounts": [], "statuses": [], "hashtags": []}}],
        }
    )
    monkeypatch.delenv(token_env(base), raising=False)
    settings = local_settings(
        mastodon={
            "instances": [f"{base}/ok"],
            "modes": ["tags", "search"],
            "tags": ["spotifydown"],
            "queries": ["spotify down"],
            "page_limit": 2,
            "max_pages": 5,
        }
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    first = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert first["posts_new"] == 3  # 4, 3 (a reblog) and 2; the one without created_at is skipped
    assert first["errors"] == 1
    # no token: search is skipped with one warning naming the variable, and costs nothing
    assert caplog.text.count("status search skipped") == 1
    assert "MASTODON_TOKEN_127_0_0_1" in caplog.text and "read:search" in caplog.text
    assert "polling all 1 terms" in caplog.text
    assert "missing or bad field 'created_at'" in caplog.text and f"{base}/ok" in caplog.text
    db = settings.db_path
    rows = {
        r[0]: r[1:]
        for r in sql(
            db, "SELECT native_id, text, is_repost, author_location, query, lang_hint FROM posts"
        )
    }
    reblog = rows[opaque_id(s[3]["uri"])]
    assert reblog[0] == "Is Spotify down? dd (https://downdetector.example/spotify)"
    assert reblog[1] is True
    assert rows[opaque_id(s[4]["uri"])][2] == "Lisbon, Portugal"
    assert rows[opaque_id(s[4]["uri"])][3] == "#spotifydown"
    assert rows[opaque_id(s[2]["uri"])][4] == "en"
    key = f"{base.split('://')[1]}/ok|#spotifydown"
    assert sql(db, "SELECT cursor FROM crawl_cursors WHERE key = ?", [key])[0][0] == id_[4]

    second = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert second["posts_new"] == 1  # only status 5, found through min_id=<cursor>
    assert sql(db, "SELECT cursor FROM crawl_cursors WHERE key = ?", [key])[0][0] == id_[5]
    assert sql(db, "SELECT count(*) FROM posts")[0][0] == 4
    log = [r["path"] for r in _requests(base)]
    assert any(f"min_id={id_[4]}" in p for p in log)
    assert not any("/api/v2/search" in p for p in log)


def test_unusable_instances_are_logged_not_fatal(serve_site, local_settings, caplog):
    reset = datetime.now(UTC) + timedelta(hours=1)
    base = serve_site(
        {
            "/locked/api/v1/timelines/public": [
                {"status": 401, "json": {"error": "This method requires an authenticated user"}}
            ],
            "/empty/api/v1/timelines/public": [{"json": []}],
            "/html/api/v1/timelines/public": [
                {
                    "headers": {"Content-Type": "text/html"},
                    "text": "<html><h1>502 Bad Gateway</h1></html>",
                }
            ],
            "/huge/api/v1/timelines/public": [{"size": 50 * 1024 * 1024}],
            # Mastodon's rack-attack answer: no Retry-After, the reset as an ISO 8601 time
            "/limited/api/v1/timelines/public": [
                {
                    "status": 429,
                    "headers": {
                        "X-RateLimit-Limit": "300",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    },
                    "json": {"error": "Too many requests"},
                }
            ],
            "/ok/api/v1/timelines/public": [{"json": [status(1)]}],
        }
    )
    instances = [f"{base}/{name}" for name in ("locked", "empty", "html", "huge", "limited", "ok")]
    settings = local_settings(mastodon={"instances": instances, "modes": ["public"]})
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["posts_new"] == 1
    assert stats["errors"] == 4  # locked, html, huge, limited; an empty timeline is not an error
    text = caplog.text
    assert f"mastodon: skipped {base}/locked/api/v1/timelines/public" in text
    assert "public preview disabled" in text
    assert "an HTML page where JSON was expected" in text
    assert f"{base}/huge/api/v1/timelines/public" in text
    # not retried for an hour: one line says when the limit resets
    limited = f"{base}/limited/api/v1/timelines/public?local=false&limit=40"
    assert f"HTTP 429 from {limited}: rate limited until " in text
    assert f"{reset:%Y-%m-%d %H:%M}" in text and "not retried this run" in text
    log = [r["path"] for r in _requests(base)]
    assert sum(p.startswith("/limited/") for p in log) == 1
    assert f"{base}/empty/api/v1/timelines/public" in text and "returned no statuses" in text


def _requests(base: str) -> list[dict]:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{base}/_requests") as fh:
        return json.load(fh)
