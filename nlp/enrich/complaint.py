"""Complaint detection: a logistic head over MiniLM sentence embeddings, trained by
``nlp.training.train_complaint`` and shipped as a small weights file."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import torch
from torch import nn

from nlp.enrich.base import EMBEDDING_DIM

DEFAULT_WEIGHTS = "complaint_head.pt"


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


class TorchComplaintClassifier:
    """``predict_proba(embeddings) -> P(complaint)``; ``threshold`` turns it into 0/1."""

    def __init__(self, path: str | Path | None = None) -> None:
        path = Path(path) if path is not None else default_weights_path()
        if not path.exists():
            raise ComplaintModelError(
                f"complaint weights not found at {path}; train them with "
                "`python -m nlp.training.train_complaint --data ../shared/data`"
            )
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

    def predict_proba(self, embeddings: np.ndarray) -> np.ndarray:
        if len(embeddings) == 0:
            return np.zeros(0, dtype=np.float32)
        with torch.inference_mode():
            logits = self.head(torch.from_numpy(np.asarray(embeddings, dtype=np.float32)))
        return torch.sigmoid(logits).numpy().astype(np.float32)

    def predict(self, embeddings: np.ndarray) -> np.ndarray:
        return (self.predict_proba(embeddings) >= self.threshold).astype(np.int64)
