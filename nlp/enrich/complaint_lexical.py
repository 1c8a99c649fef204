"""The lexical half of complaint detection: a logistic regression over word and character
n-grams (TF-IDF) of the normalised text.

MiniLM's sentence embedding smooths away some words that mark a complaint ("refund",
"still waiting", "ridiculous", "#fail"); n-grams keep them. Averaged with the embedding
head, the two reach a higher macro-F1 on complaints.csv than either alone (5-fold,
out of fold; see the model card). Trained by ``nlp.training.train_complaint`` on English
tweets, so it only speaks for English posts. Shipped as plain arrays in an ``.npz`` (the
vocabularies, IDF weights and coefficients), not a pickle, so it loads with any scikit-learn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

LEXICAL_VERSION = "lex-1"
_PARTS = {  # the two vectorisers, by name; their settings are part of the version
    "word": {"analyzer": "word", "ngram_range": (1, 2)},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5)},
}


def _vectorizer(name: str, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        **_PARTS[name], min_df=2, sublinear_tf=True, lowercase=True, vocabulary=vocabulary
    )


class LexicalComplaintModel:
    """``fit(texts, labels)`` or ``load(path)``, then ``predict_proba(texts)``."""

    version = LEXICAL_VERSION

    def __init__(self) -> None:
        self._vectorizers: dict[str, TfidfVectorizer] = {}
        self._coef = np.zeros(0)
        self._intercept = 0.0

    def fit(
        self, texts: Sequence[str], labels: np.ndarray, c: float = 1.0
    ) -> LexicalComplaintModel:
        """Class-balanced logistic regression, scikit-learn's defaults otherwise (C not tuned)."""
        self._vectorizers = {name: _vectorizer(name) for name in _PARTS}
        x = hstack([v.fit_transform(texts) for v in self._vectorizers.values()]).tocsr()
        lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, labels)
        self._coef, self._intercept = lr.coef_[0].astype(np.float32), float(lr.intercept_[0])
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros(0, dtype=np.float32)
        x = hstack([v.transform(texts) for v in self._vectorizers.values()]).tocsr()
        logits = x @ self._coef + self._intercept
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {
            "coef": self._coef,
            "intercept": np.array([self._intercept]),
        }
        for name, v in self._vectorizers.items():
            terms = sorted(v.vocabulary_, key=v.vocabulary_.__getitem__)
            arrays[f"{name}_terms"] = np.array(terms, dtype=str)
            arrays[f"{name}_idf"] = v.idf_.astype(np.float32)
        np.savez_compressed(path, **arrays)

    def fingerprint(self) -> str:
        """A digest of the fitted model (vocabularies, idf, coefficients): same fit, same text."""
        h = hashlib.sha256()
        for name in sorted(self._vectorizers):
            v = self._vectorizers[name]
            vocabulary = v.vocabulary if v.vocabulary is not None else v.vocabulary_
            h.update(repr(sorted(vocabulary.items())).encode())
            h.update(np.asarray(v.idf_, dtype=np.float64).tobytes())
        h.update(np.asarray(self._coef, dtype=np.float32).tobytes())
        h.update(np.float64(self._intercept).tobytes())
        return h.hexdigest()

    @classmethod
    def load(cls, path: Path) -> LexicalComplaintModel:
        """Raises ValueError (with the path) when the file is not such a model."""
        model = cls()
        try:
            with np.load(path, allow_pickle=False) as z:
                for name in _PARTS:
                    terms = [str(t) for t in z[f"{name}_terms"]]
                    v = _vectorizer(name, {t: i for i, t in enumerate(terms)})
                    v.idf_ = z[f"{name}_idf"].astype(np.float64)
                    model._vectorizers[name] = v
                model._coef = z["coef"].astype(np.float32)
                model._intercept = float(z["intercept"][0])
        except (KeyError, OSError, ValueError) as exc:
            raise ValueError(f"{path} is not a lexical complaint model: {exc}") from exc
        width = sum(len(v.vocabulary) for v in model._vectorizers.values())
        if width != model._coef.size:
            raise ValueError(f"{path}: {model._coef.size} coefficients for {width} n-grams")
        return model
