"""A service named beside another's failure in a clause that says none is in passing."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.enrich.attribution import CatalogAttributor
from nlp.enrich.normalize import TextNormalizer
from nlp.enrich.quiet import clause, quiet
from outagewatch.catalog import load_catalog

norm = TextNormalizer()


@pytest.fixture(scope="module")
def attributor():
    """The shipped catalog, without the model: ambiguous names need an outage status."""
    return CatalogAttributor(load_catalog())


def quiet_of(text: str, name: str, others: tuple[str, ...] = ()) -> bool:
    start = text.index(name)
    spans = [(start, start + len(name))]
    spans += [(text.index(o), text.index(o) + len(o)) for o in others]
    return quiet(text, start, start + len(name), spans)


@pytest.mark.parametrize(
    ("text", "name", "others", "expected"),
    [
        pytest.param("Spotify won't play, Apple Music is fine", "Apple Music", (), True, id="en"),
        pytest.param("Spotify won't play, Apple Music is fine", "Spotify", (), False, id="en-fail"),
        pytest.param("ютуб не грузит, а ВК работает", "ВК", (), True, id="ru-works"),
        pytest.param("ютуб не грузит, а ВК тоже", "ВК", (), False, id="ru-too"),
        pytest.param("Spotify down. Deezer too", "Deezer", (), False, id="en-too"),
        pytest.param("mBank leży, mam też konto w PKO", "PKO", (), True, id="pl-also-have"),
        pytest.param("Netflix chodzi bez problemu", "Netflix", (), True, id="pl-no-problem"),
        pytest.param("YouTube'da sorun yok", "YouTube", (), True, id="tr-no-problem"),
        pytest.param("Steam açılmıyor", "Steam", (), False, id="tr-negated-verb"),
        pytest.param("No Itaú foi de boa", "Itaú", (), True, id="pt-no-is-in"),
        pytest.param("Nubank não abre", "Nubank", (), False, id="pt-negation"),
        pytest.param("X phir se band?", "X", (), False, id="ur-band"),
        pytest.param(
            "네이버 검색 안 열림 ㅋㅋ 구글로 검색함", "구글", ("네이버",), True, id="ko-laugh-ends"
        ),
        pytest.param(
            "izzi sin internet 🙃 aguantando con Telcel", "Telcel", ("izzi",), True, id="emoji-ends"
        ),
        pytest.param(
            "Netflix, Hulu and Max all down", "Netflix", ("Hulu", "Max"), False, id="list"
        ),
        pytest.param(
            "Discord ve Steam ikisi birden çöktü", "Discord", ("Steam",), False, id="tr-both"
        ),
    ],
)
def test_a_clause_says_a_failure_or_not(text, name, others, expected) -> None:
    assert quiet_of(text, name, others) is expected


def test_names_are_blanked_in_their_clause() -> None:
    text = "Telia nere, men Telenor funkar"
    start = text.index("Telenor")
    got = clause(text, start, start + 7, [(0, 5), (start, start + 7)])
    assert "Telenor" not in got and "funkar" in got and "nere" not in got


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # the line one writes from, the one that works, the one switched to
        ("ватсап не грузит с утра, сижу на мегафоне", "ru", ["whatsapp"]),
        ("Spotify won't load playlists. Apple Music plays fine", "en", ["spotify"]),
        ("BBVA caída otra vez 😩 pagué con Revolut", "es", ["bbva"]),
        ("Türk Telekom interneti yine gitti. Turkcell hattımdan yazıyorum", "tr", ["turk-telekom"]),
        ("KT 인터넷 또 끊김. 유플러스 핫스팟으로 버티는 중", "ko", ["kt-kr"]),
        # both down: one clause, or "too"
        ("ватсап и телеграм одновременно легли", "ru", ["whatsapp", "telegram"]),
        ("Instagram won't load. WhatsApp too", "en", ["instagram", "whatsapp"]),
        ("Telegram не грузится, Ватсап тоже", "ru", ["telegram", "whatsapp"]),
        # a lone quiet name stays; nothing is dropped when no clause says a failure
        ("renewed Spotify Premium today", "en", ["spotify"]),
        ("Netflix tonight, Spotify later", "en", ["netflix", "spotify"]),
        # a name pointed at stays
        ("WhatsApp won't send, using Telegram now #telegramdown", "en", ["whatsapp", "telegram"]),
    ],
)
def test_a_name_in_passing_is_dropped_only_beside_a_failure(
    attributor, text, lang, expected
) -> None:
    got = attributor.attribute([norm.normalize(text)], langs=[lang])[0]
    assert sorted(got) == sorted(expected)


def test_a_service_in_passing_still_says_the_country(shipped_enricher) -> None:
    """The line one writes from is not what failed, but it says where the post is from."""
    out = shipped_enricher.enrich(
        pd.DataFrame({"text": ["ватсап не грузит с утра, сижу на мегафоне"]}),
        with_embeddings=False,
    )
    row = next(out.itertuples())
    assert (row.services, row.country, row.geo_evidence) == (["whatsapp"], "RU", "service")
