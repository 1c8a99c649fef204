"""Background posts of the simulated world: who writes what, when, in which language.

``Writer`` turns (service, country, kind) into a post dict with realistic surface noise
(typos, case, emoji, hashtags, mentions, links); ``background`` fills the window with
everyday chatter following each country's local-hour activity.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import numpy as np

from outagewatch.demo import texts
from outagewatch.demo.worlddata import (
    CATEGORY_SYMPTOMS,
    COUNTRIES,
    HOUR_WEIGHTS,
    SERVICES,
    SimService,
)

POSTS_PER_DAY = 2400  # background volume at scale 1, before bursts and reposts
AMBIENT_SHARE = 0.08  # everyday chatter that mentions no service (or only by accident)
HN_SHARE = 0.02  # background Hacker News stories/comments; outages add their own threads
REPOST_SHARE = 0.05


class Writer:
    """Turns (service, country, kind) into a post dict with realistic surface noise."""

    def __init__(self, rng: random.Random, authors: dict[str, list[dict]]):
        self.rng = rng
        self.authors = authors

    def lang_for(self, country: str) -> str:
        langs = COUNTRIES[country]["langs"]
        return self.rng.choices(list(langs), weights=list(langs.values()))[0]

    def service_name(self, svc: SimService) -> str:
        r = self.rng.random()
        if r < 0.55:
            return svc.name
        if r < 0.8:
            return svc.name.lower()
        return self.rng.choice(svc.variants or (svc.name,))

    def place(self, lang: str, country: str) -> str:
        cue = self.rng.choice(texts.PLACE_CUES.get(lang, texts.PLACE_CUES["en"]))
        return cue.format(c=self.rng.choice(COUNTRIES[country]["cities"]))

    def fill(
        self,
        template: str,
        svc: SimService | None,
        lang: str,
        country: str,
        place_p: float = 0.0,
        feature: str = "",
    ) -> str:
        name = self.service_name(svc) if svc else ""
        p = self.place(lang, country) if self.rng.random() < place_p else ""
        return template.format(
            s=name, p=p, n=self.rng.choice([5, 10, 15, 20, 30, 40, 45]), f=feature
        )

    def noise(
        self,
        text: str,
        lang: str,
        svc: SimService | None,
        complaint: bool,
        negative: bool | None = None,
    ) -> str:
        rng = self.rng
        if rng.random() < 0.15 and lang in texts.OPENERS:
            opener = rng.choice(texts.OPENERS[lang])
            text = opener + (
                text[0].lower() + text[1:]
                if lang != "ja" and text[:2] != text[:2].upper()
                else text
            )
        if lang != "ja" and rng.random() < 0.08:
            text = _typo(rng, text)
        if rng.random() < 0.12:
            text = text.lower()
        elif complaint and rng.random() < 0.03:
            text = text.upper()
        if lang == "en" and complaint and rng.random() < 0.15:
            text = f"{text} {rng.choice(texts.FILLERS_EN)}"
        if rng.random() < 0.3:
            neg = complaint if negative is None else negative
            mood = texts.EMOJI_NEG if neg == (rng.random() < 0.85) else texts.EMOJI_POS
            text = f"{text} {rng.choice(mood)}" + (rng.choice(mood) if rng.random() < 0.3 else "")
        if svc is not None:
            if rng.random() < (0.14 if complaint else 0.06):
                if complaint and rng.random() < 0.6:
                    tag = rng.choice(svc.complaint_tags)
                else:
                    tag = svc.tag
                text = f"{text} #{tag}"
            if rng.random() < (0.10 if complaint else 0.04):
                text = f"@{svc.handle} {text}" if rng.random() < 0.5 else f"{text} @{svc.handle}"
            if rng.random() < 0.03:
                text = (
                    f"{text} https://{svc.domain}/{rng.choice(['help', 'status', 'news', 'app'])}"
                )
        return text

    def post(self, t: datetime, country: str, text: str, lang: str, **truth: object) -> dict:
        author = self.rng.choice(self.authors[country])
        declared = lang
        r = self.rng.random()
        if r < 0.08:
            declared = None
        elif r < 0.15:
            declared = "en"  # the author's default posting language, whatever they wrote
        return {
            "source": "mastodon",
            "created_at": t,
            "text": text,
            "lang": declared,
            "author": author["handle"],
            "author_location": author["location"],
            "author_instance": author["instance"],
            "reblog_of": None,
            "truth_service": truth.get("service"),
            "truth_outage_id": truth.get("outage"),
            "truth_country": country,
        }


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rng.random() < 0.6 else w[:j] + w[j + 1 :]
    return " ".join(words)


def _pick(rng: random.Random, kind: str, lang: str, category: str) -> tuple[str, str]:
    """A background template of ``kind`` that fits the category, and its language.

    Falls back to another kind in the same language, then to English (people do switch).
    """
    cell = texts.BACKGROUND.get(lang, {})
    mine = [t for t in cell.get(kind, []) if _fits(t, category)]
    other = [
        t for k in ("praise", "question", "billing") for t in cell.get(k, []) if _fits(t, category)
    ]
    if mine or (other and rng.random() < 0.7):
        return _strip_tags(rng.choice(mine or other)), lang
    en = [t for t in texts.BACKGROUND["en"][kind] if _fits(t, category)]
    en = en or [t for t in texts.BACKGROUND["en"]["question"] if _fits(t, category)]
    return _strip_tags(rng.choice(en)), "en"


def _fits(template: str, category: str) -> bool:
    if not template.startswith("["):
        return True
    return category in template[1 : template.index("]")].split(",")


def _strip_tags(template: str) -> str:
    return template[template.index("]") + 1 :] if template.startswith("[") else template


def symptom_text(w: Writer, svc: SimService, symptom_pools: list[str], lang: str) -> str:
    cell = texts.COMPLAINTS.get(lang) or texts.COMPLAINTS["en"]
    pools = [cell[s] for s in symptom_pools if s in cell] or [
        cell.get("website_down") or texts.COMPLAINTS["en"]["website_down"]
    ]
    return w.rng.choice(w.rng.choice(pools))


def _local_weight(country: str, t: datetime) -> float:
    offset = COUNTRIES[country]["tz"]
    return HOUR_WEIGHTS[int((t.hour + t.minute / 60 + offset) % 24)]


def background(
    w: Writer, nrng: np.random.Generator, start: datetime, hours: int, scale: float
) -> list[dict]:
    posts: list[dict] = []
    total_w = sum(s.weight for s in SERVICES)
    for svc in SERVICES:
        markets = svc.markets or tuple(COUNTRIES)
        shares = [COUNTRIES[c]["share"] for c in markets]
        per_hour = POSTS_PER_DAY * (1 - AMBIENT_SHARE) * scale * svc.weight / total_w / 24
        for h in range(hours):
            t0 = start + timedelta(hours=h)
            cw = [s * _local_weight(c, t0) for c, s in zip(markets, shares, strict=True)]
            lam = per_hour * sum(cw) / sum(shares)
            for _ in range(int(nrng.poisson(lam))):
                t = t0 + timedelta(seconds=w.rng.uniform(0, 3600))
                country = w.rng.choices(markets, weights=cw)[0]
                posts.append(_background_post(w, svc, country, t))
    # Ambient chatter: ambiguous names and services mentioned by accident.
    countries = list(COUNTRIES)
    per_hour = POSTS_PER_DAY * AMBIENT_SHARE * scale / 24
    for h in range(hours):
        t0 = start + timedelta(hours=h)
        cw = [COUNTRIES[c]["share"] * _local_weight(c, t0) for c in countries]
        for _ in range(int(nrng.poisson(per_hour))):
            country = w.rng.choices(countries, weights=cw)[0]
            lang = w.lang_for(country)
            text = w.rng.choice(texts.AMBIGUOUS.get(lang) or texts.AMBIGUOUS["en"])
            text = w.noise(text, lang, None, complaint=False)
            posts.append(
                w.post(t0 + timedelta(seconds=w.rng.uniform(0, 3600)), country, text, lang)
            )
    return posts


BACKGROUND_KINDS = {
    "complaint": 0.06,
    "billing": 0.08,
    "praise": 0.17,
    "question": 0.17,
    "joke": 0.07,
    "neutral": 0.45,
}


def _background_post(w: Writer, svc: SimService, country: str, t: datetime) -> dict:
    lang = w.lang_for(country)
    kind = w.rng.choices(list(BACKGROUND_KINDS), weights=list(BACKGROUND_KINDS.values()))[0]
    if kind == "complaint":  # the everyday trickle of individual problems
        tmpl = symptom_text(w, svc, CATEGORY_SYMPTOMS[svc.category], lang)
    else:
        tmpl, lang = _pick(w.rng, kind, lang, svc.category)
    text = w.fill(tmpl, svc, lang, country, place_p=0.15)
    text = w.noise(text, lang, svc, kind == "complaint", negative=kind in ("complaint", "billing"))
    return w.post(t, country, text, lang, service=svc.slug)
