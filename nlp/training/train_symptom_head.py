"""A learned symptom reader, tried and not adopted (bench/try_symptom_head.py holds the
experiment and its negative result): one L2-regularised logistic regression per symptom
(one-vs-rest) over MiniLM embeddings of the normalised text of the project's own examples
(nlp/training/symptom_examples.csv: short posts written for the project; a row with no
symptom is a post that reports nothing). Nothing here is loaded by the enrichment.

    python -m nlp.training.train_symptom_head --cv 5   # cross-validation on the examples
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

from nlp.enrich.embed import shared_embedder
from nlp.enrich.normalize import TextNormalizer
from nlp.enrich.symptoms import SYMPTOMS, best_guesses

SEED = 13
C = 1.0  # inverse L2 strength (scikit-learn's), not tuned
BALANCED = True  # each symptom's rows weigh as much as the rest
HEAD_VERSION = "symhead-1"
EXAMPLES = Path(__file__).with_name("symptom_examples.csv")
MIN_PROBA = 0.5  # the top symptom's probability needed to name it (else: "other")


class SymptomHead:
    """``guess(embeddings, complaint)``: for each complaint the most probable symptom when its
    probability reaches ``min_proba`` and it is not "other"; None elsewhere."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        labels: Sequence[str],
        meta: dict | None = None,
        min_proba: float = MIN_PROBA,
    ) -> None:
        self.weights = np.asarray(weights, np.float32)
        self.bias = np.asarray(bias, np.float32)
        self.labels = tuple(labels)
        self.meta = dict(meta or {})
        self.min_proba = min_proba
        self.version = f"{self.meta.get('version', 'symhead')}@{min_proba:g}"

    def proba(self, embeddings: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(embeddings @ self.weights.T + self.bias)))

    def guess(self, embeddings: np.ndarray | None, complaint: Sequence[int]) -> list[str | None]:
        n = len(complaint)
        if embeddings is None or not n:
            return [None] * n
        p = self.proba(embeddings)
        return best_guesses(p, self.labels, complaint, self.min_proba, skip={"other"})


def load_examples(path: Path = EXAMPLES) -> tuple[list[str], np.ndarray]:
    """Normalised texts and a 0/1 matrix, one column per symptom of ``SYMPTOMS``."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    norm = TextNormalizer()
    texts = [norm.normalize(t).model_text for t in df["text"]]
    return texts, label_matrix(df["symptoms"])


def label_matrix(cells: Sequence[str]) -> np.ndarray:
    """A 0/1 matrix, one row per `;`-separated cell, one column per symptom of ``SYMPTOMS``."""
    y = np.zeros((len(cells), len(SYMPTOMS)), np.int64)
    for i, cell in enumerate(cells):
        for s in filter(None, cell.split(";")):
            y[i, SYMPTOMS.index(s)] = 1  # an unknown label stops here
    return y


def fit(
    x: np.ndarray,
    y: np.ndarray,
    c: float = C,
    meta: dict | None = None,
    balanced: bool = BALANCED,
) -> SymptomHead:
    """One logistic regression per symptom (a symptom no row holds never fires)."""
    w = np.zeros((y.shape[1], x.shape[1]), np.float32)
    b = np.full(y.shape[1], -20.0, np.float32)
    for k in range(y.shape[1]):
        if 0 < y[:, k].sum() < len(y):
            lr = LogisticRegression(
                C=c, class_weight="balanced" if balanced else None, max_iter=2000
            )
            lr.fit(x, y[:, k])
            w[k], b[k] = lr.coef_[0], lr.intercept_[0]
    return SymptomHead(w, b, SYMPTOMS, meta)


def cross_validate(x: np.ndarray, y: np.ndarray, k: int, balanced: bool = BALANCED) -> dict:
    """Out-of-fold per-symptom F1 on the examples (each symptom's own 0.5 threshold)."""
    p = np.zeros(y.shape)
    for train, test in KFold(k, shuffle=True, random_state=SEED).split(x):
        p[test] = fit(x[train], y[train], balanced=balanced).proba(x[test])
    pred = (p >= 0.5).astype(np.int64)
    per = {s: round(float(f1_score(y[:, j], pred[:, j])), 3) for j, s in enumerate(SYMPTOMS)}
    return {
        "folds": k,
        "f1_per_symptom": per,
        "macro_f1": round(float(np.mean(list(per.values()))), 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv", type=int, default=5, help="folds; 0 skips cross-validation")
    args = ap.parse_args(argv)
    embedder = shared_embedder()
    texts, y = load_examples()
    x = embedder.encode(texts)
    meta = {
        "version": f"{HEAD_VERSION}+{embedder.version}",
        "embedder": embedder.version,
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%d"),
        "n_examples": len(texts),
        "c": C,
        "cv": cross_validate(x, y, args.cv) if args.cv >= 2 else None,
        "cv_unbalanced": cross_validate(x, y, args.cv, balanced=False) if args.cv >= 2 else None,
    }
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
