"""A cause the writer guesses at, beside the services that are failing.

"Slack, Zoom and Notion all down at once?? is it cloudflare again", "discord AND spotify AND
twitch all dead for me. aws outage or what", "LINEもPayPayも繋がらない、auの障害？": the
services said to fail are the subject; the one asked about is a guess at why, and counting
it would report Cloudflare or AWS down on one user's hunch. Only a question (or "must be",
"probably") whose mention says nothing failed of its own, and only when another service of
the post is said to fail (attribution checks that): "AWS outage?" alone stays AWS's post.
"""

from __future__ import annotations

import regex as re

_I = re.IGNORECASE
# before the name, in its sentence: "is it cloudflare", "must be AWS", "¿será Cloudflare",
# "c'est encore OVH ?", "liegt es an AWS", "blame", "thanks"
_GUESS_BEFORE = re.compile(
    r"(?:(?<!\w)(?:is\s+(?:it|this|that)|could\s+(?:it|this)\s+be|"
    r"must\s+be|probably|prob|maybe|perhaps|guess(?:ing)?|bet|another|"
    r"ser[áa]|ser[áa]\s+que|est-ce|c'est\s+encore|sans\s+doute|"
    r"liegt\s+(?:es|das)\s+an|ist\s+(?:es|das)|wohl|[èe]\s+colpa\s+d[ie]l?|"
    r"culpa\s+d[eao]l?|apakah|mungkin|jangan-jangan|kya)\s+(?:(?:the|a|an|la|el|le|o|a|"
    r"de|der|die|das|un|une)\s+)?(?:\w+\s+)?)$",
    _I,
)
# after it, to the sentence's end: "again?", "outage or what", "down again??", "の障害？"
_GUESS_AFTER = re.compile(
    r"^(?:\s*(?:'s|s)?\s*(?:again|outage|down|issue|problem|thing|related|fault|"
    r"de\s+novo|otra\s+vez|encore|schon\s+wieder|wieder|lagi|again\s+lol|"
    r"(?:の|が)?(?:障害|不具合|通信障害|せい)(?:か|かな|なの|かも)?|"
    r"\s?장애(?:인가|냐|야|인가요)?)(?!\w))*"
    r"\s*(?:or\s+(?:what|something|smth|sth)|o\s+qu[ée]|ou\s+quoi)?\s*(?:[?？]|\.?\s*$)",
    _I,
)
# a guess with no question mark: "must be AWS again", "probably cloudflare"
_SURE_GUESS = re.compile(r"(?<!\w)(?:must\s+be|probably|prob|guess(?:ing)?|bet)\s+\S*\s*$", _I)
_GUESS_AFTER_PLAIN = re.compile(
    r"^\s*(?:again|outage|issue|problem)?\s*(?:\s(?:lol|lmao))?\s*$", _I
)
# the name with "outage"/"down" and "or what" closing the sentence, no word before it needed
_OR_WHAT = re.compile(
    r"^\s*(?:outage|down|issue|problem)\s+(?:again\s+)?or\s+(?:what|something|smth|sth)\b", _I
)
_SENTENCE_START = re.compile(r"(?:^|[.!?？。！、,，\n]|\s-\s)\s*$")
_SENTENCE_END = re.compile(r"[.!?？。！\n]")
# where the guess's sentence ends: a stop, or a question mark not doubled ("outage??")
_GUESS_END = re.compile(r"[.!。！\n]|[?？](?![?？])")
_CAUSE_WORD = re.compile(r"^\s*(?:の|が)?(?:障害|通信障害|不具合|outage|장애)", _I)


def speculated(text: str, start: int, end: int) -> bool:
    """The mention at ``start:end`` is a guess at the cause ("is it cloudflare again",
    "aws outage or what", "auの障害？"), asked or said as a guess, with nothing failing said
    of it in its own clause."""
    line_start = max(
        (m.end() for m in _SENTENCE_END.finditer(text, 0, start)),
        default=0,
    )
    left = text[line_start:start]
    stop = _GUESS_END.search(text, end)
    right = text[end : stop.end() if stop else len(text)]
    if _OR_WHAT.match(right):
        return True
    if _GUESS_BEFORE.search(left) and _GUESS_AFTER.match(right):
        return True
    if _SENTENCE_START.search(left) and _GUESS_AFTER.match(right) and right.strip(" ?？"):
        # "auの障害？", "AWS outage?": the name opens the question and a cause word follows
        return bool(_CAUSE_WORD.match(right))
    return bool(_SURE_GUESS.search(left) and _GUESS_AFTER_PLAIN.match(right.rstrip(".!")))
