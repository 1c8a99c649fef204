"""Failure phrases: "안 돼요", "打不开", "не работает", "ใช้ไม่ได้", "is down", "Slack down".

The complaint head reads MiniLM embeddings, and MiniLM reads English: a Korean or Russian
outage report gets an arbitrary score. A sentence saying that something does not work is a
complaint by definition (it reports that something did not meet expectations), so in a post
whose language is not English (or too short to tell), one of these phrases lifts the
complaint score to ``FAILURE_SCORE``. In English only outright failure sentences do ("is
down", "can't log in"). Rules, not a model: written from the languages' ordinary failure
phrases, with the short words people put inside them ("no me funciona", "geht gerade
nicht"); the non-English ones are not measured (no labelled multilingual data). In every
language, a catalog service named as down ("spotify down", "#spotifydown") counts too: the
briefest outage post, which neither model reads as one; so does "<service> out again".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import regex as re

from nlp.enrich.arabic_cues import AR_ACCOUNT_LOCKED, AR_APP_VERBS, AR_DOWN_WORDS, AR_NOT_WORKING
from nlp.enrich.lexicon import compact, names_pattern
from nlp.enrich.literal_gate import Alternatives, fold
from nlp.enrich.normalize import emoji_names
from nlp.enrich.outage_status import (
    AS_A_STATUS,
    BROKE,
    ENDS_LINE,
    NOT_A_FALL,
    ONLY_WHEN_TO_END,
    OUT,
    OUT_AFTER_NAME,
    STATUS_AFTER_NAME,
    STATUS_WORD,
    VERB_BEFORE_NAME,
    VERB_TAKING_OUT,
)
from nlp.enrich.recovery import recovery_spans
from nlp.enrich.symptom_cues import (
    BLACK_SCREEN_PT,
    BUFFERING_KO,
    FROZE,
    LAG_KO,
    LINE_OUT,
    NO_LINE_ELSEWHERE,
    NO_SERVICE_JA,
    NO_SIGNAL_MIXED,
    NOT_A_CAMPAIGNS_TR,
    SLOW_JA,
    SLOW_MIXED,
    SLOWEST_ES,
)
from outagewatch.catalog import ARABIC_NAME_START, names_alternation

FAILURE_SCORE = 0.75
_ID_NOT = r"\b(?:tidak|gak|ga|nggak|ngga|tak|takde|tiada|x)"
# Failure phrases of languages people mix with English, which the detector reads as English
# or as anything: "walang signal", "down na naman", "hindi gumagana" (Taglish); "no dey
# load", "don hang" (Nigerian Pidgin); "imekataa", "haifanyi kazi" (Swahili); "band hai",
# "nahi chal raha" (Roman Urdu and Hindi)
_URDU_SUBJECT = (
    r"(?:internet|net|signals?|service|app|wifi|network|4g|page|call|calls|fiber|fibre|"
    r"connection)"
)
MIXED = (
    rf"{NO_SIGNAL_MIXED}|{SLOW_MIXED}|"
    r"\bwala (?:pa ?(?:ring|rin)|pang|nang|na namang?) (?:signal|internet|data|net)\b|"
    r"\bdown na naman\b|\bhindi (?:gumagana|makapag\w*|maka\w*)|\bayaw (?:mag[- ]?\w+|gumana)\b|"
    r"\bnawawala\b|\bdi (?:maka|ma)-?(?:login|connect|text|load|open|bayad|send)\w*|"
    r"\bno dey (?:work|load|go|browse|connect|open|send|show)\b|\bdon (?:hang|die|crash)\b|"
    r"\bimekataa\b|\bhaifanyi kazi\b|\bimekwama\b|\bhakuna (?:network|mtandao|internet)\b|"
    # fail-19: "iko chini" (not "iko chini ya", under), "siwezi kutuma pesa"; Taglish "hindi
    # nagsesend"; Roman Urdu "connect nahi ho raha" (not "yakeen nahi ho raha")
    r"\bhazipiti\b|\bhaipiti\b|\bimepotea\b|\bnagloloko\b|\bsira ang\b|"
    r"\b(?:eror|error) terus\b|\blos merah\b|\bsignal hi gayab\b|\b(?:iko|ziko|uko)\s+(?:chini|down)\b(?!\s+ya\b)|\bimekatika\b|"
    r"\bsiwezi\s+(?:ku)?(?:tuma\s+pesa|ingia\s+online|login)\b|\bhazitumwi\b|\bimezingua\b|"
    r"\bhindi\s+nag[- ]?(?:send|sesend|load|loload|connect|ko-?connect|refresh|open)\w*|"
    r"\bkhul(?:ta|ti)\s+(?:hi\s+)?nahi\b|"
    # fail-24: "ufone ke signal gayab", "netflix asyik keluar error", "unifi takde signal",
    # "feed hazi-load" (not "takde coverage" of insurance)
    r"\bsignals?\s+gayab\b|\bkeluar\s+error\b|\btakde\s+(?:signal|internet|liputan)\b|"
    r"\bha(?:i|zi)-?load\b|\bcalls?\s+drop\s+ho\s+rah[aei]\w*|"
    r"\b(?:connect|load|open|login|send|transfer|payment)\s+(?:hi\s+)?nahi\s+ho\s+rah[aei]\b|"
    # Roman Urdu, said of what failed: "internet band hai", "page load nahi ho raha"; not
    # "office band hai" (closed), "main party mein nahi aa raha" (I'm not coming)
    rf"\b{_URDU_SUBJECT}\s+(?:\w+\s+){{0,3}}?(?:band (?:hai|ho gaya)|nahi? (?:chal|aa|ho|lag) "
    r"rah[aei]|dead hai)\b|"
    # Swedish and Norwegian, which the detector gives to English in a short post: "Telia nere
    # igen?", "ingen dekning"; not Italian "scarpe nere" (black)
    r"\b(?:ligger|är|er|var?) (?:nere|nede)\b|\b(?:nere|nede)(?:\s+igen\b|\s*\?)|"
    r"\binget mobiln[äa]t\b|\bingen (?:t[äa]ckning|dekning|mobildata)\b|"
    r"\blaggar\b|"
    # Australian: "Aussie BB having dramas tonight"; not "having Korean dramas", "family dramas"
    r"\bhaving (?:some |more |massive |major |big )?dramas\b(?!\s+(?:marathon|on|with)\b)"
)
# the subject French "HS", "rame", "plante" need: a line's or an app's word, or a name as
# written (capitalised, not a pronoun: "SFR HS", "Youtube rame", not "Je rame")
_FR_SUBJECT = (
    r"\b(?:internet|box|fibre|r[ée]seau|wi-?fi|connexion|ligne|site|appli|app|application|jeu|"
    r"serveurs?|mobile|t[ée]l[ée]phone|pc|ordi|[345]g|adsl|t[ée]l[ée])|"
    r"(?-i:(?<![\w@#])(?!(?:Je|J|Tu|Il|Elle|On|Nous|Vous|Ils|Elles|Ça|Ca|HS)\b)\p{Lu}"
    r"[\p{L}\p{N}&+.\-]*)"
)
# ...and Japanese "遅すぎ", "止まった", "くるくる": a line's or an app's word, or a name (katakana
# of three or more, not "エレベーター" whose "ー" ends it; Latin letters: "YouTube止まった")
_JA_SUBJECT = (
    r"動画|画面|アプリ|読み込み|再生|映像|配信|ネット|回線|通信|Wi-?Fi|wifi|サイト|サーバー?|"
    r"\p{Katakana}{3,}|(?<![A-Za-z])[A-Za-z][A-Za-z0-9+]+"
)
# Arabic as the Gulf, Egypt, the Levant and the Maghreb write it (fail-31): a negated verb
# of what a line or an app does ("ما يشتغل", "مش بيفتح", "مبيفتحش", "ما عم يحمل", "ماكيخدمش";
# not "ما يحدث", what happens), "مو شغال", "ماخدامش", no line ("مافي نت", "مفيش نت",
# "ماكاينش الانترنيت"), and a line's or an app's word said stopped, cut or down ("النت
# واقف", "الشبكة طايحة", "فصل النت"): only of such a word (the shared words: arabic_cues.py).
# after a bare "ما", which is also "what" ("ما يظهر في الصورة", what appears in the picture;
# "ما يعمل الانسان", what a person does): only verbs of what a line or an app does (fail-32)
_AR_VERB_MA = rf"(?:{AR_APP_VERBS}|وصل|خدم|تحمل)"
_AR_VERB = rf"(?:{AR_APP_VERBS}|وصل|خدم|تحمل|عمل|ظهر|رفع)"
_AR_LINE = (
    # a line, a network, the internet, an app, a website: not "نظام" (a system, a regime),
    # "خدمة" (any service), "برنامج" (a programme, a plan), "سيستم" (fail-32)
    r"(?:[وف]?(?:ال)?)(?:نت|[اإ]نترنت|[اإ]نترنيت|شبك[ةه]|واي\s?فاي|راوتر|فايبر|خط|ريزو|"
    r"كونيكسيون|تغطي[ةه]|[اإ]رسال|تطبيق|ابلكيشن|موقع|سيرفر\w*|"
    r"[اإ]شار[ةه]|داتا|فور\s?جي|[345]g)"
)
# down, cut, stopped, and here also switched off or hung ("النت طافي", "الراوتر مهنق")
_AR_DOWN = rf"(?:{AR_DOWN_WORDS}|طاف[يى]|مهنق|هنقان)(?:[ةه]|ين)?"
_AR_NOT = r"[وف]?(?:ما|مو|مش|مب|موب|مهوب|لا|لم)"  # (and, so: "ومافي نت")
AR_FAILURE = (
    rf"(?<!\w)[وف]?(?:مو|مش|مب|موب|مهوب|لا|لم)\s?(?:(?:عم|قاعد[ةه]?|بعده?)\s+)?ب?[يتن]{_AR_VERB}"
    r"\w{0,4}(?!\w)|"
    rf"(?<!\w)[وف]?ما\s?(?:(?:عم|قاعد[ةه]?|بعده?)\s+)?ب?[يت]{_AR_VERB_MA}\w{{0,4}}(?!\w)|"
    rf"(?<!\w){_AR_NOT}\s?(?:كي|كا)[يت]?{_AR_VERB}\w{{0,4}}(?!\w)|"
    r"(?<!\w)[وف]?(?:ما|مو|مش|مب|موب|مهوب|ماهو|ماهي)\s?ب?شغال\w{0,3}(?!\w)|"
    rf"(?<!\w){AR_NOT_WORKING}|"
    r"(?<!\w)ما\s?بغا(?:ش|ت\s?ش)\s+[يت](?:تحل|خدم|دخل|تصل|فتح|لود|تشارج\w*|شارجي)|"
    r"(?<!\w)[وف]?(?:ما\s?في|ما\s?فيه|(?:م|ما\s?)فيش|ما\s?كاينش|ماكاين|لا\s?يوجد|ما\s?عندي|ماعندي|ما\s?عندنا)"
    # (not "ما فيه تغطية إعلامية", no media coverage)
    rf"\s+{_AR_LINE}(?!\w)(?!\s+(?:[اإ]علامي|صحفي|[اإ]خباري|تلفزيوني|مباشر))|"
    rf"(?<!\w){_AR_LINE}\s+(?:\S+\s+){{0,3}}?{_AR_DOWN}(?!\w)|"
    r"(?<!\w)(?:فصل|فصلت|انقطع|انقطعت|قطع|قطعت|وقف|وقفت|طاح|طاحت|علق|علقت|هنق|وقع|وقعت)"
    rf"\s+(?:(?:عندي|علي|علينا|عندنا|عندهم|مرة|مره|ثاني|تاني)\s+)?{_AR_LINE}(?!\w)|"
    # of a line or the service ("انقطاع النت", "انقطاع الخدمة"; not "عدت بعد انقطاع طويل", back
    # after a long break, nor "بدون أي انقطاع", without any interruption)
    r"(?<!(?:بدون|بلا|دون|غير)\s+(?:[اأ]ي\s+)?)(?<!\w)انقطاع(?:ات)?\s+(?:في\s+)?"
    rf"(?:{_AR_LINE}|(?:ال)?خدم[ةه])(?!\w)|"
    rf"(?<!\w)مشكل[ةه]\s+(?:في|ب)\s*{_AR_LINE}|"
    # "ما يتصل بالسيرفر" (not "ما يتصل علي", he does not call me)
    r"(?<!\w)(?:ما|مش|مو|لا)\s?(?:عم\s+)?ب?[يت]تصل\s+ب(?:ال)?(?:سيرفر|نت|[اإ]نترنت|شبك|واي)|"
    # the app throws one out, shuts, freezes or cuts again and again
    r"(?<!\w)(?:ي|بي|عم\s+ي)طلعني\s+(?:برا|بره|من)|"
    r"(?<!\w)(?:ي|ت|بي|بت|عم\s+[يت])(?:قفل|سكر)\s+(?:لحال|من\s+نفس|من\s+حال|فج[اأ])\w*|"
    r"(?<!\w)(?:ي|ت|بي|بت|عم\s+[يت]|كي|كيت|كا)(?:علق|هنق|قطع|تقطع|فصل|وقف)\w{0,3}\s+"
    r"(?:\S+\s+){0,2}?(?:كل\s+(?:شوي[ةه]?|دقيق[ةه]|مر[ةه]|ثاني[ةه]|شوي)|كثير|كتير|بزاف|"
    r"على\s+طول|دايم|باستمرار)(?!\w)(?!\s+(?:على|ع)\s)|"  # ("يعلق كثير على", comments on)
    # can't get in, pay, send; rejected; locked out
    r"(?<!\w)(?:ما|مو|مش|لا|مب|موب)\s?(?:قدرت|[اأ]قدر|قادر[ةه]?|عارف[ةه]?|يمديني|[اأ]عرف|نقدر|"
    r"قدرنا|[اأ]ستطيع)\s+(?:على\s+)?(?:[اأن]|ال)(?:دخل|دخول|سجل|فتح|حول|دفع|رسل|بعت|شحن|تصل|"
    r"رفع|نشر|حمل|شغل)\w*|"  # (not "اكلمك", "اشوفك": talk to you, see you)
    # "ما يشغل الفيديوهات" (not "ما يشغل بالي", what occupies my mind)
    r"(?<!\w)(?:ما|مو|مش|لا)\s?(?:عم\s+)?ب?[يت]شغل\w{0,2}\s+(?:ال)?(?:فيديو|مقاطع|مقطع|حلق|"
    r"[اأ]غاني|مسلسل)|"
    r"(?<!\w)(?:ما|مو|مش|لا)\s?(?:بي|ي)?قبل\s+(?:ال)?(?:دخول|باسورد|باسوورد|كلم[ةه]|رقم|بطاق[ةه]|"
    r"دفع)|"
    # (not "طلب اللجوء مرفوض", asylum refused; "العملية العسكرية فشلت"; "ماتم", a funeral)
    r"(?<!\w)(?:(?:ال)?(?:دفع[ةه]?|بطاق[ةه]|تحويل|حوال[ةه]|فيزا)\s+(?:\S+\s+)?|(?:ال)?عملي[ةه]\s+)"
    r"(?:مرفوض[ةه]?|ترفض|يرفض|فشلت|فشل|(?:ما|مش|مو)\s?(?:ب)?(?:تمشي|يمشي|تتم|يتم)|"
    r"(?:ما|مش|مو)\s+تم)(?!\w)|"
    rf"(?<!\w)حساب\w*\s+(?:\S+\s+){{0,3}}?(?:{AR_ACCOUNT_LOCKED}|اتوقف)(?!\w)|"
    r"(?<!\w)بط[يى]?[ءئ](?!\w)"
)
_PHRASES: dict[str, str] = {
    "es": r"no funciona|no (?:me )?(?:carga|abre|deja|anda)|ca[ií]d[oa]|se cay[oó]|no puedo (?:entrar|acceder|iniciar)|"
    r"no (?:tengo|hay) (?:internet|se[nñ]al|servicio|conexi[oó]n)|"
    r"\b(?:me|te|le|nos|les) falla\b|se cayeron(?=\s*(?:$|[.!?,\n]|otra\s+vez|de\s+nuevo|al\s+mismo|"
    r"todas\s+las\s+l[ií]neas))|"
    r"sin (?:internet|se[nñ]al|servicio|conexi[oó]n)|"
    # fail-29 (review 146): "nada funciona", "anda fallando", "va lentísimo"; not "falla
    # técnica del árbitro" (a noun); fail-30 (review 158): "va lento" of a line or an app,
    # not "el tráfico va lento"
    r"\bnada funciona\b|\b(?:anda|est[aá]|sigue)\s+fallando\b|\b(?:internet|red|wi-?fi|app|aplicaci[oó]n|se[nñ]al|conexi[oó]n|p[aá]gina|web|"
    r"servidor|datos|fibra)\s+(?:\w+\s+){0,3}?va\s+(?:muy\s+)?lent[oa]\b|"
    rf"\b(?:{SLOWEST_ES})\b",
    "pt": r"n[aã]o (?:funciona|carrega|abre|deixa|consigo (?:entrar|acessar|logar|postar))|fora do ar|"
    r"caiu|inst[aá]vel|sem (?:internet|sinal|conex[aã]o)|"
    # fail-24: "TIM tá sem 4G" (not "sem rede social", "sem dados oficiais")
    r"\bsem [345]g\b|"
    # fail-29: "app travando", "travando toda hora", "tá muito lenta", "tela preta"; not
    # "travou a porta" (locked)
    r"\b(?:app|aplicativo|celular|jogo|v[ií]deo|internet|net|tela|sistema|site|servidor)\s+"
    r"(?:\w+\s+){0,3}?(?:travando|travou|trava)\b|\btravando\s+(?:muito|toda\s+hora|demais|tudo)\b|"
    # fail-30 (review 158): "muito lenta" of a line or an app, not "um filme muito lento"
    r"\b(?:internet|net|app|aplicativo|sinal|conex[aã]o|site|wi-?fi|rede|sistema|servidor)\s+"
    r"(?:\w+\s+){0,3}?muito\s+lent[oa]\b|"
    rf"\b{BLACK_SCREEN_PT}\b",
    "fr": r"ne (?:marche|fonctionne|charge|s'ouvre) (?:plus|pas)|en panne|impossible de (?:me connecter|se connecter|charger)|"
    r"\bpanne\b|\bmarche (?:plus|pas)\b(?! mal\b)|en rade|(?:plus|pas|sans) d'internet|(?:plus|pas) de (?:r[ée]seau|connexion|wifi)|"
    r"coup(?:é|ée|és|ure) (?:chez|depuis|ici|internet|r[ée]seau)|charge dans le vide|"
    # fail-29 (review 146): "HS" (hors service), the commonest French outage word, in
    # capitals or after a verb ("SFR HS", "la box est HS"); not the forums' "HS :" (hors
    # sujet); "youtube rame", "l'appli plante" (not "la rame", "une plante"), "ne lit plus", "le réseau est mort", "la
    # connexion est lente"
    # fail-30 (review 158): "HS" and "rame"/"plante" only with a subject, a line's or an
    # app's word or a name, as any language's post reads them: not "a las 21 HS" (a clock
    # time), "Je rame sur…", "Netflix plante des arbres", Italian "la linea in rame"
    rf"(?:{_FR_SUBJECT})\s+(?-i:HS)\b(?!\s*[:)])|"
    r"\b(?:est|sont|encore|compl[èe]tement|totalement)\s+hs\b|"
    rf"(?:\b(?:[çc]a|[çc]a\s+me)|{_FR_SUBJECT})(?:\s+(?:qui|encore|toujours|trop|grave|vraiment|"
    r"compl[èe]tement))?\s+(?:rame|plante)(?:nt)?\b(?!\s+(?:des|les|un|une|le|la|du|de|d['’]|"
    r"l['’]|sur|pour|dans|en|à|au|aux)\b)|"
    # ...or any word but a pronoun or an article, and how much or since when ("youtube
    # rame grave ce soir")
    r"(?<![\w'’])(?!(?:je|j|tu|il|elle|on|nous|vous|ils|elles|la|une|de|les|des|cette|en|ma|"
    r"sa|ta|in|di)\b)\w+\s+(?:rame|plante)(?:nt)?\s+(?:grave|trop|de\s+ouf|à\s+mort|depuis|"
    r"encore|toujours|sa\s+m[èe]re|comme\s+jamais)\b|"
    r"\bne\s+(?:lit|joue|r[ée]pond|s['’]affiche)\s+(?:plus|pas)\b|"
    r"\b(?:r[ée]seau|internet|box|fibre|connexion|ligne|wifi)\s+(?:\w+\s+)?(?:est\s+)?mort\b|"
    r"\b(?:connexion|internet|d[ée]bit|r[ée]seau|fibre|wifi)\s+(?:\w+\s+){0,2}?(?:est\s+)?"
    r"(?:tr[èe]s\s+)?lente?\b",
    "de": r"funktioniert nicht|geht nicht(?!s\s+(?:über|mehr\s+als))|st[öo]rung|l[äa]dt nicht|ausgefallen|kann mich nicht anmelden|"
    r"nicht (?:gesendet|geladen|verbunden|erreichbar|abgespielt)|keine? (?:netz|internet|empfang|verbindung)|"
    # fail-29 (review 146): "Kabel tot", "Internet ist weg", "DSL lahm", "Ausfall"; not
    # "Frau tot" (what is dead must be a line)
    r"\b(?:internet|netz|kabel|dsl|wlan|leitung|verbindung|mobilfunk|lte|[45]g|festnetz|"
    r"glasfaser)\s+(?:\w+\s+){0,3}?(?:tot|weg|lahm|im\s+eimer)\b|"
    r"\b(?:total|netz|internet|server|komplett)ausfall\b|"
    # "Ausfall bei Vodafone", "Ausfall von O2", "Ausfall im Mobilfunknetz": a company (after
    # "bei") or a name in capitals or a line's word after it; not "Ausfall von Müller im
    # Mittelfeld", "Ausfall im Regionalverkehr" (review 158 #11)
    r"\bausfall\s+bei\s+(?:(?:der\s+|dem\s+)?(?-i:\p{Lu})|(?:mir|uns)\b)|\bausfall\s+von\s+(?-i:\p{Lu}[\p{Lu}\d&]+\b)|"
    r"\bausfall\s+(?:im|des|beim?)\s+(?:\w+[\s-])?(?:netz|internet|mobilfunk|festnetz|dsl|kabel|"
    r"glasfaser|lte|[45]g|server|dienst|wlan)\w*|"
    r"\bverbindet\s+(?:sich\s+)?nicht\b|"
    # "stürzt ständig ab", "hängt sich dauernd auf" (an app's; not "Flugzeug stürzt ab")
    r"\b(?:st[üu]rzt|h[äa]ngt\s+sich)\s+(?:\w+\s+)?(?:st[äa]ndig|immer\s+wieder|dauernd|andauernd|"
    r"permanent|jedes\s+mal|st[üu]ndlich|schon\s+wieder)\s+(?:\w+\s+)?(?:ab|auf)\b|"
    r"\b(?:app|anwendung|programm|spiel|browser|handy)\s+st[üu]rzt\s+(?:\w+\s+){0,4}?ab\b|"
    r"\b(?:app|anwendung|programm|spiel|browser)\s+(?:\w+\s+)?abgest[üu]rzt\b",
    "it": r"non (?:funziona|va|carica|si apre)|non riesco ad accedere|disservizio|senza (?:rete|internet)|"
    r"non prende|zero tacche|a singhiozzo|senza (?:campo|linea|segnale)|si blocca|"
    r"mi d[àa] errore|[èe] lentissim[oa]|ha problemi (?:di\s+)?(?:rete|linea|connessione|oggi|"
    r"stasera|stamattina)|"
    r"(?:fibra|linea|rete|connessione) mort[ae]|"
    # fail-34: not "è giù in borsa", "il prezzo è giù a 20 euro" (review 202)
    r"(?:[èe]|sono|entrambi|insieme)\s+gi[uù](?=\s*(?:$|[.!?,\n]|da\s|a\s+(?!\d)|"
    r"in\s+(?!borsa|cantina|picchiata)|ancora|di\s+nuovo|insieme))|"
    r"(?:pagament[oi]|carta|transazion[ei]|bonific[oi])\s+(?:\w+\s+){0,3}?rifiutat[aeio]\b|"
    # fail-24: "rete iliad assente", "né chiamate né internet" (not "parete nord assente",
    # "la linea difensiva era assente")
    r"\b(?:rete|segnale)\s+(?:\w+\s+)?assente\b|"
    r"\bn[ée] (?:chiamate|internet)\s+n[ée] (?:internet|chiamate|dati)\b(?!\s+(?:inclus|compres))",
    "nl": r"werkt niet|doet het niet|(?:een|grote) storing|storing bij|laadt niet|kan niet inloggen|"
    r"geen (?:internet|verbinding|signaal)",
    # Swedish ("nere" and Norwegian "nede" are in MIXED, which every language reads)
    "sv": r"fungerar inte|funkar inte|kan inte logga in|inget (?:internet|n[äa]t)|"
    r"ingen uppkoppling|\bstrular\b|\bkr[åa]nglar\b|h[äa]nger sig|har avbrott|"
    r"har brudd|g[åa]r inte att (?:öppna|logga in|ansluta)|"
    # fail-29: "bredband superlångsamt", "nätet jättesegt" (of a line; not "en långsam film")
    r"\b(?:bredband\w*|internet|n[äa]tet|wifi|uppkoppling\w*|mobilt?|[45]g|appen|sidan)\s+"
    r"(?:\w+\s+)?(?:super|j[äa]tte|s[åa]\s+|extremt\s+|otroligt\s+)?(?:l[åa]ngsamt?|segt?)\b",
    "pl": r"nie dzia[łl]a|awaria|nie (?:mog[eę]|da si[eę]) (?:si[eę] )?zalogowa[cć]|nie [łl]aduje|"
    r"(?:brak|nie mam|nie ma|bez) (?:internetu|neta|zasi[eę]gu|sieci)|sypie si[eę]|si[eę] sypie|"
    r"\bb[łl][ąa]d\b|\bmuli\b|\bzamula|(?:ledwo|s[łl]abo) dzia[łl]a|"
    # fail-19: "padł", "leżą", "nie ładują się", "nie da się wejść", "zawiesza się"
    # (not "padł rekord", "padło pytanie", "leżą na stole", "ona nie odpowiada")
    rf"\bpad[łl](?:a|o|y)?\b{NOT_A_FALL}|\ble[żz][ąa]{AS_A_STATUS}|"
    r"nie (?:[łl]aduj\w*|otwiera si[eę]|wysy[łl]a\w*|wczytuj\w*|uruchamia\w*|[łl][ąa]czy|"
    r"[łl]apie)|(?:przelew|p[łl]atno[śs][ćc]|transakcja|blik)\w*\s+(?:\w+\s+)?nie\s+"
    r"(?:przechodz\w*|przesz[łl]\w*|dosz(?:ed[łl]|[łl][aoy]))|"
    r"nie da si[eę] (?:wej[śs][ćc]|zalogowa[ćc]|zap[łl]aci[ćc]|po[łl][ąa]czy[ćc]|otworzy[ćc])|"
    r"zawiesza si[eę]|zawiesi[łl]\w*|wysypa[łl]\w*|\bwywala\w*|\bcrashuj\w*|"
    r"zrywa (?:po[łl][ąa]czeni\w*|zasi[eę]g|internet|sie[ćc])|zero zasi[eę]gu|"
    r"(?:internet|net|strona|pobieranie)\s+stoi w miejscu|wyrzuca mnie z (?:aplikacji|apki)|"
    r"nie chce mnie (?:zalogowa[ćc]|wpu[śs]ci[ćc])",
    "tr": r"[çc]al[ıi][şs]m[ıi]yor|a[çc][ıi]lm[ıi]yor|giri[şs] yapam[ıi]yorum|[çc][öo]kt[üu]|"
    r"[çc]ekmiyor|kesinti|ar[ıi]za var|kesildi|[çc]ok yava[şs]|"
    # fail-19: "yüklenmiyor", "giremiyorum", "bağlanamıyorum", "mesajlar gitmiyor", "donuyor",
    # "internet yine gitti", "mobil veri yok"
    # (not "hoşuma gitmiyor", "Messi oynamıyor", "mağazalarını açmıyor", "hatta")
    r"\b(?:y[üu]klen|gir|giril|ba[ğg]lan|g[öo]nderil|yenilen|a[çc][ıi]l)[ae]?m[ıiuü]yor\w*|"
    # fail-34: not a campaign's messages ("kampanya sms gelmiyor artık", review 202)
    + NOT_A_CAMPAIGNS_TR
    + r"(?:mesaj|bildirim|mail|e-?posta|sms|kod)\w*\s+(?:gelmiyor|gitmiyor)|(?:[şs]ark[ıi]|video|m[üu]zik)\w*\s+"
    r"[çc]alm[ıi]yor|\bdonuyor\b|[çc][öo]km[üu][şs]|"
    r"\b(?:internet\w*|sinyal\w*|[şs]ebeke|mobil\s+veri|hat(?:t[ıi]m?)?)\s+(?:\w+\s+){0,2}"
    r"(?:gitti|yok|koptu)\b|[şs]ebeke yok|(?:s[üu]rekli|yine)\s+hata\s+veriyor|"
    # attr-59: "gitti" (gone) right after a name, which a clause holds blanked (NUL, by
    # nlp/enrich/in_passing.py): "Superonline gitti Ankara'da" (not "Vodafone'a gitti", went to)
    r"\x00\s+(?:yine\s+|gene\s+|de\s+|da\s+)?gitti\b|"
    r"eri[şs]ilemiyor",
    # Indonesian and Malay, said of what failed: "gak bisa login", "internet mati", "error
    # terus", "pembayaran gagal"; not "tidak bisa tidur", "putus sama pacar", "gagal paham"
    "id": rf"{_ID_NOT} (?:bisa|boleh|dapat) (?:di)?(?:buka|login|log in|masuk|akses|connect|konek|"
    r"transfer|bayar|kirim|pakai|pake|order|internetan|online|load|refresh|call|telefon|"
    r"top ?up|checkout|reload)\w*|"
    r"gangguan|\berror (?:terus|lagi|mulu|melulu|pas|ya|dari|sejak)\b|"
    r"\b(?:internet|sinyal|signal|jaringan|listrik|line|wifi|data|koneksi)\s+(?:\w+\s+)?"
    r"(?:mati|ilang|hilang|putus)\b|\b(?:mati|down) (?:lagi|total|terus|ke|ya|kah)\b|"
    r"\b(?:pembayaran|transaksi|transfer|login|pesanan) gagal\b|\bgagal (?:terus|lagi|login|masuk|"
    r"bayar|transfer|memuat)\b|terjadi kesalahan|muter(?:2|-muter|\s+terus)|"
    rf"{_ID_NOT} (?:ada )?(?:sinyal|signal|internet|jaringan|liputan)\b|\bbermasalah\b",
    "ru": r"не (?:работает|работают|грузится|загружается|открывается|могу войти|отправляются|приходят)|сбой|упал|лежит|"
    r"нет (?:интернета|связи|сети|соединения|сигнала)|без (?:интернета|связи)|сдох(?:ла|ло|ли)?\b|"
    r"отвалил(?:ся|ась|ось|ись)|не (?:играет|грузит|проходит|проходят|приходит)|"
    r"пропал(?:а|о|и)?\b|тормоз(?:ит|ят)|(?:плохо|еле|криво) работа(?:ет|ют)|"
    # fail-19: the verbs of what does not happen ("не грузятся", "не пускает в матч", "не
    # коннектится"), "зависает", "интернет ноль"; not a company's doings ("не отвечает на
    # запросы", "не открывает новые пункты", "не запускает такси"), nor "картина висит"
    r"не (?:грузят\w*|загружа\w*|открыва\w*ся|запуска\w*ся|подключа\w*|коннект\w*|"
    r"отвечает(?=\s*(?:$|[.!?,\n]))|пускает\s+(?:в|меня)|обновля\w*|прогружа\w*|"
    r"воспроизвод\w*|отправля\w*|ловит|тянет)|"
    r"\bзависа(?:ет|ют)\b|\bвиснет\b|\bглючит\b|\bлага(?:ет|ют)\b|"
    r"\b(?:оба|все|сервер[аы]|серверы|банки)\s+легли\b|(?:интернет|связь)\s+(?:\w+\s+)?ноль\b|"
    r"ошибк\w* (?:авторизации|входа|сети|сервера|соединения|загрузки|воспроизведения|оплаты)|"
    # fail-21: "приложение вылетает", "выкидывает из приложения", "выдаёт ошибку", "у МТС
    # авария" (helper-93's misses)
    r"\bвылета(?:ет|ют)\b|выкидывает\s+из|выда[её]т\s+ошибку|"
    r"(?:у\s+\w+|сетевая|массовая)\s+авари[яи]\b",
    "uk": r"не (?:працює|працюють|завантажується|можу увійти)|збій|впав|лежить|"
    r"нема(?:є)? (?:інтернету|зв['’]язку|мережі)|без (?:інтернету|зв['’]язку)|відвалив(?:ся|ась|ось)|"
    r"не (?:грає|проходить)|пропа(?:в|ла|ло|ли)\b|гальму[єю]|(?:погано|ледь) працю(?:є|ють)|"
    r"не (?:вантаж\w*|завантаж\w*|відкрива\w*ся|запуска\w*ся|підключа\w*|конект\w*|"
    r"оновлю\w*|надсила\w*|ловить|тягне)|\bзник(?:ли|ла|ло)?\b(?!\s+безвісти)|"
    r"\b(?:обидва|обидві|всі|сервери|банки)\s+лягли\b|"
    # fail-34: not the support line ("написав у підтримку ..., обидва не відповідають")
    r"(?<!(?:підтримк|менеджер|саппорт|гаряч\w*\s+лін)\w*[^.!?\n]{0,60})"
    r"\b(?:обидва|обидві|всі)\s+не\s+відповіда\w*|"
    r"\bлага(?:є|ють)\b|\bглючить\b|"
    r"\bзависа\w*|не вдалося (?:завантаж|оновит|відправит|увійти|підключит)\w*|"
    r"\bвиліта(?:є|ють)\b|вида[єю]\s+помилку|(?:у\s+\w+|масова)\s+аварі[яї]\b",
    "ja": r"使えない|繋がらない|つながらない|落ちて(?:る|いる)|障害|ログインできない|開かない|見れない|見られない|再生できない|送れない|読み込(?:め|ま)ない|"
    # fail-29 (review 146): "回線激遅", "圏外", "電波死んでる", "止まる", "くるくる",
    # "サインインできない", "入らない" (of reception), "また落ちた" (down again; not "試験に落ちた")
    # fail-30 (review 158): each of a line or an app, a particle at most between ("ネット
    # が遅い"; not "ネットで買った服が入らない", "返信遅すぎ", "電車止まった", "髪をくるくる")
    rf"(?:{_JA_SUBJECT})(?:が|も|の|は)?(?:{SLOW_JA})|{NO_SERVICE_JA}|"
    r"(?:回線|ネット|通信|電波|Wi-?Fi|wifi)(?:が|も|の|は)?(?:また|めっちゃ|超|すごく|かなり)?"
    r"(?:遅い|死んで|悪い)|(?:電波|ネット|5G|4G|LTE|Wi-?Fi|wifi)(?:が|も|は)?(?:全然|全く|まったく)?入らない|"
    rf"(?:{_JA_SUBJECT})(?:が|も|は)?(?:また|ずっと)?(?:止ま(?:る|った|って)|くるくる)|"
    r"(?:サインイン|接続|送信|再生|ログイン)できない|また落ちた|鯖落ち|サーバー?落ち",
    "ko": r"안\s?(?:돼|됨|되|열려|나와)|접속(?:이)?\s?안|로그인(?:이)?\s?안|먹통|장애|오류|에러|튕겨|끊겨|"
    r"안\s?(?:열림|불러와\w*|켜\w*|뜸|돌아가\w*)|(?:메시지|사진|카톡|메일)\w*\s+안\s?(?:보내\w*|가\w*)|"
    r"(?:서버|앱|접속|인터넷|와이파이|카톡|망)\s*(?:또\s*)?(?:터짐|터졌\w*)|끊김|끊겼|"
    r"(?:화면|앱|영상)\w*\s+멈(?:춤|췄\w*)|전송\s?실패|튕김|접속\s?불가|(?:메시지|톡)\s+안\s?감|"
    # fail-29 (review 146): "계속 버퍼링", "렉 미쳤네", "너무 느려"
    rf"{BUFFERING_KO}|{LAG_KO}\s?(?:걸\w*|미쳤\w*|심\w*|때문)|느려터\w*|"
    # fail-30 (review 158): "너무 느려" of a line or an app, not "드라마 전개가 너무 느려"
    r"(?:인터넷|와이파이|와파|앱|어플|로딩|데이터|속도|서버|접속|통신|망|LTE|[45]G)\s*"
    r"(?:이|가|은|는|도)?\s*(?:너무|엄청|개|진짜|왜\s?이렇게)?\s?느려\w*",
    "zh": r"打不[开開]|登不上|[发發]不出|收不到|刷不出|登[录錄入]不了|[崩挂掛]了|用不了|[连連]不上|[闪閃]退|宕机|當機|故障|加[载載]不出|[载載]入不了|无法[登连打使]|無法[登連打使]",
    "ar": r"لا يعمل|ما يشتغل|مايشتغل|عطل|تعطل|متوقف|لا (?:أستطيع|استطيع) (?:الدخول|تسجيل)|طايح|طاح|"
    r"مقطوع|بطي[ءئ]|ما (?:يفتح|يرسل|يدخل)|(?<!ال)معلق|خربان|"
    # fail-31: the Gulf's, Egypt's, the Levant's and the Maghreb's words (AR_FAILURE)
    rf"{AR_FAILURE}",
    "he": r"לא עובד|נפל|תקלה|לא מצליח(?:ה)? להתחבר|לא נטען",
    "hi": r"काम नहीं कर|नहीं चल रहा|डाउन है|लॉगिन नहीं",
    "th": r"ใช้ไม่ได้|ล่ม|เข้าไม่ได้|โหลดไม่ได้|เล่นไม่ได้|ค้าง",
    # English as it is mixed with other languages, read as English or not: Taglish, Nigerian
    # Pidgin, Swahili, Roman Urdu
    "mixed": MIXED,
    # no line, in the languages above (shared with the connectivity symptom)
    "no_line": NO_LINE_ELSEWHERE,
    # an HTTP error in any language read here ("error 500", "erreur 503", "ошибка 504"; these
    # phrases are read outside English, where _ENGLISH decides)
    "any": r"\b(?:error|erreur|fehler|erro|errore|b[łl][ąa]d|hata|ошибка|помилка)\s*(?:5\d\d|404)\b",
}  # fmt: skip
# The same phrases with the short words people put inside them: pronouns, adverbs and
# auxiliaries between the negation and the verb ("no me funciona", "não tá funcionando", "geht
# gerade nicht"). Each language's own fillers, so "non mi va" (I don't feel like it), "geht mir
# nicht aus dem Kopf" or "no sirve para nada" stay ordinary sentences.
_ES = r"(?:(?:me|te|le|nos|les|se|lo|ya|est[aá]n?|estaba|sigue)\s+){0,3}?"
_PT = r"(?:(?:me|te|se|t[aá]|est[aá]|est[aã]o|estava|tava|quer|consegue|vai|mais|ainda)\s+){0,3}?"
_IT = r"(?:(?:mi|ti|ci|vi|gli|le|si|ne|proprio)\s+){0,3}?"
_FR_NOT = r"(?:(?:toujours|encore|vraiment|d[ée]j[aà]|m[eê]me)\s+)?(?:plus|pas)\b(?!\s+mal\b)"
_DE = (
    r"(?:(?:gerade|grad|schon|wieder|mal|heute|jetzt|immer|noch|auch|irgendwie|einfach|"
    r"wohl|halt|leider|momentan|aktuell|komplett|hier|seit\s+\w+|bei\s+(?:mir|uns))\s+){0,4}"
)
_NL = (
    r"(?:(?:al|alweer|weer|nog|nu|even|gewoon|helemaal|vandaag|hier|echt|opeens|ineens|"
    r"bij\s+mij|sinds\s+\w+)\s+){0,3}"
)
# "down" said in another language's sentence: "è down", "ist schon wieder down", "tá down"
_COPULA = r"(?:[èé]|e'|ist|sind|est|sont|est[aá]n?|est[aã]o|t[aá]|is|zijn|[äa]r)"
_AGAIN = (
    r"(?:(?:mal|schon|wieder|gerade|grad|komplett|total|ancora|di nuovo|gi[aà]|de novo|"
    r"outra vez|otra vez|de nuevo|encore|weer|alweer|nu|helemaal|igen)\s+){0,3}"
)
_GAPPED: dict[str, str] = {
    # "no está funcionando", "no me funciona", "ya no me carga", "no sirve", "sigue sin funcionar"
    "es": rf"\bno\s+{_ES}(?:funciona(?:n|ndo)?|funcion[oó]|carga(?:n|ndo)?|abre|abriendo|sincroniza|"
    r"anda(?:n|ndo)?|conecta|sirve(?!\s+(?:para|de)\b))\b|\bsin (?:funcionar|cargar|andar)\b|"
    r"dej[oó] de funcionar",
    # "não está funcionando", "não tá carregando", "não quer abrir", "parou de funcionar"
    "pt": rf"\bn[aã]o\s+{_PT}(?:funciona(?:r|m|ndo)?|carrega(?:r|m|ndo)?|abr(?:e|em|ir|indo)|"
    r"conecta(?:r|ndo)?)\b|parou de funcionar|sem funcionar",
    # "non mi funziona", "non funziona più", "non si apre", "ha smesso di funzionare", "in tilt"
    "it": rf"\bnon\s+{_IT}(?:funziona(?:no|va)?|carica(?:no)?|si apre|apre|parte|si connette|"
    r"invia|fa entrare|manda\s+(?:i\s+|pi[uù]\s+)?messaggi)\b|"
    r"smesso di funzionare|\bin tilt\b",
    # "ne fonctionne toujours pas", "ne se lance plus", "marche toujours pas" (no "ne"); not
    # "ça marche pas mal" (it works quite well)
    "fr": rf"\bne\s+(?:se\s+|s['’]|me\s+|m['’])?(?:marche|fonctionne|charge|ouvre|lance|connecte|"
    rf"d[ée]marre)n?t?\s+{_FR_NOT}|\b(?:fonctionne|marche)n?t?\s+{_FR_NOT}|"
    r"\bhors service\b",
    # "geht gerade nicht", "funktioniert schon wieder nicht", "lädt bei mir nicht"
    "de": rf"\b(?:funktionier(?:t|en)|geh(?:t|en)|l[äa]dt|laden|l[äa]uft|laufen|startet|"
    rf"[öo]ffnet)\s+{_DE}(?:nicht|nimmer|net)\b(?!\s+(?:gut|so|besser)\b)",
    # "werkt alweer niet", "doet het weer niet", "ligt eruit", "ligt plat"
    "nl": rf"\bwerk(?:t|en)\s+{_NL}niet\b|\bdoet (?:het|'?t|ie)\s+{_NL}niet\b|"
    rf"\b(?:laadt|start|opent)\s+{_NL}niet\b|\bligt (?:er ?uit|plat)\b",
    # "funkar fortfarande inte", "är nere"
    "sv": r"\b(?:fungerar|funkar|laddar|startar)\s+(?:(?:fortfarande|just nu|nu|idag|igen)\s+)"
    r"{0,2}inte\b|\b[äa]r nere\b",
    # in any of them: "è down", "ist down", "está down", "tá down", "est down", "is weer down"
    "down": rf"\b{_COPULA}\s+{_AGAIN}down\b(?!\s+(?:to|the|for|with)\b)",
}  # fmt: skip
FAILURE_PATTERNS = (*_PHRASES.values(), *_GAPPED.values())


class AnyOf:
    """``search(text)``: a match of the first of several patterns that matches, or None.
    Searched one by one, because the engine skips ahead far better in each short
    alternation than in their 7,000-character union: 1.6x faster on complaints.csv; and
    only where the text holds one of a pattern's words (``literal_gate.py``), which the
    search would need to match. ``found(text)``: whether any matches, read alternative by
    alternative (``literal_gate.Alternatives``), where the match itself is not needed."""

    def __init__(self, patterns: Iterable[str], flags: int = 0) -> None:
        patterns = tuple(patterns)
        self._patterns = tuple((re.compile(p, flags), Alternatives(p, flags)) for p in patterns)
        self._any = Alternatives(patterns, flags)  # all the tables' needles in one scan

    def found(self, text: str) -> bool:
        return self._any.found(text)

    def search(self, text: str) -> re.Match[str] | None:
        folded = fold(text)
        if not self._any.found(text, folded):
            return None
        for rx, alts in self._patterns:
            if alts.found(text, folded) and (m := rx.search(text)):
                return m
        return None

    def match(self, text: str) -> re.Match[str] | None:
        """The same, at the start of ``text`` only."""
        folded = fold(text)
        if not self._any.found(text, folded):
            return None
        for rx, alts in self._patterns:
            if alts.found(text, folded) and (m := rx.match(text)):
                return m
        return None


_ANY = AnyOf(FAILURE_PATTERNS, re.IGNORECASE)
# an English post reads the mixed languages' phrases too (one of _ANY's for other posts)
_MIXED = re.compile(MIXED, re.IGNORECASE)
# English: only sentences that say outright that it does not work. On complaints.csv the head
# already scores all 55 posts with one as complaints (out of fold), so the lift changes
# nothing there; it catches brief posts ("are you down rn") and ones that read like a
# request ("I need help, it won't let me log in"), which the head can miss.
_ENGLISH = re.compile(
    r"\b(?:not working|isn't working|aren't working|doesn't work|won't (?:load|open|work|play|"
    r"connect|let me)|stopped working|keeps? (?:crashing|freezing|buffering|logging me out)|"
    r"(?:is|are) (?:\w+ )?down\b(?! (?:to|for|with|by|the|a|my|on|in|from|under)\b)|"
    r"can't (?:log ?in|sign ?in|connect|access|load|play|open)|"
    r"unable to (?:log ?in|sign ?in|connect|access|load|play)|no (?:internet|signal|service|"
    r"connection)\b|outage|(?:so+|super|really|painfully|incredibly) slow|slow (?:today|again)|"
    r"(?:spins|takes|loading|loads) forever|keeps? (?:loading|spinning)|stuck (?:on|at) (?:the )?"
    rf"(?:loading|login|sign[- ]?in)|{BROKE}|something went wrong|"
    r"(?:is|are|'s) crawling\b(?!\s+with\b)|"
    r"won't (?:send|save|sync)|not (?:even )?opening|(?:keeps?|kept) (?:kicking|throwing) me out|"
    rf"kicked me out|{FROZE}|(?:throwing|returning)\s+(?:an?\s+)?5\d\ds?\b|"
    r"getting\s+(?:an?\s+)?5\d\d(?:s\b|\s*errors?\b)|"
    rf"\b5\d\d\s*(?:errors?|again|bad\s+gateway)\b|\b50[234]s\b|{LINE_OUT})",
    re.IGNORECASE,
)


# the same yes or no, read alternative by alternative (literal_gate.Alternatives)
_ENGLISH_ANY = Alternatives(_ENGLISH.pattern, _ENGLISH.flags)
_MIXED_ANY = Alternatives(_MIXED.pattern, _MIXED.flags)
# whether a post holds a status word at all (``named_down``'s test before the names' patterns)
_ANY_STATUS = Alternatives(STATUS_WORD.pattern, STATUS_WORD.flags)
# an outage status as a word of its own ("lockdown", "należą", "принадлежит" are none)
_STATUS_AS_A_WORD = re.compile(rf"(?<!\w)(?:{STATUS_WORD.pattern})", re.IGNORECASE)


def says_failure(text: str, *, status_words: bool = True, at_start: bool = False) -> bool:
    """A failure phrase of any language in ``text`` (a clause, say: nlp/enrich/in_passing.py),
    or an outage status word ("down", "лежит", "çöktü"), unless ``status_words`` is False
    ("track down", "scrolling down" hold one). ``at_start``: a phrase that begins ``text``
    ("ga ada sinyal dari pagi", not "que no funciona": what it is said of comes first)."""
    head = text[:2000]

    def found(rx: re.Pattern[str] | AnyOf) -> bool:
        if at_start:
            return bool(rx.match(head))
        return rx.found(head) if isinstance(rx, AnyOf) else bool(rx.search(head))

    return found(_ENGLISH) or found(_ANY) or (status_words and found(_STATUS_AS_A_WORD))


# What fails beside a recovery phrase, in any tense: a present negation ("working now but still
# can't log in", "but I cant sign in", "won't load", "couldn't upload", "the app works again
# but playback doesn't", "some playlists aren't showing up since my account was hacked"); not
# "don't know what happened", "not sure why"
_FAILS_NOW = re.compile(
    r"\bstill\b|(?:\b(?:ca|wo|is|are|does|do|could|should|would)n['’]?t|\b(?:cant|wont|isnt|"
    r"doesnt|dont|couldnt)|\bcannot|(?<!\b(?:was|were|had|did)\s)\bnot)"
    r"\b(?!\s+(?:know|think|worry|understand|see\s+why|mind|care|sure|anymore|any\s+more|"
    r"an?\s+(?:issue|problem))\b)",
    re.IGNORECASE,
)
# ... and failure words, unless their clause is about the outage that was ("it was down for an
# hour", "earlier it kept crashing", "it didn't load"), with no "again" or "still"; not "no
# problems now". A state that fails ("says invalid password", "access denied", "account
# locked"), a fault that recurs ("that fixed it but started happening again", "does happen 2
# to 4 times a week", "then it suddenly stops") or money wanted back is a complaint.
_FAILURE_WORDS = re.compile(
    r"(?<!\bno\s+(?:\w+\s+)?)\b(?:crash\w*|freez\w*|buffer\w*|skipp\w*|stuck|lag\w*|"
    r"glitch\w*|errors?|bugs?|issues?|problems?|trouble|incorrect|invalid|denied|rejected|"
    r"declined|fails|failing|unable|locked|disabled|suspended|happen(?:s|ing)|stops|refund\w*|"
    r"charged|money\s+back)\b",
    re.IGNORECASE,
)
# "you fixed it once but it's back": the problem is
_BACK_AGAIN = re.compile(r"\bbut\s+(?:now\s+)?(?:it['’]?s|its|it\s+is)\s+back\b", re.IGNORECASE)
# a clause about what may come ("if it happens again I'll let you know", "in case it breaks")
_MAYBE = re.compile(r"\b(?:if|in\s+case|whenever|next\s+time)\b|\bwhen\s+it\b", re.IGNORECASE)
_PAST = re.compile(
    r"\b(?:was|were|had|been|earlier|yesterday|before|last\s+night|this\s+morning|for\s+(?:a|"
    r"an|\d+)\s+(?:while|bit|hours?|minutes?|mins?)|(?:did|could|was|were|would)n['’]?t)\b",
    re.IGNORECASE,
)
_NOW = re.compile(r"\b(?:again|still|now|keeps?|anymore)\b", re.IGNORECASE)
_CLAUSES = re.compile(
    r"[.!?;,\n。！？]+|\b(?:but|though|although|however|yet|pero|mais|aber|ma|maar|ale|но|але)\b",
    re.IGNORECASE,
)


# What a recovery post may say beside its phrase (nlp/enrich/recovery.py): thanks and
# politeness, a subject ("it", "everything", "the app"), a hedge ("seems to be", "looks
# like"), in the languages of the phrases. Anything else (a failure word of any language,
# "for 5 minutes", "said no one", "502", "lol jk", "but the login...") is something else
# said, and a post that says something else is read as the models read it: a missed recovery
# costs a little noise, a dropped outage report costs the report.
_BESIDE_WORDS = """
    a all also and anyway anyways appreciate appreciated as at awesome be been boys d end
    everything everything's fine finally folks for good great guys haha hello help helping
    here hey hi i i'm is it it's its just kudos like look looks lot lots me much my now oh ok
    okay on phew seem seemed seems so started starting support team thank thanks the things
    tho though thx to too ty tysm up very wait well works working xd y'all yay yep yes you
    yup your app site website server servers
    danke dank bedankt gracias merci obrigado obrigada grazie dzięki dziękuję спасибо дякую
    tack teşekkürler teşekkür ederim
    alles bei mir es ist jetzt wieder endlich auch super het nu weer bij mij gelukkig
    ya me todo de nuevo ahora otra vez el la los las por fin já tudo agora de novo o a
    ça tout le service est maintenant à nouveau enfin
    ora di nuovo adesso tutto już znowu wszystko всё все уже снова у меня
    ありがとう ありがとうございます です ました ね よ 了 谢谢 谢 啦 吧 都
    finalmente enfin enfim やっと ようやく 이제 잘 감사합니다 다행 ka ki finally الحمدلله شكرا
    عند عندي عندنا اخيرا أخيرا الحين الان الآن خلاص تمام والحمدلله الحمد لله يا
    internet net wifi red rede réseau netz señal sinal servicio serviço 인터넷 와이파이
    ネット 回線 電波 の が は
"""
_SAID_BESIDE = frozenset(_BESIDE_WORDS.split())


@lru_cache(maxsize=1)
def _emoji_names() -> re.Pattern[str]:
    """The emoji names the model text holds in place of emoji, as normalisation writes them
    (nlp/enrich/normalize.py: one table). Read over U+2000-U+32FF and U+1F000-U+1FAFF, as
    fail-28 always has: © and ® (U+00A9, U+00AE) stay words until a versioned change."""
    chars = map(chr, (*range(0x2000, 0x3300), *range(0x1F000, 0x1FB00)))
    alternatives = "|".join(re.escape(n) for n in sorted(emoji_names(chars), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_CJK = re.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]+")
# the words of _SAID_BESIDE within a run of CJK, which no space separates ("やっと復旧")
_CJK_BESIDE = re.compile(
    "|".join(sorted((w for w in _SAID_BESIDE if len(w) > 1 and _CJK.fullmatch(w)), key=len)[::-1])
)
_WORD = re.compile(rf"{_CJK.pattern}|[\w'-]+")
# the service's name as the subject of its sentence ("Xbox Live is back online", "Orange: le
# service est rétabli", "WhatsApp ya funciona"): a word written with a capital, before the
# phrase, and the words of thanks after ("thanks Spotify")
_NAME_LIKE = re.compile(r"^\p{Lu}[\w&.+-]*$|^\p{Ll}+\p{Lu}[\w&.+-]*$")
_THANKS = re.compile(r"(?i)^(?:thanks|thank|thx|ty|danke|gracias|merci|obrigad[oa]|grazie)$")
# a question: "Is Netflix back up for anyone", "does it work again", "微信恢复正常了吗"
_ASKED = re.compile(
    r"(?:^|[.!?;:,\n。！？])\s*(?:(?:hey|so|ok|anyone|anybody|guys|else)\W+)*(?:is|are|does|do|did|"
    r"has|have|can|could|will|would|was|were|isn't|aren't|ist|est-ce|funciona)\b[^.!;\n。！]*$",
    re.IGNORECASE,
)
_ASKED_AFTER = re.compile(r"^[^.!;\n。！]{0,12}?(?:吗|嗎|呢|か|ですか|\?|？)")


def _is_name(word: str) -> bool:
    """``word`` may be (part of) a service's name: capitalised, and no failure, negation nor
    manner ("Dead, back up", "Nope working again", "Partially back up")."""
    return bool(
        _NAME_LIKE.match(word)
        and not word.casefold().endswith("ly")
        and word.casefold() not in _NO_NAME
        and not (_FAILURE_WORDS.search(word) or says_failure(word) or _NEGATED_WORD.match(word))
    )


_NOT_NAMES = """nope nah jk dead broken gone sadly unfortunately lol lmao never kinda kind sort
half only almost apparently supposedly"""
_NO_NAME = frozenset(_NOT_NAMES.split())
_NEGATED_WORD = re.compile(r"(?i)^(?:not?|none|nothing|nicht|niet|nie|não|nao|non|ne|не|ні)$")


def _says_only_so(text: str, spans: list[tuple[int, int]]) -> bool:
    """Beside its recovery phrases, ``text`` says nothing but thanks, politeness, emoji and the
    service's name: what is left is words of _SAID_BESIDE."""
    first = spans[0][0]
    sentence = max(text.rfind(c, 0, first) for c in ".!?;\n。！？")
    pieces = []
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(" ")
        last = end
    pieces.append(text[last:])
    # (an emoji's name gives way to as many spaces: offsets before the phrase hold)
    rest = _emoji_names().sub(lambda m: " " * len(m.group(0)), "".join(pieces))
    words = []
    after_thanks = False
    for m in _WORD.finditer(rest):
        word = m.group(0)
        if (sentence < m.start() < first or after_thanks) and _is_name(word):
            continue
        after_thanks = bool(_THANKS.match(word))
        words.append(word.casefold())
    for word in words:
        if word in _SAID_BESIDE:
            continue
        if _CJK.fullmatch(word) and all(ch in _SAID_BESIDE for ch in _CJK_BESIDE.sub("", word)):
            continue  # "了", "谢谢啦", "やっと"
        return False
    return True


def recovered(text: str) -> bool:
    """The post says the service works again ("Spotify is working again, thanks!", "back up for
    me", "all good now", "funktioniert wieder"; ``nlp/enrich/recovery.py``) and nothing else:
    beside the phrase only thanks, politeness, emoji, handles, links and the service's name.
    "working now but still can't log in", "ya funciona pero los mensajes no llegan", "back up
    but party chat is broken", "it's working again... for 5 minutes", "Is Netflix back up for
    anyone" and "it was down for an hour, back up now" are no recovery: a post that says
    more is read as the models read it."""
    head = text[:2000]
    spans = recovery_spans(head)
    if not spans or _BACK_AGAIN.search(head):
        return False
    for start, end in spans:
        if _ASKED.search(head[:start]) or _ASKED_AFTER.match(head[end:]):
            return False
    if not _says_only_so(head, spans):
        return False
    rest = list(head)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    for clause in _CLAUSES.split("".join(rest)):
        if _MAYBE.search(clause):
            continue
        if _FAILS_NOW.search(clause):
            return False
        failing = says_failure(clause) or _FAILURE_WORDS.search(clause)
        if failing and not (_PAST.search(clause) and not _NOW.search(clause)):
            return False
    return True


# "<service> down", the commonest outage post, needs the service's name to be read: "calm
# down", "prices down" are not failures (the reading is nlp/enrich/outage_status.py), and
# an everyday-word name ("Slack", "Three") only as a whole outage line: "Slack down?",
# "Discord down again", not "Three down, two to go"
# "#spotifydown", "#SlackOutage": the outage hashtags the Mastodon tag mode collects; read in
# the model text, where a hashtag is a bare word
_DOWN_TAG = r"(?:is)?(?:down|outage|offline)"
_NO_VERB = rf"(?<!\b{VERB_BEFORE_NAME}\s+)"  # "turn Spotify down" is no outage
# where a name starts: no letter before it, but Arabic's proclitics ("الواتساب واقف")
_NAME_START = rf"(?:(?<![\w@#])|(?<![@#]){ARABIC_NAME_START}(?<=\p{{Arabic}}))"
# "Comcast out again" (what "out" needs after it: outage_status.OUT); "check Comcast out
# again" is no outage
_OUT_WORD = re.compile(OUT, re.IGNORECASE)  # posts without one need no name scan
_NO_OUT_VERB = rf"(?<!\b{VERB_TAKING_OUT}\s+)"


def _name_sets(names: Iterable[str], capitalised: Iterable[str]) -> tuple[set[str], set[str]]:
    """The names read in any case, and the everyday-word ones as written or in capitals."""
    plain = {n.strip() for n in names if len(n.strip()) > 1}
    cased = {v for n in capitalised if len(n.strip()) > 1 for v in (n.strip(), n.strip().upper())}
    return plain, cased


def _names_rx(plain: set[str], cased: set[str]) -> re.Pattern[str] | None:
    """One pattern for "<name> down" and "#<name>down". ``cased`` names are everyday words
    too ("Slack", "Three"): they count only written as a name and as a whole outage line
    ("Slack down?", "SLACK down again"; not "slack down the rope", "Three down, two to go"),
    or joined in a hashtag."""
    tags = {compact(n) for n in plain | cased if len(compact(n)) > 2}
    if not tags:
        return None
    parts = [rf"(?i:(?<![\w@])(?:{names_alternation(tags, ignore_case=True)}){_DOWN_TAG}\b)"]
    if plain:
        parts.append(
            rf"(?i:{_NO_VERB}{_NAME_START}(?:{names_alternation(plain, ignore_case=True)}){STATUS_AFTER_NAME})"
        )
    if cased:
        parts.append(_down_line(cased))
    return re.compile("|".join(parts))


def _down_line(names: set[str]) -> str:
    """An everyday-word name as written, said down as a whole outage line ("Slack down?",
    "Three down since 6am"; not "Three down, two to go")."""
    return (
        rf"(?i:{_NO_VERB}){_NAME_START}(?:{names_alternation(names)})"
        rf"(?i:{STATUS_AFTER_NAME}{ENDS_LINE})"
    )


# a line's start: then only punctuation, emoji, @handles or #tags before the name
_LINE_START = r"(?:^|(?<=\n))(?:[^\w\n@#]+|[@#][\w.@-]+)*"


def _said_line(names: set[str]) -> str:
    """A line that is an everyday-word name in any case, down or out, and a time at most:
    "slack down?", "@Slack slack down again", "rogers out since 6am"."""
    name = names_alternation(names, ignore_case=True)
    status = rf"(?:{STATUS_AFTER_NAME}|{OUT_AFTER_NAME})"
    return rf"(?i:{_LINE_START}{_NAME_START}(?:{name}){status}{ONLY_WHEN_TO_END})"


def _out_rx(plain: set[str], cased: set[str]) -> re.Pattern[str] | None:
    """One pattern for "<name> out again": an everyday-word name ("Rogers", "Bell") only as
    written, where the words after "out" already say it is an outage."""
    parts = []
    if plain:
        alternatives = names_alternation(plain, ignore_case=True)
        parts.append(rf"(?i:{_NO_OUT_VERB}{_NAME_START}(?:{alternatives}){OUT_AFTER_NAME})")
    if cased:
        parts.append(
            rf"(?i:{_NO_OUT_VERB}){_NAME_START}(?:{names_alternation(cased)})(?i:{OUT_AFTER_NAME})"
        )
    return re.compile("|".join(parts)) if parts else None


class FailureCues:
    """``cued(texts, langs)``: True for a post with a failure phrase: any language's in a
    post not read as English (short posts are often assigned the wrong language), only
    outright ones ("is down", "can't log in") in English, and in any language a service
    named as down ("Slack down", "#spotifydown", "Comcast out again") when given the
    catalog's names."""

    version = "fail-35"

    def __init__(
        self,
        names: Iterable[str] = (),
        capitalised: Iterable[str] | Mapping[str, Sequence[str]] = (),
    ) -> None:
        """``capitalised``: the everyday-word names, or them by service slug, which also
        lets ``said_down`` read them in lower case once the attributor has found the
        service."""
        by_slug = dict(capitalised) if isinstance(capitalised, Mapping) else {}
        if any(isinstance(v, str) for v in by_slug.values()):
            raise TypeError("capitalised maps a service slug to a list of its names")
        flat = [n for ns in by_slug.values() for n in ns] if by_slug else capitalised
        plain, cased = _name_sets(names, flat)
        self._named_down = _names_rx(plain, cased)
        self._named_out = _out_rx(plain, cased)
        self._everyday = {slug: tuple(ns) for slug, ns in by_slug.items()}
        self._said: dict[str, re.Pattern[str] | None] = {}
        # every name, in any case and script, to read as the subject beside a recovery phrase
        # ("ya volvió el internet de telmex", "ドコモ復旧した", "유플러스 복구됨")
        self._names = names_pattern(plain | {n.strip() for n in flat if len(n.strip()) > 1})

    def said_down(self, text: str, slugs: Iterable[str]) -> bool:
        """ "slack down?", "chase down again?", "rogers out again": a service the
        attributor found (``slugs``), its everyday-word name in any case on a line that
        says it is down or out, and when, and nothing else. ``named_down`` reads such a name
        only capitalised, as "slack down the rope" is rope; the attributor keeps a name said
        down, so finding it adds little, and the line does the work: "time to chase down
        again", "three down now, two to go" stay words. ``text``: the post as written, its
        lines and emoji kept (``Normalized.match_text``)."""
        head = text[:2000]  # (no status-word prefilter: it costs more than these searches)
        return any(
            (rx := self._said_rx(slug)) and rx.search(head)
            for slug in slugs
            if slug in self._everyday
        )

    def _said_rx(self, slug: str) -> re.Pattern[str] | None:
        if slug not in self._said:
            names = {n.strip() for n in self._everyday[slug] if len(n.strip()) > 1}
            self._said[slug] = re.compile(_said_line(names)) if names else None
        return self._said[slug]

    def named_down(self, text: str) -> bool:
        """ "Slack down", "#spotifydown", "Comcast out again": a catalog service said down."""
        head = text[:2000]
        # the names' patterns are long: only posts with the word pay for them
        down = self._named_down is not None and _ANY_STATUS.found(head)
        out = self._named_out is not None and _OUT_WORD.search(head)
        return bool(
            (down and self._named_down.search(head)) or (out and self._named_out.search(head))
        )

    def recovered(self, texts: Sequence[str]) -> list[bool]:
        """``recovered`` of each text: it says the service works again, and nothing fails.
        A catalog name is the subject, however written: "ya volvió el internet de telmex,
        gracias", "楽天モバイル、やっと復旧した" (``recovered`` alone takes capitalised words
        for names)."""
        return self.recovery(texts)[0]

    def recovery(self, texts: Sequence[str]) -> tuple[list[bool], list[bool]]:
        """``recovered(texts)``, and ``recovered`` of each text as written (the complaint
        model's cap, ``complaint.cap_recovered``), in one pass: most posts hold no recovery
        phrase, and the phrases are looked for once a post."""
        blanked, as_written = [], []
        for t in texts:
            if not recovery_spans(t[:2000]):  # nor does ``recovered`` find any
                blanked.append(False)
                as_written.append(False)
                continue
            said = recovered(t)
            unnamed = self._names.sub(lambda m: " " * len(m.group(0)), t) if self._names else t
            blanked.append(said if unnamed == t else recovered(unnamed))
            as_written.append(said)
        return blanked, as_written

    def cued(
        self, texts: Sequence[str], langs: Sequence[str], down: Sequence[bool] | None = None
    ) -> list[bool]:
        """``down``: ``named_down`` of each text when the caller has it already."""
        if down is None:
            down = [self.named_down(t) for t in texts]
        return [
            bool(
                is_down
                or _ENGLISH_ANY.found(text[:2000])
                or (_ANY if lang != "en" else _MIXED_ANY).found(text[:2000])
            )
            for text, lang, is_down in zip(texts, langs, down, strict=True)
        ]
