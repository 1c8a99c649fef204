"""The Enricher: runs the enrichment stages over a batch of posts (a pandas DataFrame).

Pure computation: no database, no network. Each stage is a constructor argument with a
default, so tests and benchmarks can swap any of them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from functools import partial
from inspect import Parameter, signature

import numpy as np
import pandas as pd

from nlp.enrich.attribution import CatalogAttributor
from nlp.enrich.base import (
    EMBEDDING_DIM,
    Attributor,
    ComplaintClassifier,
    Embedder,
    Geocoder,
    LanguageDetector,
    Normalized,
    Normalizer,
    Place,
    SymptomTagger,
)
from nlp.enrich.complaint import LEXICAL_LANGS as READ_LANGS
from nlp.enrich.complaint import RECOVERED_SCORE, TorchComplaintClassifier
from nlp.enrich.context import other_names
from nlp.enrich.embed import SentenceCache, shared_embedder
from nlp.enrich.embed_job import start_embedding
from nlp.enrich.embedder_fit import check_embedder
from nlp.enrich.failure import FAILURE_SCORE, FailureCues
from nlp.enrich.language import LinguaDetector, roman_hindustani
from nlp.enrich.normalize import TextNormalizer
from nlp.enrich.region import GazetteerGeocoder, pinned_by_services
from nlp.enrich.symptoms import OUTAGE_SYMPTOMS, is_problem, masked_names
from nlp.enrich.symptoms import SymptomTagger as CueSymptomTagger
from nlp.enrich.thread import Thread, ThreadContext
from outagewatch.catalog import Service, catalog_fingerprint, uncased

INPUT_COLUMNS = (
    "post_key",
    "text",
    "created_at",
    "lang_hint",
    "author_location",
    "geo_lat",
    "geo_lon",
    "venue",
    "thread_title",
)
OUTPUT_COLUMNS = (
    "post_key", "text_hash", "lang", "services", "service", "complaint", "complaint_score",
    "symptoms", "problem", "country", "region", "city", "lat", "lon", "geo_evidence",
    "geo_confidence", "embedding",
)  # fmt: skip
CACHE_SIZE = 20_000  # embeddings of recent texts (reposts recur within hours): ~30 MB
# how surely a city's name must be read as this one to rule operators out (``Place.reading``)
SURE_READING = 0.8
SLICE = 64  # posts the rules read at a time, while the model embeds the ones after them


def takes_keyword(method: Callable[..., object] | None, name: str) -> bool:
    """Whether ``method`` has a parameter ``name`` it takes by keyword: the pipeline passes an
    optional argument the Protocol names only to a stage that declares it. None (a stage
    without the method, which its Protocol check reports elsewhere): False."""
    if method is None:
        return False
    try:
        param = signature(method).parameters.get(name)
    except (TypeError, ValueError):  # a builtin that cannot say: the Protocol's arguments only
        return False
    return param is not None and param.kind in (
        Parameter.POSITIONAL_OR_KEYWORD,
        Parameter.KEYWORD_ONLY,
    )


class Enricher:
    """``enrich(batch)`` returns one row of signals per post, in the same order."""

    def __init__(
        self,
        catalog: Sequence[Service],
        *,
        embedder: Embedder | None = None,
        normalizer: Normalizer | None = None,
        language: LanguageDetector | None = None,
        attributor: Attributor | None = None,
        complaint: ComplaintClassifier | None = None,
        symptoms: SymptomTagger | None = None,
        geocoder: Geocoder | None = None,
        failure: FailureCues | None = None,
        thread: ThreadContext | None = None,
        cache_size: int = CACHE_SIZE,
        with_embeddings: bool = True,
    ) -> None:
        self.catalog = tuple(catalog)
        self._catalog_version = f"catalog-{catalog_fingerprint(self.catalog)[:10]}"
        self._category = {s.slug: s.category for s in self.catalog}
        self._countries = {s.slug: s.countries for s in self.catalog}
        self.embedder = embedder if embedder is not None else shared_embedder()
        self.normalizer = normalizer or TextNormalizer()
        self.language = language or LinguaDetector(
            names=[n for s in self.catalog if not s.ambiguous for n in s.names]
        )
        self._sentences = SentenceCache(self.embedder)  # the prototypes' vectors, on disk
        self.attributor = attributor or CatalogAttributor(self.catalog, embedder=self._sentences)
        self.complaint = complaint or TorchComplaintClassifier()
        # another embedder: a width the pipeline cannot hold stops here, and another model
        # under the default head is warned (its scores would silently mean nothing)
        head = self.complaint.meta if isinstance(self.complaint, TorchComplaintClassifier) else None
        check_embedder(self.embedder, head)
        # a classifier with `failure_lift = False` keeps its own score where a failure cue
        # would lift it (the cue still counts as what failed in `problem`)
        lifts = bool(getattr(self.complaint, "failure_lift", True))
        predict = getattr(self.complaint, "predict_proba", None)
        self._passes_recovery = takes_keyword(predict, "recovered")
        self._failure_floor = FAILURE_SCORE if lifts else -np.inf
        self.symptoms = symptoms or CueSymptomTagger(
            self._sentences, names=masked_names(self.catalog)
        )
        self.failure = failure or FailureCues(*down_names(self.catalog))
        self.geocoder = geocoder or GazetteerGeocoder(
            names=[n for s in self.catalog for n in s.names]
        )
        if thread is None:
            # the thread stage reads a community's and a title's service with the catalog's
            # own rules (community_slug, needs_context): with another attributor swapped in,
            # it keeps a CatalogAttributor of its own for that, so it stays on
            reader = self.attributor
            if not isinstance(reader, CatalogAttributor):
                reader = CatalogAttributor(self.catalog, embedder=self._sentences)
            thread = ThreadContext(
                reader,
                self.normalizer,
                self.embedder,
                self.failure,
                self.symptoms,
                self._category,
                self.geocoder,
                self.language,
            )
        self.thread = thread
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self.with_embeddings = with_embeddings

    @property
    def version(self) -> str:
        """All stage versions and the catalog's fingerprint (names feed attribution, symptoms
        and failure cues): stored beside the signals, so `process --reprocess` redoes the
        posts enriched before a model, rule or catalog change."""
        stages = (
            self.normalizer, self.language, self.embedder, self.attributor, self.thread,
            self.complaint, self.failure, self.symptoms, self.geocoder,
        )  # fmt: skip
        names = [str(getattr(s, "version", type(s).__name__)) for s in stages]
        return "|".join([*names, self._catalog_version])

    def enrich(
        self,
        batch: pd.DataFrame,
        *,
        with_embeddings: bool | None = None,
        known_hashes: Collection[str] = (),
    ) -> pd.DataFrame:
        """Signals for every row. ``embedding`` is None for a repeat of a text earlier in the
        batch or in ``known_hashes`` (already stored), and everywhere if not ``with_embeddings``
        (default: the constructor's setting; the ``analyze`` CLI turns it off)."""
        if with_embeddings is None:
            with_embeddings = self.with_embeddings
        if not isinstance(batch, pd.DataFrame):
            raise TypeError(f"enrich() takes a pandas DataFrame, not {type(batch).__name__}")
        if "text" not in batch.columns:
            raise ValueError(f"enrich() needs a 'text' column; got columns {list(batch.columns)}")
        n = len(batch)
        if n == 0:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
        col = _column_getter(batch)
        posts = [self.normalizer.normalize(t) for t in col("text")]
        inputs = {c: col(c) for c in INPUT_COLUMNS if c not in ("post_key", "text", "created_at")}
        vectors = _BatchVectors(posts, self.embedder, self._cache)
        parts: list[dict[str, list]] = []
        try:
            for lo in range(0, n, SLICE):
                hi = min(lo + SLICE, n)
                part = {c: v[lo:hi] for c, v in inputs.items()}
                parts.append(self._signals(posts[lo:hi], part, partial(vectors.rows, lo, hi)))
            vectors.keep(self._cache_size)
        except BaseException:
            vectors.stop()
            raise
        self._sentences.flush()  # prototypes built for this batch, for the next process
        out = {c: [v for part in parts for v in part[c]] for c in parts[0]}
        seen = set(known_hashes)
        embeddings: list[np.ndarray | None] = []
        for i, p in enumerate(posts):
            keep = with_embeddings and bool(p.model_text) and p.text_hash not in seen
            embeddings.append(vectors.matrix[i].copy() if keep else None)
            seen.add(p.text_hash)
        keys = col("post_key")
        return pd.DataFrame(
            {
                "post_key": ["" if _missing(k) else str(k) for k in keys],
                "text_hash": [p.text_hash for p in posts],
                **out,
                "embedding": embeddings,
            },
            columns=list(OUTPUT_COLUMNS),
        )

    def _signals(
        self,
        posts: Sequence[Normalized],
        inputs: dict[str, list],
        vectors: Callable[[], np.ndarray],
    ) -> dict[str, list]:
        """The signals of a slice of posts: the stages that read text alone first, while the
        model embeds these posts, then those that read the vectors."""
        texts = [p.model_text for p in posts]
        langs = self.language.detect([p.plain_text for p in posts], hints=inputs["lang_hint"])
        # outside English the models' score says little, and in English they can miss a
        # brief "are you down?": a failure phrase says "complaint" (nlp/enrich/failure.py)
        down = [self.failure.named_down(t) for t in texts]  # "Slack down": symptoms use it too
        failed = np.array(self.failure.cued(texts, langs, down), dtype=bool)
        # "Spotify is working again, thanks!": it works again and the post says nothing else
        # (the complaint models cap such a post's score themselves: on the text as written,
        # the reading they are handed here, read in the same pass)
        blanked, as_written = self.failure.recovery(texts)
        fine = np.array(blanked, dtype=bool)
        failed &= ~fine
        down = [d and not f for d, f in zip(down, fine, strict=True)]
        places = self.geocoder.locate(
            texts,
            langs,
            inputs["author_location"],
            inputs["geo_lat"],
            inputs["geo_lon"],
            [p.hashtags for p in posts],
        )
        if self.thread is not None:  # "Optus down again" in r/australia
            places = self.thread.places(places, inputs["venue"], langs)
        emb = vectors()
        has_text = np.array([bool(t) for t in texts])
        if self._passes_recovery:  # it caps a recovery itself: give it the reading we have
            proba = self.complaint.predict_proba(emb, texts, langs, recovered=as_written)
        else:  # the Protocol's three arguments; the cap below still applies
            proba = self.complaint.predict_proba(emb, texts, langs)
        scores = np.where(has_text, proba, 0.0).astype(np.float64)
        # (the models cap what they read as a recovery; a name in lower case or another
        # script, "ya volvió el internet de telmex", only the catalog's names say)
        scores = np.where(fine, np.minimum(scores, RECOVERED_SCORE), scores)
        scores = np.where(failed, np.maximum(scores, self._failure_floor), scores)
        threshold = float(getattr(self.complaint, "threshold", 0.5))
        complaint = (scores >= threshold).astype(np.int64)
        services, passing = self._attribute(posts, emb, langs, complaint, places)
        # "slack down?": an everyday-word name in lower case, said down on a line of its
        # own (as written: lines kept), is a failure once the attributor found the service
        # (which read the score before this lift: only a shared link's sense depends on it)
        for i, (post, found) in enumerate(zip(posts, services, strict=True)):
            if (
                found
                and not down[i]
                and not fine[i]
                and self.failure.said_down(post.match_text, found)
            ):
                down[i] = failed[i] = True
                scores[i] = max(scores[i], self._failure_floor)
                complaint[i] = int(scores[i] >= threshold)
        countries = [pl.country for pl in places]
        from_thread = self._from_thread(texts, services, passing, inputs, langs, countries)
        places = [
            pinned_by_services(pl, sv, by, self._countries)
            for pl, sv, by in zip(places, services, passing, strict=True)
        ]
        # Roman Hindi is Urdu where the post's place or service is in Pakistan
        langs = [
            roman_hindustani(lang, post.plain_text, pl.country)
            for lang, post, pl in zip(langs, posts, places, strict=True)
        ]
        kinds = [{self._category[slug] for slug in sv} for sv in services]
        categories = [next(iter(k)) if len(k) == 1 else None for k in kinds]
        symptoms = self.symptoms.tag(
            texts, emb, complaint.tolist(), categories, down, fine.tolist()
        )
        no_report = set()
        for i, thread in from_thread.items():  # "same here" under "Is Steam down?"
            if self.thread.no_report(texts[i], thread, passing[i]):  # "fine here"
                no_report.add(i)
            elif thread.symptoms and self.thread.reports(texts[i]):
                if not any(s in OUTAGE_SYMPTOMS for s in symptoms[i]):
                    symptoms[i] = list(thread.symptoms)
                failed[i] = True
                scores[i] = max(scores[i], self._failure_floor)
                complaint[i] = int(scores[i] >= threshold)
        return {
            "lang": langs,
            "services": services,
            "service": [s[0] if s else "" for s in services],
            "complaint": complaint.tolist(),
            "complaint_score": np.round(scores, 4).tolist(),
            "symptoms": symptoms,
            "problem": [
                i not in no_report and is_problem(c, sy, sv, read=lg in READ_LANGS, failed=f)
                for i, (c, sy, sv, lg, f) in enumerate(
                    zip(complaint, symptoms, services, langs, failed, strict=True)
                )
            ],
            "country": [pl.country for pl in places],
            "region": [pl.region for pl in places],
            "city": [pl.city for pl in places],
            "lat": [pl.lat for pl in places],
            "lon": [pl.lon for pl in places],
            "geo_evidence": [pl.evidence for pl in places],
            "geo_confidence": [float(pl.confidence) for pl in places],
        }

    def _attribute(
        self,
        posts: Sequence[Normalized],
        emb: np.ndarray,
        langs: Sequence[str],
        complaint: np.ndarray,
        places: Sequence[Place],
    ) -> tuple[list[list[str]], list[list[str]]]:
        """Services per post and those named only in passing: an Attributor without the
        optional ``attribute_and_passing`` (base.PassingAttributor) names none in passing."""
        args = (posts, emb, langs, complaint.astype(bool).tolist(), [pl.country for pl in places])
        both = getattr(self.attributor, "attribute_and_passing", None)
        if callable(both):
            return both(*args, [rules_out_operators(pl) for pl in places])
        services = [list(found) for found in self.attributor.attribute(*args)]
        return services, [[] for _ in services]

    def _from_thread(
        self,
        texts: Sequence[str],
        services: list[list[str]],
        passing: list[list[str]],
        inputs: dict[str, list],
        langs: Sequence[str],
        countries: Sequence[str],
    ) -> dict[int, Thread]:
        """Gives a post that names no service its thread's ("same here" under "Is Steam
        down?"), in place, but not one it names in passing ("Steam's up, it's the Epic
        launcher"); returns the threads of the posts it gave one."""
        if self.thread is None:
            return {}
        venues, titles = inputs["venue"], inputs["thread_title"]
        # only posts written somewhere: most posts have no community or thread to read
        unnamed = [i for i, found in enumerate(services) if not found and (venues[i] or titles[i])]
        threads = self.thread.read(
            [texts[i] for i in unnamed],
            [venues[i] for i in unnamed],
            [titles[i] for i in unnamed],
            [langs[i] for i in unnamed],
            [countries[i] for i in unnamed],
        )
        given = {}
        for i, thread in zip(unnamed, threads, strict=True):
            services[i] = [s for s in thread.services if s not in passing[i]]
            if services[i]:
                given[i] = thread
        return given


class _BatchVectors:
    """A batch's vectors: texts seen lately come from the cache, each other distinct text is
    embedded once, in the background (nlp/enrich/embed_job.py) while the rules read the
    slices before it."""

    def __init__(
        self, posts: Sequence[Normalized], embedder: Embedder, cache: OrderedDict[str, np.ndarray]
    ) -> None:
        self.matrix = np.zeros((len(posts), EMBEDDING_DIM), dtype=np.float32)
        self._cache = cache
        self._used = [p.text_hash for p in posts if p.model_text]  # in order, repeats too
        self._row = np.full(len(posts), -1)  # the job's row for each post it embeds
        job_row: dict[str, int] = {}
        texts: list[str] = []  # a hash's first text: "Straße" before "strasse"
        for i, p in enumerate(posts):
            if not p.model_text:
                continue
            if p.text_hash in cache:
                self.matrix[i] = cache[p.text_hash]
                continue
            if p.text_hash not in job_row:
                job_row[p.text_hash] = len(texts)
                texts.append(p.model_text)
            self._row[i] = job_row[p.text_hash]
        self._new = list(job_row)
        self._job = start_embedding(embedder, texts, EMBEDDING_DIM)

    def rows(self, lo: int, hi: int) -> np.ndarray:
        """The vectors of posts lo..hi-1, waiting for (and helping with) the model's work."""
        need = self._row[lo:hi]
        embedded = need >= 0
        if embedded.any():
            done = self._job.until(int(need.max()) + 1)
            self.matrix[lo:hi][embedded] = done[need[embedded]]
        return self.matrix[lo:hi]

    def stop(self) -> None:
        """The batch failed or was interrupted: the background thread claims no more posts."""
        self._job.stop()

    def keep(self, size: int) -> None:
        """The batch's new vectors into the cache, its texts last used in the order of their
        last use, the least recently used dropped beyond ``size``."""
        for h, v in zip(self._new, self._job.until(len(self._new)), strict=True):
            self._cache[h] = v
        for h in self._used:
            self._cache.move_to_end(h)
        while len(self._cache) > size:
            self._cache.popitem(last=False)


def rules_out_operators(place: Place) -> bool:
    """Whether a post's place is evidence enough that an operator not serving its country is
    not meant ("Orange en panne à Dakar"): a geo tag, a community named after a place, or a
    city or a country the text or a profile names, read surely. Not a pinned language (French
    is written outside France; a Japanese post may name Vodafone), nor a region's name alone,
    nor a name the text gives alone, with no place word before it: both are as often a word
    of the post's language ("Mon compte Orange" is no post from Myanmar's Mon State, "Marche
    pas" none from the Marche). A profile's place field is a place even when it holds one
    name ("Milano")."""
    if not place.country:
        return False
    if place.evidence in ("geo_tag", "community"):
        return True
    if place.evidence not in ("text", "profile") or (place.evidence == "text" and place.lone):
        return False
    if place.city:
        # not a name several countries' towns share ("o2 data not working in newcastle" may
        # be Newcastle, NSW), nor names of several countries none clearly leads
        return place.reading >= SURE_READING
    return not place.region  # a country's name, which most of the post's names agree on


def down_names(catalog: Sequence[Service]) -> tuple[list[str], dict[str, list[str]]]:
    """The names for "<name> down" (nlp/enrich/failure.py): those that mean the service in
    any case, and an ambiguous service's everyday-word names by slug, which count only
    capitalised until the attributor has found the service ("Slack down", not "slack down
    the rope"); its names of several words are none of them ("bell fibe down", "peacock tv
    crashed"). As-written names ("Find My") are left out, but for those of a script without
    capitals ("زين", "موبايلي"), everyday words read as an ambiguous name's are: said down as a
    whole outage line ("موبايلي فاصل من الصبح")."""
    plain = [
        n for s in catalog for n in (_any_case_names(s) if s.ambiguous else s.names)
        if n not in s.as_written
    ]  # fmt: skip
    known = set(plain)
    cased = {
        s.slug: [
            n for n in (s.name, *s.aliases)
            if (n not in s.as_written or uncased(n)) and n not in known
        ]
        for s in catalog if s.ambiguous or any(map(uncased, s.as_written))
    }  # fmt: skip
    return plain, {slug: names for slug, names in cased.items() if names}


def _any_case_names(svc: Service) -> list[str]:
    """An ambiguous service's names that are no everyday word: other words ("Twitter" for
    X) and names of several words ("Bell Fibe"; not its misspellings, "co pilot")."""
    several = [n for n in (svc.name, *svc.aliases) if " " in n.strip()]
    return other_names(svc) + several


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _column_getter(batch: pd.DataFrame):
    n = len(batch)

    def col(name: str) -> list:
        if name not in batch.columns:
            return [None] * n
        return [None if _missing(v) else v for v in batch[name].tolist()]

    return col
