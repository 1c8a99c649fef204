"""The service a reply is about when it names none: the thread it answers, the community.

"Same here, nothing loads" names no service, yet under a thread titled "Is GitHub down?" or in
r/spotify people read it as a GitHub or a Spotify report, and so does this stage. It speaks
only for a post whose own text names no service (its own words win: "not Spotify, my Comcast
is out entirely"), nor one about another provider the catalog lacks ("Pandora is down too",
"Bei 1&1 auch nichts"). The title is read (in the reply's language, else its own) by the
attributor with its usual checks ("Apple pie recipes" names nothing), then the community by
its name, as a handle or hashtag would be ("r/spotify", "r/ATT", "r/discordapp"; "r/vodafone"
by the post's language; not "r/orange" or "r/jazz", everyday words of national services, nor
"r/halifax", a city's). A title or community naming no service ("Friday rant thread",
r/sysadmin) leaves the post without one.
A community named after a place ("r/australia", "r/CasualUK", "r/melbourne") is where a post
that says no place of its own comes from (``geo_evidence = 'community'``).

It also reads whether the title reports a failure ("Is GitHub down?", "Vodafone Kabel
Störung", "snaps not sending") and which: a reply there that names what fails ("SOS only in
Dallas") is an outage report even when it reads calm on its own, and one that agrees ("same
here", "aqui também") or complains of a failure without naming a symptom ("can't even get
into the store") reports the title's. A reply that says it works or is back ("fine here",
"back now", "ya me anda"), or under a title of an outage that is over ("Postmortem of last
October's outage", "Ieri Fastweb down per 3 ore"), is no outage report. The words are in
`thread_cues.py`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from nlp.enrich.attribution import CatalogAttributor
from nlp.enrich.base import Embedder, LanguageDetector, Normalizer, Place, SymptomTagger
from nlp.enrich.failure import FailureCues
from nlp.enrich.symptoms import OUTAGE_SYMPTOMS
from nlp.enrich.thread_cues import (
    AGREES,
    ALONE_TOO,
    ALONE_TOO_WORDS,
    FAILS,
    NOT_A_FAILURE_TITLE,
    NOT_A_NAME,
    OTHER_PROVIDER,
    PAST_REPLY,
    TITLE_ASKS_BACK,
    TITLE_ERRORS,
    TITLE_SLANG,
    WRITER,
    says_fine,
    title_past,
)

_NO_NAME = NOT_A_NAME | WRITER  # as a whole name ("Ich"), not as a first word ("Ja Congstar")
TITLES_KEPT = 2_000  # a thread's replies arrive together: its title is read once
BIG_CITY = 250_000  # a community of this name is the city's ("r/halifax")


class Thread(NamedTuple):
    services: list[str]  # what the title names, else what the community is named after
    symptoms: tuple[str, ...] = ()  # the failure the title reports, if it reports one
    past: bool = False  # the title tells of an outage that is over
    titled: bool = False  # a reply under a title (not only a post in a community)


class ThreadContext:
    """``read(texts, venues, titles, langs)``: per post, what its thread is about."""

    version = "thread-2"

    def __init__(
        self,
        attributor: CatalogAttributor,
        normalizer: Normalizer,
        embedder: Embedder | None,
        failure: FailureCues | None = None,
        symptoms: SymptomTagger | None = None,
        categories: Mapping[str, str] | None = None,
        geocoder: object | None = None,
        language: LanguageDetector | None = None,
    ) -> None:
        self.attributor = attributor
        self.normalizer = normalizer
        self.embedder = embedder
        self.failure = failure
        self.symptoms = symptoms
        self.categories = categories or {}
        self.language = language
        self._from_community = getattr(geocoder, "from_community", None)
        self._gazetteer = getattr(geocoder, "gaz", None)
        self._titles: OrderedDict[tuple[str, str, str], Thread] = OrderedDict()
        self._places: dict[tuple[str, str], Place | None] = {}

    def read(
        self,
        texts: Sequence[str],
        venues: Sequence[str | None],
        titles: Sequence[str | None],
        langs: Sequence[str],
        countries: Sequence[str] | None = None,
    ) -> list[Thread]:
        """``countries``: where each post is from, if known (picks a brand's operator)."""
        out = []
        countries = countries if countries is not None else [""] * len(texts)
        rows = zip(texts, venues, titles, langs, countries, strict=True)
        for text, venue, title, lang, country in rows:
            if self.about_another_provider(text):
                out.append(Thread([]))
                continue
            if _given(title):
                thread = self.title(title, lang, self._community_country(venue, lang) or country)
            else:
                thread = Thread([])
            if not thread.services and _given(venue):
                slug = self.community_slug(str(venue), lang, country)
                thread = thread._replace(services=[slug]) if slug else Thread([])
            out.append(thread)
        return out

    def _community_country(self, venue: str | None, lang: str) -> str:
        """The country a community is named after ("r/de"), which says better than a place in
        a reply ("on holiday in Madrid") which operator a thread there is about."""
        place = self._community_place(venue, lang)
        return place.country if place is not None else ""

    def _community_place(self, venue: str | None, lang: str) -> Place | None:
        """The place a community is named after, unless a service has its name (r/delta is
        the airline's, not Nigeria's Delta State); read once per community and language, as
        a thread's posts and replies all carry it."""
        if not _given(venue) or self._from_community is None:
            return None
        key = (str(venue), lang)
        if key not in self._places:
            if len(self._places) > TITLES_KEPT:
                self._places.clear()
            named = self.attributor.community_slug(key[0], None) is not None
            self._places[key] = None if named else self._from_community(key[0], lang)
        return self._places[key]

    def agrees(self, text: str) -> bool:
        """The reply sides with its thread: "same here", "+1", "bei mir auch", or a place or
        a device alone then "too" ("Dallas too", "PS5 too."; not "Costs more too.")."""
        if AGREES.search(text[:2000]):
            return True
        m = ALONE_TOO.search(text[:200])
        if m is None:
            return False
        if m["word"].casefold() in ALONE_TOO_WORDS:
            return True
        return self._is_place(m["word"])

    def _is_place(self, name: str) -> bool:
        """A place the gazetteer knows, also by an inflected form ("w Krakowie")."""
        if self._gazetteer is None:
            return False
        inflected = getattr(self._gazetteer, "lookup_inflected", None)
        return bool(self._gazetteer.lookup(name) or (inflected and inflected(name)))

    def reports(self, text: str) -> bool:
        """Whether a reply in a thread that reports a failure reports it too: in agreement,
        or saying what fails ("SOS only in Dallas", "can't even get into the store", "se
        volvió a caer"); a reply only about the outage ("Yeah outage credits are a joke") is
        not one by the thread, though its own words may still make it one."""
        return self.agrees(text) or FAILS.search(text[:2000]) is not None

    def no_report(self, text: str, thread: Thread, passing: Sequence[str] = ()) -> bool:
        """A reply that says it works or is back, under a title of an outage that is over,
        or agreeing with a title that reports no failure ("Same, they want me to pay for an
        extra member" under "Netflix won't let me watch at my parents' house anymore")
        reports no outage of the thread's service, whatever else it says; the works words
        not when said of services it names in passing (``passing``: "Only in Zoom. Google
        Meet and FaceTime are fine")."""
        if thread.past or (thread.titled and not thread.symptoms and self.agrees(text)):
            return True
        if thread.symptoms and self.agrees(text) and PAST_REPLY.search(text[:2000]):
            return True  # "Same, cancelled last week"
        return not passing and says_fine(text)

    def community_slug(self, venue: str, lang: str, country: str = "") -> str | None:
        """The service a community is named after, not a city's ("r/halifax" is the city's,
        not the bank's)."""
        slug = self.attributor.community_slug(venue, lang, country)
        if slug and self._gazetteer is not None:
            name = venue.strip().removeprefix("/").removeprefix("r/")
            big = [e for e in self._gazetteer.lookup(name) if e.kind == "city"]
            if any(e.population >= BIG_CITY for e in big):
                return None
        return slug

    def about_another_provider(self, text: str) -> bool:
        """ "Pandora is down too", "Okta also throwing 500s": a name the catalog lacks, said
        to fail as well; not a place ("Dallas too"), a device ("PS5 too") or a word."""
        m = OTHER_PROVIDER.search(text[:300])
        if m is None:
            return False
        name = (m["name"] or m["name2"]).rstrip(".’'")
        if name.casefold() in _NO_NAME or name.split()[0].casefold() in NOT_A_NAME:
            return False
        return not self._is_place(name)

    def places(
        self, places: Sequence[Place], venues: Sequence[str | None], langs: Sequence[str]
    ) -> list[Place]:
        """Each post's place, or where its community is, when the post says none itself (or
        only its language does) and the community is named after a place, not a service
        ("r/delta" is the airline's, not Nigeria's Delta State)."""
        out = []
        for place, venue, lang in zip(places, venues, langs, strict=True):
            home = self._community_place(venue, lang)
            if home is not None:
                if place.evidence in ("", "language"):
                    place = home
                elif place.evidence == "text" and place.city:
                    place = self._namesake_at_home(place, home)
            out.append(place)
        return out

    def _namesake_at_home(self, place: Place, home: Place) -> Place:
        """A city the post names that has a namesake in its community's country is that one:
        "same here in Valencia" in r/spain is Spain's Valencia, not Venezuela's (the reading
        the text alone gives, by population); "im Urlaub in Madrid" in r/de stays Madrid."""
        if not home.country or home.country == place.country:
            return place
        found = self._gazetteer.lookup(place.city) if self._gazetteer is not None else []
        same = [e for e in found if e.kind == "city" and e.country == home.country]
        if not same:
            return place
        city = max(same, key=lambda e: e.population)
        return Place(
            city.country, city.region, city.city, city.lat, city.lon, "text", place.confidence
        )

    def title(self, title: str, lang: str, country: str = "") -> Thread:
        """What a thread's title names and says, read in the reply's language, else in its
        own ("Panne Orange ?" under an English reply); ``country``, where the reply is from
        (its own words, else its community's), picks a brand's operator as in a post."""
        key = (title, lang, country)
        if key in self._titles:
            self._titles.move_to_end(key)
            return self._titles[key]
        post = self.normalizer.normalize(title)
        vectors = None
        if self.embedder is not None and post.model_text and self.attributor.needs_context(post):
            vectors = np.asarray(self.embedder.encode([post.model_text]), dtype=np.float32)
        found = self.attributor.attribute([post], vectors, [lang], [True], [country])[0]
        if not found and self.language is not None:
            own = self.language.detect([post.plain_text], hints=[None])[0]
            if own not in ("", "und", lang):
                lang = own
                found = self.attributor.attribute([post], vectors, [lang], [True], [country])[0]
        past = title_past(post.model_text)
        symptoms = () if past else self._failure_of(post.model_text, lang, found)
        self._titles[key] = thread = Thread(found, symptoms, past, titled=True)
        if len(self._titles) > TITLES_KEPT:
            self._titles.popitem(last=False)
        return thread

    def _failure_of(self, title: str, lang: str, found: list[str]) -> tuple[str, ...]:
        """The outage symptoms a title reports, or (): its symptom words ("snaps not
        sending": messages), or a failure phrase alone ("Is GitHub down?": the site; a line's
        connection); not a how-to, a fix or a guide ("PSA: …", "Solved: …")."""
        if self.symptoms is None or NOT_A_FAILURE_TITLE.search(title):
            return ()
        asks = (
            TITLE_SLANG.search(title) or TITLE_ASKS_BACK.search(title) or TITLE_ERRORS.search(title)
        )
        failing = bool(asks) or (self.failure is not None and self.failure.cued([title], [lang])[0])
        kinds = {self.categories.get(s) for s in found}
        kind = next(iter(kinds)) if len(kinds) == 1 else None
        said = self.symptoms.tag([title], None, [1], [kind], [failing])[0]
        return tuple(s for s in said if s in OUTAGE_SYMPTOMS)


def _given(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
