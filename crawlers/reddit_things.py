"""Reddit's things as its API sends them: which are posts or comments, which are gone.

A listing's children should each be {"kind": "t3" | "t1", "data": {...}}. Reddit answers a
misspelled subreddit with subreddit descriptions (t5), and a null child once cost the whole
page, so every child is sorted before it is read. The same rules read /api/info's answer
when stored posts are looked up again for deletions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crawlers.normalise import describe

GONE = ("[deleted]", "[removed]")
POST_KINDS = ("t3", "t1")  # link or self posts, and comments: all that outagewatch stores
INFO_BATCH = 100  # fullnames per /api/info request, Reddit's limit


def is_deleted(data: dict[str, Any]) -> bool:
    """Whether Reddit shows this post or comment as deleted by its author or removed."""
    text = data.get("selftext") if "selftext" in data else data.get("body")
    return bool(data.get("removed_by_category")) or data.get("author") in GONE or text in GONE


@dataclass
class Children:
    """A listing's children, sorted: what can be read and why the rest cannot."""

    things: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (kind, data)
    bad: list[str] = field(default_factory=list)  # one line per child that is no thing
    others: Counter[str] = field(default_factory=Counter)  # kinds that are no post (t5)

    def others_line(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.others.items()))
        return f"listing children that are no post or comment ({kinds}; t3/t1 expected)"


def sort_children(children: Iterable[Any]) -> Children:
    out = Children()
    for i, child in enumerate(children):
        if not isinstance(child, dict):
            out.bad.append(f"listing child {i} is {describe(child)}, not a post or comment")
            continue
        kind, data = child.get("kind"), child.get("data")
        if not isinstance(data, dict):
            out.bad.append(f"listing child {i} (kind {kind!r:.20}) has {describe(data)} as data")
        elif kind in POST_KINDS:
            out.things.append((kind, data))
        else:
            out.others[str(kind)[:20]] += 1
    return out


def listing_children(doc: Any) -> list[Any] | None:
    """The children of a Listing document, or None when it is no Listing."""
    if not isinstance(doc, dict) or doc.get("kind") != "Listing":
        return None
    data = doc.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else None


def batches(ids: list[str], size: int = INFO_BATCH) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


@dataclass
class Recheck:
    """What /api/info's answer says of the fullnames asked."""

    gone: list[str] = field(default_factory=list)  # shown deleted or removed: delete now
    missing: list[str] = field(default_factory=list)  # left out: deleted on a later miss
    found: list[str] = field(default_factory=list)  # answered and still there
    suspect: bool = False  # the answer left out every id asked: believe none of it


def recheck_result(asked: list[str], found: Children) -> Recheck:
    """Read /api/info's answer to `asked`. Only what Reddit shows deleted or removed is
    gone for sure: it also leaves out what the client cannot view (a subreddit gone private
    or quarantined, for a while or for good), so a missing id is only reported missing. An
    answer that leaves out every id (an empty or broken 200 during an incident) is
    suspect. When a child could not be read it may be any of the missing ones, so then
    only the ids answered are reported."""
    seen = {d["name"]: d for _, d in found.things if isinstance(d.get("name"), str)}
    if asked and not any(name in seen for name in asked):
        return Recheck(suspect=True)
    out = Recheck()
    for name in asked:
        if name not in seen:
            if not found.bad:
                out.missing.append(name)
        elif is_deleted(seen[name]):
            out.gone.append(name)
        else:
            out.found.append(name)
    return out
