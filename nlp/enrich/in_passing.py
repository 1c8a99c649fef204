"""A service named in passing beside another's failure: the line one writes from, one that
still works, the one switched to.

Posts about one service's outage name others this way: "WhatsApp не грузит, сижу на
мегафоне", "Canal+ zawiesza się. Netflix chodzi bez problemu", "ChatGPT is down so I'm
using Claude", "PTCL band hai. Jazz 4G se kaam chala raha hun". ``reading(text, start,
end, names)`` reads the clause a mention sits in:

- ``FAILS``: the clause says something failed (any language's failure phrases, an outage
  status, a negated verb, everyday English such as "janky", "being weird");
- ``PASSING``: it says no failure, and it says the service works, is the line or route the
  writer uses, or is what they switched to;
- ``NEUTRAL``: anything else: "too" ("Ватсап тоже", "Spotify too", "same with Hulu"), a
  name alone ("Hulu??"), a failure said in words no lexicon has.

A list of names shares one clause ("Outage hitting Slack, Notion and Figma" fails for all
three). Attribution drops a service only when every mention of it reads ``PASSING`` and
another service of the post is named in a clause that ``FAILS`` (or said down): the rule
needs evidence that a name is in passing, not only the absence of a failure word.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.failure import says_failure
from nlp.enrich.mention_patterns import PROBLEM

FAILS, PASSING, NEUTRAL = "fails", "passing", "neutral"

# words of contrast ("but", "а", "хотя", "ama", "padahal", "lakini", "lekin", "하지만", "لكن"):
# they end a clause when another name follows in the sentence ("Spotify won't play but Apple
# Music works"), not otherwise ("YouTube Music works but only offline")
_CONTRAST = (
    r"(?<!\w)(?:but|though|although|while|whereas|pero|mientras|però|invece|mentre|porém|"
    r"enquanto|ale|lecz|natomiast|а|но|хотя|хоть|зато|однако|але|проте|зате|хоча|ama|fakat|"
    r"ancak|oysa|halbuki|tapi|tetapi|padahal|namun|sedangkan|kaso|lakini|lekin|magar|aber|"
    r"doch|maar|mutta|하지만|그런데|근데|لكن)(?!\w)"
)
# what ends a clause: a sentence's end, a comma, a dash, an emoji or a laugh ("ㅋㅋ"), "so I"
# (what the writer did about it), or a word of contrast
_SENTENCE_END = r"[!?;\n؟。！？]|\.(?!\w)"
_BOUNDARY = re.compile(
    rf"{_SENTENCE_END}|,(?!\d)\s?|[،、]|\s[-–—]\s|\p{{Extended_Pictographic}}|[ㅋㅎㅠㅜ]{{2,}}|"
    r"(?<!\w)so\s+(?=(?:i|i'm|im|i've|ive|i'll|we|we're|we've|we'll)(?!\w))|"
    rf"{_CONTRAST}",
    re.IGNORECASE,
)
_CONTRAST_RX = re.compile(_CONTRAST, re.IGNORECASE)
_SENTENCE_END_RX = re.compile(_SENTENCE_END)
# "and" between names: a list of names is one subject ("Netflix, Hulu and Max all down")
_JOINING = re.compile(
    r"(?<!\w)(?:and|or|n|и|і|та|ve|e|y|o|ou|dan|sama|und|et|och|og|&|/|\+|와|과|이랑|랑|하고|"
    r"و)(?!\w)",
    re.IGNORECASE,
)
# the same failure again: "Ватсап тоже", "Teams is being sluggish as well", "Turkcell de",
# "네이버도", "Telmex, lo mismo", "same with Hulu", "anche Iliad"
_TOO_AFTER = re.compile(
    r"(?<!\w)(?:too|also|as\s+well|either|neither|nor|тоже|также|аналогично|то\s+же|"
    r"туда\s+же|теж|також|те\s+саме|też|także|również|to\s+samo|tak\s+samo|identycznie|aynı|"
    r"juga|sama\s+aja|din|rin|anche|pure|idem|uguale|lo\s+stesso|también|tampoco|lo\s+mismo|"
    r"também|mesma\s+coisa|också|også|likaså|samma|heller|pia|vilevile|bhi|sef|aussi|auch|ook|"
    r"كمان|أيضا|نفس|마찬가지)(?!\w)",
    re.IGNORECASE,
)
# ...right after the name: Turkish "de"/"da" closing the clause ("Turkcell de?"; not Spanish
# "Claro de mi polola"), the Korean particle "도"
_TOO_NEXT = re.compile(r"(?:도|\s+(?:de|da)\s*(?:$|[^\w\s]))", re.IGNORECASE)
_TOO_BEFORE = re.compile(
    r"(?<!\w)(?:same\s+(?:thing\s+)?(?:with|for|on)|samma\s+sak\s+med|to\s+samo\s+(?:w|z)|"
    r"and\s+now|now|plus|also|even|anche|pure|también|"
    r"também|pati|и|і|тоже|теж|też|a\s+także|ni|ani|nor|neither)\s+(?:the\s+|my\s+)?\x00*$",
    re.IGNORECASE,
)
# Words of trouble read here because the clause names a service: everyday English ("insta
# janky af", "Teams is being sluggish"), a negated verb in the markets' languages ("przelew
# nie doszedł", "Tokped ga bisa checkout"; Turkish negates inside the verb, "açılmıyor"),
# and the problem words of mention_patterns ("can't", "error", "slow")
_TROUBLE = re.compile(
    rf"(?<!\w)(?:{PROBLEM}|couldn'?t|wouldn'?t|never|no\s+longer|pending|dropp(?:ing|ed)|"
    r"kicked|stuck|dead|not\s+\w+ing|weird|janky|glitch\w*|sluggish|wonky|flak(?:e)?y|patchy|"
    r"choppy|dodgy|spinning|borked|busted|unusable|unresponsive|unreliable|inaccessible|"
    r"struggl\w*|freez\w*|froze|frozen|blank|nightmare|mess|joke|dire|disconnect\w*|worse|"
    r"not\s+(?:much\s+)?better|no\s+better|hiccup\w*|meltdown|trouble|unavailable|declin\w*|"
    r"nothing|"
    r"reject\w*|denied|expired|invalid|throttl\w*|timeout|band|masla|gagal|lemot|ilang|nere|"
    r"nede|м[её]ртв\w*|yava[şs]\w*|مشكلة|lent\w*|barely|hardly|crawl\w*|через\s+раз|ledwo|еле|"
    r"ледве|tregt|segt|treg\w*|l[åa]ngsam\w*|"
    r"(?:black|white|grey|gray)\s+screen|logged\s+(?:me\s+)?out|signed\s+(?:me\s+)?out|"
    r"(?:nie|не|ні|нет|нема\w*|non|não|nao|no|hindi|ayaw|walang|nahi|nahin|ga|gak|gk|gbs|"
    r"nggak|tidak|안|못|لا|ما|مو)\s+\w+|\w+m[ıiuü]yor\w*|\w+[ae]m[ıi]yor\w*|yok)(?!\w)",
    re.IGNORECASE,
)
# A negation right before a word of the working kind: "not fine", "не работает"
_NEGATED = re.compile(
    r"(?:not|no|n't|nie|не|ні|non|não|nao|hindi|nahi|ga|gak|tidak|tak|안|못|ما|لا|مو|مش|inte|"
    r"ikke)\s*$",
    re.IGNORECASE,
)
# It works: "Netflix chodzi bez problemu", "YouTube'da sorun yok", "넷플은 잘 나오는데",
# "Telegram iko fiti", "Ufone wale dost ka sahi chal raha hai", "Bradesco tá de boa"
_WORKS = re.compile(
    r"(?<!\w)(?:works?|working|worked|fine|ok|okay|oke|grand|perfect\w*|normal\w*|"
    r"no\s+(?:problems?|issues?|complaints)|unaffected|still\s+(?:up|on|going)|"
    r"the\s+only\s+(?:reason|thing|one)|keep(?:s|ing)\s+(?:me|us|the\s+\w+)\s+(?:online|going|"
    r"calm|sane)|(?:has|have|got)\s+(?:signal|service|coverage|bars)|poa|fiti|sawa|theek|thik|"
    r"(?:dey\s+)?sav(?:e|es|ed|ing)\s+me|"
    r"sahi|lancar|aman\w*|jalan|gumagana|goods|"
    r"работа\w*|норм\w*|ок|окей|в\s+порядке|летает|тянет|без\s+проблем|працю\w*|тримається|"
    r"в\s+порядку|dzia[łl]a\w*|[śs]miga|chodzi|leci|bez\s+problem\w*|sorunsuz|sorun\s+yok|"
    r"[çc]al[ıi][şs][ıi]yor|a[çc][ıi]l[ıi]yor|giriyor|oynuyor|gayet|funziona\w*|va|"
    r"nessun\s+problema|funciona\w*|jala|de\s+boa|s[ií]\s+tiene|sin\s+problemas?|"
    r"sem\s+problemas?|funkar|fungerar|g[åa]r|virker|fungerer|t[äa]ckning|dekning|شغال\w*|"
    r"يشتغل|تمام|됨|돼|된다|멀쩡\w*|문제\s*없\w*|정상\w*|들어가짐|잘)(?!\w)",
    re.IGNORECASE,
)
# It is what the writer uses, or switched to: "сижу на мегафоне", "had to use my ING card",
# "Turkcell hattımdan yazıyorum", "구글로 검색함", "naka Globe data lang ako", "Jazz 4G se kaam
# chala raha hun", "aguantando con el plan de Telcel", "sto lavorando con l'hotspot Iliad"
_USES = re.compile(
    r"(?<!\w)(?:switch\w*|moved|move|using|use[ds]?|had\s+to|instead|meanwhile|for\s+now|"
    r"backup|hotspot\w*|tether\w*|running\s+on|working\s+off|texting|texted|paid|pay\s+with|"
    r"mobile\s+data|пока|мобильн\w*|мобільн\w*|вайфа\w*|bank\s+mam|mam\s+w|"
    r"posting\s+this|writing\s+this|сижу|сиджу|пишу|раздаю|звоню|перешл\w*|перейшл\w*|ушл\w*|"
    r"пришлось|довелося|провайдер|siedz[eę]|pisz[eę]|przenie\w*|przesz[eł]\w*|zam[óo]wi\w*|"
    r"mam\s+(?:te[żz]\s+)?(?:konto|kart[eę]|drug[aą])|yaz[ıi]yorum|ge[çc]tim|ko[şs]tu|"
    r"indiriyorum|kullan[ıi]yorum|hatt[ıi]\w*|버티\w*|대체\w*|켬|검색함|핫스팟|pindah|untung|pake|"
    r"pakai|guna|gamit|naka|dey\s+(?:use|on)|kaam\s+chala|kar\s+raha|aguantando|tuve\s+que|"
    r"usando|usar|t[ôo]\s+usando|ho\s+dovuto|intanto|sto\s+lavorando|sono\s+su|مشيت|استخدم\w*)"
    r"(?!\w)",
    re.IGNORECASE,
)
# ...or the route right before the name, in a clause that says no failure: "so im on Apple
# Music", "on Aussie Broadband so def not my connection", "с мобильного Билайна", "sono su
# WindTre", "naka Globe data"
_ROUTE_BEFORE = re.compile(
    r"(?<!\w)(?:on|off|via|thru|through|using|from|на|с|з|у|через|na|z|w|przez|su|sul|sulla|"
    r"con|med|p[åa]|sa|naka|gamit|pake|pakai|guna)\s+(?:(?:my|the|our|a|mi|mia|la|il|el|o|ko|"
    r"ng|mojej|moim|mojego|мо[её]м|моей)\s+)?\x00*$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"\p{L}")
_WINDOW = 200
# what a name is blanked to: no letter, no space, so no phrase reads across it ("No Itaú foi
# de boa" is no negation)
_BLANK = "\x00"


def reading(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> str:
    """``FAILS``, ``PASSING`` or ``NEUTRAL`` for the mention ``text[start:end]``. ``names``:
    the spans of the services found in ``text``, blanked in the clause (their words say
    nothing: "Wind", "Play" would read as statuses)."""
    left, right = clause_parts(text, start, end, names)
    if _TOO_NEXT.match(right) or _TOO_AFTER.search(right) or _TOO_BEFORE.search(left):
        return NEUTRAL
    whole = left + _BLANK + right
    works = [m for m in _WORKS.finditer(whole) if not _NEGATED.search(whole[: m.start()])]
    said = whole
    for m in reversed(works):  # "no problems" is no trouble
        said = said[: m.start()] + _BLANK * (m.end() - m.start()) + said[m.end() :]
    if says_failure(said) or _TROUBLE.search(said):
        return FAILS
    if works or _USES.search(whole) or _ROUTE_BEFORE.search(left):
        return PASSING
    return NEUTRAL


def clause_parts(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()
) -> tuple[str, str]:
    """The clause before the mention and after it, names blanked. A clause holding only
    names and "and" is part of its neighbour: the next one after a name ("Netflix, Hulu and
    Max all down"), the one before at a list's end ("Outage hitting Slack, Notion and
    Figma")."""
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    chars = list(text[lo:hi])
    for a, b in names:
        for k in range(max(a, lo), min(b, hi)):
            chars[k - lo] = _BLANK
    window = "".join(chars)
    left, right = window[: start - lo], window[end - lo :]
    stop = len(right)
    for m in _BOUNDARY.finditer(right):
        if _said(right[: m.start()]) and _ends(right, m, ahead=True):
            stop = m.start()
            break
    right = right[:stop]
    cuts = [m.end() for m in _BOUNDARY.finditer(left) if _ends(left, m, ahead=False)]
    cut = cuts[-1] if cuts else 0
    if not _said(right):  # the end of a list: read the words before it, in its sentence
        starts = [m.end() for m in _SENTENCE_END_RX.finditer(left)]
        first = starts[-1] if starts else 0
        cut = next((c for c in reversed(cuts) if c <= first or _said(left[c:])), first)
    return left[cut:], right


def _ends(text: str, m: re.Match[str], *, ahead: bool) -> bool:
    """Whether the boundary ``m`` ends a clause: a word of contrast only with a name on its
    far side, within the sentence."""
    if not _CONTRAST_RX.fullmatch(m.group(0)):
        return True
    if ahead:
        end = _SENTENCE_END_RX.search(text, m.end())
        return _BLANK in text[m.end() : end.start() if end else len(text)]
    starts = [e.end() for e in _SENTENCE_END_RX.finditer(text, 0, m.start())]
    return _BLANK in text[starts[-1] if starts else 0 : m.start()]


def _said(stretch: str) -> bool:
    """Words beyond names and "and": a clause of its own."""
    return bool(_LETTER.search(_JOINING.sub(" ", stretch)))
