"""Dataclass items that flow from the spiders through the pipelines into the warehouse.

Spiders yield raw-ish values (aware or naive timestamps, HTML text, plain handles); the
pipelines normalise them, hash handles and store. `CursorItem`, `DeletionItem` and
`CheckedItem` travel through the same pipeline so that a cursor is written only after the
posts it covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class PostItem:
    """One public post (status, skeet, story, comment, tweet)."""

    source: str
    native_id: str
    created_at: datetime | str
    text: str = ""
    text_is_html: bool = False
    url: str | None = None
    author_handle: str | None = None  # hashed by the pipeline, never stored raw
    author_hash: str | None = None
    author_location: str | None = None
    lang_hint: str | None = None
    geo_lat: float | None = None
    geo_lon: float | None = None
    is_repost: bool = False
    query: str | None = None
    venue: str | None = None  # the community it was written in: "r/spotify"
    thread_title: str | None = None  # for a reply, the title of the thread it answers
    fetched_at: datetime | None = None

    @property
    def post_key(self) -> str:
        return f"{self.source}:{self.native_id}"


@dataclass
class OfficialIncidentItem:
    """One incident as the provider's own status page tells it."""

    source: str  # statuspage, atom, rss, gcp, aws
    native_id: str
    service_slug: str | None
    name: str | None = None
    status: str | None = None
    impact: str | None = None
    components: list[str] = field(default_factory=list)
    url: str | None = None
    created_at: datetime | str | None = None
    started_at: datetime | str | None = None
    acknowledged_at: datetime | str | None = None
    resolved_at: datetime | str | None = None
    updated_at: datetime | str | None = None
    updates: list[dict[str, Any]] = field(default_factory=list)
    fetched_at: datetime | None = None

    @property
    def official_id(self) -> str:
        return f"{self.source}:{self.native_id}"


@dataclass
class CursorItem:
    """Advance a source's cursor once everything it covers has been stored."""

    source: str
    key: str
    cursor: str


@dataclass
class DeletionItem:
    """The source says this post was deleted: drop its text and author."""

    source: str
    native_id: str

    @property
    def post_key(self) -> str:
        return f"{self.source}:{self.native_id}"


@dataclass
class RetiredItem:
    """Official incidents an earlier version stored under an id or for a service that the
    page, read now, no longer gives them (review 121, 4): deleted after this flush's
    incidents are stored. Ids that are not stored are nothing."""

    source: str
    official_ids: list[str]


@dataclass
class CheckedItem:
    """The source was asked about these stored posts (a deletion re-check): the next
    re-check starts with the posts asked about longest ago. ``answered`` False: its answer
    said nothing of them (it left out every one asked), so a first miss stays recorded."""

    source: str
    native_ids: list[str]
    answered: bool = True

    @property
    def post_keys(self) -> list[str]:
        return [f"{self.source}:{n}" for n in self.native_ids]


@dataclass
class MissingItem:
    """The source left these stored posts out of its answer to a re-check. Reddit also
    leaves out what it hides for a while (a subreddit gone private), so they are deleted
    only when they were already missing on a check at least a day earlier."""

    source: str
    native_ids: list[str]

    @property
    def post_keys(self) -> list[str]:
        return [f"{self.source}:{n}" for n in self.native_ids]
