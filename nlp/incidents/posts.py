"""Input checks for the problem posts, and per-span clustering with the split guard."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from nlp.incidents.cluster import HDBSCANClusterer, build_features
from nlp.incidents.spans import check_columns, naive_utc
from nlp.incidents.split import guard_split
from nlp.incidents.types import Clusterer, IncidentSettings

REQUIRED_POSTS = ("post_key", "service_slug", "created_at")
POST_FRAME = ("post_key", "service_slug", "created_at", "text", "symptoms", "country", "region",
              "city", "lang", "embedding", "is_reply")  # fmt: skip


def prepare_posts(posts: pd.DataFrame | None) -> pd.DataFrame:
    """Posts with every column the stage reads, naive UTC times and no duplicate keys."""
    if posts is None or posts.empty:
        return pd.DataFrame(columns=list(POST_FRAME))
    check_columns(posts, REQUIRED_POSTS, "posts")
    p = posts.copy()
    p["created_at"] = naive_utc(p["created_at"], "created_at")
    for col in ("text", "country", "region", "city", "lang"):
        p[col] = p[col].fillna("").astype(str) if col in p.columns else ""
    p["symptoms"] = (
        [_as_list(v) for v in p["symptoms"]] if "symptoms" in p.columns else [[]] * len(p)
    )
    p["embedding"] = [
        _as_vec(v, k)
        for v, k in zip(p.get("embedding", [None] * len(p)), p["post_key"], strict=True)
    ]
    p["is_reply"] = p["is_reply"].fillna(False).astype(bool) if "is_reply" in p.columns else False
    p = p.drop_duplicates(["service_slug", "post_key"], keep="last")
    return p[list(POST_FRAME)].sort_values(["created_at", "post_key"]).reset_index(drop=True)


def _as_list(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def _as_vec(value: object, key: object) -> np.ndarray | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    vec = np.asarray(value, dtype=np.float32).ravel()
    if vec.size == 0:
        return None
    if not np.isfinite(vec).all():
        raise ValueError(f"post {key!r}: embedding holds NaN or infinite values")
    return vec


def cluster_span(
    posts: pd.DataFrame, settings: IncidentSettings, clusterer: Clusterer | None = None
) -> np.ndarray:
    """One label per post of one service span, 0 = largest cluster; one label unless the
    clusterer's split survives the guard (split.py)."""
    n = len(posts)
    labels = np.zeros(n, dtype=int)
    # a reply in a thread ("Same here", "Bei mir auch" under "Is WhatsApp down?") says little
    # and its symptom is often the title's, so a thread's replies made a cluster of their own:
    # they follow the others, when there are enough others to cluster (an outage reported in
    # replies alone, on Reddit or Hacker News, is clustered from them)
    replies = posts["is_reply"].to_numpy(dtype=bool) if "is_reply" in posts else np.zeros(n, bool)
    if (~replies).sum() < settings.min_posts_to_split:
        replies = np.zeros(n, dtype=bool)
    # a repost (the same text, so the same vector) follows its original: clustered once, or a
    # burst of retweets would make a tight cluster of its own and split the incident; a reply
    # is no copy of a post outside its thread ("Same here" in r/japan follows no one's)
    copy_of = _copies(posts["embedding"], replies)
    has = np.array([e is not None for e in posts["embedding"]], dtype=bool) & (copy_of < 0)
    has &= ~replies
    if has.sum() < settings.min_posts_to_split:
        return labels
    vectors = [e for e, keep in zip(posts["embedding"], has, strict=True) if keep]
    if len({e.shape for e in vectors}) > 1:
        raise ValueError("posts' embeddings do not all have the same dimension")
    emb = np.stack(vectors)
    sub = posts[has]
    minutes = ((sub["created_at"] - sub["created_at"].min()).dt.total_seconds() / 60).to_numpy()
    symptoms, countries = list(sub["symptoms"]), list(sub["country"])
    feats = build_features(
        emb, symptoms, countries, minutes,
        symptom_weight=settings.symptom_weight,
        country_weight=settings.country_weight,
        time_weight=settings.time_weight,
    )  # fmt: skip
    model = clusterer or HDBSCANClusterer(min_cluster_size=settings.min_cluster_size)
    raw = np.asarray(model.fit_predict(feats))
    if raw.max(initial=-1) < 0:
        return labels
    raw = np.where(raw < 0, raw.max() + 1, raw)  # a clusterer that keeps noise: one group
    guarded = guard_split(raw, emb, symptoms, countries, minutes, settings, list(sub["lang"]))
    labels[has] = guarded
    copies = copy_of >= 0
    copies[copies] = has[copy_of[copies]]  # a copy of a reply goes by its symptoms too
    labels[copies] = labels[copy_of[copies]]
    orphans = ~has & ~copies
    if orphans.any():
        labels[orphans] = _by_symptom(posts[orphans], posts[has], guarded)
    return labels


def _copies(embeddings: pd.Series, replies: np.ndarray) -> np.ndarray:
    """For each post, the index of the first post with the very same vector (-1 for none),
    among posts of its kind: a reply, or not."""
    first: dict[tuple[bool, bytes], int] = {}
    out = np.full(len(embeddings), -1, dtype=int)
    for i, e in enumerate(embeddings):
        if e is None:
            continue
        key = (bool(replies[i]), e.tobytes())
        if key in first:
            out[i] = first[key]
        else:
            first[key] = i
    return out


def _by_symptom(orphans: pd.DataFrame, placed: pd.DataFrame, labels: np.ndarray) -> np.ndarray:
    """Posts that are not clustered themselves (no embedding, a reply) join the cluster where
    their symptoms are most common, plus where their country is: "こっちも" under "Netflix障害？"
    joins Japan's playback problem, not Brazil's sign-in one, though both say "down". Those
    that fit no cluster at all (a country none has, symptoms none shares) are shared out in
    proportion to the clusters' sizes, not all given to the largest."""
    share: dict[int, Counter] = {}
    where: dict[int, Counter] = {}
    for lab, syms, country in zip(labels, placed["symptoms"], placed["country"], strict=True):
        share.setdefault(int(lab), Counter()).update(syms)
        where.setdefault(int(lab), Counter()).update([country] if country else [])

    def fit(c: int, syms: list[str], country: str) -> tuple[float, int]:
        said = sum(share[c][s] for s in syms) / max(sum(share[c].values()), 1)
        here = where[c][country] / max(sum(where[c].values()), 1) if country else 0.0
        return said + here, -c

    sizes = Counter(int(lab) for lab in labels)
    given: Counter = Counter()  # the unfitting posts shared out so far, per cluster
    out = []
    for syms, country in zip(orphans["symptoms"], orphans["country"], strict=True):
        best = max(share, key=lambda c: fit(c, syms, country))
        if fit(best, syms, country)[0] == 0:
            # the cluster furthest below its share of them so far
            best = min(sizes, key=lambda c: (given[c] / sizes[c], -sizes[c], c))
            given[best] += 1
        out.append(best)
    return np.array(out, dtype=int)
