"""The words people use for each symptom, by language: the cue tables of ``symptoms.py``.

English and the main European languages first (one table per symptom), then the other
supported languages; generic failure words ("not working", "error") apart, as they name a
symptom only when nothing more specific is said. Kept as data, apart from the tagger's logic.
"""

from __future__ import annotations

import regex as re

from nlp.enrich.arabic_cues import AR_ACCOUNT_LOCKED
from nlp.enrich.outage_status import BROKE, HAVING_TROUBLE

# The home line itself out, as people write it: "Bell internet down in Toronto", "internet has
# been out all day", "power and internet out", "wifi went out again", "internet outage". The
# line word is needed: "I was out all day", "Netflix is out now on DVD" say nothing of it; and
# "out of", "out there", "down to 3 Mbps" are other phrases ("the internet out there").
_LINE = (
    r"(?:internet|wi[- ]?fi|broadband|fib(?:re|er)|landline)(?:\s+(?:service|connection|access))?"
)
_ALSO = r"(?:\s+(?:and|&|\+|/)\s+(?:power|electricity|cable|tv|phones?|landline|cell|mobile)\w*)?"
_AUX = (
    r"(?:\s+(?:is|are|was|were|has|have|had|been|went|goes|going|gone|keeps?|kept|still|"
    r"totally|completely|just|also|again|now|currently|all|both|here|at\s+home)){0,4}"
)
LINE_OUT = (
    rf"\b{_LINE}(?:['’]s)?{_ALSO}{_AUX}\s*(?:outages?\b|down\b(?!\s+(?:to|the)\b)|"
    r"out\b(?!\s*(?:of|there|to|the|loud)\b|\s+here\s+\w+ing\b))"
)
# The line gone in the other markets' languages, a connectivity symptom and a failure phrase
# alike (nlp/enrich/failure.py reads it too): "internet 3 saattir yok", "internetim gitti",
# "не ловит", "nie łapie", "안 터져"
NO_LINE_ELSEWHERE = (
    r"(?:internet|sinyal)\s+(?:\S+\s+){0,2}?yok\b|net\s+yok\b|"
    r"internet(?:im)?\s+(?:yine\s+|gene\s+)?gitti|internetsiz|sinyalsiz|"
    r"не ловит|не ловить|nie [łl]apie|안\s?터(?:져|짐|지)"
)
# Slowness and no signal in the languages people mix with English, and in Indonesian and
# Malay, shared with the failure phrases (nlp/enrich/failure.py)
SLOW_MIXED = (
    r"\blemot\b|\blelet\b|\b(?:sangat|amat|terlalu|makin) (?:lambat|perlahan)\b|\bmabagal\b|"
    r"\b(?:ang|sobrang|napaka|super) ?bagal\b"
)
NO_SIGNAL_MIXED = (
    r"\bwalang (?:signal|internet|data|net|connection|load)\b|\bsignals? (?:hi )?nahi\b"
)
# "the app froze", not "PayPal froze my account" or "froze a refund" (an account action)
FROZE = (
    r"\bfroze\b(?!\s+(?:my|our|the|his|her|their|your|a|an)\s+(?:\w+\s+)?(?:account|card|funds|"
    r"money|payments?|assets|refund|transfer|withdrawal)s?\b)"
)
# a person who refuses is no service refusing: "my toddler refuses to play anything but Bluey"
# (read after a lookahead for the verb, so that it is tried only where one starts)
_NO_PERSON_BEFORE = (
    r"(?<!\b(?:son|daughter|dad|mom|mum|father|mother|toddler|kids?|grandma|grandpa|granny|"
    r"roommate|teacher|wife|husband|boyfriend|girlfriend|he|she|they|who|driver)\s+(?:\w+\s+)?)"
)
# what a message problem is about; the word alone is everyday support talk ("DM me")
_MSG = r"messages?|dms?|texts?|e-?mails?|notifications?|inbox|codes?|sms|snaps?"
# A website, a page or a server named as failing: "website down", "502s", "server error"
SITE_DOWN = (
    r"website|web ?site|web page|page (?:won'?t|doesn'?t|not) load|\b(?:404|500|502|503)s?\b|"
    r"server (?:error|down)|servers? (?:are|is) down|"
    # "system unavailable, please try again later", "this video is currently unavailable"
    r"\b(?:service|system|site|server|page|video|app)s?\s+(?:is\s+|are\s+)?"
    r"(?:currently\s+|temporarily\s+)?unavailable\b"
    r"(?![^.!?\n]{0,60}\b(?:region|country|area|dates?|copyright|location|support|model|"
    r"private)\b)|"
    r"\b5\d\d ?errors?\b|サイト"
)
# The service said down with no part of it named: "is it down", "Comcast outage", "fora do ar".
# It is the website for a website or an app, but the line for an internet or phone provider
# ("Comcast is down" is the line, as "is Comcast down?" already was; symptoms.py)
SAID_DOWN = (
    r"\bis (?:it )?down\b|\bdown (?:for|again|right now)|"
    r"\b(?:are|is) (?:you|they|u) (?:guys )?down\b|outage|unreachable|overloaded|fora do ar"
)
# Fragments the failure cues (failure.py) build their phrases from too, one definition each
# (review 158 #7): "lentísimo", "激遅"/"遅すぎ", "버퍼링", a lag's "렉" (not inside "렉서스"),
# "tela preta", "圏外"
SLOWEST_ES = r"lent[ií]sim[oa]"
SLOW_JA = "激遅|遅すぎ"
BUFFERING_KO = "버퍼링"
LAG_KO = r"(?<!\p{Hangul})[렉랙]"
BLACK_SCREEN_PT = "tela preta"
NO_SERVICE_JA = "圏外"
# Portuguese "travar" (to freeze) in its forms: not French "travail", "travaux" (review 158 #10)
_TRAVA = r"\btrav(?:a[mr]?|ando|ad[oa]s?|ou|aram|ei)\b"
# Not a campaign's messages, in Turkish ("kampanya sms gelmiyor artık", "reklam e-postası
# gelmiyor"), for MORE's messages and failure.py's phrases alike. sym-45 / fail-35: also where
# the word read is inside the next one ("kampanya emaili gelmiyor": "mail" in "emaili").
NOT_A_CAMPAIGNS_TR = r"(?<!\b(?:kampanya|reklam|indirim|promosyon|b[üu]lten)\w*\s\w*)"
CUES: dict[str, str] = {
    "login": r"\b(?:won'?t|can'?t|cannot|doesn'?t|not) log (?:me|us) in\b|"
    r"\blog ?in|logg(?:ed|ing) (?:me )?(?:in|out)|\blogs (?:me |us )?out\b(?=\s+(?:the\s+second|"
    r"as\s+soon|randomly|constantly|for\s+no\s+reason|whenever|"
    r"every\s+(?:few|\d|single|time\s+(?:i|you)\s+(?:open|launch|start)\b)))|"
    # sym-42: not a "sign-on bonus", a "sign-in sheet" (review 202)
    r"\bsign(?:ed|ing)?[- ]?(?:in|on)s?\b(?![- ]?(?:bonus|bonuses|sheets?|fee)\b)|"
    r"\bsign(?:s|ed|ing)\s+(?:me|us|you|everyone)\s+(?:in|out)\b|password|2fa|verification code|"
    r"authenticator|\b(?:2|two)[- ]?(?:step|factor)|face ?id|touch ?id|\bsso\b|"
    r"get(?:ting)? (?:back )?into my|recover (?:my )?(?:\w+ )?(?:account|e-?mail)|"
    r"iniciar sesi[oó]n|contrase[nñ]a|me connecter|connexion (?:à|au) (?:mon|ton) compte|mot de passe|"
    r"anmeld|einlogg|passwort|entrar (?:na|no|em)|senha|\blogar\b|deslog|ログイン|サインイン|パスワード",
    "app_crash": rf"crash|keeps? (?:closing|quitting)|force clos|freez|frozen|{FROZE}|black screen|won'?t open|"
    # sym-42: not staff closing a room ("the Starbucks staff keep kicking everyone out at 8pm")
    r"not (?:even )?opening|(?<!\b(?:staff|manager|security|mods?|moderators?|landlord|"
    r"bouncers?|police|cops|teachers?|boss)\s+(?:\w+\s+)?)kick(?:s|ed|ing)? (?:me|us|"
    r"everyone|everybody) (?:out|back)\b(?!\s+(?:at\s+\d|of\s+the\s+(?:store|shop|caf[eé]|"
    r"restaurant|building|house|bar|library)))|"
    # "npm install hangs on every package", "hangs at the splash screen" (not "hung up on me",
    # "hanging on hold", "hangs on the tarmac", "hung at the corner")
    r"\b(?:hangs|hanging|hung)\s+(?:on|at)\s+(?:the\s+)?(?:\w+\s+)?(?:screen|logo|loading|splash|"
    r"startup|boot|launch|login|checkout|install\w*|download\w*|update)\b"
    r"(?!\s+(?:dock|line|queue|counter|lane|party|bay))|"
    r"\b(?:hangs|hanging|hung)\s+(?:forever|every\s+time|on\s+every)\b|"
    r"(?:won'?t|can'?t|cannot|doesn'?t|does not|will not) (?:start|launch|boot)\b|\bbsod\b|blue screen|"
    r"se cierra|se congela|plante|se ferme|st[üu]rzt|absturz|abgest[üu]rzt|fecha sozinho|"
    # Portuguese "travar" and its forms (not French "travail", "travaux"; review 158 #10)
    rf"{_TRAVA}|"
    r"\bno abre\b|s'ouvre pas|[öo]ffnet (?:sich )?nicht|startet nicht|n[aã]o abre\b|"
    rf"[ée]cran noir|schwarze[rn]? bildschirm|pantalla negra|{BLACK_SCREEN_PT}|"
    r"落ちる|クラッシュ|強制終了|フリーズ|固まる",
    "playback_streaming": r"buffer|playback|won'?t play|not playing|(?<!can'?t |cannot )stopp?e?d? playing|(?<!un)skipp|stream|"
    r"(?:try(?:ing)? to|can'?t|cannot|unable to|won'?t let me|wont let me) (?:watch|play)\b|interruption|"
    r"no reproduce|reproducir|reproducción|lecture|abspiel|wiedergabe|reproduz|再生|見られない|視聴|"
    r"ne (?:lit|joue) (?:plus|pas|rien)|ruckelt|stockt|bricht (?:\w+ ){0,2}ab\b|spielt (?:nichts|nicht)|"
    r"se corta|se traba|out of sync|unwatchable|"
    rf"(?=refus){_NO_PERSON_BEFORE}refus(?:es|ed|ing) to play\b|"
    r"動画が止ま|音楽が止ま|曲が止ま",
    "website_down": rf"{SITE_DOWN}|{SAID_DOWN}",
    "connectivity": rf"{LINE_OUT}|no (?:internet|signal|service|connection)|wi[- ]?fi|disconnect|connection|network|offline|"
    r"(?:service|signal) loss|lost (?:service|signal)|no coverage|coverage (?:\w+ ){0,2}down|"
    # "O2 signal down", "reception keeps dropping"; "Signal down" (capital) is the messenger
    r"\b(?-i:signals?|reception) (?:\w+ ){0,2}?(?:down|gone|dead|dropp\w*|lost)\b|"
    # sym-30: "both dropping calls", "Shaw internet dropping every 10 min" (not "Verizon
    # dropping my calls from spam numbers")
    r"\b(?:both|all|keeps?|kept) dropping calls\b|"
    r"\b(?:internet|connection|wi-?fi|broadband) (?:\w+ )?(?:keeps? )?dropp(?:ing|ed|s)\b|"
    # the landline itself: "Telkom lines dead", "no landline, no ADSL"
    r"\blines? (?:are |is )?dead\b|\bno (?:landline|adsl|dsl|dial ?tone)\b|"
    r"(?:phone|mobile|cell|landline) (?:lines?|services?|network) (?:\w+ ){0,2}(?:cut|down|out)\b|"
    # 4G or 5G lost, not named: "Telstra 5G in Perth is stupidly fast" is praise
    r"(?:no|lost|losing|without|dropp\w*)\s+(?:\w+\s+)?(?:[345]g|lte)\b|"
    r"\b(?:[345]g|lte)\s+(?:\w+\s+){0,2}?(?:down|out|gone|dead|dropp\w*|not working)\b|"
    r"no (?:mobile )?data\b(?!\s+(?:was|were|is|has|had|breach|stolen|leak\w*))|won'?t connect|"
    r"calls? (?:\w+ )?(?:dropping|keep dropping)|dropped calls|"
    r"(?:audio|sound|call|signal|connection|video|internet|wi-?fi|voice)\s+(?:keeps?\s+)?"
    r"cut(?:s|ting)?\s+out|"
    r"no bars\b|\bzero (?:bars|signal|lte|[345]g)\b(?!\s+(?:of|phones?|plans?|devices?|worries)\b)|"
    r"emergency calls only|\bsos only\b|\b(?:showing|shows|just|only|stuck\s+on|says)\s+(?-i:SOS)\b|"
    # sym-42: not a price ("price for calls drops next month")
    r"(?<!\b(?:for|of|on)\s)\bcalls?\s+drops?\b(?!\s+(?:in|by|to|next|from|below|under)\b)|"
    r"(?<!save |game )\bdata (?:\w+ )?(?:not working|gone|down|dead)\b|"
    r"\bdrops? (?:out )?every\b|"
    r"broadband|\bfib(?:re|er|ra)\b|glasfaser|(?:plus|pas|sans) d'internet|clignote|"
    r"can'?t connect|cannot connect|unable to connect|couldn'?t connect|\bconnecting\b|"
    r"(?:can'?t|cannot|unable to) join|sin (?:internet|se[nñ]al)|conexi[oó]n|connexion internet|r[ée]seau|"
    r"kein (?:internet|netz)|verbindung|sem (?:internet|sinal)|conex[aã]o|繋がらない|つながらない|"
    rf"{NO_SERVICE_JA}|回線",
    "messages_notifications": rf"(?:{_MSG})\W+(?:\w+\W+){{0,2}}?(?:not|aren'?t|isn'?t|won'?t|wont|don'?t|"
    r"doesn'?t|never|stuck|delayed|late|fail\w*|disappear\w*|going into)\b|"
    rf"(?:not|nor|never|stopped|no longer|can'?t|cannot|unable to|won'?t|don'?t|didn'?t)\s+(?:be\s+)?"
    rf"(?:send|sending|sent|receiv\w*|get|getting|load|loading|see)\s+(?:\w+\s+){{0,2}}?(?:{_MSG})|"
    rf"\bno (?:{_MSG}) (?:was |were |is |are )?(?:sent|received|arriv\w*)|arriv\w* (?:\w+ ){{0,3}}late|one tick|"
    r"not (?:receiving|delivering) (?:any|anything|emails?|messages?|texts?)?|"
    r"turning (?:\w+ )?green|"
    r"mensajes?|notificaci|nachricht|benachrichtig|mensage|notifica[çc]|メッセージ|通知|送れない|届かない",
    "upload_posting": r"upload|can'?t (?:post|tweet)|posting|won'?t post|subir|publicar|publier|hochlad|posten|"
    r"postar|アップロード|投稿",
    "payments_billing": r"\bcharg(?:ed|es|ing)\b|\bcharge (?:me|my|us|you|for|on)\b|overcharg|refund|billing|"
    r"\bbill\b|invoice|payment|subscription|card (?:declined|was)|"
    r"cobr|factura|pago|reembolso|pr[ée]lev|facture|paiement|rembours|abgebucht|abbuchung|rechnung|zahlung|"
    r"fatura|pagamento|assinatura|支払|請求|課金|返金",
    "slow_performance": r"\bslow|\blag(?:s|gy|ging|ged)?\b|takes forever|loading forever|sluggish|\bcrawling\b(?!\s+with\b)|"
    r"tak(?:es|ing) (?:a (?:very )?long time|so long|too long|ages)|\b100 ?% (?:of (?:the )?)?cpu|"
    r"\blent[oa]?\b|\brame\b|langsam|"
    r"devagar|遅い|重い|重すぎ|重たい",
    "account_locked": r"locked out|(?:account|channel|profile)\W+(?:\w+\W+){0,3}?(?:locked|suspended|disabled|"
    r"blocked|banned|terminated|restricted|hacked|compromised|stolen)|"
    r"(?:hacked|compromised|stole|stolen) (?:my |our |the |your )?(?:\w+ )?account|"
    r"someone (?:\w+ )?(?:got|logged|has logged|broke) into my|"
    r"(?:locked|suspended|disabled|blocked|banned|terminated) "
    r"(?:my |our |the |your )?(?:\w+ )?(?:account|channel|profile)|\b(?:got|been|was|am|i'?m) (?:\w+ )?banned|"
    r"bloquead|bloqu[ée]|suspendu|gesperrt|suspens|ロック|凍結",
}
# The other supported languages, and what the tables above miss in theirs: the words people
# use for each symptom, by language, a few common forms each (kept apart so that each
# language's words read together). A generic failure ("se cayó", "طايح", "안됨") names no
# symptom: it is read as the website's, or as the line's for an internet provider
# (symptoms.py). The line said gone ("Internet da oi caiu", "Internet seit 3 Tagen tot", "la
# box est HS", "النت واقف") is connectivity in any post.
_NET_PT = r"(?:internet|net|rede(?!\s+social)|sinal|wi-?fi|fibra|conex[aã]o|[345]g)"
_NET_ES = r"(?:internet|red(?!\s+social)|se[nñ]al|wi-?fi|fibra|cobertura|[345]g)"
_NET_FR = (
    r"(?:internet|r[ée]seau|connexion|wi-?fi|(?:free|live|b)?box|fibre|adsl|"
    r"(?<!\ben\s)ligne|[345]g)"
)
_NET_DE = r"(?:internet|netz|netzwerk|wlan|wi-?fi|dsl|leitung|router|glasfaser|festnetz|lte|[345]g)"
_NET_IT = r"(?:internet|rete|linea|fibra|connessione|wi-?fi|adsl|[345]g)"
_NET_AR = r"(?:النت|الانترنت|الإنترنت|الشبكة|الشبكه|الواي ?فاي|الراوتر|الفايبر)"
# cut again and again: a stream's playback ("netflix qui coupe toutes les 2 minutes"), not the
# line's ("la connexion coupe toutes les 5 minutes", which is connectivity)
_CUTS_FR = r"coupe (?:toutes les|tout le temps|sans arr[eê]t|sans cesse|en permanence)"
_AR_APP = r"(?:ال)?(?:تطبيق|برنامج|ابلكيشن)"
_AR_NO_OPEN = r"(?:ما|لا|مو|مش) ?(?:عم\s+)?ب?(?:يفتح|تفتح|ينفتح)\b"
# sym-39: Egypt's, the Levant's and the Maghreb's "بيقطع كتير", "عم يقطع", "كيتقطع بزاف"
_CUTS_AR = (
    # (a word's start: not "متقطع", intermittent, nor "يستقطع", deducted; sym-40)
    r"(?<!\w)[وف]?(?:ي|ت|بي|بت|عم\s+[يت]|كي|كيت)(?:قطع|تقطع)\w{0,3}\s+(?:\S+\s+){0,2}?"
    r"(?:كل\s+(?:شوي[ةه]?|دقيق[ةه]|مر[ةه]|ثاني[ةه])|كثير|كتير|بزاف)"
)
_AR_VIDEO = r"(?:[وف]?ال)?(?:فيديو\w*|مقاطع|مقطع|حلق[ةه])"
MORE: dict[str, dict[str, str]] = {
    "login": {
        "es": r"no (?:puedo|pude|me deja|me dej[oó]|consigo) (?:entrar|acceder|ingresar)\b"
        r"(?!\s+(?:al?|en)\s+(?:pa[ií]s|casa|tienda|edificio|local|oficina|trabajo|clase|"
        r"escuela|estadio))|error de acceso",
        "pt": r"n[aã]o (?:consigo |deixa |quer )?(?:entrar|acessar|logar)\b|"
        r"\b(?:app|aplicativo)\b(?:\s+\S+){0,6}?\s+n[aã]o entra\b",
        "fr": r"m'identifier|identifiants? (?:refus|incorrect|invalide)",
        "de": r"\bkomme? (?:\w+ )?nicht (?:mehr )?(?:rein|ins konto)\b",
        "ko": r"로그인",
        "zh": r"登[录錄入陆陸]",
        "ru": r"войти|вход(?:а)?\b|логин",
        "uk": r"увійти",
        "ar": r"تسجيل الدخول|تسجيل دخول|(?:ا|أ)سجل دخول|"
        r"(?:ما|لا|مو) ?(?:اقدر|أقدر|استطيع|أستطيع|يمديني|قادر)\s+(?:على\s+)?(?:ا|أ)?(?:دخل|الدخول)|"
        # sym-39: "ما قدرت ادخل", "مش عارف ادخل", "ما يقبل الدخول", "ما يقبل الباسورد"
        r"(?:ما|لا|مو|مش) ?(?:قدرت|عارف[ةه]?|قادر[ةه]?|[اأ]عرف)\s+(?:على\s+)?(?:ا|أ)?(?:دخل|سجل)|"
        r"(?:ما|لا|مش|مو) ?(?:بي|ي)?قبل\s+(?:ال)?(?:دخول|باسورد|باسوورد|كلم[ةه])",
        "he": r"להתחבר",
        "hi": r"लॉगिन|लॉग इन",
        "th": r"เข้าสู่ระบบ|ล็อกอิน",
        "it": r"accedere",
        "nl": r"inloggen",
        "tr": r"giri[şs] yap",
        "pl": r"zalogowa",
        "sv": r"logga in",
    },
    "app_crash": {
        "es": r"\bcrashea|se (?:cierra|sale) sol[ao]\b|se (?:cuelga|tilda)\b",
        "pt": r"\bcrasha|fecha (?:do nada|sozinh[oa])|\b(?:app|aplicativo)\s+(?:\S+\s+){0,3}?"
        r"(?:fechando|crashando|travad[oa])\b",
        "fr": r"ne se lance (?:plus|pas)|se ferme (?:tout seul|toute seule|d'un coup)",
        "de": r"h[äa]ngt sich (?:\w+ )?auf|schlie[ßs]t sich (?:\w+ )?(?:von selbst|einfach|"
        r"st[äa]ndig|immer)|bleibt (?:\w+ )?h[äa]ngen",
        "ja": r"アプリ\S{0,6}?落ち|起動(?:しない|できない|しなく)",
        "ko": r"튕(?:김|겨|기|겼|긴)|(?:자꾸|계속|혼자|갑자기|저절로)\s*(?:앱이?\s*)?꺼(?:져|짐|지|졌)|"
        r"강제\s?종료|(?:앱|어플)\w*\s+(?:\S+\s+)?(?:안\s?(?:열려|열림|켜져|켜짐)|멈(?:춤|춰|췄))",
        "zh": r"[闪閃]退|崩[溃潰]|卡死",
        "ru": r"вылета(?:ет|ют)|крашит|зависа(?:ет|ют)|\bвиснет\b",
        "uk": r"виліта(?:є|ють)|зависа(?:є|ють)",
        "ar": r"كراش|يقفل (?:لحاله|من نفسه|فجأة)|يطلعني من التطبيق|"
        # "won't open" said of an app ("stc pay ما يفتح، مشكلة في التطبيق"), not of a site
        # or a mailbox ("جيميل ما يفتح معي" is the service down)
        rf"{_AR_APP}[^.!?؟\n]{{0,40}}?{_AR_NO_OPEN}|{_AR_NO_OPEN}[^.!?؟\n]{{0,40}}?{_AR_APP}|"
        # sym-39: "يسكر لحالو", "يطلعني برا", "يعلق كل شوي", "التطبيق علقان"
        r"(?:ي|بي|عم ي)(?:سكر|قفل) (?:لحال|من حال)\w*|يطلعني (?:برا|بره)|"
        r"(?:ي|بي|عم ي|كي)(?:علق|هنق)\w{0,2}\s+(?:\S+\s+)?(?:كل\s+(?:شوي[ةه]?|مر[ةه]|دقيق[ةه])|كثير|كتير|بزاف)|"
        rf"{_AR_APP}\s+(?:\S+\s+)?(?:علقان|مهنق|هنقان|يعلق|يهنق|بيعلق|بيهنق)",
        "he": r"קורס|נסגר(?:ת)? לבד|לא נפתח",
        "hi": r"क्रैश|खुल नहीं (?:रहा|रही)",
        "th": r"แอปเด้ง|เด้งออก|แครช|เปิดไม่ขึ้น",
        "it": r"si chiude da sol[oa]|non si apre|\bcrasha",
        "nl": r"sluit (?:zich )?(?:steeds|vanzelf)|loopt vast|bevriest|start niet op",
        # (an app that will not open; "YouTube açılmıyor", "sayfalar açılmıyor" is the service)
        "tr": r"[çc][öo]k[üu]yor|kendi kendine kapan[ıi]yor|donuyor|"
        r"uygulama\w*\s+(?:\S+\s+)?a[çc][ıi]lm[ıi]yor",
        "pl": r"wywala (?:mnie )?z (?:aplikacji|apki)|zawiesza si[eę]|crashuj|czarny ekran|"
        r"nie (?:otwiera|uruchamia) si[eę]|wysypuje si[eę]",
        "sv": r"kraschar|h[äa]nger sig|st[äa]nger ner sig",
        "id": r"force close|keluar sendiri|\bnge-?hang\b",
    },
    "playback_streaming": {
        "es": r"no (?:carga|cargan|reproduce|se ven?) (?:\w+ )?v[ií]deos?|"
        r"v[ií]deos? no (?:carga|cargan|se ven?|se reproduce)",
        "pt": r"n[aã]o (?:carrega|roda|toca|abre) (?:\w+ )?(?:v[ií]deos?|m[uú]sicas?|filmes?|"
        r"s[ée]ries?)|(?:v[ií]deos?|m[uú]sicas?)\s+(?:\w+\s+)?n[aã]o (?:carrega|roda|toca|abre)|"
        r"parou de tocar|n[aã]o toca\b",
        "fr": rf"(?<!\b{_NET_FR}\b[^.,!?\n]{{0,20}}){_CUTS_FR}|saccad|"
        r"(?:vid[ée]os?|films?|s[ée]ries?|match)\s+(?:\w+\s+)?(?:ne\s+)?(?:se\s+)?"
        r"(?:charge|lance|lit)\w*\s+(?:pas|plus)",
        "de": r"spielt (?:nix|gar nichts)|l[äa]dt keine (?:videos?|filme?|songs?|lieder|folgen)|"
        r"(?:videos?|filme?|serien?|songs?|lieder|musik)\s+(?:\w+\s+)?(?:laden|l[äa]dt|starten|"
        r"spielen?|laufen|l[äa]uft) (?:\w+ )?nicht",
        "ja": r"動画(?:が|も)?(?:止ま|見れ|読み込|カクカク)|バッファ|音飛び|画面が止ま",
        "ko": rf"{BUFFERING_KO}|재생|(?:영상|동영상|노래|음악)\w*\s+(?:\S+\s+)?(?:안\s?(?:나와|나옴|틀어|돌아)|"
        r"멈(?:춤|춰|췄)|끊(?:김|겨))",
        "zh": r"播放|[缓緩][冲衝]",
        "ru": r"воспроизвед|не играет|видео\s+(?:\S+\s+)?(?:не\s+(?:грузит|ид[её]т|показыва)|"
        r"тормозит|зависа|виснет)",
        "uk": r"відтворен|не грає|відео\s+(?:\S+\s+)?(?:не\s+(?:вантаж|йде)|гальму|зависа)",
        "ar": rf"تشغيل|(?<!{_NET_AR}\s+(?:\S+\s+)?){_CUTS_AR}|"
        r"(?:الفيديو\w*|المقاطع|المقطع)\s+(?:\S+\s+)?(?:يعلق|يقطع|تعلق|تقطع|واقف|ما يشتغل|"
        r"ما تشتغل|ما يفتح|ما تفتح|لا يعمل)|(?:ما|لا) (?:يفتح|تفتح|يشغل|يشتغل|تشتغل) "
        r"(?:ال)?(?:فيديو\w*|مقاطع)|"
        # sym-39: "والفيديو مش بيشتغل", "الحلقة مش عم تحمّل", "الفيديو كيوقف"
        # (whole words: not "الفيديو قطعة فنية", the video is a work of art)
        rf"(?<!\w){_AR_VIDEO}\s+(?:\S+\s+)?(?:(?:مش|ما|مو)\s?(?:عم\s+)?ب?[يت](?:شتغل|حمل|فتح)\w{{0,3}}|"
        r"(?:كي|بي|عم\s+[يت])?[يت]?(?:وقف|علق|قطع|تقطع|هنق)(?:ت|وا|ش)?)(?!\w)",
        "he": r"לא מתנגן|הסרטון (?:נתקע|לא)",
        "hi": r"वीडियो (?:नहीं )?(?:चल|रुक)|बफर",
        "th": r"เล่นไม่ได้|กระตุก",
        "it": r"riproduzione|(?:video|film|serie)\s+(?:\w+\s+)?(?:non (?:parte|carica)|si blocca|scatta)",
        "nl": r"afspelen|hapert",
        "tr": r"oynat|tak[ıi]l[ıi]yor",
        "pl": r"odtwarza|zacina si[eę]|przycina",
        "sv": r"uppspelning|buffrar",
        "id": r"diputar|patah[- ]patah",
    },
    "website_down": {
        "es": r"p[aá]gina web|sitio web",
        "pt": r"\b(?:o|do) site\b",
        "fr": r"\b(?:le|du) site\b",
        "de": r"webseite",
        "ko": r"사이트|홈페이지",
        "zh": r"[网網]站",
        "ru": r"\bсайт",
        "uk": r"\bсайт",
        "it": r"sito web",
    },
    "connectivity": {
        "es": rf"{_NET_ES}\b[^.,!?\n]{{0,20}}?(?:se cay[oó]|ca[ií]d[oa]|muert[oa]|no jala|"
        r"intermitente)|se (?:me )?cay[oó] (?:el |la )?(?:internet|red|se[nñ]al|wi-?fi|fibra)\b|"
        r"nada de (?:internet|se[nñ]al|red|wi-?fi)\b|\bni (?:internet|se[nñ]al|wi-?fi|datos)\b|"
        r"sin (?:cobertura|red|datos|[345]g)\b|no (?:tiene|tengo|hay) cobertura|"
        r"no (?:conecta|me conecta|se conecta|puedo conectar(?:me)?)\b",
        "pt": rf"{_NET_PT}\b[^.,!?\n]{{0,20}}?\b(?:caiu|ca[ií]d[ao]|fora do ar|morreu|"
        r"oscilando|caindo)\b|caiu (?:a |o )?(?:internet|rede|sinal|wi-?fi|fibra|net)\b|"
        r"sem (?:rede|cobertura|[345]g)\b|nada de (?:internet|sinal|rede)\b|"
        r"n[aã]o (?:conecta|conecto|consigo conectar)\b",
        "fr": rf"{_NET_FR}\b[^.,!?\n]{{0,20}}?(?:\bHS\b|hors service|\bcoup[ée]e?s?\b|\bmorte?\b|"
        r"\btomb[ée]e?\b|en panne|en rade|red[ée]marre en boucle)|"
        rf"{_NET_FR}\b[^.,!?\n]{{0,20}}?{_CUTS_FR}|"
        r"aucune? (?:connexion|r[ée]seau|signal|internet|wi-?fi)\b|"
        r"(?:pas|plus|sans) de (?:r[ée]seau|connexion|signal|wi-?fi|[345]g)\b|"
        r"impossible de (?:se|me) connecter (?:au|[àa] (?:la|l'))\s*(?:serveur|internet|"
        r"r[ée]seau|wi-?fi|box)",
        "de": rf"{_NET_DE}\b[^.,!?\n]{{0,25}}?\b(?:tot|weg|ausgefallen|down|gest[öo]rt|futsch|"
        r"im eimer|instabil)\b|verbindet (?:sich )?(?:\w+ )?nicht|"
        r"keine? (?:empfang|signal|wlan|dsl|lte|[345]g)\b|ohne (?:netz|internet|empfang)\b",
        "it": rf"{_NET_IT}\b[^.,!?\n]{{0,20}}?\b(?:gi[uù]|cadut[ao]|mort[ao]|assente|saltat[ao]|"
        r"va e viene)\b|non si (?:collega|connette)|senza (?:rete|linea|campo|segnale|internet)|"
        r"non prende|tacche",
        "ja": r"電波(?:が|も)?(?:悪|弱|死|入らな|ない|なし|来な)|(?:[345]G|LTE|電波)\S{0,8}?入らない|"
        r"ネット(?:が|も)?(?:繋|つな|死|落ち|切れ|使え)|接続(?:でき|が切|切れ)|通信(?:障害|でき)",
        "ko": r"인터넷|와이파이|연결\s?(?:이\s?)?(?:안|끊|불가|실패)|신호\s?(?:가\s?)?(?:없|안)|"
        r"(?:데이터|통신)\s*(?:\S+\s+)?(?:안\s?(?:됨|돼|되|잡)|끊|먹통)|통신\s?장애|"
        r"(?:[345]g|lte)\s*(?:\S+\s+)?안\s?(?:잡|터|돼|됨)",
        "zh": r"网络|網路|没网|沒網|信号|訊號|[连連]不上|断网|斷網",
        "ru": r"интернет|связ[ьи]|соединени|нет сети|без сети",
        "uk": r"інтернет|інтернету|зв['’]язку|немає мережі|без мережі",
        "ar": r"الإنترنت|انترنت|\bالنت\b|\bنت\b|الشبكة|الشبكه|شبكة (?!التواصل)|تغطية|"
        r"(?:ما|مافي|ما في|لا يوجد) (?:نت|شبكة|شبكه|تغطية|[345]g|ارسال|إرسال)\b|الواي ?فاي|الراوتر|"
        r"الفايبر|"
        # sym-39: the Maghreb's "الانترنيت", "الريزو", "الويفي"; "ما يتصل بالسيرفر"
        r"[اإ]نترنيت|الريزو|الكونيكسيون|الويفي|"
        r"(?:ما|مش|مو|لا) ?(?:عم\s+)?ب?[يت]تصل\s+ب(?:ال)?(?:سيرفر|نت|[اإ]نترنت|شبك|واي)",
        "he": r"אינטרנט|קליטה",
        "hi": r"इंटरनेट|नेटवर्क|सिग्नल",
        "th": r"อินเทอร์เน็ต|สัญญาณ",
        "nl": r"geen bereik|geen (?:internet|verbinding)",
        "tr": r"[şs]ebeke|sinyal",
        "pl": r"zasi[eę]g|internetu|\bneta\b",
        "sv": r"t[äa]ckning|inget (?:internet|n[äa]t)",
        "no": r"dekning",
        "id": r"jaringan|koneksi",
        "sw": r"\bmtandao\b",
        # what several languages share: no line ("internet yok", "не ловит", "안 터져"), no
        # signal mixed with English, a fibre box's red LOS light
        "mixed": rf"{NO_LINE_ELSEWHERE}|{NO_SIGNAL_MIXED}|"
        r"(?-i:\bLOS\b)\s+(?:light|lamp|indicator|merah|red|blinking|kedip)",
    },
    "slow_performance": {
        "es": rf"{SLOWEST_ES}|tarda (?:much[ií]simo|una eternidad|siglos)",
        "pt": r"lent[ií]ssim[oa]|lentid[aã]o|\blerd[ao]\b|demora(?:ndo)? (?:muito|demais|uma eternidade)",
        "fr": r"\blenteurs?\b|(?:est|sont|trop|tr[eè]s|super|hyper|vraiment|ultra) lente?s?\b|"
        r"d[ée]bit (?:\w+ )?(?:faible|nul|pourri|catastrophique)",
        "de": r"\blahm(?:t|e|en)?\b|schneckentempo|l[äa]dt ewig|ewig (?:zum )?laden|\blaggt\b",
        "it": r"lentissim|a rilento|\blagga",
        "ja": rf"{SLOW_JA}|クソ遅|くそ遅|ラグ(?:い|が|って|すぎ)|カクカク",
        "ko": rf"느려|느림|{LAG_KO}(?=$|\s|[.,!?]|이|걸|심|때문|미쳤|쩔)|버벅|"
        r"로딩\s?(?:이\s?)?(?:길|오래|느)",
        "zh": r"[很好太超巨]慢|慢死|[龟龜]速|卡[顿頓]|[网網]速",
        "ru": r"тормоз|медленн|лага(?:ет|ют)|\bлаги\b",
        "uk": r"гальму|повільн|лага(?:є|ють)",
        "ar": r"بطي[ءئ]|(?:النت|الانترنت|الإنترنت|الشبكة|التطبيق|الموقع|البرنامج)\s+(?:\S+\s+)?ثقيل|"
        r"(?<!\w)بط[ءئ](?!\w)",  # sym-39: "بطئ", "بطء" as people write them
        "he": r"איטי",
        "hi": r"धीम|स्लो",
        "th": r"ช้า(?!ง)|หน่วง|แลค|แล็ก",
        "nl": r"\btraag\b",
        "tr": r"yava[şs]|kas[ıi]yor",
        "pl": r"\bmuli\b|\bwolno (?:dzia[łl]a|chodzi|[łl]aduje)|laguje|\bzamula",
        "sv": r"l[åa]ngsam|\blaggar\b",
        "no": r"\btreg\b",
        "id": rf"{SLOW_MIXED}|\blambat\b",
    },
    "messages_notifications": {
        "fr": r"(?:messages?|sms|mails?|notifs?|notifications?)\s+(?:\S+\s+){0,2}?(?:ne\s+)?"
        r"(?:partent|arrivent|passent|s'envoient)\s+(?:pas|plus)|"
        r"re[çc]ois (?:plus|pas|aucun|aucune) (?:de |d')?(?:\w+ )?(?:messages?|sms|mails?|"
        r"notifs?|notifications?|codes?)\b",
        "ja": r"既読(?:が)?(?:つかない|付かない)|送信(?:でき|失敗|されない)|受信(?:でき|されない)",
        "ko": r"메시지|메세지|(?:톡|카톡|문자|dm)\w*\s+(?:\S+\s+)?안\s?(?:가|와|감|옴|보내|들어)|"
        r"알림\w*\s+(?:\S+\s+)?안\s?(?:와|옴|뜸|떠)|수신\s?(?:이\s?)?안",
        "zh": r"消息|訊息|[发發]不出|短信",
        "ru": r"сообщени",
        "uk": r"повідомлен",
        "ar": r"رسائل|الرسايل|المسجات|(?:ما|لا) (?:اقدر |أقدر |استطيع |أستطيع |يمديني )?"
        r"(?:يرسل|ترسل|ارسل|أرسل)\b(?!\s+(?:فلوس|مبلغ|حوال))|"
        # sym-39: "رسايل", "السنابات", Egypt's and the Levant's "مش بيبعت", "ما عم يبعت"
        r"(?<!\w)(?:ال)?(?:رسايل|سنابات)(?!\w)|(?<!\w)[وف]?(?:ما|مش|مو) ?(?:عم\s+|بي|بت)?[يت]?بعت\w{0,2}\b"
        r"(?!\s+(?:فلوس|مبلغ|حوال))",
        "he": r"הודעות",
        "hi": r"मैसेज|संदेश",
        "th": r"ข้อความ",
        "it": r"messaggi|notifiche",
        "nl": r"berichten|meldingen",
        # sym-42: not a campaign's ("kampanya sms gelmiyor artık")
        "tr": r"mesaj|" + NOT_A_CAMPAIGNS_TR + r"(?:mail|e-?posta|sms|kod)\w*\s+(?:\w+\s+)?"
        r"(?:gelmiyor|gitmiyor)",
        "pl": r"wiadomo[śs]ci|powiadomie",
        "id": r"pesan|notifikasi",
        "sv": r"meddelanden|notiser",
    },
    # sym-39: Arabic bills and payments, and accounts locked or taken
    "payments_billing": {
        "ar": r"(?<!\w)[وف]?(?:ال)?(?:فاتور[ةه]|فواتير|مبلغ)(?!\w)|(?:ال)?(?:عملي[ةه]|دفع[ةه]?|بطاق[ةه]|"
        r"تحويل|حوال[ةه])\s+(?:\S+\s+)?(?:مرفوض[ةه]?|فشلت|فشل)|انسحب\s+(?:مني\s+)?مبلغ",
    },
    "account_locked": {
        "ar": rf"(?<!\w)حساب\w*\s+(?:\S+\s+){{0,3}}?(?:{AR_ACCOUNT_LOCKED})(?!\w)",
    },
    "upload_posting": {
        "ja": r"アップ(?:でき|されない)",
        "ko": r"업로드|(?:사진|동영상|영상|파일|이미지)\w*\s*(?:\S+\s+)?(?:전송|업로드|올리|올라)",
        "zh": r"上[传傳]|[发發]布(?:不了|失[败敗])",
        "ru": r"(?:загрузить|выложить|опубликова\w*)\s+(?:\S+\s+)?(?:фото|видео|пост|сторис|файл)",
        "uk": r"(?:завантажити|викласти|опублікува\w*)\s+(?:\S+\s+)?(?:фото|відео|пост|файл)",
        "ar": r"رفع (?:ال)?(?:صور|فيديو|ملف|ستوري)|(?:ما|لا) (?:\S+ )?(?:يرفع|ينرفع|ارفع|أرفع)\b",
        "he": r"להעלות|העלאה",
        "hi": r"अपलोड",
        "th": r"อัปโหลด|อัพโหลด|โพสต์ไม่ได้",
        "it": r"caricare (?:foto|video|storie|file)|pubblicare",
        "tr": r"y[üu]kleyemiyorum|payla[şs]am[ıi]yorum",
        "pl": r"wrzuci[ćc]|opublikow",
        "sv": r"ladda upp|publicera",
        "id": r"unggah",
    },
}

# sym-43: symptoms said in plain words rather than the stock phrases, in the languages people
# wrote them in (bench/labels/symptom_posts_dev.csv): what the screen shows, what does not
# arrive, how the picture and the line behave, an account put on hold. Read with the tables
# above, in every post. sym-44 (review 43): not where the poster says they did it themselves
# ("session expired because I left the app open", "OTP not coming because I changed my
# number", "I deactivated my account"), nor of a promo code, a parcel, a logo's grey squares,
# a track licensed elsewhere, a bill's "technischer Fehler", tickets sold out, "zero internet
# skills", a data allowance or a courier slow to answer.
_MINE = (
    r"(?![^.!?\n]{0,60}?(?:\bbecause\s+(?:i\b|i'm|i'd|i've|we\b|my\b|they\b)|"
    r"\b(?:since|after)\s+i\s+(?!updat|upgrad|install|download|open|tap|click|press|log|sign|"
    r"enter|tr(?:y|ied)|start|launch)|\bmy\s+(?:bad|fault|mistake)\b|"
    r"\bi\s+(?:typed|mixed|forgot|changed|deleted|paused|disabled|turned\s+(?:it|them)|asked|"
    r"lost)\b|\bby\s+me\b|\bat\s+my\s+(?:own\s+)?request\b|\bon\s+purpose\b|\boops\b|"
    r"\bkyunki\s+(?:maine|mera|meri|main)\b|\bperch[ée]\s+ho\b|\bparce\s+que\s+j|"
    r"\bweil\s+ich\b|\bporque\s+(?:yo|he|cambi)))"
)
_PLAIN: dict[str, str] = {
    "login": r"(?<!\b(?:promo|promotional|discount|coupon|voucher|gift|card|referral|wallet|redeem|"
    r"redemption|invite|invitation|reward|bonus|zip|postal|post|area|dress|tracking|product|sale)"
    r"\s+)\b(?:code|otp|pin|password)s?\s+(?:is\s+|was\s+)?(?:wrong|invalid|incorrect|rejected)\b"
    r"(?!\s+(?:format|length))|\binvalid\s+(?:code|otp|pin)\b|\bunable\s+to\s+authenticate\b|"
    r"\bsession\s+expired\b(?![^.!?\n]{0,40}\b(?:inactiv\w*|idle|went|left\s+(?:it|the))\b)|"
    r"\brefuse\w*\s+mon\s+code\b|\bsign[- ]?in\s+loop\b|\blogin\s+loop\b",
    "account_locked": r"(?<!\bi\s+(?:\w+\s+)?)(?:\b(?:put|placed)\s+my\s+(?:\w+\s+)?account\s+on\s+hold\b|"
    r"(?<!\b(?:his|her|their|a|an|\w+'s)\s+(?:\w+\s+)?)\baccount\s+(?:is\s+|was\s+|got\s+|has\s+been\s+)?"
    r"(?:on\s+hold|deactivated|limited)\b(?!\s+(?:to|edition|time)\b)|"
    r"\b(?:deactivated|restricted|limited)\s+(?:my|our)\s+(?:\w+\s+)?account\b)"
    r"(?![^.!?\n]{0,40}\b(?:for\s+(?:fraud|spam\w*|abuse|violat\w+|breaking)|complaints|"
    r"consent|parental|under\s+1\d|from\s+chatting)\b)",
    "app_crash": r"\b(?:app|it|game|client|launcher|player|desktop|the\s+service)\s+(?:just\s+|keeps?\s+)?"
    r"(?:closes|shuts|quits|restarts)\s+(?:itself|on\s+me|by\s+itself|whenever|every\s+time|as\s+soon|"
    r"the\s+second|right\s+away|immediately|when|mid)\b(?!\s+(?:you|u)\s+(?:lose|die|quit))|"
    r"\bshows\s+the\s+logo,?\s+(?:and\s+)?shuts\b|"
    r"\b(?:app|it|game|client|launcher|player|tv)\s+(?:\w+\s+){0,4}?restarts\s+itself\b|"
    r"(?<=\b(?:app|applicazione|gioco|programma)\b[^.!?\n]{0,30})"
    r"\bsi\s+chiude\s+(?:appena|da\s+sol[ao]|subito(?!\s+dopo)|ogni\s+volta)|"
    r"\bbaar\s+baar\s+band\s+ho\b|\bthen\s+gone\b(?=[^.!?\n]{0,30}\bhome\s+screen\b)",
    "playback_streaming": r"\b(?:audio|sound)\s+but\s+(?:no\s+|the\s+)?(?:picture|video)\b|"
    r"\b(?:picture|video|screen)\s+(?:is\s+)?(?:just\s+)?(?:black|grey|gray)\b"
    r"(?!\s*(?:friday|mirror|and\s+white|&\s+white|scale|-?scale))|"
    r"\b(?:just|only|shows?|showing|all|is|are|into|nothing\s+but)\s+gr[ae]y\s+squares\b|"
    r"\bstuck\s+on\s+the\s+first\s+frame\b|\bkeeps?\s+rewinding\b|"
    r"\b(?:track|song|video|episode)s?\s+(?:is|are)\s+(?:not|un)\s?available\b"
    r"(?![^.!?\n]{0,40}\b(?:country|region|territor\w*|licen[cs]\w*|rights|anymore|any\s+more|"
    r"pulled|removed|geo\w*)\b)|"
    r"\bdrops?\s+to\s+(?:144|240|360|480)p\b(?![^.!?\n]{0,40}\b(?:old|ancient|basic\s+plan|"
    r"data\s+saver)\b)",
    "website_down": r"\b(?:loads?|shows?|returns?|serves?|serving|displays?)\s+(?:a\s+|only\s+|just\s+)?"
    r"(?:blank|white|empty)\s+(?:white\s+)?page\b|"
    r"\bpage\s+(?:not\s+found|could\s+not\s+be\s+found|doesn'?t\s+exist)\b(?![^.!?\n]{0,50}\b(?:"
    r"careers?|jobs?\s+(?:page|site)|internship|deleted|removed|taken\s+down|old\s+link|"
    r"broken\s+link)\b)|p[áa]gina\s+n[ãa]o\s+existe|"
    r"\bwon'?t\s+render\b|(?:\btechnischer\s+fehler\b|\berreur\s+technique\b|"
    r"\b(?:ocurri[oó]|se\s+produjo|ha\s+ocurrido)\s+un\s+error\b)(?!\s+(?:\w+\s+){0,3}?(?:"
    r"rechnung|abrechnung|factura|facture|fattura|cobro|bill|invoice)\b)|"
    r"(?<!\b(?:tickets?|items?|products?|deals?|offers?|sizes?|colou?rs?|seats?|rooms?|flights?|"
    r"slots?)\s+(?:is\s+|are\s+)?)\btemporarily\s+unavailable\b(?![^.!?\n]{0,60}\b(?:sold\s+out|"
    r"restock\w*|out\s+of\s+stock|in\s+stock)\b)|"
    r"\btemporalmente\s+no\s+disponible\b|\bmomentan[ée]ment\s+indisponible\b|"
    r"\bvor[üu]bergehend\s+nicht\s+verf[üu]gbar\b|временно\s+недоступ\w*|حدث\s+خطأ|"
    r"\bwe'?re\s+having\s+trouble\b(?!\s+(?:finding|deciding|choosing|picking|sleeping|believing|"
    r"understanding|affording|with\s+(?:our|my|the|him|her|them)\s+(?:\w+\s+)?(?:host|landlord|"
    r"driver|neighbou?rs?|kids?|son|daughter|dog|cat|partner|wife|husband|boss|bank|him|her|"
    r"them)\b))|"
    r"\b(?:payments?|transfers?|transactions?)\s+(?:says|shows|showing)\s+"
    r"['\"“‘]?(?:failed|declined)\b(?![^.!?\n]{0,50}\b(?:expired|insufficient|mismatch|"
    r"wrong\s+(?:iban|account|number|name))\b)",
    "connectivity": r"\b(?:hub|modem|router|box|ont|onu)\s+(?:\w+\s+){0,2}?(?:flashing|blinking|blinks|"
    r"flashes)\s+(?:red|orange)\b"
    r"(?![^.!?\n]{0,50}\b(?:decorat\w*|christmas|xmas|updating|firmware|normal)\b)|"
    r"\bred\s+(?:los\s+)?light\s+(?:on|sa)\s+(?:the\s+)?(?:modem|router|hub)\b|"
    r"\bluz\s+roja\b(?=[^.!?\n]{0,30}\b(?:router|m[óo]dem)\b)|(?<=\b(?:router|m[óo]dem)\b[^.!?\n]{0,30})"
    r"\bluz\s+roja\b|\bzero\s+internet\b(?!\s+(?:skills?|privacy|knowledge|literacy|savv\w*|sense|"
    r"experience|presence|etiquette|culture|friends|fame|footprint|security)\b)|"
    r"\b(?:internet|verbindung|netz|wlan|kabel)\s+(?:\w+\s+){0,3}?bricht\s+(?:\w+\s+){0,3}?ab\b",
    "messages_notifications": r"\botps?\s+(?:\w+\s+){0,2}?(?:not|never|isn'?t|aren'?t|won'?t|don'?t|"
    r"doesn'?t)\s+(?:coming|come|comes|arriv\w*|received|sent|delivered)\b(?![^.!?\n]{0,40}\b(?:"
    r"old\s+(?:sim|number|phone)|new\s+number|wrong\s+number|lost\s+(?:my\s+)?(?:sim|phone))\b)|"
    r"\botps?\s+(?:\w+\s+)?nahi?n?\s+aa\s+(?:raha|rahi|rahe)\b|"
    r"(?:['\"“‘]|\b(?:messages?|texts?|sms|e-?mails?|imessages?|notifications?|otps?|dms?)\s+"
    r"(?:\w+\s+){0,2}?(?:are\s+|were\s+|is\s+|was\s+|get\s+|got\s+)?)not\s+delivered\b|"
    r"\bnon\s+(?:mi\s+|ci\s+)?arriva(?:no)?\s+(?:gli\s+|i\s+|le\s+|pi[uù]\s+)?(?:sms|messaggi|e-?mail|"
    r"notifiche|otp|codici)\b|\bn'envoie\s+(?:plus|pas)\s+(?:mes\s+|les\s+)?messages\b|"
    r"(?<=\b(?:messages?|texts?|e-?mails?|notifications?|sms|dms?|alerts?|otps?|codes?|chats?|"
    r"replies|stories|posts)\b[^.!?\n]{0,40})\bshow(?:s|ing)?\s+up\s+(?:\w+\s+){0,3}late\b|"
    r"\bnotifications?\s+(?:\w+\s+)?(?:dead|gone)\b",
    "slow_performance": r"\b\d+(?:[.,]\d+)?\s?(?:kb|mb|mega|mbit)(?:/s|ps)?\s+(?:instead\s+of|statt|"
    r"zamiast|de|em\s+vez\s+de|au\s+lieu\s+de|out\s+of|of|vs)\s+\d+(?![^.!?\n]{0,40}\b(?:data|"
    r"datenvolumen|volumen|roaming|paket|storage|speicher|cache|used|gigas?|gb|small\s+print|ads?|"
    r"advert\w*)\b)|"
    r"(?<!\b(?:courier|driver|rider|host|agent|support|rep|staff|seller|landlord|he|she|they|guy|"
    r"lady|person|team|boss|friend)\b[^.!?\n]{0,30})"
    r"\btak(?:e|es|ing)\s+(?:a|one|\d+)\s+min(?:ute)?s?\s+(?:each\s+)?to\s+(?:open|load|answer|"
    r"respond|reply)\b(?!\s+(?:the|my|our|these|those)\s+(?:\w+\s+)?(?:boxes|box|parcels?|"
    r"packages?|doors?|jars?|bottles?))",
}
PLAIN: dict[str, str] = {k: f"(?:{v}){_MINE}" for k, v in _PLAIN.items()}
# A picture that stops: an app's crash ("the app froze", "tela preta"), but for a video or
# music service its stream stalling ("netflix travando toda hora", "écran noir pendant le
# match", "Spotify bleibt einfach hängen"), as customers label "video freezing", unless it is
# said of the app ("your app freezes and pauses constantly": both; symptoms.py)
FROZEN = (
    rf"freez|frozen|{FROZE}|black screen|[ée]cran noir|schwarze[rn]? bildschirm|pantalla negra|"
    rf"{BLACK_SCREEN_PT}|{_TRAVA}|se congela|bleibt (?:\w+ )?h[äa]ngen|h[äa]ngt sich (?:\w+ )?auf|"
    r"フリーズ|固まる|卡死|зависа\w*|\bвиснет\b|donuyor|loopt vast|bevriest|zawiesza si[eę]|"
    r"czarny ekran"
)
_APP = (
    r"\b(?:apps?|aplicativo|aplicaci[oó]n|appli|application|applikation|uygulama\w*|"
    r"aplikac\w*|приложени\w*|застосун\w*)\b|アプリ|앱|어플|(?:ال)?تطبيق"
)
APP_FROZEN = rf"(?:{_APP})\W+(?:\w+\W+){{0,3}}?(?:{FROZEN})"
# "Play" is playback for music and video, but for a game it is the game itself: "can't play
# Minecraft on PS4 today" is the service not working, not a stream that stalls.
GAME_PLAY = (
    r"(?:try(?:ing)? to|can'?t|cannot|unable to|won'?t let me|wont let me) play\b|won'?t play|"
    r"not playing|stopp?e?d? playing|play(?:ing)? online"
)
# "not working", "не работает", "打不开" with no more specific symptom: it does not work at all
GENERIC_FAILURE = (
    r"not working|isn'?t working|aren'?t working|hasn'?t been working|doesn'?t work|won'?t work|"
    r"stopped working|won'?t load|not loading|won'?t update|not updating|aren'?t updating|"
    r"\b(?:is|are|was)\s+(?:\S+\s+){1,3}?down\b|\bdown\s*\?|\bdown (?:rn|now|atm)\b|"
    r"(?:isn'?t|aren'?t|won'?t|doesn'?t|don'?t)\s+(?:\S+\s+){1,2}?(?:work|load|updat|open)\w*|"
    r"\berror\b|\berror(?:ed|ing) out\b|\b(?:returning|throwing|giving|showing) (?:me )?errors\b|"
    r"\bservers?\b|not letting me|won'?t let me|wont let me|doesn'?t let me|does not (?:allow|let) me|"
    # slang and plain words for "it broke": "xbox live is dead rn", "Telstra's carked it"
    rf"something went wrong|won'?t (?:save|sync)|not saving|{BROKE}|playing up|"
    # stuck, spinning, refused: "spinning wheel forever", "stuck on processing for 2 days",
    # "jobs queued forever", "technical difficulties", "unable to process request"
    r"spinning (?:wheel|circle|logo)|(?:loading|spinning|spins) (?:\w+ )?forever|infinite loading|"
    r"stuck (?:on|in|at) (?:the )?(?:\w+ )?(?:loading|connecting|processing|pending|queued|building|"
    r"deploying|updating|syncing|verifying|downloading|installing|starting)\b"
    r"(?!\s+(?:my|a|an|the|our|your|his|her|their)\b)|"  # not "stuck on building my base"
    # a screen with nothing on it, a program that no longer answers: "just a white screen",
    # "copilot in edge not responding, just spins", "read timeouts from pypi"; not a person
    # ("my driver is not responding"; a support line not answering is taken out before, see
    # SUPPORT_UNREACHABLE) nor a chat moderator's "timeouts"
    r"(?:just|only|stuck on|shows?|showing|getting|gives? me|goes|went|to|open,?) (?:a |the )?"
    r"(?:white|blank|grey|gray|black) (?:screen|page)|"
    # "stuck on the 'we're having trouble' screen", "stuck at the loading page"
    r"\bstuck (?:on|at) (?:the |a |an )?(?:['\"‘“][^\n]{1,40}?['\"’”]|\w*(?:loading|error|splash|"
    r"login|blank|spinning|connecting|processing)\w*) (?:screen|page)\b|"
    r"(?<!\b(?:driver|host|seller|buyer|agent|landlord|owner|support|service|he|she|they|who|"
    r"someone|anyone|nobody)\s+(?:is\s+|are\s+|was\s+|were\s+|still\s+)?)"
    r"(?:not responding|unresponsive)(?!\s+(?:to|for)\b)|"
    r"\b(?:read|connection|request|gateway|network|server|socket) time-?outs?\b|"
    r"(?:queued|pending) (?:for (?:(?:\d+|a few|several|many) )?(?:hours|hrs|ages|days)|forever)|"
    # a job that waits: "github actions jobs sitting in 'Queued' for 40+ min", "CI runners stuck
    # pending for an hour" (not an order or a payment pending for 20 minutes)
    r"\b(?:jobs?(?!\s+offers?)|builds?|pipelines?|runners?|deploy\w*|workflows?|actions?|ci)\b"
    r"[^.!?\n]{0,30}?(?:queued|pending)\W{0,2} for (?:\d+\+?|an?|over an?) (?:hours?|hrs?|"
    r"min(?:ute)?s?)"
    # (not when the writer says why: "because our self-hosted runner was off", "my fault")
    r"(?![^.!?\n]*\b(?:because|my\s+fault|our\s+fault|self-hosted|as\s+configured)\b)|"
    r"technical difficulties|"
    r"unable to process|does nothing\b|won'?t (?:refresh|accept|update|download|install)\b|"
    r"couldn'?t refresh|"
    r"access denied|\b40[34]s\b|timing out|times out|"
    r"(?:can'?t|cannot|unable to|couldn'?t) (?:get|use|play|select|access|see|load|sync|convert|change|accept|"
    r"download|install|update)\b|nothing (?:syncs|loads|works)|loading screen|"
    # more ways of saying it failed: "failed to load my playlists", "outlook not syncing",
    # "Gmail keeps timing out", "Instagram is acting up", "having issues again"
    r"fail(?:s|ed|ing)? to (?:load|sync|send|connect|open|play|refresh)\b|"
    r"(?:not|isn'?t|aren'?t|stopped|won'?t) (?:syncing|sync)\b|"
    # "insta feed hasn't refreshed since last night", "files haven't synced since Monday",
    # "twitch chat isn't loading", "app refuses to load", "github + npm both flaky"; not
    # what the writer has not done ("I haven't updated to iOS 11 yet")
    r"\b(?:feed|app|page|site|timeline|inbox|dashboard|it)\s+hasn'?t (?:been )?"
    r"(?:refresh|sync|load)\w*|(?:files|photos|e-?mails|messages|feeds|contacts|playlists)\s+"
    r"haven'?t (?:been )?(?:refresh|sync|load)\w*|"
    r"(?:isn'?t|aren'?t) loading(?!\s+(?:us|them|me|my|his|her|their|our|passengers|wheelchair|"
    r"the\s+(?:plane|bags|luggage|truck|van|dishwasher)))|"
    # (not "Comcast refuses to work with me", "refuses to open a ticket", "start using", nor a
    # person: "my dad refuses to open the Venmo app")
    rf"(?=refus){_NO_PERSON_BEFORE}refus(?:es|ed|ing) to (?:load|connect|sync|launch|"
    rf"work(?!\s+(?:with|on))|"
    r"open(?!\s+(?:a|an|the|my)\s+(?:ticket|case|claim|dispute|account|complaint))|"
    r"start(?!\s+\w+ing))\b|"
    r"(?=flaky)(?<!\b(?:tests?|drivers?|friends?|he|she|they|guys?|person|people|date|agents?|"
    r"reps?|hosts?|sellers?|buyers?|passengers?|guests?|couriers?|riders?|pastry)\b"
    r"[^.!?\n]{0,15})\bflaky\b(?!\s+tests?)"
    r"(?=[^.!?\n]{0,30}\b(?:today|tonight|again|rn|right\s+now|all\s+(?:day|morning|night)|"
    r"since)\b)|"
    rf"tim(?:ed|ing|es) out\b|acting up\b|{HAVING_TROUBLE}|"
    # a payment service's outage is its payments failing: "Revolut card payments failing
    # everywhere", "PayPal checkout not going through" (a refused card is no outage)
    r"\b(?:payments?|transactions?|checkouts?|transfers?)\s+(?:\w+\s+){0,2}?(?:failing|failed|fails|"
    r"not\s+going\s+through|won'?t\s+go\s+through|not\s+working)\b|"
    r"no carga|ne charge|l[äa]dt nicht|n[aã]o carrega|ca[ií]d[ao]|no funciona|"
    r"en panne|ne marche|ne fonctionne|funktioniert nicht|st[öo]rung|n[aã]o funciona|落ちて|障害|使えない"
)
# sym-41: an internet or phone provider said out, read only where every service the post
# names is one ("xfinity is out and t-mobile is janky", "yep, out since 5", "xfinity dead since
# 11pm"); of anything else "is out" is news ("the new album is out"). sym-42: "went out" only
# as the line goes ("Comcast went out again", not "my dad went out and bought a Jio phone"),
# nothing "out in stores"; its products and staff said out are in NOT_A_FAILURE
PROVIDER_OUT = (
    r"\b(?:is|'s|are|been)\s+(?:(?:completely|totally|still|all)\s+)?out\b"
    r"(?=\s*(?:$|[.!,;?]|(?:and|again|here|for\s+(?:me|us|everyone)|in|across|all|since|"
    r"everywhere)\b))(?!\s+in\s+(?:stores?|shops?|theaters?|cinemas?)\b)|"
    r"\bwent\s+out\b(?=\s*(?:$|[.!,;?]|(?:again|here|for\s+(?:me|us|everyone)|in|across|all|"
    r"since|everywhere)\b))|"
    r"(?:^|[\s,])out\s+since\b|\bout\s+all\s+(?:day|morning|night|"
    r"evening|afternoon)\b"
)
# sym-42: what follows "both down", "all broken" said of a mood, a price or an opinion, not of
# services ("both broken about it", "both dead tired", "both down bad", "all dead inside",
# "both down 8% today", "both failing small sellers", "all broken by the price hike")
_NOT_THEN = (
    r"(?!\s*[\d%$€£]|\s+(?:about|by|over|tired|inside|bad|small|sellers?|in\s+(?:price|value|"
    r"the\s+dumps))\b)"
)
# sym-41: everyday words for "it broke" that had named no symptom, so that a complaint naming
# a service was read as "other" ("paypal and ebay checkout broken rn", "Slack, Zoom and Notion
# all down at once??", "both erroring this morning", "barely loading for me"). Read only where
# neither the cues nor a prototype named a symptom: "Your Android app is broken!" stays the
# app crash its nearest prototype says. sym-42 narrowed each to its outage sense (review 202:
# hearts, batteries, prices, stocks, applications and music bands are said broken, stuck,
# dropping, declined and "band" too), with NOT_A_FAILURE taken out of the text first.
MORE_FAILURE = (
    # several services said down together (not "it all comes down to", "all down the street")
    r"\b(?:both|all)\s+(?:(?:completely|totally|just|still|basically)\s+)?"
    r"(?:down|offline|broken|erroring|failing|dead|janky|glitching)\b"
    rf"(?!\s+(?:to|with|for|the|from|on\s+(?:me|us)|here|there|hill)\b){_NOT_THEN}|"
    # "broken" of a part of the service, or said broken now (not "Reddit is broken as a
    # platform", an opinion, nor "my broken screen")
    r"\b(?:checkout|app|site|website|login|payments?|search|feed|api|uploads?|sync|"
    r"notifications?|it)\s+(?:(?:is|are|'s|that'?s|seems|totally|completely|just)\s+){1,2}"
    r"broken\b(?!\s+(?:as|since\s+(?:day|launch|forever)|by\s+design)\b)|"
    r"\bbroken\s+(?:rn|right\s+now|again|atm|today|tonight|for\s+(?:me|everyone|us)|"
    r"this\s+(?:morning|afternoon|evening))\b(?!\s+by\b)|"
    r"\berroring\b|\bglitch(?:ing|ed\s+out)\b|\b(?:is|are|'s|being)\s+(?:so\s+|super\s+|"
    r"really\s+)?janky\b(?![\s-]+(?:design|ui|looking|layout|with)\b)|\bhaving\s+a\s+moment\b"
    r"(?!\s+(?:on|with|right\s+now\s+on)\b)|"
    r"\bbarely\s+(?:loading|loads?|works?|working|usable|opens?)\b(?!\s+(?:with|because|"
    r"anymore|any\s+more|now\s+that|thanks\s+to)\b)|"
    # a time after "since": "down since 6am", "dead since the storm" (not "dead since 2019",
    # "down since Netflix cancelled Mindhunter", "bookings are down since the new rules")
    r"\b(?:dead|down)\s+since\s+(?!(?:19|20)\d\d\b)(?:[\d~]|(?:about|around|like|approx\w*|"
    r"roughly|at\s+least|an?|early|late|yesterday|last|this|today|tonight|earlier|hours?|"
    r"morning|midnight|noon|lunch\w*|breakfast|dinner|kagabi|kahapon|kanina|(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day|the\s+(?:storm|outage|update|upgrade|maintenance|power|blackout|"
    r"weekend|morning|afternoon|evening|night|last|early|start))\b)|\bpending\s+since\b|"
    r"\btime-?outs?\s+(?:across\s+the\s+board|everywhere|all\s+over)\b|"
    # cards refused everywhere are the issuer's failure, one refused card is not (nor a job
    # application or a booking "declined everywhere": NOT_A_FAILURE)
    r"\bdeclin(?:ed|ing)\s+(?:\w+\s+)?(?:everywhere|at\s+(?:every|all|several|multiple|\d+)\s+"
    r"(?:\w+\s+)?(?:stores?|shops?|places|merchants?))\b|"
    # stuck on a message or a share: "stuck 'pending' 2 days", "update stuck at 0%", "stuck at
    # 'verifying'", "builds hang at 'Compressing...'" (not "stuck at 0% battery", "stuck at 60%
    # loss", nor a title: "stuck on 'Baby Shark' for 3 hours")
    r"\bstuck\s+(?:on\s+|at\s+|in\s+)?(?:['\"‘“](?!(?!(?:loading|connecting|checking|waiting|"
    r"please|verifying|updating|downloading|uploading|processing|sending|searching|signing|"
    r"preparing|installing|fetching|starting|retrieving|pending)\b)(?-i:[A-Z]\w*(?:\s+[A-Z]\w*)+)"
    r"['\"’”])[^'\"’”\n]{1,40}['\"’”](?!\s+(?:by|on\s+repeat)\b)|\d{1,3}\s?%(?!\s*(?:battery|charge|charged|loss|losses|"
    r"down|up|off|of\s+my|apr|interest|discount|profit|gain|return|tip|tax|fee)\b))|"
    r"\bstuck\s+(?:pending|loading|processing|verifying|buffering|connecting)\b|"
    r"\b(?:hangs?|hanging|hung)\s+(?:at|on)\s+['\"‘“]|"
    # sym-43: "update stuck at 0 b/s", "google pay tap keeps failing at the till", "checkout
    # just errors", "Karte wird überall abgelehnt" (symptom_posts_dev)
    # sym-44 (review 43): failing said of a payment, a login, an upload and the like, not of a
    # diet, a business or a streak; not a download the poster paused; a card refused, not a
    # job application ("Bewerbung überall abgelehnt")
    r"\bstuck\s+at\s+0\s?(?:b|kb|bytes)(?:/s)?\b(?![^.!?\n]{0,40}\b(?:paused|i\s+stopped)\b)|"
    r"(?:(?<=\b(?:payments?|checkout|upload\w*|log-?in|sign-?in|tap|cards?|transfers?|"
    r"transactions?|downloads?|updates?|install\w*|verification|otps?|face\s*id|touch\s*id|"
    r"pppoe|connection|sync|backup|stream|orders?|booking|auth\w*|the\s+service|app)\b"
    r"[^.,;!?\n]{0,20})\bkeeps?\s+failing\b|\bkeeps?\s+failing\s+(?=to\s+(?:upload|auth\w*|load|"
    r"connect|sign|log|pay|send|sync|download|install|update|open|verify|process|go\s+through)\b|"
    r"at\s+(?:the\s+)?(?:till|checkout)\b|with\s+['\"“‘]))"
    r"(?!\s+(?:me|us|him|her|them|to\s+(?:deliver|understand|impress)|the\s+(?:test|exam|class|"
    r"vibe))\b)|"
    r"\b(?:just|keeps?|always)\s+errors?\b(?!\s+(?:(?:in|on)\s+(?:my|the)\s+(?:code|tests?|essay)|"
    r"on\s+the\s+side|and\s+bugs))|"
    r"(?<=\b(?:karte|kreditkarte|zahlung\w*|tarjeta|pagos?|compras?|carte|paiements?|cards?|"
    r"pay)\b[^.!?\n]{0,30})(?:\b[üu]berall\s+abgelehnt\b|\brechazad[ao]s?\s+en\s+todos\b|"
    r"\brefus[ée]e?s?\s+partout\b)|"
    # a server's error said as a verb or by its name: "npm is 503ing the installs", "getting
    # 502s", "'too many requests' from GitHub" (not "getting 500s of followers", "seeing 500
    # ads", "a 500 euro bill", "recruiters sending too many requests")
    r"\b5\d\d'?ing\b|\b(?:getting|throwing|returning|seeing|hitting)\s+(?:a\s+|constant\s+|"
    r"random\s+|nothing\s+but\s+)?(?:5\d\d|429)s?\b(?!\s*(?:of|k|euros?|dollars?|bucks|pounds|"
    r"quid|usd|eur|gbp|rs|rupees|subs|subscribers|followers|likes|views|ads|people|times|words|"
    r"calories|points|km|miles|mb|gb|bill|credits|coins|gems|robux|v-?bucks|xp|hours|minutes|"
    r"days|messages|emails|notifications|new|more|extra)\b|\s*[$€£])|"
    r"(?<!\bsen(?:d|ds|t|ding)\s)too\s+many\s+requests|bad\s+gateway|"
    r"(?<!customer\s)(?<!support\s)service\s+unavailable|"
    # "keeps dropping during the game", "dropping every 5 min" (not "keeps dropping prices",
    # "keeps dropping shows I'm halfway through", "dropping every album")
    r"\bkeeps?\s+dropping\b(?!\s+(?:the\s+|new\s+)?(?:prices?|hints?|support|new|songs?|"
    r"albums?|episodes?|bombs?|features?|shows?|podcasts?|series|movies|films|tracks?|merch|"
    r"ads|content|videos?|updates|teasers?|trailers?|in\s+(?:price|value|the\s+charts?))\b)|"
    r"\bdropping\s+(?:every\s+(?:\d+|few|couple|other|single\s+(?:time|call|game)|now|min|"
    r"minute|hour|sec|second|hr|time|day|evening|night|morning|call|game|match|stream)|"
    r"constantly|all\s+the\s+time)\b|"
    # a part that shows nothing: "won't show any of my transactions", "timeline completely empty"
    # (not "won't show my posts to anyone", the reach of a post, nor "any good movies")
    r"\bwon'?t\s+(?:show|export|display)\s+(?:any|my|anything)\b(?!\s+(?:good|decent|new|"
    r"interesting|real|relevant)\b|\s+(?:posts?|videos?|content|reels?|tweets?|stories|story|"
    r"profile|page)\s+to\b)|\bnot\s+exporting\b|"
    r"\b(?:timeline|feed|inbox|dashboard|homepage|home\s+page)\s+(?:is\s+)?(?:completely\s+|"
    r"totally\s+|just\s+)?(?:empty|blank)\b(?!\s+of\b)|"
    r"(?<!\b[Ii]\s)\b(?:hasn'?t|haven'?t)\s+(?:been\s+)?(?:synced|refreshed|synchronized)\s+since\b|"
    # Roman Hindi and Urdu, Russian, German and Italian forms of the same: "dono ke app down hai
    # aaj", "UPI bhi fail ho raha", "apps nahi chal rahe", "PTCL aur Jazz dono band", "Озон
    # лёг", "seit gestern Abend tot", "bei O2 geht seit Mittag gar nix", "giù insieme" (not
    # "mood down hai", "meri favourite band hai Coldplay", "dono band members", "лёг в основу",
    # "tutti giù di morale", "giù in borsa", "scendo giù a Roma")
    r"(?<!\bmood\s)(?<!\bdil\s)\bdown\s+(?:hai|hain|ho\s+gay[ae])\b|"
    r"\bfail\s+ho\s+(?:raha|rahi|rahe|gaya|gayi)\b|"
    r"\bnahi?n?\s+chal\s+(?:raha|rahi|rahe)\b|\b(?:dono|sab|sabhi)\s+band\b"
    r"(?!\s+(?:members?|wale|walon|ka|ke|ki)\b)|"
    r"(?<!\b(?:favou?rite|fav|rock|music|meri|mera|apna|apni|yeh|ye|is)\s)\bband\s+"
    r"(?:hai|hain|pada|para|ho\s+gaya)\b|"
    r"\bл[её]г(?:ла|ли|ло)?\b(?!\s+(?:спать|в\s+основу|на\s+дно))|\bлегл[аио]\b|\bлягл[иа]\b|"
    r"\bне\s+(?:піднявся|піднялась|поднялся|поднялась)\b(?!\s+(?:в\s+(?:рейтинг|цен|ціні)|"
    r"выше|вище))|\b(?:обидва|обидві|всі|оба|все)\s+не\s+(?:відповіда|отвеча)\w*|"
    r"\bseit\s+(?!(?:19|20)\d\d\b)(?:\S+\s+){1,3}?tot\b|\b(?:ist|sind)\s+(?:\S+\s+)?tot\b|"
    r"\bgeht\s+(?:(?:seit|heute|gerade|grad|schon)\s+(?:\S+\s+)?)?(?:gar\s+)?(?:nix|nichts)\b"
    r"(?!\s+(?:über|mehr\s+als))|"
    r"\b(?:entrambi|tutti|insieme)\s+gi[uù]\b(?!\s+di\s+(?:morale|corda)\b)|"
    r"(?<!\b(?:scendo|scendi|scende|scendiamo|vado|andiamo|torno|sceso|scesa|scesi|venire|"
    r"scendere|andare)\s)\bgi[uù]\s+(?:insieme\b|a\s+(?!\d)|in\s+(?!borsa|cantina|picchiata))"
)
# sym-42: things said broken, dead, stuck, declined, dropping or out that are no service,
# taken out of the text before MORE_FAILURE and PROVIDER_OUT are read: "my heart is broken
# again", "phone screen broken again", "broken again by the Netflix finale", "my code keeps
# erroring", "my Amazon refund is pending since", "declined everywhere I apply", "requests got
# declined at 3 places", "prices keep dropping", "follower count keeps dropping", "Opa ist seit 2019
# tot", "Akku ist tot", "ohne Kaffee geht gar nichts", "über Spotify geht nichts", "кот лёг",
# "написав у підтримку ..., обидва не відповідають", and a provider's deals, plans, letters,
# bosses and technicians said out ("T-Mobile's new iPhone deal is out")
NOT_A_FAILURE = (
    r"\b(?:hearts?|screens?|legs?|arms?|wrists?|ankles?|bones?|nose|records?|promises?|glass|"
    r"windows?|machines?|washer|dryer|fridge|dishwasher|family|spirit|soul)\s+(?:(?:is|are|was|"
    r"were|got|'s|just|totally|completely|been|has\s+been)\s+){0,2}broken\b|"
    r"\bbroken\s+(?:again\s+)?by\b|"
    # what the writer owns said broken again ("my TV is broken again", "my knee is broken
    # today"), but for a part of the service ("my app is broken again")
    r"\b(?:my|our|his|her|their)\s+(?!(?:app|site|website|checkout|login|feed|account|internet|"
    r"wi-?fi|connection|service|payments?|uploads?|notifications?)\b)(?:\w+\s+){1,2}?(?:(?:is|"
    r"are|was|were|got|'s)\s+)?(?:just\s+|totally\s+|completely\s+)?broken\b|"
    r"\b(?:my|our)\s+(?:own\s+)?(?:code|script|program|function|query|formula|macro|tests?)\s+"
    r"(?:\w+\s+){0,2}?erroring\b|"
    r"\b(?:refunds?|parcels?|packages?|deliver(?:y|ies)|applications?|claims?|complaints?)\s+"
    r"(?:(?:is|are|has|have|been|still|got|was)\s+){0,3}(?:stuck|pending)\b|"
    r"\b(?:applications?|requests?|bookings?|offers?|matches|proposals?|resumes?|cvs?|me|us)\s+"
    r"(?:(?:got|get|gets|getting|was|were|been|keeps?|is|are)\s+)*declin\w*|"
    r"\bdeclined\s+(?:\w+\s+)?everywhere\s+(?:i|we)\b|"
    r"\b(?:prices?|count|followers?|subscribers?|subs|views|likes|stocks?|shares?|sales|"
    r"ratings?|numbers|tesla|bitcoin|btc|eth|crypto|market)\s+keeps?\s+dropping\b|"
    r"\b(?:akku|handy|opa|oma|vater|mutter|papa|mama|hund|katze|kaktus|pflanze|baum|mann|"
    r"frau)\s+(?:ist|sind)\s+(?:\S+\s+){0,2}tot\b|"
    r"\bohne\s+\S+\s+geht\s+(?:gar\s+)?(?:nix|nichts)\b|"
    r"(?:^|[.!?]\s*)über\s+\S+\s+geht\s+nichts\b(?!\s+(?:mehr|seit|gerade|grad))|"
    r"\b(?:кот|кошка|пёс|пес|собака|снег|туман|курс)\s+(?:\S+\s+)?(?:л[её]г|не\s+поднялся)|"
    r"(?:підтримк|поддержк|менеджер|саппорт|гаряч\w*\s+лін)\w*[^.!?\n]{0,60}?(?:обидва|обидві|всі|"
    r"оба|все)\s+не\s+(?:відповіда|отвеча)\w*|"
    r"\b(?:deals?|ads?|adverts?|commercials?|plans?|letters?|ceo|boss|dish|albums?|reports?|"
    r"results|offers?|promos?|bills?|statements?|techs?|technicians?|engineers?|installers?|strikes?)\s+(?:(?:is|are|was|were|'s|has\s+been|have\s+been)\s+)?"
    r"(?:\w+\s+)?out\b"
)
# The support line failing is a complaint about support, not an outage: "doppelte Abbuchung,
# Hotline nicht erreichbar", "can't get through to customer service". Taken out of the text
# before a generic failure word is read as "website down".
_SUPPORT = (
    r"hotline|kunden(?:service|dienst|support)|customer (?:service|support|care)|help ?line|"
    r"call ?cent(?:er|re)|support(?: team| line)?|atenci[oó]n al cliente|servicio al cliente|"
    r"service client(?:[eè]le)?|atendimento|\bsac\b|サポート|カスタマーセンター|コールセンター"
)
_UNREACHABLE = (
    r"nicht erreichbar|unreachable|(?:is |are )?not (?:answering|picking up|responding)|"
    r"(?:doesn'?t|won'?t) (?:answer|pick up|respond)|no (?:answer|response)|no contesta|"
    r"no responde|ne r[ée]pond (?:pas|plus)|injoignable|n[aã]o atende|n[aã]o responde|"
    r"つながらない|繋がらない"
)
# at most two words between the support line and its failure, none a conjunction: in
# "Kundenservice und App nicht erreichbar" the app is down too
_GAP = r"(?:(?!(?:und|and|or|oder|et|ou|e|y|o)\b)\w+\W+){0,2}?"
SUPPORT_UNREACHABLE = (
    rf"(?:{_SUPPORT})\W*(?:に|が|へ|は)?{_GAP}(?:{_UNREACHABLE})|"
    rf"(?:can'?t|cannot|unable to|couldn'?t) (?:reach|get through to|contact|get hold of)\W+"
    rf"{_GAP}(?:{_SUPPORT})"
)

# An outage that is over is no report of one: "Fortnite servers are back online", "ok discord
# is back", "the postmortem for yesterday's outage", "fined over the 2022 outage". Taken out
# of the text before the cues are read, as an unreachable support line is.
OVER = (
    r"(?:\b(?:servers?|it|they|site|app)\s+(?:are|is|'s)\s+)?\bback\s+(?:up|online|to\s+normal)\b|"
    r"\b(?:is|are|'s)\s+back\b(?!\s+(?:down|up|to\s+(?:being\s+)?(?:broken|down)))|"
    r"(?<!\bnot\s|\bstopped\s|n't\s|n’t\s)\b(?:working|works)\s+again\b|"
    r"(?:yesterday'?s|last\s+(?:night|week|month|year)'?s|the\s+(?:19|20)\d\d|previous|past)\s+"
    r"(?:\w+\s+){0,2}?outages?\b|post-?mortem|root\s+cause|"
    r"\boutages?\s+(?:report|inquiry|investigation|compensation)\b"
)

# A cue the post says is fine is no symptom: "my wifi is fine but Netflix won't load",
# "回線は問題ないのに" (the line is fine, yet ...), "la conexión funciona bien"; in the cue's
# own clause, up to a comma ("keeps logging me out, whatsapp is fine" still logs out)
FINE_AFTER = re.compile(
    r"^(?:['’]s)?[^\w,;\n]{0,3}(?:\w+[^\w,;\n]+){0,2}?(?:is|are|seems?|looks?)?"
    r"[^\w,;\n]*(?:fine|ok|okay|working fine|"
    r"works(?: fine)?|no problem|problem-free)\b"
    r"|^[^。.!?]{0,6}?(?:は)?(?:問題ない|問題なし|大丈夫|正常)"
    r"|^[^\w,;\n]{0,3}(?:\w+[^\w,;\n]+){0,2}?(?:funciona bien|va bien|marche bien|"
    r"fonctionne bien|"
    r"funktioniert(?! nicht)|geht(?! nicht)|funciona normal|t[aá] ok)",
    re.IGNORECASE,
)
