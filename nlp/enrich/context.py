"""Which sense of an ambiguous name a post uses, decided in embedding space.

Each ambiguous service gets two prototypes: the name in typical sentences about the service
(problems, ordinary use, what kind of service it is), and the bare everyday word. A post counts as naming the service only when it sits closer to the
first by a margin, so "apple pie" or "discord between them" stay unattributed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlp.enrich.base import Embedder
from outagewatch.catalog import Service

SERVICE_TEMPLATES = (
    "{n} is down",
    "I can't log in to {n}",
    "the {n} app keeps crashing",
    "{n} customer support is not answering",
    "problem with my {n} account",
    "{n} website not working",
    "{n} outage today",
    "the new {n} update broke everything",
    # ordinary use of the service, so calm posts ("paid rent through Chase") also fit
    "I use {n} every day",
    "my {n} account",
    "{n} raised its prices",
    "paid with {n}",
    "how do I change my plan on {n}?",
    "{n} has a new feature",
)
# What the service is, in words the encoder knows: "Chase, the bank".
CATEGORY_WORDS = {
    "streaming": "video and music streaming service", "social": "social network",
    "messaging": "messaging app", "cloud": "cloud computing platform",
    "cdn": "content delivery network", "banking": "bank", "payments": "payment service",
    "gaming": "online gaming service", "isp_telco": "internet and mobile phone provider",
    "productivity": "online work software", "devtools": "software developer platform",
    "ecommerce": "online shop", "email": "email service", "ai": "AI chatbot",
    "travel": "airline and travel company", "other": "technology company",
}  # fmt: skip
WORD_TEMPLATES = ("{w}", "the {w}", "{w}s", "about the {w}")
MARGIN = 0.05  # chosen before looking at any labelled data: abstain when the senses are close


class AmbiguityResolver:
    """Prototype comparison per ambiguous service; prototypes are built lazily, once."""

    def __init__(
        self,
        catalog: Sequence[Service],
        embedder: Embedder,
        margin: float = MARGIN,
    ) -> None:
        self._services = {s.slug: s for s in catalog if s.ambiguous}
        self._embedder = embedder
        self.margin = margin
        self.version = f"ctx-2-m{margin:g}"
        self._protos: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _prototypes(self, slug: str) -> tuple[np.ndarray, np.ndarray]:
        if slug not in self._protos:
            svc = self._services[slug]
            texts = [t.format(n=svc.name) for t in SERVICE_TEMPLATES]
            texts.append(f"{svc.name}, the {CATEGORY_WORDS.get(svc.category, 'online service')}")
            k = len(texts)
            texts += [t.format(w=svc.name.lower()) for t in WORD_TEMPLATES]
            vecs = self._embedder.encode(texts)
            self._protos[slug] = (_unit(vecs[:k].mean(0)), _unit(vecs[k:].mean(0)))
        return self._protos[slug]

    def is_service_sense(self, slug: str, text: str, embedding: np.ndarray | None) -> bool:
        if slug not in self._services or embedding is None or not text:
            return False
        service, word = self._prototypes(slug)
        v = np.asarray(embedding, dtype=np.float32)
        return float(v @ service - v @ word) > self.margin


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else v.astype(np.float32)
