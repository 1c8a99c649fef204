"""build_incidents end to end on synthetic scored volumes (embeddings from make_blobs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from nlp.incidents import (
    INCIDENT_COLUMNS,
    INCIDENT_POST_COLUMNS,
    INCIDENT_REGION_COLUMNS,
    INCIDENT_SYMPTOM_COLUMNS,
    IncidentSettings,
    build_incidents,
    window_start,
)
from nlp.incidents.represent import normalise_text

from .conftest import CATALOG, EMPTY_OFFICIAL, STEP, T0, make_posts, scored_volume, spread_times

BURST = {10: 30, 11: 50, 12: 80, 13: 60, 14: 40, 15: 20}
END = T0 + 48 * STEP


def blob_embeddings(n: int, seed: int = 0) -> np.ndarray:
    x, _ = make_blobs(n_samples=n, n_features=384, centers=1, cluster_std=0.3, random_state=seed)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def playback_posts(slug: str = "spotify", n: int = 40, first: int = 10, last: int = 15, **kw):
    texts = [f"{slug} keeps stopping mid song number {i}" for i in range(n)]
    texts[1] = texts[0].upper() + "!!"  # same normalised text as texts[0]
    countries = ["US" if i % 5 < 3 else "GB" if i % 5 < 4 else "" for i in range(n)]
    return make_posts(
        slug, texts, blob_embeddings(n), ["playback_streaming"] * n, countries,
        spread_times(n, first, last), **kw,
    )  # fmt: skip


def test_one_burst_makes_one_incident_with_exact_times() -> None:
    frames = build_incidents(
        scored_volume("spotify", BURST), playback_posts(), EMPTY_OFFICIAL, CATALOG, END
    )
    assert list(frames.incidents.columns) == list(INCIDENT_COLUMNS)
    assert list(frames.incident_posts.columns) == list(INCIDENT_POST_COLUMNS)
    assert list(frames.incident_regions.columns) == list(INCIDENT_REGION_COLUMNS)
    assert list(frames.incident_symptoms.columns) == list(INCIDENT_SYMPTOM_COLUMNS)
    assert len(frames.incidents) == 1
    inc = frames.incidents.iloc[0]
    assert inc["started_at"] == T0 + 10 * STEP
    assert inc["detected_at"] == T0 + 12 * STEP  # alert at bucket 11, known at its end
    assert inc["peak_at"] == T0 + 12 * STEP
    assert inc["resolved_at"] == T0 + 16 * STEP
    assert inc["status"] == "resolved"
    assert (inc["peak_reports"], inc["baseline_reports"], inc["total_reports"]) == (80, 2.0, 280)
    assert inc["severity"] == "major"
    assert inc["title"] == "Spotify — playback failures, mainly US and UK"
    assert inc["top_symptom"] == "playback_streaming"
    assert inc["centroid"].dtype == np.float32 and inc["centroid"].shape == (384,)
    assert "spotify" not in inc["keywords"]
    ip = frames.incident_posts
    assert len(ip) == 40 and set(ip["incident_id"]) == {inc["incident_id"]}
    reps = ip[ip["is_representative"]].sort_values("rank")
    assert list(reps["rank"]) == [1, 2, 3, 4, 5]
    texts = playback_posts().set_index("post_key")["text"]
    assert len({normalise_text(texts[k]) for k in reps["post_key"]}) == 5
    assert frames.incident_regions["share"].sum() == pytest.approx(1.0)


def test_incident_open_at_now_has_no_resolution() -> None:
    burst = {44: 30, 45: 60, 46: 90, 47: 95}
    posts = playback_posts(first=44, last=47)
    frames = build_incidents(scored_volume("spotify", burst), posts, None, CATALOG, END)
    inc = frames.incidents.iloc[0]
    assert inc["status"] == "open" and pd.isna(inc["resolved_at"])
    assert inc["started_at"] == T0 + 44 * STEP


@pytest.mark.parametrize(
    ("gap", "expected"),
    [pytest.param(3, 1, id="short-lull-same-incident"), pytest.param(10, 2, id="quiet-period")],
)
def test_quiet_period_separates_incidents(gap: int, expected: int) -> None:
    burst = {10: 40, 11: 50, 12 + gap: 40, 13 + gap: 50}
    frames = build_incidents(scored_volume("steam", burst), None, None, CATALOG, END)
    assert len(frames.incidents) == expected
    assert frames.incidents["title"].iloc[0] == "Steam — problems"


def test_abnormal_run_without_alert_is_not_an_incident() -> None:
    vol = scored_volume("steam", {10: 40})  # one bucket: the persistence rule never fires
    assert build_incidents(vol, None, None, CATALOG, END).incidents.empty


@pytest.mark.parametrize(
    ("ack_offset", "lead"),
    [pytest.param(20, 20.0, id="we-knew-first"), pytest.param(-5, -5.0, id="provider-first")],
)
def test_official_link_and_lead_time(ack_offset: int, lead: float) -> None:
    detected = T0 + 12 * STEP
    official = pd.DataFrame(
        {
            "official_id": ["statuspage:abc", "statuspage:other"],
            "service_slug": ["spotify", "netflix"],
            "name": ["Playback issues", "Unrelated"],
            "impact": ["major", "minor"],
            "started_at": [T0 + 11 * STEP, T0 + 11 * STEP],
            "acknowledged_at": [detected + pd.Timedelta(minutes=ack_offset)] * 2,
            "resolved_at": [T0 + 20 * STEP] * 2,
            "created_at": [detected + pd.Timedelta(minutes=ack_offset)] * 2,
        }
    )
    vol = scored_volume("spotify", BURST)
    inc = build_incidents(vol, playback_posts(), official, CATALOG, END).incidents.iloc[0]
    assert inc["official_id"] == "statuspage:abc"
    assert inc["lead_time_minutes"] == pytest.approx(lead)


def test_official_far_away_in_time_is_not_linked() -> None:
    official = pd.DataFrame(
        {"official_id": ["sp:x"], "service_slug": ["spotify"], "started_at": [T0 - pd.Timedelta(days=1)],
         "acknowledged_at": [T0 - pd.Timedelta(days=1)], "resolved_at": [T0 - pd.Timedelta(hours=20)]}
    )  # fmt: skip
    inc = build_incidents(scored_volume("spotify", BURST), None, official, CATALOG, END).incidents
    assert inc["official_id"].isna().all() and inc["lead_time_minutes"].isna().all()


def test_common_cause_groups_services_sharing_aws() -> None:
    vol = pd.concat(
        [
            scored_volume("netflix", BURST),
            scored_volume("disneyplus", {k + 2: v for k, v in BURST.items()}),
            scored_volume("spotify", {k + 1: v for k, v in BURST.items()}),  # gcp, alone
            scored_volume("steam", {30: 40, 31: 50}),  # later, unrelated
        ]
    )
    inc = build_incidents(vol, None, None, CATALOG, END).incidents.set_index("service_slug")
    assert inc.loc["netflix", "common_upstream"] == "aws"
    assert inc.loc["netflix", "common_cause_group"] == inc.loc["disneyplus", "common_cause_group"]
    assert inc.loc[["spotify", "steam"], "common_cause_group"].isna().all()


def test_provider_own_incident_joins_its_dependants() -> None:
    vol = pd.concat(
        [
            scored_volume("aws", BURST),
            scored_volume("netflix", {k + 1: v for k, v in BURST.items()}),
        ]
    )
    inc = build_incidents(vol, None, None, CATALOG, END).incidents
    assert (inc["common_upstream"] == "aws").all() and inc["common_cause_group"].nunique() == 1


def test_timezone_aware_inputs_are_read_as_utc() -> None:
    vol = scored_volume("spotify", BURST)
    vol["bucket"] = vol["bucket"].dt.tz_localize("UTC").dt.tz_convert("Europe/Paris")
    inc = build_incidents(vol, None, None, CATALOG, END.tz_localize("UTC")).incidents.iloc[0]
    assert inc["started_at"] == T0 + 10 * STEP and inc["started_at"].tzinfo is None


def test_several_services_without_known_upstream_still_group() -> None:
    vol = pd.concat([scored_volume(s, BURST) for s in ("steam", "slack", "twitch")])
    inc = build_incidents(vol, None, None, CATALOG, END).incidents
    assert inc["common_cause_group"].nunique() == 1 and inc["common_cause_group"].notna().all()
    assert inc["common_upstream"].isna().all()


def test_ids_stable_on_rerun_and_when_the_series_grows() -> None:
    posts = playback_posts(first=40, last=47, n=30)
    burst = {40: 20, 41: 40, 42: 60, 43: 80, 44: 80, 45: 70, 46: 60, 47: 50}
    first = build_incidents(scored_volume("spotify", burst), posts, None, CATALOG, END)
    again = build_incidents(scored_volume("spotify", burst), posts, None, CATALOG, END)
    pd.testing.assert_frame_equal(
        first.incidents.drop(columns="centroid"), again.incidents.drop(columns="centroid")
    )
    assert first.incidents.iloc[0]["status"] == "open"
    # Next cycle: eight more buckets, the burst goes on then stops, 20 more posts arrive.
    longer = {**burst, 48: 60, 49: 30}
    more = pd.concat([posts, playback_posts(first=48, last=49, n=20, prefix="late")])
    later = END + 12 * STEP
    second = build_incidents(
        scored_volume("spotify", longer, n_buckets=60), more, None, CATALOG, later,
        previous=first.incidents,
    )  # fmt: skip
    a, b = first.incidents.iloc[0], second.incidents.iloc[0]
    assert b["incident_id"] == a["incident_id"]
    assert b["status"] == "resolved" and b["total_reports"] > a["total_reports"]
    assert set(second.incident_posts["incident_id"]) == {a["incident_id"]}
    assert len(second.incident_posts) == 50


def test_truncated_window_keeps_id_and_start_through_previous() -> None:
    burst = {40: 20, 41: 40, 42: 60, 43: 80, 44: 80, 45: 70, 46: 60, 47: 50}
    first = build_incidents(scored_volume("spotify", burst), None, None, CATALOG, END)
    start = window_start(first.incidents, END, IncidentSettings())
    assert start <= first.incidents.iloc[0]["started_at"]
    # A cycle that (wrongly) reloaded only from bucket 43 still continues the same incident.
    vol = scored_volume("spotify", {**burst, 48: 60}, n_buckets=50)
    vol = vol[vol["bucket"] >= T0 + 43 * STEP]
    second = build_incidents(vol, None, None, CATALOG, END + 2 * STEP, previous=first.incidents)
    assert second.incidents.iloc[0]["incident_id"] == first.incidents.iloc[0]["incident_id"]
    assert second.incidents.iloc[0]["started_at"] == T0 + 40 * STEP


def test_empty_and_bad_inputs() -> None:
    empty = build_incidents(scored_volume("steam", {}), None, None, CATALOG, END)
    assert empty.incidents.empty and list(empty.incidents.columns) == list(INCIDENT_COLUMNS)
    with pytest.raises(ValueError, match="missing column.*bucket"):
        build_incidents(
            pd.DataFrame({"service_slug": [], "country": [], "reports": []}),
            None,
            None,
            CATALOG,
            END,
        )
    bad = playback_posts().drop(columns="created_at")
    with pytest.raises(ValueError, match="posts is missing column.*created_at"):
        build_incidents(scored_volume("spotify", BURST), bad, None, CATALOG, END)
    odd = playback_posts()
    odd.loc[3, "text"], odd.loc[4, "embedding"], odd.loc[5, "symptoms"] = "", None, None
    assert (
        len(build_incidents(scored_volume("spotify", BURST), odd, None, CATALOG, END).incidents)
        == 1
    )


def test_updated_at_moves_only_when_a_reader_would_see_a_change() -> None:
    """Every cycle rebuilds the recent incidents; an Atom feed's <updated> must not move for
    one resolved hours ago (an operator's find, eighth session)."""
    from nlp.incidents.build import unchanged_since

    before = pd.Timestamp("2026-11-20 09:00")
    now = pd.Timestamp("2026-11-20 12:00")
    previous = pd.DataFrame(
        {
            "incident_id": ["a", "b"],
            "title": ["Slack — website down", "Netflix — login failures"],
            "status": ["resolved", "open"],
            "total_reports": [65, 40],
            "keywords": [["slack", "down"], ["login"]],
            "resolved_at": [before, pd.NaT],
            "updated_at": [before, before],
        }
    )
    fresh = previous.drop(columns="updated_at").copy()
    fresh["keywords"] = [np.array(["slack", "down"]), ["login"]]  # as read back from DuckDB
    # the resolved one unchanged keeps its stamp; the open one is seen open now
    assert list(unchanged_since(fresh, previous, now)) == [before, now]
    fresh.loc[0, "total_reports"] = 66  # a late report counted: a change
    assert list(unchanged_since(fresh, previous, now)) == [now, now]
    assert list(unchanged_since(fresh, None, now)) == [now, now]


def test_an_incidents_keywords_name_no_place_of_its_own() -> None:
    n = 40
    texts = [f"instagram não deixa postar foto em belo horizonte {i}" for i in range(n)]
    posts = make_posts(
        "instagram", texts, blob_embeddings(n), ["upload_posting"] * n, ["BR"] * n,
        spread_times(n, 10, 15), regions=["Minas Gerais"] * n,
    )  # fmt: skip
    posts["city"] = "Belo Horizonte"
    frames = build_incidents(scored_volume("instagram", BURST), posts, EMPTY_OFFICIAL, CATALOG, END)
    keywords = list(frames.incidents.iloc[0]["keywords"])
    assert "postar" in keywords and "foto" in keywords
    assert not {"belo", "horizonte"} & set(keywords)
