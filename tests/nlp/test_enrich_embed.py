from __future__ import annotations

import numpy as np
import pytest

from nlp.enrich.embed import MiniLMEmbedder, shared_embedder

pytestmark = pytest.mark.slow

TEXTS = [
    "Spotify keeps crashing when I open a playlist",
    "no internet since this morning, the router just blinks",
    "I baked an apple pie",
    "",
    "🔥",
]


def test_shape_dtype_and_unit_norm(embedder):
    v = embedder.encode(TEXTS)
    assert v.shape == (5, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert embedder.encode([]).shape == (0, 384)


def test_batching_and_order_do_not_change_vectors(embedder):
    full = embedder.encode(TEXTS)
    single = np.vstack([embedder.encode([t]) for t in TEXTS])
    assert np.allclose(full, single, atol=1e-4)


def test_default_backend_stays_close_to_the_pytorch_model(embedder):
    reference = MiniLMEmbedder().encode(TEXTS[:3])
    cos = (embedder.encode(TEXTS[:3]) * reference).sum(axis=1)
    assert (cos > 0.95).all()


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown embedding backend"):
        shared_embedder("gpu")
