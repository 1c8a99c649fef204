"""'<name> down': the one reading of an outage status written right after a service's name.

Two stages read it. Attribution marks a mention followed by one (``Candidate.status``: "Steam
down?" keeps an ambiguous name), and the failure cues count a post naming a catalog service
as down as a complaint ("spotify down", the briefest outage post, which neither model reads
as one). One pattern, so the two agree on "Spotify is still down", "Steam and Discord both
down?" and "turn Spotify down".
"""

from __future__ import annotations

import regex as re

from nlp.enrich.arabic_cues import AR_APP_VERBS, AR_DOWN_WORDS, AR_NOT_WORKING

# a second name before one status: "Steam and Discord both down?", "Discord, Slack are down";
# capitalised whatever the caller's flags, or "Spotify, my mood went down" would be one
_SECOND_NAME = (
    r"(?:\s*(?:and|&|/|,|\s(?:ve|i|и|і|та|e|y|at|dan|und|et|och|og))\s*"
    r"(?-i:[\p{Lu}\d])[\w+.!-]*(?:\s+(?-i:[\p{Lu}\d])[\w+.!-]*)?)?"
)
# words that may stand between the name and its status: "Spotify is still down",
# "Netflix app totally down", "both down" (also read before a failure phrase after a name:
# nlp/enrich/in_passing.py)
BETWEEN_WORDS = (
    r"(?:is|are|was|were|went|goes|going|gone|seems?|still|totally|completely|just|also|"
    r"has|have|had|been|"
    r"again|now|currently|both|all|too|app|site|server|servers|website|"
    # a part of the service, or what it keeps saying: "stripe API returning 500s", "amazon
    # checkout keeps failing", "zoom keeps saying unable to connect"
    r"api|checkout|console|dashboard|terminals?|readers?|payments?|login|keeps(?:\s+saying)?|"
    r"drive|mail|data|home|nbn|party|chat|realms|transfers?|card|netbanking|banking|upi|voice|"
    # what a provider sells, named after it: "O2 signal down", "BT broadband down"
    r"signal|network|internet|wifi|wi-fi|broadband|fibre|fiber|coverage|service|services|"
    # people write "down" in other languages too: "Discord ist down", "WhatsApp está caído",
    # "Facebook è down", "Netflix est en panne", "Steam is weer down"
    r"ist|sind|schon|wieder|gerade|grad|mal|komplett|est|sont|encore|compl[eè]tement|"
    r"est[aá]|t[aá]|estão|sigue|otra\s+vez|de\s+nuevo|[eè]|ancora|di\s+nuovo|"
    r"weer|alweer|är|jest|znowu|znów|też|опять|снова|тоже|уже|знову|теж|вже|yine|gene|"
    r"de|da|"
    # both at once: "Discord ve Steam ikisi birden çöktü", "mBank i BLIK jednocześnie padły"
    r"ikisi|birden|jednocze[śs]nie|oba|obie|одновременно|одночасно|оба|обидва|parehong|"
    r"entrambi|insieme|ambos|b[åa]da|begge|dono|zote|"
    # Arabic: "واتساب عندي واقف", "فودافون النت مش شغال", "زين كمان طايح"
    r"عندي|عندنا|عندكم|عندهم|اليوم|الحين|كمان|برضو|برضه|مرة|مره|ثاني|تاني|كله|كلها|"
    r"(?:ال)?(?:نت|[اإ]نترنت|شبك[ةه]|تطبيق|خدم[ةه]|خط|واي\s?فاي))"
)
_BETWEEN = rf"(?:\s+{BETWEEN_WORDS}){{0,3}}"
# Polish "padł" as an outage, not "padł rekord", "padło pytanie", "padł ofiarą", "padł
# deszcz"; "leżą" as a status closes its clause or says since when ("Insta i fb leżą", "leżą
# od rana"), not "leżą na stole", "leżą w portfelu"
NOT_A_FALL = (
    r"(?!\s+(?:rekord\w*|ofiar\w*|pytani\w*|gol\w*|strza[łl]\w*|deszcz|[śs]nieg|wynik\w*|"
    r"na\s+kolana|trup\w*|wyb[óo]r))"
)
AS_A_STATUS = r"(?=\s*(?:$|[.!?,;\n]|od\b|znowu|znów|ca[łl]y|jednocze[śs]nie))"
# Everyday words for "it broke", read after a name and as failure phrases alike: "Claude
# overloaded again", "PSN unreachable", "Telstra's carked it", "Steam packed up" (not "packed
# up and left"), "xbox live is dead rn" ("dead" and "cooked" only with a time: "Twitter is
# dead", "we're cooked", "chat is dead tonight" are opinions)
BROKE = (
    r"overloaded|unreachable|unplayable|borked|carked\s+it|packed\s+up(?!\s+and\b)|"
    r"(?:dead|cooked)(?=\s+(?:rn|again|atm|right\s+now)\b)"
)
_STATUS = (
    r"\s*(?:down|offline|outage|"
    # how else people say it: "Discord died for 10 minutes" (not "the noise died down";
    # nor "broken", nor "dead" without a time, BROKE: "Twitter is dead", "Reddit is broken as
    # a platform" are opinions of the platform)
    r"died(?!\s+(?:down|out|off|of)\b)|crashed|crashing|"
    rf"{BROKE}|sh[ai]t\s+the\s+bed|"
    # "rbc app crashes", "yt buffering", "Apple lagging" (not "lagging behind Samsung",
    # "freezing accounts", "keeps dropping support": _NOT_A_STATUS)
    r"crashes|buffering|freezing|lagging|failing|keeps?\s+dropping|"
    r"ca[ií]d[oa]s?|fora\s+do\s+ar|en\s+panne|ausgefallen|gestört|st[öo]rung|"
    # "Steam leży", "Озон лёг", "Приват лежить", "Turkcell çöktü", "Discord się sypie"
    r"le[żz]y|sypie\s+si[eę]|si[eę]\s+sypie|л[её]г(?:ла|ло|ли)?|лежит|лежать|лежить|упал[аои]?|"
    r"впав|впала|[çc][öo]kt[üu]|"
    # fail-19's: "Discord padł", "Insta i fb leżą", "ВК легли", "PSN çökmüş", "롤 서버 터짐"
    rf"pad[łl](?:a|o|y)?\b{NOT_A_FALL}|le[żz][ąa]\b{AS_A_STATUS}|[çc][öo]km[üu][şs]|"
    r"터짐|먹통)\b"
)
# what may follow a status that ends the thought: a time ("again", "rn", "this morning") or
# how long it lasted ("for like 10 minutes", "since 6am"); an outage, not "down, two to go"
_DURATION = (
    r"for\s+(?:like\s+|about\s+|around\s+|almost\s+|nearly\s+|over\s+|the\s+(?:past|last)\s+)?"
    r"(?:\d+|an?|a\s+few|a\s+couple(?:\s+of)?|several|two|three|four|five|ten|twenty|thirty)\s*"
    r"(?:min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|sec(?:ond)?s?)\b|"
    # a time of day, not a year: "since 6am", "since 10:30", not "down since 2019"
    r"since\s+(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)?\b|this\s+(?:morning|afternoon|evening)\b|"
    r"last\s+night\b|yesterday\b|"
    r"early\b|midnight\b|noon\b|lunch\b)"
)
_WHEN = (
    r"again\b|today\b|rn\b|right\s+now\b|atm\b|now\b|lol\b|all\s+(?:day|night|morning|week)\b|"
    rf"for\s+(?:anyone|everyone|me|us|you)(?:\s+else)?\b|this\s+(?:morning|afternoon|evening)\b|"
    rf"{_DURATION}|"
    # ...and since when, in the other markets' words: "Steam leży od rana", "Озон лёг с утра",
    # "seit heute Morgen", "depuis ce matin", "desde ayer", "sabahtan beri"
    r"od\s+(?:rana|wczoraj|godziny|\d+)|с\s+(?:утра|вечера|ночи|\d+)|уже\s+(?:час|\d+)|"
    r"з\s+(?:ранку|учора|\d+)|seit\s+(?:heute|gestern|stunden|\d+)|depuis\s+(?:ce|hier|\d+)|"
    r"desde\s+(?:hoy|ayer|esta|\d+)|sabahtan|d[üu]nden|"
    # ...and in Arabic: "من الصبح", "من امبارح", "منذ ساعتين", "اليوم", "عندكم؟"
    r"(?:من|منذ)\s+(?:الصبح|الصباح|الفجر|امس|أمس|امبارح|البارح|البارحة|ساع[ةه]|ساعتين|يومين|"
    r"\d+)|اليوم|الحين|النهارد[ةه]|دحين|عندكم|عندي|ولا\s+(?:بس\s+)?(?:عندي|انا)"
)
# a status as a whole outage line: "Slack down?", "Discord died for like 10 minutes", not
# "Three down, two to go" (what an everyday-word name needs, nlp/enrich/failure.py)
# "Spectrum down in Tampa since 6am", "Slack down in Europe?": a place with a capital between
# a month, a quarter or overtime is no place: "Three down in January.", "Slack down in Q3?"
_NO_PLACE = (
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Q[1-4]|OT)\b)"
)
_IN_PLACE = rf"\s+in\s+{_NO_PLACE}(?-i:\p{{Lu}})[\w.'’-]*(?:\s+(?-i:\p{{Lu}})[\w.'’-]*){{0,2}}"
ENDS_LINE = rf"(?=(?:{_IN_PLACE})?\s*(?:$|[?!.\n؟]|{_WHEN}))"
# ...and a line or sentence that says nothing else: the words of a time, then only
# punctuation or emoji to the line's end, or the sentence's ("slack down again?! 😡",
# "blik leży? nie mogę zapłacić"; not "three down now, two to go")
ONLY_WHEN_TO_END = rf"(?:{_IN_PLACE})?(?:\s+(?:{_WHEN}))*(?:[^\w\n]*(?:$|\n)|\s*[?!.]+\s)"
# "having issues" as an outage ends the thought: "Slack having issues again?", not "Spotify
# having problems with artists over royalties", "Uber having trouble with regulators"
HAVING_TROUBLE = rf"having\s+(?:issues|problems|trouble)(?=\s*(?:$|[?!.,;:)\n]|{_WHEN}))"
# statuses with no other sense, whatever follows: "netflix not working on the ps4",
# "Instagram is acting up"
_STATUS_ALWAYS = (
    rf"\s*(?:not\s+working|not\s+loading|not\s+responding|acting\s+up\b|playing\s+up\b|"
    rf"having\s+an\s+outage\b|{HAVING_TROUBLE}|won'?t\s+(?:load|connect|open)\b|"
    r"unable\s+to\s+connect\b|(?:returning|throwing)\s+(?:5\d\ds?|errors?)\b|"
    # "discord stuck on connecting forever", "messenger not delivering", "box drive not
    # syncing", "stripe api timing out", "ee no signal", "max won't let me sign in"
    r"stuck\s+on\s+(?:the\s+)?(?:\w+\s+)?(?:loading|connecting|processing)\b|"
    r"not\s+(?:sending|delivering|syncing|connecting|updating|refreshing|receiving)\b|"
    r"timing\s+out\b|times\s+out\b|keeps?\s+disconnecting\b|no\s+(?:signal|service|bars)\b|"
    # "wa web disconnects every few minutes", "gpt keeps erroring"
    r"disconnect(?:s|ing)\b|(?:keeps?\s+)?erroring\b|"
    # ...and "not working" in the markets' languages: "Messenger nie wysyła", "Steam не
    # грузит", "Discord çalışmıyor", "DAZN non funziona", "FB ayaw mag-load", "Jazz nahi
    # chal raha", "스팀 안 열림"
    r"nie\s+(?:dzia[łl]a\w*|wysy[łl]a\w*|[łl]aduj\w*|otwiera\s+si[eę]|[łl][ąa]czy)\b|"
    r"не\s+(?:работа\w*|грузит\w*|загружа\w*|открыва\w*ся|запуска\w*ся|подключа\w*|"
    r"коннект\w*|працю\w*|вантаж\w*|відкрива\w*ся)|"
    r"(?:[çc]al[ıi][şs]|a[çc][ıi]l|y[üu]klen|ba[ğg]lan)[ae]?m[ıi]yor\w*|"
    r"non\s+(?:funziona\w*|carica\w*|si\s+apre)\b|no\s+(?:funciona\w*|carga\w*)\b|"
    r"n[ãa]o\s+(?:funciona\w*|carrega\w*)\b|ayaw\s+mag-?\w+|hindi\s+gumagana\b|"
    r"no\s+dey\s+(?:work|load|open|send|connect)\b|haifanyi\s+kazi\b|nahi\s+chal\s+rah[aei]\b|"
    # fail-22, said of a name only: "X phir se band?", "PTCL band ho gaya" (not "Jazz band
    # hai", the music), "M-Pesa inakataa", "app hazifunguki", "Nubank travando", "Maxis tak
    # boleh hantar SMS", "glo no get network", "stc ما فيه تغطية", "stc فيه مشكلة في النت"
    r"phir\s+se\s+band\b|band\s+(?:ho\s+gaya|ho\s+gya|hogaya|para\s+hai)\b|"
    r"(?:ime|ina)kataa\b|ha(?:i|zi)funguki\b|travando\b|"
    r"tak\s+boleh\s+(?:hantar|buka|login|masuk|guna|connect|bayar)\b|"
    r"no\s+get\s+(?:network|signal|service|data)\b|"
    r"ما\s+(?:في|فيه|فيها)\s+(?:تغطي[ةه]|شبك[ةه]|نت)|"
    r"فيه?\s+مشكل[ةه]\s+(?:في|ب)\s*(?:ال)?(?:نت|انترنت|إنترنت|شبك[ةه]|تطبيق|خدم[ةه]|سيرفر)|"
    # fail-24, said of a name only: "Snapchat funker ikke" (Danish, Norwegian; not "Det
    # virker ikke som om…", "it does not seem"), "tiktok chal hi nahi rahi", "youtube tak load"
    r"(?:virker|funker|fungerer)\s+ikke\b|(?:khul|chal)\s+hi\s+nahi\s+rah[aei]\b|"
    r"tak\s+load\b|"
    # fail-31 and attr-50, said of a name: "واتساب واقف", "موبايلي فاصل من الصبح", "شبكة زين
    # طايحة", "انستاباي واقع؟", "فودافون مش شغال" (the words alone are also "standing", "a
    # break", "reality": of a name only; nlp/enrich/failure.py has them of a line's word)
    rf"(?:{AR_DOWN_WORDS}|طاح|متوقف)(?:[ةه]|ين)?(?!\w)|"
    # (a bare "ما" is also "what": not "ما يعمل الانسان", what a person does)
    r"[وف]?(?:ما|مو|مش|مب|موب|لا)\s?(?:(?:عم|قاعد[ةه]?)\s+)?ب?(?:شغال\w{0,3}|[يت](?:"
    rf"{AR_APP_VERBS})\w{{0,4}})(?!\w)|"
    r"[وف]?(?:مو|مش|مب|موب|لا)\s?(?:(?:عم|قاعد[ةه]?)\s+)?ب?[يت]عمل\w{0,4}(?!\w)|"
    rf"{AR_NOT_WORKING}|"
    r"(?:عنده?(?:م|ا)?|فيه?)\s+(?:عطل|مشكل[ةه])(?!\w)|"
    r"안\s?(?:됨|돼|열림|열려))"
)
# ...but not when the status word starts a phrase of its own: a price ("Apple down 3%",
# "down to $4.99"), a direction ("down the river", "down under"), down feathers ("orange
# down jacket"), a market ("Amazon down in early trading")
_NOT_A_STATUS = (
    r"(?!\s*(?:[\d%$£€+-]|(?:to|the|a|an|my|your|on|with|by|under|from|into|payment|memory|"
    r"behind|accounts?|hiring|support|prices?|stocks?|shares|"
    r"jacket|coat|vest|feathers?|pillows?|duvet|arrow|low|"
    # a mood or a direction, not a status: "Spotify has been down about it", "down bad",
    # "down there", "down voting me", "down hard on bots"
    r"about|bad|badly|there|here(?!\s+(?:too|as\s+well|also|in)\b)|vot(?:e|es|ed|ing)|"
    r"hard\s+on)\b|and\s+out\b|"
    # a count ("Three down, two to go", "one down, 3 left") and a place one goes down to
    # ("Jazz down at the club tonight"; not "down at the moment", "offline at the shop")
    r",?\s*(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:to\s+go|left|more)\b|"
    r"(?<=down)\s+at\s+the\s+(?:club|bar|pub|beach|park|lake|river|docks?|harbou?r)\b|"
    r"in\s+(?:pre-?market|after-?hours|early|late|trading|price|value|the\s+dumps)\b))"
)
STATUS_AFTER_NAME = f"{_SECOND_NAME}{_BETWEEN}(?:{_STATUS}{_NOT_A_STATUS}|{_STATUS_ALWAYS})"
# ...nor when the name is the object of a verb that takes "down" ("turn Spotify down", "put
# Netflix down for later", "voted Uber down")
VERB_BEFORE_NAME = (
    r"(?:put|puts|putting|turn|turns|turned|turning|set|sets|setting|shut|shuts|shutting|"
    r"bring|brings|brought|bringing|take|takes|took|taking|keep|keeps|kept|let|lets|write|wrote|"
    r"play|played|playing|hold|held|holding|knock|knocked|vote|voted|mark|marked|tone|toned|"
    r"scroll|scrolled|scrolling|wind|slow|slowed|calm|calmed|track|tracked|pin|pinned|shoot|"
    r"shot|scale|scaled|narrow|narrowed|water|watered|hunt|hunted|talk|talked|trade|traded)"
)
# "Comcast out again in Springfield", "Spectrum out since 6am": "out" says it only with what
# follows ("Netflix is out now on DVD" is a release), and not as the object of a verb that
# takes "out" ("check Comcast out again", "figure Spotify out")
OUT = (
    r"out\s+(?:(?:since|for)\s+\d|(?:again|since\s+(?:this|last|yesterday|early|midnight|noon|"
    r"morning|lunch)|all\s+(?:day|night|morning|afternoon|evening|week|weekend)|"
    r"for\s+(?:hours|days|over|the\s+(?:whole|entire)|an?\s+(?:hour|day|while|week))|"
    r"in\s+(?:my|our|the)\s+(?:area|neighbou?rhood|building|street)|"
    # "Spectrum out across SoCal??", "Optus out across the whole state"
    # (not "Disney+ out across Europe today", a release)
    r"across\s+(?:(?:the|my|our)\s+)?(?:(?:whole|entire)\s+\w+|"
    r"(?-i:\p{Lu})[\w.'’]*(?=\s*[?!]|\s+(?:again|since|rn|all\s+day|tonight)\b))|"
    # "Xfinity is out in St. Louis again", "Spectrum out in Tampa since 6am": a place named
    # with a capital, then the words of an outage (not "out in Germany today", a release)
    r"in\s+(?-i:\p{Lu})[\w.'’]*(?:\s+(?-i:\p{Lu})[\w.'’]*){0,2},?\s+(?:again|since\s+\w+|"
    r"all\s+(?:day|night|morning)|for\s+(?:hours|days|\d+\w*)))\b)"
)
OUT_AFTER_NAME = (
    rf"(?:\s+(?:is|are|was|has\s+been|been|went|still|completely|totally)){{0,2}}\s+{OUT}"
)
VERB_TAKING_OUT = (
    rf"(?:{VERB_BEFORE_NAME}|check(?:ed|ing)?|figur(?:e|ed|ing)|sort(?:ed|ing)?|"
    r"kick(?:ed|ing)?|leav(?:e|ing)|left|help(?:ed|ing)?|freak(?:ed|ing)?|sell|sold)"
)
# every reading of STATUS_AFTER_NAME ends in one of these statuses: posts without one need no
# name scan for it (its status part, so the two cannot drift apart; "out" readings have OUT)
STATUS_WORD = re.compile(f"{_STATUS}{_NOT_A_STATUS}|{_STATUS_ALWAYS}", re.IGNORECASE)

_AFTER = re.compile(STATUS_AFTER_NAME, re.IGNORECASE)
_VERB_RIGHT_BEFORE = re.compile(rf"\b{VERB_BEFORE_NAME}\s+$", re.IGNORECASE)
_OUT_AFTER = re.compile(OUT_AFTER_NAME, re.IGNORECASE)
_OUT_VERB_RIGHT_BEFORE = re.compile(rf"\b{VERB_TAKING_OUT}\s+$", re.IGNORECASE)


def status_after(text: str, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is said to be down: "Steam down?", "is
    Discord down for everyone", "twitch not working"; not "turn Spotify down"."""
    if _AFTER.match(text, end):
        return not _VERB_RIGHT_BEFORE.search(text, max(0, start - 24), start)
    if _OUT_AFTER.match(text, end):  # "Spectrum out again", not "check Spectrum out again"
        return not _OUT_VERB_RIGHT_BEFORE.search(text, max(0, start - 24), start)
    return False
