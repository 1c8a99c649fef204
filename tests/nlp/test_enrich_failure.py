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
