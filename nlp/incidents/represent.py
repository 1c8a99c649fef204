"""Representation stage: what an incident is about, where, and which posts show it best."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from outagewatch import post_links
from outagewatch.countries import country_name as shared_country_name

SYMPTOM_PHRASES = {
    "login": "login failures",
    "app_crash": "app crashes",
    "playback_streaming": "playback failures",
    "website_down": "website down",
    "connectivity": "connection problems",
    "messages_notifications": "messaging problems",
    "upload_posting": "posting failures",
    "payments_billing": "payment problems",
    "slow_performance": "slowness",
    "account_locked": "account lockouts",
    "other": "problems",
}
SHORT_COUNTRY = {"US": "US", "GB": "UK", "AE": "UAE"}
_URL = re.compile(post_links.LOOSE_URL)
_MENTION = re.compile(r"[@#]\w+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def symptom_table(symptoms: Sequence[Sequence[str]]) -> pd.DataFrame:
    """Symptom mentions and their share of all mentions (shares sum to 1)."""
    counts = Counter(s for row in symptoms for s in dict.fromkeys(row))
    total = sum(counts.values())
    rows = [(s, n, n / total) for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return pd.DataFrame(rows, columns=["symptom", "reports", "share"])


def region_table(countries: Sequence[str], regions: Sequence[str]) -> pd.DataFrame:
    """Posts per (country, region); '' = unknown. Shares are of all posts and sum to 1."""
    counts = Counter((c or "", r or "") for c, r in zip(countries, regions, strict=True))
    total = sum(counts.values())
    rows = [(c, r, n, n / total) for (c, r), n in counts.items()]
    out = pd.DataFrame(rows, columns=["country", "region", "reports", "share"])
    return out.sort_values(["reports", "country", "region"], ascending=[False, True, True])


def country_name(code: str) -> str:
    """A title's short name ("US", "UK"), else the country's name."""
    return SHORT_COUNTRY.get(code) or shared_country_name(code)


def place_phrase(countries: Sequence[str], min_known: float = 0.2) -> str:
    """'mainly US and UK', 'mainly Japan', 'worldwide', or '' when places are unknown.

    One country when it holds at least 60 % of located posts; two when the top two hold at
    least half and the second at least 20 %; 'worldwide' when located posts spread over three
    or more countries with none of that; '' when under ``min_known`` of posts are located.
    """
    known = [c for c in countries if c]
    if not known or len(known) < min_known * len(countries):
        return ""
    # ties by country code, as the views order them (incident_countries' rank, `countries`)
    top = sorted(Counter(known).items(), key=lambda kv: (-kv[1], kv[0]))
    n = len(known)
    first = top[0][1] / n
    second = top[1][1] / n if len(top) > 1 else 0.0
    if first >= 0.6 and second < 0.2:
        return f"mainly {country_name(top[0][0])}"
    if first + second >= 0.5 and second >= 0.2:
        return f"mainly {country_name(top[0][0])} and {country_name(top[1][0])}"
    if len(top) >= 3:
        return "worldwide"
    return f"mainly {country_name(top[0][0])}"


class SymptomPlaceTitle:
    """The default Titler (types.Titler): make_title."""

    version = "title-symptom-place-1"

    def title(self, service_name: str, top_symptom: str | None, countries: Sequence[str]) -> str:
        return make_title(service_name, top_symptom, countries)


def make_title(service_name: str, top_symptom: str | None, countries: Sequence[str]) -> str:
    """'Spotify — playback failures, mainly US and UK'."""
    what = SYMPTOM_PHRASES.get(top_symptom or "", "problems")
    where = place_phrase(countries)
    return f"{service_name} — {what}" + (f", {where}" if where else "")


def normalise_text(text: str) -> str:
    """Text for de-duplication: no URLs, mentions, punctuation, case or accents."""
    t = unicodedata.normalize("NFKD", _MENTION.sub(" ", _URL.sub(" ", text or "")))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", t.lower()).split())


def centroid(embeddings: Sequence[np.ndarray | None]) -> np.ndarray | None:
    """Unit-norm mean of the available embeddings, or None when there are none."""
    vecs = [np.asarray(e, dtype=np.float32) for e in embeddings if e is not None]
    if not vecs:
        return None
    m = np.mean(np.stack(vecs), axis=0)
    norm = float(np.linalg.norm(m))
    return (m / norm).astype(np.float32) if norm else m.astype(np.float32)


def representatives(
    texts: Sequence[str], embeddings: Sequence[np.ndarray | None], center: np.ndarray | None, k: int
) -> list[int]:
    """Positions of up to k posts nearest the centroid, one per normalised text."""
    if center is None:
        return []
    scored = [
        (float(np.asarray(e, dtype=np.float32) @ center), i)
        for i, e in enumerate(embeddings)
        if e is not None
    ]
    scored.sort(key=lambda si: (-si[0], si[1]))
    seen: set[str] = set()
    out: list[int] = []
    for _, i in scored:
        key = normalise_text(texts[i])
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(i)
        if len(out) == k:
            break
    return out
