"""The simulated world: deterministic, and covering what the demo promises."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta

import pytest

from outagewatch.demo.simulate import load_dataset, save_dataset, simulate

END = datetime(2026, 3, 14, 18, 2, 31)

REQUIRED_SHAPES = {
    "short_sharp",
    "long_slow",
    "one_country",
    "several_countries",
    "shared_upstream",
    "two_problems",
}


def test_same_seed_same_world_other_seed_other_world():
    a = simulate(seed=3, days=2, end=END, scale=0.5)
    b = simulate(seed=3, days=2, end=END, scale=0.5)
    c = simulate(seed=4, days=2, end=END, scale=0.5)
    assert a.posts == b.posts
    assert a.official_incidents == b.official_incidents
    assert a.truth == b.truth
    assert [p["text"] for p in a.posts] != [p["text"] for p in c.posts]


def test_times_are_naive_utc_in_window_and_ids_grow_with_time(week):
    assert week.end == datetime(2026, 3, 14, 18, 0)
    assert week.start == week.end - timedelta(days=7)
    times = [p["created_at"] for p in week.posts]
    assert all(t.tzinfo is None and week.start <= t < week.end for t in times)
    ids = [p["id"] for p in week.posts]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert times == sorted(times)


def test_volume_is_in_range_and_proportional_to_days_and_scale(week):
    assert 15_000 <= len(week.posts) <= 25_000
    two = simulate(seed=7, days=2, end=END)
    half = simulate(seed=7, days=2, end=END, scale=0.5)
    assert 0.2 < len(two.posts) / len(week.posts) < 0.4
    assert 0.35 < len(half.posts) / len(two.posts) < 0.65


def test_coverage_of_services_countries_languages(week):
    services = {p["truth_service"] for p in week.posts if p["truth_service"]}
    assert len(services) >= 20
    cats = {"spotify", "netflix", "instagram", "whatsapp", "aws", "nubank", "steam", "orange-fr"}
    assert cats <= services
    countries = Counter(p["truth_country"] for p in week.posts)
    assert {"US", "GB", "DE", "FR", "ES", "BR", "JP", "IN", "MX"} <= set(countries)
    langs = Counter(p["lang"] for p in week.posts)
    assert {"en", "es", "fr", "de", "pt", "ja"} <= set(langs)
    assert langs[None] > 0  # some sources declare no language
    locations = {p["author_location"] for p in week.posts}
    assert None in locations and "São Paulo, Brasil" in locations
    assert len({p["author"] for p in week.posts}) > 1000


def test_background_has_ambiguity_noise_reposts_and_hn(week):
    texts = [p["text"] for p in week.posts]
    assert any("apple pie" in t for t in texts) and any("Amazon river" in t for t in texts)
    assert (
        any("#" in t for t in texts)
        and any("@" in t for t in texts)
        and any("https://" in t for t in texts)
    )
    assert any(ord(ch) > 0x1F000 for t in texts for ch in t)  # emoji
    by_id = {p["id"]: p for p in week.posts}
    reblogs = [p for p in week.posts if p["reblog_of"]]
    assert len(reblogs) > 200
    for r in reblogs:
        orig = by_id[r["reblog_of"]]
        assert orig["created_at"] <= r["created_at"] and orig["text"] == r["text"]
        assert orig["source"] == "mastodon"
    hn = [p for p in week.posts if p["source"] == "hackernews"]
    assert 0.01 < len(hn) / len(week.posts) < 0.05
    assert all(by_id[p["parent_id"]]["title"] for p in hn if p["parent_id"])


def test_injected_outages_have_the_promised_shapes(week):
    outages = [t for t in week.truth if t["kind"] == "outage"]
    assert len(outages) >= 6
    assert {t["shape"] for t in outages} >= REQUIRED_SHAPES
    shared = next(t for t in outages if t["shape"] == "shared_upstream")
    assert len(shared["services"]) == 2 and shared["upstream"]
    assert any(t["shape"] == "one_country" and len(t["countries"]) == 1 for t in outages)
    assert any(len(t["countries"]) >= 3 for t in outages)
    split = [t for t in outages if t["shape"] == "two_problems"]
    assert len(split) == 2 and split[0]["services"] == split[1]["services"]
    assert (
        split[0]["countries"] != split[1]["countries"]
        and split[0]["symptom"] != split[1]["symptom"]
    )
    assert split[0]["start"] == split[1]["start"]
    last = max(outages, key=lambda t: t["start"])
    assert last["ongoing"] and last["start"] < week.end < last["end"]
    assert last.kind == "outage" and last.services == last["services"]  # attribute access too
    others = [t for t in outages if t is not last]
    assert not any(t["ongoing"] for t in others)
    assert len({t["start"].date() for t in others}) >= 4  # spread over the week
    launch = [t for t in week.truth if t["kind"] == "launch_chatter"]
    assert len(launch) == 1


def _hourly(posts, slug, start, end):
    n = sum(1 for p in posts if p["truth_service"] == slug and start <= p["created_at"] < end)
    return n / max((end - start).total_seconds() / 3600, 1 / 60)


@pytest.mark.parametrize("shape", sorted(REQUIRED_SHAPES | {"ongoing"}))
def test_outage_rate_clearly_exceeds_normal(week, shape):
    for t in (t for t in week.truth if t["shape"] == shape):
        for slug in t["services"]:
            normal = _hourly(week.posts, slug, week.start, week.start + timedelta(days=1))
            during = _hourly(week.posts, slug, t["start"], min(t["end"], week.end))
            assert during > 3 * normal, (t["id"], slug, during, normal)


def test_launch_chatter_is_a_spike_of_non_complaints(week):
    launch = next(t for t in week.truth if t["kind"] == "launch_chatter")
    posts = [
        p
        for p in week.posts
        if p["truth_outage_id"] == launch["id"]
        and not p["reblog_of"]
        and not p["text"].startswith("RT @")
    ]
    assert len(posts) > 150
    assert all(launch["start"] <= p["created_at"] <= launch["end"] for p in posts)
    problem_words = ("down", "error", "can't", "not loading", "caído", "panne")
    assert sum(any(w in p["text"].lower() for w in problem_words) for p in posts) < 0.05 * len(
        posts
    )


def test_official_incidents_trail_the_crowd_or_never_come(week):
    first_post = {}
    for p in week.posts:
        if p["truth_outage_id"]:
            first_post.setdefault((p["truth_outage_id"], p["truth_service"]), p["created_at"])
    delays, never = [], 0
    for t in (t for t in week.truth if t["kind"] == "outage"):
        for slug in t["services"]:
            incs = [
                i
                for i in week.official_incidents[slug]
                if t["start"] <= datetime.fromisoformat(i["created_at"][:-1]) <= t["end"]
            ]
            if not incs:
                never += 1
                continue
            created = datetime.fromisoformat(incs[-1]["created_at"][:-1])
            delays.append((created - first_post[(t["id"], slug)]).total_seconds() / 60)
    assert never >= 1
    assert min(delays) > 0 and statistics.median(delays) >= 10
    ongoing = next(t for t in week.truth if t["ongoing"])
    unresolved = [
        i for i in week.official_incidents[ongoing["services"][0]] if i["status"] != "resolved"
    ]
    assert unresolved and unresolved[0]["resolved_at"] is None


def test_dataset_round_trip(tmp_path, small_world):
    path = save_dataset(small_world, tmp_path / "world.json")
    back = load_dataset(path)
    assert back.posts == small_world.posts and back.truth == small_world.truth
    assert back.end == small_world.end and back.official_incidents == small_world.official_incidents


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "not found", id="missing"),
        pytest.param(b"\xff{", "not valid JSON", id="non-utf8"),
        pytest.param(b'{"format": "other"}', "not an outagewatch demo dataset", id="wrong-format"),
        pytest.param(b'{"format": "outagewatch-demo-dataset/1"}', "bad field", id="no-fields"),
    ],
)
def test_load_dataset_errors_are_precise(tmp_path, content, message):
    path = tmp_path / "d.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        load_dataset(path)


@pytest.mark.parametrize(("kwargs", "message"), [({"days": 0}, "days"), ({"scale": 0}, "scale")])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(end=END, **kwargs)
