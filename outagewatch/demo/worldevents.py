"""Event posts of the simulated world: outage bursts, launch chatter, HN threads, reposts."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import numpy as np

from outagewatch.demo import texts
from outagewatch.demo.worlddata import COUNTRIES, SERVICES
from outagewatch.demo.worldposts import HN_SHARE, POSTS_PER_DAY, REPOST_SHARE, Writer, symptom_text


def _profile(shape: str, minute: float, duration: float) -> float:
    """Relative problem-post intensity at ``minute`` after the outage start."""
    x = minute / duration
    if minute < 0:
        return 0.0
    if shape == "long_slow":
        return min(x, 1.0) if x <= 1 else max(0.0, 1 - (x - 1) * 6)
    ramp = min(1.0, minute / 4)  # people notice within minutes
    if x <= 1:
        return ramp * (1.0 if shape == "short_sharp" else 0.7 + 0.3 * math.exp(-x * 2))
    return max(0.0, math.exp(-(minute - duration) / 6))  # a short tail after recovery


def burst(
    w: Writer, nrng: np.random.Generator, ev: dict, end: datetime, scale: float
) -> list[dict]:
    posts: list[dict] = []
    dur = (ev["end"] - ev["start"]).total_seconds() / 60
    minutes = int(dur + 30)
    for slug in ev["services"]:
        svc = next(s for s in SERVICES if s.slug == slug)
        weights = np.array([_profile(ev["shape"], m + 0.5, dur) for m in range(minutes)])
        lam = weights / weights.sum() * ev["volume"] * scale
        countries = ev["countries"]
        cw = [COUNTRIES[c]["share"] for c in countries] if len(countries) > 1 else [1.0]
        for m in range(minutes):
            t0 = ev["start"] + timedelta(minutes=m)
            if t0 >= end:
                break
            for _ in range(int(nrng.poisson(lam[m]))):
                country = w.rng.choices(countries, weights=cw)[0]
                lang = w.lang_for(country)
                r = w.rng.random()
                if r < 0.85:
                    tmpl = symptom_text(w, svc, ev["text_pools"], lang)
                elif r < 0.93:
                    cell = texts.COMPLAINTS.get(lang) or texts.COMPLAINTS["en"]
                    tmpl = w.rng.choice(
                        cell.get("website_down") or texts.COMPLAINTS["en"]["website_down"]
                    )
                else:
                    tmpl = w.rng.choice(texts.OUTAGE_ASIDES.get(lang) or texts.OUTAGE_ASIDES["en"])
                text = w.noise(w.fill(tmpl, svc, lang, country, place_p=0.3), lang, svc, True)
                t = t0 + timedelta(seconds=w.rng.uniform(0, 60))
                if t < end:
                    posts.append(w.post(t, country, text, lang, service=slug, outage=ev["id"]))
        if ev.get("upstream") and ev["upstream"] != slug and slug == ev["services"][0]:
            up = next(s for s in SERVICES if s.slug == ev["upstream"])
            names = [s.name for slug_ in ev["services"] for s in SERVICES if s.slug == slug_]
            for _ in range(max(2, int(ev["volume"] * scale * 0.12))):
                t = ev["start"] + timedelta(minutes=w.rng.uniform(5, dur))
                text = w.rng.choice(
                    [
                        f"{' and '.join(names)} both down, smells like {up.name} again",
                        f"is {up.name} having a bad day? half the internet is broken",
                        f"{up.name} us-east-1 strikes again",
                    ]
                )
                country = w.rng.choices(["US", "GB", "DE"], weights=[3, 1, 1])[0]
                if t < end:
                    posts.append(w.post(t, country, text, "en", service=up.slug))
    return posts


def launch(
    w: Writer, nrng: np.random.Generator, ev: dict, end: datetime, scale: float
) -> list[dict]:
    posts: list[dict] = []
    svc = next(s for s in SERVICES if s.slug == ev["services"][0])
    dur = (ev["end"] - ev["start"]).total_seconds() / 60
    countries = list(COUNTRIES)
    for m in range(int(dur)):
        lam = ev["volume"] * scale * math.exp(-m / (dur / 3)) / (dur / 3)
        t0 = ev["start"] + timedelta(minutes=m)
        for _ in range(int(nrng.poisson(lam))):
            country = w.rng.choices(countries, weights=[COUNTRIES[c]["share"] for c in countries])[
                0
            ]
            lang = w.lang_for(country)
            tmpl = w.rng.choice(texts.LAUNCH.get(lang) or texts.LAUNCH["en"])
            text = w.noise(
                w.fill(tmpl, svc, lang, country, feature=ev["feature"]), lang, svc, False
            )
            t = t0 + timedelta(seconds=w.rng.uniform(0, 60))
            if t < end:
                posts.append(w.post(t, country, text, lang, service=svc.slug, outage=ev["id"]))
    return posts


HN_SERVICES = (
    "github",
    "aws",
    "cloudflare",
    "slack",
    "discord",
    "chatgpt",
    "reddit",
    "zoom",
    "spotify",
    "netflix",
    "youtube",
    "steam",
    "whatsapp",
)
HN_USERS = ["throwaway_" + str(i) for i in range(20)] + [
    "jsmith",
    "kbrown",
    "tptacek_fan",
    "lisper",
    "rustacean",
    "oncall_sre",
    "dang_it",
    "pgfan",
    "nullptr",
    "yak_shaver",
    "cgroup",
    "hn_lurker",
    "sysadm1n",
    "fsync",
    "kernelpanic",
]


def _hn(
    rng: random.Random,
    t: datetime,
    text: str,
    *,
    title: str | None = None,
    parent: dict | None = None,
    service: str | None = None,
    outage: str | None = None,
) -> dict:
    return {
        "source": "hackernews",
        "created_at": t,
        "text": text,
        "lang": None,
        "author": rng.choice(HN_USERS),
        "author_location": None,
        "author_instance": None,
        "reblog_of": None,
        "title": title,
        "_parent": parent,
        "truth_service": service,
        "truth_outage_id": outage,
        "truth_country": rng.choices(["US", "GB", "DE", "IN"], [5, 2, 2, 1])[0],
    }


def hn_threads(
    rng: random.Random, start: datetime, end: datetime, events: list[dict], scale: float
) -> list[dict]:
    posts: list[dict] = []
    by_slug = {s.slug: s for s in SERVICES}
    span = (end - start).total_seconds()
    n_threads = int(POSTS_PER_DAY * HN_SHARE * scale * span / 86400 / 4)
    for _ in range(n_threads):  # ordinary discussions that mention a service
        svc = by_slug[rng.choice(HN_SERVICES)]
        t = start + timedelta(seconds=rng.uniform(0, span))
        title = rng.choice(texts.HN_BACKGROUND_STORIES).format(s=svc.name)
        story = _hn(rng, t, title, title=title, service=svc.slug)
        posts.append(story)
        for _ in range(rng.randint(1, 5)):
            c = t + timedelta(minutes=rng.expovariate(1 / 90))
            if c < end:
                text = rng.choice(texts.HN_BACKGROUND_COMMENTS).format(s=svc.name)
                posts.append(_hn(rng, c, text, parent=story, service=svc.slug))
    for ev in events:  # "Is X down?" threads during outages
        if ev["kind"] != "outage":
            continue
        for slug in ev["services"]:
            svc = by_slug[slug]
            t = ev["start"] + timedelta(minutes=rng.uniform(4, 15))
            if t >= end:
                continue
            title = rng.choice(texts.HN_STORIES).format(s=svc.name)
            story = _hn(rng, t, title, title=title, service=slug, outage=ev["id"])
            posts.append(story)
            dur = (ev["end"] - ev["start"]).total_seconds() / 60
            for _ in range(max(2, int(ev["volume"] * scale * 0.08))):
                c = t + timedelta(minutes=rng.uniform(0, dur))
                if c < end:
                    city = rng.choice(COUNTRIES[rng.choice(ev["countries"])]["cities"])
                    p = f" in {city}" if rng.random() < 0.3 else ""
                    text = rng.choice(texts.HN_COMMENTS).format(
                        s=svc.name, n=rng.choice([10, 20, 30]), p=p
                    )
                    posts.append(_hn(rng, c, text, parent=story, service=slug, outage=ev["id"]))
    return posts


def reposts(w: Writer, originals: list[dict], end: datetime) -> list[dict]:
    """Reblogs (served with a nested ``reblog``) and a few copy-paste 'RT' reposts."""
    out: list[dict] = []
    countries = list(COUNTRIES)
    shares = [COUNTRIES[c]["share"] for c in countries]
    for post in originals:
        p = REPOST_SHARE * (3 if post["truth_outage_id"] else 1)
        r = w.rng.random()
        if r >= p * 1.2:
            continue
        t = post["created_at"] + timedelta(minutes=w.rng.expovariate(1 / 25))
        if t >= end:
            continue
        author = w.rng.choice(w.authors[w.rng.choices(countries, shares)[0]])
        copy = dict(
            post,
            created_at=t,
            author=author["handle"],
            author_location=author["location"],
            author_instance=author["instance"],
        )
        if r < p:
            copy["reblog_of"] = post
        else:
            copy["text"] = f"RT @{post['author']}: {post['text']}"
        out.append(copy)
    return out
