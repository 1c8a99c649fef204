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

Two readings more, for attribution: ``failure_after`` (a failure phrase right after a name,
past a few words such as "ku", "data", "both": "XL ku ga ada sinyal" names the operator, in
languages the encoder cannot read) and ``as_a_consequence`` (an app after "even" beside a line
that failed: "glo data no dey work, even whatsapp no dey load" is one outage, the line's).
And one for names none of which is said to fail: ``works_elsewhere`` with ``fails_elsewhere``
("stuck on 'connecting' forever. PSN works in every other game", "videos won't upload since
noon, YouTube and Instagram both work fine": the post's subject is a service it does not name).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from nlp.enrich.failure import says_failure
from nlp.enrich.outage_status import BETWEEN_WORDS

FAILS, PASSING, NEUTRAL = "fails", "passing", "neutral"
# what a name is blanked to: no letter, no space, so no phrase of words reads across it ("No
# Itaú foi de boa" is no negation)
_BLANK = "\x00"

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
_END_MARK = r"(?:[!?;\n؟。！？]|\.(?!\w))"
_SENTENCE_END = rf"{_END_MARK}(?:\s*{_END_MARK})*"  # "...", "?!", ".\n" are one end
_BOUNDARY = re.compile(
    rf"{_SENTENCE_END}|,(?!\d)\s?|[،、]|\s[-–—]\s|\p{{Extended_Pictographic}}|[ㅋㅎㅠㅜ]{{2,}}|"
    r"(?<!\w)so\s+(?=(?:i|im|ive|we|it|it'?s|its|not|def|definitely|must|hindi|di)(?!\w))|"
    rf"{_CONTRAST}",
    re.IGNORECASE,
)
_CONTRAST_RX = re.compile(_CONTRAST, re.IGNORECASE)
# ...and one that says more is to come, not "though" closing a clause ("iko poa though")
_CONTRAST_AHEAD = rf"(?!(?:though|tho)\s*(?:$|[.!?,;\n])){_CONTRAST}"
_SENTENCE_END_RX = re.compile(_SENTENCE_END)
# "and" between names: a list of names is one subject ("Netflix, Hulu and Max all down")
_JOINING = re.compile(
    r"(?<!\w)(?:and|or|n|и|і|та|ve|e|y|o|ou|dan|sama|und|et|och|og|와|과|이랑|랑|하고|و)(?!\w)",
    re.IGNORECASE,
)
# "even" before a name, maybe with a verb or two between ("can't even load X", "couldn't even
# pay with Revolut", Swahili "hata", Tagalog "pati", "kahit", Turkish "hatta", Portuguese
# "até", "nem"), or Malay and Indonesian "pun" after it
_EVEN_BEFORE = re.compile(
    r"(?<!\w)(?:even|bahkan|hatta|nawet|даже|навіть|حتى|pati|kahit|hata|até|nem|"
    r"ni\s+siquiera|perfino|persino|neanche|nemmeno|sogar|selbst|même|zelfs|till\s+och\s+med)\s+"
    r"(?:[\w'’]+\s+){0,2}?(?:the\s+|my\s+|o\s+|a\s+)?$"
    # Spanish "ni" right before the name, at its clause's start: "ni WhatsApp me deja" (attr-55)
    r"|^\s*ni\s+(?:el\s+|la\s+|mi\s+)?$",
    re.IGNORECASE,
)
# ...unless the app is said down in its own right ("even Facebook is down worldwide", "even
# Instagram is down for everyone"), or "too" (_TOO_AFTER)
_ITS_OWN_OUTAGE = re.compile(
    r"(?<!\w)(?:down|offline|outage|ca[ií]d[oa]|fora\s+do\s+ar|worldwide|global\w*|"
    r"for\s+everyone|everywhere)(?!\w)",
    re.IGNORECASE,
)
_EVERYWHERE = re.compile(
    r"(?<!\w)(?:worldwide|global\w*|for\s+everyone|everywhere)(?!\w)", re.IGNORECASE
)
_EVEN_AFTER = re.compile(r"\s*pun(?!\w)", re.IGNORECASE)
# ...or said cut off in the middle of what it was doing, or because of it (attr-55):
# "spectrum internet down, netflix died mid episode", "Superonline gitti, Netflix dizinin
# ortasında kesildi", "OVH VPS unreachable, our discord bot is offline because of it"; two
# outages side by side say no such thing ("Vodafone Störung und Spotify geht nicht")
_CUT_MIDWAY = re.compile(
    r"(?<!\w)(?:mid[\s-]?(?:episode|stream|show|movie|film|game|match|song|call|meeting|"
    r"download|upload|sentence|video|class|lecture|interview)|in\s+the\s+middle\s+of|"
    r"halfway\s+through|because\s+of\s+(?:it|that|this)|as\s+a\s+result|"
    r"\w+\s+ortas[ıi]nda|en\s+plein(?:\s+milieu)?|au\s+milieu\s+d|a\s+mitad\s+de|"
    r"en\s+medio\s+de|por\s+eso|no\s+meio\s+d|por\s+isso|mitten\s+(?:im|in)|deswegen|"
    r"dadurch|a\s+met[àa]|nel\s+bel\s+mezzo|di\s+tengah|gara-gara\s+itu|"
    r"bich\s+mein|isliye)(?!\w)",
    re.IGNORECASE,
)
# words that stand between a name and what is said of it: those between a name and its
# status ("is", "still", "app", "data", "both": nlp/enrich/outage_status.py), a line of the
# service, and the markets' possessives and particles ("XL ku", "PLDT fibr namin", "jazz ka")
_FILLER = re.compile(
    rf"(?:{BETWEEN_WORDS}|mobile|pay|prepaid|postpaid|sim|lte|[345]g|fibr|"
    r"ko|namin|natin|ng|na|naman|pa|rin|din|ulit|talaga|ku|nya|lagi|lg|kok|juga|dua2nya|"
    r"keduanya|rumah|aku|saya|ni|ka|ki|ke|aur|bhi|aaj|abhi|ya|tena|leo|sono|[äa]r|er|var|"
    r"igen)(?!\w)",
    re.IGNORECASE,
)
# ...and in Japanese or Chinese, written onto the name with no space: a particle or the
# line's own noun ("auが繋がらない", "auの電波死んでる", "au回線死んでる", "移动的网络又断了");
# in Japanese and Korean also the app's ("PayPayアプリが開かない", "토스 앱 안 열려요")
_CJK_FILLER = re.compile(
    r"(?:が|は|の|も|で|って|とか|、|也|的|又|電波|回線|通信|网络|網路|信号|訊號|アプリ|"
    r"앱|어플|인터넷|와이파이)"
)
# a case ending written after a name: "Steam'e bağlanamıyorum", "Turkcell'de şebeke yok"
_CASE_ENDING = re.compile(r"^['’]\w+")
# the other names of a list right after a name, which the failure after them is said of too
_LISTED = re.compile(rf"^(?:\s*(?:,|{_JOINING.pattern})\s*{_BLANK}+)+", re.IGNORECASE)
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
    r"now|plus|also|even|anche|pure|también|"
    r"também|pati|и|і|тоже|теж|też|a\s+także|ni|ani|nor|neither)\s+(?:the\s+|my\s+)?\x00*$",
    re.IGNORECASE,
)
# a negation in the markets' languages, as a word of its own ("normalnie" holds none)
_NOT = (
    r"(?<!\w)(?:not|nie|не|ні|нет|нема\w*|non|não|nao|hindi|nahi|nahin|ga|gak|gk|gbs|nggak|"
    r"tidak|안|못|لا|ما|مو|مش|inte|ikke|nicht)"
)
# Words of trouble read here because the clause names a service: everyday English ("insta
# janky af", "Teams is being sluggish"), a negated verb in the markets' languages ("przelew
# nie doszedł", "Tokped ga bisa checkout"; Turkish negates inside the verb, "açılmıyor"),
# and the problem words of mention_patterns ("can't", "error", "slow")
_TROUBLE = re.compile(
    r"(?<!\w)(?:down|outage|offline|broken|broke|crash\w*|isn'?t|aren'?t|won'?t|wont|doesn'?t|"
    r"didn'?t|can'?t|cant|cannot|couldn'?t|wouldn'?t|keeps?|kept|stopped|fail\w*|error\w*|"
    r"bug\w*|glitch\w*|issues?|problems?|trouble|slow|lagg?\w*|buffer\w*|unable|unavailable|"
    r"disconnect\w*|logged\s+(?:me\s+)?out|signed\s+(?:me\s+)?out|never|no\s+longer|pending|"
    r"dropp(?:ing|ed)|kicked|stuck|dead|not\s+\w+ing|weird|janky|sluggish|wonky|flak(?:e)?y|"
    r"patchy|choppy|dodgy|spinning|borked|busted|unusable|unresponsive|unreliable|"
    r"inaccessible|struggl\w*|freez\w*|froze|frozen|blank|nightmare|mess|joke|dire|worse|"
    # "npm install hangs on every package with ETIMEDOUT", "pulls timing out"
    # (not "hanging out on YouTube", "hanging with Apple Music", "hanging laundry", "hung up")
    r"(?:hangs|hanging|hung)(?=\s*(?:$|[.,!?;:]|forever|again|every|on\s+(?:every|the\s+"
    r"(?:splash|logo|loading|login)|startup|launch|load\w*|boot)|at\s+(?:the|\d)|"
    r"for\s+(?:ages|minutes|hours|\d)|when|whenever|after|during|while))|"
    # a line that barely works: "the hotspot is a brick", "cuma 1 bar"
    r"(?:is\s+)?a\s+brick|bricked|(?:only|just|barely|cuma|cuman|lang)\s+(?:1|one|satu)\s+bars?|"
    # "office 365 sign-in loop", "login loop inside the app"
    r"(?:log-?in|sign-?in|boot|auth\w*|redirect)\s+loop\w*|"
    r"timing\s+out|timed\s+out|time\s*outs?|e?timedout|"
    r"locked\s+(?:me\s+out|out|my\s+account)|suspended|"
    r"terrible|awful|horrible|berbat|rezalet|"
    r"not\s+(?:much\s+)?better|no\s+better|hiccup\w*|meltdown|declin\w*|nothing|"
    # "Spotify refusing to work" (not "Comcast refuses to work with me")
    r"refus\w*\s+to\s+(?:work(?!\s+with)|load|play|open|connect|sync|start|launch)|"
    r"reject\w*|denied|expired|invalid|throttl\w*|timeout|band(?=\s*(?:$|[?!.]|hai|ho|hain))|"
    r"masla|gagal|lemot|ilang|nere|tak\s+(?:boleh|dapat|bisa|jalan|ada|masuk)|"
    r"nede|м[её]ртв\w*|yava[şs]\w*|مشكلة|lent\w*|barely|hardly|crawl\w*|через\s+раз|ledwo|еле|"
    r"ледве|tregt|segt|treg\w*|l[åa]ngsam\w*|"
    r"(?:black|white|grey|gray)\s+screen|"
    # "l'appli plante à chaque virement", "TIM fibra giù", "loses GPS every 5 minutes" (attr-56)
    r"plant(?:e|ent|é|ée)|giù|los(?:es|ing|t)\s+(?:gps|signal|connection|sync|audio|sound)|"
    # "Swisscom blue TV hängt seit dem Update", "Pickx tout noir", "écran noir"
    r"h[äa]ngt|h[äa]ngen\w*|tout\s+noir|[ée]cran\s+noir|schwarzer\s+bildschirm|"
    # attr-60: "bei O2 geht seit Mittag gar nix", "nichts geht mehr"
    r"gar\s+ni(?:x|chts)|ni(?:x|chts)\s+mehr|"
    # slow, said in numbers or waits: "0.4 Mbps", "50 kb/s", "3G speeds", "takes a minute",
    # "по минуте", "dakikalarca bekliyor", "wiszą po minucie", "inakata kila saa"
    r"(?:0[.,]\d+|\d)\s*(?:mbps|mb/s|mbit\w*|megabit\w*|мегабит\w*|мбит\w*)|"
    r"\d+\s*(?:kbps|kb/s|kbit\w*|килобит\w*)|3g\s+speeds?|"
    r"(?:takes?|took|tarda|ci\s+mett\w+|tar|lleva)\s+(?:\w+\s+){0,3}?"
    r"(?:minut\w*|hours?|horas?|or[ae])|минуту|хвилину|minut[ęy]|minucie|dakikalarca|"
    r"по\s+(?:\w+\s+)?минут\w*|apenas|wis(?:i|z[ąa])|bekliyor|inakata|putus|krew\s+z\s+nosa|"
    r"one\s+tick|empty|gone|reinici\w*|restart\w*|reboot\w*|"
    # an HTTP error said as its code: "522 on every site", "dashboard 500s", "error 403",
    # "throwing 503" (not "my 400 day streak", "paid 500 for it": a code needs one of these)
    r"(?<!\d)(?:(?:[45]\d\d|5xx)s|5xx|5\d\d(?=\s+(?:on\s+every|errors?|from|when)))|"
    r"(?:error|erreur|errore|fehler|erro|c[óo]digo|code|http|throw(?:s|ing)|return(?:s|ing)|"
    r"getting|gives?|giving)\s+(?:an?\s+)?['\"(]?[45]\d\d(?![\d.,])|"
    rf"{_NOT}\s+\w+|ayaw\s+\w+|walang\s+\w+|\w+m[ıiuü]yor\w*|yok|"
    r"no\s+(?!(?:problems?|probs?|issues?|worries|idea|complaints|doubt|bother|hassle|dramas?)"
    r"(?!\w))\w+)"
    r"(?!\w)",
    re.IGNORECASE,
)
# ruled out as the cause: "so it's not the Telstra wifi", "so hindi PLDT ko ang problema",
# "bukan Telkomsel", "so si network ya Safaricom", "no es Telmex"; the clause ends a few
# words after the name, with no failure and nothing that shares the blame ("not Telstra
# alone", "it's not only Optus")
_RULED_OUT = re.compile(
    r"(?<!\w)(?:(?:it'?s|its|it\s+is|it\s+was|that'?s)\s+not|(?:it|that)\s+isn'?t|hindi|"
    r"bukan|si\s+network\s+ya|no\s+es|n[ãa]o\s+[ée]|non\s+[èe]|это\s+не)\s+"
    r"(?:(?:the|my|our|ang|ko|el|la|o|a|il)\s+)?$",
    re.IGNORECASE,
)
_RULED_OUT_AFTER = re.compile(
    r"^(?![^\n]*(?<!\w)(?:alone|only|just|either|too|also|again)(?!\w))\W*(?:[\w'’-]+\W*){0,4}$",
    re.IGNORECASE,
)
# A negation right before a word of the working kind: "not fine", "не работает", "no va bien"
_NEGATED = re.compile(rf"(?:{_NOT}|n't|(?<!\w)no)\s*$", re.IGNORECASE)
# ...or what it does as a rule, in a sentence that says not now: "Prime Video normally loads
# instantly, tonight 10 minutes and counting" (not "Optus normally fine and speedtest says 90")
_HABITUAL = re.compile(r"(?<!\w)(?:normally|usually|used\s+to)\s+(?:\w+\s+)?$", re.IGNORECASE)
_NOT_NOW = re.compile(
    r"(?<!\w)(?:but|tonight|today|now|since|except|until|this\s+(?:morning|evening|afternoon|week))"
    r"(?!\w)",
    re.IGNORECASE,
)
# It works: "Netflix chodzi bez problemu", "YouTube'da sorun yok", "넷플은 잘 나오는데",
# "Telegram iko fiti", "Ufone wale dost ka sahi chal raha hai", "Bradesco tá de boa"
_WORKS = re.compile(
    # (not the writer's job: "I need Teams for work", "working from home", "I work in IT"; nor
    # "the fine print")
    # (nor the noun: "the work day", "my work laptop")
    r"(?<!\w)(?:(?<!\b(?:for|at|from|after|before|i|we|my|our|the)\s)(?<!refus\w{0,3}\s+to\s)works?"
    r"(?!\s+(?:from\s+home|day|days|week|laptop|phone|computer|pc|account|e-?mail|place|trip|"
    r"meeting|call|desk|profile|vpn|wi-?fi|network|stuff|hours|bag|server|machine)(?!\w))|"
    r"working(?!\s+from\s+home)|fine(?!\s+print)|grand|perfect(?:ly)?|normal|"
    # "my connection is solid" (not "a solid 4 hours", "the light is solid red")
    r"(?<!\ba\s)(?:rock\s+)?solid(?!\s+(?:red|orange|green|white|blue|amber|yellow|light|\d|"
    r"hours?|minutes?|days?|weeks?))|"
    # "the netflix app on the same fire stick loads instantly" (not "opens instantly and
    # closes again")
    # (attr-58: an upload that went through quickly, "same clip went up on YouTube in a
    # minute", "uploaded to Drive instantly")
    r"(?:loads?|opens?|plays?|connects?|uploads?|uploaded|went\s+up|goes\s+up)\s+"
    r"(?:\S+\s+){0,2}?(?:instantly|immediately|right\s+away|straight\s+away|"
    r"in\s+(?:a|one)\s+(?:second|minute))"
    r"(?!\s+(?:and|then|but)\s+(?:\w+\s+)?(?:closes?|drops?|crash\w*|dies|freez\w*|kicks?))|"
    r"(?:is|are)\s+up\s+and\s+(?:running|responding)|up\s+and\s+running|"
    # "nothing else in the house is struggling", "everything else works"
    r"nothing\s+else\s+(?:\w+\s+){0,4}?(?:is|are|has|seems)\s+(?:\w+\s+)?(?:struggl\w*|"
    r"buffer\w*|slow|down|affected|lagg\w*|dropp\w*|having\s+(?:issues|problems|trouble))|"
    r"everything\s+else\s+(?:\w+\s+){0,3}?(?:works?|working|is\s+fine|fine|loads|is\s+ok)|"
    r"no\s+(?:problems?|probs?|issues?|complaints)|unaffected|still\s+(?:up|on|going)|"
    r"the\s+only\s+(?:reason|thing|one)|keep(?:s|ing)\s+(?:me|us|the\s+\w+)\s+(?:online|going|"
    r"calm|sane)|(?:has|have|got)\s+(?:full\s+|all\s+(?:the\s+)?|\d\s+)?(?:signal|service|coverage|"
    r"bars)|poa|fiti|sawa|theek|thik|"
    # a payment that worked: "my Barclays card went through straight after"
    # attr-60: "retried with my Barclays card and they went through" (not "...but")
    r"(?:it|they)\s+went\s+through(?!\s+(?:but|and\s+then|only)(?!\w))|"
    r"(?:went|goes)\s+through\s+(?:fine|straight|first\s+time|instantly|right\s+away|"
    r"immediately|no\s+problem|in\s+(?:seconds|a\s+second|a\s+minute)|"
    r"on\s+the\s+first\s+try)|"
    # still doing its job: "our github mirror still builds", "telegram notifs still come in"
    # (not "still down", "still can't", "still waiting": the trouble words read first)
    r"still\s+(?:builds?|comes?\s+in|arrives?|sends?|loads?|syncs?|deploys?|plays?|"
    r"streams?|connects?)|"
    # Hindi, Portuguese and Spanish: "jio wale dost ka chal raha hai", "pelo Nubank foi na
    # hora", "GPay se turant ho gaya", "con Bizum sí funcionó"
    r"chal\s+(?:raha|rahi|rahe)\s+(?:hai|hain|he)|chalta\s+hai|turant\s+ho\s+gaya|"
    r"foi\s+na\s+hora|funcionou|deu\s+certo|funcion[óo]|"
    # French and German: "mon Revolut marche nickel", "läuft einwandfrei"
    r"marche\s+(?:nickel|bien|parfaitement|tr[èe]s\s+bien|super)|fonctionne\s+(?:bien|"
    r"parfaitement|nickel|normalement)|(?:aucun|pas\s+de)\s+(?:probl[èe]me|souci)|"
    r"(?:funktioniert|l[äa]uft|geht)\s+(?:einwandfrei|problemlos|super|gut|normal)|"
    # a payment that went through, in German: "die PayPal-Abbuchung ist trotzdem
    # durchgegangen", "hat sofort geklappt" (attr-58)
    r"(?:ist|sind|war|waren|hat|haben)\s+(?:(?:trotzdem|aber|sofort|problemlos|direkt|"
    r"sogar)\s+)*(?:durchgegangen|geklappt)|"
    # ...or said last: "Netflix auf dem gleichen Fernseher geht", "Netflix par l'appli marche"
    # (not "geht nicht", "marche pas": the clause ends there)
    r"(?:geht|l[äa]uft|funktioniert|marche|fonctionne)(?=\s*(?:$|[.,;!]))|"
    # attr-60: "Telekom läuft bei mir" (not "läuft bei mir nicht")
    r"l[äa]uft\s+bei\s+(?:mir|uns)(?!\s+(?:nicht|gar\s+nicht|kaum))|"
    # attr-59: Swedish and Norwegian "YouTube går" said last (not "går inte", "går ner")
    r"g[åa]r(?=\s*(?:$|[.,;!]))|"
    r"(?:dey\s+)?sav(?:e|es|ed|ing)\s+me|"
    r"sahi|lancar|aman\w*|gumagana|goods|dey\s+work|"
    # "ok" only as said of the name: "YouTube ok naman", "Unifi kawan I ok je", "MTN is oke",
    # "ok on my Globe wifi" (not "is Netflix ok?"); Italian "va" only so ("va alla grande")
    r"ok(?:e|ay)?(?=\s+(?:naman|je|lang|ja|aja|lah|for\s+(?:me|us|my)|on\s+my|dito|here)(?!\w))|"
    r"(?<=(?:is|are)\s+)ok(?:e|ay)?(?!\s*\?)|va\s+(?:alla\s+grande|bene|benissimo|liscio)|"
    r"invece\s+va|va\s+(?:perfecto|bien|de\s+lujo|genial|normal)(?!\s+(?:feo|mal|lento|lenta|"
    r"raro))|"
    r"g[åa]r\s+(?:bra|fint)|"
    r"k[øo]rer\s+(?:fint|perfekt|normalt)|roda\s+liso|"
    r"funcionando|boleh\s+je|(?:bila|hakuna)\s+shida|no\s+bother|nothing\s+wrong|inget\s+fel|"
    r"s[ií]\s+(?:pasa|funciona|carga|abre)|"
    r"работает|работают|норм|нормально|в\s+порядке|летает|без\s+проблем|працює|працюють|"
    # attr-59: "у Steam все ок", "у неё всё ок" (not "всё ок?" asked: the sentence end reads)
    r"вс[её]\s+(?:ок|окей|ok)|"
    r"тримається|в\s+порядку|dzia[łl]a|dzia[łl]aj[ąa]|[śs]miga|bez\s+problem\w*|sorunsuz|"
    r"sorun\s+yok|[çc]al[ıi][şs][ıi]yor|a[çc][ıi]l[ıi]yor|gayet|funziona|funzionano|"
    r"nessun\s+problema|funciona|funcionan|jala|de\s+boa|s[ií]\s+tiene|sin\s+problemas?|"
    r"sem\s+problemas?|funkar|fungerar|virker|fungerer|t[äa]ckning|dekning|"
    r"[وف]?(?:شغال\w*|يشتغل|تمام)|"
    # "YouTube plays", "dropbox takes it no prob", "apple music on the same phone doesn't do
    # this" (attr-56; not "nothing plays", a failure read first)
    r"(?:plays|streams|loads|syncs)(?=\s*(?:$|[.,;!]))|"
    r"(?:doesn'?t|does\s+not|don'?t)\s+do\s+(?:this|that|it)|"
    r"됨|돼|된다|멀쩡\w*|문제\s*없\w*|정상\w*|들어가짐|잘)(?!\w)"
    # Japanese, written on with no space: "ソフトバンクの友達は普通に使えてる"
    r"|(?:普通に|問題なく)\w*|使えてる",
    re.IGNORECASE,
)
# A substitute or fallback: what the writer used instead, switched to, ended up with, had to
# use meanwhile ("ended up ordering from swiggy", "switched to Spotify", "had to use WhatsApp
# instead", "tuve que pedir por Rappi", "mudei pro Nubank", "du coup je passe par Lydia",
# "stattdessen über PayPal", "terpaksa pakai OVO", "استخدمت فودافون كاش بدالها"): said of an app
# too, not only of a line (attr-56)
_INSTEAD = (
    r"switch\w*|instead|ended\s+up(?!\s+(?:being|getting|having|as|costing|charging|paying))|"
    r"had\s+to\s+(?:use|go\s+(?:with|through|to)|switch|order|pay|hotspot|tether|stream|"
    r"watch|book|send|call|text)|went\s+(?:back\s+)?(?:with|to)|fell\s+back|fall\s+back|"
    r"resort\w*\s+to|mov(?:e|ed|ing)\s+(?:everything|it|all|over)|in\s+the\s+meantime|"
    r"as\s+a\s+(?:backup|workaround)|tuve\s+que|acab[ée]\s+\w+ndo|me\s+pas[ée]\s+a|"
    r"en\s+su\s+lugar|mientras\s+tanto|tive\s+que|acabei|mudei\s+(?:pr[oa]|para)|troquei|"
    r"passei\s+(?:pr[oa]|para)|enquanto\s+isso|ho\s+dovuto|j'ai\s+d[uû]|du\s+coup|"
    r"en\s+attendant|à\s+la\s+place|stattdessen|ausgewichen|notgedrungen|terpaksa|akhirnya|"
    r"sementara|majboor\w*|اضطريت|بدال\w*|بدلا\w*|حولت|وقتيا|"
    # somewhere else to get online: "working from the library on their telstra wifi" (not
    # "working from home with Xfinity", the line that is out)
    r"working\s+from\s+(?:the\s+|a\s+)?(?:library|caf[eé]|coffee\s+shop|starbucks|"
    r"mcdonald'?s|hotel)"
)
# It is what the writer uses, or switched to: "сижу на мегафоне", "had to use my ING card",
# "Turkcell hattımdan yazıyorum", "구글로 검색함", "naka Globe data lang ako", "Jazz 4G se kaam
# chala raha hun", "aguantando con el plan de Telcel", "sto lavorando con l'hotspot Iliad"
_USES = re.compile(
    r"(?<!\w)(?:switch\w*|moved|move|using|use[ds]?|instead|meanwhile|for\s+now|"
    # "ended up buying it at Walmart" (not "ended up being a Cloudflare thing": the cause)
    r"ended\s+up(?!\s+(?:being|getting|having|as|costing|charging|paying))|"
    r"backup|hotspot\w*|tether\w*|running\s+on|working\s+off|texting|texted|paid|pay\s+with|"
    r"mobile\s+data|мобильн\w*|мобільн\w*|вайфа\w*|bank\s+mam|mam\s+w|"
    r"posting\s+this|writing\s+this|сижу|сиджу|раздаю|перешл\w*|перейшл\w*|ушл\w*|"
    r"пришлось|довелося|siedz[eę]|pisz[eę]|przenie\w*|przesz[eł]\w*|zam[óo]wi\w*|"
    r"mam\s+(?:te[żz]\s+)?(?:konto|kart[eę]|drug[aą])|yaz[ıi]yorum|ge[çc]tim|ko[şs]tu|"
    r"indiriyorum|kullan[ıi]yorum|hatt[ıi]\w*|버티\w*|대체\w*|켬|검색함|핫스팟|pindah|untung|pake|"
    r"pakai|guna|gamit|naka|dey\s+(?:use|on)|kaam\s+chala|kar\s+raha|aguantando|tuve\s+que|"
    r"usando|usar|t[ôo]\s+usando|ho\s+dovuto|intanto|sto\s+lavorando|sono\s+su|مشيت|استخدم\w*|"
    # the one switched to ("sono passata a una sim iliad")
    r"passat[oaie]\s+a|"
    # attr-56: "moving everything to digitalocean", "buti na lang may Maya ako", "Hab mir einen
    # Vodafone-Stick geholt", "je partage la 4G de mon Free mobile", "شغال على شريحة موبايلي"
    r"moving|buti\s+na\s+lang|mabuti\s+na\s+lang|geholt|gewechselt|umgestiegen|"
    r"partag\w*|[وف]?شغال\s+على|"
    rf"{_INSTEAD})"
    r"(?!\w)",
    re.IGNORECASE,
)
# ...what one gets online through meanwhile (not "switching to AT&T when my contract ends",
# "been using Spectrum for 8 years", "$5 off my bill")
_MEANWHILE = re.compile(
    r"(?<!\w)(?:hotspot\w*|tether\w*|kaam\s+chala|chala\s+ke|핫스팟|раздаю)(?!\w)",
    re.IGNORECASE,
)
# ...or the route right before the name, in a clause that says no failure: "so im on Apple
# Music", "on Aussie Broadband so def not my connection", "с мобильного Билайна", "sono su
# WindTre", "naka Globe data"
_ROUTE_BEFORE = re.compile(
    r"(?<!\w)(?:on|off|via|thru|through|на|с|з|через|na|z|w|przez|su|sul|sulla|con|med|p[åa]|"
    # ...or the bank the money came from: "money don comot from my GTBank", "dari BCA"
    r"sa|from(?=\s+my\s)|dari|kutoka)\s+(?:(?:my|the|our|a|mi|mia|la|il|el|o|ko|"
    r"ng|mojej|moim|mojego|мо[её]м|моей)\s+)?\x00*$",
    re.IGNORECASE,
)
# ...but not a works word negated after it ("funkar inte", "normal değil", "theek nahi"), nor
# one with a restriction after it ("works on and off", "funciona a ratos", "only on wifi")
_NEGATED_AFTER = re.compile(
    r"\s*(?:inte|ikke|ej|değil|degil|아님|아니\w*|않\w*|nahi|nahin|nai)(?!\w)", re.IGNORECASE
)
_RESTRICTED = re.compile(
    r"\W*(?:\w+\W+){0,2}?(?:on\s+and\s+off|intermittent\w*|sometimes|half|"
    # "every other day" (not "PSN works in every other game": everywhere else)
    r"every\s+other(?=\s+(?:time|day|night|hour|min\w*|sec\w*|try|attempt|song|track|video|"
    r"call|episode|week|load|refresh|message|post|page|request|upload|click|stream|match)s?(?!\w))|"
    r"sort\s+of|sorta|kinda|kind\s+of|technically|only|until|till|except|if|barely|once|"
    r"for\s+(?:about\s+)?\d+|co\s+(?:drugi|trzeci)|jak\s+chce|a\s+ratos|a\s+medias|"
    r"cuando\s+quiere|quando\s+quer|pela\s+metade|a\s+intermittenza|a\s+scatti|ara\s+ara|"
    r"с\s+перебоями|кое-как|з\s+перебоями|varannan|in\s+practice|then|now|maybe|"
    # "funziona ma a fatica", "funcionando mal", "a passos de tartaruga"
    r"ma|mas|mal|a\s+fatica|a\s+passos|devagar|lent[oa]|a\s+veces|[àa]s\s+vezes|a\s+volte|"
    r"ad\s+gangen|af\s+og\s+til|ibland|kadang\w*|minsan|i\s+\d+\s+minut\w*|"
    r"\d+\s+(?:out\s+)?of\s+\d+)(?!\w)|" + _CONTRAST_AHEAD,
    re.IGNORECASE,
)
# the rest of the sentence after a name, or the next one without a name, may still be about
# it: "Venmo was fine an hour ago, now it won't even open", "Using Outlook for now. Also dead."
_STILL_ABOUT_IT = re.compile(
    # (not "it" an object: "dropbox takes it no prob", "fortnite works on it fine")
    r"(?<!\w)(?:(?<!(?:on|in|with|at|to|takes|took|handles|handled|for|from|of)\s)it|its|then|"
    r"too|"
    # "now" with more said ("now it won't open"), not "Using Maxis now lah", "for now"
    r"(?<!for\s)now(?!\s*(?:$|[.!?,;\n]|lah|la|lang|na)(?!\w))|"
    # "same" as the failure again ("same here", "the same problem"), not the same thing as
    # the rest ("the netflix app on the same fire stick loads instantly")
    r"(?<!the\s+)same|the\s+same(?=\s+(?:thing|problem|issues?|error|story|deal|here|again|for|"
    r"with)(?!\w)|\s*[.!?,;:\n])|"
    r"also|either|тоже|та\s+же|теж|też|mismo|anche|aynı|"
    r"orası|ila|s[óo]\s+que|só|mas|mais|only|just|half|sort\s+of|kinda|except|if|until|"
    r"some\s+people|"
    r"katanya)(?!\w)|" + _CONTRAST_AHEAD,
    re.IGNORECASE,
)
# ...for someone else on a line: "my mates on Optus", "my coworker on Verizon", "kartu
# telkomsel suami", "el de mi vecino con Movistar"; the same work elsewhere ("same repo",
# "every other game"), not another device or account of the service
_THIRD_PARTY = (
    r"(?:mates?|friends?|co-?workers?|colleagues?|neighbou?rs?|brother|sister|wife|husband|"
    r"room-?mates?|flat-?mates?|partner|family|everyone\s+else|others|other\s+people|suami|"
    r"istri|teman|temen|amigos?|amigas?|vecinos?|vizinhos?|dost|bhai|arkada[şs]\w*|друз\w*|"
    r"друг\w*|freund\w*|amis?|amici|amico|kaibigan|rafiki)"
)
_THEIRS_BEFORE = re.compile(
    rf"(?<!\w){_THIRD_PARTY}(?:['’]s?)?\s+(?:\w+\s+)?(?:on|with|using|via|at|con|com|na|на)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_THEY_AFTER = re.compile(
    rf"^\s+(?:(?:my|our|all\s+my|the|de\s+mi|do\s+meu|da\s+minha)\s+)?{_THIRD_PARTY}(?!\w)|"
    r"^の(?:友達|友人|家族|同僚|妻|夫|嫁|旦那|彼氏|彼女)",  # "ソフトバンクの友達は普通に使えてる"
    re.IGNORECASE,
)
# the same device or app the subject fails on: the work is done elsewhere on it, "lyft app on
# the same phone fine", "my Gmail account in the same mail app sends fine" (attr-56)
_SAME_THING = re.compile(
    r"(?<!\w)same\s+(?:\w+\s+)?(?:devices?|tvs?|phones?|laptops?|pcs?|computers?|ipads?|tablets?|"
    r"browsers?|apps?|consoles?|xbox|roku|sticks?|iphones?|wi-?fi|network|connection|router)(?!\w)",
    re.IGNORECASE,
)
_INSTEAD_RX = re.compile(rf"(?<!\w)(?:{_INSTEAD})(?!\w)", re.IGNORECASE)
_DEVICE = re.compile(
    r"(?<!\w)(?:devices?|tvs?|phones?|laptops?|pcs?|computers?|ipads?|tablets?|browsers?|apps?|"
    r"web|website|desktop|mobile|accounts?|profiles?|consoles?|xbox|ps[345]|roku|sticks?|"
    r"chrome|safari|firefox|iphones?|android|carts?|files?)(?!\w)",
    re.IGNORECASE,
)
_APP_NEXT = re.compile(r"^\s*apps?(?!\w)", re.IGNORECASE)
# ...not a works word asked, reported, past or sarcastic
_NOT_PLAINLY_SO = re.compile(
    r"(?<!\w)(?:says?|said|claims?|according|status|tweet\w*|map|apparently|supposedly|told|"
    r"reps?|dijeron|dice|diz|disse|falou|diyor|dedi|bilang|katanya|kata|daw|meint|sagt|selon|"
    r"secondo|según|laut|sabi|göre|по\s+словам|говорят|was|were|been|worked|yesterday|ago|"
    r"earlier|until|till|ayer|ontem|kemarin|kahapon|dün|вчера|gestern|ieri|hasta|até|estaba|"
    r"tava|estava|iyiydi|this\s+morning|last\s+(?:night|week)|as\s+(?:always|usual|designed)|"
    r"thanks|bravo|great|love\s+how|flawless\w*|como\s+siempre|anyone|anybody|"
    r"for\s+(?:you|u)|lol)(?!\w)|/s\b|[🙃🙄👏🤡😂💀]",
    re.IGNORECASE,
)
# the writer's own line ruled out, which says nothing failed: "así que no es mi conexión",
# "so it's not my internet", "not my wifi", "ce n'est pas ma connexion"
_NOT_THE_LINE = re.compile(
    r"(?:(?:it'?s|its|it\s+is|that'?s)\s+)?(?:not|no\s+es|n[ãa]o\s+[ée]|non\s+[èe]|"
    r"n'est\s+pas|ist\s+nicht)\s+(?:my|the|mi|la|el|o\s+meu|a\s+minha|il\s+mio|la\s+mia|ma|"
    r"mon|mein\w*|das)\s+(?:own\s+)?(?:connection|internet|wi-?fi|network|line|router|"
    r"conexi[óo]n|red|conex[ãa]o|rede|connessione|rete|connexion|r[ée]seau|verbindung|netz)\b",
    re.IGNORECASE,
)
# ...or the next name ruled out where the rest before it stops: "so it's not the "
_NOT_THE_NEXT = re.compile(
    r"(?:(?:it'?s|its|it\s+is|that'?s)\s+)not\s+(?:my|the|our)\s*$", re.IGNORECASE
)
# ...unless a device follows, where something else may fail ("En la tele se queda pensando")
_A_DEVICE = re.compile(
    r"(?<!\w)(?:tv|tele|televisi[óo]n|smart\s*tv|celular|m[óo]vil|port[áa]til|phone|laptop|"
    r"ipad|tablet|console|roku|fire\s*stick|télé|fernseher|handy)(?!\w)",
    re.IGNORECASE,
)
# the addressee's own thing, in a clause after it: "Hulu works, your app just does the spinning
# circle forever" says the rest of the sentence of the support account's app (attr-56)
_YOURS = re.compile(
    r"(?:[,;:]|\s[-–—]\s)\s*(?:but\s+|and\s+)?(?:your|ur|you\s+guys|y'?all'?s?)(?!\w)",
    re.IGNORECASE,
)
_CONTRAST_TO_NEXT = re.compile(
    rf"[,;]?\s*{_CONTRAST}\s*(?:(?:on|with|at|in|bei|mit|the|my|mi|el|la)\s+)?$", re.IGNORECASE
)
_SAME_AGAIN = re.compile(r"(?<!\w)same(?!\w)", re.IGNORECASE)
_LETTER = re.compile(r"\p{L}")
# a name right after "and" (Spanish and Portuguese "y", "e") whose own words say it works:
# "no puedo hacer transferencias y Banorte sí jala", "Netflix buffers and YouTube works fine"
# start a clause of their own, which the failure before "and" is not said in (attr-60)
_JOINED_BEFORE = re.compile(
    r"(?<!\w)(?:and|y|e|und|et|och|og)\s+(?:(?:the|my|el|la|mi|o|a|meu|minha)\s+)?$",
    re.IGNORECASE,
)
_AFFIRMED = re.compile(r"\s*(?:(?:s[ií]|a[ií]|sim|still|ainda|todav[ií]a)\s+)?", re.IGNORECASE)
_WINDOW = 200


def reading(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> str:
    """``FAILS``, ``PASSING`` or ``NEUTRAL`` for the mention ``text[start:end]``. ``names``:
    the spans of the services found in ``text``, blanked in the clause (their words say
    nothing: "Wind", "Play" would read as statuses)."""
    return _read(text, start, end, names)[0]


def _read(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]]
) -> tuple[str, str, str]:
    """The reading, with the clause it was read from (before the mention, after it)."""
    left, right = clause_parts(text, start, end, names)
    if _JOINED_BEFORE.search(left) and _works_first(right):
        left = ""  # "... y Banorte sí jala": its own clause
    if _TOO_NEXT.match(right) or _TOO_AFTER.search(right) or _TOO_BEFORE.search(left):
        return NEUTRAL, left, right
    if _RULED_OUT.search(left) and _RULED_OUT_AFTER.match(right) and not says_failure(right):
        return PASSING, left, right  # "so it's not the Telstra wifi"
    whole = left + _BLANK + right
    if says_failure(whole):  # before the works words are set aside: "funkar inte"
        return FAILS, left, right
    found = list(_WORKS.finditer(whole))
    works = [m for m in found if not _negated(whole, m, text, end)]
    said = whole
    for m in reversed(works):  # "no problems" is no trouble
        said = said[: m.start()] + _BLANK * (m.end() - m.start()) + said[m.end() :]
    if _TROUBLE.search(said) or len(works) < len(found):  # or a works word negated
        return FAILS, left, right
    works = [m for m in works if not _RESTRICTED.match(whole, m.end())]
    if not (works or _USES.search(whole) or _ROUTE_BEFORE.search(left)):
        return NEUTRAL, left, right
    return (NEUTRAL if _said_after(text, end, names) else PASSING), left, right


def _works_first(right: str) -> bool:
    """The clause after a name opens with a works word, not negated ("sí jala", "works
    fine", "aí funciona"), and says no failure."""
    m = _WORKS.match(right, _AFFIRMED.match(right).end())
    return bool(m) and not _NEGATED_AFTER.match(right, m.end()) and not says_failure(right)


def said_down_itself(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()
) -> bool:
    """The mention's clause says it is down in its own right ("Netflix is down for everyone",
    "WhatsApp caído"), not only failing for the writer."""
    return bool(_ITS_OWN_OUTAGE.search(clause_parts(text, start, end, names)[1]))


def used_meanwhile(text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()) -> bool:
    """The mention's clause says the writer uses it meanwhile, or switched to it, and says no
    failure: "hotspotting off my Three phone", "Jio ka hotspot chala ke kaam kar raha hoon".
    Not the route alone: "No signal since 6am. I'm on Verizon" names the line that is out."""
    said, left, right = _read(text, start, end, names)
    return said != FAILS and bool(_MEANWHILE.search(left + _BLANK + right))


def works_elsewhere(
    text: str,
    start: int,
    end: int,
    names: Sequence[tuple[int, int]] = (),
    *,
    line: bool = False,
) -> bool:
    """The mention reads ``PASSING`` because its clause says it works, in a post whose failure
    is said elsewhere: an app that works ("my Gmail sends fine", "YouTube'da sorun yok",
    "mon Revolut marche nickel", "PSN works in every other game"); for a phone or internet
    ``line``, the one used meanwhile or switched to ("hotspot van mijn KPN-telefoon", "usando
    o 4G da Vivo") or someone else on it ("my mates on Optus are all fine", "kartu telkomsel
    suami aman2 aja"), not the writer's own line said fine ("Got full bars on AT&T": the
    calls that drop are its). Not a works word said of a device or account, which may be
    the subject's own ("Netflix works on my phone though", "Disney+ works on every other
    device"), nor someone else on an app ("my wife on WhatsApp gets hers fine": the writer's
    WhatsApp fails); nor works words asked ("Is Spotify working for anyone else?"), reported
    ("status page says", "me dijeron"), past ("was fine this morning", "kemarin aman") or
    sarcastic ("working perfectly as always")."""
    if not (_WORKS.search(text) or (line and _USES.search(text)) or _INSTEAD_RX.search(text)):
        return False  # the cheap test first: most posts have neither
    said, left, right = _read(text, start, end, names)  # one reading of the clause
    if said != PASSING:
        return False
    whole = left + _BLANK + right
    stop = _SENTENCE_END_RX.search(text, end)
    if (stop and "?" in stop.group(0)) or _NOT_PLAINLY_SO.search(whole):
        return False
    if line and _USES.search(whole):
        return True
    if _INSTEAD_RX.search(whole):  # "ended up ordering from swiggy", "switched to Spotify"
        return True
    if not any(
        not _negated(whole, m, text, end) and not _RESTRICTED.match(whole, m.end())
        for m in _WORKS.finditer(whole)
    ):
        return False
    theirs = bool(_THEIRS_BEFORE.search(left) or _THEY_AFTER.match(right))
    if line:
        return theirs
    if _SAME_THING.search(whole):  # "lyft app on the same phone fine": the same device
        return not theirs
    # "google search app fine" names the app; "works on my phone" another device of it
    return not (theirs or _DEVICE.search(left + _BLANK + _APP_NEXT.sub("", right, count=1)))


# the writer's own use seen through someone else: "on Discord my friends hear me fine"
_THEY_GET_ME = re.compile(
    r"(?<!\w)(?:hears?|sees?|gets?|reach(?:es)?|receives?)\s+(?:me|my\s+\w+)(?!\w)", re.IGNORECASE
)
_SOMEONE_ELSE = re.compile(rf"(?<!\w){_THIRD_PARTY}(?!\w)", re.IGNORECASE)


def works_for_someone_else(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()
) -> tuple[bool, bool]:
    """Whether the mention's clause plainly says it works for someone else ("google pay on my
    wife's phone went through", "on Discord my friends hear me fine"), and whether that is
    the writer's own use seen through them ("hear me"). Alone, neither says the writer's own
    use of it works ("my wife on WhatsApp gets hers fine"): attribution wants more."""
    if not (_SOMEONE_ELSE.search(text) and _WORKS.search(text)):
        return False, False  # the cheap test first
    said, left, right = _read(text, start, end, names)
    if said != PASSING:
        return False, False
    whole = left + _BLANK + right
    stop = _SENTENCE_END_RX.search(text, end)
    if (stop and "?" in stop.group(0)) or _NOT_PLAINLY_SO.search(whole):
        return False, False
    if not _SOMEONE_ELSE.search(whole) or not any(
        not _negated(whole, m, text, end) for m in _WORKS.finditer(whole)
    ):
        return False, False
    return True, bool(_THEY_GET_ME.search(whole))


def _negated(whole: str, m: re.Match[str], text: str, end: int) -> bool:
    """The works word ``m`` of the clause ``whole`` is negated ("funkar inte", "no va bien"),
    or says what the service does as a rule in a sentence that says not now."""
    before = whole[: m.start()]
    if _NEGATED.search(before) or _NEGATED_AFTER.match(whole, m.end()):
        return True
    if not _HABITUAL.search(before):
        return False
    stop = _SENTENCE_END_RX.search(text, end)
    return bool(_NOT_NOW.search(text, end, stop.start() if stop else len(text)))


def fails_elsewhere(
    text: str, mentions: Sequence[tuple[int, int]], names: Sequence[tuple[int, int]] = ()
) -> bool:
    """Outside the clauses of ``mentions`` (and every name), the post says something failed:
    "stuck on 'connecting' forever" beside "PSN works in every other game"."""
    chars = list(text)
    for start, end in mentions:
        left, right = clause_parts(text, start, end, names)
        for k in range(start - len(left), min(len(text), end + len(right))):
            chars[k] = "\n"
    for start, end in names:
        for k in range(start, end):
            chars[k] = _BLANK
    rest = _WORKS.sub(_BLANK, "".join(chars))
    return bool(says_failure(rest) or _TROUBLE.search(rest))


def as_a_consequence(
    text: str, start: int, end: int, names: Sequence[tuple[int, int]] = ()
) -> bool:
    """The mention is what failed because of something else: "even" before it ("can't even
    load X", "حتى يوتيوب ما يفتح", "bahkan WA"), Malay "pun" after it ("Netflix pun buffering"),
    cut off midway or because of it after it ("netflix died mid episode").
    Beside a line that failed, such a service is how the writer noticed."""
    left, right = clause_parts(text, start, end, names)
    if _TOO_AFTER.search(right) or _EVERYWHERE.search(right):
        return False
    if _CUT_MIDWAY.search(right):  # "our discord bot is offline because of it"
        return True
    if _ITS_OWN_OUTAGE.search(right):
        return False
    return bool(_EVEN_BEFORE.search(left) or _EVEN_AFTER.match(right))


def failure_after(
    text: str,
    mentions: Sequence[tuple[int, int]],
    names: Sequence[tuple[int, int]] = (),
    *,
    status_words: bool = True,
) -> bool:
    """A failure phrase (nlp/enrich/failure.py) right after one of the ``mentions``, past the
    names listed with it and a few words of the kind that stand between a name and its status
    ("XL ku ga ada sinyal", "TIM e Iliad entrambi senza campo", "Safaricom data hazifunguki"):
    what it is said of is that name. Not "Claro que no funciona" (of course it does not), nor
    "smart aircon namin ayaw mag-on" (a thing of that name)."""
    for start, end in mentions:
        _, right = clause_parts(text, start, end, names)
        right = _LISTED.sub("", _CASE_ENDING.sub("", right)).split(_BLANK, 1)[0]
        at = 0
        for _ in range(4):
            rest = right[at:].lstrip()
            if says_failure(rest, status_words=status_words, at_start=True):
                return True
            if not (filler := _FILLER.match(rest) or _CJK_FILLER.match(rest)):
                break
            at = len(right) - len(rest) + filler.end()
    return False


def _said_after(text: str, end: int, names: Sequence[tuple[int, int]]) -> bool:
    """A failure, or "it", "too", "same", in the rest of the sentence after the name up to
    the next name, or in the next sentence if it names none: the clause's evidence does not
    settle it."""
    ahead = min([a for a, _ in names if a >= end] + [len(text)])
    stop = _SENTENCE_END_RX.search(text, end)
    rest = text[end : min(ahead, stop.end() if stop else len(text))]
    if stop and stop.end() <= ahead:  # the next sentence, when it names no service
        then = _SENTENCE_END_RX.search(text, stop.end())
        if (then.end() if then else len(text)) <= ahead:
            after = text[stop.end() : then.end() if then else len(text)]
            if _SAME_AGAIN.search(after):  # "Disney+ works on my iPad. The same account on
                return True  # the Roku, nope": the same thing again, whatever its noun
            rest += " " + after
    rest = _YOURS.split(rest, 1)[0]
    if ahead < len(text) and not (stop and stop.end() <= ahead):
        # "Telekom läuft bei mir, aber bei O2 ...": a contrast right before the next name
        # turns to that name, nothing more said of this one (attr-60)
        rest = _CONTRAST_TO_NEXT.sub("", rest)
    rest = _WORKS.sub(_BLANK, rest)
    if not _A_DEVICE.search(rest):  # "…, so it's not my internet. On the TV it hangs"
        rest = _NOT_THE_LINE.sub(_BLANK, rest)
    if ahead < len(text):  # "Minecraft works so it's not the Telstra wifi": the next name
        rest = _NOT_THE_NEXT.sub(_BLANK, rest)  # is ruled out, no failure (attr-59)
    return bool(says_failure(rest) or _TROUBLE.search(rest) or _STILL_ABOUT_IT.search(rest))


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
