"""The words of a reply and of a thread's title that `thread.py` reads.

A reply sides with its thread ("same here", "+1", "bei mir auch") only as what it says first,
or in a few set forms ("down for me too", "nothing in Hobart either"): "this thread is gold",
"I also use Tidal", "same energy as 2021", "+1 for the username", "Samedi prochain…", "+1
(800) 934-6489 is the outage line" agree with nothing. It says the service works or is back
in words that are neither negated, past, reported nor asked ("stopped working for me", "was
fine here till 10 min ago", "thought it was back up", "U was działa?", "se volvió a caer"),
and of the service, not of the writer's router, power or status page. A title tells of an
outage that is over ("Cloudflare outage on November 18", "A year after the Rogers outage",
"昨日の障害の原因"; not "Is Steam back up?", "Caída de 4G en Movistar") or of no failure
("PSA: …", "Solved: …", "Is there a way to …"). Forms from the reviews of thread-1
(helper-102, 211 posts, and helper-103, 222 posts, written to break it).
"""

from __future__ import annotations

import regex as re

from nlp.enrich.symptom_cues import OVER

_YES_THEN = (  # "yep, 503s here", "yeah down in Leeds"; not "Yes OP, your cat …"
    r"(?:yes|yep|yup|yeah|yea|aye)\b(?=\W*$|[\s,.!:-]+(?:same\b|here\b(?!'s)|down\b|out\b|"
    r"too\b|also\b|for\s+me\b|mine\b|ours\b|since\b|been\b|unfortunately\b|"
    r"(?:whole|all|totally|completely|definitely)\s+(?:\w+\s+)?(?:down|out|dead|gone)\b|"
    r"it'?s\s+(?:down|dead|broken|out)\b|nothing\b|"
    r"can'?t\b(?!\s+(?:argue|wait|believe|stand|complain))|cannot\b|"
    r"no\s(?!idea|clue|worries|way)|getting\b|stuck\b(?!\s+with\s+(?:it|them|this|that)\b)|"
    r"in\s+\p{Lu}|\d{3}\b(?!\s*%)))"
)
_SAME = (  # "same", "same here", "same issue", "same in Leeds"; not "same energy", "Samedi"
    r"(?:(?:lol|omg|ugh|bro|yea|ya|aye)\W+)?same\b(?=\W*$|[,.!:;)]|\s+(?:here|issue|problem|"
    r"thing\s+here|in\b|on\b|earlier|this|for\s+(?:me|us)|with\s+me|\d))"
)
AGREES = re.compile(
    # what the reply says first
    r"^\W*(?:" + _SAME + r"|"
    r"me\s+too|here\s+too|mine\s+too|\+1\b(?![\s(]*\d)(?!\s*(?:for|to|on)\b)|"
    r"ditto(?!\s+on\b)|(?:can\s+)?confirm(?:ed)?\b(?!\s+(?:you|it\s+was|that\s+was))|"
    + _YES_THEN
    + r"|this\W*$|happening\s+(?:here|for\s+me)|"
    r"not\s+just\s+you|you'?re\s+not\s+alone|likewise|me\s+neither|neither\s+can\s+i|"
    r"lo\s+mismo|yo\s+igual|igual\b(?!\s+(?:es|fue|me|no|te|que))(?:\s+(?:aqu[ií]|ac[aá]|yo))?|"
    r"(?:a\s+m[ií]|aqu[ií]|ac[aá])\s+tambi[eé]n|(?:(?:a\s+m[ií]|yo)\s+)?tampoco|"
    r"aqui\s+tamb[eé]m|tamb[eé]m\s+aqui|mesma\s+coisa|comigo\s+tamb[eé]m|"
    # "me too" alone, or before a place alone ("Ja też, Kraków"); not "Ich auch, seit 10 Jahren
    # Kunde und nie Probleme", "Eu também tenho essa dúvida"
    r"(?:eu\s+tamb[eé]m|yo\s+tambi[eé]n|ich\s+auch|ja\s+te[żz]|anch'\s*io)"
    r"(?:,\s*\p{Lu}[\w-]+(?:\s+\p{Lu}[\w-]+)?)?\W*$|"
    r"pareil|moi\s+aussi|chez\s+moi\s+aussi|moi\s+non\s+plus|idem|ici\s+aussi|"
    r"(?:bei\s+mir|hier)\s+auch|dasselbe|genauso|anche\s+(?:a\s+me|qui|da\s+me|io)|"
    r"confermo|stessa\s+cosa|neanche|nemmeno|u\s+mnie\s+te[żz]|potwierdzam|"
    r"(?:mam\s+)?to\s+samo\b(?!\s+pytanie)|ani\s+ja|hier\s+ook|bij\s+mij\s+ook|bende\s+de|aynen|"
    r"うちも|同じく|こちらも|こっちも|(?:私|自分|俺)も(?:です|だ)?(?:[。！!]|$))|"
    # set forms anywhere: "down for me too", "Down in Berlin too", "nothing here either"
    r"\b(?:down|(?<!\b(?:log|logged|check|sold|figure)\s)out|dead|broken|gone|same|here|mine|"
    r"ours|me)\s+(?:\S+\s+){0,2}?"
    r"(?:too|as\s+well|also)\s*(?:[.!,;)]|$)|\bhere\s+too\s+in\s+\p{Lu}|"
    r"\balso\s+(?:down|out|dead|broken|here\b(?!'s)|affected|not\s+(?:working|loading|"
    r"connecting|sending)|can'?t|getting|seeing)\b|"
    r"\b(?:me|here|nothing|not\s+(?:working|loading|connecting|sending)|can'?t\s+\w+)\s+"
    r"(?:\S+\s+){0,3}?either\s*(?:[.!,;]|$)|"
    r"\b(?:bei\s+mir|hier|auch\s+(?:bei|in)\s+\p{Lu}\w+)\s+auch\b|\banche\s+a\s+\p{Lu}\w+|"
    r"\b(?:aqui|aqu[ií]|ac[aá])\s+tamb(?:[ée]m|i[ée]n)\b|\bu\s+mnie\s+te[żz]\b",
    re.IGNORECASE,
)
# A reply about a time long past agrees with no outage now: "Same, cancelled last week"
PAST_REPLY = re.compile(
    r"(?<!\b(?:since|seit|desde|depuis|dal|od)\s)\b(?:last\s+(?:week|month|year)|"
    r"(?:\d+|a|few|two|three)\s+(?:weeks?|months?|years?)\s+ago|el\s+a[ñn]o\s+pasado|"
    r"l'anno\s+scorso|w\s+zesz[łl]ym\s+\w+|letztes\s+jahr|l'ann[ée]e\s+derni[èe]re|"
    r"ano\s+passado)\b",
    re.IGNORECASE,
)

# Works or back, in the reply's own words (matches are then checked by `says_fine`)
_FINE = re.compile(
    rf"{OVER}|"
    r"\b(?:works?|working|fine|ok(?:ay)?|good|normal|loading|back)\s+(?:for\s+(?:me|us)|"
    r"here|now|again|on\s+my\s+end|too)\b|\bup\s+(?:for\s+(?:me|us)|here|now|again)\b|"
    r"\bin\s+(?:now|again)\b|"
    r"\b(?:it'?s|is|are)\s+(?:working|fine|up\b(?!\s+to)|back)\b|\bit\s+works\b|"
    r"\b(?:all\s+good|all\s+green\s+now|no\s+(?:issues?|problems?)\s+(?:here|for\s+me)|"
    r"seems?\s+(?:fine|ok(?:ay)?)|not\s+down|fixed\s+(?:it|now|itself)|reconnected|restored|"
    r"resolved|sorted\s+(?:now|itself\s+out)|running\s+smoothly|behaving\s+(?:again|now)|"
    r"alive\s+again|i'?m\s+(?:in|back\s+in)\s+now|got\s+(?:in|back\s+in)\b|"
    r"(?:zero|no)\s+(?:issues?|problems?)|"
    r"(?:green|online|connected|loading|playing|working|full\s+bars|up)\s+again|"
    # the cause was the writer's own: "turned out I forgot to pay", "it was my VPN"
    r"turn(?:s|ed)\s+out\s+(?:i|my\b(?!\s+(?:entire|whole))|it\s+was\s+(?:my|our|just))|"
    r"it\s+was\s+(?:just\s+)?(?:my|our)\b|"
    r"(?:ya|ahora)\s+(?:me\s+)?(?:anda|carga|funciona|va)|(?:ha|han|ya)\s+vuelto|volvi[óo]|"
    r"se\s+arregl[óo]|funciona(?:ndo)?|normalizou|voltou|t[áa]\s+de\s+boa|"
    r"geht'?s?\s+wieder|l[äa]uft\s+wieder|wieder\s+da|funktioniert|"
    r"refonctionne|remarche|(?:ça|ca)\s+marche|de\s+retour|revenu|r[ée]tabli|"
    r"adesso\s+va|ora\s+va|funziona|tornat[oa]|[śs]miga|dzia[łl]a|ju[żz]\s+jest\s+ok|"
    # "läuft alles normal", "bei mir geht alles", "tá tudo normal", "da me tutto ok"
    r"l[äa]uft\s+(?:alles\s+)?(?:normal|problemlos)|geht\s+alles|alles\s+(?:normal|ok)|"
    r"tudo\s+(?:normal|ok|certo)|todo\s+(?:normal|bien)|tutto\s+(?:ok|normale|bene)|"
    r"va\s+tutto|wszystko\s+(?:ok|w\s+porz[aą]dku))\b|"
    r"直った|復旧|復活|使える|もう普通に|今は繋がる",
    re.IGNORECASE,
)
# ... which the words before it negate, put in the past, report or doubt
_NOT_SO_BEFORE = re.compile(
    r"(?:\b(?:not|nothing|never|stopped|no|isn'?t|wasn'?t|thought|says?|said|claims?|"
    r"supposedly|fed|tampoco|nunca|nada|dice|sagt|dit|twierdzi|diz|selon|não|nao|"
    r"non(?:\s+mi)?|nie|ne|nicht|ainda|still\s+not)|n'?t)\W+(?:\w+\W+){0,2}$|"
    r"\b(?:was|were)\s+$|まだ\S{0,6}$",
    re.IGNORECASE,
)
_NOT_SO_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:pas|nicht|gar\s+nichts|nichts|till|until|before|bis)\b|"
    r"^\s+(?:from|home|a\s+casa|du|a\s+caer|then\b.{0,25}\b(?:dead|down|dropped))\b|"
    r"^\S{0,6}(?:してない|しない|ない)|^(?:時刻|見込み|未定|予定)",
    re.IGNORECASE,
)
# ... nor of the writer's own things or of the outage itself: "router is fine", "power
# restored", "status page seems fine", "the 502s are back", "Die Störung ist wieder da"
_NOT_THE_SERVICE = re.compile(
    r"\b(?:router|modem|gateway|power|electricity|lights?|status\s+page|downdetector|errors?|"
    r"\d{3}s?|outage|störung|panne|ca[íi]da|issue|problem|bug|strom|luz|balance|card|battery)"
    r"\W+(?:(?:is|are|was|'s|seems?|looks?|ist|sind|est|è)\W+)?"
    r"(?:(?:working|works?|fine|ok(?:ay)?|good|normal|up|back|restored|wieder\s+da|da|"
    r"funktioniert|funciona|marche|l[äa]uft|geht|va|dzia[łl]a)\b.*)?$",
    re.IGNORECASE,
)


def says_fine(text: str) -> bool:
    """The reply says the service works or is back for the writer, as a statement: "fine here",
    "Back now", "ya anda", "läuft wieder"; not "stopped working for me", "was fine here till
    10 min ago", "thought it was back up", "no me funciona", "ça marche pas", "U was działa?",
    "router is fine", nor anything ending in " /s"."""
    text = text[:2000]
    if re.search(r"\s/s\W*$", text):
        return False
    for m in _FINE.finditer(text):
        before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 30]
        clause = re.split(r"[.!;,\n]", text[m.end() :], maxsplit=1)[0]
        own = re.split(r"[.!?;,\n]", before)[-1]
        if _NOT_SO_BEFORE.search(own) or _NOT_SO_AFTER.search(after) or "?" in clause:
            continue
        if _NOT_THE_SERVICE.search(own + m.group(0)):  # "router is fine", "power restored"
            continue
        own = " ".join(own.split()[-3:])  # the words just before: its subject
        # said of something named: "Google Meet and FaceTime are fine on the same network"
        # (not a capital a sentence starts with, "Anche a me adesso va", nor a noun after an
        # article, "Das Internet im Büro geht wieder")
        if any(n.casefold() not in NOT_A_NAME for n in _named(own.strip())):
            continue
        return True
    return False


def _named(subject: str) -> list[str]:
    """Capitalised words that may be names: not the first, nor after an article or a
    preposition, nor in a run of capitals after one ("in North London", "vom Router")."""
    out, after_article = [], False
    for i, w in enumerate(subject.split()):
        capital = _NAME.fullmatch(w) is not None
        if i and capital and not after_article:
            out.append(w)
        after_article = w.casefold() in _ARTICLES or (after_article and capital)
    return out


_NAME = re.compile(r"\p{Lu}[\w&+'’-]*")
_ARTICLES = frozenset(
    {
        "the", "my", "our", "your", "das", "der", "die", "dem", "den", "im", "vom", "zum", "mein",
        "meine", "el", "la", "los", "las", "mi", "il", "lo", "le", "les", "mon", "ma", "o", "a",
        "os", "as", "meu", "minha", "in", "at", "from", "near", "en", "em", "à",
    }
)  # fmt: skip

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A title of an outage that is over (the reviews' forms): the symptom cues' OVER, a dated
# outage, a write-up, "was down yesterday", "von gestern", "昨日の"
_TITLE_PAST = re.compile(
    rf"(?P<over>{OVER})|"
    r"\b(?:outage|incident|disruption|panne|ca[íi]da|st[öo]rung|awaria)\s+(?:\p{L}+\s+){0,2}?"
    rf"(?:on|of|du|del|de|vom|z)\s+(?:\d(?!\s*G\b)|{MONTH}\b)|"
    r"\b(?:summary\s+of|retrospective|recap|incident\s+review|post-incident|availability\s+report|"
    r"lessons\s+(?:from|learned)|(?:a|one|two|three|\d+)\s+(?:years?|months?|weeks?|days?)\s+"
    r"(?:after|since|ago)|remember\s+when|here'?s\s+what\s+happened|what\s+happened|"
    r"what\s+was\s+(?:it|that)|earlier\s+today|over\s+christmas|ursache|qu[ée]\s+pas[óo]|"
    r"przeprasza|ce\s+que\s+dit\s+le\s+rapport|ecco\s+(?:il\s+motivo|perch[ée]))\b|原因|"
    r"\b(?:(?:was|were|went)\s+(?:down|out|offline)\s+(?:\w+\s+){0,5}?|outage\s+)"
    rf"(?:yesterday|this\s+morning|last\s+(?:night|week(?:end)?|month|{DAY})|"
    rf"over\s+the\s+weekend|(?:all\s+day\s+)?(?:on\s+)?{DAY})\b|"
    r"(?<!\b(?:since|seit|desde|depuis|dal|od|from)\s)\b(?:de\s+ayer|von\s+gestern|"
    r"wczorajsz\w+|gestern|ayer|anoche|ontem|ieri|wczoraj|d[üu]n|gisteren|hier\s+soir|"
    r"am\s+wochenende|del\s+(?:lunes|martes|mi[ée]rcoles|jueves|viernes))\b|昨日(?!から)",
    re.IGNORECASE,
)
# ... unless it says the outage goes on: "down again", "rn", "since 9am", "原因不明"
_TITLE_LIVE = re.compile(
    r"\b(?:again|rn|right\s+now|happening\s+again|unbekannt|(?:since|seit|desde|depuis|od)\s+"
    r"\d)\b|不明",
    re.IGNORECASE,
)


def title_past(title: str) -> bool:
    """The title tells of an outage that is over: "Postmortem of last October's GitHub
    outage", "Ieri Fastweb down per 3 ore", "Steam is back up!"; not "Is Steam back up?" (a
    question), "Error NW-2-5 is back" (the error is), nor "down again since 9am"."""
    if _TITLE_LIVE.search(title):
        return False
    for m in _TITLE_PAST.finditer(title):
        if m.group("over"):
            clause = re.split(r"[.!;\n]", title[m.end() :], maxsplit=1)[0]
            before = title[max(0, m.start() - 30) : m.start()]
            if "?" in clause or _NOT_THE_SERVICE.search(before + m.group(0)):
                continue
        return True
    return False


# A title that asks or tells something other than a failure: a how-to, a fix, a guide
NOT_A_FAILURE_TITLE = re.compile(
    r"^\W*(?:(?:does\s+)?any(?:one|body)\s+know\s+)?(?:\[?solved\]?|faq\b|"
    r"psa\b(?!.{0,60}\b(?:is|are)\s+(?:down|broken))|"
    r"psa\b.{0,60}\b(?:isn'?t|is\s+not|aren'?t)\s+down|"
    r"how\s+(?:do|can|to)\s+(?:i\s+|you\s+)?(?:turn\s+off|disable|stop\s+(?:\S+\s+){1,3}from|"
    r"change|set\s+up|check|know\s+if)|best\s+way\s+to|is\s+there\s+a\s+way\s+to|"
    r"why\s+does\s+.{1,40}\s+keep\s+\w+ing\s+when|(?:guide|tips?)\s*(?::|for\b|to\b)|"
    r"tutorial\b|feature\s+request|¿?c[óo]mo\s+saber|wie\s+pr[üu]fe)",
    re.IGNORECASE,
)
# A title that says the service failed in slang: "Spotify 💀", "RIP Discord again", "GitHub
# having a moment", "Xbox bricked"; not "RIP Discord Nitro Classic", "my wallet is cooked",
# "this sub is on fire" (helper-103's review took out "rip" alone, "cooked", "on fire")
TITLE_SLANG = re.compile(
    r"\brip\b.{0,30}\bagain\b|having\s+a\s+moment|\bborked\b|\bkaput\b|\bskull\b|"
    r"\btweaking\b|\btrippin\w*|\bbuggin\w*|\bded\b|\bbricked\b|💀",
    re.IGNORECASE,
)

# A title that asks others about errors now: "Anyone else getting errors right now?", "Seeing
# 502 errors everywhere today"; not a writer's own ("Why am I getting 403 errors with my new
# token?", "Getting errors in Roblox Studio when I publish my game"), nor errors gone
# ("Stopped getting errors after clearing the cache")
TITLE_ERRORS = re.compile(
    r"\b(?:anyone|anybody|everyone|else|also)\b[^.?!]{0,25}?(?<!stopped\s)(?<!longer\s)"
    r"\b(?:getting|seeing)\s+(?:an?\s+|the\s+same\s+|\d{3}\s+)?errors?\b|"
    r"(?<!stopped\s)(?<!longer\s)\b(?:getting|seeing|throwing|returning)\s+(?:an?\s+|\d{3}\s+)?"
    r"errors?\s+(?:right\s+now|today|everywhere|all\s+of\s+a\s+sudden)\b",
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
    r"again|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time)\b|\b[45]\d\d(?:s|ing)?\b|"
    # whole words: "nic" is no failure inside "nicht", nor "nada" inside "Canada"
    r"\b(?:no\s+(?:funciona|va|anda|carga)|n[ãa]o\s+(?:funciona|carrega|abre)|geht\s+nicht|"
    r"funktioniert\s+nicht|marche\s+pas|non\s+(?:va|funziona)|nie\s+dzia[łl]a|"
    r"ca[íi]d[oa]|caer|cay[óo]|caiu|fora\s+do\s+ar|tot|weg|panne|leży|rien|nichts|nada|nic|"
    r"clignote|blinkt)\b|"
    r"\b(?:sin|sem|kein|keine|brak|sans|senza)\s+\w+|落ち|繋がらない|できない",
    re.IGNORECASE,
)
# A reply about another provider than the thread's: "Pandora is down too", "Kick is also
# dead", "Okta also throwing 500s", "Bei 1&1 auch nichts", "Anche Ho. Mobile non va", "Aqui
# na Oi também", "Looks like Tidal is down too" (the name is checked by `thread.py`: not a
# place, a device or a word)
_PLACE_WORD = r"(?i:bei|na|no|en|em|in|at|on|à|a|u|w|aqui\s+na|aqu[ií]\s+en|anche|also|and)"
OTHER_PROVIDER = re.compile(
    rf"^\W*(?:(?i:looks\s+like|seems\s+like|same\s+with)\s+)?(?:{_PLACE_WORD}\s+)?"
    r"(?P<name>[\p{Lu}\d][\w&.'’+-]*(?:\s+\p{Lu}[\w&.'’+-]*){0,2}?)"
    r"(?:'s\s+\w+)?\s+(?:(?:is|are|'s|seems)\s+(?:also\s+)?(?:down|dead|out|broken)\s+"
    r"(?:too|as\s+well)\b|(?:is\s+|are\s+)?(?:also|too|auch|tamb(?:[ée]m|i[ée]n)|te[żz])\b)|"
    r"^\W*(?i:anche|also)\s+(?P<name2>\p{Lu}[\w&.'’+-]*(?:\s+\p{Lu}[\w&.'’+-]*){0,2}?)\s+"
    r"(?:non|is|are|not|down|dead|nie|n[ãa]o)\b",
)
# Devices and networks a reply may be said of ("PS5 too"), which name no provider
DEVICES = frozenset(
    {
        "ps5", "ps4", "xbox", "iphone", "ipad", "android", "mac", "macbook", "windows", "pc",
        "linux", "roku", "tv", "switch", "chromecast", "firestick", "laptop", "desktop", "phone",
        "mobile", "wifi", "ethernet", "4g", "5g", "lte", "web", "app", "browser",
    }
)  # fmt: skip
# Words that may start such a reply without naming a provider (the devices too)
NOT_A_NAME = frozenset(
    {
        "same", "yes", "yeah", "yep", "yup", "here", "me", "mine", "ours", "this", "that", "it",
        "we", "i", "you", "they", "also", "too", "down", "everything", "everyone", "nothing",
        "anyone", "someone", "my", "our", "the", "a", "an", "and", "but", "just", "still", "now",
        "again", "edge", "chrome", "firefox", "safari", "it's", "its", "everything's", "hier",
        "aqui", "aquí", "i'm", "mine's", "us", "internet", "landline", "broadband", "fibre",
        "fiber", "calls", "texts", "data", "dms", "pushes", "uploads", "payouts", "festnetz",
        "wlan", "router", "modem", "chiming", "lol", "omg", "ugh", "bro",
    }
) | DEVICES  # fmt: skip
# "Comigo também", "Ich auch", "Ja też": the writer, as a whole reply's subject; not as the
# first word of a name ("Ja Congstar auch" names Congstar, "Ja" being German for "yes" too)
WRITER = frozenset(
    {"comigo", "conmigo", "eu", "yo", "nós", "nosotros", "ich", "wir", "ja", "moi", "io"}
)
# A place or a device alone, then "too", as a whole reply's start: "Dallas too, since 2pm",
# "PS5 too." (`thread.py` checks the word: "Costs more too.", "You too!" agree with nothing)
ALONE_TOO_WORDS = DEVICES | {"me", "mine", "here", "us", "ours"}
ALONE_TOO = re.compile(
    r"^\W*(?:(?:in|at|en|em|w|we|na|no|u|bei|a|à)\s+)?"
    r"(?P<word>\w[\w'-]*(?:\s+\w[\w'-]*)?)\s+(?:too|also|as\s+well|auch|"
    r"tamb(?:[ée]m|i[ée]n)|te[żz])\s*(?:[.!,;:)]|$)",
    re.IGNORECASE,
)
# A title that asks whether the service is back is about an outage going on: "Is Steam back
# up?", "Is it back yet?"
TITLE_ASKS_BACK = re.compile(r"\bback(?:\s+(?:up|online))?(?:\s+yet)?\s*\?", re.IGNORECASE)
