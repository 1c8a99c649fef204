"""Fixtures for the enrichment tests: a small catalog, and the real model loaded once."""

from __future__ import annotations

import os

import pytest

from outagewatch.catalog import parse_catalog

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SMALL_CATALOG = [
    {
        "slug": "spotify", "name": "Spotify", "category": "streaming",
        "misspellings": ["spotfy"], "handles": ["@SpotifyCares"],
        "hashtags": ["spotifydown"], "domains": ["spotify.com"],
    },
    {
        "slug": "netflix", "name": "Netflix", "category": "streaming",
        "handles": ["@netflix"], "domains": ["netflix.com"],
    },
    {"slug": "playstation-network", "name": "PlayStation Network", "category": "gaming",
     "aliases": ["PSN", "PlayStation"], "platform": True},
    {"slug": "whatsapp", "name": "WhatsApp", "category": "messaging"},
    {"slug": "xbox-live", "name": "Xbox Live", "category": "gaming", "aliases": ["Xbox"],
     "hashtags": ["xboxdown"], "platform": True},
    {"slug": "fortnite", "name": "Fortnite", "category": "gaming"},
    {"slug": "gta-online", "name": "GTA Online", "category": "gaming", "aliases": ["GTA 5"]},
    {"slug": "facebook", "name": "Facebook", "category": "social", "aliases": ["FB"]},
    {"slug": "icloud", "name": "iCloud", "category": "productivity", "aliases": ["Find My"],
     "as_written": ["Find My"]},
    {"slug": "x", "name": "X", "category": "social", "aliases": ["Twitter"],
     "domains": ["x.com", "twitter.com"]},
    {"slug": "hbo-max", "name": "HBO Max", "category": "streaming", "aliases": ["HBO"]},
    {"slug": "apple", "name": "Apple", "category": "other", "aliases": ["Apple ID"],
     "handles": ["@AppleSupport"], "ambiguous": True},
    {"slug": "amazon", "name": "Amazon", "category": "ecommerce", "ambiguous": True},
    {"slug": "discord", "name": "Discord", "category": "messaging", "ambiguous": True},
]  # fmt: skip


@pytest.fixture(scope="session")
def catalog():
    return parse_catalog(SMALL_CATALOG)


@pytest.fixture(scope="session")
def embedder():
    """The real bundled MiniLM, loaded once for the whole session."""
    from nlp.enrich.embed import shared_embedder

    emb = shared_embedder()
    emb.encode(["warm up"])
    return emb


@pytest.fixture(scope="session")
def attributor():
    """The shipped catalog's attributor without the model (no ambiguity resolver): an
    ambiguous name needs an outage status or a cue of its own. Built once per worker."""
    from nlp.enrich.attribution import CatalogAttributor
    from outagewatch.catalog import load_catalog

    return CatalogAttributor(load_catalog())


@pytest.fixture(scope="session")
def attribute(attributor):
    """``attribute(text, lang, complaint=True)``: the model-free attributor's services of one
    normalised post, sorted."""
    from nlp.enrich.normalize import TextNormalizer

    norm = TextNormalizer()

    def services(text: str, lang: str, complaint: bool = True) -> list[str]:
        got = attributor.attribute([norm.normalize(text)], langs=[lang], complaints=[complaint])
        return sorted(got[0])

    return services


@pytest.fixture(scope="session")
def enricher(catalog, embedder):
    from nlp.enrich.pipeline import Enricher

    return Enricher(catalog, embedder=embedder)


@pytest.fixture(scope="session")
def shipped_enricher(embedder):
    """The whole enrichment with the shipped catalog (services.yaml), built once."""
    from nlp.enrich.pipeline import Enricher
    from outagewatch.catalog import load_catalog

    return Enricher(load_catalog(), embedder=embedder)
