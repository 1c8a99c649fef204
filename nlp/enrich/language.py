"""Language detection: lingua restricted to the languages outagewatch supports (fast to build)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import regex as re

SUPPORTED = (
    "en", "es", "fr", "de", "pt", "it", "nl", "ja", "ko", "zh", "ru", "ar", "he", "tr", "pl",
    "sv", "id", "hi", "uk",
)  # fmt: skip
UNKNOWN = "und"
_LETTER = re.compile(r"\p{L}")
_MIN_LETTERS = 3  # fewer letters than this is not a language, it is noise


class LinguaDetector:
    """Lingua over a fixed set of languages; 'und' when the text is too short or unclear.

    A source's own language tag (``hints``) is used only when the text itself says too little:
    clients default the tag, so it is weaker evidence than a sentence.
    """

    version = "lingua-2-19lang"

    def __init__(self, languages: Sequence[str] = SUPPORTED, low_accuracy: bool = False) -> None:
        self.languages = tuple(languages)
        self.low_accuracy = low_accuracy
        self._detector = None
        self._lock = threading.Lock()

    def _build(self):
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        with self._lock:
            if self._detector is None:
                langs = [
                    Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                    for c in self.languages
                ]
                builder = LanguageDetectorBuilder.from_languages(*langs)
                if self.low_accuracy:
                    builder = builder.with_low_accuracy_mode()
                self._detector = builder.with_preloaded_language_models().build()
        return self._detector

    def detect(self, texts: Sequence[str], hints: Sequence[str] | None = None) -> list[str]:
        out = [UNKNOWN] * len(texts)
        todo = [i for i, t in enumerate(texts) if len(_LETTER.findall(t[:200])) >= _MIN_LETTERS]
        if todo:
            found = self._build().detect_languages_in_parallel_of([texts[i][:1000] for i in todo])
            for i, lang in zip(todo, found, strict=True):
                if lang is not None:
                    out[i] = lang.iso_code_639_1.name.lower()
        if hints is not None:
            for i, hint in enumerate(hints):
                h = _clean_hint(hint)
                if h and (out[i] == UNKNOWN or len(texts[i]) < 20):
                    out[i] = h
        return out


class NoLanguage:
    """Cheap stand-in for tests that do not care about language: the hint or 'und'."""

    version = "none"

    def detect(self, texts: Sequence[str], hints: Sequence[str] | None = None) -> list[str]:
        if hints is None:
            return [UNKNOWN] * len(texts)
        return [_clean_hint(h) or UNKNOWN for h in hints]


def _clean_hint(hint: object) -> str:
    if not isinstance(hint, str) or not hint:
        return ""
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED else ""
