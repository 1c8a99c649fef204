"""attr-58: a service named only in what is due or planned soon, a line named in a post that
rules the connection out, an HTTP error said as its code, works words of a payment or an
upload, and names listed under one "both" or "all" (nlp/enrich/planned_use.py,
nlp/enrich/ruled_out_line.py, nlp/enrich/listed_together.py, the words of
nlp/enrich/in_passing.py)."""

from __future__ import annotations

import pandas as pd
import pytest
import regex as re

from nlp.enrich.listed_together import listed_together
from nlp.enrich.planned_use import planned
from nlp.enrich.ruled_out_line import ruled_out_connection


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "commbank app stuck on 'loading accounts' and my Telstra bill is due today",
            "en",
            ["commbank"],
            id="bill-due-en",
        ),
        pytest.param(
            "Figma won't export my frames and I have to send them from Gmail in 10 min",
            "en",
            ["figma"],
            id="email-in-minutes-en",
        ),
        pytest.param(
            "Sparkasse App stürzt ständig ab, und die Rechnung von Vodafone ist heute fällig",
            "de",
            ["sparkasse"],
            id="bill-due-de",
        ),
        pytest.param(
            "o app do Banco Inter não abre de jeito nenhum e o boleto da Movistar vence hoje",
            "pt",
            ["banco-inter"],
            id="bill-due-pt",
        ),
        # ...not a service whose own clause says it fails, nor one named alone
        pytest.param(
            "notion won't load my pages and figma is janky as hell, design review in 10 min",
            "en",
            ["figma", "notion"],
            id="both-fail-before-a-deadline",
        ),
        pytest.param(
            "Sparkasse App stürzt ab und die Vodafone Rechnung lädt nicht, heute fällig",
            "de",
            ["sparkasse", "vodafone-de"],
            id="the-bill-fails-too",
        ),
        pytest.param(
            "my Duolingo lesson is due today and the app keeps crashing",
            "en",
            ["duolingo"],
            id="alone-stays",
        ),
    ],
)
def test_a_service_named_only_in_what_is_due_soon_is_not_the_subject(
    attribute, text, lang, expected
) -> None:
    assert attribute(text, lang) == expected


def test_a_plan_is_read_in_its_own_clause() -> None:
    text = "canva won't download my design and I need to email it from outlook in 10 min"
    start = text.index("outlook")
    assert planned(text, start, start + 7, [(0, 5), (start, start + 7)])
    start = text.index("canva")
    assert not planned(text, start, start + 5, [(start, start + 5)])


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "zoom keeps freezing in my lecture, I'm on Aussie Broadband so def not my connection",
            "en",
            ["zoom"],
            id="ruled-out-en",
        ),
        pytest.param(
            "No me carga Netflix con la fibra de Movistar, pero YouTube va perfecto, así que no "
            "es mi conexión",
            "es",
            ["netflix"],
            id="ruled-out-es",
        ),
        pytest.param(
            "la app se cierra sola cada minuto con mi fibra de Movistar, no es mi conexión",
            "es",
            [],
            id="ruled-out-app-unnamed-es",
        ),
        pytest.param(
            "Deezer coupe toutes les 5 minutes sur la Freebox, c'est pas ma connexion",
            "fr",
            ["deezer"],
            id="ruled-out-fr",
        ),
        pytest.param(
            "Spotify keeps cutting out, on Optus 5G and speedtest is perfect so it's not me",
            "en",
            ["spotify"],
            id="not-me-en",
        ),
        # ...not a line said down, nor one said failing with no app beside it, nor the home
        # equipment ruled out ("not my router" blames the line)
        pytest.param(
            "Xfinity down again, not my wifi, the modem says no signal",
            "en",
            ["comcast-xfinity"],
            id="line-said-down-stays",
        ),
        pytest.param(
            "Comcast keeps dropping every 10 minutes, so it's not my wifi",
            "en",
            ["comcast-xfinity"],
            id="line-failing-stays",
        ),
        pytest.param(
            "Comcast keeps dropping every 10 minutes and Netflix buffers, it's not my router",
            "en",
            ["comcast-xfinity", "netflix"],
            id="router-is-no-connection",
        ),
    ],
)
def test_a_line_in_a_post_that_rules_the_connection_out_is_not_the_subject(
    attribute, text, lang, expected
) -> None:
    assert attribute(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("so def not my connection", True),
        ("así que no es mi conexión", True),
        ("não é a internet, já testei", True),
        ("liegt also nicht am Netz", True),
        ("non è la rete", True),
        ("speedtest is perfect so it's not me", True),
        ("so it's not on my end", True),
        ("it's not just me, half the street has it", False),
        ("it's not my router", False),
        ("not the first time", False),
    ],
)
def test_phrases_that_rule_the_connection_out(text, found) -> None:
    assert (ruled_out_connection(text) is not None) == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "522 on every site we have behind you. origin on DigitalOcean is up and responding",
            [],
            id="code-is-the-failure",
        ),
        pytest.param(
            "checkout throwing 503 since 9am, our Hetzner box is up and running",
            [],
            id="throwing-a-code",
        ),
        # a number that is no code says no failure: the one service named stays
        pytest.param(
            "hit my 500 day streak on Duolingo today, the app works fine",
            ["duolingo"],
            id="no-code",
        ),
    ],
)
def test_an_http_error_code_is_a_failure_said_elsewhere(attribute, text, expected) -> None:
    assert attribute(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "Sparkasse App lässt mich nicht rein, aber die PayPal-Zahlung ist trotzdem "
            "durchgegangen",
            "de",
            ["sparkasse"],
            id="went-through-de",
        ),
        pytest.param(
            "N26 App startet nicht, mit Revolut hat es sofort geklappt",
            "de",
            ["n26"],
            id="worked-at-once-de",
        ),
        pytest.param(
            "video stuck on 'processing' for an hour, the same clip uploaded to Dropbox instantly",
            "en",
            [],
            id="uploaded-instantly",
        ),
        pytest.param(
            "videos stuck on processing for hours, same clip went up on YouTube in a minute",
            "en",
            [],
            id="went-up-in-a-minute",
        ),
        # ...not a works word negated ("nicht durchgegangen" fails)
        pytest.param(
            "die PayPal-Zahlung ist nicht durchgegangen, die Sparkasse App geht",
            "de",
            ["paypal"],
            id="not-through-de",
        ),
    ],
)
def test_works_words_of_a_payment_or_an_upload(attribute, text, lang, expected) -> None:
    assert attribute(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        pytest.param(
            "signal and telegram both not delivering anything tonight",
            "en",
            ["signal", "telegram"],
            id="both-en",
        ),
        pytest.param(
            "hbo max and peacock both down again tonight",
            "en",
            ["max", "peacock"],
            id="both-lower-case-en",
        ),
        pytest.param(
            "Slack, Zoom and Notion all down at once??", "en", ["notion", "slack", "zoom"], id="all"
        ),
        pytest.param(
            "Intesa e Poste entrambe giù da stamattina",
            "it",
            ["intesa-sanpaolo", "poste-italiane"],
            id="entrambe-it",
        ),
        # ...not a name that several services share (the list does not say which), nor a
        # person
        pytest.param("TIM e Fastweb entrambi giù stamattina", "it", ["fastweb"], id="shared-name"),
        pytest.param("Chase and I both got the flu", "en", [], id="a-person"),
    ],
)
def test_names_listed_under_one_both_or_all_are_each_said_to_fail(
    attribute, text, lang, expected
) -> None:
    assert attribute(text, lang) == expected


NAMES = {
    "signal",
    "telegram",
    "slack",
    "zoom",
    "notion",
    "discord",
    "spotify",
    "twitch",
    "intesa",
    "poste",
}


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in names]


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("signal and telegram both not delivering", True),
        ("Slack, Zoom and Notion all down", True),
        ("discord AND spotify AND twitch all dead", True),
        ("Intesa e Poste entrambe giù", True),
        ("signal and telegram not delivering", False),  # no quantifier
        ("signal, my mum and telegram both dead", False),  # not a list of names alone
    ],
)
def test_a_list_under_one_quantifier(text, listed) -> None:
    words = [w for w in re.findall(r"\w+", text) if w.casefold() in NAMES]
    names = spans_of(text, *words)
    assert bool(listed_together(names[:1], text, names)) == listed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "shopify checkout erroring out and stripe payouts are failing as well",
            ["shopify", "stripe"],
            id="failing-as-well",
        ),
        pytest.param(
            "figma won't export and google docs is being weird too",
            ["figma", "google-workspace"],
            id="weird-too",
        ),
        pytest.param(
            "hbo max stuck on the loading screen, paramount+ won't play either",
            ["max", "paramount-plus"],
            id="before-one-failing-either",
        ),
        # ...not one said fine too
        pytest.param(
            "shopify checkout erroring out and stripe is fine too", ["shopify"], id="fine-too"
        ),
    ],
)
def test_a_name_said_to_fail_as_well_as_another(shipped_enricher, text, expected) -> None:
    """With the model: a lower-case name with an everyday sense ("stripe", "max") needs the
    embedding's say or this reading."""
    out = shipped_enricher.enrich(pd.DataFrame({"text": [text]}), with_embeddings=False)
    assert sorted(out["services"][0]) == expected
