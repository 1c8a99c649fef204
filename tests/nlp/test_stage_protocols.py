"""The stage Protocols are the contract a contributor writes against (review 171 #2): each
default satisfies its Protocol, parameter names included; the Enricher runs with stages that
implement only their Protocol (tiny real ones, no mock of a default); a [pipeline] path that
cannot be used says why."""

from __future__ import annotations

import inspect
import re
import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from nlp.enrich.base import EMBEDDING_DIM, PassingAttributor, Place
from nlp.stages import STAGES, StageError, configured_stages, load_stage, protocol_problems
from outagewatch.config_check import SECTIONS
from outagewatch.settings import DEFAULT_PIPELINE

HERE = __name__  # this module, importable by name: the "module:Class" of the stand-ins


# --- stand-ins: each has its Protocol's members and nothing else ---------------------------


class HashEmbedder:
    version = "hash-embed-1"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % EMBEDDING_DIM] += 1.0
            out[i] /= max(float(np.linalg.norm(out[i])), 1e-6)
        return out


class HintLanguage:
    version = "hint-lang-1"

    def detect(self, texts: Sequence[str], hints: Sequence[str] | None = None) -> list[str]:
        return [h or "und" for h in (hints or [None] * len(texts))]


class SubstringAttributor:
    """Follows the Attributor Protocol only: no ``attribute_and_passing``."""

    version = "substring-attr-1"

    def __init__(self, catalog) -> None:
        self.names = [(s.slug, s.name.lower()) for s in catalog]

    def attribute(self, posts, embeddings=None, langs=None, complaints=None, countries=None):
        words = [set(re.findall(r"\w+", p.match_text.lower())) for p in posts]
        return [[slug for slug, n in self.names if n in w] for w in words]


class WordComplaint:
    version = "word-complaint-1"

    def predict_proba(self, embeddings, texts=None, langs=None) -> np.ndarray:
        words = ("down", "caído", "panne", "kaputt", "nicht")
        return np.array([0.9 if any(w in t.lower() for w in words) else 0.1 for t in texts])


class ZeroComplaint:
    version = "zero-complaint-1"

    def predict_proba(self, embeddings, texts=None, langs=None) -> np.ndarray:
        return np.zeros(len(embeddings))


class LoginSymptoms:
    version = "login-symptoms-1"

    def tag(self, texts, embeddings, complaint, categories=None, failed=None, recovered=None):
        return [["login"] if "log" in t.lower() else [] for t in texts]


class NoPlace:
    version = "no-place-1"

    def locate(self, texts, langs, author_locations, lat, lon, hashtags=None) -> list[Place]:
        return [Place() for _ in texts]


class WideEmbedder:
    """An embedder of another width (a 768-d model), saying so only by its vectors."""

    version = "wide-embed-1"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 768), dtype=np.float32)
        out[:, 0] = 1.0
        return out


class UnliftedZeroComplaint(ZeroComplaint):
    """Opts out of the failure cues' lift: its 0 stays 0."""

    version = "unlifted-zero-complaint-1"
    failure_lift = False


class NotAnEmbedder:
    version = "wrong-1"

    def embed(self, texts):  # the Protocol's method is `encode`
        return []


POSTS = pd.DataFrame(
    {
        "post_key": [f"k{i}" for i in range(6)],
        "text": [
            "Netflix is down, can't log in",
            "Spotify caído otra vez",
            "WhatsApp en panne depuis ce matin",
            "same here",  # names none: its thread's title does
            "Discord ist kaputt",
            "",
        ],
        "lang_hint": ["en", "es", "fr", "en", "de", None],
        "venue": [None, None, None, "r/netflix", None, None],
        "thread_title": [None, None, None, "Is Netflix down?", None, None],
    }
)


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """Vectors a stand-in embedder's prototypes get are kept out of the user's cache."""
    monkeypatch.setenv("OUTAGEWATCH_MODEL_CACHE", str(tmp_path / "cache"))


# --- the defaults satisfy their Protocols ----------------------------------------------------


def test_every_default_satisfies_its_protocol_with_the_same_parameter_names(
    enricher, catalog
) -> None:
    """The Enricher's defaults (and the incidents' ones) have every member of their Protocol,
    their methods taking the Protocol's parameters under the same names."""
    from nlp.enrich.base import Normalizer
    from nlp.incidents import AgglomerativeClusterer, HDBSCANClusterer, SymptomPlaceTitle

    defaults = {
        "embedder": enricher.embedder,
        "language": enricher.language,
        "attributor": enricher.attributor,
        "complaint": enricher.complaint,
        "symptoms": enricher.symptoms,
        "geocoder": enricher.geocoder,
        "clusterer": HDBSCANClusterer(),
        "title": SymptomPlaceTitle(),
    }
    assert set(defaults) == set(STAGES) == set(DEFAULT_PIPELINE) == set(SECTIONS["pipeline"])
    for name, stage in defaults.items():
        assert protocol_problems(stage, STAGES[name].protocol, same_names=True) == [], name
    assert protocol_problems(AgglomerativeClusterer(), STAGES["clusterer"].protocol) == []
    assert protocol_problems(enricher.attributor, PassingAttributor, same_names=True) == []
    assert protocol_problems(enricher.normalizer, Normalizer, same_names=True) == []


def test_each_default_path_names_the_default_stage(catalog) -> None:
    """DEFAULT_PIPELINE's paths load, satisfy their Protocol and are of the Enricher's default
    classes (a path that drifted from the code would only fail when someone set it)."""
    from nlp.enrich.attribution import CatalogAttributor
    from nlp.incidents import HDBSCANClusterer, SymptomPlaceTitle

    built = {
        name: load_stage(name, path, catalog)
        for name, path in DEFAULT_PIPELINE.items()
        if name not in ("embedder", "complaint")  # the model's: checked in the test above
    }
    assert isinstance(built["attributor"], CatalogAttributor)
    assert isinstance(built["clusterer"], HDBSCANClusterer)
    assert isinstance(built["title"], SymptomPlaceTitle)


def test_the_check_names_what_is_missing() -> None:
    """A stage's missing method or attribute, and a method that cannot take the arguments
    the pipeline passes, are each named."""
    from nlp.enrich.base import Embedder, SymptomTagger

    assert protocol_problems(NotAnEmbedder(), Embedder) == ["no method 'encode'"]

    class NoVersion:
        def encode(self, texts):
            return texts

    assert protocol_problems(NoVersion(), Embedder) == ["no attribute 'version'"]

    class ThreeArgs:
        version = "x"

        def tag(self, texts, embeddings, complaint):
            return []

    (problem,) = protocol_problems(ThreeArgs(), SymptomTagger)
    assert problem.startswith("method 'tag' cannot take (texts, embeddings, complaint, categories")


# --- the pipeline calls only what the Protocols declare ---------------------------------------


def test_the_enricher_runs_with_stages_that_only_follow_their_protocols(catalog, own_cache) -> None:
    """Every swappable stage a protocol-only stand-in (the attributor without
    ``attribute_and_passing``): a batch in several languages comes out whole, each stand-in's
    output where it belongs, the thread stage still on (review 171 #2: an AttributeError)."""
    from nlp.enrich.pipeline import Enricher

    enricher = Enricher(
        catalog,
        embedder=HashEmbedder(),
        language=HintLanguage(),
        attributor=SubstringAttributor(catalog),
        complaint=WordComplaint(),
        symptoms=LoginSymptoms(),
        geocoder=NoPlace(),
    )
    assert enricher.thread is not None  # a non-default attributor no longer turns it off
    out = enricher.enrich(POSTS)
    assert list(out["post_key"]) == list(POSTS["post_key"])
    assert list(out["lang"]) == ["en", "es", "fr", "en", "de", "und"]
    assert list(out["service"]) == ["netflix", "spotify", "whatsapp", "netflix", "discord", ""]
    assert list(out["complaint"]) == [1, 1, 1, 0, 1, 0]
    assert out["problem"].iloc[0] and not out["problem"].iloc[5]
    assert out["symptoms"].iloc[0] == ["login"]
    assert set(out["country"]) == {""}
    assert all(v in enricher.version for v in ("hash-embed-1", "substring-attr-1", "no-place-1"))


def test_a_swapped_complaint_classifier_is_what_a_post_without_cues_gets(
    catalog, own_cache
) -> None:
    """The pipeline's combination rule, as documented: a classifier saying 0 leaves 0 where no
    failure cue lifts the score, and FAILURE_SCORE where one does."""
    from nlp.enrich.failure import FAILURE_SCORE
    from nlp.enrich.pipeline import Enricher

    enricher = Enricher(catalog, embedder=HashEmbedder(), complaint=ZeroComplaint())
    out = enricher.enrich(
        pd.DataFrame({"text": ["Netflix is down right now", "watching Netflix tonight"]})
    )
    assert list(out["complaint_score"]) == [FAILURE_SCORE, 0.0]


def test_a_classifier_can_opt_out_of_the_failure_lift(catalog, own_cache) -> None:
    """``failure_lift = False``: the classifier's score is stored as it is, cue or not; the
    cue still says what failed (a problem report needs a complaint, so none here)."""
    from nlp.enrich.pipeline import Enricher

    enricher = Enricher(catalog, embedder=HashEmbedder(), complaint=UnliftedZeroComplaint())
    out = enricher.enrich(
        pd.DataFrame({"text": ["Netflix is down right now", "Spotify caído otra vez"]})
    )
    assert list(out["complaint_score"]) == [0.0, 0.0]
    assert list(out["complaint"]) == [0, 0]


class RecoveryEcho:
    """Declares ``recovered=``: scores 1 where the pipeline read a recovery, else 0.6."""

    version = "recovery-echo-1"
    failure_lift = False

    def __init__(self) -> None:
        self.seen: list[list[bool]] = []

    def predict_proba(self, embeddings, texts=None, langs=None, recovered=None) -> np.ndarray:
        self.seen.append(list(recovered))
        return np.array([1.0 if r else 0.6 for r in recovered])


def test_a_classifier_that_takes_recovered_is_given_the_pipelines_reading(
    catalog, own_cache
) -> None:
    """A ``predict_proba`` declaring ``recovered=`` gets the failure cues' reading (one per
    text), whatever its class; the Protocol's three-argument ones (above) are not passed it."""
    from nlp.enrich.complaint import RECOVERED_SCORE
    from nlp.enrich.pipeline import Enricher

    echo = RecoveryEcho()
    enricher = Enricher(catalog, embedder=HashEmbedder(), complaint=echo)
    out = enricher.enrich(
        pd.DataFrame({"text": ["my internet is back up now, thanks", "Netflix is down right now"]})
    )
    assert echo.seen == [[True, False]]
    # its 1.0 for the recovery is capped by the pipeline; the other keeps its own 0.6
    assert list(out["complaint_score"]) == pytest.approx([RECOVERED_SCORE, 0.6])


# --- a swapped embedder and the complaint head ------------------------------------------------


@pytest.fixture
def warned_afresh(monkeypatch):
    """The once-per-embedder warning not yet said in this test."""
    from nlp.enrich import embedder_fit

    monkeypatch.setattr(embedder_fit, "_warned", set())


def test_an_embedder_of_another_width_stops_the_enricher_with_what_to_do(catalog) -> None:
    """Not a reshape error at the first batch: which embedder, its width, what the head was
    trained on, and the two ways out."""
    from nlp.enrich.embedder_fit import EmbedderMismatch
    from nlp.enrich.pipeline import Enricher

    with pytest.raises(EmbedderMismatch) as err:
        Enricher(catalog, embedder=WideEmbedder())
    said = str(err.value)
    for part in ("'wide-embed-1' (WideEmbedder)", "768-d", "all-MiniLM-L6-v2's 384-d",
                 "nlp/training/train_complaint.py", "swap the complaint stage too"):  # fmt: skip
        assert part in said, said
    with pytest.raises(EmbedderMismatch, match="768-d"):  # the pipeline holds 384 floats
        Enricher(catalog, embedder=WideEmbedder(), complaint=ZeroComplaint())


def test_another_model_under_the_default_head_is_warned_once(
    catalog, own_cache, warned_afresh, caplog
) -> None:
    """Same width, another model: it runs, with one warning naming the embedder and the
    model the head was trained on; none under a swapped classifier or the bundled MiniLM."""
    from nlp.enrich.embed import shared_embedder
    from nlp.enrich.pipeline import Enricher

    with caplog.at_level("WARNING", logger="nlp.enrich.embedder_fit"):
        Enricher(catalog, embedder=HashEmbedder(), complaint=ZeroComplaint())
        Enricher(catalog, embedder=shared_embedder())
        assert caplog.messages == []
        first = Enricher(catalog, embedder=HashEmbedder())
        Enricher(catalog, embedder=HashEmbedder())
    assert len(caplog.messages) == 1, caplog.messages
    said = caplog.messages[0]
    trained = first.complaint.meta["embedder"]
    for part in ("'hash-embed-1' (HashEmbedder)", trained, "probably mean nothing",
                 "train_complaint.py", "swap the complaint stage too"):  # fmt: skip
        assert part in said, said


def test_a_path_to_an_embedder_of_another_width_is_refused_when_the_stages_are_built(
    catalog,
) -> None:
    with pytest.raises(StageError, match=r"\[pipeline\] embedder = '.*:WideEmbedder': .*768-d"):
        configured_stages({"embedder": f"{HERE}:WideEmbedder"}, DEFAULT_PIPELINE, catalog)


# --- a [pipeline] path --------------------------------------------------------------------


def test_a_path_builds_the_stage_with_the_catalog_when_it_takes_one(catalog) -> None:
    stages = configured_stages(
        {**DEFAULT_PIPELINE, "attributor": f"{HERE}:SubstringAttributor",
         "complaint": f"{HERE}:ZeroComplaint"},
        DEFAULT_PIPELINE,
        catalog,
    )  # fmt: skip
    assert set(stages["enrich"]) == {"attributor", "complaint"} and stages["incidents"] == {}
    assert ("spotify", "spotify") in stages["enrich"]["attributor"].names


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no_such_module_174:Thing", r"module not found .*no_such_module_174"),
        (f"{HERE}:NoSuchClass", r"has no 'NoSuchClass'"),
        (f"{HERE}:NotAnEmbedder", r"does not satisfy Embedder .*no method 'encode'"),
        ("just_a_module", r"write it as 'package.module:Class'"),
    ],
)
def test_a_bad_path_says_what_is_wrong(catalog, path: str, message: str) -> None:
    with pytest.raises(StageError, match=message) as err:
        load_stage("embedder", path, catalog)
    assert "[pipeline] embedder" in str(err.value)


def test_an_unknown_stage_name_is_refused(catalog) -> None:
    with pytest.raises(StageError, match=r"embeder: no such stage \(known: embedder"):
        configured_stages({"embeder": f"{HERE}:HashEmbedder"}, DEFAULT_PIPELINE, catalog)


def test_protocol_parameters_match_what_the_pipeline_passes() -> None:
    """The symptom tagger's 4th parameter is the posts' catalog category, not "games"."""
    from nlp.enrich.base import SymptomTagger

    params = list(inspect.signature(SymptomTagger.tag).parameters)
    assert params[4] == "categories"
    assert not re.search(r"\bgames\b", inspect.getsource(SymptomTagger))
