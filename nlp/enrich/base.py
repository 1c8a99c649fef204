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


# The stages' Protocols: exactly what the Enricher (nlp/enrich/pipeline.py) and its thread
# stage call, and how. Each is one of the [pipeline] stages in nlp/stages.py (the normalizer
# is not: every other stage reads its `Normalized`). Every stage has a `version`, which goes
# into the pipeline's version, so `process --reprocess` redoes posts when a stage changes.


class Normalizer(Protocol):
    version: str

    def normalize(self, text: object) -> Normalized: ...


class LanguageDetector(Protocol):
    """One ISO 639-1 code per text ("und" when unsure); ``hints`` are the sources' own."""

    version: str

    def detect(self, texts: Sequence[str], hints: Sequence[str] | None = None) -> list[str]: ...


class Embedder(Protocol):
    """One unit-norm row of EMBEDDING_DIM floats per text: the complaint head, the symptom
    prototypes and the incidents' clusters read them. Another width is refused when the
    stages are built; another model under the default complaint head (``version`` other than
    the one its weights record) is warned once (nlp/enrich/embedder_fit.py). An optional
    ``dim`` saves the check one encoded probe."""

    version: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class Attributor(Protocol):
    """The catalog slugs each post names, best first. The pipeline passes all five
    arguments, positionally. An attributor that also tells the services a post names only in
    passing ("Steam's up, it's the Epic launcher") has `attribute_and_passing`
    (PassingAttributor); without it, no service is "in passing" and the thread stage may give
    any post that names none its thread's service."""

    version: str

    def attribute(
        self,
        posts: Sequence[Normalized],
        embeddings: np.ndarray | None = None,
        langs: Sequence[str] | None = None,
        complaints: Sequence[bool] | None = None,
        countries: Sequence[str] | None = None,
    ) -> list[list[str]]: ...


class PassingAttributor(Attributor, Protocol):
    """The optional capability the pipeline uses when an attributor has it (the default
    CatalogAttributor does): the slugs, the slugs named only in passing, and ``firm[i]``,
    whether the post's place rules out operators that do not serve its country."""

    def attribute_and_passing(
        self,
        posts: Sequence[Normalized],
        embeddings: np.ndarray | None = None,
        langs: Sequence[str] | None = None,
        complaints: Sequence[bool] | None = None,
        countries: Sequence[str] | None = None,
        firm: Sequence[bool] | None = None,
    ) -> tuple[list[list[str]], list[list[str]]]: ...


class ComplaintClassifier(Protocol):
    """A complaint probability per post. The pipeline then caps a post that says the service
    works again and lifts one with a failure cue (nlp/enrich/failure.py) to FAILURE_SCORE:
    the stored score is max(min(p, cap if recovered), 0.75 if a failure cue). It reads an
    optional ``threshold`` attribute (default 0.5) to call a score a complaint, and an
    optional ``failure_lift`` (default True): False keeps the classifier's score where a
    failure cue would lift it (the cue still counts as what failed in ``problem``).
    A ``predict_proba`` that also takes ``recovered=`` (one bool per text: the failure cues'
    reading that the post says the service works again) is passed it, for a classifier that
    caps recoveries itself (the default does, from the same reading)."""

    version: str

    def predict_proba(
        self,
        embeddings: np.ndarray,
        texts: Sequence[str] | None = None,
        langs: Sequence[str] | None = None,
    ) -> np.ndarray: ...


class SymptomTagger(Protocol):
    """Symptom labels per post. ``categories[i]``: the catalog category all the post's
    services share (None: no service, or several kinds); ``failed``/``recovered``: the
    failure cues' reading of the post."""

    version: str

    def tag(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        complaint: Sequence[int],
        categories: Sequence[str | None] | None = None,
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
