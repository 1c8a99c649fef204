"""Recovery phrases: "Spotify is working again, thanks!", "Netflix is back up for me", "all good
now", "funktioniert wieder", "ya funciona", "снова работает", "復旧した".

Recovery posts cluster right after an outage, and both complaint models score "it's working
now, thanks" as a complaint (it sits among support replies in embedding space). By the
definition the models are trained on (a complaint reports that something did not meet
expectations, Preoţiuc-Pietro et al., 2019), it is none, and no outage report either. Data
and the reading of a phrase in its clause here; ``nlp/enrich/failure.py::recovered`` decides
whether the rest of the post says anything else (it must say nothing but thanks, politeness and
the service's name: "working now but still can't log in", "ya funciona pero no llegan" are no
recovery).
"""

from __future__ import annotations

import regex as re

from nlp.enrich.literal_gate import Gate, fold

# "working again", "works now", "working fine now", "seems to be working now", "up and running
# again"; not "nothing works now" or "isn't working again" (a negation before, see _NEGATED),
# nor "was working now it's down" (past, _NOT_NOW)
_EN_WORKS = (
    r"\b(?:working|works|functioning|running)\s+"
    r"(?:(?:just|perfectly|fine|ok|okay|properly|normally|"
    r"great|as\s+normal|for\s+me|on\s+my\s+end|again)\s+){0,3}?(?:again|now)\b|"
    r"\bup\s+and\s+running(?:\s+again|\s+now)?\b"
)
# "back up", "back online", "back to normal", "is back now"; not "the error is back" nor "it's
# back again" (a bare "is back" may be the problem's), nor "back up your files" (a verb)
_EN_BACK = (
    r"\bback\s+(?:up|online|on\s*line|to\s+normal|in\s+action)\b"
    r"(?!\s+(?:your|my|the|our|their|his|her|all|files?|data|photos?|playlists?)\b)|"
    r"\b(?:it|it's|its|everything|they're|service|site|app)\s*(?:is|'s|are)?\s+back\s+"
    r"(?:now|for\s+me)\b"
)
# "fixed now", "it's fixed", "that fixed it", "problem solved", "all good now", "fine now"
_EN_FIXED = (
    r"\b(?:fixed|sorted|resolved|solved)\s+(?:now|it|itself|again)\b|"
    r"\b(?:it|its|that|this|everything|all|issue|problem)(?:'s|\s+is|\s+has\s+been|\s+got|"
    r"\s+seems\s+(?:to\s+be\s+)?|\s+appears\s+(?:to\s+be\s+)?)?\s+(?:fixed|sorted|resolved|"
    r"solved)\b(?!\s+(?:by|in|with|when|yet)\b)|"
    r"\b(?:all|we're|were|it's|its|everything's|everything\s+is|is|seems|looks)\s+"
    r"(?:to\s+be\s+)?(?:good|fine|ok|okay|sorted|normal)\s+now\b"
)
# The languages of the failure phrases (nlp/enrich/failure.py) where "again" or "now" beside
# "works" says it plainly; a negation inside ("geht wieder nicht", "ya no funciona", "znowu
# nie działa") is no recovery. What came back is named too ("ya volvió el internet", "wieder
# da", "a vivo voltou", "복구됨", "رجع النت"): failure.py::recovered still wants nothing else
# said beside it, so "voltou a cair" (fell again) or "Störung ist wieder da" is none.
_ELSEWHERE = (
    # Spanish, Portuguese
    r"\b(?:ya|de\s+nuevo|otra\s+vez)\s+(?:me\s+)?(?:funciona|anda|carga)\b(?!\s+mal\b)|"
    r"\b(?:vuelve|volvi[oó]|voltou|volta)\s+a\s+funcionar\b|"
    r"\bfunciona(?:ndo)?\s+(?:de\s+nuevo|otra\s+vez|de\s+novo|outra\s+vez)\b|"
    r"\bj[aá]\s+(?:est[aá]\s+|t[aá]\s+)?funcionando\b|\bvolt(?:ou|aram)\s+ao\s+normal\b|"
    r"\b(?:ya\s+)?(?:volvi[oó]|regres[oó])\s+(?:el|la|mi)\s+(?:internet|se[nñ]al|servicio|luz|red|"
    r"conexi[oó]n|wifi|l[ií]nea)\b|\bya\s+(?:hay|tengo|tenemos)\s+(?:internet|se[nñ]al|servicio|"
    r"luz|red|conexi[oó]n)\b|\bvolt(?:ou|aram)\b|"
    # French
    r"\b(?:[çc]a|il|elle|tout)\s+(?:re)?(?:marche|fonctionne)\s+(?:[àa]\s+nouveau|de\s+nouveau|"
    r"maintenant)\b|\bremarchen?t?\b|\best\s+r[ée]tabli\w*|\b(?:c'est|est|sont)\s+revenue?s?\b|"
    # German, Dutch, Swedish
    r"\b(?:geht|funktioniert|l[äa]uft|klappt)\s+(?:(?:jetzt|nun|endlich|auch|bei\s+mir)\s+)*"
    r"wieder\b(?!\s+(?:\w+\s+)?(?:nicht|nimmer|net|nix)\b)|"
    r"\bwieder\s+(?:da|online|erreichbar|verf[üu]gbar)\b|"
    r"\b(?:werkt|doet\s+(?:het|'t))\s+(?:(?:nu|gelukkig|bij\s+mij)\s+)*weer\b"
    r"(?!\s+(?:\w+\s+)?niet\b)|"
    r"\b(?:fungerar|funkar)\s+(?:igen|nu)\b(?!\s+inte\b)|"
    # Italian
    r"\b(?:ora|adesso|di\s+nuovo)\s+funziona\b|\bfunziona\s+(?:di\s+nuovo|ora|adesso)\b|"
    r"\b(?:[èe]\s+)?tornat[oa]\s+a\s+funzionare\b|\bha\s+ripreso\s+a\s+funzionare\b|"
    # Polish, Russian, Ukrainian, Turkish
    r"\b(?:ju[żz]|znowu|zn[óo]w)\s+dzia[łl]a\b|\bdzia[łl]a\s+(?:ju[żz]|znowu|zn[óo]w)\b|"
    r"\b(?:снова|опять|уже)\s+работа(?:ет|ют)\b|\bпочинили\b|"
    r"\b(?:знову|вже|уже)\s+працю(?:є|ють)\b|\bполагодили\b|"
    r"\b(?:tekrar|yeniden|[şs]imdi)\s+[çc]al[ıi][şs][ıi]yor\b|\bd[üu]zeldi\b|"
    # Japanese, Chinese, Korean
    r"復旧(?:した|しました|してる|している|済み)|直った|直りました|使えるようになった|"
    r"(?:繋|つな)がるようになった|(?:繋|つな)がった|復活した|恢[复復]正常|恢[复復]了|又?能用了|"
    r"可以用了|복구(?:됨|됐\w*|되었\w*|완료)|정상화(?:됨|됐\w*|되었\w*)|"
    r"(?:이제|다시)\s*(?:잘\s*)?(?:돼요|됨|되네\w*|된다|됩니다)|"
    # Arabic, Hebrew, Hindi (and Roman Hindi), Thai, Indonesian
    r"رجع(?:ت)?\s+(?:النت|الانترنت|الإنترنت|الخدمة|الشبكة|الخط)|(?:النت|الانترنت|الإنترنت|الخدمة)"
    r"\s+(?:رجع|رجعت|عاد|عادت|اشتغل|اشتغلت)|"
    # fail-31: the verb first, "اشتغل النت اخيرا", "عادت الخدمة"
    r"(?:اشتغل|اشتغلت|عاد|عادت)\s+(?:النت|الانترنت|الإنترنت|الخدمة|الشبكة|الخط)|חזר(?:ה)?\s+לעבוד|עובד\s+שוב|"
    r"(?:फिर\s+से\s+चल|चालू\s+हो\s+गया|ठीक\s+हो\s+गया)|"
    r"\b(?:chalu|theek|thik|wapas)\s+(?:ho|aa)\s+gaya\b|ใช้ได้แล้ว|กลับมาใช้ได้|"
    r"\b(?:sudah|udah|dah)\s+(?:normal|bisa|nyala)\b"
)
RECOVERED = re.compile(f"{_EN_WORKS}|{_EN_BACK}|{_EN_FIXED}|{_ELSEWHERE}", re.IGNORECASE)

# The clause before the phrase: a negation ("nothing works now", "isn't working again", "ya no
# funciona", "不能用了"), or a phrase that is not said now: asked, hoped, waited for,
# wanted, reported or past ("when will it be back up", "hope it's fixed soon", "please get this
# fixed", "status page says it's back to normal", "it was working now it's down again"), or a
# manner ("the way it works now is bonkers")
_NEGATED = re.compile(
    r"\b(?:not|never(?!\s+mind\b)|no|nothing|none|no\s+longer|stopped|barely|hardly|non|"
    r"n[ãa]o|ne|nicht|"
    r"kein\w*|niet|nie|inte|не|ні)\b|n['’]t\b|[不没沒]",
    re.IGNORECASE,
)
_NOT_NOW = re.compile(
    r"\b(?:when|whenever|until|till|til|once|if|hope\w*|wait\w*|wish|should|will|would|might|"
    r"need\w*|want\w*|wanna|please|pls|plz|get|getting|try\w*|way|how|"
    r"may|supposed|says?|said|claims?|apparently|supposedly|eta|was|were|had|used\s+to|"
    r"cuando|quand|wenn|sobald|quando|als)\b|[’']ll\b",
    re.IGNORECASE,
)
# a clause ends at a sentence's end, a comma or a word of contrast ("but", "though")
_CLAUSE_START = re.compile(
    r".*(?:[.!?;,\n。！？]|\b(?:but|though|although|however|yet|pero|mais|aber|ma|maar|ale|но|"
    r"але|ama|ancak)\b)",
    re.IGNORECASE | re.DOTALL,
)
_SENTENCE_END = re.compile(r"[.!;\n。！]|(?P<q>[?？])")


_RECOVERED_GATE = Gate(RECOVERED.pattern, RECOVERED.flags)


def recovery_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that say the service works again, now: each phrase not negated,
    asked, hoped for, reported or past in its clause."""
    if not _RECOVERED_GATE.may_match(fold(text)):  # most posts: none of the phrases' words
        return []
    spans = []
    for m in RECOVERED.finditer(text):
        before = text[max(0, m.start() - 80) : m.start()]
        start = _CLAUSE_START.match(before)
        clause = before[start.end() :] if start else before
        if _NEGATED.search(clause) or _NOT_NOW.search(clause):
            continue
        end = _SENTENCE_END.search(text, m.end())
        if end is not None and end.group("q"):  # "is it working now?", "back up yet?"
            continue
        spans.append(m.span())
    return spans
