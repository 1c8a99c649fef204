"""A phone or internet line named only as the route an app is used over, right before the app
said to fail.

"on verizon 5G and instagram won't load reels", "on my verizon phone tiktok won't load",
"Turkcell'de WhatsApp açılmıyor", "tanto na TV quanto no celular na rede da TIM": the writer
says which line they are on, and the failure is the app's; the reviewers' labels
(bench/labels/everyday_posts_dev.csv, everyday_posts_dev2.csv, market_posts_dev2.csv,
care2_posts_dev.csv) leave the line out. Only a line at its clause's start after "on (my)",
with nothing but a line's own nouns ("5G", "phone", "data") and "and" before the app's name;
or with a Turkish case ending right before it; or Portuguese "na rede da" ending the clause.
Attribution wants the app kept and said to fail, and the line not said down itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

_I = re.IGNORECASE
_ON_BEFORE = re.compile(
    r"(?:^|[.!?,;:\n]\s*)(?:(?:i'?m|im|i\s+am|we'?re|were|using|via)\s+)?on\s+"
    r"(?:(?:my|the|our|a)\s+)?$",
    _I,
)
# the line's own nouns, then maybe "and" or a comma, then the app's name
_TO_THE_APP = re.compile(
    r"(?:\s*(?:[345]g|5g\s+uw|lte|phone|iphone|android|data|wi-?fi|fib(?:re|er)|network|plan|"
    r"sim|line|hotspot)(?!\w)){0,2}\s*(?:,\s*|(?:and|&)\s+)?(?:(?:the|my)\s+)?",
    _I,
)
# Turkish: "Turkcell'de WhatsApp açılmıyor"
_CASE_THEN = re.compile(r"['’](?:de|da|te|ta|den|dan|ten|tan)\s+")
# Portuguese: "no celular na rede da TIM", the clause's end
_NETWORK_OF = re.compile(r"(?<!\w)(?:na|pela)\s+rede\s+d[ao]\s+$", _I)
_CLAUSE_END = re.compile(r"\s*(?:$|[.!?,;\n])")


def route_to(text: str, start: int, end: int, names: Sequence[tuple[int, int]]) -> int | None:
    """For a line's mention ``text[start:end]``: the start of the name of ``names`` it is the
    route to, -1 when it ends its clause as the network the post is written over ("na rede
    da TIM"), or None."""
    lo = max(0, start - 40)
    if _ON_BEFORE.search(text, lo, start):
        m = _TO_THE_APP.match(text, end)
    elif text.startswith(("'", "’"), end):
        m = _CASE_THEN.match(text, end)
    elif _NETWORK_OF.search(text, lo, start) and _CLAUSE_END.match(text, end):
        return -1
    else:
        return None
    at = m.end() if m else end
    return at if any(a == at and a >= end for a, _ in names) else None


# the line named as the one the writer is on, a few words after "on" (a looser reading than
# _ON_BEFORE's, for a post that rules the line out): "on aussie broadband", "with my Vodafone",
# "on both wifi and my EE 5G"), not the party on the phone with them
_ROUTE_BEFORE = re.compile(
    r"(?<!\w)(?:on|with|using|via|over|through|thru|con|com|sur|mit|avec)\s+(?:\S+\s+){0,4}$",
    _I,
)
_CONTACTED = re.compile(r"(?<!\w)(?:phone|call|chat|hold|line)\s+with\s+(?:\S+\s+){0,2}$", _I)


def named_as_route(text: str, start: int) -> bool:
    """The line's mention at ``start`` follows "on", "with" or "using" (the line the writer
    is on), not as the party called or written to ("Called Xfinity three times")."""
    lo = max(0, start - 40)
    return bool(_ROUTE_BEFORE.search(text, lo, start)) and not _CONTACTED.search(text, lo, start)
