"""Can a small learned symptom reader beat the prototype fallback for complaints the word cues
miss? An experiment of the thirty-second session (2026-12-01), kept so its negative answer can
be re-checked. Dev sets only; the customer_care test half was scored once, at the end.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/try_symptom_head.py ../shared/data
    (once, at the end:  ... --test prototypes,head_unbalanced@0.5)

Variants of what `SymptomTagger` gives a complaint no cue reads: the 20 prototype sentences
(cosine >= 0.5, today's), nothing ("cues_only"), or the one-vs-rest logistic head of
nlp/training/train_symptom_head.py, trained here from nlp/training/symptom_examples.csv
(498 short posts written for the project, none taken from a dataset), class-balanced or not,
at thresholds 0.3-0.7; "+second" lets the head add a second outage symptom (p >= 0.8) where the
cues found one. For comparison only, a head trained on the examples plus the customer_care dev
half (5-fold cross-validation over that half). Scored on customer_care's dev half (275 posts:
problem F1, outage-symptom micro and macro F1) and on every other dev label set's problem
reports found and false ones (care, care2, everyday x3, markets x2, markets2 x2, threads x2
readings: 1,426 outage posts).

Result: no. Where no cue fires, the dev half holds 90 complaints, 16 of them with an outage
symptom; the head's confident picks among the other 74 are topic matches ("spam texts" ->
messages, "delete my account" -> account_locked), as likely as its right ones. Balanced,
it lifts the dev problem F1 (0.810 -> 0.827 at 0.5) but drops the outage-symptom micro F1
(0.760 -> 0.711) and triples the other sets' false problem reports (13 -> 42). Unbalanced,
it barely fires: at 0.5 one more right post (micro 0.769, macro 0.729, problem F1 0.813),
while on the other sets it finds 8 fewer problem reports than the prototypes (1,101 against
1,109; false ones 11 against 13), the same as no fallback at all. Training it on the dev half
too changes nothing (5-fold CV micro 0.771 unbalanced, 0.723 balanced). The test half, scored
once: prototypes problem F1 0.736, micro 0.602, macro 0.566; the unbalanced head at 0.5
(chosen on dev before the test run) 0.731, 0.621, 0.582. Nothing ships; the enrichment's
outputs are unchanged. Figures in bench/results/symptom_head.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_nlp import (  # noqa: E402
    CARE2_LABELS,
    CARE_LABELS,
    EVERYDAY_LABELS,
    MARKET2_LABELS,
    MARKET_LABELS,
    SYMPTOM_LABELS,
    THREAD_LABELS,
    _symptom_scores,
    eval_markets,
    eval_threads,
    first_posts,
    in_test_half,
    need,
)

RESULTS = Path(__file__).resolve().parent / "results" / "symptom_head.json"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
SECOND_MIN = 0.8  # the head's probability needed to add a second symptom to the cues' one


def make_taggers(enricher, head_cls, second: float | None = None):
    """A SymptomTagger whose fallback is ``head`` (None: no fallback), optionally adding the
    head's second symptom."""
    from nlp.enrich.symptoms import OUTAGE_SYMPTOMS, SYMPTOMS, SymptomTagger, masked_names

    names = masked_names(enricher.catalog)

    class HeadTagger(SymptomTagger):
        def __init__(self, head) -> None:
            super().__init__(None, names=names)
            self.head = head

        def _guesses(self, embeddings, complaint):
            if self.head is None or embeddings is None:
                return [None] * len(complaint)
            return self.head.guess(embeddings, complaint)

        def tag(self, texts, embeddings, complaint, categories=None, failed=None, recovered=None):
            out = super().tag(texts, embeddings, complaint, categories, failed, recovered)
            if second is None or self.head is None or embeddings is None or not len(texts):
                return out
            p = self.head.proba(embeddings)
            for i, labels in enumerate(out):
                have = [s for s in labels if s in OUTAGE_SYMPTOMS]
                if len(have) != 1 or not complaint[i] or (recovered and recovered[i]):
                    continue
                for j in np.argsort(-p[i]):
                    s = self.head.labels[j]
                    if s in OUTAGE_SYMPTOMS and s != have[0]:
                        if p[i, j] >= second:
                            out[i] = sorted({*labels, s}, key=SYMPTOMS.index)
                        break
            return out

    return HeadTagger


def care_posts(data: Path, half: str) -> pd.DataFrame:
    text_of = first_posts(data)
    labels = pd.read_csv(need(SYMPTOM_LABELS), dtype={"id": str, "symptoms": str}).fillna("")
    want_test = half == "test"
    labels = labels[[in_test_half(i) == want_test for i in labels["id"]]].reset_index(drop=True)
    return labels.assign(text=[text_of[i] for i in labels["id"]])


def score_care(enricher, posts: pd.DataFrame, got_symptoms=None) -> dict:
    out = enricher.enrich(pd.DataFrame({"text": posts["text"]}), with_embeddings=False)
    gold = [frozenset(filter(None, s.split(";"))) for s in posts["symptoms"]]
    got = [frozenset(s) for s in out["symptoms"]]
    y = posts["problem"].astype(bool).to_numpy()
    yhat = out["problem"].astype(bool).to_numpy()
    s = _symptom_scores(y, yhat, gold, got)
    return {
        "problem_f1": s["problem"]["f1"],
        "problem_precision": s["problem"]["precision"],
        "problem_recall": s["problem"]["recall"],
        "outage_micro_f1": s["outage_symptoms_micro"]["f1"],
        "outage_macro_f1": s["outage_symptoms_macro_f1"],
        "per_symptom_f1": {k: v["f1"] for k, v in s["symptoms"].items()},
    }


def dev_only(labels: dict[str, Path]) -> dict[str, Path]:
    return {k: v for k, v in labels.items() if k.startswith("dev")}


def score_other_dev_sets(enricher) -> dict:
    """Problem recall and false problem reports on every other dev label set."""
    out = {}
    for name, labels in (
        ("care", CARE_LABELS), ("care2", CARE2_LABELS), ("everyday", EVERYDAY_LABELS),
        ("markets", MARKET_LABELS), ("markets2", MARKET2_LABELS),
    ):  # fmt: skip
        for half, r in eval_markets(enricher, dev_only(labels)).items():
            out[f"{name}_{half}"] = {
                "outage_posts": r["outage_posts"],
                "problem_recall": r["problem_recall"],
                "false_problem_reports": r["false_problem_reports"],
            }
    for half, r in eval_threads(enricher, dev_only(THREAD_LABELS)).items():
        for reading in ("with_thread", "text_alone"):
            out[f"threads_{half}_{reading}"] = {
                "outage_posts": r["outage_posts"],
                "problem_recall": r[reading]["problem_recall"],
                "false_problem_reports": r[reading]["false_problem_reports"],
            }
    sets = [v for v in out.values() if isinstance(v, dict)]
    out["total_problem_reports_found"] = sum(
        round(v["problem_recall"] * v["outage_posts"]) for v in sets
    )
    out["total_false_problem_reports"] = sum(v["false_problem_reports"] for v in sets)
    return out


def cv_on_dev(
    enricher, posts: pd.DataFrame, tagger_cls, balanced: bool, min_proba: float, k: int = 5
) -> dict:
    """A head trained on the shipped examples plus 4/5 of the dev half, scored on the fifth."""
    from sklearn.model_selection import KFold

    from nlp.training.train_symptom_head import fit, label_matrix, load_examples

    ex_texts, ex_y = load_examples()
    xe = enricher.embedder.encode(ex_texts)
    texts = [enricher.normalizer.normalize(t).model_text for t in posts["text"]]
    x = enricher.embedder.encode(texts)
    y = label_matrix(list(posts["symptoms"]))
    parts = []
    for train, test in KFold(k, shuffle=True, random_state=13).split(x):
        head = fit(np.vstack([xe, x[train]]), np.vstack([ex_y, y[train]]), balanced=balanced)
        head.min_proba = min_proba
        set_tagger(enricher, tagger_cls(head))
        out = enricher.enrich(
            pd.DataFrame({"text": posts["text"].iloc[test]}), with_embeddings=False
        )
        parts.append(
            pd.DataFrame({"i": test, "symptoms": out["symptoms"], "problem": out["problem"]})
        )
    got = pd.concat(parts).sort_values("i")
    gold = [frozenset(filter(None, s.split(";"))) for s in posts["symptoms"]]
    s = _symptom_scores(
        posts["problem"].astype(bool).to_numpy(), got["problem"].astype(bool).to_numpy(),
        gold, [frozenset(v) for v in got["symptoms"]],
    )  # fmt: skip
    return {
        "problem_f1": s["problem"]["f1"],
        "outage_micro_f1": s["outage_symptoms_micro"]["f1"],
        "outage_macro_f1": s["outage_symptoms_macro_f1"],
    }


def set_tagger(enricher, tagger) -> None:
    enricher.symptoms = tagger
    enricher.thread.symptoms = tagger


def train_heads(embedder) -> dict:
    """The two heads tried, trained here from the shipped examples (a few seconds)."""
    from nlp.training.train_symptom_head import fit, load_examples

    texts, y = load_examples()
    x = embedder.encode(texts)
    return {kind: fit(x, y, balanced=kind == "balanced") for kind in ("balanced", "unbalanced")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    ap.add_argument("--only", default=None, help="comma-separated variant names to run")
    ap.add_argument("--no-others", action="store_true", help="customer_care dev only")
    ap.add_argument(
        "--test", default=None, help="comma-separated variants to score on the test half: ONCE"
    )
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    from nlp.enrich.pipeline import Enricher
    from nlp.training.train_symptom_head import SymptomHead
    from outagewatch.catalog import load_catalog

    enricher = Enricher(load_catalog())
    proto = enricher.symptoms
    heads = train_heads(enricher.embedder)
    plain = make_taggers(enricher, SymptomHead)
    second = make_taggers(enricher, SymptomHead, SECOND_MIN)

    def at(kind: str, t: float) -> SymptomHead:
        h = heads[kind]
        return SymptomHead(h.weights, h.bias, h.labels, h.meta, t)

    variants = {"prototypes": lambda: proto, "cues_only": lambda: plain(None)}
    for kind in heads:
        for t in THRESHOLDS:
            variants[f"head_{kind}@{t}"] = lambda k=kind, t=t: plain(at(k, t))
        variants[f"head_{kind}@0.5+second"] = lambda k=kind: second(at(k, 0.5))
    report: dict = {"variants": {}}
    if args.test:  # once, at the end: figures only, no post; added to the dev run's file
        if args.out.exists():
            report = json.loads(args.out.read_text("utf-8"))
        test = care_posts(args.data, "test")
        report["test"] = {"posts": len(test)}
        for name in args.test.split(","):
            set_tagger(enricher, variants[name]())
            c = score_care(enricher, test)
            c.pop("per_symptom_f1")
            report["test"][name] = c
            print(
                f"TEST {name}: problem F1 {c['problem_f1']} micro {c['outage_micro_f1']} "
                f"macro {c['outage_macro_f1']}"
            )
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        return 0
    if args.only:
        variants = {k: v for k, v in variants.items() if k in args.only.split(",")}
    dev = care_posts(args.data, "dev")
    report["dev_posts"] = len(dev)
    for name, build in variants.items():
        t0 = time.perf_counter()
        set_tagger(enricher, build())
        r = {"customer_care_dev": score_care(enricher, dev)}
        if not args.no_others:
            r["other_dev_sets"] = score_other_dev_sets(enricher)
        report["variants"][name] = r
        c = r["customer_care_dev"]
        o = r.get("other_dev_sets", {})
        fp = (o.get("total_problem_reports_found"), o.get("total_false_problem_reports"))
        print(
            f"{name:26s} dev problem F1 {c['problem_f1']} micro {c['outage_micro_f1']} "
            f"macro {c['outage_macro_f1']}  other dev sets' problems found / false {fp} "
            f"({time.perf_counter() - t0:.0f}s)",
            flush=True,
        )
    if not args.only:
        for kind in heads:  # comparison only: weights that saw real posts are not shipped
            r = cv_on_dev(enricher, dev, plain, kind == "balanced", 0.5)
            report["variants"][f"head_{kind}@0.5 trained on examples + dev (5-fold CV)"] = r
            print(f"head_{kind}@0.5, examples + dev, 5-fold CV on dev: {r}", flush=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
