"""Whom a Mastodon instance serves its hashtag timelines: Mastodon 4.5's feed-access settings.

Mastodon 4.5 replaced the "public preview" switch with four admin settings, two of them for
hashtag (and trending link) feeds: `local_topic_feed_access` and `remote_topic_feed_access`
("Access to hashtag and link feeds featuring local / remote posts"), each `public`,
`authenticated` or `disabled`. `GET /api/v2/instance` shows them as
`configuration.timelines_access.hashtag_feeds.local` and `.remote`
(app/serializers/rest/instance_serializer.rb). `GET /api/v1/timelines/tag/:hashtag` then
refuses an anonymous request whose side (`local=true`, `remote=true`, or neither: both) is
not `public` ("This method requires an authenticated user", 401, or 422 from older
`require_user!`; Api::V1::Timelines::TopicController), while a request with a token always
gets 200 with the disabled side's posts left out (mastodon/documentation#1745): a token
on an instance that disabled them reads an empty timeline, silently. So the spider reads
the settings first and says what they cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SIDES = ("local", "remote")
SETTINGS = {"local": "local_topic_feed_access", "remote": "remote_topic_feed_access"}


@dataclass(frozen=True)
class TagAccess:
    """What the spider can read of an instance's hashtag timelines: `read` is "all",
    "local", "remote" or "" (nothing); `params` go on each tag timeline request; `line`
    says what is lost and what to do ("" when nothing is)."""

    read: str
    params: dict[str, str]
    line: str


def hashtag_feeds(instance: Any) -> dict[str, str] | None:
    """{"local": ..., "remote": ...} from a /api/v2/instance document; None when it has no
    such settings (Mastodon before 4.5, or another server)."""
    try:
        feeds = instance["configuration"]["timelines_access"]["hashtag_feeds"]
    except (KeyError, TypeError):
        return None
    if not isinstance(feeds, dict):
        return None
    return {side: str(feeds.get(side) or "public") for side in SIDES}


def tag_access(feeds: dict[str, str], host: str, token_var: str, has_token: bool) -> TagAccess:
    """What a request with (or without) a token reads, given the instance's settings."""
    # a token reads "authenticated" feeds, and "disabled" ones if its account is the
    # instance's staff (a role with view_feeds: PublicFeed#user_has_access_to_feed?), so with
    # one they are asked for and the line says they may read empty; a value this version does
    # not know is read as public
    ok = {
        s: feeds[s] not in ("authenticated", "disabled")
        or (has_token and feeds[s] in ("authenticated", "disabled"))
        for s in SIDES
    }
    if all(ok.values()):
        disabled = [s for s in SIDES if feeds[s] == "disabled"]
        if not disabled:
            return TagAccess("all", {}, "")
        return TagAccess(
            "all",
            {},
            _line(
                host,
                "the instance disabled them",
                feeds,
                f"the token in {token_var} reads them only if its account is the instance's "
                "staff, and reads them empty otherwise: pick another instance",
            ),
        )
    lost = [s for s in SIDES if not ok[s]]
    read = "" if len(lost) == 2 else next(s for s in SIDES if ok[s])
    if read:
        # anonymous, a request for both sides is refused: ask for the readable one alone
        params = {} if has_token else {read: "true"}
        what = f"only its {read} posts are read, not its {lost[0]} ones"
    else:
        params, what = {}, "no hashtag timeline is read"
    if any(feeds[s] == "authenticated" for s in lost):
        todo = (
            f"set {token_var} to a user's access token with read:statuses, or pick another instance"
        )
    else:  # disabled: only a staff account's token lifts it
        todo = "only a token of the instance's staff lifts 'disabled': pick another instance"
    return TagAccess(read, params, _line(host, f"{what}; the instance restricts them", feeds, todo))


def _line(host: str, what: str, feeds: dict[str, str], todo: str) -> str:
    """One warning: what is lost on `host`, the settings that say so, and what to do."""
    said = ", ".join(f"{SETTINGS[s]}={feeds[s]}" for s in SIDES)
    return (
        f"mastodon: hashtag timelines on {host}: {what} ({said}; Mastodon 4.5's 'Access to "
        f"hashtag and link feeds' settings, in its /api/v2/instance): {todo}"
    )
