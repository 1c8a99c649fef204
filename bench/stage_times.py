"""CPU time of each enrichment stage over a warmed pass, on the calling thread.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/stage_times.py [CSV] [--posts N] [--reps R]

The first N posts of the CSV's ``text`` column (default: spotifycares, 3,000) are enriched in
the bench's batches of 512, after the next N have warmed the process up; the embedding cache
is emptied before each pass, so the model embeds every post as in `bench_enrich.py`. Each
stage is timed with ``time.thread_time`` of the calling thread (the rules; "wait/encode" is
the time it spends embedding beside the background thread or waiting for it), and the whole
pass with ``time.process_time`` (all threads). CPU time, unlike wall time, barely grows when
other jobs share the cores: compare two codes by running this for each in the same minute.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

os.environ.setdefault("HF_HUB_OFFLINE", "1")
DEFAULT = Path("../shared/data/spotifycares/support_requests.csv")
BATCH = 512


def _timed(counter: Counter, obj: object, name: str, label: str) -> None:
    """Wraps ``obj.name`` to add its calling thread's CPU time to ``counter[label]``."""
    fn = getattr(obj, name)

    def wrapper(*args, **kwargs):
        t0 = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            counter[label] += time.thread_time() - t0

    setattr(obj, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(2)
    from nlp.enrich import pipeline
    from outagewatch.catalog import load_catalog

    texts = pd.read_csv(args.csv, nrows=2 * args.posts)["text"]
    timed = pd.DataFrame({"text": texts[: args.posts]})
    warm = pd.DataFrame({"text": texts[args.posts :]})
    enricher = pipeline.Enricher(load_catalog())
    cpu: Counter = Counter()
    for obj, name, label in (
        (enricher.normalizer, "normalize", "normalize"),
        (enricher.language, "detect", "language"),
        (enricher.failure, "named_down", "failure: named down"),
        (enricher.failure, "cued", "failure: phrases"),
        (enricher.failure, "recovery", "failure: recovery"),
        (enricher.geocoder, "locate", "region"),
        (enricher.complaint, "predict_proba", "complaint"),
        (enricher, "_attribute", "attribution"),
        (enricher.symptoms, "tag", "symptoms"),
        (pipeline._BatchVectors, "rows", "wait/encode"),
    ):
        _timed(cpu, obj, name, label)
    for lo in range(0, len(warm), BATCH):
        enricher.enrich(warm.iloc[lo : lo + BATCH])
    runs = []
    for _ in range(args.reps):
        cpu.clear()
        enricher._cache.clear()  # every post embedded, as in a first pass
        t0, p0 = time.thread_time(), time.process_time()
        for lo in range(0, len(timed), BATCH):
            enricher.enrich(timed.iloc[lo : lo + BATCH])
        cpu["calling thread"] = time.thread_time() - t0
        cpu["process (all threads)"] = time.process_time() - p0
        runs.append(dict(cpu))
    print(f"{len(timed)} posts of {args.csv}, ms of CPU per pass (median of {args.reps})")
    for label in runs[0]:
        values = sorted(r[label] for r in runs)
        print(f"{label:24s} {1000 * values[len(values) // 2]:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
