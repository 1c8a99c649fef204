"""attr-31: the network the writer is on is not the subject beside the service that fails.

"on my Verizon phone TikTok won't load" is about TikTok; Verizon is where the post was
written from, as a device or a sign-in is (mention_role). The reviewers of the market and
everyday label sets wrote such posts with the app as the only service, and the attributor
gave the operator too: on their dev halves, 8 of the 17 services found on outage posts that
the reviewers did not expect. Posts written for this test; the whole pipeline, real model."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.enrich.attribution import on_network

pytestmark = pytest.mark.slow


def services(enricher, texts: list[str]) -> list[list[str]]:
    out = enricher.enrich(pd.DataFrame({"text": texts}), with_embeddings=False)
    return out["services"].tolist()


@pytest.mark.parametrize(
    "text, name",
    [
        ("TikTok won't load on my Verizon phone", "Verizon"),
        ("on verizon 5G and reels won't load", "verizon"),
        ("IG is dead on our Globe wifi", "Globe"),
        ("YouTube тормозит, пишу с МТС", "МТС"),
        ("у меня на Билайне то же самое", "Билайн"),
        ("WhatsApp çöktü, Turkcell'de de aynı", "Turkcell"),
        ("mam światłowód z Orange i nic", "Orange"),
    ],
)
def test_the_network_one_is_on(text: str, name: str) -> None:
    at = text.index(name)
    assert on_network(text, at, at + len(name))


@pytest.mark.parametrize(
    "text, name",
    [
        ("blame it on Verizon", "Verizon"),  # English needs the network's word after the name
        ("Verizon down in NYC", "Verizon"),
        ("switched from Verizon to T-Mobile", "Verizon"),
        ("Orange nie działa", "Orange"),
    ],
)
def test_not_the_network_one_is_on(text: str, name: str) -> None:
    at = text.index(name)
    assert not on_network(text, at, at + len(name))


def test_the_app_that_fails_is_the_subject_not_the_network(shipped_enricher) -> None:
    assert services(
        shipped_enricher,
        [
            "on my Verizon phone TikTok won't load at all",
            "Instagram won't load on my Globe wifi since lunch",
            "YouTube опять тормозит, пишу с МТС",
            "WhatsApp yine çöktü, Turkcell'de de aynı",
            "netflix keeps buffering on my comcast wifi",
        ],
    ) == [["tiktok"], ["instagram"], ["youtube"], ["whatsapp"], ["netflix"]]


def test_the_network_stays_when_it_is_what_failed_or_all_there_is(shipped_enricher) -> None:
    assert services(
        shipped_enricher,
        [
            "on my Verizon phone, nothing loads since 9am",  # the only service named
            "on my Verizon phone no signal since 9am and TikTok won't load",  # the line
            "Verizon down, can't load TikTok on my Verizon phone",  # said down
            "Spotify and Verizon both down on my phone",
        ],
    ) == [["verizon"], ["verizon", "tiktok"], ["verizon", "tiktok"], ["spotify", "verizon"]]
