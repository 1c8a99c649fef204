"""Outage vocabulary by language: the words every service's posts share ("down", "panne",
"caído"), the words of one category ("wifi", "virement"), and a few function words.

Two stages read them: the attributor, for a service word next to an ambiguous name
("orange en panne"), and the language stage, for posts too short for lingua ("Free en
panne" is French, not Dutch).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex as re

from outagewatch.catalog import names_alternation

# Service words near a bare name ("orange en panne", "Claro sin señal"), by language: the
# words every category shares, then the words of one category. They also say which
# language a post is in, beside a few function words.
# Arabic words of a service itself (the app, the account, the site, the service), apart from
# those of its status: an everyday-word name ("موبايلي", "زين", "فوري") is the service only
# beside a noun of a service (attribution's ARABIC_SERVICE_NOUNS; attr-51)
_AR_SERVICE_NOUNS = (
    "تطبيق التطبيق برنامج البرنامج حساب حسابي الحساب سيرفر السيرفر السيرفرات موقع "
    "الموقع خدمة الخدمة خدمه الخدمه"
)
GENERAL = {
    "en": "app apps down outage outages account accounts server servers login log sign signin "
    "support update updated crash crashed crashing crashes voice chat call calls premium "
    "subscription order orders delivery error errors website site status service working "
    "works work broken stream streaming upload messages notifications bot channel channels meeting "
    "meetings "
    "internet wifi network banking bank transfer card payment payments customer store "
    "load loads loading broke slow",
    "fr": "panne pannes appli application compte serveur serveurs connexion connecter "
    "marche fonctionne plante planté bug beug bugue coupure coupé coupée hs site service "
    "client abonnement",
    "es": "caído caido caida caída cayó cae funciona falla fallo fallando cuenta servidor "
    "servidores aplicación servicio sesión conexión error",
    "de": "störung störungen ausfall geht funktioniert konto server anmeldung fehler dienst",
    "pt": "fora caiu caído funciona funcionando conta servidor aplicativo serviço erro "
    "instabilidade conexão falha",
    "it": "funziona disservizio guasto account servizio",
    "nl": "storing werkt account",
    "pl": "awaria awarii awarię działa działają konto serwer serwery aplikacja aplikacji "
    "logowanie błąd usługa strona",
    "ru": "сбой сбои работает работают лежит упал аккаунт сервер серверы приложение "
    "приложения вход ошибка сервис сайт",
    "uk": "збій збої працює працюють лежить впав акаунт сервер сервери застосунок додаток "
    "вхід помилка сервіс сайт",
    "tr": "arıza çalışmıyor çöktü hesap sunucu uygulama giriş hata hizmet kesinti",
    # Arabic: the app, the account, the service, and how the Gulf, Egypt and the Levant say
    # it is down or cut ("شبكة زين طايحة", "موبايلي فاصل"), as written with and without the
    # article; not "شغال" (working: "ولدي زين شغال في شركة" is a person at work)
    "ar": _AR_SERVICE_NOUNS + " "
    "عطل العطل عطلان معطل متوقف طايح طايحة طايحه طاح واقف "
    "واقفة واقفه فاصل فاصلة فاصله واقع واقعة واقعه مقطوع مقطوعة مقطوعه علقان خربان داون "
    "انقطاع عملاء العملاء",
}  # fmt: skip
CATEGORY = {
    "isp_telco": {
        "en": "internet wifi network broadband fibre fiber signal 4g 5g mobile router coverage data",
        "fr": "internet réseau fibre box adsl 4g 5g wifi mobile réseaux débit capte",
        "es": "internet red señal fibra wifi cobertura datos router móvil",
        "de": "internet netz wlan router festnetz mobilfunk empfang dsl glasfaser",
        "pt": "internet rede sinal fibra wifi cobertura dados roteador móvel",
        "it": "internet rete fibra", "nl": "internet netwerk glasvezel",
        "pl": "internet internetu zasięg zasięgu sieć sieci światłowód światłowodu łapie",
        "ru": "интернет интернета связь связи сеть сети мобильный роутер ловит",
        "uk": "інтернет інтернету зв'язок зв'язку мережа мережі роутер ловить",
        "tr": "internet şebeke sinyal fiber modem",
        "ar": "نت النت انترنت الانترنت الإنترنت انترنيت الانترنيت شبكة الشبكة شبكه الشبكه "
        "تغطية التغطية تغطيه التغطيه الراوتر راوتر فايبر الفايبر باقة الباقة باقه الباقه "
        "شريحة الشريحة خط الخط داتا الريزو",
    },
    "messaging": {
        "en": "messages message chat voice call calls notifications channel channels",
        "fr": "messages message appels", "es": "mensajes mensaje llamadas",
        "de": "nachrichten nachricht anrufe", "pt": "mensagens mensagem chamadas",
        "ar": "رسائل الرسائل رسايل الرسايل مكالمات المكالمات المسجات",
    },
    "banking": {
        "en": "bank banking transfer card payment payments",
        "fr": "banque virement carte paiement", "es": "banco transferencia tarjeta pago",
        "de": "bank überweisung karte zahlung", "pt": "banco transferência cartão pagamento",
        "pl": "bank przelew przelewy karta płatność płatności", "ru": "банк перевод карта оплата",
        "uk": "банк переказ картка оплата", "tr": "banka havale kart ödeme",
        "ar": "فاتورة الفاتورة فواتير الفواتير محفظة المحفظة بطاقة البطاقة بطاقه البطاقه",
    },
    "ecommerce": {
        "en": "order orders delivery package", "fr": "commande livraison colis",
        "es": "pedido envío entrega", "de": "bestellung lieferung paket",
        "pt": "pedido entrega encomenda",
    },
    "streaming": {"en": "stream streaming upload", "fr": "streaming", "es": "streaming"},
    "social": {
        "en": "feed timeline post posts posting tweet tweets followers profile",
        "fr": "fil publication publier abonnés", "es": "publicar publicación seguidores",
        "de": "beitrag posten follower", "pt": "postar publicação seguidores",
    },
    # "my yahoo email", "outlook inbox", "Steam library", "Delta flight", "Claude prompts"
    "email": {
        "en": "email emails mail inbox spam", "fr": "mail mails courriel boîte",
        "es": "correo correos", "de": "mail mails postfach", "pt": "email correio",
    },
    "gaming": {
        "en": "game games gaming library friends multiplayer matchmaking lobby download",
        "fr": "jeu jeux", "es": "juego juegos", "de": "spiel spiele", "pt": "jogo jogos",
    },
    "productivity": {
        "en": "files file folder folders docs document workspace sync call calls",  # + meeting(s): general
        "fr": "réunion fichiers", "es": "reunión archivos", "de": "besprechung dateien",
        "pt": "reunião arquivos",
    },
    "travel": {
        "en": "flight flights booking bookings boarding checkin reservation ride rides driver trip",
        "fr": "vols réservation", "es": "vuelo vuelos reserva", "de": "flug flüge buchung",
        "pt": "voo voos reserva",
    },
    "ai": {"en": "chatbot prompt prompts model models api tokens conversation"},
    "cloud": {"en": "portal region regions cluster vm vms storage api console"},
}  # fmt: skip
CATEGORY["payments"] = CATEGORY["banking"]
FUNCTION = {
    "en": "the is and my it not this again for with you what why can won",
    "fr": "le la les des du est pas plus je mon ma mes chez et une avec sur ce depuis encore "
    "un de au aux nous vous il elle nouvelle nouveau "
    "ne rien en",
    "es": "el los las está que con por para mi una muy hay desde otra vez sin pero en al del se "
    "la un de nueva nuevo "
    "me lo ya hoy puedo ahora también esto todo ayer",
    "de": "der die das ist nicht und mein meine ich schon wieder seit kein keine bei mit",
    "pt": "não meu minha sem uma com do da dos das ainda já mais aqui nada tá está ao pelo pela um "
    "de novo nova "
    "muito hoje agora também você vc pra isso esse essa tudo ontem",
    "it": "il non è della che sono per mio la le lo gli una nel nella del dei delle alla al "
    "questo questa anche ancora già più oggi di nuova nuovo",
    "nl": "het een niet mijn weer geen bij de en op ik je dat voor ook nog maar nieuw nieuwe",
    "pl": "nie jest mam mój moja się już znowu ale od dzisiaj ciągle brak w z na że czy jak nic "
    "tak też bo po za",
    "ru": "не уже опять снова что это меня нет",
    "uk": "не вже знову що це мене немає",
    "tr": "bir ve bu mi mı yok çok hala yine neden yeni için ile",
    "ar": "في من على عند عندي عندنا عندكم الى إلى ما لا مو مش و او أو هذا هذه كل مع عن",
}  # fmt: skip
FUNCTION_WORDS = frozenset(w for words in FUNCTION.values() for w in words.split())
# the service words of each category, in any language (context around an ambiguous name)
SERVICE_WORDS = {
    cat: {w for lang in GENERAL for w in (GENERAL[lang] + " " + words.get(lang, "")).split()}
    for cat, words in {**CATEGORY, "": {}}.items()
}
# a category's own words in every language, without the words all categories share
# ...of those, the nouns of a service in Arabic: the general ones and the category's own
ARABIC_SERVICE_NOUNS = {
    cat: frozenset(f"{_AR_SERVICE_NOUNS} {words.get('ar', '')}".split())
    for cat, words in {**CATEGORY, "": {}}.items()
}
CATEGORY_WORDS = {
    cat: frozenset(w for text in words.values() for w in text.split())
    for cat, words in {**CATEGORY, "": {}}.items()
}
LANG_WORDS: dict[str, set[str]] = {
    lang: set(f"{FUNCTION[lang]} {GENERAL[lang]}".split())
    | {w for c in CATEGORY.values() for w in c.get(lang, "").split()}
    for lang in FUNCTION
}
# The outage words alone, outside English: "do", "no", "me" are function words of several
# languages ("Will do" is no Portuguese), and English ones ("update", "app", "crash") are
# loanwords everywhere ("das neue Zoom Update gefällt mir" is German).
OUTAGE_WORDS: dict[str, set[str]] = {
    lang: LANG_WORDS[lang] - set(FUNCTION[lang].split()) - LANG_WORDS["en"]
    for lang in LANG_WORDS
    if lang != "en"
}
WORDS = _WORDS = re.compile(r"[\p{L}\p{N}]+")  # a word, in any script
UNKNOWN_LANG = "und"


def compact(name: str) -> str:
    """A name as handles and hashtags write it: "Disney+" -> "disney", "T-Mobile" -> "tmobile"."""
    return re.sub(r"[\W_]+", "", name.casefold())


_WORDS_APOSTROPHE = re.compile(r"[\p{L}\p{N}']+")  # "can't", "i'm" are English words
# English chat words: short replies ("Cheers mate.", "Thank youu", "link is broken") are what
# lingua, with three words to go on, reads as Dutch or Italian
_ENGLISH_CHAT = (
    "thank thanks thx ty you youu cheers hi hello hey yes yeah yep nope ok okay please pls "
    "sorry done great mate lol haha i am was are have has get got just still will would "
    "link broken page browser doesn't don't can't cant won't i'm im it's"
)
ENGLISH_CHAT = frozenset(_ENGLISH_CHAT.split())
_ENGLISH_ANY = frozenset(LANG_WORDS["en"]) | ENGLISH_CHAT
# each language's own words, none of them English (what reads_english looks for)
_OWN_WORDS = {lang: frozenset(words - _ENGLISH_ANY) for lang, words in LANG_WORDS.items()}
_OWN_FUNCTION = {
    lang: frozenset(w for w in words.split() if len(w) >= 3) - _ENGLISH_ANY
    for lang, words in FUNCTION.items()
}


# Function words of the languages people mix with English, which the detector reads as
# English or as anything: Tagalog ("wala pa ring internet dito"), Indonesian and Malay
# ("lemot banget dari tadi", "tak boleh"; one code, as lingua reads Indonesian but no Malay),
# Swahili, Nigerian Pidgin, Roman Hindi and Urdu; lingua knows none of the others.
# None of the words is English or of two letters ("Ring doorbell offline in PA" is English).
# A post with two of them is no English the encoder can read, and is in that language as far
# as a national service's market is concerned. Hindi and Urdu are one spoken language, and
# written in Latin letters one language (what is Persian or Sanskrit in their literary words
# seldom reaches a post): `hi`, the language of most who write it (India's users far outnumber
# Pakistan's), until a place or service in Pakistan says `ur` (language.roman_hindustani).
_MIXED_WORDS = {
    "tl": (
        "ang mga wala walang dito naman ako kami namin natin yung kasi talaga pero hindi ayaw "
        "lang kahit ngayon nang kayo tapos sobrang"
    ),
    "id": (
        "yang gak nggak tidak lagi terus tadi ini itu banget aja udah sudah belum sih nih dong "
        "boleh aku saya kenapa"
    ),
    "sw": "kwa kabisa hakuna",
    "pcm": "dey abeg wetin",
    "hi": (
        "nahi nahin nhi raat aaj raha rahi rahe rha rhi hai hain mein kya kaam phir bhi abhi "
        "gaya gaye gayi hua tha thi bilkul bekar chalu chal chala kuch koi bahut bohot bohat "
        "kyun kyu kaise mera meri hamara yaar bhai wali kiya karo aur lekin subah shaam "
        "baar dono ghar theek sahi hoga kitna itna batao"
    ),
}
_MIXED_LANGUAGE = {w: lang for lang, words in _MIXED_WORDS.items() for w in words.split()}


def mixed_language(text: str, detected: str = "") -> str:
    """The language of a post that mixes two or more of its function words with English
    (Taglish, Indonesian, Pidgin…), or '' for any other post. Words of the ``detected``
    language do not count ("pero" is Spanish as well as Tagalog)."""
    own = LANG_WORDS.get(detected, ())
    words = [w.casefold() for w in _WORDS.findall(text[:600])]
    found = Counter(_MIXED_LANGUAGE[w] for w in words if w in _MIXED_LANGUAGE and w not in own)
    if sum(found.values()) < 2:
        return ""
    most = max(found.values())
    tied = [lang for lang, n in found.items() if n == most]
    return detected if detected in tied else tied[0]  # "kami … lagi": Malay, as lingua said


def has_own_words(text: str, lang: str) -> bool:
    """The post uses function words of ``lang`` of three letters or more that English has
    not ("non", "che", "seit"): lingua's reading of it stands against a few words of a
    language mixed with English. ("sa" and "client" in a Taglish post are no French.)"""
    words = {w.casefold() for w in _WORDS.findall(text[:600])}
    # (a word both languages have says neither: "mein" is German "my" and Hindi "in")
    return bool(words & _OWN_FUNCTION.get(lang, frozenset()) - _MIXED_LANGUAGE.keys())


def guess_language(text: str) -> str:
    """The language whose function and service words a post uses most, or 'und' when two
    tie or none says anything (the attributor gets no language from upstream); a language
    mixed with English first, as the language stage reads it."""
    return mixed_language(text) or _vote(text, LANG_WORDS)


# Persian and Urdu share the Arabic script and words ("خط", "حساب", "موقع", "قطع"): a post with
# a letter or a word only they have is not voted Arabic ("خط موبایل قطع است")
_NOT_ARABIC = re.compile(r"[پچژگیکۀٹڈڑںےھ]|(?<!\w)(?:است|شده|نیست|هست|نمی\w*|میشه)(?!\w)")


def outage_language(text: str) -> str:
    """The language other than English whose outage words a post uses ("panne": French), or
    'und' when it uses none or two languages' equally ("internet" is everyone's)."""
    lang = _vote(text, OUTAGE_WORDS)
    return UNKNOWN_LANG if lang == "ar" and _NOT_ARABIC.search(text[:600]) else lang


def _vote(text: str, lexicon: dict[str, set[str]]) -> str:
    words = [w.casefold() for w in _WORDS.findall(text[:600])]
    hits = sorted(((sum(w in v for w in words), lang) for lang, v in lexicon.items()), reverse=True)
    (best, lang), (second, _) = hits[0], hits[1]
    return lang if best > second else "und"


def reads_english(text: str, lang: str) -> bool:
    """A short post lingua gave to ``lang`` that uses English words and none of ``lang``'s
    own: "My browser cant open the page" is English, "Spotify doet het niet" stays Dutch."""
    words = {w.casefold() for w in _WORDS_APOSTROPHE.findall(text[:600])}
    return bool(words & _ENGLISH_ANY) and not words & _OWN_WORDS.get(lang, frozenset())


def names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """Service names, in any case, ending where Latin letters and digits end ("Rogers",
    "#Bell", "Bell's", "PlayStation Networkの"), longest first; None for no names."""
    names = {n for n in names if n and n.strip()}
    if not names:
        return None
    edge = r"[\p{Latin}\p{N}]"
    body = names_alternation(names, ignore_case=True)
    return re.compile(rf"(?<!{edge})(?:{body})(?!{edge})", re.IGNORECASE)
