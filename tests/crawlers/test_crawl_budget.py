"""A run's request budget: busy terms every run, quiet terms in turn, nothing skipped for good."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, datetime, timedelta

from crawlers.budget import plan_terms
from crawlers.runner import run_crawl

NOW = datetime(2026, 11, 27, 12, 0)
KEYS = [f"t{i}" for i in range(10)]


def test_no_budget_or_few_terms_polls_everything() -> None:
    assert plan_terms(KEYS, {}, 3, None, NOW).keys == KEYS
    assert plan_terms(KEYS, {}, 3, 10, NOW).keys == KEYS


def test_quiet_terms_rotate_until_every_term_was_polled() -> None:
    offset, seen, runs = 0, [], 0
    while len(set(seen)) < len(KEYS):
        plan = plan_terms(KEYS, {}, offset, 4, NOW)
        assert len(plan.keys) == 4
        seen += plan.keys
        offset, runs = plan.next_offset, runs + 1
    assert runs == 3  # ceil(10 / 4)
    assert plan_terms(KEYS, {}, 8, 4, NOW).keys == ["t0", "t1", "t8", "t9"]  # wraps around


def test_hot_terms_go_every_run_and_quiet_ones_still_move() -> None:
    activity = {k: NOW - timedelta(minutes=5) for k in KEYS[:8]}
    activity["t9"] = NOW - timedelta(hours=3)  # too long ago to count
    plan = plan_terms(KEYS, activity, 8, 4, NOW, hot_minutes=60)
    # 3 of 4 slots for the busiest terms, at least one keeps the rotation going
    assert plan.hot == 3 and len(plan.keys) == 4
    assert "t8" in plan.keys and plan.next_offset == 9


def test_the_log_line_names_the_hot_window() -> None:
    """It said "in the last hour" whatever `hot_minutes` was."""
    activity = {"t1": NOW - timedelta(minutes=20)}
    said = {
        minutes: plan_terms(KEYS, activity, 0, 4, NOW, hot_minutes=minutes).describe("q")
        for minutes in (30, 60, 90, 180)
    }
    assert said[30].startswith("q: polling 4 of 10 terms (1 with posts in the last 30 minutes);")
    assert "(1 with posts in the last hour);" in said[60]
    assert "(1 with posts in the last 90 minutes);" in said[90]
    assert "(1 with posts in the last 3 hours);" in said[180]


def status(n: int, created: datetime) -> dict:
    return {
        "id": str(110000000000000000 + n),
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "uri": f"https://social.example/users/u{n}/statuses/{n}",
        "content": "<p>spotify is down again</p>",
        "language": "en",
        "reblog": None,
        "account": {"id": str(n), "acct": f"u{n}", "fields": []},
    }


def test_mastodon_run_polls_hot_tags_then_the_next_quiet_ones(serve_site, local_settings) -> None:
    tags = [f"tag{i}down" for i in range(10)]
    recent = datetime.now(UTC) - timedelta(minutes=5)
    routes = {f"/m/api/v1/timelines/tag/{t}": [{"json": []}] for t in tags}
    routes["/m/api/v1/timelines/tag/tag1down"] = [
        {"match": {"min_id": status(1, recent)["id"]}, "json": []},
        {"json": [status(1, recent)]},
    ]
    base = serve_site(routes)
    settings = local_settings(
        mastodon={
            "instances": [f"{base}/m"],
            "modes": ["tags"],
            "tags": tags,
            "terms_per_run": 4,
        }
    )

    def polled() -> list[str]:
        with urllib.request.urlopen(f"{base}/_requests") as fh:
            paths = [r["path"] for r in json.load(fh)]
        return [p.split("/tag/")[1].split("?")[0] for p in paths if "/tag/" in p]

    runs = []
    for _ in range(3):
        before = len(polled())
        run_crawl(settings, sources=["mastodon"])
        runs.append(sorted(set(polled()[before:])))
    assert runs[0] == ["tag0down", "tag1down", "tag2down", "tag3down"]
    # tag1down brought a post minutes ago: polled every run; the others rotate on
    assert runs[1] == ["tag1down", "tag4down", "tag5down", "tag6down"]
    assert runs[2] == ["tag1down", "tag7down", "tag8down", "tag9down"]


def test_reddit_searches_rotate_within_the_budget(serve_site, local_settings, monkeypatch) -> None:
    monkeypatch.setenv("REDDIT_CLIENT_ID", "rid")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "rsecret")
    empty = {"kind": "Listing", "data": {"children": [], "after": None}}
    base = serve_site(
        {
            "/auth/api/v1/access_token": [{"json": {"access_token": "t", "expires_in": 86400}}],
            "/api/search": [{"json": empty}],
        }
    )
    queries = ["alpha down", "beta down", "gamma down"]
    settings = local_settings(
        reddit={
            "auth_url": f"{base}/auth",
            "base_url": f"{base}/api",
            "queries": queries,
            "subreddits": [],
            "terms_per_run": 2,
        }
    )

    def searched() -> list[str]:
        with urllib.request.urlopen(f"{base}/_requests") as fh:
            paths = [r["path"] for r in json.load(fh) if r["path"].startswith("/api/search")]
        return [p.split("q=")[1].split("&")[0].replace("+", " ") for p in paths]

    run_crawl(settings, sources=["reddit"])
    first = searched()
    run_crawl(settings, sources=["reddit"])
    second = searched()[len(first) :]
    assert sorted(first) == ["alpha down", "beta down"]
    assert sorted(second) == ["alpha down", "gamma down"]  # wraps round to the start
