"""Where a post comes from: its geo tag, places named in the text, the author's profile
location, and (only where the language pins the country) its language. Evidence is recorded."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property

import regex as re

from nlp.enrich.base import Place
from nlp.enrich.gazetteer import (
    BIG_CITY,
    CASELESS,
    CYRILLIC,
    SMALL_CITY,
    Entry,
    Gazetteer,
    load_gazetteer,
    name_key,
)
from nlp.enrich.hashtags import camel_words, joined_name, tag_letters
from nlp.enrich.lexicon import LANG_WORDS, names_pattern

# Languages spoken as a first language essentially in one country. Everything else (en, es,
# fr, de, pt, ar, zh...) says nothing about the country and is never used for it. Nor does
# Tagalog: Filipinos abroad write it as much (tried: as many false places as places found).
LANGUAGE_PINS = {"ja": "JP", "ko": "KR", "he": "IL", "pl": "PL", "uk": "UA"}
# The weakest evidence of a country, in the order it is used: a national service the post
# names says more than the language it is written in
SERVICE_CONFIDENCE = 0.4
LANGUAGE_CONFIDENCE = 0.3
_TOKEN = re.compile(r"[\p{L}\p{M}][\p{L}\p{M}\p{N}'’.\-]*")
_US_STATE_CODE = re.compile(r",\s*([A-Z]{2})\b")
_STATE_AFTER_NAME = re.compile(r"\b\p{Lu}\p{L}*(?:,\s*|\s)([A-Z]{2})\b(?![\w'’])")
# how much less sure a place read from one name with no place word before it is
LONE_NAME = 0.75
MAX_TAGS = 20  # a post stuffed with tags says no more about its place after these
MAJOR_CITY = 1_000_000  # named even in capitals: "OUTAGE IN PARIS"
# a city's Cyrillic name, or one in a Slavic case, read without a place word before it ("Львів
# без світла", "Krakowie nie ma zasięgu"): big enough to be no everyday word ("Орёл и решка"
# is heads or tails, "Курган" a mound)
BARE_CYRILLIC_CITY = 500_000
# a second-level area weighs less than a town: "Crue de la Meuse à Namur" is the Belgian
# town on the river, not the French département named after it
_KIND_WEIGHT = {"country": 1.0, "region": 0.9, "city": 0.7, "area": 0.6}
_REGION_KINDS = frozenset(["region", "area"])
# Words that put a place after them, in the languages posts come in: a place typed in
# lower case ("youtube down in london", "sem internet em são paulo") is read only after one,
# and only as a country, a first-level region or a big city ("in reading" is no town).
PLACE_BEFORE = frozenset(
    ["in", "from", "at", "near", "around", "across", "throughout", "outside", "into"]
    + ["en", "em", "à", "au", "aux", "dans", "aus", "nach", "bei", "im"]
)
# ...and words that do so in one language but are particles in others (Tagalog "na")
_PLACE_BEFORE_IN = {
    "pt": ["no", "na", "nos", "nas"], "it": ["a"], "fr": ["a"],  # "à" typed without its accent
    "ru": ["в", "во", "из", "под"], "uk": ["в", "у", "із", "з", "під"],
    "pl": ["w", "we", "z", "ze", "pod"], "id": ["di", "ke", "dari"],
}  # fmt: skip
PLACE_WORDS = {lang: PLACE_BEFORE | frozenset(w) for lang, w in _PLACE_BEFORE_IN.items()}
# English's place words, which also stand before a capitalised everyday word ("in Reading
# the", "at Orange"): a place named by one (gazetteer.COMMON_WORDS) needs another language's
_ENGLISH_PLACE_WORDS = frozenset(
    ["in", "from", "at", "near", "around", "across", "throughout", "outside", "into"]
)
# Articles between a place word and an abbreviation: "en el DF", "no interior" is no article
_ARTICLES = frozenset(["el", "la", "the", "o", "a"])
# Katakana, Hangul: the scripts in which Japanese and Korean write foreign names, and loanwords
# that hold them ("ドコモショップ" holds モシ, Moshi; "ソウルフード" ソウル, Seoul)
_KATAKANA = re.compile(r"[\p{Katakana}ー]")
_HANGUL = re.compile(r"\p{Hangul}")
_KANA_NAME = re.compile(r"[\p{Katakana}ー]+|\p{Hangul}+")
# what follows a place's name in Japanese or Korean, after which the name ends: particles
# ("パリで", "서울에서"), and kanji that make it a place ("パリ市", "ソウル駅")
_JA_AFTER_NAME = tuple("でにのはがもへとやを、。！？") + ("から", "まで")
_JA_PLACE_KANJI = frozenset("市都州府県区駅空港近郊周辺在方")
_KO_AFTER_NAME = (
    "에서", "에", "의", "은", "는", "이", "가", "도", "을", "를", "쪽", "시", "으로", "로",
    "까지", "부터", "지역", "근처", "과", "와", "만", "이랑", "랑",
)  # fmt: skip
# ...and those that put the writer there ("パリで", "서울에서"): a foreign name transliterated
# in a Japanese or Korean post is read only so ("カイロが暖かい" is a hand warmer)
_CJK_PLACED = ("で", "に", "から", "まで", "へ", "在", "市", "駅", "空港", "에서", "에", "까지")
# Prefixes written onto the next word: Arabic "و" and "ف" (and), then "ب" (in), "ل" (to),
# "ك" (like); Hebrew "ו" (and), then "ב" (in), "ל" (to), "מ" (from), "כ", "ש"; those that
# say "in", "to", "from" put the place there ("بالرياض", "בתל אביב"), as a place word does
_CONJUNCTIONS = frozenset("وفו")
_PREPOSITIONS = frozenset("بلكבלמכש")
_LOCATIVE_PREFIXES = frozenset("بلבלמ")
# ...and the separate words that do it: Arabic before the name ("في الرياض"), Hebrew before
# it ("ליד חיפה"), Hindi after it ("मुंबई में")
_SCRIPT_PLACE_BEFORE = frozenset([
    "في", "في", "من", "عند", "داخل", "الى", "الي", "حول", "مدينه", "منطقه", "ליד", "באזור",
    "עיר",
])  # fmt: skip
_SCRIPT_PLACE_AFTER = frozenset(["में", "मे", "से", "के", "शहर"])
_DIRECTIONS = frozenset(["north", "south", "east", "west", "outside"])
_SHORT_LOWER = frozenset(["uk", "usa"])  # "in us", "at me", "in la" are words, not places
# countries that are also first names: "a text from jordan" is a person
_NAME_LOWER = frozenset(["chad", "jordan", "georgia"])
# ...of which those that put a place, not a company, before a service's name: "outage in
# Halifax" is the town, but "a text from Rogers", "at Bell", "Störung bei Vodafone", "no
# Santander" (Portuguese: at the bank) are the companies
_NOT_BEFORE_TOWNS = frozenset(["from", "at", "aus", "bei"])
_NAME_AS_PLACE = PLACE_BEFORE - _NOT_BEFORE_TOWNS
# ...and before a small town's name alone, not those, which put people there too ("a text
# from Lincoln"; Italian "ho scritto a Marco", Portuguese "na Helena")
_TOWN_WORDS_NOT = _NOT_BEFORE_TOWNS | {"a", "na", "no", "nos", "nas"}
# words for an area that put a town's name after them ("Landkreis Görlitz", "provincia di")
_AREA_WORDS = frozenset([
    "county", "district", "province", "provincia", "landkreis", "kreis", "gemeinde", "comune",
    "distrito", "municipio", "município", "département",
])  # fmt: skip
_SLAVIC = frozenset(["ru", "uk", "pl"])  # names in cases: see Gazetteer.lookup_inflected
# A name followed by one of these is a person's, unless a place word puts it there: "Jordan
# says Xbox is down", "Paris Hilton says…", "Nancy from IT", "Sydney and I both can't"
# (not "told", "asked": "residents west of Boston told to stay home")
_SPEECH = frozenset([
    "says", "said", "tells", "asks", "thinks", "reckons", "texted", "messaged", "tweeted",
    "wrote", "confirmed", "mentioned",
])  # fmt: skip
_TEAM = frozenset([
    "it", "support", "work", "hr", "sales", "accounting", "accounts", "finance", "marketing",
    "dev", "ops",
])  # fmt: skip
# A two-letter abbreviation ("LA", "SF", "DC") is a city only after an English place word
# ("down in LA"; not Spanish "en LA", which is "en la") or before a place noun ("DC area")
_ABBR_BEFORE = frozenset(["in", "from", "near", "around", "across", "throughout"])
_ABBR_AFTER = frozenset(["area", "metro", "county", "region", "bay", "suburbs"])
# Codes people type for a country or state, read only in capitals ("UAE", "USA" are names
# in the gazetteer's COUNTRY_ALIASES): "in the US", "down in NZ",
# "rural NSW" ("us" is a pronoun, so these are no names in the gazetteer); two letters need
# a place word or "the" before them, as the cities' abbreviations do
_CODES_AS_TYPED = {
    "US": Entry("country", "US"), "NZ": Entry("country", "NZ"),
    "NSW": Entry("region", "AU", region="New South Wales"),
    "QLD": Entry("region", "AU", region="Queensland"),
}  # fmt: skip
# Nicknames of first-level regions, as typed ("Verizon down in Cali", "SoCal Edison"), with
# the languages in which the word names a place of its own (Spanish "Cali" is Colombia's city)
REGION_NICKNAMES = {
    "Cali": ("US", "California", frozenset(["es", "pt"])),
    "SoCal": ("US", "California", frozenset()),
    "NorCal": ("US", "California", frozenset()),
}
# A name that is also a thing, and the words after it that make it the thing: "Turkey dinner"
# on Thanksgiving is no post from Türkiye
_THING_AFTER = {
    "turkey": frozenset([
        "day", "dinner", "sandwich", "sandwiches", "leftovers", "trot", "bacon", "burger",
        "burgers", "breast", "legs", "gravy", "coma", "time",
    ]),
}  # fmt: skip
# Towns' names that are first something else (a superhero, a football club; German nouns:
# "Essen ist kalt" is the food), read only after a place word; "" for every language
_OTHER_FIRST = {
    "batman": "", "ajax": "", "essen": "de", "halle": "de", "grad": "de", "mati": "id",
}  # fmt: skip
# A football club is named by its town: after a club's mark, as typed ("Real Madrid", "FC
# Bayern", "AS Roma"), or before a result ("Sunderland lost again", "Ajax verliest"),
# unless what was lost is the power ("Madrid lost power")
_CLUB_MARK = frozenset([
    "FC", "AFC", "CF", "AC", "AS", "SS", "SC", "SV", "VfB", "VfL", "RB", "Real", "Inter",
    "Atlético", "Atletico", "Sporting", "Olympique", "Dynamo", "Dinamo", "Spartak",
])  # fmt: skip
_RESULT = frozenset([
    "lost", "won", "beat", "drew", "perdió", "ganó", "empató", "perdeu", "ganhou", "venceu",
    "empatou", "verliert", "verliest", "gewinnt", "verloor", "wint", "vince", "perde",
    "kaybetti", "kazandı", "przegrała", "wygrała",
])  # fmt: skip
_LOST_SUPPLY = frozenset([
    "power", "signal", "internet", "electricity", "connection", "service", "water", "wifi",
    "its", "their", "all", "everything", "contact", "grid", "generation", "substations",
    "coverage", "luz", "señal", "conexión", "energia", "energía", "sinal", "strom", "netz",
    "prąd", "zasięg", "elektrik",
])  # fmt: skip
_POSSESSIVE_END = re.compile(r"(?:['’]s)?[.’']*$")  # "Rogers." and "Bell's" are the names


class Mention(list):
    """The readings of one name in a post, and whether a place word stands before it ("in
    Moncton", "en Pozzuoli"): then even a small town's name is the place, alone; and whether
    the name is a city's short form ("Tagbilaran" for Tagbilaran City), read as a small
    town's. ``after_place_word`` is wider than ``placed``: any place word, also those that
    put people or companies there too ("a Milano", "from Dubai", "aus Berlin"), which still
    make the name no lone one (``Place.lone``)."""

    def __init__(
        self,
        entries: Iterable[Entry],
        placed: bool = False,
        short_form: bool = False,
        opening: bool = False,
        everyday: bool = False,
        after_place_word: bool = False,
    ) -> None:
        super().__init__(entries)
        self.placed = placed
        self.after_place_word = placed or bool(after_place_word)
        self.short_form = short_form
        # a capitalised word opening a sentence, which the capital says nothing of ("Nada
        # funciona"): a town's name so read needs another mention in its country...
        self.opening = opening
        # ...and a word of the post's own language ("Mon compte", "Marche pas") any place's
        self.everyday = everyday


def _placed(cands: list[Entry]) -> bool:
    return isinstance(cands, Mention) and cands.placed


def _after_a_place_word(cands: list[Entry]) -> bool:
    return isinstance(cands, Mention) and cands.after_place_word


def _short(cands: list[Entry]) -> bool:
    return isinstance(cands, Mention) and cands.short_form


def _doubt(cands: list[Entry]) -> str:
    """How a mention's name was read in doubt: "everyday", "opening" or ""."""
    if isinstance(cands, Mention) and cands.everyday:
        return "everyday"
    return "opening" if isinstance(cands, Mention) and cands.opening else ""


# Countries' communities named by a code or in their own language, which the gazetteer does
# not read as a place ("de" is a word; "Polska", "Suomi")
COMMUNITY_COUNTRIES = {
    "de": "DE", "nl": "NL", "turkey": "TR", "polska": "PL", "norge": "NO", "suomi": "FI",
    "sverige": "SE", "danmark": "DK", "newsokur": "JP", "oesterreich": "AT", "schweiz": "CH",
    "czech": "CZ", "ukraina": "UA", "britishproblems": "GB", "cdmx": "MX",
}  # fmt: skip


class GazetteerGeocoder:
    """Geo tag > text > profile location > pinned language, each with its own confidence."""

    version = "geo-22"

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        use_language: bool = True,
        names: Iterable[str] = (),
    ) -> None:
        """``names``: the catalog's service names, which name no place ("Rogers outage" is
        about the Canadian operator, not Rogers, Arkansas)."""
        self._gaz = gazetteer
        self.use_language = use_language
        names = [n for n in names if n and n.strip()]
        self._names = names_pattern(names)  # for CJK text, where words have no spaces
        # the same names as runs of words: a set lookup per word is ten times cheaper than the
        # pattern of 1,400 names run over every post
        self._name_words = {tuple(_TOKEN.findall(n.casefold())) for n in names} - {()}
        self._name_max = max((len(w) for w in self._name_words), default=0)

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer()
        return self._gaz

    def locate(
        self,
        texts: Sequence[str],
        langs: Sequence[str],
        author_locations: Sequence[str | None],
        lat: Sequence[float | None],
        lon: Sequence[float | None],
        hashtags: Sequence[Sequence[str]] | None = None,
    ) -> list[Place]:
        tags = hashtags if hashtags is not None else [()] * len(texts)
        return [
            self.locate_one(t, lg, loc, la, lo, tg)
            for t, lg, loc, la, lo, tg in zip(
                texts, langs, author_locations, lat, lon, tags, strict=True
            )
        ]

    def locate_one(
        self,
        text: str,
        lang: str = "",
        author_location: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        hashtags: Sequence[str] = (),
    ) -> Place:
        """``hashtags`` without their "#", as the normaliser records them; the text is read
        without the "#" too, so a tag that is a capitalised name ("#Boston") is read there."""
        if _valid_coord(lat, lon):
            city = self.gaz.nearest_city(float(lat), float(lon))
            if city is not None:
                return Place(
                    city.country, city.region, city.city, float(lat), float(lon), "geo_tag", 0.95
                )
            return Place("", "", "", float(lat), float(lon), "geo_tag", 0.5)
        place = self.from_text(text, require_capital=True, lang=lang, hashtags=hashtags)
        if place is not None:
            return place
        if isinstance(author_location, str) and author_location.strip():
            place = self.from_text(author_location[:200], require_capital=False, profile=True)
            if place is not None:
                return place
        if self.use_language and lang in LANGUAGE_PINS:
            return Place(LANGUAGE_PINS[lang], evidence="language", confidence=LANGUAGE_CONFIDENCE)
        return Place()

    def from_community(self, name: str, lang: str = "") -> Place | None:
        """The place a community is named after, read as a hashtag is ("australia",
        "buenosaires"; "AskFrance" without the prefix), or by a country's code or own name
        (`COMMUNITY_COUNTRIES`, "CasualUK", "AskNZ"), evidence ``community``."""
        name = name.strip().removeprefix("/").removeprefix("r/")
        if code := COMMUNITY_COUNTRIES.get(name.casefold()):
            return Place(code, evidence="community", confidence=0.6)
        if m := re.fullmatch(r"(?i:ask|casual)([A-Z]{2})", name):  # "CasualUK", "AskNZ"
            import pycountry

            code = "GB" if m[1] == "UK" else m[1]
            known = pycountry.countries.get(alpha_2=code) is not None
            return Place(code, evidence="community", confidence=0.6) if known else None
        name = re.sub(r"^(?i:ask|casual)(?=[A-Z][a-z]{3,})", "", name)  # "AskFrance"
        if not re.fullmatch(r"\w{2,}", name):
            return None
        mentions = self._tag_mentions([name.casefold()], lang)
        return _resolve(mentions, "community") if mentions else None

    def from_text(
        self,
        text: str,
        *,
        require_capital: bool,
        profile: bool = False,
        lang: str = "",
        hashtags: Sequence[str] = (),
    ) -> Place | None:
        mentions = self._mentions(text, require_capital, lang) + self._tag_mentions(hashtags, lang)
        if profile:
            for code in _US_STATE_CODE.findall(text):
                if state := _us_state(code):
                    mentions.append([Entry("region", "US", region=state)])
        elif mentions:
            # "Springfield, IL", "St Petersburg FL": a state's code after a city of that state
            # (the code alone is a word too often: "IN", "OK", "ME")
            cities = {(e.country, e.region) for m in mentions for e in m if e.kind == "city"}
            for code in _STATE_AFTER_NAME.findall(text[:2000]):
                if (state := _us_state(code)) and ("US", state) in cities:
                    mentions.append([Entry("region", "US", region=state)])
        if not mentions:
            return None
        return _resolve(mentions, "profile" if profile else "text")

    def _mentions(self, text: str, require_capital: bool, lang: str = "") -> list[list[Entry]]:
        gaz = self.gaz
        text = text[:2000]
        out: list[list[Entry]] = []
        spans = [m.span() for m in _TOKEN.finditer(text)]
        tokens = [text[a:b] for a, b in spans]
        # a word inside a name ("Rogers." and "Bell's" too), not one holding it
        # ("Port-au-Prince" holds the operator "au")
        masked = self._masked(tokens)
        # in a shouted post every word is capitalised: "NÃO CONSIGO POSTAR NADA" names no
        # town called Nada, so there only countries, codes and major cities count
        shouting = require_capital and _shouting(text)
        place_words = PLACE_WORDS.get(lang, PLACE_BEFORE)
        town_words = (place_words - _TOWN_WORDS_NOT) | _AREA_WORDS
        signed = _short_segments(text, spans) if require_capital else [False] * len(tokens)
        i = 0
        while i < len(tokens):
            step = 1
            if CASELESS.match(tokens[i]):  # read by _script_mentions
                i += 1
                continue
            after_place_word = _after_place_word(tokens, i, place_words)
            # "…won't load. glasgow", "toronto, anyone?": a place alone between stops is where
            # the writer is, as a place word would say, for a word in lower case (a name in
            # capitals still passes the checks for a person or a Cyrillic word)
            lower_ok = not require_capital or after_place_word or signed[i]
            # a service's name is no place ("Rogers outage", "Bell Fibe"), unless a place word
            # puts it there ("outage in Halifax") or it begins a longer place name ("Bell
            # Gardens")
            name_as_place = masked[i] and _after_place_word(tokens, i, _NAME_AS_PLACE)
            nickname = REGION_NICKNAMES.get(tokens[i])
            if nickname and lang not in nickname[2]:
                out.append([Entry("region", nickname[0], region=nickname[1])])
                i += 1
                continue
            if not masked[i] and (abbr := _abbreviation(gaz, tokens, i, lower_ok)):
                out.append([abbr])
                i += 1
                continue
            if not masked[i] and (abbr := _local_abbreviation(gaz, tokens, i, lang, place_words)):
                out.append(Mention([abbr], placed=True))
                i += 1
                continue
            # lower-case words need a place word before them: checked once per position
            placed = require_capital and not tokens[i][:1].isupper() and lower_ok
            for n in range(min(gaz.max_ngram, len(tokens) - i), 0, -1):
                words = tokens[i : i + n]
                if all(masked[i : i + n]) and not name_as_place:
                    continue
                lower = require_capital and not words[0][:1].isupper()
                if lower and not (placed and _lower_place(words)):
                    continue
                key = " ".join(words)
                found = (
                    gaz.lookup(key)
                    or gaz.lookup(_POSSESSIVE_END.sub("", key))  # "Ottawa's west end"
                    or gaz.lookup_in(key, lang)
                )
                if not found and n == 1 and "-" in key:
                    found = _first_of_compound(gaz, key)  # "Köln-Ehrenfeld", "Erzurum-Kars"
                if (
                    not found
                    and n == 1
                    and not lower
                    and _after_other_place_word(tokens, i, place_words)
                ):
                    found = gaz.common.get(name_key(key), [])  # "à Nice", "en Mobile"
                inflected = False
                if not found and n == 1 and lang in _SLAVIC and words[0][:1].isupper():
                    found = gaz.lookup_inflected(words[0])  # "в Москве", "w Krakowie"
                    inflected = bool(found)
                elif not found and n == 1 and lang == "tr" and (stem := _turkish_stem(key)):
                    found = gaz.lookup(stem)  # "İstanbul'da", "Ankara'dan": a case suffix
                if found and not after_place_word and (inflected or CYRILLIC.match(key)):
                    # "Орёл и решка", "Курган был раскопан": an eagle, a mound; without a
                    # place word only a city of half a million ("Москва", "Львів") is read
                    found = [
                        e for e in found if e.kind != "city" or e.population >= BARE_CYRILLIC_CITY
                    ]
                if lower:
                    found = [e for e in found if e.kind != "city" or e.population >= BIG_CITY]
                if (shouting and len(words[0]) > 3 and words[0].isupper()) or _initials(words):
                    found = [e for e in found if e.kind == "country" or e.population >= MAJOR_CITY]
                if found and (kinds := _not_the_place(tokens, i, i + n, lang, after_place_word)):
                    found = [e for e in found if e.kind not in kinds]
                if found and not after_place_word and _person(text, spans, i, i + n):
                    # a city's name, or a country's that is a first name, is the person's;
                    # "Texas says", "Ukraine says" are still the places (official news)
                    first_name = key.casefold() in _NAME_LOWER
                    found = [e for e in found if e.kind == "region" or (
                        e.kind == "country" and not first_name
                    )]  # fmt: skip
                if found:
                    opening = (
                        n == 1
                        and lang not in ("", "en", "und")
                        and not after_place_word
                        and _opens_sentence(text, spans, i)
                    )
                    out.append(
                        Mention(
                            found,
                            placed=_after_place_word(tokens, i, town_words),
                            short_form=name_key(key) in gaz.short_forms,
                            opening=opening,
                            everyday=opening and key.casefold() in LANG_WORDS.get(lang, ()),
                            after_place_word=after_place_word,
                        )
                    )
                    step = n
                    break
            i += step
        if any(CASELESS.match(t) for t in tokens):
            out += self._script_mentions(tokens)
        if gaz.cjk is not None and any(ord(ch) > 0x2E80 for ch in text):
            spans = self._name_spans(text)
            pin = LANGUAGE_PINS.get(lang, "")
            for m in gaz.cjk.finditer(text):
                if any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
                if not _cjk_word(text, m.start(), m.end()):
                    continue  # "ドコモショップ", "パリーグ", "ローマ字": inside a longer word
                found = gaz.lookup(m.group(0))
                placed = _cjk_placed(text, m.end())
                if pin and _KANA_NAME.fullmatch(m.group(0)) and not placed:
                    found = [e for e in found if e.country == pin]
                out.append(Mention(found, placed=placed))
        return [m for m in out if m]

    def _script_mentions(self, tokens: list[str]) -> list[list[Entry]]:
        """Places named in Arabic, Hebrew or Devanagari ("في الرياض", "בתל אביב", "मुंबई में"),
        words that have no capitals: as a Cyrillic name without a place word is, a name
        read bare is a country, a region or a city of half a million; after a place word, or
        with a prefix that says "in", "to" or "from" ("بجدة"), any the gazetteer holds."""
        out: list[list[Entry]] = []
        i = 0
        while i < len(tokens):
            step = 1
            for n in range(min(3, len(tokens) - i), 0, -1):
                words = tokens[i : i + n]
                if not all(CASELESS.match(w) for w in words):
                    continue
                before = name_key(tokens[i - 1]) if i else ""
                after = name_key(tokens[i + n]) if i + n < len(tokens) else ""
                word_placed = before in _SCRIPT_PLACE_BEFORE or after in _SCRIPT_PLACE_AFTER
                rest = [name_key(w) for w in words[1:]]
                found, prefixed = next(
                    (
                        (found, said)
                        for stem, said in _unprefixed(name_key(words[0]))
                        if (found := self.gaz.index.get(" ".join([stem, *rest]), []))
                    ),
                    ([], False),
                )
                if not found:
                    continue
                if not (word_placed or prefixed):
                    # and a place's name of three letters only so ("دبي" bare may be a
                    # word); a country's is read bare ("فودافون مصر")
                    short = sum(ch.isalpha() for ch in " ".join(words)) <= 3
                    found = [
                        e
                        for e in found
                        if e.kind == "country"
                        or (not short and (e.kind != "city" or e.population >= BARE_CYRILLIC_CITY))
                    ]
                if found:
                    out.append(Mention(found, placed=word_placed or prefixed))
                    step = n
                    break
            i += step
        return out

    def _tag_mentions(self, hashtags: Sequence[str], lang: str) -> list[list[Entry]]:
        """Places named inside hashtags: "#PrayForBoston" read as the words it joins,
        "#qldfloods" and "#sardegna" as the name left without the words joined to it."""
        out: list[list[Entry]] = []
        for tag in hashtags[:MAX_TAGS]:
            words = camel_words(tag)
            if len(words) > 1 and not tag.islower() and not tag.isupper():
                # "NSWfires" splits as "NS Wfires": the tag in one case is tried after
                if found := self._mentions(" ".join(words), True, lang):
                    out += found
                    continue
                tag = tag.casefold()
            name = joined_name(tag)
            whole = name == tag_letters(tag)  # nothing joined to the name
            if not name or (whole and tag[:1].isupper() and not tag.isupper()):
                continue  # "#Boston" is read in the text, which keeps the word
            if len(name) > 3:
                found = self.gaz.lookup(name) or self._joined_names.get(name, [])
            else:  # "#nswfires", "#yycflood", "#usa": a code, an abbreviation, a country
                code = _CODES_AS_TYPED.get(name.upper()) or self.gaz.abbreviations.get(name.upper())
                found = (
                    [code] if code else [e for e in self.gaz.lookup(name) if e.kind == "country"]
                )
            if whole:
                found = _as_a_word(name, found)
            if found:
                out.append(found)
        return out

    @cached_property
    def _joined_names(self) -> dict[str, list[Entry]]:
        """Names of several words written as one, as tags write them ("losangeles",
        "newzealand"): countries, regions and cities of 100,000."""
        out: dict[str, list[Entry]] = {}
        for index in (self.gaz.index, self.gaz.folded):
            for key, entries in index.items():
                if " " not in key:
                    continue
                kept = [e for e in entries if _big_enough(e)]
                if kept:
                    out.setdefault(key.replace(" ", ""), []).extend(kept)
        return out

    def _masked(self, tokens: list[str]) -> list[bool]:
        """For each word, whether it is part of a service's name."""
        folded = [_POSSESSIVE_END.sub("", t.casefold()) for t in tokens]
        masked = [False] * len(tokens)
        for i in range(len(tokens)):
            for n in range(min(self._name_max, len(tokens) - i), 0, -1):
                if tuple(folded[i : i + n]) in self._name_words:
                    masked[i : i + n] = [True] * n
                    break
        return masked

    def _name_spans(self, text: str) -> list[tuple[int, int]]:
        if self._names is None:
            return []
        return [m.span() for m in self._names.finditer(text)]


def _turkish_stem(word: str) -> str:
    """A Turkish name less the case suffix written after an apostrophe ("İzmir'de" -> "İzmir");
    empty when the word has none."""
    stem, sep, suffix = word.replace("’", "'").partition("'")
    return stem if sep and 0 < len(suffix) <= 5 and suffix.isalpha() else ""


def _abbreviation(gaz: Gazetteer, tokens: list[str], i: int, lower_ok: bool) -> Entry | None:
    """ "NYC", "CDMX", "D.C." as typed, and in lower case where a lower-case place counts ("in
    nyc", a profile); "LA", "SF", "DC" only in capitals and a place-like context: "down in
    LA", "the DC area"."""
    word = tokens[i]
    before = tokens[i - 1].casefold() if i else ""
    if code := _CODES_AS_TYPED.get(word.rstrip(".’'?!")):
        short = len(word.rstrip(".’'?!")) <= 2  # "HELP US." is the pronoun too
        return code if not short or before in _ABBR_BEFORE or before == "the" else None
    abbr = gaz.abbreviations.get(word) or gaz.abbreviations.get(word.rstrip(".’'"))
    if abbr is None and lower_ok and len(word.rstrip(".’'")) > 2:
        abbr = gaz.abbreviations.get(word.upper()) or gaz.abbreviations.get(
            word.rstrip(".’'").upper()
        )
    if abbr is None or len(word.rstrip(".’'")) > 2:
        return abbr
    after = tokens[i + 1].casefold().rstrip(".’'") if i + 1 < len(tokens) else ""
    return abbr if before in _ABBR_BEFORE or after in _ABBR_AFTER else None


def _local_abbreviation(
    gaz: Gazetteer, tokens: list[str], i: int, lang: str, place_words: frozenset[str]
) -> Entry | None:
    """A city's abbreviation in the post's language ("em SP", "no RJ", "en el DF", "in ffm"),
    read only after a place word, and when of two letters only in capitals ("em sp" may be
    a word of a chat): the language, spoken in the city's country, is what pins it. One of
    three letters or more that only one city has is read in any language when typed in
    capitals ("Telmex sin internet en MTY" may be detected as English), and in lower case
    where the language is unknown ("vodafone kabel weg in ffm")."""
    word = tokens[i].rstrip(".’'?!")
    if len(word) == 2 and not word.isupper():
        return None
    entry = gaz.local_abbreviations.get((lang, word.upper()))
    if entry is None and len(word) > 2 and (word.isupper() or lang in ("", "und")):
        entry = gaz.one_city_abbreviated(word.upper())
    if entry is None:
        return None
    before = [t.casefold() for t in tokens[max(0, i - 2) : i]]
    if before[-1:] and before[-1] in _ARTICLES:
        before = before[:-1]
    return entry if before and before[-1] in place_words else None


def _after_other_place_word(tokens: list[str], i: int, place_words: frozenset[str]) -> bool:
    """After a place word of a language other than English ("à Nice", "en Mobile")."""
    return bool(i) and tokens[i - 1].casefold() in place_words - _ENGLISH_PLACE_WORDS


def _opens_sentence(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether word ``i`` is the first of the post or of a sentence (after ".", "!", "?",
    "…", or a line break), where every word is written with a capital."""
    return i == 0 or bool(re.search(r"[.!?…\n]", text[spans[i - 1][1] : spans[i][0]]))


def _cjk_word(text: str, start: int, end: int) -> bool:
    """Whether a CJK name found at ``start:end`` stands as a word: a katakana name not inside a
    longer katakana word ("ドコモショップ", "パリーグ") nor before a kanji other than a place's
    ("ローマ字", "ミラノ風", "カイロ貼って"; "パリ市" is the city); a Hangul name not inside
    a longer Hangul word, unless a particle follows it ("서울에서"; "부산물" is a by-product).
    Kanji names need no boundary: Chinese writes none, and Japanese compounds them ("東京都")."""
    name, before, rest = text[start:end], text[start - 1 : start] if start else "", text[end:]
    nxt = rest[:1]
    if _KATAKANA.match(name[0]) and before and _KATAKANA.match(before):
        return False
    if _KATAKANA.match(name[-1]) and nxt:
        if _KATAKANA.match(nxt):
            return False
        if re.match(r"\p{Han}", nxt) and nxt not in _JA_PLACE_KANJI:
            return False
    if _HANGUL.match(name[0]) and before and _HANGUL.match(before):
        return False
    if _HANGUL.match(name[-1]) and nxt and _HANGUL.match(nxt):
        return rest.startswith(_KO_AFTER_NAME)
    return True


def _cjk_placed(text: str, end: int) -> bool:
    """A CJK name followed by a word that puts someone there: "パリで", "서울에서"."""
    return text[end:].startswith(_CJK_PLACED)


def _unprefixed(word: str) -> list[tuple[str, bool]]:
    """An Arabic or Hebrew word as written, then less the prefixes written onto it, each with
    whether a prefix said "in", "to" or "from": "بالرياض" -> ("الرياض", True), "والقاهرة" ->
    ("القاهرة", False). The article stays: a name has it or not ("الرياض", "دبي"), and
    taken off a word it leaves another ("بالليل", at night, is no "ليل", Lille). Names of
    other scripts as written."""
    forms = [(word, False)]
    rest, locative = word, False
    if rest[:1] in _CONJUNCTIONS and len(rest) >= 3:
        rest = rest[1:]
        forms.append((rest, False))
    if rest[:1] in _PREPOSITIONS and len(rest) >= 3:
        locative = rest[0] in _LOCATIVE_PREFIXES
        # "للرياض": "ل" before "ال" drops the article's alif
        rest = "ا" + rest[1:] if rest.startswith("لل") else rest[1:]
        forms.append((rest, locative))
    return forms


def pinned_by_service(
    place: Place, services: Sequence[str], markets: Mapping[str, Sequence[str]]
) -> Place:
    """A post that says no place but names national services of one country is from there:
    "Telstra down again", "Rostelecom лежит с утра" (evidence ``service``). Global services
    say nothing; one whose markets leave out that country, or two countries, undo it. Only
    a pinned language gives way to it, and a community named after a place of another
    country ("AT&T fiber down" in r/Birmingham is Alabama's, not England's), and the text
    where it gave one name alone, without a place word, of another country ("Mon compte
    Orange": Mon State, Myanmar; ``Place.lone``); a profile, a geo tag or a text with more
    to say never do."""
    if place.evidence not in ("", "language", "community") and not (
        place.evidence == "text" and place.lone
    ):
        return place
    served = [set(markets.get(s, ())) for s in services]
    national = {next(iter(c)) for c in served if len(c) == 1}
    if len(national) != 1 or not all(national <= c for c in served if c):
        return place
    country = national.pop()
    if place.evidence == "text" and place.country == country:
        return place  # "Telstra down, Sydney": the text says more, and agrees
    if place.evidence == "community" and place.country == country:
        return place
    return Place(country, evidence="service", confidence=SERVICE_CONFIDENCE)


def pinned_by_services(
    place: Place,
    reported: Sequence[str],
    in_passing: Sequence[str],
    markets: Mapping[str, Sequence[str]],
) -> Place:
    """``pinned_by_service`` by the services a post reports, else by those and the ones it
    names in passing: "WhatsApp не грузит, сижу на мегафоне" is Russia's, while "eir down,
    the lads on Virgin Media are grand" stays Ireland's (not two countries, none)."""
    place = pinned_by_service(place, reported, markets)
    return pinned_by_service(place, [*reported, *in_passing], markets)


def _resolve(mentions: list[list[Entry]], evidence: str) -> Place | None:
    """Pick one reading per mention, preferring countries other mentions support, then a city
    in a region another mention names ("Springfield, Illinois"); then vote, and abstain
    unless one country holds a majority of the votes.

    A small town's name is more often a surname or a word ("Obama", "Campbell", "Metro"), so
    it counts only when another mention supports the same country, or after a place word
    ("flooding in Moncton") when nothing else in the post names a place: "Brisbane River
    near Eagle Street" is not Eagle, Idaho.
    """
    support: dict[str, float] = defaultdict(float)
    for cands in mentions:
        for c in {e.country for e in cands}:
            support[c] += 1.0
    named = [
        {(e.country, e.region) for e in cands if e.kind in _REGION_KINDS} for cands in mentions
    ]
    kept: list[tuple[list[Entry], list[Entry], set[tuple[str, str]]]] = []
    for placed_ok in (False, True):
        kept = [
            (
                cands,
                [
                    e
                    for e in cands
                    if _credible(
                        e, support, placed_ok and _placed(cands), _short(cands), _doubt(cands)
                    )
                ],
                set().union(*named[:j], *named[j + 1 :]),
            )
            for j, cands in enumerate(mentions)
        ]
        kept = [(cands, k, regions) for cands, k, regions in kept if k]
        if kept:
            break
    if not kept:
        return None
    chosen: list[tuple[Entry, list[Entry], set[tuple[str, str]]]] = []
    for cands, credible, regions in kept:
        best = max(
            credible,
            key=lambda e: (
                support[e.country],
                e.kind == "city" and (e.country, e.region) in regions,
                _rank(e),
                e.population,
            ),
        )
        chosen.append((best, cands, regions))
    votes: dict[str, float] = defaultdict(float)
    for e, _, _ in chosen:
        votes[e.country] += _KIND_WEIGHT[e.kind]
    country = max(votes, key=lambda c: votes[c])
    agree = votes[country] / sum(votes.values())
    if agree <= 0.5:
        # several countries and none holds a majority: "drought in the USA, floods in Manila,
        # an eruption in New Zealand" or "Indonesia's fires, Singapore's haze" say nothing of
        # where the writer is; a coin flip between them is no evidence
        return None
    mine = [c for c in chosen if c[0].country == country]
    # "Madrid" is a region and a city: the other readings in the chosen country still count
    every = [(e, cands, regions) for cands, k, regions in kept for e in k if e.country == country]
    cities = [c for c in mine if c[0].kind == "city"] or [c for c in every if c[0].kind == "city"]
    # the city in a region the post names ("Vancouver, Washington" is not Washington, D.C.),
    # else the biggest; its own region, else the one named
    city = max(
        cities,
        key=lambda c: ((c[0].country, c[0].region) in c[2], c[0].population),
        default=(None,),
    )[0]
    region = city.region if city else ""
    region = region or next((e.region for e, _, _ in every if e.kind in _REGION_KINDS), "")
    base = 0.7 if evidence == "text" else 0.6
    strength = max(_KIND_WEIGHT[e.kind] for e, _, _ in mine)
    confidence = min(0.9, base * agree * strength + 0.05 * (len(mine) - 1))
    reading = agree
    if city is not None:
        # "Washington D.C.": the reading is as sure as its surest mention
        share = max(_unambiguous(city, n, r) for e, n, r in cities if e == city)
        confidence *= share
        reading *= share
    lone = (
        len(chosen) == 1
        and chosen[0][0].kind != "country"
        and not _after_a_place_word(chosen[0][1])
    )
    if lone:
        # one name without a place word before it is less sure than one with ("Mon compte"
        # as Myanmar's Mon State is no surer than "à Lyon")
        confidence *= LONE_NAME
    return Place(
        country=country,
        region=region,
        city=city.city if city else "",
        lat=city.lat if city else None,
        lon=city.lon if city else None,
        evidence=evidence,
        confidence=round(confidence, 3),
        lone=lone,
        reading=round(reading, 3),
    )


def _unambiguous(city: Entry, namesakes: list[Entry], regions: set[tuple[str, str]]) -> float:
    """How sure the reading of a city's name is, 0..1: half for its country, half for the city
    itself, each its share of the population of the cities of that name (those in a region the
    post names, if any): people name a city about as often as its size says. "Madrid" 0.98
    (Madrid, Colombia is small), "Vancouver" 0.77 (Vancouver, Washington), "Springfield" 0.64
    (all American, but eight of them, none much bigger than the others)."""
    same = [e for e in namesakes if e.kind == "city"]
    if (city.country, city.region) in regions:
        same = [e for e in same if (e.country, e.region) in regions]
    total = sum(e.population for e in same)
    if total <= 0 or city not in same:
        return 1.0
    in_country = sum(e.population for e in same if e.country == city.country)
    return (city.population + in_country) / (2 * total)


def _rank(e: Entry) -> float:
    """Countries first, then big cities, regions, other cities."""
    if e.kind == "city" and e.population >= BIG_CITY:
        return 0.95
    return _KIND_WEIGHT[e.kind]


def _credible(
    e: Entry,
    support: dict[str, float],
    placed: bool = False,
    short_form: bool = False,
    doubt: str = "",
) -> bool:
    """A small town's name counts with another mention in its country, or after a place word
    ("flooding in Moncton", "en Santiago de Compostela"); a hyphenated one always
    ("Saint-Hyacinthe"), which is seldom anything but the place. A city read by the short
    form of its name ("Lipa" for Lipa City, "Angeles") counts as a small town does: "Dua
    Lipa", "the Angeles National Forest". A word opening a sentence of a post not in English
    has its capital from the sentence ("Nada funciona", "Anda fallando"): as a town of less
    than 300,000 it needs another mention in its country, and as a word of the post's own
    language ("Mon compte", "Marche pas") as any place but a country."""
    if (
        doubt == "everyday"
        and e.kind != "country"
        or (doubt == "opening" and e.kind == "city" and e.population < BIG_CITY)
    ):
        return support[e.country] >= 2.0
    if e.kind != "city" or (e.population >= SMALL_CITY and not short_form):
        return len(e.city) > 3 or e.kind != "city"
    return support[e.country] >= 2.0 or placed or ("-" in e.city and not short_form)


# "London-based", "Washington-born": an attribute, not where the post is
_COMPOUND_NOT_PLACE = frozenset(["based", "made", "born", "listed", "style", "bound"])


def _big_enough(e: Entry) -> bool:
    """A country, a region or a city of 100,000: what a name read without the usual context
    (inside a tag, a compound) may be."""
    return e.kind != "city" or e.population >= SMALL_CITY


def _as_a_word(name: str, found: list[Entry]) -> list[Entry]:
    """A tag that is only a name is a word as often as a place ("#turkey", "#jordan",
    "#batman", "#devon"): read as a lower-case word after "in" is, a country, a first-level
    region or a city of 300,000, and never a name that is first something else."""
    if not _lower_place([name]) or name in _OTHER_FIRST or name in _THING_AFTER:
        return []
    return [e for e in found if e.kind in ("country", "region") or e.population >= BIG_CITY]


def _first_of_compound(gaz: Gazetteer, word: str) -> list[Entry]:
    """A big place joined to a district or another place by a hyphen ("Köln-Ehrenfeld",
    "Berlin-Mitte", "Erzurum-Kars yolu"): the first, when it is a country, a region or a
    city of 100,000 ("Mercedes-Benz" is no Uruguayan town)."""
    first, _, rest = word.partition("-")
    if len(first) < 4 or not first[:1].isupper() or rest.casefold() in _COMPOUND_NOT_PLACE:
        return []
    return [e for e in gaz.lookup(first) if _big_enough(e)]


_EVERY_KIND = frozenset(["country", "region", "area", "city"])


def _not_the_place(
    tokens: list[str], start: int, end: int, lang: str, after_place_word: bool
) -> frozenset[str]:
    """The kinds of place the name in words ``start:end`` is not, being a thing, a club or a
    word that shares the name: "Turkey day", "Real Madrid", "Batman" (any kind); "Sunderland
    lost again" (a town's club; "Texas lost 40% of its grid", "Houston lost three
    substations" stay places)."""
    key = " ".join(tokens[start:end]).casefold()
    after = [t.casefold() for t in tokens[end : end + 5]]
    if after and after[0] in _THING_AFTER.get(key, ()):
        return _EVERY_KIND
    other = _OTHER_FIRST.get(key)
    if other is not None and other in ("", lang) and not after_place_word:
        return _EVERY_KIND
    if start and tokens[start - 1] in _CLUB_MARK:
        return _EVERY_KIND
    club_result = after and after[0] in _RESULT and not after_place_word
    if club_result and not any(w in _LOST_SUPPLY for w in after[1:]):
        return frozenset(["city"])
    return frozenset()


def _person(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """The name in words ``start:end`` reads as a person's: a speech verb follows, after a
    surname or not ("Jordan says", "Paris Hilton says"), or "from" a team ("Nancy from IT"),
    or it opens a sentence with "and I" ("Sydney and I both can't…"; not "down Dallas and I
    can't work"). Words joined by spaces only ("…offshore Guatemala, USGS says")."""
    words: list[str] = []
    for k in range(end, min(end + 3, len(spans))):
        if text[spans[k - 1][1] : spans[k][0]].strip():
            break
        words.append(text[spans[k][0] : spans[k][1]])
    after = [w.casefold() for w in words]
    if after[:1] and after[0] in _SPEECH:
        return True
    if len(after) >= 2 and words[0][:1].isupper() and after[1] in _SPEECH:
        return True
    if after[:1] == ["from"] and after[1:2] and after[1] in _TEAM:
        return True
    if after[:2] != ["and", "i"]:
        return False
    return start == 0 or bool(re.search(r"[.!?\n]\s*$", text[: spans[start][0]]))


def _short_segments(text: str, spans: list[tuple[int, int]], most: int = 2) -> list[bool]:
    """For each word, whether it stands in a stretch of at most ``most`` words between stops
    (".", ",", "?", "!", ";", a line break, or the post's ends): "… since 6am. leeds",
    "toronto, anyone?", "columbus oh"."""
    cuts = [0]
    for k in range(1, len(spans)):
        if _STOP.search(text, spans[k - 1][1] - 1, spans[k][0]):  # a word keeps its dot
            cuts.append(k)
    cuts.append(len(spans))
    out = [False] * len(spans)
    for a, b in zip(cuts, cuts[1:], strict=False):
        # not a name the writer addresses: "thanks, sydney", "hey, austin", "love you, paris"
        addressed = a > 0 and _GREETING_END.search(text, 0, spans[a][0]) is not None
        if b - a <= most and not addressed:
            out[a:b] = [True] * (b - a)
    return out


_STOP = re.compile(r"[.,!?;:\n]|\s[-–—]\s")
_GREETING_END = re.compile(
    r"\b(?:thanks|thank\s+you|thx|ty|hey|hi|hello|yo|lol|love\s+(?:you|ya)|bye|cheers|"
    r"congrats|bday|birthday|morning|night|ok|okay|sorry|dear)\W*$",
    re.IGNORECASE,
)


def _after_place_word(tokens: list[str], i: int, place_words: frozenset[str]) -> bool:
    """Lower-case words are read as a place only right after a place word ("in london",
    "em são paulo", "in the uk")."""
    before = [t.casefold() for t in tokens[max(0, i - 2) : i]]
    if before[-1:] == ["the"]:
        before = before[:-1]
    if before[-2:-1] and before[-1] == "of" and before[-2] in _DIRECTIONS:
        return True  # "south of Bunbury"
    return bool(before) and before[-1] in place_words


def _lower_place(words: list[str]) -> bool:
    """...and never as a country that is also a first name ("from jordan"), nor, when
    short, as anything but "uk" or "usa" ("in us", "in la")."""
    key = " ".join(words).casefold().rstrip(".’'?!")
    if key in _NAME_LOWER:
        return False
    return len(words) > 1 or len(key) >= 4 or key in _SHORT_LOWER


def _initials(words: list[str]) -> bool:
    """A two- or three-letter word in capitals is initials ("IG" for Instagram, "TG",
    "BT"): a country code or a big city's ("UK", "NYC"), never a village or a district
    ("Ig" in Slovenia)."""
    return len(words) == 1 and len(words[0]) <= 3 and words[0].isupper()


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha() and ch.lower() != ch.upper()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def _us_state(code: str) -> str:
    import pycountry

    sub = pycountry.subdivisions.get(code=f"US-{code}")
    return sub.name if sub is not None else ""


def _valid_coord(lat: object, lon: object) -> bool:
    """A geo tag that can be a place: finite, in range, and not (0, 0), "null island", the
    default a broken client sends (nobody posts from the Gulf of Guinea buoy)."""
    if isinstance(lat, bool) or isinstance(lon, bool):
        return False
    try:
        la, lo = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    if not (math.isfinite(la) and math.isfinite(lo)):
        return False
    return -90 <= la <= 90 and -180 <= lo <= 180 and (la, lo) != (0.0, 0.0)
