"""fail-18, attr-30: an outage said in lower case is a problem report.

"slack down?" is the commonest outage post there is. The attributor read "slack" as the
service, but the failure cues read an everyday-word name only capitalised ("Slack down",
not "slack down the rope"), and the complaint model scored the three words below its
threshold: the post named Slack and reported nothing. Once the attributor has found the
service, its everyday name said down as a whole outage line is now a failure phrase; a
name of several words ("bell fibe") is read so in any case; and a two-letter name counts
before "down" when asked ("is ig down"). Posts written for this test, none from the
evaluation data; the whole pipeline, real model."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.enrich.failure import FailureCues

pytestmark = pytest.mark.slow

SAID_DOWN = [
    ("slack down?", "slack"),
    ("slack down again", "slack"),
    ("chase down again?", "chase"),
    ("peacock crashed again", "peacock"),
    ("bell fibe down in montreal?", "bell-canada"),  # several words: any case
    ("is ig down or did i get shadowbanned, my stories won't upload", "instagram"),
    ("is bt down in london?", "bt"),
]


def test_a_service_said_down_in_lower_case_is_a_problem_report(shipped_enricher) -> None:
    out = shipped_enricher.enrich(
        pd.DataFrame({"text": [t for t, _ in SAID_DOWN]}), with_embeddings=False
    )
    for (text, slug), row in zip(SAID_DOWN, out.itertuples(), strict=True):
        assert list(row.services) == [slug], (text, row.services)
        assert row.complaint and row.problem, (text, row.complaint_score, row.symptoms)


@pytest.mark.parametrize(
    "text",
    [
        "slack down the rope before you climb",  # no service found: the word
        "we had to chase down the ball again",
        "the peacock crashed into the window again",
        "ig down for the party tonight?",  # "I guess": two letters, not asked
        "this is bt down the road, the old exchange",
        "is bt not working with the car stereo for anyone?",  # asked, but not "down": Bluetooth
    ],
)
def test_the_word_said_down_stays_a_word(shipped_enricher, text) -> None:
    row = next(
        shipped_enricher.enrich(pd.DataFrame({"text": [text]}), with_embeddings=False).itertuples()
    )
    assert not row.problem, (text, row.services, row.symptoms)


def test_said_down_reads_only_the_services_found() -> None:
    cues = FailureCues(names=["Netflix"], capitalised={"slack": ["Slack"], "chase": ["Chase"]})
    assert not cues.named_down("slack down?")  # lower case: the word, until attributed
    assert cues.named_down("Slack down?")
    assert cues.said_down("slack down?", ["slack"])
    assert not cues.said_down("slack down?", ["chase"])  # the attributor found another
    assert not cues.said_down("slack down the rope", ["slack"])  # no whole outage line
    assert cues.said_down("CHASE DOWN AGAIN", ["chase"])
    assert not cues.said_down("chase is fine, netflix down", ["chase"])
    # a plain list still works, without said_down's names
    assert not FailureCues(capitalised=["Slack"]).said_down("slack down?", ["slack"])
