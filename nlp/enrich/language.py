"""Language detection: lingua restricted to the languages outagewatch supports (fast to build)."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import regex as re

from nlp.enrich.lexicon import has_own_words, mixed_language, outage_language, reads_english
from outagewatch.catalog import names_alternation

SUPPORTED = (
    "en", "es", "fr", "de", "pt", "it", "nl", "ja", "ko", "zh", "ru", "ar", "he", "tr", "pl",
    "sv", "id", "hi", "uk",
)  # fmt: skip
UNKNOWN = "und"
_LETTER = re.compile(r"\p{L}")
_MIN_LETTERS = 3  # fewer letters than this is not a language, it is noise
# Versions, model codes and device or OS names say nothing about the language: "Android 7.0,
# Spotify 8.4.22" was read as German, "iPhone 7 Plus, iOS 11.1" as French. A token with a
# digit ends where a space does, or where a script written without spaces begins: in
# "2時間前からLINE送れない" or "PS5でPSNに…" only "2" and "PS5" go (the whole run had gone,
# and the post with it: no language, no service, 0 words). Such a token matches only from its
# start (a match ends where a token ends, and a token's letters are passed only where the
# rest of it holds no digit): the lookbehind says so, and spares the engine a scan to the
# token's end from each of its letters.
_UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
_NO_LANGUAGE = re.compile(
    rf"(?<![^\s{_UNSPACED}])[^\s{_UNSPACED}]*\d[^\s{_UNSPACED}]*|"
    r"\b(?:android|ios|iphone|ipad|ipod|samsung|galaxy|huawei|xiaomi|motorola|moto|"
    r"oneplus|lenovo|pixel|windows|macos|mac|macbook|chrome|chromebook|firefox|safari|edge|"
    r"version|app|pro|plus|lite|max|ultra|mini|note|tablet|desktop|laptop|pc|os|armv\w*)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\p{L}{2,}")
# Scripts only one supported language writes: kana is Japanese, Hangul Korean, whatever Latin
# words stand beside them ("steam storeまた値上げか…" had come out English), as long as they
# are a good part of the text's letters (not two Korean hashtags in an English tweet)
_OWN_SCRIPT = (
    (
        "ja",
        re.compile(r"[\p{Hiragana}\p{Katakana}]"),
        re.compile(r"[\p{Hiragana}\p{Katakana}\p{Han}]"),
    ),
    ("ko", re.compile(r"\p{Hangul}"), re.compile(r"\p{Hangul}")),
)
_OWN_SCRIPT_SHARE = 0.3
_LETTER = re.compile(r"\p{L}")
_LATIN_ONLY = re.compile(r"^[\p{Latin}\P{L}]*$")
_MIN_WORDS = 2  # a Latin-script text needs two real words to have a language
_SHORT_WORDS = 4  # below this many words, lingua's guess must also be clear...
_SHORT_MIN_CONFIDENCE = 0.3  # ...a third of the confidence mass (19 languages share it)
_VOTE_WORDS = 8  # below this many words, the outage vocabulary's vote comes before lingua


class LinguaDetector:
    """Lingua over a fixed set of languages; 'und' when the text is too short or unclear.

    A source's own language tag (``hints``) is used only when the text itself says too little:
    clients default the tag, so it is weaker evidence than a sentence.
    """

    version = "lingua-12-19lang+mixed+script"

    def __init__(
        self,
        languages: Sequence[str] = SUPPORTED,
        low_accuracy: bool = False,
        names: Sequence[str] = (),
    ) -> None:
        """``names``: brand names to ignore as well ("Google pixel XL Spotify" is no German);
        pass only names that are no everyday word in any language."""
        self.languages = tuple(languages)
        self.low_accuracy = low_accuracy
        self._detector = None
        self._lock = threading.Lock()
        kept = {n for n in names if len(n) >= 3 and _LATIN_ONLY.match(n)}
        self._names = (
            re.compile(
                rf"(?<!\p{{L}})(?:{names_alternation(kept, ignore_case=True)})(?!\p{{L}})",
                re.IGNORECASE,
            )
            if kept
            else None
        )

    def _unnamed(self, text: str) -> str:
        return self._names.sub(" ", text) if self._names is not None else text

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
        lexical = [_lexical(self._unnamed(t[:1000])) for t in texts]
        n_words = [len(_WORD.findall(t)) for t in lexical]
        short = [i for i, t in enumerate(lexical) if t and n_words[i] < _SHORT_WORDS]
        # Outage words first in a brief post: "Free en panne" is French to anyone who knows
        # "panne", but lingua, with three words to go on, says Dutch ("en" is Dutch "and");
        # "Orange est en panne ?" came out German.
        for i, t in enumerate(lexical):
            if t and n_words[i] < _VOTE_WORDS:
                out[i] = outage_language(t)
        skip = set(short) | {i for i, lang in enumerate(out) if lang != UNKNOWN}
        todo = [i for i, t in enumerate(lexical) if t and i not in skip]
        detector = self._build() if lexical and any(lexical) else None
        if todo:
            found = detector.detect_languages_in_parallel_of([lexical[i] for i in todo])
            for i, lang in zip(todo, found, strict=True):
                if lang is not None:
                    out[i] = lang.iso_code_639_1.name.lower()
        for i in short:
            if out[i] != UNKNOWN:
                continue
            # "DM sent" is as Portuguese as it is English: say so only when clear
            best = next(iter(detector.compute_language_confidence_values(lexical[i])), None)
            if best is not None and best.value >= _SHORT_MIN_CONFIDENCE:
                out[i] = best.language.iso_code_639_1.name.lower()
        for i in todo + short:
            # lingua's guess from a few words, against English words with none of its own
            if (
                n_words[i] < _VOTE_WORDS
                and out[i] not in (UNKNOWN, "en")
                and _LATIN_ONLY.match(lexical[i])
                and reads_english(lexical[i], out[i])
            ):
                out[i] = "en"
        for i, t in enumerate(lexical):
            # lingua knows no Tagalog, Swahili, Pidgin or Roman Urdu, and gives English mixed
            # with them to anything ("globe walang signal dito" came out French): their
            # function words say which it is
            if (
                t
                and _LATIN_ONLY.match(t)
                and (mixed := mixed_language(t, out[i]))
                and not has_own_words(t, out[i])  # "Che dito! il sito non funziona": Italian
            ):
                out[i] = mixed
        for i, t in enumerate(lexical):
            for lang, own, written in _OWN_SCRIPT:
                if out[i] == lang or lang not in self.languages or len(own.findall(t)) < 2:
                    continue
                if len(written.findall(t)) >= _OWN_SCRIPT_SHARE * len(_LETTER.findall(t)):
                    out[i] = lang
                    break
        if hints is not None:
            for i, hint in enumerate(hints):
                h = _clean_hint(hint)
                if h and (
                    out[i] == UNKNOWN
                    or (len(texts[i]) < 20 and _hint_may_say(h, out[i], lexical[i]))
                ):
                    out[i] = h
        return out


def roman_hindustani(lang: str, text: str, country: str) -> str:
    """The language of a post once its place is known: Hindi or Urdu in Latin letters ("jazz
    ka internet nahi chal raha") is one written language, which the detector calls `hi` (most
    who write it are in India); a place or service in Pakistan makes it Urdu. A post in
    Devanagari stays Hindi, any other language as it was."""
    if lang == "hi" and country == "PK" and _LATIN_ONLY.match(text):
        return "ur"
    return lang


def _hint_may_say(hint: str, found: str, lexical: str) -> bool:
    """Whether a source's tag may overrule the language found in a short text: in Latin
    script, where a few words fit many languages ("DM sent"), or between the two languages
    that write in Han characters alone. "Netflixが見れない" is Japanese whatever its client's
    default tag says ("en" on many Mastodon clients): its script says so."""
    return bool(_LATIN_ONLY.match(lexical)) or {hint, found} <= {"ja", "zh"}


def content_words(text: str) -> int | None:
    """How many words a Latin-script text says beyond versions, devices and numbers ("iPhone 7,
    iOS 11.1" says none); None for other scripts, whose words a space does not separate."""
    rest = _NO_LANGUAGE.sub(" ", text)
    return len(_WORD.findall(rest)) if _LATIN_ONLY.match(rest) else None


def _lexical(text: str) -> str:
    """The words that carry a language ('' when too few): names and numbers removed."""
    rest = _NO_LANGUAGE.sub(" ", text)
    if len(_LETTER.findall(rest[:200])) < _MIN_LETTERS:
        return ""
    if _LATIN_ONLY.match(rest) and len(_WORD.findall(rest)) < _MIN_WORDS:
        return ""
    return rest


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
