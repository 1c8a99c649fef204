"""Could a reader learned from the reviewers' labels drop the services a post names but is not
about? An experiment of the twenty-second session, kept so its negative answer can be
re-checked. Dev sets only.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/try_role_reader.py ../shared/data

Unlike try_mention_readers.py (distant labels: the addressee), the labels here are the
reviewers' own: every service the rules keep on a post of a dev label set (care, everyday,
markets, more markets; @-handles removed) is right when the reviewer expected it. A logistic
regression reads the rules' own flags for that mention (a handle or distinct name, capitals,
a service word or an outage status beside it, a problem said of it, the post's other
services, where in the post it stands, the language, the complaint score). It is trained on
the outage posts of all sets but one and scored on the one left out, keeping 96 % of the
right mentions on its training sets; customer_care's first turns (brand family = label) are
left out the same way, as the issue's own measure.

With `--distant` (twenty-fifth session) the real posts with distant labels join the pool:
the inbound posts to @SpotifyCares (right = Spotify) and the brands dev half of
complaints.csv (right = the addressee's family), so the reader also sees how real people
name the brand they write to. It does not help: on the real posts the flags barely separate
right from wrong (SpotifyCares left out: 133 of its 277 wrong names dropped with 688 of its
1,968 right ones), and the 2,245 SpotifyCares mentions then outweigh the reviewers' sets
(care dev left out 0.848 -> 0.843, against 0.939 without them; customer_care 0.948 -> 0.935).

Writes bench/results/role_reader.json (role_reader_distant.json with `--distant`): per set
left out, the wrong and right mentions the reader drops, and the issue's precision (a post
is right when a service it keeps is expected) before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import regex as re

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_nlp import (  # noqa: E402
    brand_family,
    brand_slugs,
    complaints_brand_posts,
    customer_turns,
    need,
)

HANDLE = re.compile(r"(?<![\w@])@\w+")
LABELS = Path(__file__).resolve().parent / "labels"
DEV_SETS = (
    "care_posts_dev",
    "everyday_posts_dev",
    "everyday_posts_dev2",
    "everyday_posts_dev3",
    "market_posts_dev",
    "market_posts_dev2",
    "market2_posts_dev",
    "market2_posts_dev2",
)
FLAGS = ("strong", "proper", "cued", "status", "target", "own_name", "everyday", "lowered")
KEEP_RIGHT = 0.96  # of the right mentions on the training sets


def labelled_sets(
    data: Path, enricher, distant: bool = False
) -> dict[str, tuple[list[str], list[set[str]], list[bool]]]:
    """(texts with handles removed, expected services, an outage post) per set."""
    sets = {}
    for name in DEV_SETS:
        df = pd.read_csv(LABELS / f"{name}.csv", dtype=str, keep_default_na=False)
        sets[name] = (
            [HANDLE.sub(" ", t) for t in df["text"]],
            [set(filter(None, s.split(";"))) for s in df["expected_services"]],
            df["expected_problem"].eq("1").tolist(),
        )
    convs = json.loads(need(data / "customer_care" / "conversations.json").read_text("utf-8"))
    rows = customer_turns(convs, later=False)
    label = {co: brand_slugs(co, enricher.catalog, enricher.attributor) for co, _, _ in rows}
    kept = [(label[co], text) for co, text, _ in rows if label[co]]
    sets["customer_care"] = (
        [HANDLE.sub(" ", t) for _, t in kept],
        [brand_family(lab, enricher.catalog) for lab, _ in kept],
        [True] * len(kept),
    )
    if distant:
        df = pd.read_csv(need(data / "spotifycares" / "support_requests.csv"))
        texts = [HANDLE.sub(" ", str(t)) for t in df.loc[df["inbound"].eq(True), "text"]]
        spotify = brand_family(["spotify"], enricher.catalog)
        sets["spotifycares"] = (texts, [spotify] * len(texts), [True] * len(texts))
        brands = complaints_brand_posts(data, enricher.catalog, enricher.attributor, "dev")
        sets["brands_dev"] = (
            [HANDLE.sub(" ", t) for _, t, _ in brands],
            [brand_family(label, enricher.catalog) for label, _, _ in brands],
            [True] * len(brands),
        )
    return sets


def mentions(enricher, texts: list[str], wants: list[set[str]], outage: list[bool]) -> list[dict]:
    """Every service the enricher keeps, with the attributor's flags for it."""
    out = enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    rows = []
    for i, text in enumerate(texts):
        got = list(out["services"][i])
        cands = {
            c.slug: c for c in enricher.attributor.candidates(enricher.normalizer.normalize(text))
        }
        for slug in got:
            c = cands.get(slug)
            if c is None or not c.spans:
                continue  # given by a link or the thread, not a name in the text
            others = [cands[o] for o in got if o != slug and o in cands]
            x = [float(bool(getattr(c, f))) for f in FLAGS] + [
                float(len(got) > 1),
                float(any(o.target for o in others)),
                c.spans[0][0] / max(1, len(text)),
                float(out["lang"][i] == "en"),
                float(out["complaint_score"][i]),
                float(out["problem"][i]),
            ]
            rows.append({"post": i, "x": x, "right": slug in wants[i], "outage": outage[i]})
    return rows


def post_precision(rows: list[dict], keep: np.ndarray) -> tuple[int, int]:
    """(posts right, posts attributed): right when any service kept is expected."""
    posts: dict[int, list[bool]] = defaultdict(list)
    for r, k in zip(rows, keep, strict=True):
        if k:
            posts[r["post"]].append(r["right"])
    return sum(any(v) for v in posts.values()), len(posts)


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    from nlp.enrich.pipeline import Enricher
    from outagewatch.catalog import load_catalog

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, nargs="?", default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, help="default: bench/results/role_reader[_distant].json")
    ap.add_argument("--distant", action="store_true", help="add SpotifyCares and brands dev")
    args = ap.parse_args(argv)
    results = Path(__file__).parent / "results"
    args.out = args.out or results / f"role_reader{'_distant' if args.distant else ''}.json"
    t0 = time.perf_counter()
    enricher = Enricher(load_catalog(), with_embeddings=False)
    by_set = {
        name: [r for r in mentions(enricher, *s) if r["outage"]]
        for name, s in labelled_sets(args.data, enricher, args.distant).items()
    }
    report: dict = {"features": [*FLAGS, "several", "another_is_target", "position", "english",
                                 "complaint_score", "problem"],
                    "keep_right_on_training": KEEP_RIGHT, "left_out": {}}  # fmt: skip
    for name, rows in by_set.items():
        train = [r for other, rs in by_set.items() if other != name for r in rs]
        x = np.array([r["x"] for r in train])
        y = np.array([r["right"] for r in train])
        model = LogisticRegression(max_iter=2000, class_weight="balanced").fit(x, y)
        floor = np.quantile(model.predict_proba(x)[:, 1][y], 1 - KEEP_RIGHT)
        keep = model.predict_proba(np.array([r["x"] for r in rows]))[:, 1] >= floor
        right = np.array([r["right"] for r in rows])
        before, after = post_precision(rows, np.ones(len(rows), bool)), post_precision(rows, keep)
        report["left_out"][name] = {
            "mentions": len(rows),
            "wrong_dropped": f"{int((~keep & ~right).sum())} of {int((~right).sum())}",
            "right_dropped": f"{int((~keep & right).sum())} of {int(right.sum())}",
            "precision_before": f"{before[0] / before[1]:.3f} ({before[0]} of {before[1]})",
            "precision_after": f"{after[0] / max(1, after[1]):.3f} ({after[0]} of {after[1]})",
        }
        print(name, report["left_out"][name])
    report["seconds"] = round(time.perf_counter() - t0, 1)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
