"""The demo world's Reddit: threads whose replies name no service, served as Reddit's OAuth
API serves them (token, search, a community's new posts and comments), on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlencode

from outagewatch.demo.reddit_api import DEMO_CLIENT, DEMO_TOKEN
from outagewatch.demo.worldreddit import SERVICE_SUBREDDITS, subreddits


def _call(url: str, data: dict | None = None, auth: str | None = None) -> tuple[int, dict]:
    body = urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Authorization": auth} if auth else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def _listing(base: str, path: str, **params: str) -> list[dict]:
    """Every child of a listing, page after page, as a crawler walks it."""
    children: list[dict] = []
    after = ""
    while True:
        query = urlencode(dict(params, limit="7", **({"after": after} if after else {})))
        status, doc = _call(f"{base}{path}?{query}", auth=f"bearer {DEMO_TOKEN}")
        assert status == 200 and doc["kind"] == "Listing"
        children += doc["data"]["children"]
        after = doc["data"]["after"]
        if not after:
            return children


def test_the_token_needs_the_demo_client(server) -> None:
    _, base = server
    url = f"{base}/api/v1/access_token"
    grant = {"grant_type": "client_credentials"}
    assert _call(url, grant)[0] == 401
    wrong = "Basic " + base64.b64encode(b"someone:else").decode()
    assert _call(url, grant, wrong)[0] == 401
    right = "Basic " + base64.b64encode(":".join(DEMO_CLIENT).encode()).decode()
    status, doc = _call(url, grant, right)
    assert status == 200 and doc["access_token"] == DEMO_TOKEN and doc["token_type"] == "bearer"
    assert _call(url, {"grant_type": "password"}, right)[1] == {"error": "unsupported_grant_type"}
    # a listing without the token is refused, as Reddit refuses it
    assert _call(f"{base}/r/spotify/new")[0] == 401


def test_a_community_lists_its_posts_and_comments_once_newest_first(server, small_world) -> None:
    _, base = server
    world = [p for p in small_world.posts if p["source"] == "reddit"]
    communities = sorted({p["subreddit"] for p in world})
    assert set(communities) <= set(subreddits())
    for sub in communities:
        posts = _listing(base, f"/r/{sub}/new")
        comments = _listing(base, f"/r/{sub}/comments")
        assert {c["kind"] for c in posts} <= {"t3"} and {c["kind"] for c in comments} <= {"t1"}
        expected = [p for p in world if p["subreddit"] == sub]
        assert len(posts) + len(comments) == len(expected), sub
        for listing in (posts, comments):
            names = [c["data"]["name"] for c in listing]
            times = [c["data"]["created_utc"] for c in listing]
            assert len(set(names)) == len(names) and times == sorted(times, reverse=True)
        titles = {c["data"]["name"]: c["data"]["title"] for c in posts}
        for c in comments:  # a comment carries its post's title, as /comments gives it
            assert c["data"]["link_title"] == titles[c["data"]["link_id"]]
            assert c["data"]["permalink"].startswith(f"/r/{sub}/comments/")


def test_search_finds_the_outage_threads(server, small_world) -> None:
    _, base = server
    hits = _listing(base, "/search", q="down", sort="new", type="link")
    assert hits and all(c["kind"] == "t3" for c in hits)
    words = [
        re.findall(r"\w+", f"{c['data']['title']} {c['data']['selftext']}".lower()) for c in hits
    ]
    assert all("down" in w for w in words)  # a whole word: not "Downdetector"


def test_an_unknown_community_is_reddits_404(server) -> None:
    _, base = server
    status, doc = _call(f"{base}/r/no_such_place/new", auth=f"bearer {DEMO_TOKEN}")
    assert (status, doc) == (404, {"message": "Not Found", "error": 404})


def test_outage_replies_name_no_service(small_world) -> None:
    """The point of Reddit in the demo: replies the thread stage has to read."""
    names = {s.casefold() for s in small_world.service_names.values()}
    replies = [
        p
        for p in small_world.posts
        if p["source"] == "reddit" and p["parent_id"] and p["truth_outage_id"]
    ]
    assert replies
    named = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)
    assert not [p["text"] for p in replies if named.search(p["text"])]
    assert {p["subreddit"] for p in replies} <= set(subreddits())


def test_each_service_community_names_its_service() -> None:
    from nlp.enrich.attribution import CatalogAttributor
    from outagewatch.catalog import load_catalog

    attributor = CatalogAttributor(load_catalog())
    named = {
        slug: attributor.community_slug(f"r/{sub}", "en")
        for slug, sub in SERVICE_SUBREDDITS.items()
    }
    assert named == {slug: slug for slug in SERVICE_SUBREDDITS}


def test_listings_carry_reddits_rate_limit_headers(server) -> None:
    """Used, Remaining and Reset count down per request, as Reddit's do (1,000 a window),
    so the crawler's reading of them (crawlers/middlewares.window_spent) meets its real form."""
    _, base = server
    heads = []
    for _ in range(2):
        req = urllib.request.Request(
            f"{base}/r/spotify/new?limit=1", headers={"Authorization": f"bearer {DEMO_TOKEN}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            heads.append(resp.headers)
    used = [int(h["X-Ratelimit-Used"]) for h in heads]
    left = [float(h["X-Ratelimit-Remaining"]) for h in heads]
    assert used[1] in (used[0] + 1, 1)  # one more, or a new window began
    assert all(u + r == 1000 for u, r in zip(used, left, strict=True))
    assert all(0 <= int(h["X-Ratelimit-Reset"]) <= 600 for h in heads)
