"""attr-60: a service a sentence opens by setting aside for what it points at next
(nlp/enrich/not_this_one.py), and the words of nlp/enrich/in_passing.py it needed."""

from __future__ import annotations

import pytest

from nlp.enrich.in_passing import FAILS, NEUTRAL, PASSING, reading
from nlp.enrich.not_this_one import set_aside
from nlp.enrich.route_line import route_to
from nlp.enrich.ruled_out_line import ruled_out_connection


def _at(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


@pytest.mark.parametrize(
    ("text", "name", "others", "expected"),
    [
        ("It's not Zoom, it's the internet. We're on Optus", "Zoom", ["Optus"], True),
        ("Not AWS for us, it's our Azure endpoints timing out", "AWS", ["Azure"], True),
        ("Not on Delta but American's app is throwing errors", "Delta", [], True),
        ("PSN works, it's Warzone itself", "PSN", ["Warzone"], True),
        ("Fastweb ok, è Iliad che non prende", "Fastweb", ["Iliad"], True),
        # not at the sentence's start, or nothing pointed at next
        ("I said it's not Zoom, it's the internet", "Zoom", [], False),
        ("Not Zoom again. Down for an hour", "Zoom", [], False),
        ("not only Zoom, it's Teams too", "Zoom", ["Teams"], False),
        # "X works, it's ..." needs another name right there
        ("PSN works, it's fine now", "PSN", [], False),
        # "it's" followed at once by a failure says it of the name set aside
        ("Not Discord, it's down again??", "Discord", [], False),
        ("Not Xbox Live, it's been down all day", "Xbox Live", [], False),
    ],
)
def test_set_aside(text, name, others, expected):
    names = [_at(text, n) for n in [name, *others]]
    assert set_aside(text, *_at(text, name), names) is expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("It's not Zoom, it's the internet. We're on Optus and it's been out all morning", "en",
         ["optus"]),
        ("Fastweb ok, è Iliad che non prende da stamattina", "it", ["iliad-it"]),
        ("Zoom is down, it's not the internet", "en", ["zoom"]),
        ("Not Xbox Live, it's been down all day", "en", ["xbox-live"]),
    ],
)  # fmt: skip
def test_a_name_set_aside_is_not_the_subject(attribute, text, lang, expected):
    assert attribute(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the line is the subject: called, blamed, or the one its technician came from
        ("Called Xfinity three times today. Speed test shows 2 mbps so it's not me.",
         ["comcast-xfinity"]),
        ("Talked to T-Mobile support for an hour, it's not me, it's your network",
         ["t-mobile"]),
        ("Xfinity tech came out, said it's not my connection, still dropping every hour",
         ["comcast-xfinity"]),
        ("I was on the phone with Xfinity for an hour and it's not my wifi", ["comcast-xfinity"]),
        # the line the writer is on, ruled out, beside no other name (an app's support account)
        ("Netflix keeps cutting out. on telstra nbn and speedtest is perfect so it's not me",
         ["netflix"]),
        ("voice keeps cutting out. on telstra nbn and speedtest is perfect so it's not me", []),
    ],
)  # fmt: skip
def test_a_line_alone_is_ruled_out_only_as_the_route_the_writer_is_on(attribute, text, expected):
    assert attribute(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("no puedo hacer transferencias y Banorte sí jala", "Banorte", PASSING),
        ("Netflix keeps buffering and YouTube works fine", "YouTube", PASSING),
        ("o Nubank caiu e o Itaú funciona normal", "Itaú", PASSING),
        # the works word negated, or a list that fails together
        ("Netflix keeps buffering and YouTube works not at all", "YouTube", FAILS),
        ("no me carga Netflix y Hulu no funciona", "Hulu", FAILS),
    ],
)
def test_a_name_after_and_whose_words_say_it_works_is_its_own_clause(text, name, expected):
    names = [_at(text, n) for n in ("Netflix", "YouTube", "Hulu", "Banorte", "Nubank", "Itaú")
             if n in text]  # fmt: skip
    assert reading(text, *_at(text, name), names) == expected


def test_a_bank_that_works_after_y_is_not_the_subject(attribute):
    text = "la app de BBVA caída?? no puedo hacer transferencias y Banorte sí jala"
    assert attribute(text, "es") == ["bbva"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another service named failing for the writer
        (
            "20 min trying to pay. apple pay spins forever in your app, google pay on my "
            "wife's phone went through on the first try",
            [],
        ),
        # the writer's own use, seen through others, beside a failure said elsewhere
        ("can't join any party chat tonight, but on WhatsApp my friends hear me fine", []),
        # neither: the writer's WhatsApp fails
        ("Messages not sending since lunch. My wife on WhatsApp gets hers fine.", ["whatsapp"]),
        ("messages won't send since lunch, my friends on WhatsApp get theirs fine", ["whatsapp"]),
    ],
)
def test_an_app_fine_for_someone_else_needs_more_said(attribute, text, expected):
    assert attribute(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Telekom läuft bei mir, aber bei O2 geht seit Mittag gar nix", "Telekom", PASSING),
        ("Telekom läuft bei mir, aber bei O2 geht seit Mittag gar nix", "O2", FAILS),
        ("Telekom läuft bei mir nicht, aber bei O2 geht alles", "Telekom", FAILS),
        ("Spotify works fine, but on Deezer nothing plays", "Spotify", PASSING),
        # more said of the first name after the contrast: not settled
        ("Spotify works but only offline, Deezer is down", "Spotify", NEUTRAL),
    ],
)
def test_a_contrast_right_before_the_next_name_turns_to_it(text, name, expected):
    names = [_at(text, n) for n in ("Telekom", "O2", "Spotify", "Deezer") if n in text]
    assert reading(text, *_at(text, name), names) == expected


@pytest.mark.parametrize(
    ("text", "line", "app", "expected"),
    [
        ("on verizon 5G and instagram won't load reels", "verizon", "instagram", True),
        ("on my verizon phone tiktok won't load at all", "verizon", "tiktok", True),
        ("Turkcell'de WhatsApp açılmıyor", "Turkcell", "WhatsApp", True),
        # the line's own clause, or something else between it and the app
        ("verizon is down and instagram won't load", "verizon", "instagram", False),
        ("on verizon since monday, instagram won't load", "verizon", "instagram", False),
    ],
)
def test_route_to(text, line, app, expected):
    names = [_at(text, line), _at(text, app)]
    assert (route_to(text, *names[0], names) == names[1][0]) is expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("on my verizon phone tiktok won't load at all, fyp is just blank", "en", ["tiktok"]),
        ("Turkcell'de WhatsApp açılmıyor, mesajlar gitmiyor", "tr", ["whatsapp"]),
        ("Globoplay travando no jogo, tanto na TV quanto no celular na rede da TIM", "pt",
         ["globoplay"]),
        # the line said down itself stays
        ("on verizon, it's down and tiktok won't load at all", "en", ["tiktok", "verizon"]),
    ],
)  # fmt: skip
def test_a_line_named_only_as_the_route_of_a_failing_app_is_not_the_subject(
    attribute, text, lang, expected
):
    assert attribute(text, lang) == expected


def test_polish_rules_the_line_out(attribute):
    text = "Netflix strasznie muli, a mam światłowód z Orange, więc to nie u mnie"
    assert attribute(text, "pl") == ["netflix"]
    assert ruled_out_connection("Orange nie działa, to nie moje łącze") is not None
    assert ruled_out_connection("to nie pierwszy raz") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Card declined on Amazon, retried with my Barclays card and they went through", PASSING),
        ("Card declined on Amazon, retried with my Barclays card and it went through but "
         "no order", FAILS),
    ],
)  # fmt: skip
def test_a_card_that_went_through_on_a_retry_works(text, expected):
    names = [_at(text, "Amazon"), _at(text, "Barclays")]
    assert reading(text, *names[1], names) == expected
