"""Failure phrases outside English make a complaint and an outage symptom; English stays
with the model, and ordinary non-English posts are not complaints by rule."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.enrich.failure import FailureCues

cues = FailureCues()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("넷플릭스 로그인이 안 돼요", "ko", id="ko"),
        pytest.param("微信发不出消息，一直转圈", "zh", id="zh"),
        pytest.param("Телеграм не работает с утра", "ru", id="ru"),
        pytest.param("واتساب لا يعمل", "ar", id="ar"),
        pytest.param("נטפליקס לא עובד", "he", id="he"),
        pytest.param("WhatsApp non funziona", "it", id="it"),
        pytest.param("Instagram werkt niet", "nl", id="nl"),
        pytest.param("Netflix çalışmıyor", "tr", id="tr"),
        pytest.param("Spotify nie działa", "pl", id="pl"),
        pytest.param("WhatsApp: Nachrichten werden nicht gesendet", "de", id="de"),
        pytest.param("Netflix caído", "und", id="too-short-to-tell"),
        pytest.param("plus d'internet depuis 30 minutes, merci Orange", "fr", id="fr-no-internet"),
        pytest.param("Livebox marche pas depuis ce matin", "fr", id="fr-marche-pas"),
        pytest.param("Claro sin señal desde ayer", "es", id="es-sin-senal"),
    ],
)
def test_failure_phrases(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [True]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("넷플릭스 신작 재밌다", "ko", id="ko-praise"),
        pytest.param("Телеграм — лучший мессенджер", "ru", id="ru-praise"),
        pytest.param("we are storing data on the new server", "en", id="english-left-to-model"),
        pytest.param("non funziona means it does not work", "en", id="english-even-with-phrase"),
    ],
)
def test_no_failure(text: str, lang: str) -> None:
    assert cues.cued([text], [lang]) == [False]


@pytest.mark.slow
def test_a_korean_outage_post_becomes_a_problem_report(enricher) -> None:
    out = enricher.enrich(pd.DataFrame({"text": ["Discord 접속이 안 돼요", "I love Discord"]}))
    assert list(out["complaint"]) == [1, 0]
    assert bool(out["problem"].iloc[0])
    assert "website_down" in out["symptoms"].iloc[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("are you down rn", True),
        ("is Netflix down?", True),
        ("it won't let me log in since this morning", True),
        ("the app keeps crashing", True),
        ("slack is sooo slow today", True),
        ("login just spins forever", True),
        ("a slow jam for a slow day", False),
        ("I'm down for pizza tonight", False),
        ("prices are down to 5 dollars", False),
        ("how do I change my password?", False),
    ],
)
def test_english_counts_only_outright_failures(text, expected):
    """fail-3: in English the head decides, except for sentences that say outright that it
    does not work; the brief ones are what the head misses ("are you down rn")."""
    assert FailureCues().cued([text], ["en"]) == [expected]


named = FailureCues(names=["Spotify", "Netflix", "Twitter", "Disney+"], capitalised=["Slack"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("spotify down", True, id="name-down"),
        pytest.param("Netflix down again?", True, id="name-down-again"),
        pytest.param("Disney+ down, alle fragen ob es down ist", True, id="name-with-plus"),
        pytest.param("twitter went down for an hour", True, id="went-down"),
        pytest.param("the Spotify app down for anyone?", True, id="app-down"),
        pytest.param("#spotifydown", True, id="hashtag"),
        pytest.param("so slow #NetflixOutage", True, id="outage-hashtag"),
        pytest.param("Slack down?", True, id="everyday-name-capitalised"),
        pytest.param("#slackdown", True, id="everyday-name-hashtag"),
        pytest.param("slack down the rope", False, id="everyday-name-lowercase"),
        pytest.param("Slack down, two to go", False, id="everyday-name-not-a-whole-line"),
        pytest.param("Spotify down to 4.99 this month", False, id="down-to"),
        pytest.param("Netflix down 5% after earnings", False, id="down-percent"),
        pytest.param("Netflix down under", False, id="down-under"),
        pytest.param("turn Spotify down please", False, id="object-of-turn"),
        pytest.param("put Netflix down for later", False, id="object-of-put"),
        pytest.param("@Spotify down?", False, id="handle-is-not-the-name"),
        pytest.param("spotifyish down", False, id="name-inside-a-word"),
    ],
)
def test_service_named_as_down(text: str, expected: bool) -> None:
    """fail-4: "<service> down" and "#<service>down", the commonest outage posts, need the
    catalog's names to be told from "calm down" or "prices down"."""
    assert named.named_down(text) is expected
    assert named.cued([text], ["en"]) == [expected or FailureCues().cued([text], ["en"])[0]]


@pytest.mark.slow
def test_bare_outage_posts_are_problem_reports(embedder) -> None:
    """With the whole catalog: before fail-4, "spotify down" was `other` and "#spotifydown"
    no complaint, so neither counted."""
    from nlp.enrich.pipeline import Enricher
    from outagewatch.catalog import load_catalog

    enricher = Enricher(load_catalog(), embedder=embedder)
    texts = ["spotify down", "#spotifydown", "Slack down", "whatsapp down", "I love Spotify"]
    out = enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    assert list(out["problem"]) == [True, True, True, True, False]
    assert all("website_down" in s for s in out["symptoms"].iloc[:4])
