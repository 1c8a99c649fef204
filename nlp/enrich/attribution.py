"""Service attribution: catalog matching with word boundaries, then context for ambiguous names.

Strong evidence (an @-handle, a hashtag, a domain of the service, or an alias that is no
everyday word, like "Livebox" for Orange) is taken as is; what is only shared, a link into
the service's content ("youtube.com/watch?v=…") or its newsroom's handle ("via @YahooNews"),
only in a complaint. A bare name of a service flagged
``ambiguous`` ("Apple", "Orange", "Discord") must also read like a post about the service
(see ``nlp.enrich.context``: capitalised as a name or next to a service word, then the
embedding in English, or a service word in a language of the service's markets elsewhere),
else the stage abstains.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from functools import cache, partial
from typing import NamedTuple

import numpy as np
import regex as re

from nlp.enrich.base import Embedder, Normalized
from nlp.enrich.code_by_sms import code_of_a_line_out
from nlp.enrich.context import (
    NON_LATIN_LANGS,
    AmbiguityResolver,
    market_languages,
    other_names,
    sold_in,
)
from nlp.enrich.context import cued as is_cued
from nlp.enrich.context import proper as is_proper
from nlp.enrich.home_line import consequence_of_line, line_out_at
from nlp.enrich.in_passing import (
    FAILS,
    PASSING,
    as_a_consequence,
    fails_elsewhere,
    failure_after,
    reading,
    said_down_itself,
    used_meanwhile,
    works_elsewhere,
    works_for_someone_else,
)
from nlp.enrich.lexicon import (
    ARABIC_SERVICE_NOUNS,
    CATEGORY,
    CATEGORY_WORDS,
    SERVICE_WORDS,
    WORDS,
    compact,
    guess_language,
    mixed_language,
)
from nlp.enrich.listed_together import TOGETHER_WORD as _TOGETHER_WORD
from nlp.enrich.listed_together import fails_too, listed_together
from nlp.enrich.mention_role import SETTING, TARGET, MentionRole
from nlp.enrich.not_this_one import set_aside
from nlp.enrich.outage_status import ONLY_WHEN_TO_END, STATUS_AFTER_NAME, status_after
from nlp.enrich.payment_means import paid_with
from nlp.enrich.planned_use import planned, soon_in
from nlp.enrich.route_line import named_as_route, route_to
from nlp.enrich.ruled_out_line import blames_the_line, ruled_out_connection
from nlp.enrich.shown_by import shown_by
from nlp.enrich.speculated_cause import speculated
from nlp.enrich.tried_line import also_fails, names_the_app, tried_over
from outagewatch.catalog import (
    ARABIC_NAME_END,
    ARABIC_NAME_START,
    Service,
    forum_venue,
    names_alternation,
    uncased,
)
from outagewatch.catalog import NAME_LETTERS as _WORD

# Support accounts are named after the brand: @AskPlayStation, @TeamYouTube, @AmazonHelp.
LINE = "isp_telco"  # the category of a line people are online through
_HANDLE_PREFIXES = ("ask", "team", "the", "hey", "official", "get", "go")
_HANDLE_SUFFIXES = (
    "support", "supports", "help", "helps", "cares", "care", "status", "official", "app",
    "hq", "us", "team", "service", "services", "uk", "usa", "global", "air", "news", "inc",
)  # fmt: skip
_HASHTAG_SUFFIXES = ("down", "outage", "fail", "fails", "sucks", "help", "support", "issues")
# what other services run on: a line, a cloud, a CDN ("OVH VPS unreachable, our discord bot
# is offline because of it"; attr-55 added the cloud and the CDN)
_UNDERLYING = frozenset({LINE, "cloud", "cdn"})
_SHOWS = frozenset({"cloud", "cdn"})  # what shows a site's error page or serves a speed test
_PAID_WITH = frozenset({"banking", "payments"})  # the categories people pay with
_WALLET_NAME = re.compile(r"pay|wallet", re.IGNORECASE)  # "Apple Pay", "Google Pay"
_GIFT_CARD = re.compile(r"[ \t]+(?:gift[ \t]+)?card(?!\w)", re.IGNORECASE)  # "google play card"
MIN_FIT = 0.35  # cosine to the service's prototype for a bare name (see _fits)
_SHORT_CASE_SENSITIVE = 3  # "EA", "HBO", "X": matched as written (in lower case, see _build)
# A one-letter name ("X") is a model or a placeholder after these words or before those:
# "iPhone X", "Xbox Series X", "Mac OS X", "Malcolm X", "X amount of songs", "X days",
# "X followers", "the X display"
_LETTER_BEFORE = re.compile(
    r"\b(?:iphone|series|one|os|model|gen|generation|malcolm|moto|xperia|galaxy|project|redmi|"
    r"mark|version|type|class|pixel|windows|final\s+fantasy|mega\s*man|day|factor|brand|"
    r"mr|ms|mrs|dr|st)\.?\s*$",
    re.IGNORECASE,
)
_LETTER_AFTER = re.compile(
    r"^\s*(?:amount|number|times?|days?|hours?|minutes?|mins?|weeks?|months?|years?|songs?|"
    r"people|dollars|euros|pounds|percent|followers|likes|views|plays|streams|subscribers|"
    r"display|screen|notch|%|or\s+y|and\s+y|[+*/=<>]|\d)",
    re.IGNORECASE,
)
# A model number right before the name makes it part of a product's: "iPhone 7 Plus",
# "Galaxy S9 Plus", "6s Plus", "win10 App Store"; not a bare number ("od 10 Play nie działa"),
# a time, an ordinal or a count of times ("Since 8am Slack is down", "2nd Zoom call
# dropped", "for 24hr Slack is down", "3x Slack crashed today")
_MODEL_NUMBER_BEFORE = re.compile(
    r"(?:\b\p{L}{1,5}\d+\p{L}{0,2}|\b\d+(?!(?:am|pm|h|hr|st|nd|rd|th|x)\b)\p{L}{1,2}|"
    r"\b(?:iphone|ipad|galaxy(?:\s+\p{L}+)?|note|pixel|redmi|xperia|series|moto)(?:['’]\p{L}+)?"
    r"\s+\d+)\s+$",
    re.IGNORECASE,
)
# "signal" in lower case after a word of reception, or before a place for it, is a phone's
# reception, not the messenger: "no signal", "phone signal not working", "lost signal and
# TikTok won't load", "signal down in my area again" (each an outage status follows as
# naturally as it follows "Signal"); "signal not sending anything" is the app
_RECEPTION_NAMES = frozenset({"signal"})
_RECEPTION_BEFORE = re.compile(
    r"\b(?:no|lost|losing|lose|weak|bad|poor|zero|full|phone|mobile|cell|cellular|my|our|"
    r"[345]g|lte|wi-?fi|tv|network|"
    # ...in the languages mixed with English: "walang signal", "ga ada signal", "hakuna signal"
    r"walang|wala|ada|takde|hakuna|kuna|mahina|nahi|koi)[ \t]+$",
    re.IGNORECASE,
)
# ...unless the app's own things follow: "my signal messages won't send", "our signal group"
_MESSENGER_AFTER = re.compile(
    r"[ \t]+(?:app|messages?|msgs?|chats?|groups?|notifications?|calls?|backups?|stories|"
    r"texts?|desktop)\b",
    re.IGNORECASE,
)
_RECEPTION_AFTER = re.compile(
    r"\s+(?:bars?\b|strength\b|(?:\S+\s+){0,3}?in\s+(?:my|the|this|our)\s+(?:area|house|flat|"
    r"building|street|town|neighbou?rhood)\b)",
    re.IGNORECASE,
)
# A hyphen joining the name to a word: "three-hour", "free-range", "orange-red"
_COMPOUND_AFTER = re.compile(rf"-[{_WORD}]")
_SPACE_AFTER = re.compile(r"[ \t]+")  # a name, then the next word on the same line
# What may follow a name in lower case for it to be the service: a word of its category in
# any language ("o2 data", "jazz 4g", "rbc card") or of any service ("boa app", "bt customer
# service"). Words of a status ("down", "slow") are status_after's to read.
_ANY_SERVICE_NOUNS = (
    "app apps account accounts server servers site website service customer support"
)
_NAME_NOUNS = {
    category: frozenset(_ANY_SERVICE_NOUNS.split()) | words
    for category, words in CATEGORY_WORDS.items()
}
# a thing named by an everyday word, not the service: "smart tv", "jazz band", "globe lamp"
_THING_NEXT = re.compile(
    r"\s+(?:tv|phones?|watch|plugs?|bulbs?|speakers?|lights?|locks?|bands?|meters?|cards?|"
    r"homes?|aircon|fridge|lamps?|switch|rings?|music|car)\b",
    re.IGNORECASE,
)
# a person of that name, not the service: "O Tim não deixa", "Si Maya hindi makapasok",
# "mi perro Max", "Yung X ko" (an ex); or a size ("ukuran XL")
_PERSON_BEFORE = re.compile(
    r"(?<!\w)(?:o|si|ni|kay|yung|mi\s+\w+|my\s+\w+|il\s+mio|la\s+mia|meu|minha|mio|mia|"
    r"ukuran|size|talla|taglia|tamanho|beden)\s+$",
    re.IGNORECASE,
)
# a person of an everyday-word name that is also a first name, named as one: "my friend Zain
# is down with a fever", "my cousin Dana" (attr-49); in Arabic the "my" is written onto the
# word ("ولدي زين", my son Zain; "صاحبي", "اخوي"), or a title stands before ("ابو زين", "استاذ"); not
# "أم", which is most often "or" ("stc أم موبايلي", attr-51)
_KIN_BEFORE = re.compile(
    r"(?<!\w)(?:my|our|his|her|your|their)\s+(?:best\s+)?(?:friend|brother|sister|cousin|son|"
    r"daughter|uncle|aunt|boss|colleague|coworker|buddy|mate|bro|wife|husband|boyfriend|"
    r"girlfriend|dad|mom|mum|neighbou?r|teacher|classmate|roommate|flatmate|nephew|niece)\s+$|"
    r"(?<!\w)[وف]?(?:ولدي|ولد|ابني|[اإ]بن|بنت|بنتي|[اأ]خوي|[اأ]خي|[اأ]خت|[اأ]ختي|صاحبي|صديقي|رفيقي|"
    r"عمي|خالي|جدي|ابوي|[اأ]بو|[اأ]ستاذ|الاستاذ|الأستاذ|دكتور|الدكتور)\s+$",
    re.IGNORECASE,
)
# the article written onto a name ("الاتصالات", "للزين"), and a letter of the Arabic script
_ARTICLE_BEFORE = re.compile(r"(?:ال|لل)$")
_ARABIC = re.compile(r"\p{Arabic}")
_ARABIC_NOUNS_OF = frozenset(cat for cat, words in CATEGORY.items() if words.get("ar"))
# what may stand between a lower-case name and its word: "no", Urdu "ka", Indonesian "ku"
_BEFORE_NOUN = frozenset({"no", "ka", "ki", "ke", "ku"})
# a name with letters of another script than Latin ("트위터", "Дискорд", "ツイッター")
_OTHER_SCRIPT = re.compile(r"(?=.*[^\P{L}\p{Latin}])[\p{L}\p{M}\p{N}'’ -]{2,}")
# "is ig down?", "is bt down again": asked so, as a whole line (or "... or is it me"), a
# two-letter name in lower case is the service ("ig down for the party" is "I guess", "is
# bt not working" may be Bluetooth, "is o2 down below 90" is oxygen)
_ASKED = re.compile(r"(?<!\w)(?:is|are)\s+$", re.IGNORECASE)
_ASKED_DOWN = re.compile(
    rf"\s+down(?:{ONLY_WHEN_TO_END}|\s+or\s+(?:is\s+it|not|did|am|just)\b)", re.IGNORECASE
)
_LATIN_WORD = re.compile(r"[\P{L}\p{Latin}]+")  # no letter of another script
# a national service's everyday-word name said down as a whole outage line, read in a post
# from its country in any language (attr-43): "Is Orange down for anyone else?", "Play network
# down in Warsaw?"; not "Orange down again today on the Paris bourse", "Tim is down for a
# beer", nor a longer name ("ESPN Plus down", "ChatGPT Plus down again?")
_LINE_OPENS = re.compile(
    r"(?:^|\n|[.!?]\s+)[^\w\n]*(?:(?:is|are|anyone\s+else'?s?|why\s+is|whole)\s+)?$",
    re.IGNORECASE,
)
_DOWN_TO_LINE_END = re.compile(rf"{STATUS_AFTER_NAME}{ONLY_WHEN_TO_END}", re.IGNORECASE)


class Candidate(NamedTuple):
    slug: str
    strong: bool  # a handle, hashtag, domain or distinct alias: no doubt about the sense
    proper: bool  # capitalised where a common word would not be (not sentence-initial)
    cued: bool  # a service word ("app", "down", "login"...) within two words of the name
    setting: bool = False  # every bare mention is the post's setting ("on my Xbox"), see role
    # written in Latin letters with a capital somewhere ("LINE", "Discord"; not "apple", nor
    # "Озон", whose capital may only open the sentence), or as the catalog writes a name in
    # lower case ("stc", "du"): a name, in a post in another script
    cased: bool = True
    tagged: bool = False  # a handle, hashtag or domain: the post points at the service itself
    status: bool = False  # an outage status right after the name: "Steam down?" (outage_status)
    linked: bool = False  # only shared: a link into its content, a newsroom's handle
    target: bool = False  # a problem or question is about this mention (see mention_role)
    own_name: bool = False  # named by a name no other service has ("Vodafone UK", not "Vodafone")
    # named only by an everyday word matched as written ("Play", "Plus": Polish operators):
    # read only in a post in a language of the service's markets
    everyday: bool = False
    # such a name written in lower case ("jazz 4g nahi chal raha", catalog `lower_case`): read
    # only in a post in a language of its markets other than English (see candidates)
    lowered: bool = False
    # where the name stands in the post, each time it was read as this service
    spans: tuple[tuple[int, int], ...] = ()
    # named only by an everyday word of a script without capitals, listed as written ("زين"
    # good, "موبايلي" my mobile): as written says nothing there, so it needs what an
    # ambiguous name needs, an outage status or a service word beside it, whatever the
    # service's own flag (attr-50)
    uncased_word: bool = False


def only_written(c: Candidate) -> bool:
    """Named in the text only: no @-handle, hashtag or link points at it and no outage status
    says it down, so a reading of its mentions' words may set it aside."""
    return bool(c.spans) and not (c.tagged or c.linked or c.status)


class CatalogAttributor:
    """Finds every catalog service a post names; abstains on ambiguous names without context."""

    def __init__(
        self,
        catalog: Sequence[Service],
        *,
        embedder: Embedder | None = None,
        resolver: AmbiguityResolver | None = None,
        role: MentionRole | None = None,
        min_fit: float = MIN_FIT,
    ) -> None:
        self.catalog = tuple(catalog)
        self._by_slug = {s.slug: s for s in self.catalog}
        self._resolver = resolver
        if self._resolver is None and embedder is not None:
            self._resolver = AmbiguityResolver(self.catalog, embedder)
        self._role = role or MentionRole()
        self.min_fit = min_fit
        self.version = f"attr-61-f{min_fit:g}+{self._role.version}+" + (
            self._resolver.version if self._resolver else "strict"
        )
        self._build()

    def _build(self) -> None:
        insensitive: dict[str, set[str]] = defaultdict(set)
        sensitive: dict[str, set[str]] = defaultdict(set)
        handles: dict[str, list[str]] = defaultdict(list)
        lowered: dict[str, set[str]] = defaultdict(set)  # names written in lower case
        lowered_words: set[str] = set()  # ...of them, the everyday words ("smart", "jazz")
        self._compact_names: dict[str, str] = {}
        self._plain_names: dict[str, str] = {}  # ...of names without punctuation
        self._communities = {c.casefold(): s.slug for s in self.catalog for c in s.communities}
        # a service's own forums, by the venue the discourse crawler stores for their posts
        # ("devforum.roblox.com"); the first service to list a forum has it
        for s in reversed(self.catalog):
            self._communities.update({forum_venue(f).casefold(): s.slug for f in s.forums})
        self._hashtags: dict[str, str] = {}
        self._domains: dict[str, str] = {}
        self._distinct = {s.slug: _distinct_names(s) for s in self.catalog if s.ambiguous}
        self._markets = {s.slug: market_languages(s) for s in self.catalog}
        # national operators of one brand share its name ("Vodafone" is vodafone-uk, -de and
        # -es): a post naming it is about the one of its country or language (see _by_market)
        national: dict[str, set[str]] = defaultdict(set)
        for s in self.catalog:
            for name in s.names if s.countries else ():
                national[name.strip().casefold()].add(s.slug)
        self._siblings: dict[str, frozenset[str]] = {}
        self._shared_names: dict[str, frozenset[str]] = {}  # compacted, for hashtags
        for name, slugs in national.items():
            for slug in slugs if len(slugs) > 1 else ():
                self._siblings[slug] = self._siblings.get(slug, frozenset()) | slugs
            if len(slugs) > 1 and len(compact(name)) >= 3:
                self._shared_names[compact(name)] = frozenset(slugs)
        for s in self.catalog:
            for name in s.names:
                name = name.strip()
                if not name:
                    continue
                if len(name) <= _SHORT_CASE_SENSITIVE or name in s.as_written:
                    sensitive[name].add(s.slug)
                else:
                    insensitive[name.casefold()].add(s.slug)
                # in lower case too: an everyday name the catalog says people type so, or a
                # short name ("bt wifi down", "Bt wifi down"; not "max", a global word)
                word = name in s.as_written and s.lower_case
                short = name not in s.as_written and 2 <= len(name) <= _SHORT_CASE_SENSITIVE
                if word or (short and (s.countries or not s.ambiguous)):
                    for form in _lower_forms(name):
                        lowered[form].add(s.slug)
                        if word:
                            lowered_words.add(form)
                c = compact(name)
                if len(c) >= 3:
                    self._compact_names.setdefault(c, s.slug)
                    if re.fullmatch(r"[\w\s]+", name):
                        self._plain_names.setdefault(c, s.slug)
            for h in s.handles:
                handles[h.lstrip("@").split("@")[0].casefold()].append(s.slug)
            for tag in s.hashtags:
                self._hashtags[tag.lstrip("#").casefold()] = s.slug
            for d in s.domains:
                self._domains[d.casefold().removeprefix("www.")] = s.slug
        # a support account shared by several services (@AppleSupport) means the brand itself
        self._handles = {h: self._brand_of(h, slugs) for h, slugs in handles.items()}
        self._insensitive = dict(insensitive)
        self._sensitive = dict(sensitive)
        self._re_insensitive = _alternation(self._insensitive, re.IGNORECASE)
        self._re_sensitive = _alternation(self._sensitive, 0)
        self._lowered = {k: v for k, v in lowered.items() if k not in self._sensitive}
        self._lowered_words = frozenset(lowered_words)
        self._re_lowered = _alternation(self._lowered, 0)

    def attribute(
        self,
        posts: Sequence[Normalized],
        embeddings: np.ndarray | None = None,
        langs: Sequence[str] | None = None,
        complaints: Sequence[bool] | None = None,
        countries: Sequence[str] | None = None,
        firm: Sequence[bool] | None = None,
    ) -> list[list[str]]:
        """Slugs per post (see ``attribute_and_passing``)."""
        return self.attribute_and_passing(posts, embeddings, langs, complaints, countries, firm)[0]

    def attribute_and_passing(
        self,
        posts: Sequence[Normalized],
        embeddings: np.ndarray | None = None,
        langs: Sequence[str] | None = None,
        complaints: Sequence[bool] | None = None,
        countries: Sequence[str] | None = None,
        firm: Sequence[bool] | None = None,
    ) -> tuple[list[list[str]], list[list[str]]]:
        """Slugs per post. ``langs`` (optional, e.g. from the language stage) is the post's
        language; without it, a cheap guess is made for posts naming an ambiguous service.
        ``complaints`` (optional, from the complaint stage): a link into a service's content
        or its newsroom's handle names the service only in a complaint ("youtube.com/watch?v=…
        won't play"); people share such links ("watch now: primevideo.com/detail/…"). Without
        it, they count. ``countries`` (optional, from the region stage): the post's country,
        which picks between national operators of one brand. ``firm`` (optional): whether
        that country is evidence enough to rule an operator out (a place the text names, a
        profile, a geo tag; not a pinned language: French is written outside France too); a
        firm country no operator of a shared brand serves ("Orange en panne à Dakar",
        "Vodafone non funziona a Milano") names none of them. Without it, none is.

        Also, per post, the services dropped as named in passing beside another's failure
        (nlp/enrich/in_passing.py): not what the post reports, but still where it is
        written from ("сижу на мегафоне" says Russia)."""
        out: list[list[str]] = []
        passing: list[list[str]] = []
        for i, post in enumerate(posts):
            keep: list[str] = []
            lang = langs[i] if langs is not None and langs[i] else None
            guessed = cache(partial(guess_language, post.match_text))  # once, if ever needed
            found = self.candidates(post)
            spans = [sp for c in found for sp in c.spans]
            country = countries[i] if countries is not None else ""
            for c in found:
                if c.everyday:
                    # a post too short for the detector ("bt wifi down") still has words
                    said = lang if lang not in (None, "und") else guessed()
                    here = self._down_line_at_home(post.match_text, c, country)
                    if said not in (self._markets[c.slug] or ()) and not here:
                        # "Plus the app crashes", "#play #music": no Polish operator; but
                        # "Is Orange down?" from France (its text, profile or community)
                        continue
                    if c.lowered and said == "en":
                        continue  # "my smart wifi plug": an everyday word in English
                if c.tagged:
                    keep.append(c.slug)
                elif c.linked:
                    if complaints is None or complaints[i]:
                        keep.append(c.slug)
                elif c.setting:
                    continue  # named only as the device, sign-in or rival: not the subject
                elif c.strong or not (self._by_slug[c.slug].ambiguous or c.uncased_word):
                    # a word, even one with no other sense ("Twitter"), can be in passing;
                    # not when it is said to be down ("netflx not working", "YT down again"),
                    # which is enough for an ambiguous name below
                    if (
                        c.status
                        or self._fits(c.slug, embeddings, i, langs, post.match_text)
                        # "yt, insta and snap all dead rn??", "tokped error pas checkout":
                        # a failure phrase after it (a bare "down" may be "track down")
                        or failure_after(post.match_text, c.spans, spans, status_words=False)
                    ):
                        keep.append(c.slug)
                elif c.status and (  # "Free down?" in English is no French ISP,
                    sold_in(self._markets[c.slug], lang or guessed())
                    # unless a whole line from France
                    or self._down_line_at_home(post.match_text, c, country)
                ):
                    # "Steam down?": too short for the embedding to tell the senses apart,
                    # but no everyday sense of a name is followed by an outage status
                    keep.append(c.slug)
                elif (
                    (lang or guessed()) not in ("en", "und")
                    and sold_in(self._markets[c.slug], lang or guessed())
                    and self._said_failing(post.match_text, c.spans, spans)
                ):
                    # "Messenger hindi nagsesend", "XL ku ga ada sinyal": the name is what the
                    # failure phrase right after it is said of, in a language the encoder
                    # does not read (the resolver below needs English)
                    keep.append(c.slug)
                elif (c.proper or c.cued or (c.cased and lang in NON_LATIN_LANGS)) and (
                    self._resolver is not None
                ):
                    if lang in (None, "und"):
                        lang = guessed()
                    emb = embeddings[i] if embeddings is not None else None
                    if self._resolver.is_service_sense(
                        c.slug,
                        post.model_text,
                        emb,
                        cued=c.cued,
                        proper=c.proper,
                        lang=lang or "und",
                    ):
                        keep.append(c.slug)
            if len(found) > 1 and keep and _TOGETHER_WORD.search(post.match_text):
                keep += self._listed_with_failing(
                    keep, found, post.match_text, spans, lang or guessed()
                )
            keep = self._without_platforms(keep, found)
            abroad = self._abroad(found, post.match_text, lang or guessed())
            if country and firm is not None and firm[i]:
                abroad |= self._served_elsewhere(found, country)
            keep = [s for s in keep if s not in abroad]
            if len(keep) > 1 and any(k in self._siblings for k in keep):
                own = {c.slug for c in found if c.own_name}
                lang = lang or guessed()
                keep = self._by_market(keep, lang, country, own)
            complaint = complaints is None or complaints[i]
            by_the_way = self._named_in_passing(keep, found, post.match_text, complaint)
            out.append([s for s in keep if s not in by_the_way])
            passing.append(by_the_way)
        return out, passing

    def _listed_with_failing(
        self,
        keep: list[str],
        found: list[Candidate],
        text: str,
        spans: list[tuple[int, int]],
        lang: str,
    ) -> list[str]:
        """Names left out for want of evidence of their own, listed with a kept one said to
        fail under one "both" or "all" ("signal and telegram both not delivering", "Intesa
        e Poste entrambe giù": nlp/enrich/listed_together.py). A name several services share
        there ("TIM") stays out: the list does not say which."""
        cands = {c.slug: c for c in found}
        too = {sp for s in keep for sp in cands[s].spans if fails_too(text, sp[0], sp[1], spans)}
        failing = too | {
            sp
            for s in keep
            for sp in cands[s].spans
            if cands[s].status
            or reading(text, sp[0], sp[1], spans) == FAILS
            or failure_after(text, [sp], spans)
        }
        if not failing:
            return []
        shared = Counter(sp for c in found for sp in c.spans)
        out = []
        for c in found:
            if c.slug in keep or c.setting or not c.spans:
                continue
            if (c.everyday or c.lowered) and lang not in (self._markets[c.slug] or ()):
                continue
            if not all(shared[sp] == 1 for sp in c.spans):
                continue
            group = listed_together(c.spans, text, spans)
            # listed with one that fails, or said to fail as well as another ("stripe webhooks
            # are failing as well"), or to fail before one that fails as well ("hbo max stuck,
            # paramount+ won't cooperate either")
            if (
                (group and failing & set(group))
                or all(fails_too(text, a, b, spans) for a, b in c.spans)
                or (too and all(reading(text, a, b, spans) == FAILS for a, b in c.spans))
            ):
                out.append(c.slug)
        return out

    def _down_line_at_home(self, text: str, c: Candidate, country: str) -> bool:
        """The name said down as a whole outage line, in a post from its service's country."""
        if not (c.status and country and country in self._by_slug[c.slug].countries):
            return False
        return any(
            _LINE_OPENS.search(text[:start]) and _DOWN_TO_LINE_END.match(text, end)
            for start, end in c.spans
        )

    def _served_elsewhere(self, found: list[Candidate], country: str) -> set[str]:
        """The operators named only by a brand several of them share ("Orange", "Vodafone",
        "#vodafone") whose markets leave out the post's country: the catalog lists the brand
        in some countries, so it has others it lacks ("Orange en panne à Dakar" is Orange
        Sénégal's). A brand the catalog gives one country ("Telmex") is not read so: a
        false place ("Nada funciona con Telmex") would cost the right one."""
        return {
            c.slug
            for c in found
            if c.slug in self._siblings
            and not c.own_name
            and country not in self._by_slug[c.slug].countries
        }

    def _abroad(self, found: list[Candidate], text: str, lang: str) -> set[str]:
        """The operators named by a shared brand followed by a country none of its markets is:
        "Orange Sénégal", "Orange Maroc", "Vodafone Egypt" (in any language the country's
        name is; "Vodafone UK" is an operator's own name and never reaches here)."""
        out: set[str] = set()
        for c in found:
            if c.slug not in self._siblings or c.own_name:
                continue
            named = {_country_after(text, end, lang) for _, end in c.spans} - {""}
            if named and not named & set(self._by_slug[c.slug].countries):
                out.add(c.slug)
        return out

    def _by_market(
        self, keep: list[str], lang: str, country: str, own: Collection[str] = ()
    ) -> list[str]:
        """Of several national operators named by their shared brand ("Vodafone Störung"),
        keep those of the post's country, else those of its language; when neither tells
        them apart (an English post could be from anywhere Vodafone is), keep them all. One
        named by its own name or handle (``own``: "Vodafone UK", "@VodafoneUK") stays."""
        out: list[str] = []
        for slug in keep:
            if slug in own:
                out.append(slug)
                continue
            group = [k for k in keep if k in self._siblings.get(slug, ())]
            if len(group) < 2:
                out.append(slug)
                continue
            here = [k for k in group if country and country in self._by_slug[k].countries]
            spoken = [k for k in group if lang != "und" and lang in (self._markets[k] or ())]
            fit = here or spoken or group
            if slug in fit:
                out.append(slug)
        return out

    def _without_platforms(self, keep: list[str], found: list[Candidate]) -> list[str]:
        """A game named beside the network or store it runs on is the subject; the platform
        is where it runs ("can't join GTA Online on Xbox", "Fortnite crashes on PS5"), like
        the device. The platform stays when the post points at it (a handle, hashtag or
        domain), reports it down ("PSN is down, can't play Fortnite") or speaks to it."""
        if len(keep) < 2:
            return keep
        by = self._by_slug
        categories = {by[s].category for s in keep if not by[s].platform}
        cands = {c.slug: c for c in found}
        return [
            s
            for s in keep
            if not by[s].platform
            or by[s].category not in categories
            or cands[s].tagged
            or cands[s].status
            or cands[s].target
        ]

    def _named_in_passing(
        self, keep: list[str], found: list[Candidate], text: str, complaint: bool = True
    ) -> list[str]:
        """Of several services, those named only in passing (the line one is on, one that
        works, the one switched to: nlp/enrich/in_passing.py) while another is named in a
        clause that says it failed, or said down: "WhatsApp не грузит, сижу на мегафоне",
        "Spotify won't play, Apple Music is fine". One the post points at (its handle, hashtag
        or site named) never is; a link into its content only shares it. A service named
        alone may be in passing too (``_works_while_another_fails``), and so are the apps of a
        post saying the writer's own line is out (``_beside_home_line_out``)."""
        if not keep:
            return []
        cands = {c.slug: c for c in found}
        spans = [sp for c in found for sp in c.spans]
        apps = [sp for c in found if self._by_slug[c.slug].category != LINE for sp in c.spans]
        home_out = complaint and line_out_at(text, apps) is not None
        by_the_way = self._beside_failure(keep, cands, text, spans, complaint)
        by_the_way += self._paid_with(keep, cands, text, spans) if complaint else []
        by_the_way += self._guessed_cause(keep, cands, text, spans)
        by_the_way += self._tried_line(keep, cands, text, spans) if complaint else []
        by_the_way += self._planned(keep, cands, text, spans) if complaint else []
        by_the_way += self._ruled_out_line(keep, cands, text, spans) if complaint else []
        by_the_way += self._shown_by(keep, cands, text) if complaint else []
        by_the_way += self._code_sender(keep, cands, text) if complaint else []
        by_the_way += self._set_aside(keep, cands, text, spans)
        by_the_way += self._route_line(keep, cands, text, spans) if complaint else []
        return [
            s
            for s in keep
            if s in by_the_way or (home_out and self._beside_home_line_out(cands[s], text, spans))
        ]

    def _paid_with(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A bank or wallet named only as what was paid with ("pakai kartu BCA", "my Revolut
        got charged for the seat": nlp/enrich/payment_means.py), never one pointed at."""
        out = []
        for s in keep:
            c, category = cands[s], self._by_slug[s].category
            if not only_written(c):
                continue
            if all(
                paid_with(
                    text,
                    a,
                    b,
                    spans,
                    wallet=category in _PAID_WITH
                    or bool(_WALLET_NAME.search(text[a:b]) or _GIFT_CARD.match(text, b)),
                )
                for a, b in c.spans
            ):
                out.append(s)
        return out

    def _tried_line(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A line named only as one the failure persists on ("even on a wired comcast line",
        "tried the ziggo wifi", "ドコモ回線でも": nlp/enrich/tried_line.py) while the post says
        what failed outside the line's name; never one pointed at or said down itself."""
        out = []
        for s in keep:
            c = cands[s]
            if self._by_slug[s].category != LINE or c.tagged or c.linked or c.status:
                continue
            if not c.spans or not all(tried_over(text, a, b) for a, b in c.spans):
                continue
            if any(said_down_itself(text, a, b, spans) for a, b in c.spans):
                continue
            # what fails over the line: another service named, or the app or site itself
            others = any(k != s for k in cands)
            if not (others or names_the_app(text)):
                continue
            if fails_elsewhere(text, [], spans) or also_fails(text):
                out.append(s)
        return out

    def _planned(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A service named only in what is due or planned soon ("my telstra bill was due
        today", "email it from outlook in 10 min": nlp/enrich/planned_use.py) while another
        of the post is said to fail; never one pointed at or said to fail itself."""
        if len(keep) < 2 or not soon_in(text):  # most posts name one service and no time
            return []
        fail = [
            s
            for s in keep
            if cands[s].status
            or any(reading(text, a, b, spans) == FAILS for a, b in cands[s].spans)
        ]
        return [
            s
            for s in keep
            if any(f != s for f in fail)
            and only_written(cands[s])
            and all(planned(text, a, b, spans) for a, b in cands[s].spans)
        ]

    def _ruled_out_line(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A line named in a post that rules the connection out ("on aussie broadband so def
        not my connection", "así que no es mi conexión": nlp/enrich/ruled_out_line.py), when
        its own clause says no failure; never one pointed at or said down."""
        lines = [s for s in keep if self._by_slug[s].category == LINE]
        if not lines or not (ruled := ruled_out_connection(text)) or blames_the_line(text):
            return []
        # a line alone in the post is ruled out only where it is named as the one the writer
        # is on ("on telstra nbn ... so it's not me", to an app's support account); one called
        # or written about ("Called Xfinity three times ... so it's not me") is the subject
        if all(self._by_slug[s].category == LINE for s in keep):
            lines = [s for s in lines if all(named_as_route(text, a) for a, _ in cands[s].spans)]
        # the phrase itself ("not my connection") is no failure of the line's
        bare = text[: ruled[0]] + " " * (ruled[1] - ruled[0]) + text[ruled[1] :]
        # an app said to fail: the line named beside it is its route ("No me carga Netflix
        # con la fibra de Movistar ... no es mi conexión")
        app_fails = any(
            self._by_slug[s].category != LINE
            and (
                cands[s].status
                or any(reading(bare, a, b, spans) == FAILS for a, b in cands[s].spans)
            )
            for s in keep
        )
        return [
            s
            for s in lines
            if only_written(cands[s])
            and not any(said_down_itself(bare, a, b, spans) for a, b in cands[s].spans)
            and (app_fails or all(reading(bare, a, b, spans) != FAILS for a, b in cands[s].spans))
        ]

    def _set_aside(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A service a sentence opens by setting aside for what it points at next ("It's not
        Zoom, it's the internet", "PSN works, it's Warzone itself":
        nlp/enrich/not_this_one.py); never one pointed at or said down."""
        return [
            s
            for s in keep
            if only_written(cands[s])
            and all(set_aside(text, a, b, spans) for a, b in cands[s].spans)
        ]

    def _route_line(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A line named only as the route an app said to fail is used over ("on verizon 5G
        and instagram won't load", "Turkcell'de WhatsApp açılmıyor":
        nlp/enrich/route_line.py); never one pointed at or said down itself."""
        lines = [s for s in keep if self._by_slug[s].category == LINE]
        if not lines or len(keep) < 2:  # most posts: no line, or nothing else
            return []
        failing = {
            a: s
            for s in keep
            if self._by_slug[s].category != LINE
            and (
                cands[s].status
                or any(reading(text, a, b, spans) == FAILS for a, b in cands[s].spans)
            )
            for a, _ in cands[s].spans
        }
        if not failing:
            return []
        out = []
        for s in lines:
            c = cands[s]
            if not only_written(c):
                continue
            if any(said_down_itself(text, a, b, spans) for a, b in c.spans):
                continue
            routes = [route_to(text, a, b, spans) for a, b in c.spans]
            if all(r is not None and (r == -1 or r in failing) for r in routes):
                out.append(s)
        return out

    def _shown_by(self, keep: list[str], cands: dict[str, Candidate], text: str) -> list[str]:
        """A CDN or cloud named only as what shows the failure or serves a speed test
        ("cloudflare error page on every product I click", "speedtest to a cloudflare
        server": nlp/enrich/shown_by.py); never one pointed at or said down itself."""
        return [
            s
            for s in keep
            if self._by_slug[s].category in _SHOWS
            and only_written(cands[s])
            and all(shown_by(text, a, b) for a, b in cands[s].spans)
        ]

    def _code_sender(self, keep: list[str], cands: dict[str, Candidate], text: str) -> list[str]:
        """A bank or wallet named only as the sender of a code in a post saying no text
        arrives at all ("no SMS coming through, hdfc OTP never arrives":
        nlp/enrich/code_by_sms.py): the line fails; never one pointed at or said down."""
        return [
            s
            for s in keep
            if self._by_slug[s].category in _PAID_WITH
            and only_written(cands[s])
            and all(code_of_a_line_out(text, a, b) for a, b in cands[s].spans)
        ]

    def _guessed_cause(
        self, keep: list[str], cands: dict[str, Candidate], text: str, spans: list
    ) -> list[str]:
        """A service only guessed at as the cause ("is it cloudflare again", "auの障害？":
        nlp/enrich/speculated_cause.py) while another of the post is said to fail."""
        if len(keep) < 2:  # no other to fail: most posts, and each guess reads its sentence
            return []
        guessed = [
            s
            for s in keep
            if not cands[s].tagged
            and cands[s].spans
            and all(speculated(text, a, b) for a, b in cands[s].spans)
        ]
        # where another is first said to fail: a guess comes after it ("fastly outage??
        # reddit, twitch and pypi all throwing 503s" reports Fastly down)
        failing = min(
            (
                a
                for s in keep
                if s not in guessed
                for a, b in cands[s].spans
                if cands[s].status or reading(text, a, b, spans) == FAILS
            ),
            default=len(text),
        )
        return [s for s in guessed if cands[s].spans[0][0] > failing]

    def _beside_failure(
        self,
        keep: list[str],
        cands: dict[str, Candidate],
        text: str,
        spans: list[tuple[int, int]],
        complaint: bool,
    ) -> list[str]:
        """Those of ``keep`` (not empty) named in passing beside another's failure (see
        above)."""
        if len(keep) == 1:
            alone = cands[keep[0]]
            if not complaint:
                return []
            if self._works_while_another_fails(alone, text, spans):
                return keep
            return keep if self._fine_for_someone_else(alone, cands, text, spans) else []
        read = {s: [reading(text, a, b, spans) for a, b in cands[s].spans] for s in keep}
        failing = [s for s in keep if cands[s].status or FAILS in read[s]]
        if not failing:
            # none said to fail, the failure said without a name: each may work while the
            # unnamed subject fails ("Prime Video marche nickel sur la même Bbox")
            if not complaint:
                return []
            return [s for s in keep if self._works_while_another_fails(cands[s], text, spans)]
        # where a line is first said to fail: an app named after it may be how that shows
        line_down = min(
            (cands[s].spans[0][0] for s in failing if self._by_slug[s].category in _UNDERLYING),
            default=len(text),
        )
        return [
            s
            for s in keep
            if not cands[s].tagged
            and read[s]
            and (
                (all(r == PASSING for r in read[s]) and not cands[s].status)  # "to nie Play padł?"
                or (
                    # "glo data no dey work, even whatsapp no dey load": the app is how the
                    # line's failure shows, not a second outage
                    self._by_slug[s].category not in _UNDERLYING
                    and all(
                        a > line_down and as_a_consequence(text, a, b, spans)
                        for a, b in cands[s].spans
                    )
                )
            )
        ]

    def _beside_home_line_out(
        self, c: Candidate, text: str, spans: Sequence[tuple[int, int]]
    ) -> bool:
        """In a post saying the writer's unnamed line is out (nlp/enrich/home_line.py), an
        app is how that shows or what was planned when every mention says so ("can't even
        get a WhatsApp out", "my Teams standup is at 9"). A line is the one used meanwhile
        ("hotspotting off my Three phone") when its clause says so and no failure. One the
        post points at (a handle, hashtag or link) or says down never is."""
        if not only_written(c):  # (spans: the names written)
            return False
        if self._by_slug[c.slug].category == LINE:
            return all(used_meanwhile(text, a, b, spans) for a, b in c.spans)
        return all(
            not said_down_itself(text, a, b, spans) and consequence_of_line(text, a, b)
            for a, b in c.spans
        )

    def _works_while_another_fails(
        self, c: Candidate, text: str, spans: Sequence[tuple[int, int]]
    ) -> bool:
        """A complaint naming one service that works elsewhere, while the rest of the post
        says what failed: "stuck on 'connecting' forever, my mates on Optus are all fine" is
        about a service it does not name (written to its support, the handle removed), and
        counting it for Optus would report Optus down. Only a name written (not a handle,
        hashtag or link) and not said down."""
        line = self._by_slug[c.slug].category == LINE
        return bool(
            c.spans
            and not (c.tagged or c.linked or c.status)
            and all(works_elsewhere(text, a, b, spans, line=line) for a, b in c.spans)
            and fails_elsewhere(text, c.spans, spans)
        )

    def _fine_for_someone_else(
        self,
        c: Candidate,
        cands: dict[str, Candidate],
        text: str,
        spans: Sequence[tuple[int, int]],
    ) -> bool:
        """An app said to work for someone else is in passing only with more said: another
        service named failing for the writer ("apple pay spins forever in your app, google pay
        on my wife's phone went through"), or the writer's own use seen through them, beside
        a failure said elsewhere ("can't join any party chat, but on Discord my friends hear
        me fine"). "My wife on WhatsApp gets hers fine" beside "messages not sending" is the
        writer's WhatsApp failing. Only a name written and not said down."""
        if self._by_slug[c.slug].category == LINE or c.tagged or c.linked or c.status:
            return False
        if not c.spans:
            return False
        read = [works_for_someone_else(text, a, b, spans) for a, b in c.spans]
        if not all(fine for fine, _ in read):
            return False
        if all(own for _, own in read) and fails_elsewhere(text, c.spans, spans):
            return True
        return any(
            o.slug != c.slug and any(reading(text, a, b, spans) == FAILS for a, b in o.spans)
            for o in cands.values()
        )

    @staticmethod
    def _said_failing(
        text: str, mentions: Sequence[tuple[int, int]], names: Sequence[tuple[int, int]]
    ) -> bool:
        """A failure phrase right after an ambiguous name says it is the service, unless a
        thing or a person of that name is meant ("smart aircon", "O Tim", "ukuran XL")."""
        return failure_after(text, mentions, names) and not any(
            _THING_NEXT.match(text, b) or _PERSON_BEFORE.search(text, max(0, a - 16), a)
            for a, b in mentions
        )

    def _fits(
        self,
        slug: str,
        embeddings: np.ndarray | None,
        i: int,
        langs: Sequence[str] | None,
        text: str = "",
    ) -> bool:
        """A bare name in an English (or too short to tell) post must also sit in a post about
        such a service; the encoder reads English only, so other languages (and tests without
        a model) pass, and so does English mixed with another language ("wala pa ring internet
        dito, PLDT down since kagabi"; the language stage says `tl`, a source's language tag
        may still say English)."""
        if self._resolver is None or embeddings is None or langs is None:
            return True
        if langs[i] not in ("en", "und") or mixed_language(text):
            return True
        return self._resolver.similarity(slug, embeddings[i]) >= self.min_fit

    def needs_context(self, post: Normalized) -> bool:
        """True when the post names an ambiguous service without strong evidence."""
        return any(not c.strong and self._by_slug[c.slug].ambiguous for c in self.candidates(post))

    def candidates(self, post: Normalized) -> list[Candidate]:
        """Services named, in order of first mention; strong = by handle, hashtag or domain."""
        hits: dict[str, Candidate] = {}
        pos: dict[str, int] = {}

        def add(
            slug: str | None,
            at: int,
            strong: bool,
            proper: bool = True,
            cued: bool = True,
            setting: bool = False,
            cased: bool = True,
            tagged: bool = False,
            status: bool = False,
            linked: bool = False,
            target: bool = False,
            own_name: bool = False,
            everyday: bool = False,
            lowered: bool = False,
            span: tuple[int, int] | None = None,
            uncased_word: bool = False,
        ) -> None:
            if slug is None:
                return
            old = hits.get(slug)
            if old is not None:
                strong, proper, cued = old.strong or strong, old.proper or proper, old.cued or cued
                setting, cased = old.setting and setting, old.cased or cased
                tagged, status = old.tagged or tagged, old.status or status
                linked, target = old.linked and linked, old.target or target
                own_name, everyday = old.own_name or own_name, old.everyday and everyday
                lowered = old.lowered and lowered
                uncased_word = old.uncased_word and uncased_word
            spans = (*(old.spans if old else ()), *((span,) if span else ()))
            hits[slug] = Candidate(
                slug, strong, proper, cued, setting, cased, tagged, status, linked, target,
                own_name, everyday, lowered, spans, uncased_word,
            )  # fmt: skip
            pos[slug] = min(pos.get(slug, at), at)

        text = post.match_text
        for h in post.handles:
            # a brand's newsroom (@YahooNews, @Telstra_news) shares news, as a link shares
            # content: its service counts only in a complaint (see attribute)
            newsroom = _is_newsroom(h) and h.split("@")[0].casefold() not in self._handles
            slug = self._handle_slug(h)
            add(
                slug, _pos(text, "@" + h), True, tagged=not newsroom, linked=newsroom, own_name=True
            )
        for tag in post.hashtags:
            # "#vodafone" names the brand every national Vodafone shares: the post's own, as
            # for the bare name (see _by_market); "#vodafoneuk" names one of them
            shared = self._shared_tag(tag)
            for slug in shared or [self._hashtag_slug(tag)]:
                add(
                    slug, _pos(text, "#" + tag), True, tagged=True, own_name=not shared,
                    everyday=self._everyday_tag(slug, tag),
                )  # fmt: skip
        for d in post.domains:
            shared = d in post.shared_links
            add(
                self._domain_slug(d), _pos(text, d), True, tagged=not shared, linked=shared,
                own_name=True,
            )  # fmt: skip
        names = self._name_matches(text)
        words_after = self._service_words_after(text, names)
        # "no signal", "signal down in my area", "walang signal": reception, no name (and no
        # name a failure phrase may not read across)
        names = [(m, key, table) for m, key, table in names if not _is_reception(text, m)]
        name_spans = [m.span() for m, _, _ in names]
        keys = {key.casefold() for _, key, _ in names}
        for m, key, table in names:
            if len(key) == 1 and _is_placeholder(text, m.start(), m.end()):
                continue
            compound = _COMPOUND_AFTER.match(text, m.end()) is not None
            # another name in the post: where one read of its failure is the setting
            role = self._role.role(text, m.start(), m.end(), others=bool(keys - {key.casefold()}))
            named = table.get(key, ())
            for slug in sorted(named):
                svc = self._by_slug[slug]
                distinct = svc.ambiguous and (
                    key.casefold() in self._distinct[slug] or _written_as_listed(text, m, svc)
                )
                if svc.ambiguous and not distinct and compound:
                    continue  # "three-hour", "free-range": a compound word, not a name
                if key in svc.as_written and _KIN_BEFORE.search(
                    text, max(0, m.start() - 30), m.start()
                ):
                    continue  # "my friend Zain": a person of that name
                if (
                    key in svc.as_written
                    and uncased(key)
                    and _ARABIC.search(key)
                    and svc.category in _ARABIC_NOUNS_OF
                ):
                    # an everyday Arabic word ("زين" good, "موبايلي" my mobile, "فوري"
                    # instant, "اتصالات" communications): the service only beside a noun of
                    # a service ("شبكة زين", "تطبيق فوري"; an outage status is said of a
                    # phone, a fruit or a person too: "موبايلي طاح في الماء", "زين واقف عند
                    # الباب"), and never with the article ("الاتصالات مقطوعة", the common
                    # noun; "الاورنج", the fruit; attr-51), where the lexicon has Arabic
                    # words of its category (a line, a bank: not "ستيم واقف", Steam)
                    if _ARTICLE_BEFORE.search(text, max(0, m.start() - 2), m.start()):
                        continue
                    nouns = ARABIC_SERVICE_NOUNS.get(svc.category, ARABIC_SERVICE_NOUNS[""])
                    if not is_cued(text, m, svc.category, nouns):
                        continue
                if (
                    svc.ambiguous
                    and not distinct
                    and _MODEL_NUMBER_BEFORE.search(text, max(0, m.start() - 12), m.start())
                ):
                    continue  # "iPhone 7 Plus": a product's name
                if (
                    svc.ambiguous
                    and not distinct
                    and m.group(0).islower()
                    and key.casefold() in words_after.get(m.start(), ())
                ):
                    continue  # "O2 signal", "Vodafone network": the word of that service
                # a name in lower case is the service before a word of its own ("o2 data",
                # "jazz 4g", "boa app", "ee no signal"); one of three letters or more, or in
                # another script, also before an outage status ("att down?", "вк лежит"), and a
                # two-letter one when asked so ("is ig down"); "label axis di grafik", "car
                # bt not working", "ig down for the party" ("I guess") are not
                lowered = table is self._lowered
                status = status_after(text, m.start(), m.end())
                if lowered and not (
                    _noun_next(text, m.end(), svc.category)
                    or (status and (len(key) >= 3 or not _LATIN_WORD.fullmatch(key)))
                    or (
                        _ASKED_DOWN.match(text, m.end())
                        and _ASKED.search(text, max(0, m.start() - 8), m.start())
                    )
                    # "smart walang signal", "discord nere?": a failure phrase right after it
                    # (attribute still asks a national service for its market's language,
                    # and an English post for the encoder's fit or an English phrase)
                    or (
                        # written in lower case, as the market writes it ("Tim non va a
                        # scuola" is a boy), and no thing or person of that name
                        m.group(0).islower()
                        and (len(key) >= 3 or not _LATIN_WORD.fullmatch(key))
                        and self._said_failing(text, [m.span()], name_spans)
                    )
                ):
                    continue
                add(
                    slug,
                    m.start(),
                    distinct,
                    is_proper(text, m, svc.name),
                    is_cued(text, m, svc.category),
                    role == SETTING,
                    # (or as the catalog writes it, in lower case: "الشبكة عند stc ضعيفة")
                    (m.group(0) != m.group(0).lower() or m.group(0) in svc.as_written)
                    and bool(_LATIN_WORD.fullmatch(m.group(0))),
                    status=status,
                    target=role == TARGET,
                    own_name=len(named) == 1,
                    everyday=bool(svc.countries) and (lowered or key in svc.as_written),
                    lowered=lowered and key in self._lowered_words,
                    span=m.span(),
                    uncased_word=key in svc.as_written and uncased(key),
                )
        return [hits[slug] for slug in sorted(hits, key=lambda s: pos[s])]

    def _name_matches(self, text: str) -> list[tuple[re.Match[str], str, dict[str, set[str]]]]:
        """Every catalog name in the text: (match, its key in the table, the table). A name
        inside a longer one is part of it: "Play" in "Google Play Store", "Plus" in "Canal
        Plus" (each table matches longest first, but the two are read apart)."""
        out = []
        for rx, table, fold in (
            (self._re_insensitive, self._insensitive, True),
            (self._re_sensitive, self._sensitive, False),
            (self._re_lowered, self._lowered, False),
        ):
            for m in rx.finditer(text) if rx is not None else ():
                out.append((m, m.group(0).casefold() if fold else m.group(0), table))
        if len(out) < 2:
            return out
        return [
            hit
            for hit in out
            if not any(
                o.start() <= hit[0].start()
                and hit[0].end() <= o.end()
                and o.span() != hit[0].span()
                for o, _, _ in out
            )
        ]

    def _service_words_after(
        self, text: str, names: list[tuple[re.Match[str], str, dict[str, set[str]]]]
    ) -> dict[int, frozenset[str]]:
        """For each place where a word starts right after a service's name, that service's
        category words: "signal" after "O2" is O2's signal, not the Signal app."""
        out: dict[int, frozenset[str]] = {}
        for m, key, table in names:
            if gap := _SPACE_AFTER.match(text, m.end()):
                words = frozenset().union(
                    *(SERVICE_WORDS.get(self._by_slug[slug].category, ()) for slug in table[key])
                )
                out[gap.end()] = out.get(gap.end(), frozenset()) | words
        return out

    def _brand_of(self, handle: str, slugs: list[str]) -> str:
        c = compact(handle)

        def fit(slug: str) -> int:
            names = [compact(n) for n in self._by_slug[slug].names]
            return max((len(n) for n in names if n and n in c), default=0)

        return max(slugs, key=lambda s: (fit(s), -slugs.index(s)))

    def _handle_slug(self, handle: str) -> str | None:
        h = handle.split("@")[0].casefold()
        if h in self._handles:
            return self._handles[h]
        c = compact(h)
        for cand in _affix_variants(c, _HANDLE_PREFIXES, _HANDLE_SUFFIXES):
            if cand in self._compact_names:
                return self._compact_names[cand]
        return None

    def community_slug(self, name: str, lang: str | None = "und", country: str = "") -> str | None:
        """The service a community is named after, as its handle or hashtag would be
        ("spotify", "ATT", "discordapp", "applehelp", "Comcast_Xfinity" for r/…); not with a
        handle's prefix ("AskReddit" asks anything), nor by the everyday word that names a
        national service ("orange", "jazz", "maya": the fruit's, the music's, the 3D
        program's as likely), unless the catalog lists the community (``communities``:
        r/chase), or one of its ``forums`` (by its address, "devforum.roblox.com"). A brand
        of several operators ("vodafone") is the one of the post's language (``lang``) or
        country (``country``, none if no operator is there), if one; with ``lang`` None, any
        service named so."""
        name = name.strip().removeprefix("/").removeprefix("r/")
        if listed := self._communities.get(name.casefold()):
            return listed  # the catalog's `communities` (r/chase is the bank's) and `forums`
        if not re.fullmatch(r"\w{2,}", name):
            return None
        slug = self._community_part(name)
        if slug is None and "_" in name:  # "Comcast_Xfinity": every part names it
            parts = {self._community_part(p) for p in name.split("_") if p}
            slug = parts.pop() if len(parts) == 1 else None
        svc = self._by_slug.get(slug or "")
        if svc is None or lang is None:
            return slug
        bare = {compact(n.casefold()) for n in svc.names if re.fullmatch(r"\w+", n)}
        if svc.ambiguous and svc.countries and compact(name.casefold()) in bare:
            return None  # "r/jazz", not "r/ThreeUK"
        if shared := self._shared_tag(name):  # "r/vodafone": the operator of the language
            if country and not any(country in self._by_slug[s].countries for s in shared):
                return None  # "No signal in Brisbane" in r/vodafone: none of them
            fit = self._by_market(shared, lang, country)
            return fit[0] if len(fit) == 1 else None
        return slug

    def _community_part(self, name: str) -> str | None:
        """By a handle, or a name written without punctuation ("r/byu" is no "by.U")."""
        c = name.casefold()
        if c in self._handles:
            return self._handles[c]
        names = _affix_variants(compact(c), (), _HANDLE_SUFFIXES) + _tag_names(c)
        return _first_in(self._plain_names, names)

    def _hashtag_slug(self, tag: str) -> str | None:
        t = tag.casefold()
        if t in self._hashtags:
            return self._hashtags[t]
        return _first_in(self._compact_names, _tag_names(t))

    def _everyday_tag(self, slug: str | None, tag: str) -> bool:
        """A national service's name that is an everyday word, used as a hashtag the service
        does not list ("#play", "#allegro", "#orange" for Orange Polska): read, like the bare
        word, only in a post in its market's language."""
        svc = self._by_slug.get(slug or "")
        return bool(svc and svc.ambiguous and svc.countries and tag.casefold() not in svc.hashtags)

    def _shared_tag(self, tag: str) -> list[str]:
        """The national operators whose shared brand a hashtag names, with or without an
        outage word ("#vodafone", "#vodafonedown"); empty for any other tag."""
        return sorted(_first_in(self._shared_names, _tag_names(tag)) or ())

    def _domain_slug(self, domain: str) -> str | None:
        parts = domain.casefold().split(".")
        for i in range(len(parts) - 1):
            slug = self._domains.get(".".join(parts[i:]))
            if slug:
                return slug
        return None


_DOMAIN_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)+")
# one or two words right after a name, for a country's name: "Orange Sénégal", "Vodafone
# Egypt", "Orange Côte d'Ivoire"; four letters at least (a code, "Orange TV", is no country)
_NEXT_WORDS = re.compile(r"[ \t]+(\p{L}[\p{L}'’-]{3,}(?:[ \t]+\p{L}[\p{L}'’-]+)?)")


def _country_after(text: str, end: int, lang: str) -> str:
    """The country (ISO code) whose name, in English, its own or the post's language, stands
    right after a name; empty if none. The gazetteer is the region stage's (loaded once)."""
    m = _NEXT_WORDS.match(text, end)
    if m is None:
        return ""
    from nlp.enrich.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    words = m.group(1).split()
    for n in (len(words), 1) if len(words) > 1 else (1,):
        key = " ".join(words[:n])
        for e in gaz.lookup(key) or gaz.lookup_in(key, lang):
            if e.kind == "country":
                return e.country
    return ""


def _distinct_names(svc: Service) -> frozenset[str]:
    """Aliases of an ambiguous service that are no everyday word: its other names ("Livebox",
    "Freebox" for Free, "Twitter" for X; see ``context.other_names``). Misspellings and
    several-word aliases ("Free Mobile", "Peacock TV") still need context. A name in another
    script is distinct too (the catalog lists transliterations), unless it is listed as
    written: "Озон" is also the gas."""
    return (
        frozenset(a.casefold() for a in other_names(svc))
        | frozenset(
            a.casefold()
            for a in svc.aliases
            if _OTHER_SCRIPT.fullmatch(a) and a not in svc.as_written  # "트위터", "推特"
        )
        # a name written as a domain is no everyday word: "mastodon.social is crawling"
        | frozenset(n.casefold() for n in (svc.name, *svc.aliases) if _DOMAIN_NAME.fullmatch(n))
    )


_WORD_BEFORE = re.compile(r"(?<!\S)(\S*\w)[ \t]+$")  # the word right before, no stop between
_WORD_AFTER = re.compile(r"[ \t]+(\w\S*)")
# a route or setting right before a name: "Gmail no sincroniza en Microsoft Outlook", "con
# Apple Pay" (the English role reader sees "on", "with"; these are any language's)
_ROUTE_BEFORE = re.compile(
    r"(?<!\w)(?:en|con|com|mit|avec|via|with|using|in|on|through|thru|über|sur|dans|tramite|"
    r"jugando|usando|playing|from|into|to)\s+(?:the\s+|my\s+|la\s+|el\s+|o\s+|a\s+)?$",
    re.IGNORECASE,
)


def _written_as_listed(text: str, m: re.Match[str], svc: Service) -> bool:
    """A name of several words written as the catalog lists it, with a word of its own before
    the everyday one ("Cannot start Microsoft Outlook", "MS Teams keeps freezing",
    "JPMorgan Chase"): no everyday phrase is written so. Not a name that starts with the
    everyday word ("Claro Colombia" is also the football team, "Chase Bank on Main St" a
    corner), nor one after a route or setting word ("en Microsoft Outlook", "con Apple Pay"),
    nor one inside a title."""
    written = m.group(0)
    if " " not in written or written not in (svc.name, *svc.aliases):
        return False
    alone = {n.casefold() for n in (svc.name, *svc.aliases) if " " not in n}
    if written.split()[0].casefold() in alone:
        return False
    if _ROUTE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return False
    # inside a run of capitals, a title's words ("Get Free Mobile Games Now", "the Watch App
    # Store")
    before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
    after = _WORD_AFTER.match(text, m.end())
    return not any(w and w.group(1)[:1].isupper() for w in (before, after))


def _is_reception(text: str, m: re.Match[str]) -> bool:
    """ "no signal", "signal down in my area": the word of reception, not the messenger."""
    return (
        m.group(0) in _RECEPTION_NAMES
        and not _MESSENGER_AFTER.match(text, m.end())
        and bool(
            _RECEPTION_BEFORE.search(text, max(0, m.start() - 12), m.start())
            or _RECEPTION_AFTER.match(text, m.end())
        )
    )


def _is_newsroom(handle: str) -> bool:
    return compact(handle.split("@")[0]).endswith("news")


def _is_placeholder(text: str, start: int, end: int) -> bool:
    """A one-letter name used as a model letter or a placeholder, not the service."""
    return bool(
        _LETTER_BEFORE.search(text[max(0, start - 20) : start])
        or _LETTER_AFTER.search(text[end : end + 12])
    )


def _tag_names(tag: str) -> list[str]:
    """The names a hashtag may stand for, compacted: "#SpotifyDown" is "spotify"."""
    return _affix_variants(compact(tag.casefold()), (), _HASHTAG_SUFFIXES)


def _first_in(table: dict, keys: Sequence[str]):
    return next((table[k] for k in keys if k in table), None)


def _affix_variants(c: str, prefixes: Sequence[str], suffixes: Sequence[str]) -> list[str]:
    out = [c]
    heads = [c] + [c[len(p) :] for p in prefixes if c.startswith(p) and len(c) - len(p) >= 3]
    for h in heads:
        out.append(h)
        out += [h[: -len(s)] for s in suffixes if h.endswith(s) and len(h) - len(s) >= 3]
    return out


def _pos(text: str, needle: str) -> int:
    i = text.casefold().find(needle.casefold())
    return i if i >= 0 else len(text)


def _noun_next(text: str, end: int, category: str) -> bool:
    """A word of the service's own follows its name on the same line, maybe after "no" or a
    word of belonging: "o2 data", "ee no signal", "jazz ka internet", "xl ku sinyal"."""
    words: list[str] = []
    while len(words) < 2 and (gap := _SPACE_AFTER.match(text, end)):
        if not (word := WORDS.match(text, gap.end())):
            break
        words.append(word.group(0).casefold())
        end = word.end()
    if words[:1] and words[0] in _BEFORE_NOUN:
        words = words[1:]
    return bool(words) and words[0] in _NAME_NOUNS.get(category, _NAME_NOUNS[""])


def _lower_forms(name: str) -> set[str]:
    """A name as people type it without capitals, or with the phone's one ("bt", "Bt")."""
    return {name.lower(), name.lower().capitalize()} - {name}


def _alternation(table: dict[str, set[str]], flags: int) -> re.Pattern[str] | None:
    if not table:
        return None
    # longest first: "Amazon Prime" over "Amazon"
    body = names_alternation(table, ignore_case=bool(flags & re.IGNORECASE))
    # word boundaries that also refuse @handles, #tags, parts of domains or paths (also
    # defanged ones: "chase-messages[.]com") and look-alikes ("a Netflix-like plan")
    return re.compile(
        rf"(?<![{_WORD}@#./-]){ARABIC_NAME_START}(?:{body}){ARABIC_NAME_END}"
        rf"(?![{_WORD}]|\.[{_WORD}]|-(?:like|style|esque|ish|type)\b|[{_WORD}-]*(?:\.|\[\.\])[a-z]{{2,}}\b)"
        rf"{_RUNS_ON}",
        flags,
    )


# Hangul and katakana have no spaces to end a name, and a name runs on into longer words:
# "카카오뱅크", "카카오페이", "카카오맵" are other Kakao products than KakaoTalk, "インスタント" is
# "instant". A Korean name ends before a particle ("카카오가", "카톡이랑", "넷플에서"; one of a
# syllable before a space, a stop, or the negation "안"/"못": "카톡이안됨"), a katakana one
# before the service's own things written onto it ("ドコモショップ", "インスタライブ").
_PARTICLES_LONG = (
    "에서|에게|한테|께서|으로|이랑|하고|까지|부터|처럼|보다|이나|인데|이다|이고|이야|이요"
)
_PARTICLES_SHORT = "[이가은는을를의에도만로와과랑나야임]"
_KATAKANA_THINGS = (
    "ショップ|アプリ|ライブ|ストーリー|ストア|サーバー?|アカウント|ユーザー?|ログイン|"
    "メール|エアー|ユーザ|ネット|サイト|カード|ポイント|ゲーム"
)
# ...and a Korean one before the service's own things too ("카톡알림", "카톡방", "넷플계정"),
# and a particle before a predicate written onto it ("카톡은되는데", "카톡이또튕김"; attr-48)
_HANGUL_THINGS = (
    "알림|방|계정|로그인|업데이트|서버|앱|어플|선물|친구|프로필|채팅|메시지|메세지|결제|접속|"
    "사진|동영상|영상|게임"
)
_AFTER_PARTICLE = "[안못되또왜]|계속|자꾸|진짜|너무|지금"
_RUNS_ON = (
    rf"(?!(?<=\p{{Hangul}})(?!(?:{_PARTICLES_LONG})|(?:{_HANGUL_THINGS})"
    rf"|{_PARTICLES_SHORT}(?:{_AFTER_PARTICLE}|(?!\p{{Hangul}})))"
    r"\p{Hangul})"
    rf"(?!(?<=[\p{{Katakana}}ー])(?!(?:{_KATAKANA_THINGS}))[\p{{Katakana}}ー])"
)
