"""Small interfaces for the enrichment stages: one verb each, so any stage can be swapped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

EMBEDDING_DIM = 384


@dataclass(frozen=True)
class Normalized:
    """A post split into what the model reads and what attribution needs."""

    model_text: str  # URLs and handles removed, repeats folded, emoji as words
    match_text: str  # the original text, cleaned (valid str, bounded length)
    plain_text: str  # model_text without emoji words: what the language detector reads
    handles: tuple[str, ...]
    hashtags: tuple[str, ...]
    domains: tuple[str, ...]
    text_hash: str
    # hosts seen only in links into their content ("youtube.com/watch?v=…"): shared, not named
    shared_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """Where a post comes from, with the evidence and a confidence in 0..1."""

    country: str = ""
    region: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    evidence: str = ""
    confidence: float = 0.0
    # read from one name alone, neither a country's nor after a place word ("Mon", "Nada"):
    # a national service of another country the post names outweighs it (region.py)
    lone: bool = field(default=False, compare=False, repr=False)
    # how surely the names read are this place, whatever the evidence's kind: the share of the
    # votes its country got times, for a city, its share of the cities of that name ("Dakar"
    # 1.0, "Newcastle" 0.56: Newcastle, NSW and upon Tyne); what may rule operators out
    reading: float = field(default=1.0, compare=False, repr=False)


class Normalizer(Protocol):
    version: str

    def normalize(self, text: object) -> Normalized: ...


class LanguageDetector(Protocol):
    version: str

    def detect(self, texts: Sequence[str], hints: Sequence[str] | None = None) -> list[str]: ...


class Embedder(Protocol):
    version: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class Attributor(Protocol):
    version: str

    def attribute(
        self,
        posts: Sequence[Normalized],
        embeddings: np.ndarray | None = None,
        langs: Sequence[str] | None = None,
        complaints: Sequence[bool] | None = None,
        countries: Sequence[str] | None = None,
    ) -> list[list[str]]: ...


class ComplaintClassifier(Protocol):
    version: str

    def predict_proba(
        self,
        embeddings: np.ndarray,
        texts: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
    ) -> np.ndarray: ...


class SymptomTagger(Protocol):
    version: str

    def tag(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        complaint: Sequence[int],
        games: Sequence[bool] | None = None,
        failed: Sequence[bool] | None = None,
        recovered: Sequence[bool] | None = None,
    ) -> list[list[str]]: ...


class Geocoder(Protocol):
    version: str

    def locate(
        self,
        texts: Sequence[str],
        langs: Sequence[str],
        author_locations: Sequence[str | None],
        lat: Sequence[float | None],
        lon: Sequence[float | None],
        hashtags: Sequence[Sequence[str]] | None = None,
    ) -> list[Place]: ...
