"""The writer's own connection out, with no line named: "internet out in Charlotte since
5am", "no signal at all in Camden", "hub rebooting itself every 20 minutes", "whole house
offline since dinner".

Such a post is about the line it was written to (a support handle, removed), or about no
service at all, and the apps it names are how the outage shows ("can't even get a WhatsApp
out", "dropped out of my Zoom interview") or what the writer uses meanwhile ("hotspotting off
my Three phone"). Counting them would report WhatsApp or Zoom down whenever a home line is.
``line_out_at(text, names)`` finds where such a sentence says so; attribution then keeps an
app only when it is said down in its own right ("Netflix is down for everyone").

Not an app's own message ("Spotify says no internet connection"), a question ("is it my wifi
or Netflix?"), a denial ("my internet is fine", "not my wifi"), nor a line that is named
("Comcast internet out": Comcast is the subject, read by the status rules).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.symptom_cues import LINE_OUT, NO_LINE_ELSEWHERE, NO_SIGNAL_MIXED

_GEAR = r"(?:router|modem|hub|ont|home\s*hub|wi[- ]?fi\s+box|whole\s+house)"
_LINE_GONE = re.compile(
    rf"{LINE_OUT}|{NO_LINE_ELSEWHERE}|{NO_SIGNAL_MIXED}|"
    # "no signal at all", "no internet since 6", "zero bars" (not "no internet needed")
    # ("no connection" alone is as often an app's own message)
    r"\b(?:no|zero|lost\s+(?:all\s+)?(?:my\s+)?|without)\s+(?:mobile\s+|phone\s+|home\s+)?"
    r"(?:signal|internet|wi[- ]?fi|broadband|bars|reception|coverage|power)\b"
    r"(?!\s+(?:needed|required|necessary|problems?|issues?))|"
    # "hub rebooting itself", "router keeps dropping", "whole house offline"
    rf"\b{_GEAR}\s+(?:(?:is|are|has\s+been|keeps?|kept|just|still|went|been|itself)\s+)*"
    r"(?:offline|rebooting|restarting|dropping|dead|down\b(?!\s+(?:to|the)\b)|"
    r"flashing\s+red|blinking\s+red)|"
    r"\b(?:power|electricity)\s+(?:cut|outage|is\s+out|went\s+out|has\s+been\s+out)\b|"
    r"\b(?:internet|broadband|wi[- ]?fi|net|signal)\s+(?:\S+\s+){0,4}?band\s+h(?:ai|e)\b",
    re.IGNORECASE,
)
# what an app says is its own failure, not the line's: "Spotify says no internet connection",
# "error: no connection", "'you're offline'"
_REPORTED = re.compile(
    r"\b(?:says?|saying|said|shows?|showing|claims?|claiming|thinks?|tells?\s+me|telling\s+me|"
    r"error|message|pop-?up|notification|screen|reads?|displays?)\b[^.!?\n]*$|['\"“‘][^'\"”’]*$",
    re.IGNORECASE,
)
# "not my internet", "isn't the wifi", "if my internet was out"
_DENIED = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|ain'?t|if|unless|whether|or)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[,;:.!?\n]|\s[-–—]\s")
# the line said to work: "kahit ok naman wifi", "my internet is fine", "wifi works": "no
# internet connection" in such a post is an app's message
_LINE_FINE = re.compile(
    r"\b(?:wi[- ]?fi|internet|connection|broadband|signal|network)\b(?:\s+\w+){0,3}?\s+"
    r"(?:is\s+|are\s+|'s\s+|seems\s+)?(?:ok|okay|fine|good|works|working|perfect|normal|solid|"
    r"stable)\b|\b(?:ok|okay|fine|good)\s+(?:naman\s+|lang\s+)?(?:the\s+|my\s+|ang\s+)?"
    r"(?:wi[- ]?fi|internet|connection)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?\n]+|$)")


def line_out_at(text: str, names: Sequence[tuple[int, int]] = ()) -> int | None:
    """Where the first sentence saying the writer's unnamed line is out starts, or None.
    ``names``: the spans of the apps found (not the lines). One named in the phrase's own
    clause, right before it, makes it that app's message ("Spotify no internet connection");
    a line named there is the one out ("Comcast internet out"), and the status rules keep it.
    Not in a post that says the line works ("kahit ok naman wifi")."""
    if _LINE_FINE.search(text):
        return None
    for sentence in _SENTENCE.finditer(text):
        said = sentence.group(0)
        if not said.strip() or "?" in said:
            continue
        for m in _LINE_GONE.finditer(said):
            start = sentence.start() + m.start()
            before = said[: m.start()]
            if _REPORTED.search(before) or _DENIED.search(before):
                continue
            if any(
                start - 30 <= b <= start and not _CLAUSE_END.search(text, b, start)
                for _, b in names
            ):
                continue
            return start
    return None
