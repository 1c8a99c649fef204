"""attr-59: a CDN named only as what shows an error page or serves a speed test, a bank named
only as the sender of a code while no text arrives at all, Turkish "gitti" said of a name,
works words in Russian and Swedish, and a next name ruled out (nlp/enrich/shown_by.py,
nlp/enrich/code_by_sms.py, nlp/enrich/failure.py, the words of nlp/enrich/in_passing.py)."""

from __future__ import annotations

import pytest

from nlp.enrich.code_by_sms import code_of_a_line_out
from nlp.enrich.shown_by import shown_by


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "checkout broken again?? cloudflare error page every time I hit pay",
            "en",
            [],
            id="error-page",
        ),
        pytest.param(
            "upload crawling at 1mbps tonight, a speed test to an akamai server shows the same",
            "en",
            [],
            id="speed-test-server",
        ),
        pytest.param(
            "cloudflare down? every site I open shows their error page",
            "en",
            ["cloudflare"],
            id="everywhere-is-the-cdn",
        ),
        pytest.param(
            "netflix won't play anything, cloudflare error page on the app",
            "en",
            ["netflix"],
            id="the-site-named",
        ),
    ],
)
def test_a_cdn_named_only_as_what_shows_the_failure_is_not_the_subject(
    attribute, text, lang, expected
) -> None:
    assert attribute(text, lang) == expected


def test_what_shows_a_failure_is_read_at_the_name() -> None:
    text = "site errors out, cloudflare error page each time"
    at = text.index("cloudflare")
    assert shown_by(text, at, at + len("cloudflare"))
    other = "cloudflare is down, error page on half the internet"
    assert not shown_by(other, 0, len("cloudflare"))
    assert not shown_by("cloudflare won't load", 0, len("cloudflare"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "not getting any texts since last night, my SBI OTP never comes so I can't pay",
            [],
            id="no-texts-at-all",
        ),
        pytest.param(
            "SBI OTP never comes so I can't pay for anything",
            ["sbi"],
            id="only-the-bank-code",
        ),
    ],
)
def test_a_bank_named_only_as_the_sender_of_a_code_while_no_text_arrives(
    attribute, text, expected
) -> None:
    assert attribute(text, "en") == expected


def test_the_sender_of_a_code_is_read_at_the_name() -> None:
    text = "no sms coming through, the code from hdfc never shows up"
    at = text.index("hdfc")
    assert code_of_a_line_out(text, at, at + 4)
    plain = "sms not arriving, hdfc app won't open"
    at = plain.index("hdfc")
    assert not code_of_a_line_out(plain, at, at + 4)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "Superonline gitti İzmir'de, Netflix filmin ortasında kesildi",
            "tr",
            ["turkcell"],
            id="gitti-of-a-name",
        ),
        pytest.param(
            "Epic Games не запускается, не могу купить игру. у Steam все ок",
            "ru",
            ["epic-games-store"],
            id="vse-ok-app",
        ),
        pytest.param(
            "мегафон не ловит в Химках, ни звонков ни интернета. у мужа билайн и у него всё ок",
            "ru",
            ["megafon"],
            id="vse-ok-someone-elses-line",
        ),
        pytest.param(
            "Discord laggar hela kvällen, röstkanalerna hackar. YouTube går",
            "sv",
            ["discord"],
            id="gar-said-last",
        ),
    ],
)
def test_failure_and_works_words(attribute, text, lang, expected) -> None:
    assert attribute(text, lang) == expected


def test_a_service_that_works_so_the_next_named_is_ruled_out(attribute) -> None:
    """ "Minecraft works so it's not the Optus wifi": Minecraft works, Optus is ruled out,
    the failure is Fortnite's."""
    text = "Fortnite won't let me log in, error 1. Minecraft works so it's not the Optus wifi"
    assert attribute(text, "en") == ["fortnite"]
