"""A Discourse post, as `GET /posts.json` lists it (PostSerializer with raw, title and
excerpt), turned into a PostItem; pure, so the parser can be tested and fuzzed offline.

A post quoting another ("[quote="name, post:3, topic:12"]…[/quote]" in its Markdown,
`<aside class="quote">` in its HTML) holds a copy of that post, which is stored itself: the
quote is left out, so only the author's own words count.
"""

from __future__ import annotations

import re
from typing import Any

from crawlers.items import PostItem
from crawlers.normalise import MAX_TEXT_CHARS, html_to_text
from outagewatch.catalog import forum_venue

REGULAR = 1  # Post.types: regular 1, moderator_action 2, small_action 3, whisper 4
POST_TYPES = {2: "a moderator action", 3: "a small action", 4: "a whisper"}
# the innermost quote first: its body holds no other quote's opening
_QUOTE = re.compile(r"\[quote(?:=[^\]\n]*)?\](?:(?!\[quote[=\]]).)*?\[/quote\]\n?", re.S | re.I)
_UPLOAD = re.compile(r"!\[[^\]\n]*\]\(upload://[^)\s]*\)")  # an image uploaded to the forum
_DROP = (("aside", "quote"),)


def post_id(post: dict[str, Any]) -> int:
    """The post's id, a positive whole number; ValueError otherwise."""
    value = post.get("id")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"no post id (id is {value!r})")
    return value


def unwanted(post: dict[str, Any]) -> str | None:
    """Why a listed post is not stored (hidden, deleted, not a regular post), or None."""
    kind = post.get("post_type", REGULAR)
    if kind != REGULAR:
        named = POST_TYPES.get(kind) if isinstance(kind, int) else None  # a list: no key
        return f"not a regular post ({named or f'post_type {kind!r}'})"
    if post.get("hidden"):
        return "hidden"
    if post.get("deleted_at") or post.get("user_deleted"):
        return "deleted"
    return None


def post_text(post: dict[str, Any]) -> str:
    """The author's words: the Markdown source (`raw`) when given, else the HTML (`cooked`)
    as text; quotes of other posts and uploaded images left out. ValueError when neither."""
    raw = post.get("raw")
    if isinstance(raw, str) and raw.strip():
        text = raw[: 4 * MAX_TEXT_CHARS]  # bounds the quote search on a huge post
        while (shorter := _QUOTE.sub("", text)) != text:
            text = shorter
        return _UPLOAD.sub("", text).strip()
    cooked = post.get("cooked")
    if isinstance(cooked, str):
        return html_to_text(cooked, drop=_DROP)
    raise ValueError("neither raw nor cooked text")


def post_to_item(post: dict[str, Any], forum: str) -> PostItem:
    """One listed post of the forum at base URL ``forum`` as a PostItem (KeyError, TypeError
    or ValueError on a missing or bad field). A reply (post_number > 1) keeps its topic's
    title as `thread_title`; an opening post starts with it, as a Reddit post does."""
    pid = post_id(post)
    number = post["post_number"]
    topic = post["topic_id"]
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"post_number {number!r}")
    if isinstance(topic, bool) or not isinstance(topic, int):
        raise ValueError(f"topic_id {topic!r}")
    created = post["created_at"]
    if not isinstance(created, str):
        raise TypeError(f"created_at {created!r}")
    title = post.get("topic_title")
    title = title.strip() if isinstance(title, str) and title.strip() else None
    text = post_text(post)
    if number == 1 and title:
        text = f"{title}\n\n{text}"
    slug = post.get("topic_slug")
    path = f"{slug}/{topic}" if isinstance(slug, str) and slug else str(topic)
    venue = forum_venue(forum)
    username = post.get("username")
    return PostItem(
        source="discourse",
        native_id=f"{venue}/{pid}",  # post ids are per forum
        created_at=created,
        text=text,
        url=f"{forum}/t/{path}/{number}",
        # usernames are per forum too: the same name on two forums is two people
        author_handle=f"{username}@{venue}" if isinstance(username, str) and username else None,
        query=forum,
        venue=venue,  # "is it down for everyone?" on devforum.roblox.com is about Roblox
        thread_title=title if number > 1 else None,
    )
