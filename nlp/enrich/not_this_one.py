"""A service a sentence opens by setting aside for what it then points at.

Replies in a thread, and complaints, correct the guess of the cause: "It's not Zoom, it's
the internet", "Not AWS for us, it's our Azure Front Door endpoints timing out", "Not on
Delta but American's app is also throwing errors", "PSN works, it's Warzone itself",
"Fastweb ok, è Iliad che non prende". The name set aside is not what the post reports down
(the reviewers' labels, bench/labels/thread_posts_dev.csv, leave it out). Read only at a
sentence's start, with nothing before the name but "(it's) not (on|the)", and only when
the next words point elsewhere: "it's ...", "but ..." after "not X", or "it's <another
name>" after "X works"; "not only Netflix, ..." or "Netflix works, it's fine now" is no
such thing, nor "Not Discord, it's down again??" (the failure said at once of the name).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

_I = re.IGNORECASE
# the cheap test first: most posts have no "not" and no ", it's"
_GATE = re.compile(r"(?<!\w)not\s|,\s*(?:it'?s|its|it\s+is|è|es|ist)\s", _I)
_SENTENCE_START = r"(?:^|[.!?\n]\s*)"
# "It's not Zoom", "Not AWS", "Not on Delta", "it's not the Docker Hub"
_NOT_BEFORE = re.compile(
    rf"{_SENTENCE_START}(?:(?:it'?s|its|it\s+is|it\s+was|that'?s)\s+)?not\s+"
    r"(?:(?:on|the|with|using)\s+)?$",
    _I,
)
# ...then what it is instead: ", it's the internet", " for us, it's our Azure", " but American's"
_POINTED_AFTER = re.compile(
    r"(?:\s+(?:for|with|on)\s+(?:us|me|mine|ours))?\s*(?:[,;:]\s*(?:it'?s|its|it\s+is|"
    r"that'?s|it\s+was)\s|\s*,?\s*but\s)",
    _I,
)
# "PSN works, it's Warzone", "Steam's up, it's the Epic launcher", "Fastweb ok, è Iliad"
_WORKS_THEN_POINTED = re.compile(
    r"(?:'s|\s+is|\s+are)?\s*(?:works|working|up|fine|ok|okay|is\s+fine|is\s+ok)\s*[,;]\s*"
    r"(?:it'?s|its|it\s+is|è|es|ist)\s+(?:(?:the|my|our|il|la|el|der|die|das)\s+)?",
    _I,
)
_BEFORE_WORKS = re.compile(rf"{_SENTENCE_START}$", _I)
# "it's" followed at once by a failure says it of the name just set aside: "Not Discord, it's
# down again??" is "(is it) not Discord? it's down"; "it's the internet" points elsewhere
_SAID_OF_IT = re.compile(
    r"(?:(?:been|still|all|completely|totally|just|really|literally|so|gone|going)\s+)*"
    r"(?:down|dead|broken|borked|busted|offline|out|not\s+(?:working|loading|responding)|"
    r"crash(?:ing|ed)|fail(?:ing|ed)|lagg(?:ing|y)|buggy|unusable|unavailable|unreachable|"
    r"glitch(?:ing|y)|erroring|acting\s+up|up\s+and\s+down|having\s+(?:issues|problems))"
    r"(?!\w)",
    _I,
)


def set_aside(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> bool:
    """Whether the mention ``text[start:end]`` opens a sentence that sets it aside for what
    comes next: "(it's) not X, it's ...", "not (on) X but ...", or "X works, it's <another
    name of ``names``>"."""
    if not _GATE.search(text):
        return False
    lo = max(0, start - 40)  # "^" matches at the text's own start only
    if _NOT_BEFORE.search(text, lo, start):
        pointed = _POINTED_AFTER.match(text, end)
        return bool(pointed) and not _SAID_OF_IT.match(text, pointed.end())
    if not _BEFORE_WORKS.search(text, lo, start):
        return False
    m = _WORKS_THEN_POINTED.match(text, end)
    return bool(m) and any(a == m.end() for a, _ in names)
