"""The service catalog: which real services outagewatch knows, and how people name them."""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from outagewatch.config_check import did_you_mean
from outagewatch.countries import country_hint, is_country

CATEGORIES = (
    "streaming", "social", "messaging", "cloud", "cdn", "banking", "payments", "gaming",
    "isp_telco", "productivity", "devtools", "ecommerce", "email", "ai", "travel", "other",
)  # fmt: skip
log = logging.getLogger(__name__)
STATUS_KINDS = ("statuspage", "atom", "rss", "gcp", "aws", "none")
# The letters that join a name to the next word (a regex character-class body): CJK, Thai or
# Arabic text puts no space after a name ("WhatsAppの", "ネットフリックスが"), so a name
# ends where these end. The crawlers' matcher and the attributor cut names the same way.
NAME_LETTERS = r"\p{Latin}\p{Greek}\p{Cyrillic}\p{N}_"
# ...but Arabic writes only its proclitics onto a name: the article and "and", "so", "with",
# "to", "like" ("الواتساب", "بالنت", "وزين", "للموبايلي"); a name of Arabic letters inside
# another word is no name ("وي" in "الكويت", "دو" in "بدون", "زين" in "بنزين" and "زينب").
# Where a name starts and ends with an Arabic letter, the regex bodies around it (attr-50).
# A one-letter proclitic opens a name of three letters or more only: "بدو" (Bedouins) is no
# "دو", "كوي" (ironing) no "وي"; a shorter name takes the article or "و" alone.
ARABIC_NAME_START = (
    r"(?:(?!\p{Arabic})|(?<!\p{Arabic})|"
    r"(?<=(?<!\p{Arabic})(?:[وف]?(?:[بلك]?ال|لل)|و))|"
    r"(?<=(?<!\p{Arabic})(?:[وف]?[بلك]|ف))(?=\p{Arabic}{3}))"
)
ARABIC_NAME_END = r"(?:(?<!\p{Arabic})|(?!\p{Arabic}))"


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


def uncased(name: str) -> bool:
    """A name with letters of a script that has no capitals ("زين", "موبايلي"): listed as
    written, it says nothing by how it is written, and is read as an everyday word is."""
    return any(ch.isalpha() for ch in name) and name == name.lower() == name.upper()


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
    # its own users' Discourse forums ("https://devforum.roblox.com"): crawled by the
    # discourse source, and a post there that names no service is about it
    forums: tuple[str, ...] = field(default=(), repr=False)  # fingerprinted when given
    status_url: str | None = None
    status_kind: str = "none"
    # names its status page gives its parts, beyond its own names: on a page several catalog
    # services share, an incident is theirs by the components or products it names
    status_components: tuple[str, ...] = ()
    # names the crawlers also search for, beyond its name ("Nordlink" for "Nordlink Fiber"):
    # each one of its names; not in the fingerprint, as no enrichment reads it
    search: tuple[str, ...] = field(default=(), repr=False)
    # keys outagewatch does not read (a user's notes: owner, url), said once and kept; a
    # near-miss of a field ("alias") is refused as a typo
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form that may name this service in text."""
        return (self.name, *self.aliases, *self.misspellings)


class CatalogError(ValueError):
    """The catalog file is malformed; the message names the entry and the field."""


# The fields of an entry and of its status block; any other key is a typo, said as one
FIELDS = (
    "slug", "name", "category", "aliases", "misspellings", "handles", "hashtags", "domains",
    "countries", "upstream", "ambiguous", "status", "as_written", "platform", "lower_case",
    "communities", "forums", "search",
)  # fmt: skip
STATUS_FIELDS = ("url", "kind", "components")
LIST_FIELDS = (
    "aliases", "misspellings", "handles", "hashtags", "domains", "countries", "upstream",
    "as_written", "communities", "forums", "search",
)  # fmt: skip
FLAG_FIELDS = ("ambiguous", "platform", "lower_case")
NEEDS_URL = ("statuspage", "gcp", "rss", "atom")  # the status kinds read from their url
# A slug keys every table that counts a service, so one a catalog already used (capitals,
# "_", ".") stays valid; only spaces and punctuation beyond those are refused
SLUG = re.compile(r"[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*")
# YAML 1.1's words for a flag, which hand-written catalogs use ("ambiguous: yes"); the loader
# reads only true/false as booleans, so that a list's NO stays Norway
FLAG_WORDS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}
BUNDLED = "the bundled catalog"
_SAID_KEPT: set[tuple[str, str]] = set()  # (slug, key) of notes already said


def _tuple(value: object, slug: str = "", key: str = "") -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or any(isinstance(v, (list, dict)) for v in value):
        raise CatalogError(
            f"catalog entry '{slug}': {key} must be a list of texts, e.g. {key}: [...], "
            f"not {value!r}"
        )
    return tuple(str(v) for v in value)


def parse_catalog(entries: list[dict], *, whole: bool = True) -> list[Service]:
    """Services from a catalog file's entries, each checked: a typo or a wrong value is a
    CatalogError naming the entry and the field. `whole`: the entries are a whole catalog, so
    their upstream slugs and shared names are checked too (a file merged over the bundled
    catalog is checked with it, by load_catalog)."""
    if not isinstance(entries, list):
        raise CatalogError("a catalog is a list of entries ('- slug: ...'), not one entry")
    services: list[Service] = []
    seen: set[str] = set()
    for i, e in enumerate(entries):
        service = _entry(e, i)
        if service.slug in seen:
            raise CatalogError(f"catalog entry '{service.slug}' appears twice")
        seen.add(service.slug)
        services.append(service)
    if whole:
        check_catalog(services)
    return services


def _entry(e: object, i: int) -> Service:
    """One entry as a Service, or a CatalogError saying what is wrong with it."""
    if not isinstance(e, dict) or "slug" not in e or "name" not in e:
        raise CatalogError(f"catalog entry #{i} needs at least 'slug' and 'name'")
    slug = str(e["slug"])
    if not SLUG.fullmatch(slug):
        raise CatalogError(
            f"catalog entry #{i}: slug {slug!r} must be letters, digits and '_' joined by "
            "single hyphens or dots, e.g. 'nordlink-fiber'"
        )
    where = f"catalog entry '{slug}'"
    e = {k: FLAG_WORDS.get(v.lower(), v) if k in FLAG_FIELDS and isinstance(v, str) else v
         for k, v in e.items()}  # fmt: skip
    extra = {k: v for k, v in e.items() if k not in FIELDS}
    for key in extra:
        if hint := did_you_mean(key, FIELDS):  # "alias" for aliases: a typo, not a note
            raise CatalogError(f"{where}: unknown field '{key}'{hint}")
        if (slug, key) not in _SAID_KEPT:
            _SAID_KEPT.add((slug, key))
            log.warning("%s: field '%s' is not read by outagewatch (kept as a note)", where, key)
    if not isinstance(e["name"], str) or not e["name"].strip():
        raise CatalogError(f"{where}: name must be a text, not {e['name']!r}")
    category = e.get("category", "other")
    if category not in CATEGORIES:
        raise CatalogError(
            f"{where}: unknown category '{category}'{did_you_mean(category, CATEGORIES)}"
        )
    if bad := [k for k in FLAG_FIELDS if not isinstance(e.get(k, False), bool)]:
        raise CatalogError(f"{where}: {bad[0]} must be true or false, not {e[bad[0]]!r}")
    lists = {k: _tuple(e.get(k), slug, k) for k in LIST_FIELDS}
    status = e.get("status") or {}
    if not isinstance(status, dict):
        raise CatalogError(f"{where}: status must be a block {{url: ..., kind: ...}}")
    if unknown := [k for k in status if k not in STATUS_FIELDS]:
        raise CatalogError(
            f"{where}: unknown status field '{unknown[0]}'{did_you_mean(unknown[0], STATUS_FIELDS)}"
        )
    kind = status.get("kind", "none")
    if kind not in STATUS_KINDS:
        raise CatalogError(
            f"{where}: unknown status kind '{kind}'{did_you_mean(kind, STATUS_KINDS)}"
        )
    url = status.get("url")
    if kind in NEEDS_URL and not url:
        raise CatalogError(f"{where}: a status of kind {kind} needs its url")
    if url is not None and not re.match(r"https?://[^/\s]+", str(url)):
        raise CatalogError(f"{where}: status url must start with https://, not {url!r}")
    for code in lists["countries"]:
        if not (code == code.upper() and is_country(code)):
            hint = country_hint(code) or (code.upper() if is_country(code) else "")
            raise CatalogError(
                f"{where}: countries are ISO 3166-1 alpha-2 codes (SE, GB, US), not {code!r}"
                + (f"; did you mean '{hint}'?" if hint else "")
            )
    names = {str(e["name"]), *lists["aliases"], *lists["misspellings"]}
    if e.get("lower_case") and not lists["countries"]:
        raise CatalogError(f"{where}: lower_case names a market's habit; give its countries")
    if stray := [n for n in lists["as_written"] if n not in names]:
        raise CatalogError(f"{where}: as_written names {stray} are not its name or aliases")
    folded = {n.casefold() for n in names}
    if stray := [n for n in lists["search"] if n.casefold() not in folded]:
        raise CatalogError(
            f"{where}: search names {stray} are not its name, aliases or misspellings (a post "
            "found by a search is given to the service by those)"
        )
    communities = tuple(c.strip().removeprefix("r/") for c in lists["communities"])
    if bad := [c for c in communities if not re.fullmatch(r"\w{2,}", c)]:
        raise CatalogError(
            f"{where}: communities {bad} are no Reddit community names "
            "(letters, digits and '_', as in r/chase)"
        )
    forums = tuple(forum_url(f) for f in lists["forums"])
    if bad := [given for given in lists["forums"] if not forum_url(given)]:
        raise CatalogError(
            f"{where}: forums {bad} are no forum addresses "
            "(http:// or https:// and a host, as in https://devforum.roblox.com)"
        )
    return Service(
        slug=slug,
        name=str(e["name"]),
        category=category,
        aliases=lists["aliases"],
        misspellings=lists["misspellings"],
        handles=lists["handles"],
        hashtags=lists["hashtags"],
        domains=lists["domains"],
        countries=lists["countries"],
        upstream=lists["upstream"],
        ambiguous=bool(e.get("ambiguous", False)),
        platform=bool(e.get("platform", False)),
        as_written=lists["as_written"],
        lower_case=bool(e.get("lower_case", False)),
        communities=communities,
        forums=forums,
        status_url=url,
        status_kind=kind,
        status_components=_tuple(status.get("components"), slug, "status components"),
        search=lists["search"],
        extra=extra,
    )


def check_catalog(services: Sequence[Service], files: dict[str, str] | None = None) -> None:
    """What no single entry shows: an upstream slug that is no service, and a surface form
    (name, alias, misspelling, handle, hashtag, domain; case-folded) owned by two services,
    which would give every post naming one to both. `files` names the file of each slug
    whose entry is not the bundled catalog's, for the error to say where each is.

    Two services may share what the bundled catalog shares for a reason: a name or alias,
    when both name their countries and no country is both's (national operators of one
    brand, "Vodafone": the post's country or language decides); a handle, when both have the
    same status page (one company's support account, @AppleSupport for Apple and iCloud)."""
    files = files or {}

    def named(slug: str) -> str:
        return f"'{slug}' ({files.get(slug, BUNDLED)})" if files else f"'{slug}'"

    slugs = {s.slug for s in services}
    owners: dict[tuple[str, str], list[Service]] = {}
    for s in services:
        if missing := [u for u in s.upstream if u not in slugs or u == s.slug]:
            raise CatalogError(
                f"catalog entry {named(s.slug)}: upstream '{missing[0]}' is "
                + ("itself" if missing[0] == s.slug else "no service of the catalog")
                + did_you_mean(missing[0], slugs)
            )
        for kind, what, forms in _surfaces(s):
            for folded, form in {f.casefold(): f for f in forms}.items():
                others = owners.setdefault((kind, folded), [])
                for other in others:
                    if other is not s and not _may_share(kind, s, other):
                        raise CatalogError(
                            f"catalog entry {named(s.slug)}: {what} {form!r} is already "
                            f"{other.name}'s, entry {named(other.slug)}; " + _SHARE_RULE[kind]
                        )
                if not any(o is s for o in others):
                    others.append(s)


_SHARE_RULE = {
    "names": "two services share a name only as national operators, each with its "
    "countries and none in common",
    "handles": "two services share a handle only with one status page (one company's)",
    "hashtags": "a hashtag is one service's",
    "domains": "a domain is one service's",
}


def _surfaces(s: Service) -> tuple[tuple[str, str, Iterable[str]], ...]:
    """(kind, what it is called in an error, forms) of each surface form that finds `s`."""
    return (
        ("names", "the name", (s.name,)),
        ("names", "alias", s.aliases),
        ("names", "misspelling", s.misspellings),
        ("handles", "handle", s.handles),
        ("hashtags", "hashtag", s.hashtags),
        ("domains", "domain", s.domains),
    )


def _may_share(field: str, a: Service, b: Service) -> bool:
    if field == "names":
        return bool(a.countries and b.countries) and not set(a.countries) & set(b.countries)
    if field == "handles":
        return bool(a.status_url) and a.status_url == b.status_url
    return False


def forum_url(value: str) -> str:
    """A forum's base URL as the crawler asks it: http(s), host in lower case, no trailing
    slash, no query ('' when it is no such URL). A forum may live under a path
    ("https://example.org/forum", Discourse's subfolder installs)."""
    try:
        parts = urlsplit(str(value).strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def forum_venue(url: str) -> str:
    """Where a forum post was written, as stored in `posts.venue` and matched by the
    attributor: the forum's address without its scheme ("devforum.roblox.com")."""
    return forum_url(url).split("://", 1)[-1]


def _read_entries(path: str | None) -> list:
    """A catalog file's entries; an unreadable file or a YAML error is a CatalogError naming
    the file (and the line)."""
    import yaml  # here: commands that only check a slug need no YAML parser

    try:
        if path is None:
            text = resources.files("outagewatch").joinpath("data/services.yaml").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise CatalogError(f"catalog file {path} not found") from None
    except IsADirectoryError:
        raise CatalogError(f"catalog file {path} is a folder, not a YAML file") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(f"catalog file {path} is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise CatalogError(f"catalog file {path} cannot be read: {exc.strerror}") from None
    try:
        data = yaml.load(text, Loader=_yaml_loader()) or []  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        raise CatalogError(
            f"catalog file {path or BUNDLED}{at}: {problem}"
            + (f" ({context})" if context else "")
            + " (not valid YAML)"
        ) from None
    if isinstance(data, dict):
        data = data.get("services", [])
    return data


@lru_cache(maxsize=1)
def _yaml_loader() -> type:
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        """A safe loader (libyaml's where installed: a third of the time) that says a key
        written twice in one entry, where YAML would keep the last in silence."""

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [loader.construct_object(k, deep=True) for k, _ in node.value]
        if twice := sorted({str(k) for k in keys if keys.count(k) > 1}):
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{twice[0]}' is written twice in one entry", node.start_mark
            )
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    # YAML 1.1 reads NO (Norway), ON, yes and off as true/false: `countries: [SE, NO]` gave
    # ("SE", "False"). Only true and false are flags here, as in YAML 1.2.
    flag = "tag:yaml.org,2002:bool"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != flag]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        flag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"
    )
    return Loader


@lru_cache(maxsize=8)
def load_catalog(path: str | None = None, extra: tuple[str, ...] = ()) -> tuple[Service, ...]:
    """Load the catalog shipped with the package, or a user's own YAML file, and merge the
    `extra` files over it: an entry of a slug already there replaces that entry (said once, in
    a log line), the others are added. A mistake in a file is a CatalogError that names the
    file, the entry and the field; a form two files' services share names both files."""
    base = _parse_file(path, whole=not extra)
    if not extra:
        return tuple(base)
    merged = {s.slug: s for s in base}
    files = dict.fromkeys(merged, path or BUNDLED)
    replaced: list[str] = []
    for part in extra:
        for s in _parse_file(part, whole=False):
            if files.get(s.slug) in extra:
                raise CatalogError(
                    f"catalog entry '{s.slug}' appears in both {files[s.slug]} and {part}"
                )
            if s.slug in merged:
                replaced.append(f"{s.slug} ({part})")
            merged[s.slug] = s
            files[s.slug] = part
    check_catalog(list(merged.values()), files)
    if replaced:
        log.warning(
            "the catalog entries %s replace those of %s (a slug of the catalog is replaced "
            "whole, not merged)",
            ", ".join(replaced),
            path or BUNDLED,
        )
    return tuple(merged.values())


def _parse_file(path: str | None, *, whole: bool) -> list[Service]:
    try:
        return parse_catalog(_read_entries(path), whole=whole)
    except CatalogError as exc:
        if str(exc).startswith("catalog file "):
            raise
        hint = ""
        if whole and path and "is no service of the catalog" in str(exc):
            # the usual cause: a file of one's own services that names a bundled provider
            hint = "; to add services to the bundled catalog, give the file as [catalog] extra"
        raise CatalogError(f"{path or BUNDLED}: {exc}{hint}") from None


def configured_catalog(settings: object) -> tuple[Service, ...]:
    """The catalog a command's settings name (`[catalog] path` or OUTAGEWATCH_CATALOG, else
    the bundled one, with `[catalog] extra` or OUTAGEWATCH_CATALOG_EXTRA merged over it):
    every command reads the same services."""
    path = getattr(settings, "catalog_path", None)
    extra = tuple(str(p) for p in getattr(settings, "catalog_extra", ()) or ())
    return load_catalog(str(path) if path else None, extra)


# How people say a service is down in each national market, for the crawlers' searches:
# "<name> down" finds the English posts, "Ростелеком не работает" and "Orange panne" the
# others. A service's first market decides; markets that write English need nothing more.
MARKET_DOWN_WORDS = {
    "DE": "störung", "AT": "störung", "CH": "störung", "FR": "panne", "BE": "panne", "ES": "caído",
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


def search_phrases(service: Service, markets: bool = True) -> list[str]:
    """What the crawlers search for a service: "<name> down", and (with ``markets``) for a
    national service outside English-writing markets, its name as written there with the
    market's word for down ("Ростелеком не работает", "ドコモ 障害", "Movistar caído"); then
    "<name> down" for each of the catalog's `search` names ("Nordlink down")."""
    phrases = [f"{service.name} down"]
    market = service.countries[0] if service.countries else ""
    if markets and (word := MARKET_DOWN_WORDS.get(market)):
        phrases.append(f"{_local_name(service, market)} {word}")
    phrases += [f"{name} down" for name in service.search]  # the catalog's `search` names
    unique: dict[str, str] = {}
    for phrase in phrases:
        unique.setdefault(phrase.casefold(), phrase)  # a search ignores case
    return list(unique.values())


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


def catalog_search_phrases(services: Iterable[Service], markets: bool = True) -> list[str]:
    """Every service's search phrases, the "<name> down" ones first: they find most posts,
    and a search packed or rotated in order keeps them where they were."""
    phrases = [search_phrases(s, markets) for s in services]
    return [p[0] for p in phrases] + [q for p in phrases for q in p[1:]]


def catalog_fingerprint(services: Sequence[Service]) -> str:
    """A hash of every field of every service: a change to the catalog changes it, so the
    warehouse's copy is refreshed and posts enriched against the old catalog are redone."""
    text = repr(tuple(services))
    # `forums` came later: a catalog naming none keeps the fingerprint its warehouses hold
    if forums := [(s.slug, s.forums) for s in services if s.forums]:
        text += repr(forums)
    return hashlib.sha256(text.encode()).hexdigest()


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
