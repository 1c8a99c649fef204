"""The replay server speaks the real APIs' shapes and paging, on 127.0.0.1 only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from outagewatch.demo.apis import REPLAY_TOKEN
from outagewatch.demo.replay_server import Fault, parse_fault, save_dataset, serve
from outagewatch.demo.shapes import render_html

STATUSPAGE_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "statuspage_incidents"
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
# Mastodon's Status and Account entities (docs.joinmastodon.org/entities/), public fields.
STATUS_FIELDS = {
    "id",
    "uri",
    "created_at",
    "account",
    "content",
    "visibility",
    "sensitive",
    "spoiler_text",
    "media_attachments",
    "mentions",
    "tags",
    "emojis",
    "reblogs_count",
    "favourites_count",
    "replies_count",
    "url",
    "in_reply_to_id",
    "in_reply_to_account_id",
    "reblog",
    "poll",
    "card",
    "language",
    "edited_at",
}
ACCOUNT_FIELDS = {
    "id",
    "username",
    "acct",
    "url",
    "display_name",
    "note",
    "avatar",
    "avatar_static",
    "header",
    "header_static",
    "locked",
    "fields",
    "emojis",
    "bot",
    "group",
    "discoverable",
    "created_at",
    "last_status_at",
    "statuses_count",
    "followers_count",
    "following_count",
}
HN_FIELDS = {
    "objectID",
    "created_at",
    "created_at_i",
    "author",
    "title",
    "url",
    "story_text",
    "comment_text",
    "story_id",
    "parent_id",
    "_tags",
    "points",
    "num_comments",
}


def get(url: str, token: str | None = None) -> tuple[int, dict, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            body = r.read()
            return (
                r.status,
                dict(r.headers),
                json.loads(body) if body[:1] in b"[{" else body.decode(),
            )
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read())


def test_bound_to_loopback_only(server):
    srv, url = server
    assert srv.server_address[0] == "127.0.0.1" and url.startswith("http://127.0.0.1:")


def test_instance_robots_and_unknown_paths(server):
    _, url = server
    status, _, doc = get(url + "/api/v1/instance")
    assert status == 200 and doc["version"].startswith("4.") and doc["uri"]
    status, _, text = get(url + "/robots.txt")
    assert status == 200 and "Allow: /" in text
    for path in ("/nope", "/status/not-a-service/api/v2/summary.json"):
        status, _, doc = get(url + path)
        assert (status, doc) == (404, {"error": "Record not found"})


def test_public_timeline_status_shape(server, small_world):
    _, url = server
    status, headers, page = get(url + "/api/v1/timelines/public?limit=100")
    assert status == 200 and len(page) == 40  # Mastodon caps limit at 40
    for st in page:
        assert set(st) >= STATUS_FIELDS and set(st["account"]) >= ACCOUNT_FIELDS
        assert isinstance(st["id"], str) and ISO_MS.match(st["created_at"])
        assert st["visibility"] == "public"
    ids = [int(s["id"]) for s in page]
    assert ids == sorted(ids, reverse=True)
    assert page[0]["id"] == str(
        max(p["id"] for p in small_world.posts if p["source"] == "mastodon")
    )
    assert 'rel="next"' in headers["Link"] and 'rel="prev"' in headers["Link"]
    originals = [s for s in page if s["reblog"] is None]
    assert all(s["content"].startswith("<p>") for s in originals)


def test_paging_walks_every_post_once(server, small_world):
    _, url = server
    seen: list[int] = []
    nxt = url + "/api/v1/timelines/public?limit=40"
    while nxt:
        _, headers, page = get(nxt)
        if not page:
            break
        seen += [int(s["id"]) for s in page]
        nxt = re.search(r'<([^>]+)>; rel="next"', headers["Link"]).group(1)
    expected = sorted(
        (p["id"] for p in small_world.posts if p["source"] == "mastodon"), reverse=True
    )
    assert seen == expected


def test_min_id_since_id_and_max_id(server, small_world):
    _, url = server
    ids = sorted(p["id"] for p in small_world.posts if p["source"] == "mastodon")
    pivot = ids[100]
    _, _, page = get(f"{url}/api/v1/timelines/public?limit=5&min_id={pivot}")
    assert [int(s["id"]) for s in page] == ids[101:106][::-1]  # the page right after min_id
    _, _, page = get(f"{url}/api/v1/timelines/public?limit=5&since_id={pivot}")
    assert [int(s["id"]) for s in page] == ids[-5:][::-1]  # the newest ones
    _, _, page = get(f"{url}/api/v1/timelines/public?limit=5&max_id={pivot}")
    assert [int(s["id"]) for s in page] == ids[95:100][::-1]
    status, _, doc = get(f"{url}/api/v1/timelines/public?max_id=abc")
    assert status == 422 and "max_id" in doc["error"]


def test_local_and_remote_filters(server):
    _, url = server
    _, _, local = get(url + "/api/v1/timelines/public?local=true&limit=40")
    _, _, remote = get(url + "/api/v1/timelines/public?remote=true&limit=40")
    assert local and all("@" not in s["account"]["acct"] for s in local)
    assert remote and all("@" in s["account"]["acct"] for s in remote)


def test_reblogs_nest_the_original(server, small_world):
    _, url = server
    reblog = max((p for p in small_world.posts if p["reblog_of"]), key=lambda p: p["id"])
    _, _, page = get(f"{url}/api/v1/timelines/public?limit=1&max_id={reblog['id'] + 1}")
    st = page[0]
    assert st["id"] == str(reblog["id"]) and st["content"] == ""
    assert st["reblog"]["id"] == str(reblog["reblog_of"]) and st["reblog"]["content"].startswith(
        "<p>"
    )
    assert set(st["reblog"]) >= STATUS_FIELDS


def test_location_field_and_html_rendering(server):
    _, url = server
    _, _, page = get(url + "/api/v1/timelines/public?limit=40")
    located = [s for s in page if s["account"]["fields"]]
    assert located and all(f["name"] == "Location" for s in located for f in s["account"]["fields"])
    html = render_html("@Spotify is down #SpotifyDown https://example.com/a?b=1 <3")
    assert (
        '<a href="https://social.example/tags/spotifydown" class="mention hashtag" rel="tag">'
        in html
    )
    assert 'class="u-url mention">@<span>Spotify</span>' in html
    assert '<span class="invisible">https://</span><span class="">example.com/a?b=1</span>' in html
    assert "&lt;3" in html and html.startswith("<p>") and html.endswith("</p>")


def test_tag_timeline_and_search(server, small_world):
    _, url = server
    tag = next(t for p in small_world.posts for t in re.findall(r"#(\w+down)\b", p["text"]))
    _, _, page = get(f"{url}/api/v1/timelines/tag/{tag}?limit=40")
    assert page
    for st in page:
        names = {t["name"] for t in (st["reblog"] or st)["tags"]}
        assert tag.lower() in names
    search = url + "/api/v2/search?q=down&type=statuses&limit=10"
    assert get(search)[2]["statuses"] == []  # as on a real instance: none anonymously
    status, _, doc = get(search, REPLAY_TOKEN)
    assert status == 200 and set(doc) == {"accounts", "statuses", "hashtags"}
    assert doc["statuses"] and all(
        "down" in s["content"].lower() and s["reblog"] is None for s in doc["statuses"]
    )
    _, _, second = get(search + "&offset=10", REPLAY_TOKEN)
    assert {s["id"] for s in second["statuses"]}.isdisjoint({s["id"] for s in doc["statuses"]})


def test_unicode_hashtag_timeline(small_world):
    last = small_world.posts[-1]
    post = dict(last, id=last["id"] + 1, reblog_of=None, text="kein Netz #TelekomStörung")
    world = type(small_world)(**{**small_world.__dict__, "posts": [*small_world.posts, post]})
    srv, url = serve(world)
    try:
        _, _, page = get(f"{url}/api/v1/timelines/tag/{quote('telekomstörung')}?limit=5")
        assert [s["id"] for s in page] == [str(post["id"])]
        assert page[0]["tags"][0]["name"] == "telekomstörung"
    finally:
        srv.stop()


def test_hacker_news_algolia(server, small_world):
    _, url = server
    _, _, doc = get(url + "/api/v1/search_by_date?tags=(story,comment)&hitsPerPage=1000")
    hn = [p for p in small_world.posts if p["source"] == "hackernews"]
    assert doc["nbHits"] == len(hn) and {
        "hits",
        "page",
        "nbPages",
        "hitsPerPage",
        "query",
        "params",
    } <= set(doc)
    hits = doc["hits"]
    assert all(set(h) >= HN_FIELDS for h in hits)
    times = [h["created_at_i"] for h in hits]
    assert times == sorted(times, reverse=True)
    stories = {h["objectID"] for h in hits if "story" in h["_tags"]}
    assert all(str(h["story_id"]) in stories for h in hits if "comment" in h["_tags"])
    cut = times[len(times) // 2]
    _, _, newer = get(
        f"{url}/api/v1/search_by_date?tags=story&numericFilters=created_at_i>{cut}&hitsPerPage=5"
    )
    assert all(h["created_at_i"] > cut and h["title"] for h in newer["hits"])
    assert newer["nbPages"] == -(-newer["nbHits"] // 5)
    _, _, q = get(url + "/api/v1/search_by_date?query=down&tags=story")
    assert all("down" in h["title"].lower() for h in q["hits"])


@pytest.mark.skipif(not STATUSPAGE_DIR.is_dir(), reason="shared statuspage documents not available")
def test_statuspage_matches_a_real_document(server, small_world):
    _, url = server
    real = json.loads(next(iter(sorted(STATUSPAGE_DIR.glob("*.json")))).read_text())
    slug = next(s for s, incs in small_world.official_incidents.items() if incs)
    _, _, doc = get(f"{url}/status/{slug}/api/v2/incidents.json")
    assert set(doc) == {"page", "incidents"} and set(doc["page"]) == set(real["page"])
    inc = doc["incidents"][0]
    assert set(inc) == set(real["incident"])
    assert set(inc["incident_updates"][0]) == set(real["incident"]["incident_updates"][0])
    assert set(inc["components"][0]) == set(real["incident"]["components"][0])
    assert ISO_MS.match(inc["created_at"])
    _, _, summary = get(f"{url}/status/{slug}/api/v2/summary.json")
    assert {"page", "components", "incidents", "scheduled_maintenances", "status"} <= set(summary)
    assert summary["status"]["indicator"] in ("none", "minor", "major", "critical")
    _, _, unresolved = get(f"{url}/status/{slug}/api/v2/incidents/unresolved.json")
    assert all(i["status"] != "resolved" for i in unresolved["incidents"])
    _, _, st = get(f"{url}/status/{slug}/api/v2/status.json")
    assert set(st) == {"page", "status"}


def test_nothing_after_now_is_served(tmp_path, small_world):
    late = dict(
        small_world.posts[-1],
        id=small_world.posts[-1]["id"] + 10**9,
        created_at=small_world.end + timedelta(minutes=5),
        text="from the future",
    )
    world = type(small_world)(**{**small_world.__dict__, "posts": [*small_world.posts, late]})
    srv, url = serve(save_dataset(world, tmp_path / "w.json"))
    try:
        _, _, page = get(url + "/api/v1/timelines/public?limit=1")
        assert page[0]["id"] != str(late["id"])
    finally:
        srv.stop()


def test_faults_then_recovery(small_world):
    srv, url = serve(
        small_world,
        faults={"/api/v1/timelines": Fault("status", times=2, status=429, retry_after=3)},
    )
    try:
        for _ in range(2):
            status, headers, _ = get(url + "/api/v1/timelines/public")
            assert status == 429 and headers["Retry-After"] == "3"
        assert get(url + "/api/v1/timelines/public")[0] == 200
        srv.faults["/api/v1/search_by_date"] = Fault("malformed")
        srv.faults["/status/"] = Fault("non_utf8")
        assert get(url + "/api/v1/instance")[0] == 200  # other prefixes are untouched
        with (
            urllib.request.urlopen(url + "/api/v1/search_by_date") as r,
            pytest.raises(json.JSONDecodeError),
        ):
            json.loads(r.read())
        with (
            urllib.request.urlopen(url + "/status/spotify/api/v2/summary.json") as r,
            pytest.raises(UnicodeDecodeError),
        ):
            r.read().decode("utf-8")
        srv.faults["/api/v1/instance"] = Fault("status", times=1, status=500)
        assert get(url + "/api/v1/instance")[0] == 500
        assert "/api/v1/instance" in srv.requests
    finally:
        srv.stop()


def test_parse_fault():
    assert parse_fault("/api=status:3:429:2") == ("/api", Fault("status", 3, 429, 2))
    assert parse_fault("/x=slow:1:0.5")[1].delay == 0.5
    with pytest.raises(ValueError, match="kind"):
        parse_fault("/x=explode")
    with pytest.raises(ValueError, match="prefix"):
        parse_fault("nonsense")


def test_subprocess_prints_ready_and_serves(tmp_path, small_world):
    root = Path(__file__).resolve().parents[2]
    path = save_dataset(small_world, tmp_path / "w.json")
    proc = subprocess.Popen(
        [sys.executable, "-m", "outagewatch.demo.replay_server", "--dataset", str(path)],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(root)},
    )
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("READY http://127.0.0.1:")
        status, _, doc = get(line.split()[1] + "/api/v1/instance")
        assert status == 200 and doc["stats"]["status_count"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
