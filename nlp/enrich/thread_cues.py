"""The words of a reply and of a thread's title that `thread.py` reads.

A reply sides with its thread ("same here", "+1", "bei mir auch") only as what it says first,
or in a few set forms ("down for me too", "nothing in Hobart either"): "this thread is gold",
"I also use Tidal", "same energy as 2021", "+1 for the username" agree with nothing. It says
the service works or is back in words that are neither negated, past, reported nor asked
("stopped working for me", "was fine here till 10 min ago", "thought it was back up", "U was
działa?"). A title tells of an outage that is over ("Cloudflare outage on November 18",
"A year after the Rogers outage", "昨日の障害の原因") or of no failure ("PSA: …", "Solved: …").
Forms from helper-102's review of thread-1 (211 posts written to break it).
"""

from __future__ import annotations

import regex as re

from nlp.enrich.symptom_cues import OVER

_YES_THEN = (  # "yep, 503s here", "yeah down in Leeds"; not "Yes OP, your cat …"
    r"(?:yes|yep|yup|yeah)(?=\W*$|[\s,.!:-]+(?:same|here|down|out|too|also|for\s+me|mine|ours|"
    r"whole|all|totally|completely|definitely|"
    r"it'?s\s+(?:down|dead|broken|out)|nothing|can'?t|cannot|no\s|getting|stuck|in\s+\p{Lu}|"
    r"\d{3}\b))"
)
AGREES = re.compile(
    # what the reply says first
    r"^\W*(?:"
    r"same(?!\s+(?:energy|question|time|thing|vibes?|old|reason|way|story|here\s+lol)\b)|"
    r"me\s+too|here\s+too|mine\s+too|\+1(?!\s*(?:for|to|on)\b)|ditto(?!\s+on\b)|"
    r"(?:can\s+)?confirm(?:ed)?(?!\s+(?:it|that)\s+was)|" + _YES_THEN + r"|this\W*$|"
    r"not\s+just\s+you|you'?re\s+not\s+alone|likewise|me\s+neither|neither\s+can\s+i|"
    r"lo\s+mismo|igual(?:\s+(?:aqu[ií]|ac[aá]|yo))?\b|(?:a\s+m[ií]|aqu[ií]|ac[aá])\s+tambi[eé]n|"
    r"(?:(?:a\s+m[ií]|yo)\s+)?tampoco|aqui\s+tamb[eé]m|mesma\s+coisa|comigo\s+tamb[eé]m|"
    r"pareil|moi\s+aussi|moi\s+non\s+plus|idem|ici\s+aussi|"
    r"(?:bei\s+mir|hier)\s+auch|dasselbe|genauso|anche\s+(?:a\s+me|qui|da\s+me|io)|"
    r"stessa\s+cosa|neanche|nemmeno|u\s+mnie\s+te[żz]|(?:mam\s+)?to\s+samo|ani\s+ja|"
    r"うちも|同じく|こちらも|こっちも|私も|"
    # a place or a device alone, then "too": "Dallas too, since 2pm", "PS5 too."
    r"\w[\w'-]*(?:\s+\w[\w'-]*)?\s+(?:too|also|as\s+well|auch|tamb(?:[ée]m|i[ée]n)|te[żz])"
    r"\s*(?:[.!,;:)]|$))|"
    # set forms anywhere: "down for me too", "Down in Berlin too", "nothing here either"
    r"\b(?:down|out|dead|broken|gone|same|here|mine|ours|me)\s+(?:\S+\s+){0,3}?"
    r"(?:too|as\s+well|also)\s*(?:[.!,;)]|$)|"
    r"\balso\s+(?:down|out|dead|broken|here|affected|not\s+\w+ing|can'?t|getting|seeing)\b|"
    r"\b(?:me|here|nothing|not\s+\w+ing|can'?t\s+\w+)\s+(?:\S+\s+){0,3}?either\s*(?:[.!,;]|$)|"
    r"\b(?:bei\s+mir|hier|auch\s+(?:bei|in)\s+\p{Lu}\w+)\s+auch\b|\banche\s+a\s+\p{Lu}\w+|"
    r"\b(?:aqui|aqu[ií]|ac[aá])\s+tamb(?:[ée]m|i[ée]n)\b|\bu\s+mnie\s+te[żz]\b",
    re.IGNORECASE,
)

# Works or back, in the reply's own words (matches are then checked by `says_fine`)
_FINE = re.compile(
    rf"(?P<over>{OVER})|"
    r"\b(?:works?|working|fine|ok(?:ay)?|good|normal|up|loading|back|in)\s+(?:for\s+(?:me|us)|"
    r"here|now|again|on\s+my\s+end|too)\b|"
    r"\b(?:it'?s|is|are)\s+(?:working|fine|up|back)\b|\bit\s+works\b|"
    r"\b(?:all\s+good|no\s+(?:issues?|problems?)\s+(?:here|for\s+me)|seems?\s+fine|"
    r"not\s+down|fixed\s+(?:it|now|itself)|reconnected|restored|resolved|sorted\s+now|"
    r"i'?m\s+(?:in|back\s+in)\s+now|got\s+(?:in|back\s+in)\b|(?:zero|no)\s+(?:issues?|problems?)|"
    r"(?:green|online|connected|loading|playing|working|full\s+bars|up)\s+again|"
    # the cause was the writer's own: "turned out I forgot to pay", "it was my VPN"
    r"turn(?:s|ed)\s+out\s+(?:i|my|it\s+was\s+(?:my|our|just))|it\s+was\s+(?:just\s+)?(?:my|our)|"
    r"came\s+back(?!\s+(?:from|home|to\s+(?:work|my|the)))|"
    r"(?:ya|ahora)\s+(?:me\s+)?(?:anda|carga|funciona|va)|(?:ha|han|ya)\s+vuelto|volvi[óo]|"
    r"funciona(?:ndo)?|normalizou|voltou|geht\s+wieder|l[äa]uft\s+wieder|wieder\s+da|"
    r"funktioniert|refonctionne|remarche|(?:ça|ca)\s+marche|de\s+retour|revenu|"
    r"adesso\s+va|funziona|tornat[oa]|[śs]miga|dzia[łl]a)\b|"
    r"直った|復旧|復活|使える|もう普通に",
    re.IGNORECASE,
)
# ... which the words before it negate, put in the past, report or doubt
_NOT_SO_BEFORE = re.compile(
    r"(?:\b(?:not|nothing|never|stopped|was|were|no|isn'?t|wasn'?t|thought|says?|said|claims?|"
    r"tampoco|nunca|nada|"
    r"supposedly|fed|não|nao|non(?:\s+mi)?|nie|ne|nicht|ainda|still\s+not)|n'?t)"
    r"\W+(?:\w+\W+){0,2}$|まだ\S{0,6}$",
    re.IGNORECASE,
)
_NOT_SO_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:pas|nicht|gar\s+nichts|nichts|till|until|before|bis)\b|"
    r"^\S{0,6}(?:してない|しない|ない)",
    re.IGNORECASE,
)


def says_fine(text: str) -> bool:
    """The reply says the service works or is back for the writer, as a statement: "fine here",
    "Back now", "ya anda", "läuft wieder"; not "stopped working for me", "was fine here till
    10 min ago", "thought it was back up", "no me funciona", "ça marche pas", "U was działa?",
    nor anything ending in "/s"."""
    text = text[:2000]
    if re.search(r"/s\W*$", text):
        return False
    for m in _FINE.finditer(text):
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 30]
        clause = re.split(r"[.!;\n]", text[m.end() :], maxsplit=1)[0]
        if _NOT_SO_BEFORE.search(before) or _NOT_SO_AFTER.search(after) or "?" in clause:
            continue
        # said of something named: "Google Meet and FaceTime are fine on the same network"
        # (not by a capital a sentence starts with: "Anche a me adesso va", "Confirmed it was")
        subject = re.split(r"[.!?;,\n]", before)[-1].strip()
        if any(n.casefold() not in NOT_A_NAME for n in _NAME.findall(subject)[1:]):
            continue
        return True
    return False


_NAME = re.compile(r"\b\p{Lu}[\w&+'’-]*")


MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A title of an outage that is over (helper-102's forms): the symptom cues' OVER, a dated
# outage, a write-up, "was down yesterday", "von gestern", "昨日の"
TITLE_PAST = re.compile(
    rf"{OVER}|"
    r"\b(?:outage|incident|disruption|panne|ca[íi]da|st[öo]rung|awaria)\s+(?:\p{L}+\s+){0,2}?"
    r"(?:on|of|du|del|de|"
    rf"vom|z)\s+(?:\d|{MONTH}\b)|"
    r"\b(?:summary\s+of|retrospective|incident\s+review|post-incident|availability\s+report|"
    r"lessons\s+(?:from|learned)|(?:a|one|two|three|\d+)\s+(?:years?|months?)\s+(?:after|since)|"
    r"remember\s+when|here'?s\s+what\s+happened|ursache|qu[ée]\s+pas[óo]|przeprasza|"
    r"ce\s+que\s+dit\s+le\s+rapport|ecco\s+(?:il\s+motivo|perch[ée]))\b|原因|"
    r"\b(?:(?:was|were|went)\s+(?:down|out|offline)\s+(?:\w+\s+){0,5}?|outage\s+)"
    rf"(?:yesterday|last\s+(?:night|week(?:end)?|month|{DAY})|over\s+the\s+weekend|"
    rf"(?:all\s+day\s+)?(?:on\s+)?{DAY})\b|"
    r"\b(?:de\s+ayer|von\s+gestern|wczorajsz\w+)\b|^\W*ieri\b|昨日の",
    re.IGNORECASE,
)
# A title that asks or tells something other than a failure: a how-to, a fix, a guide
NOT_A_FAILURE_TITLE = re.compile(
    r"^\W*(?:\[?solved\]?|psa\b(?!.{0,60}\b(?:down|outage|broken|not\s+working|issues?)\b)|"
    r"how\s+(?:do|can|to)\s+(?:i\s+|you\s+)?(?:turn\s+off|disable|stop\s+\p{L}+\s+from\s+"
    r"(?:logging|signing)|change|set\s+up)|guide\b|tutorial\b|feature\s+request|tips?\b)",
    re.IGNORECASE,
)

# A complaint that says what fails, not only that the writer is unhappy: "can't even get into
# the store", "stuck in champ select"; not "the new UI is still awful", "This is why I keep
# a local llama"
FAILS = re.compile(
    r"\b(?:can'?t|cannot|couldn'?t|won'?t|wont|doesn'?t|isn'?t|aren'?t|not\s+(?:working|loading|"
    r"sending|receiving|connecting)|stuck|error\w*|fail\w*|down|dead|broken|crash\w*|froze|"
    r"frozen|timeouts?|timed?\s+out|nothing\s+(?:loads|works|happens)|no\s+(?:signal|service|"
    r"internet|connection|bars)|sos|\d{3}s|disconnect\w*|searching|offline|buffering|lagg\w*|"
    r"again|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time)\b|\b[45]\d\d\b|"
    r"\bno\s+(?:funciona|va|anda|carga)|n[ãa]o\s+(?:funciona|carrega|abre)|geht\s+nicht|"
    r"funktioniert\s+nicht|marche\s+pas|non\s+(?:va|funziona)|nie\s+dzia[łl]a|"
    r"ca[íi]d[oa]|fora\s+do\s+ar|tot|weg|panne|leży|落ち|繋がらない|できない",
    re.IGNORECASE,
)
# A reply about another provider than the thread's: "Pandora is down too", "Kick is also
# dead", "Okta also throwing 500s", "Bei 1&1 auch nichts", "Anche Ho. Mobile non va", "Aqui
# na Oi também" (the name is checked by `thread.py`: not a place, a device or a word)
OTHER_PROVIDER = re.compile(
    r"^\W*(?:(?i:bei|na|no|en|u|w|aqui\s+na|aqu[ií]\s+en|anche|also|and)\s+)?"
    r"(?P<name>[\p{Lu}\d][\w&.'’+-]*(?:\s+\p{Lu}[\w&.'’+-]*){0,2}?)"
    r"(?:'s\s+\w+)?\s+(?:(?:is|are|'s)\s+(?:also\s+)?(?:down|dead|out|broken)\s+too\b|"
    r"(?:is\s+|are\s+)?(?:also|too|auch|tamb(?:[ée]m|i[ée]n)|te[żz])\b)|"
    r"^\W*(?i:anche|also)\s+(?P<name2>\p{Lu}[\w&.'’+-]*(?:\s+\p{Lu}[\w&.'’+-]*){0,2}?)\s+"
    r"(?:non|is|are|not|down|dead|nie|n[ãa]o)\b",
)
# Words that may start such a reply without naming a provider
NOT_A_NAME = frozenset(
    [
        "same",
        "yes",
        "yeah",
        "yep",
        "yup",
        "here",
        "me",
        "mine",
        "ours",
        "this",
        "that",
        "it",
        "we",
        "i",
        "you",
        "they",
        "also",
        "too",
        "down",
        "everything",
        "everyone",
        "nothing",
        "anyone",
        "someone",
        "my",
        "our",
        "the",
        "a",
        "an",
        "and",
        "but",
        "just",
        "still",
        "now",
        "again",
        "ps5",
        "ps4",
        "xbox",
        "iphone",
        "ipad",
        "android",
        "mac",
        "macbook",
        "windows",
        "pc",
        "linux",
        "roku",
        "tv",
        "switch",
        "chromecast",
        "firestick",
        "laptop",
        "desktop",
        "phone",
        "app",
        "web",
        "mobile",
        "wifi",
        "ethernet",
        "4g",
        "5g",
        "lte",
        "edge",
        "chrome",
        "firefox",
        "safari",
    ]
)
# A title that says the service failed in slang: "Spotify 💀", "RIP Discord again", "GitHub
# having a moment", "Xbox is cooked"
TITLE_SLANG = re.compile(
    r"\b(?:rip|having\s+a\s+moment|cooked|toast|skull|borked|kaput|on\s+fire)\b|💀|🔥",
    re.IGNORECASE,
)
