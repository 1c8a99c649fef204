"""Ambiguous names outside English: service words and the service's markets decide.

Sentences written for these tests (not taken from the demo), in several languages, with the
everyday senses of the same words beside the service ones.
"""

from __future__ import annotations

import pytest
import regex as re

from nlp.enrich.attribution import CatalogAttributor
from nlp.enrich.context import cued, market_languages
from nlp.enrich.lexicon import guess_language
from nlp.enrich.normalize import TextNormalizer
from outagewatch.catalog import parse_catalog

norm = TextNormalizer()

TELCOS = [
    {"slug": "orange-fr", "name": "Orange", "category": "isp_telco", "countries": ["FR"],
     "aliases": ["Orange France", "Livebox"], "ambiguous": True},
    {"slug": "free-fr", "name": "Free", "category": "isp_telco", "countries": ["FR"],
     "aliases": ["Free Mobile", "Freebox"], "ambiguous": True},
    {"slug": "claro", "name": "Claro", "category": "isp_telco", "countries": ["BR", "AR", "CO"],
     "ambiguous": True},
    {"slug": "vivo", "name": "Vivo", "category": "isp_telco", "countries": ["BR"],
     "ambiguous": True},
    {"slug": "three-uk", "name": "Three", "category": "isp_telco", "countries": ["GB"],
     "ambiguous": True},
    {"slug": "signal", "name": "Signal", "category": "messaging", "ambiguous": True},
    {"slug": "steam", "name": "Steam", "category": "gaming", "ambiguous": True},
    {"slug": "x", "name": "X", "category": "social", "aliases": ["Twitter"], "ambiguous": True},
]  # fmt: skip


@pytest.fixture(scope="module")
def telcos():
    return parse_catalog(TELCOS)


def attribute(att, text, embedder=None):
    post = norm.normalize(text)
    emb = embedder.encode([post.model_text]) if embedder is not None else None
    return att.attribute([post], emb)[0]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("réseau orange en panne dans tout le quartier", "fr"),
        ("Claro sin señal, se cayó la red otra vez", "es"),
        ("a internet da Vivo caiu de novo, não aguento mais", "pt"),
        ("Steam geht schon wieder nicht, Störung seit heute früh", "de"),
        ("the app is down again and my account is locked", "en"),
        ("orange", "und"),
        ("", "und"),
    ],
)
def test_guess_language(text, lang):
    assert guess_language(text) == lang


def test_market_languages(telcos):
    by = {s.slug: s for s in telcos}
    assert market_languages(by["orange-fr"]) == {"fr"}
    assert market_languages(by["claro"]) == {"pt", "es"}
    assert market_languages(by["steam"]) is None  # global: every language


def test_product_alias_needs_no_context(telcos):
    strict = CatalogAttributor(telcos)  # no model: only unambiguous evidence counts
    assert attribute(strict, "ma livebox clignote depuis ce matin") == ["orange-fr"]
    assert attribute(strict, "la freebox redémarre en boucle") == ["free-fr"]
    assert attribute(strict, "my old twitter password is gone") == ["x"]
    assert attribute(strict, "un jus d'orange pressée") == []  # a bare ambiguous name abstains
    # ...unless an outage status follows it, in any language, as "Steam down?" (attr-18)
    assert attribute(strict, "orange en panne") == ["orange-fr"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French
        pytest.param("réseau orange en panne dans tout le quartier", ["orange-fr"], id="fr-reseau"),
        pytest.param("orange fibre coupée encore une fois", ["orange-fr"], id="fr-fibre"),
        pytest.param("orange ne fonctionne plus chez moi", ["orange-fr"], id="fr-fonctionne"),
        pytest.param("plus d'internet chez Orange depuis ce matin", ["orange-fr"], id="fr-chez"),
        pytest.param("ma Livebox Orange ne marche plus", ["orange-fr"], id="fr-livebox"),
        pytest.param("Free en panne, plus de connexion", ["free-fr"], id="fr-free"),
        pytest.param("orange est en panne ? ici à Marseille", ["orange-fr"], id="fr-est-en-panne"),
        pytest.param("un jus d'orange et un croissant", [], id="fr-jus"),
        pytest.param("la robe orange est magnifique", [], id="fr-robe"),
        pytest.param(
            "le ciel est orange ce soir, coupure de courant dans le quartier", [], id="fr-ciel"
        ),
        pytest.param("entrée free pour tout le monde", [], id="fr-entree-free"),
        # Spanish, Portuguese, German
        pytest.param("Claro sin señal, se cayó la red", ["claro"], id="es-claro"),
        pytest.param("claro que sí, vamos mañana", [], id="es-claro-que-si"),
        pytest.param("claro, no hay problema con la red", [], id="es-claro-comma"),
        pytest.param("vivo sem sinal desde ontem, internet caiu", ["vivo"], id="pt-vivo"),
        pytest.param("eu vivo em São Paulo há dez anos", [], id="pt-eu-vivo"),
        pytest.param("Steam Störung, geht gar nichts", ["steam"], id="de-steam"),
        pytest.param("der Dampf, steam auf Englisch", [], id="de-steam-word"),
        pytest.param("assista ao vivo pelo app", [], id="pt-ao-vivo-set-phrase"),
        pytest.param("pues claro que sí, la red funciona", [], id="es-claro-que-clause"),
        pytest.param("free mobile ne capte plus", ["free-fr"], id="fr-alias-with-service-word"),
        # a service sold in France, named in a post in another language: no
        pytest.param("free wifi at the airport is down", [], id="en-free-wifi-market"),
        pytest.param("ganhei um app free, funciona bem", [], id="pt-free-market"),
        # English: the embedding still decides
        pytest.param("orange juice is the best", [], id="en-juice"),
        pytest.param(
            "Three network down, no signal since this morning",
            ["three-uk"],
            id="en-three-not-signal",
        ),  # fmt: skip
        pytest.param("three of us went to the park", [], id="en-three-of-us"),
        pytest.param("signal is weak in the kitchen", [], id="en-signal-weak"),
        pytest.param("Signal is down, messages not sending", ["signal"], id="en-signal-app"),
        pytest.param("a steam train went by", [], id="en-steam-train"),
    ],
)
def test_ambiguous_names_across_languages(telcos, embedder, text, expected):
    att = CatalogAttributor(telcos, embedder=embedder)
    assert attribute(att, text, embedder) == expected


@pytest.mark.slow
def test_language_from_upstream_overrides_the_guess(telcos, embedder):
    att = CatalogAttributor(telcos, embedder=embedder)
    post = norm.normalize("orange panne")
    emb = embedder.encode([post.model_text])
    assert att.attribute([post], emb, langs=["fr"]) == [["orange-fr"]]
    assert att.attribute([post], emb, langs=["ja"]) == [[]]  # not a French market language


@pytest.mark.slow
def test_a_capitalised_name_outweighs_the_language(telcos, embedder):
    """An English post about a French ISP, with the name written as a name, still counts."""
    att = CatalogAttributor(telcos, embedder=embedder)
    text = "since I moved to Lyon my Orange internet is down every evening"
    assert attribute(att, text, embedder) == ["orange-fr"]


@pytest.mark.parametrize(
    ("text", "surface", "name", "expected"),
    [
        pytest.param("get the app for FREE, no card needed", "FREE", "Free", False, id="emphasis"),
        pytest.param("PLUS D'INTERNET DEPUIS 5 MINUTES, MERCI ORANGE", "ORANGE", "Orange", True,
                     id="shouted-post"),
        pytest.param("panne chez SFR ce soir", "SFR", "SFR", True, id="acronym-name"),
        pytest.param("merci Orange pour rien", "Orange", "Orange", True, id="capitalised"),
    ],
)  # fmt: skip
def test_capitals_throughout_are_a_name_only_when_the_name_is_written_so(
    text, surface, name, expected
):
    from nlp.enrich.context import proper

    m = re.search(re.escape(surface), text)
    assert proper(text, m, name) is expected


@pytest.mark.parametrize(
    ("text", "name", "category", "expected"),
    [
        pytest.param("I forgot my yahoo email again", "yahoo", "email", True, id="email"),
        pytest.param("the outlook inbox is empty", "outlook", "email", True, id="inbox"),
        pytest.param("Steam library is empty", "Steam", "gaming", True, id="gaming"),
        pytest.param("my Delta flight app", "Delta", "travel", True, id="travel"),
        pytest.param("zoom meeting froze", "zoom", "productivity", True, id="productivity"),
        pytest.param("yahoo we won the cup", "yahoo", "email", False, id="exclamation"),
        pytest.param("the delta of the river", "delta", "travel", False, id="river"),
    ],
)
def test_every_category_has_its_service_words(text, name, category, expected):
    """Each category's own nouns cue its names: "my yahoo email" reads as the service, as
    "orange fibre" does for a telco (email, games, travel... had only the shared words)."""
    assert cued(text, re.search(name, text), category) is expected
