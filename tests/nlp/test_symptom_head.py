"""The learned symptom reader tried in bench/try_symptom_head.py (not shipped): its examples
and its decision rule."""

import numpy as np
import pandas as pd

from nlp.enrich.symptoms import SYMPTOMS
from nlp.training.train_symptom_head import EXAMPLES, SymptomHead


def test_examples_hold_every_symptom_and_posts_with_none():
    df = pd.read_csv(EXAMPLES, dtype=str, keep_default_na=False)
    labels = [s for cell in df["symptoms"] for s in filter(None, cell.split(";"))]
    assert set(labels) == set(SYMPTOMS)
    assert (df["symptoms"] == "").sum() >= 40  # posts that report nothing
    assert df["text"].is_unique and (df["text"].str.strip() != "").all()
    assert 400 <= len(df) <= 800


def _head(min_proba: float = 0.5) -> SymptomHead:
    """A head reading dimension k as symptom k: a post's vector says its probabilities."""
    k = len(SYMPTOMS)
    return SymptomHead(
        np.eye(k, dtype=np.float32) * 10, np.full(k, -5.0), SYMPTOMS, None, min_proba
    )


def test_head_names_the_top_symptom_of_complaints_only():
    e = np.zeros((4, len(SYMPTOMS)), np.float32)
    e[:, SYMPTOMS.index("login")] = 1.0  # p = sigmoid(5)
    e[3, SYMPTOMS.index("login")] = 0.4  # p = sigmoid(-1): too unsure
    assert _head().guess(e, [1, 0, 1, 1]) == ["login", None, "login", None]


def test_head_never_guesses_other():
    e = np.zeros((1, len(SYMPTOMS)), np.float32)
    e[0, SYMPTOMS.index("other")] = 1.0
    assert _head().guess(e, [1]) == [None]
    assert _head().guess(None, [1, 1]) == [None, None]
