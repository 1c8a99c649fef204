"""Render neutral demo posts in the real APIs' JSON shapes (Mastodon v4 Status, HN Algolia hit).

Kept apart from the HTTP server so tests and spiders' offline fixtures can build the same
documents without a socket.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime

from outagewatch.demo.worlddata import LOCAL_INSTANCE

URL_RE = re.compile(r"https?://[^\s<>\"]+")
MENTION_RE = re.compile(r"(?<![\w/])@([A-Za-z0-9_]+)(?:@([A-Za-z0-9.\-]+))?")
TAG_RE = re.compile(r"(?<![\w&/])#(\w+)", re.UNICODE)
EPOCH = datetime(1970, 1, 1)


def iso_ms(t: datetime) -> str:
    """'2026-11-27T20:55:00.123Z' as Mastodon, Statuspage and Algolia write it."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _num(key: str, mod: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % mod


def tags_of(text: str) -> list[str]:
    """Hashtags in a post, lower-cased as Mastodon stores them."""
    return list(dict.fromkeys(m.lower() for m in TAG_RE.findall(text)))


def render_html(text: str, instance: str = LOCAL_INSTANCE) -> str:
    """Mastodon's HTML for plain text: <p>, <br />, link, mention and hashtag anchors."""
    out: list[str] = []
    pos = 0
    tokens = sorted(
        [(m.start(), m.end(), "url", m) for m in URL_RE.finditer(text)]
        + [(m.start(), m.end(), "mention", m) for m in MENTION_RE.finditer(text)]
        + [(m.start(), m.end(), "tag", m) for m in TAG_RE.finditer(text)],
        key=lambda x: x[0],
    )
    for start, end, kind, m in tokens:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start], quote=False))
        if kind == "url":
            url = m.group(0)
            scheme, rest = url.split("://", 1)
            out.append(
                f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" translate="no">'
                f'<span class="invisible">{scheme}://</span><span class="">{html.escape(rest)}</span>'
                '<span class="invisible"></span></a>'
            )
        elif kind == "mention":
            user, domain = m.group(1), m.group(2) or instance
            out.append(
                f'<span class="h-card" translate="no"><a href="https://{domain}/@{user}" '
                f'class="u-url mention">@<span>{user}</span></a></span>'
            )
        else:
            tag = m.group(1)
            out.append(
                f'<a href="https://{instance}/tags/{tag.lower()}" class="mention hashtag" rel="tag">'
                f"#<span>{html.escape(tag)}</span></a>"
            )
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    body = "".join(out)
    paras = [p.replace("\n", "<br />") for p in body.split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paras)


def account_json(handle: str, instance: str | None, location: str | None) -> dict:
    instance = instance or LOCAL_INSTANCE
    local = instance == LOCAL_INSTANCE
    key = f"{handle}@{instance}"
    created = datetime(2017, 4, 1) + (datetime(2025, 6, 1) - datetime(2017, 4, 1)) * (
        _num(key, 1000) / 1000
    )
    created = created.replace(hour=0, minute=0, second=0, microsecond=0)
    display = handle.replace("_", " ").title() if _num(key + "d", 3) else handle
    return {
        "id": str(100000 + _num(key, 10**9)),
        "username": handle,
        "acct": handle if local else key,
        "display_name": display,
        "locked": False,
        "bot": False,
        "discoverable": True,
        "group": False,
        "created_at": iso_ms(created),
        "note": "<p>just here for the timeline</p>" if _num(key + "n", 2) else "",
        "url": f"https://{instance}/@{handle}",
        "uri": f"https://{instance}/users/{handle}",
        "avatar": f"https://{LOCAL_INSTANCE}/avatars/original/missing.png",
        "avatar_static": f"https://{LOCAL_INSTANCE}/avatars/original/missing.png",
        "header": f"https://{LOCAL_INSTANCE}/headers/original/missing.png",
        "header_static": f"https://{LOCAL_INSTANCE}/headers/original/missing.png",
        "followers_count": _num(key + "f", 900),
        "following_count": _num(key + "g", 400),
        "statuses_count": 1 + _num(key + "s", 5000),
        "last_status_at": created.strftime("%Y-%m-%d"),
        "emojis": [],
        "fields": [{"name": "Location", "value": html.escape(location), "verified_at": None}]
        if location
        else [],
    }


def status_json(post: dict, original: dict | None = None) -> dict:
    """A Mastodon Status entity; ``original`` is the reblogged post when ``post`` is a reblog."""
    instance = post.get("author_instance") or LOCAL_INSTANCE
    handle = post["author"]
    sid = str(post["id"])
    acct = account_json(handle, instance, post.get("author_location"))
    base = f"https://{instance}/users/{handle}/statuses/{sid}"
    common = {
        "id": sid,
        "created_at": iso_ms(post["created_at"]),
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "edited_at": None,
        "account": acct,
        "media_attachments": [],
        "emojis": [],
        "card": None,
        "poll": None,
    }
    if original is not None:
        inner = status_json(original)
        return (
            common
            | {
                "language": None,
                "uri": f"{base}/activity",
                "url": f"{base}/activity",
                "replies_count": 0,
                "reblogs_count": 0,
                "favourites_count": 0,
                "content": "",
                "reblog": inner,
                "mentions": [],
                "tags": [],
            }
            | ({"application": None} if instance == LOCAL_INSTANCE else {})
        )
    text = post["text"]
    mentions = []
    for m in MENTION_RE.finditer(text):
        domain = m.group(2) or LOCAL_INSTANCE
        acct_name = m.group(1) if domain == LOCAL_INSTANCE else f"{m.group(1)}@{domain}"
        mentions.append(
            {
                "id": str(100000 + _num(f"{m.group(1)}@{domain}", 10**9)),
                "username": m.group(1),
                "url": f"https://{domain}/@{m.group(1)}",
                "acct": acct_name,
            }
        )
    status = common | {
        "language": post.get("lang"),
        "uri": base,
        "url": f"https://{instance}/@{handle}/{sid}",
        "replies_count": _num(sid + "r", 4),
        "reblogs_count": _num(sid + "b", 6),
        "favourites_count": _num(sid + "f", 15),
        "content": render_html(text, instance),
        "reblog": None,
        "mentions": mentions,
        "tags": [{"name": t, "url": f"https://{LOCAL_INSTANCE}/tags/{t}"} for t in tags_of(text)],
    }
    if instance == LOCAL_INSTANCE:
        status["application"] = {"name": "Web", "website": None}
    return status


def hn_hit(post: dict, object_id: int, story: tuple[int, dict] | None) -> dict:
    """An HN Algolia hit. ``story`` is (objectID, post) of the parent story for comments."""
    t = post["created_at"]
    created_i = int((t - EPOCH).total_seconds())
    base = {
        "objectID": str(object_id),
        "created_at": t.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "created_at_i": created_i,
        "updated_at": iso_ms(t),
        "author": post["author"],
    }
    if story is None:
        n_comments = _num(str(object_id), 60)
        return base | {
            "title": post.get("title") or post["text"],
            "url": None,
            "story_text": None,
            "comment_text": None,
            "story_id": object_id,
            "story_title": None,
            "story_url": None,
            "parent_id": None,
            "points": 1 + _num(str(object_id) + "p", 300),
            "num_comments": n_comments,
            "_tags": ["story", f"author_{post['author']}", f"story_{object_id}"],
        }
    sid, spost = story
    return base | {
        "title": None,
        "url": None,
        "story_text": None,
        "comment_text": render_hn_comment(post["text"]),
        "story_id": sid,
        "story_title": spost.get("title") or spost["text"],
        "story_url": None,
        "parent_id": sid,
        "points": None,
        "num_comments": None,
        "_tags": ["comment", f"author_{post['author']}", f"story_{sid}"],
    }


def render_hn_comment(text: str) -> str:
    """HN comment HTML: paragraphs as <p>, entities escaped like the site does."""
    paras = [html.escape(p, quote=True).replace("&#x27;", "&#x27;") for p in text.split("\n\n")]
    return "<p>".join(paras)


def base36(n: int) -> str:
    """Reddit's ids: an integer in base 36 ('t3_' + base36 is a post's fullname)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def reddit_thing(post: dict, thing_id: int, parent: tuple[int, dict] | None) -> dict:
    """A Reddit listing child: a t3 (self post) or, with ``parent`` (its post's id and dict),
    a t1 (comment) carrying the post's title as ``link_title``, as /r/{sub}/comments does."""
    sub, rid = post["subreddit"], base36(thing_id)
    data = {
        "id": rid,
        "subreddit": sub,
        "subreddit_name_prefixed": f"r/{sub}",
        "author": post["author"],
        "created_utc": float(int((post["created_at"] - EPOCH).total_seconds())),
        "score": 1 + _num(rid + "s", 50),
        "over_18": False,
        "removed_by_category": None,
    }
    if parent is None:
        title = post.get("title") or post["text"]
        slug = re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")[:50]
        permalink = f"/r/{sub}/comments/{rid}/{slug}/"
        selftext = post["text"].removeprefix(title).lstrip("\n")
        return {
            "kind": "t3",
            "data": data
            | {
                "name": f"t3_{rid}",
                "title": title,
                "selftext": selftext,
                "is_self": True,
                "url": f"https://www.reddit.com{permalink}",
                "permalink": permalink,
                "num_comments": _num(rid + "c", 40),
                "crosspost_parent": None,
            },
        }
    pid, ppost = parent
    link = reddit_thing(ppost, pid, None)["data"]
    return {
        "kind": "t1",
        "data": data
        | {
            "name": f"t1_{rid}",
            "body": post["text"],
            "link_id": link["name"],
            "parent_id": link["name"],
            "link_title": link["title"],
            "link_permalink": link["url"],
            "permalink": f"{link['permalink']}{rid}/",
        },
    }
