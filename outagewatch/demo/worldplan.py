"""The injected events of the demo world: which outages, where, when, how loud.

Each outage is placed at a fraction of the window, then moved to a local hour in one of its
countries (some at night, some in the day); the last one is still going on at the end.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from outagewatch.demo.worlddata import COUNTRIES

# The injected events. frac: where in the window; ref: (country, local hour) it starts at.
PLAN: tuple[dict, ...] = (
    dict(
        shape="short_sharp",
        services=["whatsapp"],
        countries=["US", "GB", "DE", "FR", "ES", "BR", "IN", "MX"],
        symptom="messages_notifications",
        text_pools=["messages_notifications"],
        minutes=20,
        volume=110,
        frac=0.18,
        ref=("GB", 19),
        official=[12],
    ),
    dict(
        shape="long_slow",
        services=["spotify"],
        countries=["US", "GB", "DE", "FR"],
        symptom="playback_streaming",
        text_pools=["playback_streaming"],
        minutes=360,
        volume=240,
        frac=0.30,
        ref=("US", 10),
        official=[150],
    ),
    dict(
        shape="one_country",
        services=["orange-fr"],
        countries=["FR"],
        symptom="connectivity",
        text_pools=["connectivity"],
        minutes=120,
        volume=120,
        frac=0.42,
        ref=("FR", 21),
        official=[None],
    ),
    dict(
        shape="one_country",
        services=["nubank"],
        countries=["BR"],
        symptom="login",
        text_pools=["login", "payments_outage", "app_crash"],
        minutes=90,
        volume=70,
        frac=0.52,
        ref=("BR", 1),
        official=[40],
    ),
    dict(
        shape="several_countries",
        services=["instagram"],
        countries=["ES", "MX", "BR"],
        symptom="upload_posting",
        text_pools=["upload_posting"],
        minutes=100,
        volume=160,
        frac=0.62,
        ref=("ES", 22),
        official=[30],
    ),
    dict(
        shape="shared_upstream",
        services=["slack", "disney-plus"],
        countries=["US", "GB", "DE", "IN"],
        symptom="website_down",
        text_pools=["website_down", "login", "slow_performance"],
        minutes=70,
        volume=85,
        frac=0.72,
        ref=("US", 11),
        official=[15, 22],
        upstream="aws",
    ),
    dict(
        shape="two_problems",
        services=["netflix"],
        countries=["BR"],
        symptom="login",
        text_pools=["login"],
        minutes=80,
        volume=75,
        frac=0.84,
        ref=("JP", 21),
        official=[25],
        group="netflix-split",
    ),
    dict(
        shape="two_problems",
        services=["netflix"],
        countries=["JP"],
        symptom="playback_streaming",
        text_pools=["playback_streaming"],
        minutes=80,
        volume=75,
        frac=0.84,
        ref=("JP", 21),
        official=[None],
        group="netflix-split",
    ),
    dict(
        shape="ongoing",
        services=["deutsche-telekom"],
        countries=["DE"],
        symptom="connectivity",
        text_pools=["connectivity"],
        minutes=170,
        volume=300,
        frac=None,
        ref=None,
        official=[20],
    ),
)
LAUNCH_PLAN = dict(
    shape="launch",
    services=["chatgpt"],
    countries=list(COUNTRIES),
    symptom="",
    minutes=180,
    volume=330,
    frac=0.47,
    ref=("US", 10),
    feature="Studio Mode",
)


def _place(rng: random.Random, ev: dict, start: datetime, end: datetime) -> datetime:
    span = end - start
    target = start + span * ev["frac"]
    cc, hour = ev["ref"]
    local = (target.hour + target.minute / 60 + COUNTRIES[cc]["tz"]) % 24
    shift = ((hour - local + 12) % 24) - 12
    t = target + timedelta(hours=shift, minutes=rng.randint(-25, 25))
    lo = start + max(span * 0.12, timedelta(hours=3))
    hi = end - timedelta(minutes=ev["minutes"] + 60)
    t = max(lo, min(t, hi))
    return t.replace(second=0, microsecond=0)


def outage_plan(rng: random.Random, start: datetime, end: datetime) -> list[dict]:
    """The injected events (truth plus generation parameters), deterministic for rng."""
    events: list[dict] = []
    placed: dict[str, datetime] = {}
    for i, spec in enumerate((*PLAN, LAUNCH_PLAN)):
        ev = {k: v for k, v in spec.items() if k not in ("frac", "ref")}
        if spec["ref"] is None:  # still going on at the end of the window
            t = (end - timedelta(minutes=50 + rng.randint(0, 10))).replace(second=0, microsecond=0)
        else:
            key = spec.get("group", str(i))
            t = placed.setdefault(key, _place(rng, spec, start, end))
        ev["id"] = f"L{1}" if spec["shape"] == "launch" else f"T{i + 1}"
        ev["kind"] = "launch_chatter" if spec["shape"] == "launch" else "outage"
        ev["start"] = t
        ev["end"] = t + timedelta(minutes=spec["minutes"])
        ev["ongoing"] = ev["end"] > end
        ev.setdefault("upstream", None)
        events.append(ev)
    return events
