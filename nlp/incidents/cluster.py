"""Clustering stage: features (embedding + symptom + country + time) and two clusterers.

Both clusterers follow the ``Clusterer`` protocol (``fit_predict(features) -> labels``) so
the builder, the benchmark and the tests can swap them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from sklearn.cluster import HDBSCAN, AgglomerativeClustering
from sklearn.decomposition import PCA


def build_features(
    embeddings: np.ndarray,
    symptoms: Sequence[Sequence[str]] | None = None,
    countries: Sequence[str] | None = None,
    minutes: np.ndarray | None = None,
    *,
    symptom_weight: float = 0.5,
    country_weight: float = 0.3,
    time_weight: float = 0.3,
) -> np.ndarray:
    """One row per post: unit embedding, then weighted symptom, country and time blocks.

    Symptom and country blocks are unit-norm one-hots (unknown country = zeros), scaled by
    their weights, so each block's influence on a Euclidean distance is bounded by it.
    Time is minutes since the first post over the spread, times ``time_weight``.
    """
    emb = np.asarray(embeddings, dtype=np.float32)
    if emb.ndim != 2:
        raise ValueError(f"embeddings must be a 2-D array, got shape {emb.shape}")
    blocks = [emb]
    n = emb.shape[0]
    if symptoms is not None:
        blocks.append(symptom_weight * _one_hot(symptoms, n))
    if countries is not None:
        blocks.append(country_weight * _one_hot([[c] if c else [] for c in countries], n))
    if minutes is not None and n:
        t = np.asarray(minutes, dtype=np.float32)
        spread = float(t.max() - t.min())
        blocks.append((time_weight * (t - t.min()) / max(spread, 1.0))[:, None])
    return np.hstack(blocks).astype(np.float32)


def _one_hot(values: Sequence[Sequence[str]], n: int) -> np.ndarray:
    vocab = sorted({v for row in values for v in row})
    out = np.zeros((n, len(vocab)), dtype=np.float32)
    pos = {v: i for i, v in enumerate(vocab)}
    for i, row in enumerate(values):
        for v in row:
            out[i, pos[v]] = 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


@dataclass
class HDBSCANClusterer:
    """PCA to a few dimensions, HDBSCAN, then noise points joined to the nearest cluster.

    HDBSCAN finds density in low dimensions far better than in 384 (the BERTopic recipe
    uses UMAP; PCA keeps the dependency list short). Every post should belong to an
    incident, so noise is reassigned instead of kept as a label of its own. "leaf"
    selection proposes fine clusters: the split guard merges what is not distinct, while
    "eom" tends to swallow concurrent problems into one or two big clusters.
    ``min_cluster_size`` grows with the batch: max(min_cluster_size, n // size_divisor).
    Defaults chosen on customer_care (bench/eval_clustering.py), not on the scored set.
    """

    version: ClassVar[str] = "hdbscan-pca-leaf-1"
    min_cluster_size: int = 5
    size_divisor: int = 100
    n_components: int = 10
    selection: str = "leaf"
    assign_noise: bool = True
    random_state: int = 0

    def fit_predict(self, features: np.ndarray) -> np.ndarray:
        x = np.asarray(features, dtype=np.float64)
        n = x.shape[0]
        size = max(self.min_cluster_size, n // self.size_divisor)
        if n < 2 * size:
            return np.zeros(n, dtype=int)
        k = min(self.n_components, x.shape[1], n - 1)
        if k < x.shape[1]:
            x = PCA(n_components=k, random_state=self.random_state).fit_transform(x)
        labels = HDBSCAN(
            min_cluster_size=size, cluster_selection_method=self.selection, copy=True
        ).fit_predict(x)
        if (labels < 0).all():
            return np.zeros(n, dtype=int)
        if self.assign_noise:
            labels = _join_noise(x, labels)
        return labels


@dataclass
class AgglomerativeClusterer:
    """Average-linkage agglomerative clustering with a cosine distance cut-off."""

    version: ClassVar[str] = "agglomerative-cosine-1"
    distance_threshold: float = 0.6

    def fit_predict(self, features: np.ndarray) -> np.ndarray:
        x = np.asarray(features, dtype=np.float64)
        if x.shape[0] < 2:
            return np.zeros(x.shape[0], dtype=int)
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=self.distance_threshold,
        )
        return model.fit_predict(x)


def _join_noise(x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Give each noise point (-1) the label of the nearest cluster centroid."""
    out = labels.copy()
    noise = out < 0
    if not noise.any():
        return out
    ids = np.unique(out[~noise])
    centroids = np.stack([x[out == c].mean(axis=0) for c in ids])
    d = ((x[noise][:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    out[noise] = ids[np.argmin(d, axis=1)]
    return out
