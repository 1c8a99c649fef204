"""Cluster mixed crisis tweets and score the clusters against the event each tweet came from.

CrisisLex T26 (sajao/CrisisLex, MIT): 13 real events, one CSV each. Tweets labelled as
related to their event are sampled (``--per-event`` per event, several seeds), mixed,
embedded with the real model, and clustered by:

* ``plain_hdbscan``: sklearn HDBSCAN on the raw 384-d embeddings, defaults
  (min_cluster_size=5); its noise label counts as one cluster, as a user would get it;
* ``plain_hdbscan_sized``: the same with the min_cluster_size our clusterer picks;
* ``ours_text``: ``HDBSCANClusterer`` (PCA, HDBSCAN, noise joined) on ``build_features``
  of the embeddings alone;
* ``ours_text_time``: the same with time as a feature, each event's clock shifted to start
  at 0 (tweet ids carry the time), so events look concurrent as outages would; the raw
  dates lie years apart and would make time alone a give-away;
* ``agglomerative``: ``AgglomerativeClusterer`` (cosine, average linkage, cut at 0.6).

Scores: adjusted Rand index and normalised mutual information against the event labels.
The clusterer's defaults were chosen on another set, customer_care (IBM, Apache-2.0: first
customer posts, brand = label, mentions and URLs removed); its candidate table is
recomputed here under ``selection`` so the choice can be checked, never on CrisisLex.

Usage: PYTHONPATH=. python bench/eval_clustering.py [DATA_DIR] [--out FILE]
(DATA_DIR defaults to ../shared/data relative to the project root.)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
from sklearn.cluster import HDBSCAN
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from nlp.incidents.cluster import AgglomerativeClusterer, HDBSCANClusterer, build_features

ROOT = Path(__file__).resolve().parents[1]
RELATED = {"Related and informative", "Related - but not informative"}
TWITTER_EPOCH_MS = 1288834974657  # snowflake ids: (id >> 22) + epoch = milliseconds


def load_events(folder: Path) -> dict[str, list[tuple[int, str]]]:
    """Event name -> [(tweet id, text)] of the tweets labelled as related to the event."""
    events: dict[str, list[tuple[int, str]]] = {}
    for path in sorted(folder.glob("*-tweets_labeled.csv")):
        name = path.name.removesuffix("-tweets_labeled.csv")
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, skipinitialspace=True))
        header = [h.strip() for h in rows[0]]
        i_id, i_text, i_inf = (
            header.index("Tweet ID"),
            header.index("Tweet Text"),
            header.index("Informativeness"),
        )
        events[name] = [
            (int(r[i_id]), r[i_text])
            for r in rows[1:]
            if len(r) > i_inf and r[i_inf].strip() in RELATED
        ]
    return events


def sample(events: dict[str, list[tuple[int, str]]], per_event: int, seed: int):
    rng = np.random.default_rng(seed)
    ids, texts, labels = [], [], []
    for k, (_, tweets) in enumerate(sorted(events.items())):
        pick = rng.choice(len(tweets), size=min(per_event, len(tweets)), replace=False)
        for j in sorted(pick):
            ids.append(tweets[j][0])
            texts.append(tweets[j][1])
            labels.append(k)
    return np.array(ids, dtype=np.int64), texts, np.array(labels)


def aligned_minutes(ids: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Minutes since the first sampled tweet of the same event (events made concurrent)."""
    ms = (ids >> 22) + TWITTER_EPOCH_MS
    out = np.zeros(len(ids), dtype=float)
    for k in np.unique(labels):
        m = labels == k
        out[m] = (ms[m] - ms[m].min()) / 60000.0
    return out


def score(labels: np.ndarray, pred: np.ndarray) -> dict:
    return {
        "ari": round(float(adjusted_rand_score(labels, pred)), 4),
        "nmi": round(float(normalized_mutual_info_score(labels, pred)), 4),
        "clusters": int(len(set(pred[pred >= 0]))),
        "noise_share": round(float(np.mean(pred < 0)), 4),
    }


def run(events, embed, per_event: int, seed: int) -> dict:
    ids, texts, labels = sample(events, per_event, seed)
    emb = embed(texts)
    ours = HDBSCANClusterer()
    size = max(ours.min_cluster_size, len(texts) // ours.size_divisor)
    minutes = aligned_minutes(ids, labels)
    preds = {
        "plain_hdbscan": HDBSCAN(min_cluster_size=5, copy=True).fit_predict(emb),
        "plain_hdbscan_sized": HDBSCAN(min_cluster_size=size, copy=True).fit_predict(emb),
        "ours_text": ours.fit_predict(build_features(emb)),
        "ours_text_time": ours.fit_predict(build_features(emb, minutes=minutes)),
        "agglomerative": AgglomerativeClusterer().fit_predict(emb),
    }
    return {"seed": seed, "tweets": len(texts), "events": int(labels.max() + 1)} | {
        name: score(labels, pred) for name, pred in preds.items()
    }


def selection(path: Path, embed) -> dict:
    """Candidate clusterers on customer_care (the set the defaults were picked on)."""
    if not path.exists():
        return {"missing": str(path)}
    convs = json.loads(path.read_text(encoding="utf-8"))
    texts = [re.sub(r"@\w+|https?://\S+", " ", c["dialogContent"][0]["message"]) for c in convs]
    brands = [c["dialogHeader"]["company"] for c in convs]
    names = sorted(set(brands))
    labels = np.array([names.index(b) for b in brands])
    emb = embed(texts)
    cands = {
        "pca10_eom_size_n/50": HDBSCANClusterer(selection="eom", size_divisor=50),
        "pca10_eom_5": HDBSCANClusterer(selection="eom", size_divisor=10**9),
        "pca10_leaf_5 (chosen)": HDBSCANClusterer(selection="leaf", size_divisor=10**9),
        "raw_leaf_5": HDBSCANClusterer(selection="leaf", size_divisor=10**9, n_components=10**9),
        "agglomerative_0.6": AgglomerativeClusterer(0.6),
        "agglomerative_0.8": AgglomerativeClusterer(0.8),
    }
    out = {"posts": len(texts), "brands": len(names)}
    out |= {k: score(labels, c.fit_predict(emb)) for k, c in cands.items()}
    out["plain_hdbscan"] = score(labels, HDBSCAN(min_cluster_size=5, copy=True).fit_predict(emb))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "clustering_eval.json"))
    parser.add_argument("--per-event", type=int, default=150)
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    folder = Path(args.data_dir) / "crisislex_t26"
    if not any(folder.glob("*-tweets_labeled.csv")):
        print(
            f"data missing: no *-tweets_labeled.csv in {folder} (pass the shared data folder)",
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from nlp.enrich.embed import MiniLMEmbedder

    model = MiniLMEmbedder()
    t0 = time.perf_counter()
    events = load_events(folder)
    runs = [run(events, model.encode, args.per_event, seed) for seed in range(args.seeds)]
    chosen_on = selection(
        Path(args.data_dir) / "customer_care" / "conversations.json", model.encode
    )
    methods = [k for k in runs[0] if isinstance(runs[0][k], dict)]
    mean = {
        m: {
            k: round(float(np.mean([r[m][k] for r in runs])), 4)
            for k in ("ari", "nmi", "clusters", "noise_share")
        }
        for m in methods
    }
    result = {
        "dataset": "CrisisLex T26 (sajao/CrisisLex, MIT), tweets labelled related to their event",
        "events": sorted(events),
        "per_event": args.per_event,
        "embedding": model.version,
        "mean": mean,
        "runs": runs,
        "selection": chosen_on,
        "defaults": asdict(HDBSCANClusterer()),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    print(f"{len(events)} events x {args.per_event} tweets, {args.seeds} seeds (mean)")
    for m, s in mean.items():
        print(
            f"  {m:20s} ARI {s['ari']:.3f}  NMI {s['nmi']:.3f}  clusters {s['clusters']:.0f}  noise {s['noise_share']:.2f}"
        )
    print("selection set (customer_care, brand = label):")
    for m, r in chosen_on.items():
        if isinstance(r, dict):
            print(f"  {m:22s} ARI {r['ari']:.3f}  NMI {r['nmi']:.3f}  clusters {r['clusters']}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
