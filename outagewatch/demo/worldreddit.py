"""Reddit in the simulated world: community threads, and "Is it down?" threads during outages.

Reddit differs from the other sources in one way that matters to the pipeline: a reply is
written under a thread and in a community, and often names neither ("same here", "Bei mir
auch"). The world writes such replies on purpose, in a service's community (r/spotify) and in
a country's (r/de), so the demo shows the thread stage reading them (nlp/enrich/thread.py).
Posts are dicts like the other sources' with ``subreddit`` and, for a reply, ``_parent``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from outagewatch.demo import texts
from outagewatch.demo.worlddata import COUNTRIES, SERVICES, SimService
from outagewatch.demo.worldposts import POSTS_PER_DAY

REDDIT_SHARE = 0.01  # background threads per day, as a share of the background posts

# A service's own community, by the name Reddit gives it (r/discordapp, r/Comcast_Xfinity).
SERVICE_SUBREDDITS = {
    "spotify": "spotify",
    "netflix": "netflix",
    "youtube": "youtube",
    "disney-plus": "DisneyPlus",
    "twitch": "Twitch",
    "instagram": "Instagram",
    "discord": "discordapp",
    "slack": "Slack",
    "github": "github",
    "chatgpt": "ChatGPT",
    "steam": "Steam",
    "roblox": "roblox",
    "paypal": "paypal",
    "chase": "chase",
    "monzo": "Monzo",
    "comcast-xfinity": "Comcast_Xfinity",
    "verizon": "verizon",
    "revolut": "Revolut",
    "tiktok": "TikTok",
    "xbox-live": "xboxlive",
}
# A country's general community: where a post that names no place comes from.
COUNTRY_SUBREDDITS = {
    "GB": "unitedkingdom",
    "DE": "de",
    "FR": "france",
    "ES": "spain",
    "BR": "brasil",
    "JP": "japan",
    "IN": "india",
    "MX": "mexico",
    "IT": "italy",
    "NL": "thenetherlands",
}
GENERAL_SUBREDDIT = "techsupport"  # no place, no service: the title has to say it


def subreddits() -> list[str]:
    """Every community the world writes in: what the demo's crawl lists."""
    return sorted({*SERVICE_SUBREDDITS.values(), *COUNTRY_SUBREDDITS.values(), GENERAL_SUBREDDIT})


REDDIT_USERS = [f"{a}_{b}{i}" for i, (a, b) in enumerate(
    (a, b) for a in ("quiet", "sleepy", "angry", "random", "lost", "happy")
    for b in ("otter", "panda", "lemur", "heron", "badger")
)]  # fmt: skip


def _reddit(
    rng: random.Random,
    t: datetime,
    text: str,
    subreddit: str,
    *,
    title: str | None = None,
    parent: dict | None = None,
    service: str | None = None,
    outage: str | None = None,
    country: str | None = None,
    lang: str = "en",
) -> dict:
    return {
        "source": "reddit",
        "created_at": t,
        "text": text,
        "lang": lang,
        "author": rng.choice(REDDIT_USERS),
        "author_location": None,
        "author_instance": None,
        "reblog_of": None,
        "title": title,
        "subreddit": subreddit,
        "_parent": parent,
        "truth_service": service,
        "truth_outage_id": outage,
        "truth_country": country or rng.choices(["US", "GB", "DE", "IN"], [5, 2, 2, 1])[0],
    }


def _thread(
    rng: random.Random,
    end: datetime,
    t: datetime,
    sub: str,
    title: str,
    replies: list[tuple[float, str, str | None]],
    **truth: str | None,
) -> list[dict]:
    """A thread post and its replies: (minutes after the post, text, outage id or None)."""
    lang = truth.get("lang") or "en"
    body = rng.choice(texts.REDDIT_SELFTEXT.get(lang, texts.REDDIT_SELFTEXT["en"]))
    body = body if truth.get("outage") else ""
    story = _reddit(rng, t, "\n\n".join(filter(None, (title, body))), sub, title=title, **truth)
    out = [story]
    for minutes, text, outage in replies:
        c = t + timedelta(minutes=minutes)
        if c < end:
            out.append(_reddit(rng, c, text, sub, parent=story, **dict(truth, outage=outage)))
    return out


def reddit_threads(
    rng: random.Random, start: datetime, end: datetime, events: list[dict], scale: float
) -> list[dict]:
    """Ordinary threads in the communities, and one thread per outage and service in the
    service's community, another in a country's community where the outage is."""
    by_slug = {s.slug: s for s in SERVICES}
    posts: list[dict] = []
    span = (end - start).total_seconds()
    for _ in range(int(POSTS_PER_DAY * REDDIT_SHARE * scale * span / 86400)):
        t = start + timedelta(seconds=rng.uniform(0, span))
        slug = rng.choice(sorted(SERVICE_SUBREDDITS))
        title = rng.choice(texts.REDDIT_BACKGROUND_TITLES).format(s=by_slug[slug].name)
        chatter = [
            (rng.expovariate(1 / 120), rng.choice(texts.REDDIT_BACKGROUND_REPLIES), None)
            for _ in range(rng.randint(0, 4))
        ]
        posts += _thread(rng, end, t, SERVICE_SUBREDDITS[slug], title, chatter, service=slug)
    for ev in events:
        if ev["kind"] != "outage":
            continue
        for slug in ev["services"]:
            posts += _outage_threads(rng, end, ev, by_slug[slug], scale)
    return posts


def _outage_threads(
    rng: random.Random, end: datetime, ev: dict, svc: SimService, scale: float
) -> list[dict]:
    minutes = (ev["end"] - ev["start"]).total_seconds() / 60
    n = max(2, int(ev["volume"] * scale * 0.1))
    country = rng.choice(ev["countries"])
    threads = []  # (community, title, language, replies)
    if own := SERVICE_SUBREDDITS.get(svc.slug):
        # in its own community the title often leaves the service unsaid: "Is it down?"
        threads.append((own, rng.choice(texts.REDDIT_TITLES).format(s=svc.name), "en", n))
        n //= 2
    local = COUNTRY_SUBREDDITS.get(country, GENERAL_SUBREDDIT)
    langs = COUNTRIES[country]["langs"] if local != GENERAL_SUBREDDIT else {"en": 1.0}
    lang = rng.choices(list(langs), weights=list(langs.values()))[0]
    title = rng.choice(texts.REDDIT_LOCAL_TITLES.get(lang, texts.REDDIT_LOCAL_TITLES["en"]))
    threads.append((local, title.format(s=svc.name), lang, max(2, n)))
    posts: list[dict] = []
    for sub, title, lang, count in threads:
        t = ev["start"] + timedelta(minutes=rng.uniform(3, 12))
        if t >= end:
            continue
        replies = []
        for _ in range(count):
            at = rng.uniform(0, minutes)
            if rng.random() < 0.8:  # agrees, or says what fails, in the thread's language
                said = rng.choice(texts.REDDIT_REPLIES.get(lang, texts.REDDIT_REPLIES["en"]))
                city = rng.choice(COUNTRIES[country]["cities"])
                replies.append((at, said.format(c=city, n=rng.choice([10, 20, 40])), ev["id"]))
            else:  # works here, a workaround, a joke: in the thread, no report
                aside = texts.REDDIT_ASIDES.get(lang, texts.REDDIT_ASIDES["en"])
                replies.append((at, rng.choice(aside), None))
        truth = {"service": svc.slug, "outage": ev["id"], "country": country, "lang": lang}
        posts += _thread(rng, end, t, sub, title, replies, **truth)
    return posts
