"""Which sense of an ambiguous name a post uses: service words around it, then embeddings.

A bare "Orange" or "Discord" names the service only when it is capitalised as a name or has a
service word within two words ("orange en panne", "discord is down"). Then, in English, the
post's embedding must sit closer to prototypes of the service than to the everyday word by a
margin ("apple pie", "discord between them" stay out). The bundled encoder reads English
only, so in another language the embedding says little; there a service word in that
language, by a service sold in that language's markets, decides ("réseau orange en panne"
names Orange France; "un jus d'orange" has no service word and stays out).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import regex as re

from nlp.enrich.base import Embedder
from nlp.enrich.lexicon import FUNCTION_WORDS, SERVICE_WORDS
from outagewatch.catalog import Service, uncased

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
# Languages written in another script: an everyday English word seldom appears there in Latin
# letters, so a Latin-script name in such a post is the brand ("LINEが使えない", "нет Signal").
NON_LATIN_LANGS = frozenset({"ja", "ko", "zh", "ru", "uk", "ar", "he", "hi"})
_LATIN = re.compile(r"[\p{Latin}\p{N}\s.&+'-]+")
MARGIN = 0.05  # chosen before looking at any labelled data: abstain when the senses are close


# the languages of a service's main markets: a local word by a local brand is the brand
_COUNTRY_LANGS = {
    "FR": "fr", "BE": "fr nl", "CH": "de fr it", "LU": "fr de", "DE": "de", "AT": "de",
    "ES": "es", "MX": "es", "AR": "es", "CO": "es", "CL": "es", "PE": "es", "BR": "pt",
    "PT": "pt", "IT": "it", "NL": "nl", "CA": "en fr", "US": "en es", "JP": "ja", "KR": "ko",
    "TW": "zh", "CN": "zh", "TH": "th", "IN": "en hi ur", "RO": "ro", "PL": "pl", "RU": "ru",
    "UA": "uk ru", "TR": "tr", "ID": "id", "MY": "id en", "SE": "sv", "SA": "ar en",
    "KW": "ar en", "BH": "ar en", "AE": "ar en", "EG": "ar", "GT": "es", "HN": "es", "SV": "es", "PY": "es",
    "BO": "es", "CI": "fr", "CD": "fr", "CM": "fr en", "MZ": "pt",
    # English mixed with the country's own language (see lexicon.mixed_language)
    # (Roman Hindi and Urdu are one: `hi` until a place in Pakistan says `ur`)
    "PH": "en tl", "NG": "en pcm", "KE": "en sw", "PK": "ur hi en",
}  # fmt: skip
_WORDS = re.compile(r"[\p{L}\p{N}]+")
_CLAUSE_END = re.compile(r"[.!?\n;,()]+\s")
# conjunctions that open another clause: "claro que funciona" is "of course it works"
_CLAUSE_WORDS = frozenset(["que", "that", "dass", "but", "mais", "pero", "aber"])
# the everyday word in set phrases, by the word before it: "ao vivo" is "live", "está claro"
# "it is clear"; a service word after them ("ao vivo pelo app") does not make them brands
# and "no signal", "weak signal" is reception, not the messenger
_SET_PHRASES = {
    "vivo": frozenset(["ao", "en"]),
    "claro": frozenset(["está", "es", "muy"]),
    "signal": frozenset([
        "no", "poor", "weak", "bad", "low", "lost", "lose", "losing", "full", "phone", "mobile",
        "cell", "cellular", "wifi", "gps", "tv", "strong", "good", "zero", "any", "sin",
        "wala", "walang", "mahina", "tiada", "takde", "hakuna",  # Tagalog, Malay, Swahili
    ]),
}  # fmt: skip

_CASED = re.compile(r"[\p{Lu}\p{Ll}]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n]\s*|^\W*)$")


def market_languages(service: Service) -> frozenset[str] | None:
    """Languages of the service's markets; None for a global service (every language)."""
    if not service.countries:
        return None
    return frozenset(w for c in service.countries for w in _COUNTRY_LANGS.get(c, "en").split())


def sold_in(markets: frozenset[str] | None, lang: str) -> bool:
    """A global service (``markets`` None), a language not known, or one of its markets'."""
    return markets is None or lang == "und" or lang in markets


def proper(text: str, m: re.Match[str], name: str = "") -> bool:
    """Capitalised as a name would be: not sentence-initial, not one or two letters ("X"),
    and not the start of a longer capitalised name ("Max Payne", "Signal Hill"). In a post in
    ordinary case, capitals throughout are a name only for a name written so ("SFR", "ING"):
    "get it for FREE" is emphasis, not the French ISP. A shouted post says nothing by case,
    and its names keep the benefit of the doubt ("MERCI ORANGE")."""
    surface = m.group(0)
    if len(surface) <= 2 or surface == surface.lower():
        return False
    after = _WORDS.findall(text[m.end() : m.end() + 40])[:1]
    if after and after[0][:1].isupper():
        return False
    if surface.isupper():
        return not name or name.isupper() or _shouted(text)
    return not _SENTENCE_START.search(text[max(0, m.start() - 20) : m.start()])


def _shouted(text: str) -> bool:
    letters = _CASED.findall(text[:400])
    return len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def cued(text: str, m: re.Match[str], category: str, words: Collection[str] | None = None) -> bool:
    """A service word of any category or of the service's own within two content words of the name
    (or in it: "Free Mobile"), in the same clause ("no signal" after "network down," does not
    cue Signal). Single letters (elided "d'", "l'") do not count as words."""
    left = _CLAUSE_END.split(text[max(0, m.start() - 50) : m.start()])[-1]
    right = _CLAUSE_END.split(text[m.end() : m.end() + 50])[0]
    left_words = _clause([w.casefold() for w in _WORDS.findall(left) if len(w) > 1][::-1])
    if left_words[:1] and left_words[0] in _SET_PHRASES.get(m.group(0).casefold(), ()):
        return False
    before = _content(left_words)
    after = _content(_clause([w.casefold() for w in _WORDS.findall(right) if len(w) > 1]))
    cues = words if words is not None else SERVICE_WORDS.get(category, SERVICE_WORDS[""])
    inside = [w.casefold() for w in _WORDS.findall(m.group(0))][1:]  # "Three mobile"
    return any(w in cues for w in before + after + inside)


def _content(words: list[str], n: int = 2) -> list[str]:
    """The ``n`` nearest words that are not function words: "Orange est en panne" has
    "panne" next to the name as much as "Orange panne" has."""
    return [w for w in words if w not in FUNCTION_WORDS][:n]


def _clause(words: list[str]) -> list[str]:
    """The words up to the first conjunction, nearest the name first."""
    for i, w in enumerate(words):
        if w in _CLAUSE_WORDS:
            return words[:i]
    return words


class AmbiguityResolver:
    """Prototype comparison per service; prototypes are built lazily, once. Decides the sense
    of an ambiguous name, and how much a post reads like one about a service at all."""

    def __init__(
        self,
        catalog: Sequence[Service],
        embedder: Embedder,
        margin: float = MARGIN,
    ) -> None:
        self._all = {s.slug: s for s in catalog}
        # ...and those with an everyday word of a script without capitals ("زين", "اتصالات")
        self._services = {
            s.slug: s for s in catalog if s.ambiguous or any(map(uncased, s.as_written))
        }
        self._embedder = embedder
        self.margin = margin
        self.version = f"ctx-12-m{margin:g}"
        self._protos: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._by_name: dict[str, np.ndarray] = {}
        self._markets: dict[str, frozenset[str] | None] = {}

    def _service_prototype(self, name: str, category: str) -> np.ndarray:
        texts = [t.format(n=name) for t in SERVICE_TEMPLATES]
        texts.append(f"{name}, the {CATEGORY_WORDS.get(category, 'online service')}")
        return _unit(self._embedder.encode(texts).mean(0))

    def _prototypes(self, slug: str) -> tuple[np.ndarray, np.ndarray]:
        if slug not in self._protos:
            svc = self._all[slug]
            word = self._embedder.encode([t.format(w=svc.name.lower()) for t in WORD_TEMPLATES])
            self._protos[slug] = (
                self._service_prototype(svc.name, svc.category),
                _unit(word.mean(0)),
            )
        return self._protos[slug]

    def _name_prototypes(self, slug: str) -> np.ndarray:
        """One service prototype per name the encoder may know better than the current one:
        the name, then each alias that is another word altogether ("Twitter" for X, whose
        new name the encoder never saw; "Hotmail" for Outlook)."""
        if slug not in self._by_name:
            svc = self._all[slug]
            protos = [self._prototypes(slug)[0]]
            protos += [self._service_prototype(a, svc.category) for a in other_names(svc)]
            self._by_name[slug] = np.stack(protos)
        return self._by_name[slug]

    def similarity(self, slug: str, embedding: np.ndarray) -> float:
        """Cosine of the post to the nearest of the service's prototypes (posts about the
        service, any kind): "tried on my Xbox, pc and iPhone" in a post about a song sits far
        from Xbox Live; "twitter won't load my timeline" sits near X under its old name."""
        v = np.asarray(embedding, dtype=np.float32)
        n = float(np.linalg.norm(v))
        return float((self._name_prototypes(slug) @ v).max()) / n if n > 0 else 0.0

    def is_service_sense(
        self,
        slug: str,
        text: str,
        embedding: np.ndarray | None,
        *,
        cued: bool = False,
        proper: bool = False,
        lang: str = "und",
    ) -> bool:
        """``cued``: a service word is next to the name; ``proper``: capitalised as a name;
        ``lang``: the post's language ('und' when unknown)."""
        if slug not in self._services or not text:
            return False
        svc = self._services[slug]
        if slug not in self._markets:
            self._markets[slug] = market_languages(svc)
        markets = self._markets[slug]
        if not sold_in(markets, lang) and not (proper and cued):
            return False  # "free wifi" or "my Free account" in English is no French ISP;
            # "ING app" or "Free Mobile down" still may be
        if cued and lang not in ("en", "und"):
            return True
        if lang in NON_LATIN_LANGS and _LATIN.fullmatch(svc.name):
            return True  # "Discord 語音一直斷線": a Latin word in such a post is a name
        if embedding is None:
            return False
        _, word = self._prototypes(slug)
        v = np.asarray(embedding, dtype=np.float32)
        service = float((self._name_prototypes(slug) @ v).max())
        return service - float(v @ word) > self.margin


def other_names(svc: Service) -> list[str]:
    """Latin-script aliases that share no word with the name, four letters or more, not
    misspellings: "Twitter" for X, "Hotmail" for Outlook, "Alexa" for Amazon."""
    name_words = {w.casefold() for w in _WORDS.findall(svc.name)}
    return [
        a
        for a in svc.aliases
        if re.fullmatch(r"[\p{Latin}\p{N}]{4,}", a) and a.casefold() not in name_words
    ]


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else v.astype(np.float32)
