"""The shipped service catalog: complete enough for the demo, internally consistent, strict on bad input."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest
import yaml

from outagewatch.catalog import (
    CATEGORIES,
    STATUS_KINDS,
    CatalogError,
    Service,
    by_slug,
    catalog_fingerprint,
    catalog_search_phrases,
    forum_venue,
    load_catalog,
    names_alternation,
    parse_catalog,
    search_phrases,
)

# The offline demo and its fixtures name these services; removing one breaks the demo.
_DEMO_SLUG_TEXT = """
    spotify netflix youtube disney-plus twitch instagram facebook whatsapp x tiktok discord
    slack zoom microsoft-teams outlook gmail aws gcp azure cloudflare fastly github steam
    playstation-network xbox-live roblox fortnite chase bank-of-america wells-fargo paypal
    monzo barclays revolut nubank comcast-xfinity verizon att t-mobile vodafone-uk bt
    orange-fr free-fr deutsche-telekom movistar vivo ntt-docomo jio telcel rogers apple
    icloud amazon chatgpt reddit bluesky mastodon-social signal telegram snapchat linkedin
    dropbox shopify stripe uber
"""
DEMO_SLUGS = tuple(_DEMO_SLUG_TEXT.split())
REQUIRED_CATEGORIES = {
    "streaming",
    "social",
    "messaging",
    "cloud",
    "banking",
    "gaming",
    "isp_telco",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SHIPPED = Path(__file__).resolve().parents[1] / "outagewatch" / "data" / "services.yaml"


@pytest.fixture(scope="module")
def catalog() -> tuple[Service, ...]:
    return load_catalog()


class _StrictLoader(yaml.SafeLoader):
    """safe_load silently keeps the last of two equal keys; a catalog typo must not vanish."""


def _no_duplicate_keys(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
    if dupes:
        raise AssertionError(f"duplicate keys {dupes} near line {node.start_mark.line + 1}")
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def test_shipped_file_is_a_plain_list_without_duplicate_keys() -> None:
    data = yaml.load(SHIPPED.read_text("utf-8"), Loader=_StrictLoader)
    assert isinstance(data, list)
    assert all(isinstance(e, dict) for e in data)


def test_strict_loader_catches_duplicate_keys() -> None:
    with pytest.raises(AssertionError, match="aliases"):
        yaml.load("- slug: a\n  aliases: [x]\n  aliases: [y]\n", Loader=_StrictLoader)


def test_catalog_is_large_and_slugs_unique(catalog: tuple[Service, ...]) -> None:
    assert len(catalog) >= 100
    dupes = [s for s, n in Counter(s.slug for s in catalog).items() if n > 1]
    assert dupes == []
    bad = [s.slug for s in catalog if not SLUG_RE.match(s.slug)]
    assert bad == [], f"slugs must be lower-case kebab: {bad}"


def test_demo_slugs_present(catalog: tuple[Service, ...]) -> None:
    missing = sorted(set(DEMO_SLUGS) - set(by_slug(catalog)))
    assert missing == []


def test_upstream_slugs_exist_and_are_providers(catalog: tuple[Service, ...]) -> None:
    index = by_slug(catalog)
    for s in catalog:
        for up in s.upstream:
            assert up in index, f"{s.slug}: upstream '{up}' is not in the catalog"
            assert up != s.slug, f"{s.slug} lists itself as upstream"
            assert index[up].category in {"cloud", "cdn"}, f"{s.slug}: upstream '{up}'"


def test_shared_providers_are_used_by_demo_services(catalog: tuple[Service, ...]) -> None:
    """The demo's shared-provider relation needs several demo services on the same provider."""
    demo = [s for s in catalog if s.slug in DEMO_SLUGS]
    on_aws = [s.slug for s in demo if "aws" in s.upstream]
    on_gcp_or_cf = [s.slug for s in demo if {"gcp", "cloudflare"} & set(s.upstream)]
    assert len(on_aws) >= 2, on_aws
    assert len(on_gcp_or_cf) >= 2, on_gcp_or_cf


def test_platforms_are_where_games_run(catalog: tuple[Service, ...]) -> None:
    """Console networks and game stores are flagged, so a game named beside one is the
    subject (nlp/enrich/attribution.py); a game itself is never a platform."""
    platforms = {s.slug for s in catalog if s.platform}
    assert {"xbox-live", "playstation-network", "steam"} <= platforms
    assert all(s.category == "gaming" for s in catalog if s.platform)
    assert not {"fortnite", "gta-online", "minecraft"} & platforms


def test_categories_cover_the_main_kinds(catalog: tuple[Service, ...]) -> None:
    used = {s.category for s in catalog}
    assert used <= set(CATEGORIES)
    assert used >= REQUIRED_CATEGORIES


def test_national_services_use_iso_alpha2(catalog: tuple[Service, ...]) -> None:
    national = [s for s in catalog if s.countries]
    assert len({c for s in national for c in s.countries}) >= 10
    for s in national:
        for code in s.countries:
            assert pycountry.countries.get(alpha_2=code) is not None, f"{s.slug}: '{code}'"
    # ISPs and banks are national by nature; a global one would be a data-entry slip.
    for s in catalog:
        if s.category in {"isp_telco", "banking"} and s.slug not in {"starlink", "revolut"}:
            assert s.countries, f"{s.slug} ({s.category}) has no countries"


def test_status_entries_are_consistent(catalog: tuple[Service, ...]) -> None:
    for s in catalog:
        assert s.status_kind in STATUS_KINDS
        if s.status_kind != "none":
            assert s.status_url and s.status_url.startswith("https://"), s.slug
    kinds = by_slug(catalog)
    assert kinds["github"].status_kind == "statuspage"
    assert kinds["gcp"].status_kind == "gcp"
    assert kinds["aws"].status_kind == "aws"
    assert kinds["azure"].status_kind == "rss"


def test_surface_forms_are_well_formed(catalog: tuple[Service, ...]) -> None:
    for s in catalog:
        assert all(h.startswith("@") and " " not in h for h in s.handles), s.slug
        assert all(t == t.lower() and not t.startswith("#") for t in s.hashtags), s.slug
        assert all("/" not in d and " " not in d for d in s.domains), s.slug
        assert all(n.strip() for n in s.names), s.slug
        lowered = {m.lower() for m in s.misspellings}
        assert s.name.lower() not in lowered, f"{s.slug}: its own name listed as a misspelling"


def test_everyday_word_names_are_flagged(catalog: tuple[Service, ...]) -> None:
    index = by_slug(catalog)
    for slug in ("apple", "amazon", "discord", "orange-fr", "steam", "zoom", "signal", "box"):
        assert index[slug].ambiguous, slug
    for slug in ("netflix", "whatsapp", "github"):
        assert not index[slug].ambiguous, slug


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        pytest.param(
            [{"slug": "a", "name": "A"}, {"slug": "a", "name": "A again"}],
            "'a' appears twice",
            id="duplicate-slug",
        ),
        pytest.param(
            [{"slug": "zz", "name": "ZZ", "category": "weather"}],
            "'zz': unknown category 'weather'",
            id="unknown-category",
        ),
        pytest.param(
            [{"slug": "yy", "name": "YY", "status": {"url": "https://x", "kind": "json"}}],
            "'yy': unknown status kind 'json'",
            id="unknown-status-kind",
        ),
        pytest.param([{"name": "no slug"}], "entry #0", id="missing-slug"),
        pytest.param(
            [{"slug": "ic", "name": "iCloud", "as_written": ["Find My"]}],
            "'ic': as_written names ['Find My'] are not its name or aliases",
            id="as-written-not-a-name",
        ),
        pytest.param(
            [{"slug": "jz", "name": "Jazz", "as_written": ["Jazz"], "lower_case": True}],
            "'jz': lower_case names a market's habit; give its countries",
            id="lower-case-without-a-market",
        ),
        pytest.param(
            [{"slug": "ch", "name": "Chase", "communities": ["r/chase", "chase bank"]}],
            "'ch': communities ['chase bank'] are no Reddit community names",
            id="community-not-a-name",
        ),
        pytest.param(
            [{"slug": "rb", "name": "Roblox", "forums": ["devforum.roblox.com"]}],
            "'rb': forums ['devforum.roblox.com'] are no forum addresses",
            id="forum-without-scheme",
        ),
        pytest.param(
            [{"slug": "nl", "name": "Nordlink", "alias": ["NLF"]}],
            "'nl': unknown field 'alias'; did you mean 'aliases'?",
            id="unknown-field",
        ),
        pytest.param(
            [{"slug": "bg", "name": "BaltGrid", "categroy": "cloud"}],
            "'bg': unknown field 'categroy'; did you mean 'category'?",
            id="unknown-field-category",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "status": {"kind": "statuspage", "ulr": "https://x"}}],
            "'qp': unknown status field 'ulr'; did you mean 'url'?",
            id="unknown-status-field",
        ),
        pytest.param(
            [{"slug": "Quill Pad!", "name": "Quillpad"}],
            "entry #0: slug 'Quill Pad!' must be letters, digits and '_' joined by",
            id="slug-format",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "countries": ["Sweden"]}],
            "'qp': countries are ISO 3166-1 alpha-2 codes (SE, GB, US), not 'Sweden'",
            id="country-not-iso",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "countries": ["UK"]}],
            "not 'UK'; did you mean 'GB'?",
            id="country-uk",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "countries": ["se"]}],
            "not 'se'; did you mean 'SE'?",
            id="country-lower-case",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "status": {"kind": "statuspage"}}],
            "'qp': a status of kind statuspage needs its url",
            id="status-without-url",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "aliases": 5}],
            "'qp': aliases must be a list of texts",
            id="aliases-not-a-list",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "ambiguous": "sometimes"}],
            "'qp': ambiguous must be true or false, not 'sometimes'",
            id="flag-not-a-flag",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "upstream": ["aws"]}],
            "'qp': upstream 'aws' is no service of the catalog",
            id="upstream-missing",
        ),
        pytest.param(
            [{"slug": "qp", "name": "Q", "upstream": ["qp"]}],
            "'qp': upstream 'qp' is itself",
            id="upstream-itself",
        ),
    ],
)
def test_parse_catalog_rejects_bad_entries(entries: list[dict], fragment: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog(entries)
    assert fragment in str(info.value)


def test_load_catalog_reads_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "services:\n  - slug: acme\n    name: Acme\n    category: cloud\n    countries: [FR]\n",
        "utf-8",
    )
    (svc,) = load_catalog(str(path))
    assert (svc.slug, svc.category, svc.countries, svc.status_kind) == (
        "acme",
        "cloud",
        ("FR",),
        "none",
    )


def test_national_services_are_searched_as_their_market_writes(catalog) -> None:
    """What the crawlers search: "<name> down" for every service; a national service outside
    English-writing markets also by its name there and the market's word for down."""
    index = by_slug(catalog)
    assert search_phrases(index["spotify"]) == ["Spotify down"]
    assert search_phrases(index["bt"]) == ["BT down"]  # an English-writing market
    assert search_phrases(index["rostelecom"])[1] == "Ростелеком не работает"
    assert search_phrases(index["ntt-docomo"])[1] == "ドコモ 障害"
    # the shortest form of the name: a search needs every word it is given
    assert search_phrases(index["vodafone-de"])[1] == "Vodafone störung"
    assert search_phrases(index["orange-pl"])[1] == "Orange awaria"
    phrases = catalog_search_phrases(catalog)
    assert phrases[: len(catalog)] == [f"{s.name} down" for s in catalog]
    assert len(phrases) == len(set(phrases)) > len(catalog)


# National services whose names are everyday words or first names somewhere (catalog
# 2026-11-30): "du bist", "we are", "oi gente", "salt and pepper", "sunrise at 6", "toss a
# coin", "ovo" (an egg), "dana desa", "A1 sauce", "Zain" (a name, "good" in Arabic)
EVERYDAY_NATIONAL = {
    "du-ae": "du", "we-eg": "WE", "oi-br": "Oi", "salt-ch": "Salt", "sunrise-ch": "Sunrise",
    "toss": "Toss", "ovo-id": "OVO", "dana-id": "DANA", "a1-at": "A1", "zain": "Zain",
    "caixa-br": "Caixa", "grab": "Grab", "bcp-pe": "BCP",
}  # fmt: skip


def test_everyday_national_names_are_flagged_and_searched_with_down(catalog) -> None:
    """Each is ambiguous and matched only as written (never in lower case), and the crawlers
    never search it bare: "<name> down" (with the market's word, "Salt störung"), and on
    Hacker News with the word "down" in the post."""
    from crawlers.spiders.hackernews import hn_queries

    index = by_slug(catalog)
    for slug, name in EVERYDAY_NATIONAL.items():
        s = index[slug]
        assert s.countries and s.ambiguous and name in s.as_written and not s.lower_case, slug
        assert s.name == name and not s.search, slug
        assert all(p.casefold() != name.casefold() for p in search_phrases(s)), slug
        assert all(q.endswith('"down"') for q in hn_queries(s)), slug
    assert search_phrases(index["salt-ch"]) == ["Salt down", "Salt störung"]
    assert search_phrases(index["oi-br"]) == ["Oi down", "Oi fora do ar"]
    assert search_phrases(index["toss"]) == ["Toss down", "토스 장애"]


def test_a_brand_of_several_markets_has_its_national_entries(catalog) -> None:
    """Egypt's Vodafone and Orange share the brand with the European operators (the post's
    country or language decides), and Hotstar is JioHotstar's, no longer Disney+'s."""
    index = by_slug(catalog)
    assert "Vodafone" in index["vodafone-eg"].aliases and index["vodafone-eg"].countries == ("EG",)
    assert "Orange" in index["orange-eg"].aliases and index["orange-eg"].ambiguous
    names = {n.casefold(): s.slug for s in catalog for n in s.names if not s.countries}
    assert "disney+ hotstar" not in names
    assert "Disney+ Hotstar" in index["jiohotstar"].aliases
    assert "ahamo" in index["ntt-docomo"].aliases  # docomo's own plan, not a service apart


def test_names_alternation_matches_as_the_plain_longest_first_list(catalog) -> None:
    """The trie is a speed-up only: over every catalog name, in texts that hold names, names
    cut short, names run into a word and names inside longer ones, it finds exactly what the
    names joined longest first find."""
    import random

    import regex

    names = sorted({n for s in catalog for n in s.names})  # "Amazon" and "amazon prime"
    plain = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    edges = r"(?<![\p{L}\p{N}])(?:%s)(?![\p{L}\p{N}])"
    slow = regex.compile(edges % plain, regex.IGNORECASE)
    fast = regex.compile(edges % names_alternation(names, ignore_case=True), regex.IGNORECASE)
    rng = random.Random(7)
    pieces = [*names, *(n[: max(1, len(n) // 2)] for n in names), "down", "is", "s", "x", "."]
    pieces += [n.lower() for n in names] + [n.upper() for n in names]
    texts = [" ".join(rng.choice(pieces) for _ in range(12)) for _ in range(400)]
    texts += [n + "s " + n.upper() + " " + n + "-like" for n in names]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_forums_are_base_urls_and_the_bundled_ones_run_discourse() -> None:
    """A forum is kept as the crawler asks it (scheme and host in lower case, no trailing
    slash; a subfolder install keeps its path); the bundled ones are the services' own
    Discourse communities."""
    (svc,) = parse_catalog(
        [{"slug": "a", "name": "Acme", "forums": ["HTTPS://Forum.Acme.io/", "https://acme.io/c/"]}]
    )
    assert svc.forums == ("https://forum.acme.io", "https://acme.io/c")
    assert [forum_venue(f) for f in svc.forums] == ["forum.acme.io", "acme.io/c"]
    bundled = {s.slug: s.forums for s in load_catalog() if s.forums}
    assert bundled == {
        "roblox": ("https://devforum.roblox.com",),
        "chatgpt": ("https://community.openai.com",),
        "cloudflare": ("https://community.cloudflare.com",),
        "docker-hub": ("https://forums.docker.com",),
        "gitlab": ("https://forum.gitlab.com",),
        "netlify": ("https://answers.netlify.com",),
    }


SPOTIFY = {
    "slug": "spotify",
    "name": "Spotify",
    "handles": ["@Spotify"],
    "hashtags": ["spotifydown"],
    "domains": ["spotify.com"],
    "status": {"kind": "statuspage", "url": "https://status.spotify.test"},
}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        pytest.param(
            {"aliases": ["SPOTIFY"]},
            "alias 'SPOTIFY' is already Spotify's, entry 'spotify'; two services share a name "
            "only as national operators, each with its countries and none in common",
            id="alias-is-another-name",
        ),
        pytest.param(
            {"misspellings": ["spotify"]}, "misspelling 'spotify' is already", id="misspelling"
        ),
        pytest.param(
            {"hashtags": ["SpotifyDown"]},
            "hashtag 'SpotifyDown' is already Spotify's, entry 'spotify'; a hashtag is one "
            "service's",
            id="hashtag",
        ),
        pytest.param({"domains": ["Spotify.com"]}, "domain 'Spotify.com' is", id="domain"),
        pytest.param(
            {"handles": ["@spotify"]},
            "handle '@spotify' is already Spotify's, entry 'spotify'; two services share a "
            "handle only with one status page (one company's)",
            id="handle",
        ),
        pytest.param(
            {"aliases": ["Spotify"], "countries": ["SE"]},
            "alias 'Spotify' is already",
            id="a-name-of-a-global-service",
        ),
    ],
)
def test_a_form_another_service_owns_is_refused(entry: dict, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog([SPOTIFY, {"slug": "quillpad", "name": "Quillpad", **entry}])
    assert str(info.value).startswith("catalog entry 'quillpad': ")
    assert message in str(info.value)


def test_what_the_bundled_catalog_shares_for_a_reason_may_be_shared() -> None:
    """National operators of one brand share its name (each has its countries, none in
    common); one company's services share its support account (one status page)."""
    entries = [
        {"slug": "vf-de", "name": "Vodafone Deutschland", "aliases": ["Vodafone"],
         "countries": ["DE"]},
        {"slug": "vf-uk", "name": "Vodafone UK", "aliases": ["vodafone"], "countries": ["GB"]},
        {**SPOTIFY, "slug": "sp", "name": "Sp"},
        {**SPOTIFY, "slug": "sp-music", "name": "Sp Music", "hashtags": [], "domains": []},
    ]  # fmt: skip
    assert [s.slug for s in parse_catalog(entries)] == ["vf-de", "vf-uk", "sp", "sp-music"]
    entries[1]["countries"] = ["GB", "DE"]
    with pytest.raises(CatalogError, match="alias 'vodafone' is already Vodafone Deutschland's"):
        parse_catalog(entries)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "- slug: nl\n  name: Nordlink\n  aliases: [Nordlink, NLF\n  countries: [SE]\n",
            "{path}, line 4 column 12: did not find expected ',' or ']' (while parsing a flow "
            "sequence) (not valid YAML)",
            id="unclosed-bracket",
        ),
        pytest.param(
            "- slug: nl\n  name: Nordlink\n  aliases: [NLF]\n  aliases: [Nord]\n",
            "{path}, line 1 column 3: the key 'aliases' is written twice in one entry "
            "(not valid YAML)",
            id="key-twice",
        ),
    ],
)
def test_a_yaml_mistake_names_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(str(path))
    assert str(info.value) == "catalog file " + message.format(path=path)


def test_a_missing_or_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"^catalog file .*nothere\.yaml not found$"):
        load_catalog(str(tmp_path / "nothere.yaml"))
    with pytest.raises(CatalogError, match="is a folder, not a YAML file"):
        load_catalog(str(tmp_path))
    (tmp_path / "latin1.yaml").write_bytes("- slug: a\n  name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError, match="latin1.yaml is not UTF-8 text"):
        load_catalog(str(tmp_path / "latin1.yaml"))


def test_an_entry_mistake_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- slug: qp\n  name: Quillpad\n  hashtag: [qpdown]\n", "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(str(path))
    assert str(info.value) == (
        f"{path}: catalog entry 'qp': unknown field 'hashtag'; did you mean 'hashtags'?"
    )


def test_norway_is_a_country_not_false(tmp_path: Path) -> None:
    """YAML 1.1 reads NO as false; in a catalog only true and false are flags."""
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- slug: nl\n  name: Nordlink\n  countries: [SE, NO]\n  ambiguous: false\n", "utf-8"
    )
    (svc,) = load_catalog(str(path))
    assert svc.countries == ("SE", "NO") and svc.ambiguous is False
    assert yaml.safe_load("[NO]") == [False]  # yaml's own loader is left as it was


MINE = """\
- slug: quillpad
  name: Quillpad
  category: productivity
  upstream: [aws]
  status: {kind: statuspage, url: "https://status.quillpad.io"}
- slug: nordlink-fiber
  name: Nordlink Fiber
  category: isp_telco
  aliases: [Nordlink, NLF]
  countries: [SE, NO]
"""


def test_extra_files_are_merged_over_the_bundled_catalog(tmp_path: Path, caplog) -> None:
    """A new slug is added; a bundled slug is replaced whole, said once in a log line."""
    (tmp_path / "mine.yaml").write_text(MINE, "utf-8")
    (tmp_path / "spotify.yaml").write_text("- {slug: spotify, name: Spotify Free}\n", "utf-8")
    extra = (str(tmp_path / "mine.yaml"), str(tmp_path / "spotify.yaml"))
    bundled = load_catalog()
    with caplog.at_level("WARNING", logger="outagewatch.catalog"):
        merged = load_catalog(None, extra)
        assert load_catalog(None, extra) is merged  # loaded once a process: one log line
    index = by_slug(merged)
    assert [s.slug for s in merged] == [s.slug for s in bundled] + ["quillpad", "nordlink-fiber"]
    assert index["quillpad"].upstream == ("aws",) and index["nordlink-fiber"].countries == (
        "SE",
        "NO",
    )
    assert (index["spotify"].name, index["spotify"].aliases) == ("Spotify Free", ())
    assert [r.getMessage() for r in caplog.records] == [
        f"the catalog entries spotify ({extra[1]}) replace those of the bundled catalog (a slug "
        "of the catalog is replaced whole, not merged)"
    ]


def test_an_extra_file_taking_a_bundled_name_is_refused_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "collide.yaml"
    path.write_text("- slug: quillpad\n  name: Quillpad\n  hashtags: [spotifydown]\n", "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(None, (str(path),))
    assert str(info.value) == (
        f"catalog entry 'quillpad' ({path}): hashtag 'spotifydown' is already Spotify's, entry "
        "'spotify' (the bundled catalog); a hashtag is one service's"
    )


def test_one_slug_in_two_extra_files_is_refused(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("- {slug: quillpad, name: Quillpad}\n", "utf-8")
    extra = (str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    with pytest.raises(CatalogError, match=r"'quillpad' appears in both .*a\.yaml and .*b\.yaml"):
        load_catalog(None, extra)


def test_a_file_naming_a_bundled_provider_as_the_whole_catalog_says_extra(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(MINE, "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(str(path))
    assert str(info.value) == (
        f"{path}: catalog entry 'quillpad': upstream 'aws' is no service of the catalog; to add "
        "services to the bundled catalog, give the file as [catalog] extra"
    )


def test_the_readme_example_merges_over_the_bundled_catalog(tmp_path: Path) -> None:
    readme = (SHIPPED.parents[2] / "README.md").read_text("utf-8")
    section = readme.split("#### Watch your own services", 1)[1]
    path = tmp_path / "my_services.yaml"
    path.write_text(section.split("```yaml\n", 1)[1].split("```", 1)[0], "utf-8")
    index = by_slug(load_catalog(None, (str(path),)))
    assert index["quillpad"].status_kind == "statuspage"
    assert index["nordlink-fiber"].countries == ("SE", "NO")
    assert search_phrases(index["nordlink-fiber"]) == [
        "Nordlink Fiber down",
        "Nordlink nere",
        "Nordlink down",
    ]


def test_search_names_are_its_own_names_and_searched(tmp_path: Path) -> None:
    entry = {"slug": "nl", "name": "Nordlink Fiber", "aliases": ["Nordlink"], "countries": ["SE"]}
    (svc,) = parse_catalog([{**entry, "search": ["nordlink", "Nordlink Fiber"]}])
    assert search_phrases(svc) == ["Nordlink Fiber down", "Nordlink nere", "nordlink down"]
    with pytest.raises(CatalogError) as info:
        parse_catalog([{**entry, "search": ["NLF"]}])
    assert str(info.value).startswith(
        "catalog entry 'nl': search names ['NLF'] are not its name, aliases or misspellings"
    )
    # crawl-only: the fingerprint (what enrichment is versioned by) does not hold it
    assert catalog_fingerprint([svc]) == catalog_fingerprint(parse_catalog([entry]))


def test_a_catalog_that_loaded_before_the_checks_still_loads(caplog) -> None:
    """Slugs with '_' key a warehouse's history, YAML 1.1 flags (yes/on) are what hand-kept
    files hold, and a key of one's own (notes) is said once and kept: refusing any of them
    would stop an upgraded `run` (review 135). A near-miss of a field is still a typo."""
    caplog.set_level(logging.WARNING, logger="outagewatch.catalog")
    entries = [
        {"slug": "acme_old", "name": "Acme Old", "ambiguous": "yes", "notes": "our vendor"},
        {"slug": "acme", "name": "Acme Cloud", "category": "cloud", "platform": "On"},
    ]
    old, new = parse_catalog(entries)
    assert (old.slug, old.ambiguous, old.extra) == ("acme_old", True, {"notes": "our vendor"})
    assert new.platform is True
    assert "field 'notes' is not read by outagewatch" in caplog.text
    with pytest.raises(CatalogError, match="did you mean 'aliases'"):
        parse_catalog([{"slug": "x", "name": "X", "alias": ["Y"]}])


def test_forums_change_the_fingerprint_only_of_catalogs_that_name_some() -> None:
    """A catalog without forums keeps the fingerprint its warehouses were enriched with
    (yesterday's repr of its services), so no reprocess is asked for; one with forums
    changes when they do."""
    plain = parse_catalog([{"slug": "a", "name": "Acme"}])
    assert "forums" not in repr(plain[0])  # so the repr is the one before the field came
    assert catalog_fingerprint(plain) == hashlib.sha256(repr(tuple(plain)).encode()).hexdigest()
    with_forum = parse_catalog([{"slug": "a", "name": "Acme", "forums": ["https://f.acme.io"]}])
    assert catalog_fingerprint(with_forum) != catalog_fingerprint(plain)
