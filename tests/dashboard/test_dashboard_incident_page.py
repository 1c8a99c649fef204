"""The Incident page when one service has two incidents at once (Netflix's login and
playback problems, both from 09:00): the picker tells them apart, and each page's chart
and header count the same reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import NOW, assert_clean, chart_frames, charts, point_dashboard, run_page, sql
from sample_warehouse import Burst, build_sample_warehouse

from dashboard.views.incident import picker_labels

BUILT = datetime(2026, 11, 20, 12, 0)
START = datetime(2026, 11, 20, 9, 0)
PLAYBACK = Burst(
    "inc-two-playback", "netflix", START, 90, 20, "major", "playback_streaming", ("JP",), True
)
LOGIN = Burst("inc-two-login", "netflix", START, 90, 12, "major", "login", ("BR",), True)


@pytest.fixture(scope="module")
def two_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("two") / "outagewatch.duckdb"
    return build_sample_warehouse(path, now=BUILT, bursts=[PLAYBACK, LOGIN])


@pytest.fixture
def two_env(monkeypatch: pytest.MonkeyPatch, two_db: Path) -> Path:
    return point_dashboard(monkeypatch, two_db, BUILT)


def test_picker_tells_apart_two_incidents_that_started_together(two_env: Path) -> None:
    at = run_page("incident", id=LOGIN.incident_id)
    assert_clean(at)
    options = at.selectbox(key="incident_pick").options
    titles = sql(two_env, "SELECT title FROM incidents ORDER BY incident_id")["title"]
    assert len(options) == 2 and len(set(options)) == 2
    for title in titles:
        assert sum(o.startswith(f"{title} · 2026-11-20 09:00 ·") for o in options) == 1


@pytest.mark.parametrize(
    ("titles", "symptoms", "expected"),
    [
        pytest.param(
            ["Netflix — login", "Netflix — playback"],
            ["login", "playback_streaming"],
            ["Netflix — login · ", "Netflix — playback · "],
            id="titles",
        ),
        pytest.param(
            [None, None],
            ["login", "playback_streaming"],
            ["Netflix: login · ", "Netflix: playback streaming · "],
            id="no-title-top-symptom",
        ),
        pytest.param(
            [None, None], ["login", "login"], ["Netflix: login · ", "Netflix: login · "], id="same"
        ),
    ],
)
def test_picker_labels(titles: list, symptoms: list[str], expected: list[str]) -> None:
    index = pd.DataFrame(
        {
            "incident_id": ["inc-aaaaaa111111", "inc-bbbbbb222222"],
            "service_slug": "netflix",
            "service_name": "Netflix",
            "title": titles,
            "top_symptom": symptoms,
            "status": "resolved",
            "severity": "major",
            "started_at": pd.Timestamp(START),
        }
    )
    labels = picker_labels(index)
    assert len(set(labels.values())) == 2  # never two identical entries
    for (_, label), start in zip(labels.items(), expected, strict=True):
        assert label.startswith(start) and "2026-11-20 09:00 · major · resolved" in label


def _timeline(at) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames = chart_frames(charts(at)[0])
    series = max(frames, key=len)
    events = next(f for f in frames if "event" in f.columns)
    return series, events.drop_duplicates(subset=["event"]).set_index("event")


@pytest.mark.parametrize("burst", [PLAYBACK, LOGIN], ids=["playback", "login"])
def test_chart_counts_what_the_header_counts(two_env: Path, burst: Burst) -> None:
    """Finding 3: the header counted one incident, the chart the whole service."""
    at = run_page("incident", id=burst.incident_id)
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    series, events = _timeline(at)
    assert f"{int(series['reports'].sum()):,}" == metrics["Total reports"]
    assert f"{int(series['reports'].max()):,}" == metrics["Peak reports / 5 min"]
    peak_at = series.loc[series["reports"].idxmax(), "bucket"]
    assert events.loc["peak", "at"] == peak_at  # the marker sits on the tallest bar
    # the service's own line holds both incidents
    service = sql(
        two_env,
        "SELECT sum(reports) FROM report_volume WHERE service_slug = 'netflix' AND country = '' "
        "AND bucket >= ? AND bucket < ?",
        [series["bucket"].min(), series["bucket"].max() + pd.Timedelta(minutes=5)],
    ).iloc[0, 0]
    assert int(series["service_reports"].sum()) == int(service) > int(series["reports"].sum())
    other = LOGIN if burst is PLAYBACK else PLAYBACK
    title = sql(two_env, "SELECT title FROM incidents WHERE incident_id = ?", [other.incident_id])
    caption = " ".join(c.value for c in at.caption)
    assert f"at the same time: {title.iloc[0, 0]}." in caption
    # the other incident opens here, in this tab (a Markdown link opened a new one)
    at.button(key=f"other_{other.incident_id}").click().run()
    assert_clean(at)
    assert at.selectbox(key="incident_pick").value == other.incident_id
    assert at.query_params["id"] == other.incident_id
    assert {m.label: m.value for m in at.metric}["Total reports"] != metrics["Total reports"]


def test_a_lone_incident_charts_its_service(dash_env: Path) -> None:
    """No other incident of the service at the same time: the chart is the service's."""
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    series, _ = _timeline(at)
    assert "service_reports" not in series.columns
    assert not any("Grey line" in c.value for c in at.caption)


def test_a_linked_incident_older_than_the_picker_list_is_listed(two_db: Path) -> None:
    from dashboard.queries import incident_index

    newest = incident_index(str(two_db), BUILT, BUILT, limit=1)
    assert len(newest) == 1
    other = ({PLAYBACK.incident_id, LOGIN.incident_id} - set(newest["incident_id"])).pop()
    both = incident_index(str(two_db), BUILT, BUILT, wanted=other, limit=1)
    assert set(both["incident_id"]) == {PLAYBACK.incident_id, LOGIN.incident_id}


def test_an_open_incident_charts_its_reports_when_now_is_between_buckets(
    monkeypatch: pytest.MonkeyPatch, two_db: Path
) -> None:
    """An hour and 7 minutes in, the chart's window began at 07:53 (as far before the start
    as the incident had lasted), off the stored 5-minute grid, and every bar read 0 while
    the header counted the reports (a user's find)."""
    point_dashboard(monkeypatch, two_db, START.replace(hour=10, minute=7))
    at = run_page("incident", id=PLAYBACK.incident_id)
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    series, _ = _timeline(at)
    assert series["reports"].sum() > 0
    assert f"{int(series['reports'].sum()):,}" == metrics["Total reports"]
    assert (series["bucket"].dt.minute % 5 == 0).all()


def test_representative_posts_and_the_others_are_told_apart(dash_env: Path) -> None:
    """Ranked representatives, then the others in time order: one heading between the two,
    so the list does not read as one sequence of jumbled times."""
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    flags = sql(
        dash_env,
        "SELECT is_representative FROM incident_posts WHERE incident_id = 'inc-spotify-now'",
    )["is_representative"]
    heading = "**Other posts of the incident, in time order**"
    shown = [m.value for m in at.markdown].count(heading)
    assert flags.any() and not flags.all()  # 3 ranked, 304 others in the sample
    assert shown == 1


def test_a_reply_is_shown_with_the_thread_it_answers(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Same here, nothing loads" means something beside "Is Spotify down?": a post's
    community and its thread's title are on its line."""
    import shutil

    import duckdb

    db = shutil.copyfile(sample_db, tmp_path / "outagewatch.duckdb")
    con = duckdb.connect(str(db))
    key = con.execute(
        "SELECT post_key FROM incident_posts WHERE incident_id = 'inc-spotify-now' AND rank = 1"
    ).fetchone()[0]
    con.execute(
        "UPDATE posts SET text = 'Same here, nothing loads', venue = 'r/spotify', "
        "thread_title = 'Is Spotify down? ' || repeat('very ', 30) || 'long title' "
        "WHERE post_key = ?",
        [key],
    )
    con.close()
    point_dashboard(monkeypatch, db, NOW)
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    shown = [h.proto.body for h in at.get("html") if "Same here, nothing loads" in h.proto.body]
    assert len(shown) == 1
    assert " · in r/spotify · replying to “Is Spotify down? very very" in shown[0]
    assert "long title" not in shown[0] and "…”" in shown[0]  # cut at 90 characters


def test_where_people_reported_it(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports per platform, with a platform's communities: the incident's problem posts,
    all of them, once each."""
    import shutil

    import duckdb

    db = shutil.copyfile(sample_db, tmp_path / "outagewatch.duckdb")
    con = duckdb.connect(str(db))
    keys = [
        k
        for (k,) in con.execute(
            "SELECT post_key FROM incident_posts WHERE incident_id = 'inc-spotify-now' "
            "ORDER BY post_key LIMIT 3"
        ).fetchall()
    ]
    con.execute(
        "UPDATE posts SET source = 'reddit', venue = CASE WHEN post_key = ? THEN 'r/de' "
        "ELSE 'r/spotify' END WHERE list_contains(?, post_key)",
        [keys[0], keys],
    )
    con.close()
    point_dashboard(monkeypatch, db, NOW)
    at = run_page("incident", id="inc-spotify-now")
    assert_clean(at)
    assert "**Where people reported it**" in [m.value for m in at.markdown]
    (table,) = [d.value for d in at.dataframe if "communities" in d.value.columns]
    reddit = table[table["source"] == "Reddit"].iloc[0]
    assert reddit["reports"] == 3 and reddit["communities"] == "r/spotify 2, r/de 1"
    problem_posts = sql(
        db,
        "SELECT count(*) AS n FROM incident_posts JOIN post_signals USING (post_key) "
        "WHERE incident_id = 'inc-spotify-now' AND problem AND created_at <= ?",
        [NOW],
    )["n"][0]
    assert table["reports"].sum() == problem_posts


def test_source_table_names_platforms_and_their_busiest_communities() -> None:
    from dashboard.views.incident import source_table

    sources = pd.DataFrame(
        {
            "source": ["mastodon", "reddit", "reddit", "reddit", "reddit", "reddit", "hackernews"],
            "venue": ["", "r/spotify", "r/de", "r/a", "r/b", "", ""],
            "reports": [60, 8, 4, 1, 1, 2, 3],
        }
    )
    table = source_table(sources)
    assert table.to_dict("records") == [
        {"source": "Mastodon", "reports": 60, "communities": ""},
        {"source": "Reddit", "reports": 16, "communities": "r/spotify 8, r/de 4, r/a 1, 1 more"},
        {"source": "Hacker News", "reports": 3, "communities": ""},
    ]
    assert source_table(sources.iloc[:0]).empty


def test_two_open_incidents_of_one_service_have_cards_of_their_own(
    monkeypatch: pytest.MonkeyPatch, two_db: Path
) -> None:
    """Both cards had said "Netflix" and the service's whole last hour (helper-106): each now
    carries its incident's title and counts its own reports."""
    from dash_helpers import html_text

    now = START.replace(hour=10)
    point_dashboard(monkeypatch, two_db, now)
    at = run_page("now")
    assert_clean(at)
    titles = [t.split("<", 1)[0] for t in html_text(at).split('<div class="ow-card-title">')[1:]]
    cards = [m.value for m in at.metric if m.label == "Problem reports, last hour"]
    own = sql(
        two_db,
        "SELECT i.title, count(*) AS n FROM incident_posts ip JOIN incidents i USING (incident_id) "
        "JOIN post_signals s USING (post_key) WHERE s.problem AND s.created_at >= ? "
        "AND s.created_at < ? GROUP BY 1",
        [now.replace(hour=9), now],
    )
    expected = dict(zip(own["title"], own["n"], strict=True))
    assert len(expected) == 2 and sorted(titles) == sorted(expected)
    assert [int(c.replace(",", "")) for c in cards] == [expected[t] for t in titles]
    assert len(set(cards)) == 2  # not the service's one total twice


@pytest.mark.parametrize("burst", [PLAYBACK, LOGIN], ids=["playback", "login"])
def test_what_people_report_is_on_one_percent_axis_to_100(two_env: Path, burst: Burst) -> None:
    """Review 185, finding 8: an axis titled "percent" ran to 110 on one incident and to 70
    on another, so neither read as shares nor compared."""
    import json

    at = run_page("incident", id=burst.incident_id)
    assert_clean(at)
    (chart,) = [c for c in charts(at) if '"symptom' in c.proto.spec]
    spec = json.loads(chart.proto.spec)
    xs = [layer["encoding"]["x"] for layer in spec["layer"]]
    bars = next(x for x in xs if x["field"] == "percent")
    assert bars["axis"]["values"][-1] == 100 and max(bars["axis"]["values"]) == 100
    assert {tuple(x["scale"]["domain"]) for x in xs} == {(0.0, 115.0)}
