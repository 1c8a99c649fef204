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


def instance(local: str, remote: str) -> dict:
    """A Mastodon 4.5 /api/v2/instance answer, cut to the hashtag feed settings."""
    feeds = {"local": local, "remote": remote}
    return {"json": {"domain": "social.example", "version": "4.5.0", "configuration": {
        "timelines_access": {"live_feeds": feeds, "hashtag_feeds": feeds,
                             "trending_link_feeds": feeds}}}}  # fmt: skip


REFUSED = {"status": 401, "json": {"error": "This method requires an authenticated user"}}


def test_hashtag_feeds_a_4_5_instance_keeps_from_anonymous_clients_are_said(
    serve_site, local_settings, caplog, monkeypatch
):
    """Mastodon 4.5's local_topic_feed_access / remote_topic_feed_access: a feed kept for
    logged-in users is not requested (it would be refused), one line says so per instance;
    when only one side is, the other is read alone (local=true)."""
    tag = "/api/v1/timelines/tag/spotifydown"
    base = serve_site(
        {
            "/open/api/v2/instance": [instance("public", "public")],
            f"/open{tag}": [{"json": [status(1)]}],
            "/login/api/v2/instance": [instance("authenticated", "authenticated")],
            f"/login{tag}": [REFUSED],
            "/localonly/api/v2/instance": [instance("public", "authenticated")],
            f"/localonly{tag}": [{"match": {"local": "true"}, "json": [status(2)]}, REFUSED],
            f"/old{tag}": [{"json": [status(3)]}],  # before 4.5: no settings (404), as before
        }
    )
    monkeypatch.delenv(token_env(base), raising=False)
    names = ("open", "login", "localonly", "old")
    settings = local_settings(
        mastodon={"instances": [f"{base}/{n}" for n in names], "modes": ["tags"],
                  "tags": ["spotifydown"]}
    )  # fmt: skip
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["posts_new"] == 3 and stats["errors"] == 0, caplog.text
    host = base.split("://")[1]
    lines = [r.getMessage() for r in caplog.records if "hashtag timelines on" in r.getMessage()]
    assert sorted(lines) == sorted(  # one line per instance that keeps them from this run
        [
            f"mastodon: hashtag timelines on {host}/login: no hashtag timeline is read; the "
            "instance restricts them (local_topic_feed_access=authenticated, "
            "remote_topic_feed_access=authenticated; Mastodon 4.5's 'Access to hashtag and link "
            "feeds' settings, in its /api/v2/instance): set MASTODON_TOKEN_127_0_0_1 to a user's "
            "access token with read:statuses, or pick another instance",
            f"mastodon: hashtag timelines on {host}/localonly: only its local posts are read, not "
            "its remote ones; the instance restricts them (local_topic_feed_access=public, "
            "remote_topic_feed_access=authenticated; Mastodon 4.5's 'Access to hashtag and link "
            "feeds' settings, in its /api/v2/instance): set MASTODON_TOKEN_127_0_0_1 to a user's "
            "access token with read:statuses, or pick another instance",
        ]
    )
    log = [r["path"] for r in _requests(base)]
    assert not any(p.startswith(f"/login{tag}") for p in log)
    assert [p for p in log if p.startswith(f"/localonly{tag}")] == [
        f"/localonly{tag}?local=true&limit=40"
    ]


def test_hashtag_feeds_a_token_reads_empty_on_a_4_5_instance_are_said(
    serve_site, local_settings, caplog, monkeypatch
):
    """With a token, Mastodon answers a disabled hashtag feed with 200 and no statuses (but
    the posts to a staff account's token, a role with view_feeds): the crawl had looked like
    a quiet hashtag. Now one line per instance says why it may read empty, and what to do;
    the feeds are still asked for, as the token may be staff's (helper-114)."""
    tag = "/api/v1/timelines/tag/spotifydown"
    base = serve_site(
        {
            "/off/api/v2/instance": [instance("disabled", "disabled")],
            f"/off{tag}": [{"json": []}],  # what a token of no staff gets: nothing, silently
            "/half/api/v2/instance": [instance("authenticated", "disabled")],
            f"/half{tag}": [{"json": [status(4)]}],
        }
    )
    monkeypatch.setenv(token_env(base), "user-token")
    settings = local_settings(
        mastodon={"instances": [f"{base}/off", f"{base}/half"], "modes": ["tags"],
                  "tags": ["spotifydown"]}
    )  # fmt: skip
    caplog.set_level(logging.INFO, logger="crawlers")
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["posts_new"] == 1 and stats["errors"] == 0, caplog.text
    host = base.split("://")[1]
    lines = [r.getMessage() for r in caplog.records if "hashtag timelines on" in r.getMessage()]
    assert sorted(lines) == [
        f"mastodon: hashtag timelines on {host}/{name}: the instance disabled them "
        f"(local_topic_feed_access={local}, remote_topic_feed_access=disabled; Mastodon 4.5's "
        "'Access to hashtag and link feeds' settings, in its /api/v2/instance): the token in "
        f"{token_env(base)} reads them only if its account is the instance's staff, and reads "
        "them empty otherwise: pick another instance"
        for name, local in (("half", "authenticated"), ("off", "disabled"))
    ]
    log = _requests(base)
    (off,) = [r for r in log if r["path"].startswith(f"/off{tag}")]
    (half,) = [r for r in log if r["path"].startswith(f"/half{tag}")]
    assert half["path"] == f"/half{tag}?limit=40" and half["headers"]["Authorization"]
    assert off["headers"]["Authorization"]


def test_a_failing_settings_probe_is_not_retried(serve_site, local_settings, caplog, monkeypatch):
    """helper-114: a 503 on /api/v2/instance went through the retries' back-off (about 14 s
    each run) before the timelines were read as before; it is asked once."""
    tag = "/api/v1/timelines/tag/spotifydown"
    base = serve_site(
        {
            "/api/v2/instance": [{"status": 503, "body": "busy"}],
            tag: [{"json": [status(5)]}],
        }
    )
    monkeypatch.delenv(token_env(base), raising=False)
    settings = local_settings(mastodon={"instances": [base], "modes": ["tags"],
                                        "tags": ["spotifydown"]})  # fmt: skip
    stats = run_crawl(settings, sources=["mastodon"])["mastodon"]
    assert stats["posts_new"] == 1, caplog.text
    probes = [r for r in _requests(base) if r["path"] == "/api/v2/instance"]
    assert len(probes) == 1


def test_a_refused_hashtag_timeline_names_the_4_5_setting(
    serve_site, local_settings, caplog, monkeypatch
):
    """An instance whose settings cannot be read (no /api/v2/instance) that refuses a tag
    timeline, as Mastodon's require_user! does (422): the skipped line says why and what to do."""
    base = serve_site(
        {"/api/v1/timelines/tag/spotifydown": [
            {"status": 422, "json": {"error": "This method requires an authenticated user"}}]}
    )  # fmt: skip
    monkeypatch.delenv(token_env(base), raising=False)
    settings = local_settings(
        mastodon={"instances": [base], "modes": ["tags"], "tags": ["spotifydown"]}
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    assert run_crawl(settings, sources=["mastodon"])["mastodon"]["errors"] == 1
    assert (
        "HTTP 422 (this instance serves hashtag timelines only to logged-in users (Mastodon "
        "4.5's 'Access to hashtag and link feeds' settings, or public preview disabled before "
        "4.5): set MASTODON_TOKEN_127_0_0_1 to a user's access token with read:statuses, or "
        "pick another instance)"
    ) in caplog.text
