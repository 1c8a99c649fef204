"""The service catalog: which real services outagewatch knows, and how people name them."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

CATEGORIES = (
    "streaming", "social", "messaging", "cloud", "cdn", "banking", "payments", "gaming",
    "isp_telco", "productivity", "devtools", "ecommerce", "email", "ai", "travel", "other",
)  # fmt: skip
STATUS_KINDS = ("statuspage", "atom", "rss", "gcp", "aws", "none")
# The letters that join a name to the next word (a regex character-class body): CJK, Thai or
# Arabic text puts no space after a name ("WhatsAppの", "ネットフリックスが"), so a name
# ends where these end. The crawlers' matcher and the attributor cut names the same way.
NAME_LETTERS = r"\p{Latin}\p{Greek}\p{Cyrillic}\p{N}_"


def names_alternation(names: Iterable[str], *, ignore_case: bool = False) -> str:
    """A regex body matching any of ``names`` literally, the longest first where several match
    at one place ("Amazon Prime" over "Amazon"), written as a trie: "(?:amazon(?:\\ prime)?|
    apple…)". The same matches as the names joined longest first, but a regex engine tries
    a plain list of 1,500 names one by one at every character of every post, and the
    attributor, the language and symptom stages and the crawlers' filter each run one.
    ``ignore_case``: for a pattern compiled to ignore case, where "Amazon" and "amazon prime"
    are one branch (apart, the engine would take "Amazon" in "amazon prime")."""
    trie: dict = {}
    for name in {n.lower() for n in names} if ignore_case else set(names):
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here

    def body(node: dict) -> str:
        branches = [re.escape(ch) + body(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{alt})?" if "" in node else alt  # greedy: the longer name first

    return body(trie)


@dataclass(frozen=True)
class Service:
    """One catalog entry. Everything the crawlers and the attribution stage need to find it."""

    slug: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # main markets (ISPs, banks); empty = global
    upstream: tuple[str, ...] = ()  # slugs of shared providers (cloud, CDN)
    ambiguous: bool = False  # the name is also an everyday word: needs context
    platform: bool = False  # others of its category run on it (a console network, a game store)
    as_written: tuple[str, ...] = ()  # names matched only capitalised as here ("Find My")...
    # ...and also in lower case, in a post of its markets' language other than English and
    # next to a service word or an outage status ("jazz 4g nahi chal raha", "unifi down lagi")
    lower_case: bool = False
    # Reddit communities about it that its name alone would not give ("chase" for r/chase,
    # an everyday word); see nlp/enrich/thread.py
    communities: tuple[str, ...] = ()
    status_url: str | None = None
    status_kind: str = "none"
    # names its status page gives its parts, beyond its own names: on a page several catalog
    # services share, an incident is theirs by the components or products it names
    status_components: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form that may name this service in text."""
        return (self.name, *self.aliases, *self.misspellings)


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the entry and the field."""


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def parse_catalog(entries: list[dict]) -> list[Service]:
    services: list[Service] = []
    seen: set[str] = set()
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or "slug" not in e or "name" not in e:
            raise CatalogError(f"catalog entry #{i} needs at least 'slug' and 'name'")
        slug = str(e["slug"])
        if slug in seen:
            raise CatalogError(f"catalog entry '{slug}' appears twice")
        seen.add(slug)
        category = e.get("category", "other")
        if category not in CATEGORIES:
            raise CatalogError(f"catalog entry '{slug}': unknown category '{category}'")
        status = e.get("status") or {}
        kind = status.get("kind", "none")
        if kind not in STATUS_KINDS:
            raise CatalogError(f"catalog entry '{slug}': unknown status kind '{kind}'")
        known = {
            "slug", "name", "category", "aliases", "misspellings", "handles", "hashtags",
            "domains", "countries", "upstream", "ambiguous", "status", "as_written", "platform",
            "lower_case", "communities",
        }  # fmt: skip
        names = {str(e["name"]), *_tuple(e.get("aliases")), *_tuple(e.get("misspellings"))}
        if e.get("lower_case") and not e.get("countries"):
            raise CatalogError(
                f"catalog entry '{slug}': lower_case names a market's habit; give its countries"
            )
        if stray := [n for n in _tuple(e.get("as_written")) if n not in names]:
            raise CatalogError(
                f"catalog entry '{slug}': as_written names {stray} are not its name or aliases"
            )
        communities = tuple(c.strip().removeprefix("r/") for c in _tuple(e.get("communities")))
        if bad := [c for c in communities if not re.fullmatch(r"\w{2,}", c)]:
            raise CatalogError(
                f"catalog entry '{slug}': communities {bad} are no Reddit community names "
                "(letters, digits and '_', as in r/chase)"
            )
        services.append(
            Service(
                slug=slug,
                name=str(e["name"]),
                category=category,
                aliases=_tuple(e.get("aliases")),
                misspellings=_tuple(e.get("misspellings")),
                handles=_tuple(e.get("handles")),
                hashtags=_tuple(e.get("hashtags")),
                domains=_tuple(e.get("domains")),
                countries=_tuple(e.get("countries")),
                upstream=_tuple(e.get("upstream")),
                ambiguous=bool(e.get("ambiguous", False)),
                platform=bool(e.get("platform", False)),
                as_written=_tuple(e.get("as_written")),
                lower_case=bool(e.get("lower_case", False)),
                communities=communities,
                status_url=status.get("url"),
                status_kind=kind,
                status_components=_tuple(status.get("components")),
                extra={k: v for k, v in e.items() if k not in known},
            )
        )
    return services


@lru_cache(maxsize=8)
def load_catalog(path: str | None = None) -> tuple[Service, ...]:
    """Load the catalog shipped with the package, or a user's own YAML file."""
    import yaml  # here: commands that only check a slug need no YAML parser

    if path is None:
        text = resources.files("outagewatch").joinpath("data/services.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    data = yaml.safe_load(text) or []
    if isinstance(data, dict):
        data = data.get("services", [])
    return tuple(parse_catalog(data))


def configured_catalog(settings: object) -> tuple[Service, ...]:
    """The catalog a command's settings name (`[catalog] path`, OUTAGEWATCH_CATALOG), else the
    bundled one: every command reads the same services."""
    path = getattr(settings, "catalog_path", None)
    return load_catalog(str(path) if path else None)


# How people say a service is down in each national market, for the crawlers' searches:
# "<name> down" finds the English posts, "Ростелеком не работает" and "Orange panne" the
# others. A service's first market decides; markets that write English need nothing more.
MARKET_DOWN_WORDS = {
    "DE": "störung", "AT": "störung", "FR": "panne", "BE": "panne", "ES": "caído",
    "MX": "caído", "AR": "caído", "CO": "caído", "CL": "caído", "PE": "caído",
    "BR": "fora do ar", "IT": "non funziona", "NL": "storing", "PL": "awaria",
    "RO": "nu merge", "RU": "не работает", "UA": "не працює", "TR": "çöktü", "JP": "障害",
    "KR": "장애", "TW": "故障", "TH": "ล่ม", "ID": "gangguan", "SE": "nere",
}  # fmt: skip
# ...and the script its people write names in: "Ростелеком", "ドコモ", not the Latin name
_MARKET_SCRIPT = {
    "RU": "[\u0400-\u04ff]", "UA": "[\u0400-\u04ff]", "JP": "[\u3040-\u30ff\u4e00-\u9fff]",
    "KR": "[\uac00-\ud7af]", "TW": "[\u4e00-\u9fff]", "TH": "[\u0e00-\u0e7f]",
}  # fmt: skip


def search_phrases(service: Service) -> list[str]:
    """What the crawlers search for a service: "<name> down", and for a national service
    outside English-writing markets, its name as written there with the market's word for
    down ("Ростелеком не работает", "ドコモ 障害", "Movistar caído")."""
    phrases = [f"{service.name} down"]
    market = service.countries[0] if service.countries else ""
    if word := MARKET_DOWN_WORDS.get(market):
        phrases.append(f"{_local_name(service, market)} {word}")
    return phrases


def _local_name(service: Service, market: str) -> str:
    """The name people of the market search for: its first alias in their script
    ("Ростелеком"), else the shortest form of the name ("Vodafone", not "Vodafone
    Deutschland": a search needs every word it is given)."""
    if script := _MARKET_SCRIPT.get(market):
        for alias in service.aliases:
            if re.fullmatch(f"(?:{script}|[\\s\\d+\\-])+", alias):
                return alias
    words = set(service.name.casefold().split())
    forms = [a for a in service.aliases if words & set(a.casefold().split())]
    return min([service.name, *forms], key=len)


def catalog_search_phrases(services: Iterable[Service]) -> list[str]:
    """Every service's search phrases, the "<name> down" ones first: they find most posts,
    and a search packed or rotated in order keeps them where they were."""
    phrases = [search_phrases(s) for s in services]
    return [p[0] for p in phrases] + [q for p in phrases for q in p[1:]]


def catalog_fingerprint(services: Sequence[Service]) -> str:
    """A hash of every field of every service: a change to the catalog changes it, so the
    warehouse's copy is refreshed and posts enriched against the old catalog are redone."""
    return hashlib.sha256(repr(tuple(services)).encode()).hexdigest()


def by_slug(services: tuple[Service, ...] | list[Service]) -> dict[str, Service]:
    return {s.slug: s for s in services}


def closest_slug(text: str, names: dict[str, str]) -> str | None:
    """The slug `text` most likely means (`names` maps each slug to its service name): a slug
    or service name in another case or spacing first, else the nearest spelling of one.
    Slugs are lowercase and hyphenated, while people type the brand ("Spotify", "Disney+")."""
    forms = {_fold(name): slug for slug, name in names.items()}
    forms.update({_fold(slug): slug for slug in names})  # a slug wins over a name
    if _fold(text) in forms:
        return forms[_fold(text)]
    near = difflib.get_close_matches(_fold(text), list(forms), n=1, cutoff=0.75)
    return forms[near[0]] if near else None


def _fold(text: str) -> str:
    """Lowercase letters and digits only: 'Disney+', 'disney plus' and 'disney-plus' meet."""
    return re.sub(r"[^0-9a-z]+", "", text.lower().replace("+", "plus"))
