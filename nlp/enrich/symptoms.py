"""Symptoms (multi-label): word cues in several languages, then prototypes in embedding space
for posts the cues miss. Billing and 'other' are kept but are not outage reports."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import regex as re

from nlp.enrich.base import Embedder
from nlp.enrich.failure import FAILURE_PATTERNS, AnyOf
from nlp.enrich.lexicon import names_pattern
from nlp.enrich.literal_gate import Alternatives, fold
from nlp.enrich.symptom_cues import (
    APP_FROZEN,
    CUES,
    FINE_AFTER,
    FROZEN,
    GAME_PLAY,
    GENERIC_FAILURE,
    LINE_OUT,
    MORE,
    MORE_FAILURE,
    NOT_A_FAILURE,
    OVER,
    PLAIN,
    PROVIDER_OUT,
    SITE_DOWN,
    SUPPORT_UNREACHABLE,
)

SYMPTOMS = (
    "login", "app_crash", "playback_streaming", "website_down", "connectivity",
    "messages_notifications", "upload_posting", "payments_billing", "slow_performance",
    "account_locked", "other",
)  # fmt: skip
OUTAGE_SYMPTOMS = frozenset(SYMPTOMS) - {"payments_billing", "other"}

_FAILURE_RX = AnyOf((GENERIC_FAILURE, *FAILURE_PATTERNS), re.IGNORECASE)
_GAME_PLAY_RX = re.compile(GAME_PLAY, re.IGNORECASE)
_SUPPORT_UNREACHABLE_RX = re.compile(SUPPORT_UNREACHABLE, re.IGNORECASE)
_OVER_RX = re.compile(OVER, re.IGNORECASE)
_ANY_OVER = Alternatives(OVER, re.IGNORECASE)
_LINE_OUT_RX = re.compile(LINE_OUT, re.IGNORECASE)
_PROVIDER_OUT_RX = re.compile(PROVIDER_OUT, re.IGNORECASE)
_ANY_MORE_FAILURE = AnyOf((MORE_FAILURE,), re.IGNORECASE)
_NOT_A_FAILURE_RX = re.compile(NOT_A_FAILURE, re.IGNORECASE)


def _cues_of(symptom: str, first: str) -> str:
    """A symptom's cue phrases: ``first``, then its words in the other languages (MORE) and
    said in plain words (PLAIN)."""
    plain = [PLAIN[symptom]] if symptom in PLAIN else []
    return "|".join((first, *MORE.get(symptom, {}).values(), *plain))


_CUE_RX = {k: re.compile(_cues_of(k, v), re.IGNORECASE) for k, v in CUES.items()}
_SITE_RX = re.compile(_cues_of("website_down", SITE_DOWN), re.IGNORECASE)
_FROZEN_RX = re.compile(FROZEN, re.IGNORECASE)
_APP_FROZEN_RX = re.compile(APP_FROZEN, re.IGNORECASE)
# most posts hold none of a symptom's words: a literal test spares the long search (a fifth
# of the enrichment's time had gone to these alternations), and where a post holds some, only
# the alternatives holding them are searched to tell whether any cue is there at all
_GATES = {rx: Alternatives(rx.pattern, rx.flags) for rx in (*_CUE_RX.values(), _SITE_RX)}


def _cued(rx: re.Pattern[str], text: str, folded: str | None = None) -> bool:
    """A cue of ``rx`` in ``text`` not followed by "is fine" and the like. ``folded``:
    ``fold(text)``, when the caller reads several symptoms in the same text."""
    if not _GATES[rx].found(text, folded):
        return False
    return any(not FINE_AFTER.search(text[m.end() : m.end() + 40]) for m in rx.finditer(text))


MASK = "the service"


def masked_names(catalog) -> list[str]:
    """The names to mask: every service's, an internet or phone provider's too. Its
    "Broadband" or "Fiber" had been left unmasked to say connectivity ("BT Broadband down in
    Leeds"), so every mention was a report ("Just got Nordlink Fiber installed", "Nordlink
    Fiber raised prices again"; review 126). Now such a word is read only where the line is
    said down or out right after it (_mask_names)."""
    return [n for s in catalog for n in s.names]


def _name_mask(names: Sequence[str]) -> re.Pattern[str] | None:
    """The service names that hold a symptom word ("PlayStation Network", "BT Broadband",
    "Mercado Pago", "Airtel Xstream"): masked before the cues are read, or every praise of
    PlayStation Network or question about its plans reads as a connectivity problem."""
    return names_pattern(
        n
        for n in names
        if n and (any(rx.search(n) for rx in _CUE_RX.values()) or _FAILURE_RX.search(n))
    )


def _said_broken(text: str, kind: str | None) -> bool:
    """Whether ``text`` says a service broke in everyday words (symptom_cues.MORE_FAILURE), or
    a provider (``kind`` "isp_telco") out, once what is said broken, stuck or out but is no
    service ("my heart is broken again", "the new deal is out") is taken out."""

    def said(t: str) -> bool:
        return _ANY_MORE_FAILURE.found(t) or (
            kind == "isp_telco" and _PROVIDER_OUT_RX.search(t) is not None
        )

    return said(text) and said(_NOT_A_FAILURE_RX.sub(" ", text))


def _mask_names(names: re.Pattern[str], text: str) -> str:
    """`text` with the names masked, but for a name whose own line word is said down or out
    ("BT Broadband down", "Nordlink Fiber is down", "Jio Fibre outage"): there the word is the
    symptom, and the name is left for the cues to read it."""

    def mask(m: re.Match[str]) -> str:
        line = _LINE_OUT_RX.search(text, m.start(), m.end() + 80)
        return m.group() if line is not None and line.start() < m.end() else MASK

    return names.sub(mask, text)


PROTOTYPES: dict[str, tuple[str, ...]] = {
    "login": ("I can't log in to my account", "the login page rejects my password"),
    "app_crash": ("the app keeps crashing", "the app freezes and closes when I open it"),
    "playback_streaming": (
        "the video keeps buffering and won't play",
        "songs stop playing and skip",
    ),
    "website_down": ("the website is down", "the service is not working at all right now"),
    "connectivity": ("no internet connection since this morning", "my phone has no signal"),
    "messages_notifications": ("my messages are not sending", "I don't get notifications anymore"),
    "upload_posting": ("I can't upload photos", "my post fails to publish"),
    "payments_billing": (
        "I was charged twice for my subscription",
        "I want a refund for this bill",
    ),
    "slow_performance": ("everything is very slow and laggy", "pages take forever to load"),
    "account_locked": ("my account has been locked", "my account was suspended for no reason"),
}
PROTOTYPE_MIN_SIM = 0.5  # a cosine this high to a symptom sentence is a paraphrase, not a hint


def best_guesses(
    scores: np.ndarray,
    labels: Sequence[str],
    complaint: Sequence[int],
    floor: float,
    skip: Collection[str] = (),
) -> list[str | None]:
    """Per post (a row of ``scores``, one column per entry of ``labels``), the best-scoring
    label when the post is a complaint and the score reaches ``floor``; None elsewhere, and
    where the best is one of ``skip``."""
    out: list[str | None] = []
    for i, row in enumerate(scores):
        j = int(np.argmax(row)) if complaint[i] and np.isfinite(row).all() else -1
        ok = j >= 0 and row[j] >= floor and labels[j] not in skip
        out.append(labels[j] if ok else None)
    return out


class SymptomTagger:
    """Cues first (precise, multilingual); the nearest prototype fills in for cue-less posts."""

    version = VERSION = "sym-46"

    def __init__(
        self,
        embedder: Embedder | None = None,
        min_sim: float = PROTOTYPE_MIN_SIM,
        names: Sequence[str] = (),
    ) -> None:
        self._embedder = embedder
        self.min_sim = min_sim
        self._masked_names = _name_mask(names)
        self._labels: list[str] = []
        self._protos: np.ndarray | None = None
        if embedder is not None:
            self.version = f"{self.VERSION}+proto{min_sim:g}"

    def _prototypes(self) -> np.ndarray | None:
        if self._protos is None and self._embedder is not None:
            texts, labels = [], []
            for label, sents in PROTOTYPES.items():
                texts += sents
                labels += [label] * len(sents)
            self._labels = labels
            self._protos = self._embedder.encode(texts)
        return self._protos

    def _guesses(self, embeddings: np.ndarray | None, complaint: Sequence[int]) -> list[str | None]:
        """For each complaint, the symptom of the nearest prototype sentence when it is this
        close (None otherwise): what a post no cue reads gets."""
        n = len(complaint)
        protos = self._prototypes() if embeddings is not None else None
        if protos is None or not n:
            return [None] * n
        return best_guesses(embeddings @ protos.T, self._labels, complaint, self.min_sim)

    def tag(
        self,
        texts: Sequence[str],
        embeddings: np.ndarray | None,
        complaint: Sequence[int],
        categories: Sequence[str | None] | None = None,
        failed: Sequence[bool] | None = None,
        recovered: Sequence[bool] | None = None,
    ) -> list[list[str]]:
        """``categories[i]``: the catalog category all the post's services share (None: no
        service, or several kinds). About games only, "can't play" means the game does not
        work rather than a stalled stream; about network providers only, "down" with no
        other symptom means the line is down, not a website. ``failed[i]``: a failure cue
        found with the catalog's help ("Slack down", "#spotifydown"), which says the service
        is down when no cue names a symptom. ``recovered[i]``: the post says the service works
        again and nothing fails now ("Spotify is working again, thanks!"), so no outage
        symptom."""
        out: list[list[str]] = []
        guesses = self._guesses(embeddings, complaint)
        for i, text in enumerate(texts):
            if self._masked_names is not None:
                text = _mask_names(self._masked_names, text)
            # a support line that cannot be reached says nothing of the service itself, and
            # an outage that is over ("back online", "yesterday's outage") is no report of one
            text = _SUPPORT_UNREACHABLE_RX.sub(" ", text[:2000])
            if _ANY_OVER.found(text):  # (most posts hold none: the long search is spared)
                text = _OVER_RX.sub(" ", text)
            head = text[:2000]
            folded = fold(head)  # once for all the symptoms' literal tests
            labels = [k for k, rx in _CUE_RX.items() if _cued(rx, head, folded)]
            kind = categories[i] if categories is not None else None
            if kind == "gaming" and "playback_streaming" in labels:
                rest = _GAME_PLAY_RX.sub(" ", text[:2000])
                if not _cued(_CUE_RX["playback_streaming"], rest):
                    labels.remove("playback_streaming")
            # a provider said down is its line, not a website, in every language: "Comcast is
            # down", "Comcast outage" as "is Comcast down?"; unless a site is named
            if kind == "isp_telco" and "website_down" in labels and not _cued(_SITE_RX, text):
                labels = [k for k in labels if k != "website_down"] + ["connectivity"]
            # a picture that stops on a video or music service is its stream stalling
            # ("netflix travando", "écran noir pendant le match"), unless said of the app
            if (
                kind == "streaming"
                and "app_crash" in labels
                and not _APP_FROZEN_RX.search(text[:2000])
                and not _cued(_CUE_RX["app_crash"], _FROZEN_RX.sub(" ", text[:2000]))
            ):
                labels = [k for k in labels if k != "app_crash"] + ["playback_streaming"]
            # "internet outage", "wifi is down": the line is down, not a website
            if "connectivity" in labels and "website_down" in labels:
                rest = _LINE_OUT_RX.sub(" ", text[:2000])
                if not _cued(_CUE_RX["website_down"], rest):
                    labels.remove("website_down")
            if not any(k in OUTAGE_SYMPTOMS for k in labels) and (
                _FAILURE_RX.found(text[:2000]) or (failed is not None and failed[i])
            ):
                labels.append("connectivity" if kind == "isp_telco" else "website_down")
            if not labels and guesses[i]:
                labels = [guesses[i]]
            # the everyday words for "it broke", and a provider said out, where neither a cue
            # nor a prototype named a symptom (symptom_cues.MORE_FAILURE)
            if not any(k in OUTAGE_SYMPTOMS for k in labels) and _said_broken(text[:2000], kind):
                labels.append("connectivity" if kind == "isp_telco" else "website_down")
            if recovered is not None and recovered[i]:
                labels = [k for k in labels if k not in OUTAGE_SYMPTOMS]
            if not labels and complaint[i]:
                labels = ["other"]
            out.append(sorted(set(labels), key=SYMPTOMS.index))
        return out


# Outage symptoms only a failure names ("me deslogou", "se cierra sola", "再生エラー");
# "connectivity" and "website down" are also read from the nouns of news and offers ("5G",
# "fibre", "回線", "site")
NAMED_BY_A_FAILURE = OUTAGE_SYMPTOMS - {"connectivity", "website_down"}


def is_problem(
    complaint: int,
    symptoms: Sequence[str],
    services: Sequence[str],
    *,
    read: bool = True,
    failed: bool = False,
) -> bool:
    """A problem report: a complaint, about a known service, with an outage-type symptom.
    ``read``: the complaint models read the post's language (English, or too short to tell).
    Where they do not, their score is no evidence, so the post must also say what failed: a
    failure phrase (``failed``: "Turkcell çöktü") or a symptom only a failure names;
    "Turkcell 5G ihalesini kazandı" (news) is none, whatever the score."""
    if not (complaint and services and any(s in OUTAGE_SYMPTOMS for s in symptoms)):
        return False
    return read or failed or any(s in NAMED_BY_A_FAILURE for s in symptoms)
