"""Complaint detection: a logistic head over MiniLM sentence embeddings, averaged in English
with a logistic regression over the post's n-grams (``complaint_lexical``); both trained by
``nlp.training.train_complaint`` and shipped as small files in ``nlp/models``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import torch
from torch import nn

from nlp.enrich.base import EMBEDDING_DIM
from nlp.enrich.complaint_lexical import LexicalComplaintModel
from nlp.enrich.failure import recovered
from nlp.enrich.language import content_words

DEFAULT_WEIGHTS = "complaint_head.pt"
LEXICAL_FILE = "complaint_lexical.npz"  # beside the head's weights
LEXICAL_LANGS = ("en", "und")  # the n-gram model read English tweets only
# A post that states nothing cannot report a breach: replies in a support thread such as
# "Android 7.1.1 Spotify 8.4.28", "USA" or "sent :)" read as complaints to both models (they
# sit among complaints in embedding space). Below this many words, the score is capped.
MIN_STATEMENT_WORDS = 2
NO_STATEMENT_SCORE = 0.1
# A post saying the service works again, with no failure beside it ("Spotify is working again,
# thanks!", "all good now"; nlp/enrich/failure.py::recovered), reports nothing that fell short
# of expectations; both models score it as a complaint (it reads like a support reply)
RECOVERED_SCORE = 0.2
RECOVERY_RULE = "rec3"

_TRAIN = "train both with `python -m nlp.training.train_complaint --data ../shared/data`"


class ComplaintHead(nn.Module):
    """One linear layer: a calibrated logistic regression over the embedding."""

    def __init__(self, dim: int = EMBEDDING_DIM) -> None:
        super().__init__()
        self.linear = nn.Linear(dim, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x).squeeze(-1)


class ComplaintModelError(RuntimeError):
    """The weights file is missing or does not match the head."""


def default_weights_path() -> Path:
    return Path(str(resources.files("nlp").joinpath("models", DEFAULT_WEIGHTS)))


def head_meta(path: str | Path | None = None) -> dict:
    """The head's ``meta`` (its width, the embedder it was trained on...), without building
    the classifier: what a swapped embedder is checked against (nlp/enrich/embedder_fit.py)."""
    path = Path(path) if path is not None else default_weights_path()
    if not path.exists():
        raise ComplaintModelError(f"complaint weights not found at {path}; {_TRAIN}")
    try:
        return dict(torch.load(path, map_location="cpu", weights_only=True)["meta"])
    except (KeyError, TypeError, RuntimeError) as exc:
        raise ComplaintModelError(f"{path} is not a complaint head: {exc}") from exc


class TorchComplaintClassifier:
    """``predict_proba(embeddings, texts, langs) -> P(complaint)``; ``threshold`` turns it
    into 0/1. With the texts, an English post's probability is the mean of the embedding
    head's and the n-gram model's; elsewhere (or without texts) it is the head's."""

    def __init__(self, path: str | Path | None = None, *, lexical: bool = True) -> None:
        path = Path(path) if path is not None else default_weights_path()
        if not path.exists():
            raise ComplaintModelError(f"complaint weights not found at {path}; {_TRAIN}")
        blob = torch.load(path, map_location="cpu", weights_only=True)
        try:
            self.meta = dict(blob["meta"])
            self.head = ComplaintHead(int(self.meta.get("dim", EMBEDDING_DIM)))
            self.head.load_state_dict(blob["state_dict"])
        except (KeyError, RuntimeError) as exc:
            raise ComplaintModelError(f"{path} is not a complaint head: {exc}") from exc
        self.head.eval()
        self.threshold = float(self.meta.get("threshold", 0.5))
        self.version = str(self.meta.get("version", "complaint-unknown"))
        self.lexical: LexicalComplaintModel | None = None
        if lexical:
            lex_path = path.with_name(LEXICAL_FILE)
            if not lex_path.exists():
                raise ComplaintModelError(
                    f"lexical complaint model not found at {lex_path}; {_TRAIN}"
                )
            try:
                self.lexical = LexicalComplaintModel.load(lex_path)
            except ValueError as exc:
                raise ComplaintModelError(str(exc)) from exc
            self.version += f"+{self.lexical.version}"
        self.version += f"+stmt{MIN_STATEMENT_WORDS}"  # the cap on posts that state nothing
        self.version += f"+{RECOVERY_RULE}"  # and on posts that say it works again
        # the weights' own digest: a retrain on other data changes the version (the name
        # above does not), so `process --reprocess` redoes the posts the old weights scored
        self.version += f"@{self._digest()}"

    def _digest(self) -> str:
        h = hashlib.sha256()
        for tensor in self.head.state_dict().values():
            h.update(tensor.detach().cpu().numpy().tobytes())
        if self.lexical is not None:
            h.update(self.lexical.fingerprint().encode())
        return h.hexdigest()[:8]

    def predict_proba(
        self,
        embeddings: np.ndarray,
        texts: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
        recovered: Sequence[bool] | None = None,
    ) -> np.ndarray:
        """``recovered``: ``failure.recovered`` of each text when the caller has it already
        (the pipeline reads it for its own cap: FailureCues.recovery)."""
        if len(embeddings) == 0:
            return np.zeros(0, dtype=np.float32)
        with torch.inference_mode():
            logits = self.head(torch.from_numpy(np.asarray(embeddings, dtype=np.float32)))
        p = torch.sigmoid(logits).numpy().astype(np.float32)
        if texts is None:
            return p
        english = [i for i in range(len(p)) if langs is None or langs[i] in LEXICAL_LANGS]
        if english and self.lexical is not None:
            lex = self.lexical.predict_proba([texts[i] for i in english])
            p[english] = (p[english] + lex) / 2
        return cap_recovered(cap_statementless(p, texts), texts, recovered)

    def predict(
        self,
        embeddings: np.ndarray,
        texts: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
    ) -> np.ndarray:
        return (self.predict_proba(embeddings, texts, langs) >= self.threshold).astype(np.int64)


def cap_statementless(p: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """``p`` with the posts that state nothing (fewer than MIN_STATEMENT_WORDS words beyond
    versions, devices and numbers, Latin script) capped at NO_STATEMENT_SCORE."""
    words = [content_words(t) for t in texts]
    quiet = np.array([w is not None and w < MIN_STATEMENT_WORDS for w in words], dtype=bool)
    return np.where(quiet, np.minimum(p, NO_STATEMENT_SCORE), p).astype(p.dtype)


def cap_recovered(
    p: np.ndarray, texts: Sequence[str], said: Sequence[bool] | None = None
) -> np.ndarray:
    """``p`` with the posts that say the service works again, and report no failure beside it,
    capped at RECOVERED_SCORE; ``said``: ``recovered`` of each text, when already read."""
    fine = np.array([recovered(t) for t in texts] if said is None else said, dtype=bool)
    return np.where(fine, np.minimum(p, RECOVERED_SCORE), p).astype(p.dtype)
