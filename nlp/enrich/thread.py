"""The service a reply is about when it names none: the thread it answers, the community.

"Same here, nothing loads" names no service, yet under a thread titled "Is GitHub down?" or in
r/spotify people read it as a GitHub or a Spotify report, and so does this stage. It speaks
only for a post whose own text names no service (its own words win: "not Spotify, my Comcast
is out entirely"). The title is read by the attributor with its usual checks ("Apple pie
recipes" names nothing), then the community by its name, as a handle or hashtag would be
("r/spotify", "r/ATT", "r/discordapp"; "r/chase" in English, not "r/orange"). A title or
community naming no service ("Friday rant thread", r/sysadmin) leaves the post without one.
A community named after a place ("r/australia", "r/CasualUK", "r/melbourne") is where a post
that says no place of its own comes from (``geo_evidence = 'community'``).

It also reads whether the title reports a failure ("Is GitHub down?", "Vodafone Kabel
Störung", "snaps not sending") and which: a reply there that names what fails ("SOS only in
Dallas") is an outage report even when it reads calm on its own, and one that agrees ("same
here", "aqui também") or complains without naming a symptom ("the captcha loops forever for
me too") reports the title's. Not one that says it works or is back ("fine here", "back up
for me").
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import regex as re

from nlp.enrich.attribution import CatalogAttributor
from nlp.enrich.base import Embedder, Normalizer, Place, SymptomTagger
from nlp.enrich.failure import FailureCues
from nlp.enrich.symptom_cues import OVER
from nlp.enrich.symptoms import OUTAGE_SYMPTOMS

TITLES_KEPT = 2_000  # a thread's replies arrive together: its title is read once

# A reply that sides with its thread: "same", "here too", "+1", "bei mir auch", "うちも"
_AGREES = re.compile(
    r"(?<!\w)(?:same|me\s+too|too|also|either|yes|yep|yup|yeah|ya|confirm(?:ed)?|ditto|"
    r"this|\+1|tambi[ée]n|tamb[ée]m|igual|pareil|moi\s+aussi|auch|anche|te[żz]|"
    r"こっちも|うちも|同じ|私も)(?!\w)",
    re.IGNORECASE,
)
# ... not one that says it works or is back: "fine here", "works for me", "back up now"
_FINE = re.compile(
    rf"{OVER}|\bback\s+(?:now|again|for\s+(?:me|us))\b|\bit'?s\s+back\b|"
    r"(?<!\bnot\s|n't\s|n’t\s)\b(?:works?|working|fine|ok(?:ay)?|good|normal|up)\s+"
    r"(?:for\s+(?:me|us)|here|now|again|on\s+my\s+end)\b|"
    r"\b(?:all\s+good|no\s+(?:issues?|problems?)\s+(?:here|for\s+me)|came\s+back|"
    r"seems?\s+fine|not\s+down)\b|"
    r"(?<!\bno\s)funciona\b|(?<!\bne\s)marche\b|geht\s+wieder|(?<!\bnon\s)funziona\b|"
    r"(?<!\bnie\s)dzia[łl]a\b|\b(?:ha|han|ya)\s+vuelto\b|\bvolvi[óo]\b|\bvoltou\b|"
    r"\bwieder\s+da\b|\bde\s+retour\b|\brevenu\b|\btornat[oa]\b|直った|復旧",
    re.IGNORECASE,
)
_OVER = re.compile(OVER, re.IGNORECASE)  # "Postmortem of last October's GitHub outage"


class Thread(NamedTuple):
    services: list[str]  # what the title names, else what the community is named after
    symptoms: tuple[str, ...] = ()  # the failure the title reports, if it reports one


def reports_with_thread(text: str, own: Sequence[str], complaint: bool) -> bool:
    """Whether a reply in a thread that reports a failure reports it too: with a symptom of its
    own (``own``), or as a complaint or in agreement, and not saying it works or is back."""
    if _FINE.search(text[:2000]):
        return False
    return any(s in OUTAGE_SYMPTOMS for s in own) or complaint or bool(_AGREES.search(text))


class ThreadContext:
    """``read(venues, titles, langs)``: per post, what its thread is about."""

    version = "thread-1"

    def __init__(
        self,
        attributor: CatalogAttributor,
        normalizer: Normalizer,
        embedder: Embedder | None,
        failure: FailureCues | None = None,
        symptoms: SymptomTagger | None = None,
        categories: Mapping[str, str] | None = None,
        geocoder: object | None = None,
    ) -> None:
        self.attributor = attributor
        self.normalizer = normalizer
        self.embedder = embedder
        self.failure = failure
        self.symptoms = symptoms
        self.categories = categories or {}
        self._from_community = getattr(geocoder, "from_community", None)
        self._titles: OrderedDict[tuple[str, str], Thread] = OrderedDict()

    def read(
        self,
        venues: Sequence[str | None],
        titles: Sequence[str | None],
        langs: Sequence[str],
    ) -> list[Thread]:
        out = []
        for venue, title, lang in zip(venues, titles, langs, strict=True):
            thread = self.title(title, lang) if _given(title) else Thread([])
            if not thread.services and _given(venue):
                slug = self.attributor.community_slug(str(venue), lang)
                thread = Thread([slug] if slug else [], thread.symptoms if slug else ())
            out.append(thread)
        return out

    def places(
        self, places: Sequence[Place], venues: Sequence[str | None], langs: Sequence[str]
    ) -> list[Place]:
        """Each post's place, or where its community is, when the post says none itself (or
        only its language does) and the community is named after a place, not a service
        ("r/delta" is the airline's, not Nigeria's Delta State)."""
        if self._from_community is None:
            return list(places)
        out = []
        for place, venue, lang in zip(places, venues, langs, strict=True):
            if place.evidence in ("", "language") and _given(venue):
                name = str(venue)
                if self.attributor.community_slug(name, None) is None:
                    place = self._from_community(name, lang) or place
            out.append(place)
        return out

    def title(self, title: str, lang: str) -> Thread:
        """What a thread's title names and says, read as a post of the reply's language."""
        key = (title, lang)
        if key in self._titles:
            self._titles.move_to_end(key)
            return self._titles[key]
        post = self.normalizer.normalize(title)
        vectors = None
        if self.embedder is not None and post.model_text and self.attributor.needs_context(post):
            vectors = np.asarray(self.embedder.encode([post.model_text]), dtype=np.float32)
        found = self.attributor.attribute([post], vectors, [lang], [True])[0]
        self._titles[key] = thread = Thread(found, self._failure_of(post.model_text, lang, found))
        if len(self._titles) > TITLES_KEPT:
            self._titles.popitem(last=False)
        return thread

    def _failure_of(self, title: str, lang: str, found: list[str]) -> tuple[str, ...]:
        """The outage symptoms a title reports, or (): its symptom words ("snaps not
        sending": messages), or a failure phrase alone ("Is GitHub down?": the site; a line's
        connection). Not an outage that is over ("Postmortem of last October's outage")."""
        if self.symptoms is None or _OVER.search(title):
            return ()
        failing = self.failure is not None and self.failure.cued([title], [lang])[0]
        kinds = {self.categories.get(s) for s in found}
        kind = next(iter(kinds)) if len(kinds) == 1 else None
        said = self.symptoms.tag([title], None, [1], [kind], [failing])[0]
        return tuple(s for s in said if s in OUTAGE_SYMPTOMS)


def _given(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
