"""Normalisation: a clean model input, with handles, hashtags and domains kept for attribution."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

import regex as re

from nlp.enrich.base import Normalized
from outagewatch import post_links

MAX_CHARS = 4000  # posts are short; a 100 KB blob is cut before any regex sees it

_URL = re.compile("(?i)" + post_links.URL)
_HANDLE = re.compile(post_links.HANDLE)
_HASHTAG = re.compile(r"(?<![\w#])#(\w{1,80})")
_BARE_DOMAIN = re.compile("(?i)" + post_links.BARE_DOMAIN)
# first path segments (or subdomains) that are the site itself, not content it hosts
_SITE_PAGES = frozenset(
    [
        "status",
        "help",
        "support",
        "login",
        "signin",
        "sign-in",
        "account",
        "accounts",
        "settings",
        "app",
        "apps",
        "download",
        "downloads",
        "home",
        "incidents",
        "contact",
    ]
)
_RETWEET = re.compile(r"^\s*RT\s+@\w+:?\s*")
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}--[\n\t\u200d]]", re.V1)
_EMOJI_START = r"(?:\p{Extended_Pictographic}|\p{Regional_Indicator})"
_EMOJI = re.compile(_EMOJI_START + r"(?:\uFE0F|\u200d|\p{Emoji_Modifier})*")
_ONE_EMOJI = re.compile(_EMOJI_START)
_EMOJI_RUN = re.compile(r"(\p{Extended_Pictographic})(?:\uFE0F?\1)+")
_HTML_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}
# Phones type "can’t" with a typographic apostrophe; every cue is written "can't". One
# character for one, so offsets into the text stay valid.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
# Arabic vowel marks and the tatweel that stretches a word ("النـــت فاصـــل", "لا يَعمل",
# "مقطوعٌ") are no part of any word a cue or a name is written with: gone, as Unicode's
# Arabic marks (U+064B-065F, U+0670, U+06D6-06ED); the Arabic-Indic digits ("منذ ٣ ساعات",
# Persian "۳") are the digits the rules read ("since 3"), one character for one.
_ARABIC_MARKS = re.compile(r"[\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_ARABIC_DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)


def clean_text(text: object) -> str:
    """Any input to a bounded, valid ``str``: bytes are decoded leniently, None becomes ''."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        if isinstance(text, float) and text != text:  # NaN from pandas
            return ""
        text = str(text)
    text = text[:MAX_CHARS]
    # lone surrogates (from bad decoding upstream) would break encoding later
    text = text.encode("utf-8", errors="replace").decode("utf-8")
    for k, v in _HTML_ENTITIES.items():
        text = text.replace(k, v)
    text = _CONTROL.sub(" ", text).translate(_APOSTROPHES)
    if _ARABIC_MARKS.search(text):
        text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ARABIC_DIGITS)


def emoji_name(ch: str) -> str:
    """The words the model text holds in place of emoji ``ch`` ("fire", "thumbs up sign"),
    '' where Unicode names none: ``recovered`` (nlp/enrich/failure.py) reads them back."""
    return unicodedata.name(ch, "").lower()


def emoji_names(chars: Iterable[str]) -> set[str]:
    """The names normalisation writes for those of ``chars`` that begin an emoji."""
    return {name for ch in chars if _ONE_EMOJI.fullmatch(ch) and (name := emoji_name(ch))}


def _emoji_word(match: re.Match[str]) -> str:
    name = emoji_name(match.group(0)[0])
    return f" {name} " if name else " "


def _domain(url: str) -> str:
    host = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", url).split("/")[0].split("?")[0]
    return host.split(":")[0].lower().strip(".")


def _is_content_link(url: str) -> bool:
    """A link into what a site hosts ("youtube.com/watch?v=…", "soundcloud.com/artist"), not
    to the site itself, its status, help or sign-in pages ("status.x.com", "x.com/login")."""
    rest = re.sub(r"(?i)^(?:https?://)?", "", url)
    host, _, path = rest.partition("/")
    if host.split(".")[0].lower() in _SITE_PAGES:
        return False
    segments = [s for s in re.split(r"[/?#]", path)[:3] if s]
    if not segments:
        return False
    return not any(s.lower() in _SITE_PAGES for s in segments[:2])


def text_hash(model_text: str) -> str:
    """Identity of a post's content: reposts with the same words share it."""
    key = _SPACE.sub(" ", model_text.casefold()).strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class TextNormalizer:
    """Strips what the model should not read and records what attribution needs."""

    version = "norm-4"

    def normalize(self, text: object) -> Normalized:
        raw = clean_text(text)
        urls = _URL.findall(raw)
        domains = [_domain(u) for u in urls]
        named = {d for u, d in zip(urls, domains, strict=True) if not _is_content_link(u)}
        no_urls = _URL.sub(" ", raw)
        bare = [d.lower() for d in _BARE_DOMAIN.findall(no_urls)]
        named.update(bare)
        domains += bare
        handles = [h.rstrip(".") for h in _HANDLE.findall(no_urls)]
        hashtags = _HASHTAG.findall(no_urls)
        model = _RETWEET.sub(" ", no_urls)
        model = _HANDLE.sub(" ", model)
        model = _HASHTAG.sub(lambda m: " " + m.group(1) + " ", model)
        model = _REPEAT.sub(r"\1\1", _EMOJI_RUN.sub(r"\1", model))
        plain = _SPACE.sub(" ", _EMOJI.sub(" ", model)).strip()
        model = _SPACE.sub(" ", _EMOJI.sub(_emoji_word, model)).strip()
        return Normalized(
            model_text=model,
            match_text=raw,
            plain_text=plain,
            handles=tuple(dict.fromkeys(handles)),
            hashtags=tuple(dict.fromkeys(hashtags)),
            domains=tuple(d for d in dict.fromkeys(domains) if d),
            text_hash=text_hash(model),
            shared_links=tuple(d for d in dict.fromkeys(domains) if d and d not in named),
        )
