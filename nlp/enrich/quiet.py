"""A service named beside another's failure, in a clause that says nothing failed.

Posts about one service's outage name others in passing: the line they write from ("сижу на
мегафоне", "PTCL use kar raha hun"), the one that still works ("Telegram iko fiti", "넷플은
잘 나오는데", "Bradesco tá de boa"), the one they switched to ("had to use my ING card",
"перейшли в телеграм"). The words for each role differ in every language and are many; the
shape is the same: the failure is said in one clause, next to one service, and the other
names sit in clauses that say no failure.

``quiet(text, start, end, names)`` reads that shape for the mention ``text[start:end]``;
attribution drops a quiet service only when another service of the same post is named in a
clause that says a failure, so a lone name is never dropped, and a post whose failure words
the lexicons miss loses nothing. Two services down together share their clause ("Discord ve
Steam ikisi birden çöktü") or say so ("Ватсап тоже", "Spotify too").
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.failure import says_failure

# what ends a clause: a sentence's end, a comma, a dash, an emoji or a laugh ("ㅋㅋ"), or a
# word that turns to a contrast ("but", "pero", "а", "хотя", "ama", "padahal", "lakini",
# "lekin", "하지만", "لكن")
_BOUNDARY = re.compile(
    r"[!?;\n؟。！？]|\.(?!\w)|,\s|[،、]|\s[-–—]\s|\p{Extended_Pictographic}|[ㅋㅎㅠㅜ]{2,}|"
    # "so" opening what the writer did about it: "ChatGPT is down so I'm using Claude"
    r"(?<!\w)so\s+(?=(?:i|i'm|im|i've|ive|i'll|we|we're|we've|we'll)(?!\w))|"
    r"(?<!\w)(?:but|though|although|while|whereas|pero|mientras|ma|però|invece|mentre|mas|"
    r"porém|enquanto|ale|lecz|natomiast|а|но|хотя|хоть|зато|однако|але|проте|зате|хоча|ama|"
    r"fakat|ancak|oysa|halbuki|tapi|tetapi|padahal|namun|sedangkan|kaso|lakini|lekin|magar|"
    r"mais|aber|doch|men|maar|mutta|하지만|그런데|근데|لكن|بس)(?!\w)",
    re.IGNORECASE,
)
# "and" between names: a list of names is one subject ("Netflix, Hulu and Max all down")
_JOINING = re.compile(
    r"(?<!\w)(?:and|or|n|i|и|і|та|ve|e|y|o|ou|at|dan|sama|na|und|et|och|og|&|/|\+|와|과|"
    r"이랑|랑|하고|و)(?!\w)",
    re.IGNORECASE,
)
# "too", "also" after the name in its clause: this one failed as well ("Ватсап тоже",
# "Teams is being sluggish as well", "Instagram din"); not "Mam też konto w mBanku" (I also
# have an account there)
_TOO = re.compile(
    r"(?<!\w)(?:too|also|as\s+well|either|тоже|также|теж|також|też|także|również|juga|din|"
    r"rin|anche|pure|también|tampoco|também|också|også|pia|bhi|aussi|auch|ook)(?!\w)",
    re.IGNORECASE,
)
# ...or before it: "same with Hulu", "and now Venmo", "plus Ring"
_TOO_BEFORE = re.compile(
    r"(?<!\w)(?:same\s+(?:with|for|on)|and\s+now|now|plus|also|even)\s+(?:the\s+|my\s+)?\x00*$",
    re.IGNORECASE,
)
# Words of trouble that the failure lexicon keeps for whole sentences, read here because the
# clause names a service: "can't check in", "kept dropping", "X phir se band?", "stc pay ما
# يفتح", "przelew nie doszedł", "Tokped ga bisa checkout"
_TROUBLE = re.compile(
    r"(?<!\w)(?:can'?t|cannot|won'?t|couldn'?t|wouldn'?t|doesn'?t|don'?t|didn'?t|isn'?t|"
    r"aren'?t|wasn'?t|never|no\s+longer|unable|errors?|erroring|fail\w*|pending|"
    r"crash\w*|broken|broke|issues?|problems?|dropp(?:ing|ed)|kicked|stuck|lagg?\w*|"
    r"buffer\w*|slow|dead|down|outage|offline|not\s+\w+ing|band|masla|gagal|lemot|"
    # everyday English for "not working": "Teams is being sluggish", "insta janky af"
    r"weird|janky|glitch\w*|sluggish|wonky|flaky|flakey|patchy|choppy|dodgy|spinning|cooked|"
    r"borked|busted|bugg\w*|unusable|acting|playing\s+up|having\s+a\s+moment|behaving|"
    r"cooperat\w*|struggl\w*|tweaking|trippin\w*|freez\w*|froze|frozen|timing\s+out|"
    r"times\s+out|blank|kaput|disconnect\w*|keeps?|kept|worse|not\s+(?:much\s+)?better|"
    r"no\s+better|bad\s+(?:time|day)|rough|hiccup\w*|meltdown|melt\w*|tank\w*|crawl\w*|rip|"
    r"out|trouble|nothing|gone|vanish\w*|missing|disappear\w*|lost|unavailable|declin\w*|"
    r"reject\w*|denied|refus\w*|expired|invalid|throttl\w*|timeout|5\d\d|404|"
    r"(?:black|white|grey|gray|loading)\s+screen|logged\s+(?:me\s+)?out|signed\s+(?:me\s+)?out|"
    r"nere|nede|imezingua|imekwama|hazitumwi|mati|"
    r"висит|виснет|глючит|тупит|лага\w*|м[её]ртв\w*|зник\w*|"
    r"si\s+blocca|bloccat[oa]|zawiesz\w*|wysypa\w*|pad[łl]\w*|le[żz]y|"
    r"gitti|[çc][öo]km[üu][şs]|yava[şs]\w*|"
    r"끊김|끊겨|끊어\w*|터짐|먹통|"
    r"مشكلة|معلق|"
    # a negated verb: Polish, Russian, Ukrainian, Italian, Portuguese, Spanish, Tagalog, Urdu,
    # Indonesian, Korean, Arabic; Turkish negates inside the verb ("açılmıyor")
    r"(?:nie|не|ні|нет|нема\w*|non|não|nao|no|hindi|ayaw|walang|nahi|nahin|ga|gak|nggak|"
    r"tidak|안|못|لا|ما)\s+\w+|"
    r"\w+m[ıiuü]yor\w*|yok)(?!\w)",
    re.IGNORECASE,
)
# ...unless the clause says there is none: "no problems", "sorun yok", "bez problemu"
_NO_TROUBLE = re.compile(
    r"(?<!\w)(?:no\s+(?:problems?|issues?|complaints)|sorun(?:suz|\s+yok)|bez\s+problem\w*|"
    r"sin\s+problemas?|nessun\s+problema|sem\s+problemas?|walang\s+problema|"
    r"hakuna\s+(?:shida|tatizo)|koi\s+masla\s+nahi|без\s+проблем|문제\s*없\w*|"
    r"(?:لا|ما)\s+(?:فيه\s+)?مشكلة)(?!\w)",
    re.IGNORECASE,
)
_LETTER = re.compile(r"\p{L}")
_WINDOW = 160
# what a name is blanked to: no letter, no space, so no phrase reads across it ("No Itaú foi
# de boa" is no negation)
_BLANK = "\x00"


def quiet(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> bool:
    """True when the clause around ``text[start:end]`` says no failure, nor "too". ``names``:
    the spans of every service name in ``text``; a clause holding only names and "and" is
    part of the next one ("Netflix, Hulu and Max all down")."""
    left, right = clause_parts(text, start, end, names)
    if _TOO.search(right) or _TOO_BEFORE.search(left):
        return False
    return not failing(left + _BLANK + right)


def failing(clause_text: str) -> bool:
    """The clause says that something failed."""
    if says_failure(clause_text):
        return True
    return bool(_TROUBLE.search(clause_text)) and not _NO_TROUBLE.search(clause_text)


def clause(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> str:
    """The clause the mention ``text[start:end]`` sits in, names blanked out (their words
    are no failure: "Wind" or "Play" would read as statuses)."""
    left, right = clause_parts(text, start, end, names)
    return left + _BLANK + right


def clause_parts(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()
) -> tuple[str, str]:
    """The clause before the mention and after it, names blanked."""
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    chars = list(text[lo:hi])
    for a, b in names:
        for k in range(max(a, lo), min(b, hi)):
            chars[k - lo] = _BLANK
    window = "".join(chars)
    left, right = window[: start - lo], window[end - lo :]
    cut = 0
    for m in _BOUNDARY.finditer(left):
        cut = m.end()
    stop = len(right)
    for m in _BOUNDARY.finditer(right):
        if _said(right[: m.start()]):
            stop = m.start()
            break
    return left[cut:], right[:stop]


def _said(stretch: str) -> bool:
    """Words beyond names and "and": a clause of its own."""
    return bool(_LETTER.search(_JOINING.sub(" ", stretch)))
