from __future__ import annotations

import pytest

from nlp.enrich.region import GazetteerGeocoder

geo = GazetteerGeocoder()


def test_geo_tag_wins_and_finds_the_nearest_city():
    p = geo.locate_one("Netflix down in Paris", "en", None, 40.015, -105.27)
    assert (p.country, p.region, p.city, p.evidence) == ("US", "Colorado", "Boulder", "geo_tag")
    assert p.confidence > 0.9


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        ("power and internet out across Brisbane", "AU", "Brisbane"),
        ("flooding in Manila again", "PH", "Manila"),
        ("Boston marathon coverage", "US", "Boston"),
        ("Netflix no carga en Madrid", "ES", "Madrid"),
        ("東京でLINEが使えない", "JP", "Tokyo"),
        ("OUTAGE IN PARIS RIGHT NOW", "FR", "Paris"),  # shouted, but a major city
    ],
)
def test_places_in_text(text, country, city):
    p = geo.locate_one(text)
    assert (p.country, p.city, p.evidence) == (country, city, "text")


@pytest.mark.parametrize(
    ("text", "country", "city"),
    [
        ("internet caiu em Sao Paulo de novo", "BR", "São Paulo"),
        ("Claro sin servicio en Bogota", "CO", "Bogotá"),
        ("Videotron down all over Montreal", "CA", "Montréal"),
        ("Netflix ne marche pas à Montréal", "CA", "Montréal"),  # as written, still found
    ],
)
def test_place_names_typed_without_accents(text, country, city):
    p = geo.locate_one(text)
    assert (p.country, p.city) == (country, city)


@pytest.mark.parametrize(
    "text",
    [
        "Use tonight to check your Bush Fire Survival Plan",  # not "Būsh", Egypt
        "declared for the Greater Sydney Region on Sunday",  # "Region" is no Belgian région
    ],
)
def test_folding_accents_makes_no_place_of_an_english_word(text):
    p = geo.locate_one(text)
    assert p.country in ("", "AU")


def test_a_name_as_typed_wins_over_an_accented_namesake():
    """ "Concepcion" is a place in the Philippines as typed; Concepción, Paraguay, is only
    read for it when nothing has the name as typed."""
    gaz = geo.gaz
    assert {e.country for e in gaz.lookup("Concepcion")} == {
        e.country for e in gaz.index["concepcion"]
    }
    assert "BR" in {e.country for e in gaz.lookup("sao paulo")}


def test_region_name_gives_country_and_region():
    p = geo.locate_one("wildfires across Colorado")
    assert (p.country, p.region, p.city) == ("US", "Colorado", "")


def test_a_big_city_beats_a_same_named_region_abroad():
    p = geo.locate_one("the app is broken", "en", "Manchester")  # not the Jamaican parish
    assert (p.country, p.city, p.evidence) == ("GB", "Manchester", "profile")


def test_profile_location_with_state_code():
    p = geo.locate_one("the app is broken", "en", "Austin, TX")
    assert (p.country, p.region, p.city, p.evidence) == ("US", "Texas", "Austin", "profile")


def test_language_gives_a_country_only_when_it_pins_one():
    assert (
        geo.locate_one("アプリが落ちる", "ja").country,
        geo.locate_one("アプリが落ちる", "ja").evidence,
    ) == ("JP", "language")
    assert geo.locate_one("no funciona la app", "es").country == ""
    assert geo.locate_one("the app is broken", "en").country == ""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("nice work, thanks", id="common-word-city"),
        pytest.param("Obama said something", id="small-town-surname"),
        pytest.param("north of here", id="lowercase"),
        pytest.param("", id="empty"),
        pytest.param("x" * 100_000, id="100KB"),
        pytest.param("NÃO CONSIGO POSTAR NADA NO X", id="shouted-word-is-no-town"),
    ],
)
def test_no_place_from_noise(text):
    assert geo.locate_one(text).country == ""


def test_invalid_geo_tag_is_ignored():
    assert geo.locate_one("", "en", None, float("nan"), 500.0).evidence == ""


@pytest.mark.parametrize(
    "text",
    [
        "Snow in Africa, drought in the USA, flood in Manila, eruption in New Zealand",
        "Netflix down in Germany and France?",
    ],
)
def test_no_country_without_a_majority(text):
    """geo-3: places in several countries, none in the majority, say nothing of where the
    writer is (CrisisLex: "drought in USA, flood in Manila" posts were placed in the US)."""
    assert geo.locate_one(text).country == ""


def test_a_majority_still_wins():
    p = geo.locate_one("Flooding in Manila, Philippines, while the USA watches")
    assert p.country == "PH"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("não consigo postar nada no IG aqui no São Paulo", "BR"),  # not Ig, Slovenia
        ("não consigo postar nada no IG", ""),
        ("los mensajes de TG no se envían", ""),
        ("BT broadband down across the UK", "GB"),  # a country code still counts
    ],
)
def test_initials_are_no_village(text, country):
    """geo-5: two or three capitals are initials ("IG" for Instagram): only a country or a
    big city answers to them."""
    assert geo.locate_one(text).country == country


@pytest.mark.parametrize(
    ("text", "lang", "country", "city"),
    [
        ("youtube down in london", "en", "GB", "London"),
        ("spotify not working in texas", "en", "US", ""),
        ("down in the uk too", "en", "GB", ""),
        ("sem internet em são paulo", "pt", "BR", "São Paulo"),
        ("caiu tudo no rio de janeiro", "pt", "BR", "Rio de Janeiro"),
        ("internet caído en madrid", "es", "ES", "Madrid"),
        ("no wifi at home in oxford", "en", "", ""),  # a city under 300,000: not in lower case
        ("outage in ufa", "en", "", ""),  # three letters in lower case: only "uk" or "usa"
        ("got a text from jordan about it", "en", "", ""),  # a country, and a first name
        ("mga pulis na gaya nila", "tl", "", ""),  # "na" is no preposition in Tagalog
        ("london calling on the radio", "en", "", ""),  # no place word before it
    ],
)
def test_a_place_in_lower_case_after_a_place_word(text, lang, country, city):
    """geo-6: "in london", "em são paulo": a country, a first-level region or a big city
    typed in lower case counts right after a word that puts a place after it."""
    p = geo.locate_one(text, lang)
    assert (p.country, p.city) == (country, city)
