from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch

from nlp.enrich.complaint import (
    LEXICAL_FILE,
    ComplaintModelError,
    TorchComplaintClassifier,
    default_weights_path,
)
from nlp.enrich.complaint_lexical import LexicalComplaintModel
from nlp.training.train_complaint import fit, predict


def test_shipped_weights_load_with_a_version_and_threshold():
    clf = TorchComplaintClassifier()
    assert clf.version.startswith("complaint-")
    assert 0 < clf.threshold < 1
    assert clf.predict_proba(np.zeros((0, 384), np.float32)).shape == (0,)


def test_a_recovery_read_by_the_caller_is_not_read_again(monkeypatch):
    """The pipeline hands the model its reading of each post (FailureCues.recovery): the cap
    follows it, and the model does not read the posts for one a second time."""
    import nlp.enrich.complaint as complaint

    def read_again(text: str) -> bool:
        raise AssertionError(f"read again: {text}")

    clf = TorchComplaintClassifier()
    monkeypatch.setattr(complaint, "recovered", read_again)
    texts = ["Spotify is working again, thanks!", "Spotify is down again since this morning"]
    zeros = np.zeros((2, 384), np.float32)
    capped = clf.predict_proba(zeros, texts, ["en", "en"], recovered=[True, True])
    as_read = clf.predict_proba(zeros, texts, ["en", "en"], recovered=[False, False])
    assert (capped <= complaint.RECOVERED_SCORE).all()
    assert as_read[1] > complaint.RECOVERED_SCORE  # the caller's reading, not the text's


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
    texts = complaints + neutral
    for p in (clf.predict_proba(embedder.encode(texts)),
              clf.predict_proba(embedder.encode(texts), texts, ["en"] * 6)):  # fmt: skip
        assert (p[:3] >= clf.threshold).all()
        assert (p[3:] < clf.threshold).all()


def test_lexical_model_round_trips_through_its_file(tmp_path):
    texts = ["refund my money now", "still waiting for a refund", "love the new playlist",
             "great service thanks", "worst app ever, refund", "thanks, love it"] * 3  # fmt: skip
    y = np.array([1, 1, 0, 0, 1, 0] * 3)
    model = LexicalComplaintModel().fit(texts, y)
    model.save(tmp_path / "lex.npz")
    again = LexicalComplaintModel.load(tmp_path / "lex.npz")
    probe = ["I want a refund", "love this playlist", "完全に無関係"]
    assert np.allclose(model.predict_proba(probe), again.predict_proba(probe))
    p = again.predict_proba(probe)
    assert p[0] > 0.5 > p[1]


def test_missing_or_foreign_lexical_model_gives_a_precise_error(tmp_path):
    head = tmp_path / "complaint_head.pt"
    shutil.copyfile(default_weights_path(), head)
    with pytest.raises(ComplaintModelError, match="lexical complaint model not found"):
        TorchComplaintClassifier(head)
    np.savez(tmp_path / LEXICAL_FILE, something=np.zeros(3))
    with pytest.raises(ComplaintModelError, match="not a lexical complaint model"):
        TorchComplaintClassifier(head)
    assert TorchComplaintClassifier(head, lexical=False).lexical is None


def test_ngrams_speak_for_english_posts_only():
    clf = TorchComplaintClassifier()
    x = np.random.default_rng(1).normal(size=(2, 384)).astype(np.float32)
    head_only = clf.predict_proba(x)
    texts = ["still waiting for my refund, ridiculous", "still waiting for my refund, ridiculous"]
    mixed = clf.predict_proba(x, texts, ["en", "ja"])
    assert mixed[1] == pytest.approx(head_only[1])  # not English: the head alone
    lex = clf.lexical.predict_proba(texts[:1])[0]
    assert mixed[0] == pytest.approx((head_only[0] + lex) / 2)


@pytest.mark.slow
def test_a_post_that_states_nothing_is_no_complaint(embedder):
    """Replies in a support thread (device and version, a country, "sent") read as complaints
    to both models; the statement cap keeps them out, and leaves a two-word report alone."""
    clf = TorchComplaintClassifier()
    replies = [
        "Android 7.1.1 Spotify 8.4.28.875",
        "iPhone 7 , iOS 10.3.3 , Spotify 8.4.28",
        "Galaxy A5 2017 OS: ANDROID 7.0. SPOTIFY: 8.4.21.508 armV7",
        "Australia",
        "sent :)",
    ]
    reports = ["app crashing again", "still no signal here, third day running"]
    texts = replies + reports
    raw = clf.predict_proba(embedder.encode(texts))  # no texts: the embedding head alone
    p = clf.predict_proba(embedder.encode(texts), texts, ["und"] * len(texts))
    assert (raw[:3] >= clf.threshold).any()  # the failure the cap is there for
    assert (p[: len(replies)] <= 0.1).all()
    assert (p[len(replies) :] >= clf.threshold).all()
    assert "+stmt2+rec3@" in clf.version


@pytest.mark.slow
def test_a_post_that_says_it_works_again_is_no_complaint(embedder):
    """ "It's working now thanks" reads as a complaint to both models (review 127); the
    recovery cap keeps it out, and leaves a failure beside the works words alone."""
    clf = TorchComplaintClassifier()
    fine = ["It's working now thanks :)", "Spotify is working again, thanks!"]
    failing = ["working now but still can't log in", "it was working now it's down again"]
    texts = fine + failing
    p = clf.predict_proba(embedder.encode(texts), texts, ["en"] * len(texts))
    assert (p[: len(fine)] <= 0.2).all()
    assert (p[len(fine) :] >= clf.threshold).all()


def test_a_retrained_head_has_another_version(tmp_path):
    """The version carries a digest of the weights: a retrain on other data (same code,
    same name) still makes `process --reprocess` redo the scores."""
    shipped = TorchComplaintClassifier()
    blob = torch.load(default_weights_path(), map_location="cpu", weights_only=True)
    blob["state_dict"]["linear.bias"] = blob["state_dict"]["linear.bias"] + 0.01
    other = tmp_path / "complaint_head.pt"
    torch.save(blob, other)
    shutil.copy(default_weights_path().with_name(LEXICAL_FILE), tmp_path / LEXICAL_FILE)
    assert TorchComplaintClassifier(other).version != shipped.version
    assert TorchComplaintClassifier().version == shipped.version  # same weights, same version
