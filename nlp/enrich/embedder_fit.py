"""Whether an embedder's vectors can feed the pipeline and the complaint head: checked when the
stages are built, not found deep in torch or as complaint scores that silently mean nothing.

The pipeline holds EMBEDDING_DIM floats a post (the batches, the warehouse's FLOAT[384]
columns), and the default complaint head is a linear layer over the bundled
all-MiniLM-L6-v2's vectors: another width cannot run at all, and another model of the same
width runs, but the head reads coordinates that mean something else. The Embedder Protocol
offers a ``version`` (and the bundled embedders a ``dim``): the width is the ``dim`` when
there is one, else that of one encoded probe; the model's identity is its ``version``,
compared with the one the head's weights record (``meta["embedder"]``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np

from nlp.enrich.base import EMBEDDING_DIM

log = logging.getLogger(__name__)

TRAINED_ON = "all-MiniLM-L6-v2's 384-d vectors"
RETRAIN = (
    "retrain the head on it with `python -m nlp.training.train_complaint --data ../shared/data "
    "--embedder module:Class` (nlp/training/train_complaint.py)"
)
_warned: set[tuple[str, str]] = set()  # (embedder version, head's embedder): said once each


class EmbedderMismatch(ValueError):
    """An embedder whose vectors the pipeline (or the complaint head) cannot read."""


def bundled(embedder: object) -> bool:
    """The bundled MiniLM, on either backend: what the head was trained on (its ONNX export
    and PyTorch agree to cosine ~0.99, nlp/models/MODEL_CARD.md)."""
    from nlp.enrich.embed import MiniLMEmbedder
    from nlp.enrich.onnx_embed import OnnxMiniLMEmbedder

    return isinstance(embedder, (MiniLMEmbedder, OnnxMiniLMEmbedder))


def embedder_dim(embedder: Any) -> int:
    """The width of the embedder's vectors: its ``dim``, else that of one encoded probe."""
    dim = getattr(embedder, "dim", None)
    if isinstance(dim, int):
        return dim
    return int(np.asarray(embedder.encode(["is it down?"])).reshape(1, -1).shape[1])


def describe(embedder: object) -> str:
    """'hash-embed-1' (HashEmbedder): how a message names an embedder."""
    return f"{str(getattr(embedder, 'version', '?'))!r} ({type(embedder).__name__})"


def check_embedder(embedder: Any, head: Mapping[str, Any] | None) -> None:
    """Raise EmbedderMismatch when the embedder's vectors are not EMBEDDING_DIM wide (or not
    the head's width); log a warning, once per embedder and head, when they are but come
    from another model than the head was trained on. ``head``: the complaint head's
    ``meta`` when the default head reads the vectors, None when a swapped classifier does."""
    if bundled(embedder):
        return
    dim = embedder_dim(embedder)
    head_dim = int(head.get("dim", EMBEDDING_DIM)) if head is not None else EMBEDDING_DIM
    if dim != EMBEDDING_DIM or dim != head_dim:
        raise EmbedderMismatch(
            f"the embedder {describe(embedder)} gives {dim}-d vectors; the complaint head "
            f"(nlp/models/complaint_head.pt) was trained on {TRAINED_ON}, and the rest of the "
            f"pipeline and the warehouse hold {EMBEDDING_DIM} floats a post (EMBEDDING_DIM, "
            f"nlp/enrich/base.py). Use an embedder of {EMBEDDING_DIM}-d vectors (e.g. project "
            f"its vectors down), then {RETRAIN}, or swap the complaint stage too"
        )
    if head is None:
        return
    trained = str(head.get("embedder", ""))
    version = str(getattr(embedder, "version", type(embedder).__name__))
    if version == trained or (version, trained) in _warned:
        return
    _warned.add((version, trained))
    log.warning(
        "the embedder %s is not the model the complaint head was trained on (%s, %s): its "
        "%d-d vectors fit the head, but its complaint scores probably mean nothing; %s, or "
        "swap the complaint stage too",
        describe(embedder),
        trained or "unknown",
        TRAINED_ON,
        dim,
        RETRAIN,
    )
