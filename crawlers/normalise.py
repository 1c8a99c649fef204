"""Small pure helpers the pipelines and spiders share: timestamps, HTML, URLs, handles,
and a few words naming a bad value for a log line.

Everything here must accept odd input (None, empty strings, broken HTML, numbers where a
string was expected) and answer with a value or a precise ValueError, never crash a crawl.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit, urlunsplit

MAX_TEXT_CHARS = 20_000
_BLOCK_TAGS = {
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "hr",
}
_SKIP_TAGS = {"script", "style", "head", "title"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def to_utc(value: object) -> datetime:
    """Any timestamp a source gives (ISO 8601, RFC 2822, epoch seconds) as naive UTC."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, bool) or value is None:
        raise ValueError(f"not a timestamp: {value!r}")
    elif isinstance(value, int | float):
        try:
            dt = datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"not a timestamp: {value!r} is out of range") from None
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            try:
                dt = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                raise ValueError(f"not a timestamp: {value!r}") from None
    else:
        raise ValueError(f"not a timestamp: {value!r}")
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def utc_text(when: datetime) -> str:
    """A time for a log line: '2026-11-27 10:02:00 UTC' (naive times are UTC already)."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return f"{when:%Y-%m-%d %H:%M:%S} UTC"


def to_utc_or_none(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    return to_utc(value)


def updated_mark(stamp: datetime | None) -> str:
    """An `updated_at` as a cursor's text, in one format for every status source: fixed
    width, so marks compare as text in time order; microseconds kept; '' for none."""
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.%f") if stamp else ""


def _worth_keeping(href: str | None, label: str) -> bool:
    """Add a link's URL after its label unless the label already shows it (or is a
    hashtag or mention)."""
    if not href or not href.startswith(("http://", "https://")) or href in label:
        return False
    return not label.startswith(("#", "@")) and label.rstrip("…") not in href


class _TextExtractor(HTMLParser):
    """HTML to plain text: paragraphs become lines, links keep their URL; elements of a
    (tag, class) in ``drop`` are left out whole, what they hold too."""

    def __init__(self, drop: Collection[tuple[str, str]] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.links: list[tuple[str | None, int]] = []
        self.drop = drop
        self.dropping: list[str] = []  # the dropped element's tag, then each one inside it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag == self.dropping[0]:
                self.dropping.append(tag)
            return
        classes = (dict(attrs).get("class") or "").split()
        if any(tag == t and c in classes for t, c in self.drop):
            self.dropping.append(tag)
            return
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[0]:
                self.dropping.pop()
            return
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if _worth_keeping(href, label):
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.skip and not self.dropping:
            self.parts.append(data)


def html_to_text(html: str | None, drop: Collection[tuple[str, str]] = ()) -> str:
    """Plain text of a post's HTML body; URLs of links are kept in the text. ``drop``: the
    (tag, class) pairs of elements left out whole (Discourse's quotes of other posts,
    `("aside", "quote")`)."""
    if not html:
        return ""
    parser = _TextExtractor(drop)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; this is a last resort for odd input
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    return clean_text("".join(parser.parts))


def clean_text(text: str | None, limit: int = MAX_TEXT_CHARS) -> str:
    """Strip control characters, collapse blank runs, cap the length."""
    if not text:
        return ""
    text = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return out[:limit]


def clean_url(url: object) -> str | None:
    """An absolute http(s) URL without fragment, or None."""
    if not isinstance(url, str) or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def lang_tag(value: object) -> str | None:
    """The primary language subtag a source declares ('pt-BR' -> 'pt'), or None."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    if primary in ("und", "mul", "zxx", "mis"):  # undetermined, multiple, none, uncoded
        return None
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def hash_handle(handle: str, salt: str) -> str:
    """sha256(salt || handle)[:16] over the normalised handle (see docs/architecture.md)."""
    norm = handle.strip().lstrip("@").casefold()
    return hashlib.sha256((salt + norm).encode("utf-8")).hexdigest()[:16]


def opaque_id(value: str) -> str:
    """A stable post id that does not spell out who wrote it.

    Mastodon status URIs (https://host/users/HANDLE/statuses/ID) and Bluesky AT URIs
    (at://DID/...) name the author; hashing them keeps cross-instance de-duplication
    without storing the handle in every key."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:24]


def describe(value: Any) -> str:
    """A bad JSON value in a few words, for a log line: "null", "the text 'abc'"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__
