from __future__ import annotations

import numpy as np
import pytest
import torch

from nlp.enrich.complaint import ComplaintModelError, TorchComplaintClassifier
from nlp.training.train_complaint import fit, predict


def test_shipped_weights_load_with_a_version_and_threshold():
    clf = TorchComplaintClassifier()
    assert clf.version.startswith("complaint-")
    assert 0 < clf.threshold < 1
    assert clf.predict_proba(np.zeros((0, 384), np.float32)).shape == (0,)


def test_missing_or_foreign_weights_give_a_precise_error(tmp_path):
    with pytest.raises(ComplaintModelError, match="not found"):
        TorchComplaintClassifier(tmp_path / "nope.pt")
    bad = tmp_path / "bad.pt"
    torch.save({"something": 1}, bad)
    with pytest.raises(ComplaintModelError, match="not a complaint head"):
        TorchComplaintClassifier(bad)


def test_training_is_deterministic_and_learns_a_separable_problem():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 384)).astype(np.float32)
    y = (x[:, 0] + 0.1 * rng.normal(size=200) > 0).astype(np.int64)
    a, b = fit(x, y), fit(x, y)
    assert torch.equal(a.linear.weight, b.linear.weight)
    assert ((predict(a, x) >= 0.5) == y).mean() > 0.95


@pytest.mark.slow
def test_real_complaints_score_higher_than_neutral_posts(embedder):
    clf = TorchComplaintClassifier()
    complaints = [
        "my internet has been down all day and nobody answers the phone",
        "charged twice this month and still no refund, terrible service",
        "the app crashed again and I lost my whole order",
    ]
    neutral = [
        "thanks for the quick help earlier, all sorted now",
        "what time does the new season come out?",
        "listening to my favourite playlist on the train",
    ]
    p = clf.predict_proba(embedder.encode(complaints + neutral))
    assert (p[:3] >= clf.threshold).all()
    assert (p[3:] < clf.threshold).all()
