"""Failure phrases: "안 돼요", "打不开", "не работает", "ใช้ไม่ได้", "is down".

The complaint head reads MiniLM embeddings, and MiniLM reads English: a Korean or Russian
outage report gets an arbitrary score. A sentence saying that something does not work is a
complaint by definition (it reports that something did not meet expectations), so in a post
whose language is not English (or too short to tell), one of these phrases lifts the
complaint score to ``FAILURE_SCORE``. In English only outright failure sentences do ("is
down", "can't log in"). Rules, not a model: written from the languages' ordinary failure
phrases; the non-English ones are not measured (no labelled multilingual data).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

FAILURE_SCORE = 0.75
_PHRASES: dict[str, str] = {
    "es": r"no funciona|no (?:me )?(?:carga|abre|deja|anda)|ca[ií]d[oa]|se cay[oó]|no puedo (?:entrar|acceder|iniciar)|"
    r"sin (?:internet|se[nñ]al|servicio|conexi[oó]n)",
    "pt": r"n[aã]o (?:funciona|carrega|abre|deixa|consigo (?:entrar|acessar|logar|postar))|fora do ar|"
    r"caiu|inst[aá]vel|sem (?:internet|sinal|conex[aã]o)",
    "fr": r"ne (?:marche|fonctionne|charge|s'ouvre) (?:plus|pas)|en panne|impossible de (?:me connecter|se connecter|charger)|"
    r"\bpanne\b|\bmarche (?:plus|pas)\b|en rade|(?:plus|pas|sans) d'internet|(?:plus|pas) de (?:r[ée]seau|connexion|wifi)|"
    r"coup(?:é|ée|és|ure) (?:chez|depuis|ici|internet|r[ée]seau)|charge dans le vide",
    "de": r"funktioniert nicht|geht nicht|st[öo]rung|l[äa]dt nicht|ausgefallen|kann mich nicht anmelden|"
    r"nicht (?:gesendet|geladen|verbunden|erreichbar|abgespielt)|kein (?:netz|internet|empfang)",
    "it": r"non (?:funziona|va|carica|si apre)|non riesco ad accedere|disservizio|senza (?:rete|internet)",
    "nl": r"werkt niet|doet het niet|(?:een|grote) storing|storing bij|laadt niet|kan niet inloggen",
    "sv": r"fungerar inte|funkar inte|kan inte logga in|ligger nere",
    "pl": r"nie dzia[łl]a|awaria|nie (?:mog[eę]|da si[eę]) (?:si[eę] )?zalogowa[cć]|nie [łl]aduje",
    "tr": r"[çc]al[ıi][şs]m[ıi]yor|a[çc][ıi]lm[ıi]yor|giri[şs] yapam[ıi]yorum|[çc][öo]kt[üu]",
    "id": r"(?:tidak|gak|ga|nggak|ngga) bisa (?:dibuka|login|masuk|diakses)|gangguan|error terus",
    "ru": r"не (?:работает|работают|грузится|загружается|открывается|могу войти|отправляются|приходят)|сбой|упал|лежит",
    "uk": r"не (?:працює|працюють|завантажується|можу увійти)|збій|впав|лежить",
    "ja": r"使えない|繋がらない|つながらない|落ちて(?:る|いる)|障害|ログインできない|開かない|見れない|見られない|再生できない|送れない|読み込(?:め|ま)ない",
    "ko": r"안\s?(?:돼|됨|되|열려|나와)|접속(?:이)?\s?안|로그인(?:이)?\s?안|먹통|장애|오류|에러|튕겨|끊겨",
    "zh": r"打不[开開]|登不上|[发發]不出|收不到|刷不出|登[录錄入]不了|[崩挂掛]了|用不了|[连連]不上|[闪閃]退|宕机|當機|故障|加[载載]不出|[载載]入不了|无法[登连打使]|無法[登連打使]",
    "ar": r"لا يعمل|ما يشتغل|مايشتغل|عطل|تعطل|متوقف|لا (?:أستطيع|استطيع) (?:الدخول|تسجيل)",
    "he": r"לא עובד|נפל|תקלה|לא מצליח(?:ה)? להתחבר|לא נטען",
    "hi": r"काम नहीं कर|नहीं चल रहा|डाउन है|लॉगिन नहीं",
    "th": r"ใช้ไม่ได้|ล่ม|เข้าไม่ได้|โหลดไม่ได้|เล่นไม่ได้|ค้าง",
}  # fmt: skip
FAILURE_PATTERN = "|".join(f"(?:{p})" for p in _PHRASES.values())
_ANY = re.compile(FAILURE_PATTERN, re.IGNORECASE)
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
    r"(?:loading|login|sign[- ]?in))",
    re.IGNORECASE,
)


class FailureCues:
    """``cued(texts, langs)``: True for a post with a failure phrase: any language's in a
    post not read as English (short posts are often assigned the wrong language), and only
    outright ones ("is down", "can't log in") in English."""

    version = "fail-3"

    def cued(self, texts: Sequence[str], langs: Sequence[str]) -> list[bool]:
        return [
            bool(_ENGLISH.search(text[:2000]) or (lang != "en" and _ANY.search(text[:2000])))
            for text, lang in zip(texts, langs, strict=True)
        ]
