"""Linking official notices to detected incidents when one service has two problems at once."""

from __future__ import annotations

import pandas as pd

from nlp.incidents.link import link_official, prepare_official
from nlp.incidents.types import IncidentSettings

T = pd.Timestamp("2026-11-19 12:10")
NOW = T + pd.Timedelta(hours=3)


def incidents(*symptoms: str) -> pd.DataFrame:
    n = len(symptoms)
    return pd.DataFrame(
        {
            "service_slug": ["netflix"] * n,
            "top_symptom": list(symptoms),
            "started_at": [T] * n,
            "detected_at": [T + pd.Timedelta(minutes=10)] * n,
            "resolved_at": [T + pd.Timedelta(hours=2)] * n,
        }
    )


def official(*names: str) -> pd.DataFrame:
    return prepare_official(
        pd.DataFrame(
            {
                "official_id": [f"sp:{i}" for i in range(len(names))],
                "service_slug": ["netflix"] * len(names),
                "name": list(names),
                "started_at": [T + pd.Timedelta(minutes=5)] * len(names),
                "acknowledged_at": [T + pd.Timedelta(minutes=25)] * len(names),
                "resolved_at": [T + pd.Timedelta(hours=2)] * len(names),
            }
        ),
        NOW,
    )


def test_a_notice_naming_a_symptom_goes_to_the_incident_with_it() -> None:
    links = link_official(
        incidents("playback_streaming", "login"),
        official("Some users unable to sign in"),
        NOW,
        IncidentSettings(),
    )
    assert pd.isna(links["official_id"].iloc[0]) and links["official_id"].iloc[1] == "sp:0"
    assert pd.isna(links["lead_time_minutes"].iloc[0])
    assert links["lead_time_minutes"].iloc[1] == 15.0


def test_a_generic_notice_goes_to_every_overlapping_incident() -> None:
    links = link_official(
        incidents("playback_streaming", "login"), official("Degraded performance"), NOW,
        IncidentSettings(),
    )  # fmt: skip
    assert links["official_id"].tolist() == ["sp:0", "sp:0"]


def test_a_notice_whose_symptom_no_incident_has_still_links() -> None:
    """The provider may name the symptom differently from the crowd: better a link than none."""
    links = link_official(
        incidents("playback_streaming"), official("Some users unable to sign in"), NOW,
        IncidentSettings(),
    )  # fmt: skip
    assert links["official_id"].tolist() == ["sp:0"]


def test_two_notices_each_find_their_incident() -> None:
    links = link_official(
        incidents("playback_streaming", "login"),
        official("Some users unable to sign in", "Playback issues on TVs"),
        NOW,
        IncidentSettings(),
    )
    assert links["official_id"].tolist() == ["sp:1", "sp:0"]


def test_a_notice_left_open_is_not_linked_once_stale() -> None:
    """An unresolved notice runs until now, but no more than `official_stale_after` (2 days)
    past its latest update: AWS's per-update items once left a notice open for a month."""
    start = T - pd.Timedelta(days=30)
    notices = pd.DataFrame(
        {
            "official_id": ["sp:quiet", "sp:updated"],
            "service_slug": ["netflix", "netflix"],
            "name": ["Degraded performance", "Degraded performance"],
            "started_at": [start, start],
            "acknowledged_at": [start, start],
            "resolved_at": [pd.NaT, pd.NaT],
            "updated_at": [start, T - pd.Timedelta(days=1)],
        }
    )
    prepared = prepare_official(notices, NOW)
    assert prepared["end"].tolist() == [start + pd.Timedelta(days=2), NOW]
    links = link_official(incidents("login"), prepared, NOW, IncidentSettings())
    assert links["official_id"].tolist() == ["sp:updated"]
    quiet = prepare_official(notices.iloc[:1], NOW, pd.Timedelta(days=60))  # a looser bound
    assert link_official(incidents("login"), quiet, NOW, IncidentSettings())[
        "official_id"
    ].tolist() == ["sp:quiet"]
