"""Processing cycles on a small catalog of one's own services (review 126 #6, #8, #9): an
incident a cycle published stays, whatever a later cycle's re-scoring finds; an outage in
a new warehouse's first backfill is found; ``detected_at`` is never after the cycle.

Real parts: a DuckDB warehouse in ``tmp_path``, the orchestrator's cycle with the real
enricher over this small catalog, the notifier's dry run. Each post is a plain outage report
naming its service ("Quillpad is down for me, 503 on every page"), so the counts are the ones
written here."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml

from outagewatch.catalog import parse_catalog
from outagewatch.notify.cycle import notify_cycle
from outagewatch.orchestrator import Orchestrator
from outagewatch.settings import Settings
from warehouse import db, store

ENTRIES = [
    {"slug": "quillpad", "name": "Quillpad", "category": "productivity"},
    {"slug": "nordlink", "name": "Nordlink", "category": "isp_telco"},
    {"slug": "baltgrid", "name": "BaltGrid", "category": "cloud"},
]
CATALOG = tuple(parse_catalog(ENTRIES))
NAMES = {s.slug: s.name for s in CATALOG}


def _post(slug: str, at: datetime, n: int) -> dict:
    key = f"hackernews:{slug}-{at:%Y%m%d%H%M%S}-{n}"
    return dict(post_key=key, source="hackernews", native_id=key, created_at=at, fetched_at=at,
                text=f"{NAMES[slug]} is down for me, 503 on every page ({n})", is_repost=False)  # fmt: skip


def _every(slug: str, start: datetime, end: datetime, minutes: float) -> list[dict]:
    out, t, n = [], start, 0
    while t < end:
        out.append(_post(slug, t, n))
        t, n = t + timedelta(minutes=minutes), n + 1
    return out


def _burst(slug: str, start: datetime, count: int, minutes: float) -> list[dict]:
    step = timedelta(minutes=minutes) / count
    return [_post(slug, start + i * step, 1000 + i) for i in range(count)]


def _settings(path: Path) -> Settings:
    """Settings as a TOML file naming its own catalog file and watching Quillpad gives them."""
    catalog = path.parent / "my_services.yaml"
    catalog.write_text(yaml.safe_dump(ENTRIES))
    return dataclasses.replace(Settings(), db_path=path, data_dir=path.parent, catalog_path=catalog,
                               watchlist=[{"service": "quillpad"}], notify={})  # fmt: skip


class Warehouse:
    """A warehouse, its orchestrator and its notifier, driven one cycle at a time."""

    def __init__(self, path: Path) -> None:
        self.settings = _settings(path)
        self.orchestrator = Orchestrator(self.settings, CATALOG)

    def cycle(self, now: datetime, posts: list[dict] = ()) -> None:
        if posts:
            with db.writer(self.settings.db_path) as con:
                store.insert_posts(con, list(posts))
        self.orchestrator.run_cycle(now=now)
        notify_cycle(self.settings, now=now)

    def incidents(self) -> pd.DataFrame:
        with db.reader(self.settings.db_path) as con:
            return con.execute("SELECT * FROM incidents ORDER BY started_at").df()

    def messages(self) -> list[tuple[str, str, bool]]:
        with db.reader(self.settings.db_path) as con:
            rows = con.execute(
                "SELECT incident_id, transition, payload FROM notification_log "
                "WHERE transition <> 'test' ORDER BY created_at, transition DESC"
            ).fetchall()
        return [(iid, transition, '"recap": true' in str(p)) for iid, transition, p in rows]


T = datetime(2026, 11, 30, 6, 0)
BURST = T + timedelta(hours=5, minutes=40)  # 11:40


def _announced(path: Path) -> tuple[Warehouse, str]:
    """Review 126 #6 up to the announcement: 6 h of history, a Quillpad burst from 11:40,
    found by the 11:49:05 cycle."""
    w = Warehouse(path)
    history = _every("quillpad", T, BURST, 20) + _every("nordlink", T, BURST, 30)
    w.cycle(BURST + timedelta(minutes=2), history + _burst("quillpad", BURST, 7, 2))
    w.cycle(BURST + timedelta(minutes=9, seconds=5),
            _burst("quillpad", BURST + timedelta(minutes=2), 20, 7))  # fmt: skip
    inc = w.incidents()
    assert list(inc["status"]) == ["open"], inc
    assert [m[1] for m in w.messages()] == ["opened"]
    return w, str(inc["incident_id"].iloc[0])


@pytest.mark.slow
def test_detected_at_is_never_after_the_cycle_that_found_it(tmp_path: Path) -> None:
    """The alert's bucket (11:45) was still open at 11:49:05: the incident was detected
    then, not at 11:50, and the "opened" message says so (it once came 55 s before it)."""
    w, iid = _announced(tmp_path / "w.duckdb")
    now = BURST + timedelta(minutes=9, seconds=5)
    detected = w.incidents()["detected_at"].iloc[0]
    assert detected <= pd.Timestamp(now)
    with db.reader(w.settings.db_path) as con:
        (event_at,) = con.execute(
            "SELECT event_at FROM notification_log WHERE incident_id = ? AND transition = 'opened'",
            [iid],
        ).fetchone()
    assert event_at <= now


@pytest.mark.slow
def test_another_services_burst_does_not_erase_an_announced_incident(tmp_path: Path) -> None:
    """16 BaltGrid reports from 11:40, crawled late, once raised the pooled hour-of-day
    shape that every service of a small catalog borrows: Quillpad's baseline at 11:40
    doubled after the fact, its incident no longer qualified and its row was deleted,
    although "Outage detected" had gone out. Now it stays, and resolves as usual."""
    w, iid = _announced(tmp_path / "w.duckdb")
    with db.reader(w.settings.db_path) as con:
        before = con.execute(
            "SELECT bucket, baseline FROM report_volume WHERE service_slug = 'quillpad' "
            "AND country = '' AND bucket BETWEEN ? AND ? ORDER BY bucket",
            [BURST, BURST + timedelta(minutes=5)],
        ).fetchall()
    w.cycle(BURST + timedelta(minutes=14), _burst("baltgrid", BURST, 16, 10))
    with db.reader(w.settings.db_path) as con:
        after = con.execute(
            "SELECT bucket, baseline FROM report_volume WHERE service_slug = 'quillpad' "
            "AND country = '' AND bucket BETWEEN ? AND ? ORDER BY bucket",
            [BURST, BURST + timedelta(minutes=5)],
        ).fetchall()
    # one service's burst leaves another's baseline where it was (it doubled)
    assert [b for _, b in after] == pytest.approx([b for _, b in before], rel=0.05)
    inc = w.incidents()
    assert iid in set(inc["incident_id"])
    # an hour later it is over: the "resolved" that the opened message promised
    w.cycle(BURST + timedelta(hours=1, minutes=20))
    inc = w.incidents().set_index("incident_id")
    assert inc.at[iid, "status"] == "resolved"
    assert [m[:2] for m in w.messages() if m[0] == iid] == [(iid, "opened"), (iid, "resolved")]


@pytest.mark.slow
def test_an_incident_a_rebuild_no_longer_finds_is_closed_not_deleted(tmp_path: Path) -> None:
    """Whatever makes a re-scored window lose a published incident (here its posts deleted
    at the source), the incident stays as published, closed at the end of its last bucket
    the earlier cycles scored abnormal, and the channel hears "resolved"."""
    w, iid = _announced(tmp_path / "w.duckdb")
    published = w.incidents().set_index("incident_id").loc[iid]
    with db.writer(w.settings.db_path) as con:
        burst = "SELECT post_key FROM posts WHERE post_key LIKE '%quillpad-%-10__'"
        assert store.mark_deleted(con, [r[0] for r in con.execute(burst).fetchall()]) == 27
    w.cycle(BURST + timedelta(minutes=14))
    inc = w.incidents().set_index("incident_id")
    assert iid in inc.index
    kept = inc.loc[iid]
    assert kept["status"] == "resolved"
    assert published["started_at"] < kept["resolved_at"] <= BURST + timedelta(minutes=14)
    assert (kept["title"], kept["total_reports"]) == (
        published["title"],
        published["total_reports"],
    )
    with db.reader(w.settings.db_path) as con:
        (posts,) = con.execute(
            "SELECT count(*) FROM incident_posts WHERE incident_id = ?", [iid]
        ).fetchone()
    assert posts > 0  # the dashboard's page of it still has its posts
    w.cycle(BURST + timedelta(hours=1))  # the quiet period over, the channel is told
    assert [m[1] for m in w.messages() if m[0] == iid] == ["opened", "resolved"]
    w.cycle(BURST + timedelta(hours=1, minutes=5))  # and it stays put
    again = w.incidents().set_index("incident_id").loc[iid]
    assert (again["status"], again["resolved_at"]) == ("resolved", kept["resolved_at"])


@pytest.mark.slow
def test_a_reprocess_after_a_catalog_change_drops_the_incidents_it_made_wrong(
    tmp_path: Path,
) -> None:
    """Review 135 #2: `process --reprocess` after Quillpad left the catalog. No post is a
    Quillpad report any more, and the announced Quillpad incident goes with its post links:
    a reprocess replaces the window whole (what the README gives it for), the keeping of
    lost incidents is for ordinary cycles. Its stats count what the rebuild found."""
    w, iid = _announced(tmp_path / "w.duckdb")
    rest = [e for e in ENTRIES if e["slug"] != "quillpad"]
    w.settings.catalog_path.write_text(yaml.safe_dump(rest))
    ordinary = Orchestrator(w.settings, tuple(parse_catalog(rest)))
    stats = ordinary.run_cycle(now=BURST + timedelta(minutes=12))
    assert (stats.enriched, stats.incidents, stats.kept) == (0, 1, 0)  # new posts only
    stats = ordinary.run_cycle(reprocess=True, now=BURST + timedelta(minutes=14))
    assert stats.enriched > 0
    assert (stats.incidents, stats.kept) == (0, 0)
    assert w.incidents().empty
    with db.reader(w.settings.db_path) as con:
        linked = con.execute(
            "SELECT count(*) FROM incident_posts WHERE incident_id = ?", [iid]
        ).fetchone()[0]
    assert linked == 0


@pytest.mark.slow
def test_a_post_dated_ahead_does_not_move_the_cycle_into_the_future(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 135 #6: a cycle run as `run` and `process` run it (no `now`: the machine's
    clock, here 12:00) while a Quillpad outage goes on since 11:40. One Nordlink post dated
    20 h ahead (the store keeps up to a day of clock skew) once made the cycle's clock the
    post's: the outage was stored "resolved" at once and announced as a recap. Now the
    cycle runs at 12:00, the incident is open and announced as such, and the post counts
    only once its time has come."""
    clock = BURST + timedelta(minutes=20)
    monkeypatch.setattr(store, "utcnow", lambda: clock)
    w = Warehouse(tmp_path / "w.duckdb")
    posts = _every("quillpad", T, BURST, 20) + _every("nordlink", T, BURST, 30)
    posts += _burst("quillpad", BURST, 30, 20) + [
        _post("nordlink", clock + timedelta(hours=20), 99)
    ]
    with db.writer(w.settings.db_path) as con:
        store.insert_posts(con, posts)
    w.orchestrator.run_cycle()
    notify_cycle(w.settings)
    inc = w.incidents()
    assert list(inc[["service_slug", "status"]].itertuples(index=False)) == [("quillpad", "open")]
    assert inc["detected_at"].iloc[0] <= clock
    assert w.messages() == [(inc["incident_id"].iloc[0], "opened", False)]
    with db.reader(w.settings.db_path) as con:
        (last,) = con.execute("SELECT max(bucket) FROM report_volume").fetchone()
    assert last <= clock


SAYS = {"login": "Quillpad login is broken, I can't log in at all ({n})",
        "crash": "Quillpad app keeps crashing on launch, crashes every time ({n})"}  # fmt: skip
FROM = {"de": "Berlin, Germany", "jp": "Tokyo, Japan"}


def _reports(says: str, place: str, start: datetime, count: int, minutes: float) -> list[dict]:
    """Quillpad reports of one symptom from one place, evenly over ``minutes``."""
    step = timedelta(minutes=minutes) / count
    out = []
    for i in range(count):
        at, key = start + i * step, f"hackernews:quillpad-{says}-{place}-{start:%H%M}-{i}"
        out.append(dict(post_key=key, source="hackernews", native_id=key, created_at=at,
                        fetched_at=at, text=SAYS[says].format(n=f"{start:%H%M}-{i}"),
                        author_location=FROM[place], is_repost=False))  # fmt: skip
    return out


@pytest.mark.slow
def test_two_clusters_that_become_one_are_one_incident_not_a_false_resolved(
    tmp_path: Path,
) -> None:
    """Review 135 #1: logins failing in Germany and the app crashing in Japan from 11:40 are
    two incidents of one span, both announced. From 11:53 both symptoms come from both
    countries, so the span is one cluster: it keeps one of the two ids, and the other is
    merged into it, not kept as a separate incident "resolved" while the outage goes on
    (the channel heard "Resolved" for a problem still there), nor offered its id back (the
    ids flapped with the cluster's centroid, each cycle closing one and reopening the
    other)."""
    w = Warehouse(tmp_path / "w.duckdb")
    history = _every("quillpad", T, BURST, 20) + _every("nordlink", T, BURST, 30)
    two = _reports("login", "de", BURST, 14, 12) + _reports("crash", "jp", BURST, 14, 12)
    w.cycle(BURST + timedelta(minutes=13), history + two)
    first = w.incidents()
    assert list(first["status"]) == ["open", "open"], first
    assert sorted(m[1] for m in w.messages()) == ["opened", "opened"]
    mixed = BURST + timedelta(minutes=13)
    w.cycle(BURST + timedelta(minutes=24),
            _reports("login", "jp", mixed, 14, 10) + _reports("crash", "de", mixed, 14, 10))  # fmt: skip
    one = w.incidents()
    assert list(one["status"]) == ["open"], one
    (iid,) = one["incident_id"]
    assert iid in set(first["incident_id"])
    (merged,) = set(first["incident_id"]) - {iid}
    later = BURST + timedelta(minutes=24)
    w.cycle(BURST + timedelta(minutes=30),
            _reports("login", "de", later, 6, 5) + _reports("crash", "jp", later, 6, 5))  # fmt: skip
    again = w.incidents()
    assert list(again[["incident_id", "status"]].itertuples(index=False)) == [(iid, "open")]
    with db.reader(w.settings.db_path) as con:
        linked = con.execute(
            "SELECT count(*) FROM incident_posts WHERE incident_id = ?", [merged]
        ).fetchone()[0]
    assert linked == 0  # its posts are the one incident's now, not also a closed one's
    assert not [m for m in w.messages() if m[1] == "resolved"]


@pytest.mark.slow
def test_an_outage_in_the_first_backfill_gets_an_incident_and_a_recap(tmp_path: Path) -> None:
    """Review 126 #8: a new warehouse whose first crawl brings 8 h of one Quillpad report an
    hour and 40 reports from 3 h to 2 h 35 min ago. The young series' hour-of-day shape was
    read from that burst itself (its baseline rose 50 min before the first burst report)
    and nothing was found; now the outage is one incident, and the channel gets one
    "resolved" recap, as the README promises on a first start."""
    now = datetime(2026, 11, 30, 11, 45)
    start = now - timedelta(hours=3)
    posts = _every("quillpad", now - timedelta(hours=8), now, 60)
    posts += _burst("quillpad", start, 40, 25)
    w = Warehouse(tmp_path / "w.duckdb")
    w.cycle(now, posts)
    inc = w.incidents()
    assert len(inc) == 1, inc
    row = inc.iloc[0]
    assert row["status"] == "resolved"
    assert start - timedelta(minutes=5) <= row["started_at"] <= start + timedelta(minutes=10)
    assert w.messages() == [(row["incident_id"], "resolved", True)]


def test_vanished_keeps_what_a_rebuild_drops_and_closes_it_at_its_loud_run() -> None:
    """Pure: an open incident the rebuild lost is closed at the end of its run of loud
    buckets (a 30-minute gap ends the run, as it ends a span); a resolved one stays as it
    was; one the rebuild found, or older than the rebuilt window and resolved, is no
    concern of it."""
    from nlp.incidents import vanished

    t = pd.Timestamp("2026-11-30 11:40")
    previous = pd.DataFrame(
        {
            "incident_id": ["a", "b", "c", "d"],
            "service_slug": ["quillpad", "nordlink", "nordlink", "baltgrid"],
            "status": ["open", "resolved", "open", "resolved"],
            "started_at": [t, t - pd.Timedelta(hours=2), t, t - pd.Timedelta(days=9)],
            "resolved_at": [pd.NaT, t - pd.Timedelta(hours=1), pd.NaT, t - pd.Timedelta(days=8)],
            "updated_at": [t + pd.Timedelta(minutes=9)] * 4,
        }
    )
    loud = pd.DataFrame(
        {
            "service_slug": ["quillpad"] * 3,
            "bucket": [t, t + pd.Timedelta(minutes=5), t + pd.Timedelta(minutes=45)],
        }
    )
    now = t + pd.Timedelta(minutes=50)
    fresh = previous[previous["incident_id"] == "c"]
    kept = vanished(previous, fresh, t - pd.Timedelta(days=8), now, loud).set_index("incident_id")
    assert sorted(kept.index) == ["a", "b"]
    assert kept.at["a", "status"] == "resolved"
    assert kept.at["a", "resolved_at"] == t + pd.Timedelta(minutes=10)
    assert kept.at["a", "updated_at"] == now
    assert kept.loc["b"].equals(previous.set_index("incident_id").loc["b"])


def test_vanished_drops_a_merged_incident_and_stops_at_a_fresh_span() -> None:
    """Pure (review 135 #1): a lost incident that a fresh one of its service overlaps was
    merged into it and is not kept; one the fresh span follows is closed no later than
    that span's start, though the service's buckets stay loud into it; carry_ids never
    offers an open cluster a resolved incident that an open one of its service overlaps
    (so the one cluster does not take the absorbed incident's id back)."""
    from nlp.incidents import IncidentSettings, carry_ids, vanished

    t = pd.Timestamp("2026-11-30 11:40")
    m = pd.Timedelta(minutes=1)
    previous = pd.DataFrame(
        {
            "incident_id": ["a", "b", "q"],
            "service_slug": ["netflix", "netflix", "quillpad"],
            "status": ["open", "open", "open"],
            "started_at": [t, t, t],
            "detected_at": [t + 10 * m] * 3,
            "resolved_at": [pd.NaT] * 3,
            "updated_at": [t + 9 * m] * 3,
            "centroid": [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
        }
    )
    fresh = pd.DataFrame(
        {
            "incident_id": ["a", "q2"],
            "service_slug": ["netflix", "quillpad"],
            "_span_start": [t, t + 20 * m],
            "status": ["open", "open"],
            "started_at": [t, t + 20 * m],
            "detected_at": [t + 10 * m, t + 25 * m],
            "resolved_at": [pd.NaT, pd.NaT],
            "centroid": [[0.3, 0.95], [1.0, 0.0]],
        }
    )
    loud = pd.DataFrame(
        {"service_slug": "quillpad", "bucket": pd.date_range(t, t + 25 * m, freq="5min")}
    )
    now = t + 30 * m
    # q's last seen open at 11:49, the fresh Quillpad span from 12:00 does not overlap it
    kept = vanished(previous, fresh, t - pd.Timedelta(days=8), now, loud).set_index("incident_id")
    assert list(kept.index) == ["q"]
    assert kept.at["q", "resolved_at"] == t + 20 * m  # not 12:10, the end of the loud run
    # a closed "b" beside the open "a" of its span (stored so by incidents-0.7) is no
    # candidate: the one cluster keeps "a" although its centroid leans to "b"
    stored = previous.iloc[:2].copy()
    stored.loc[1, ["status", "resolved_at"]] = ["resolved", t + 9 * m]
    carried = carry_ids(fresh.iloc[:1].assign(incident_id="new"), stored, now, IncidentSettings())
    assert list(carried["incident_id"]) == ["a"]
    assert vanished(stored, carried, t - pd.Timedelta(days=8), now, loud).empty


def test_a_split_cluster_resolved_on_its_own_keeps_its_id_beside_its_open_sibling() -> None:
    """Pure (review 138 #5): a span from 11:40 split into logins failing ("a", the largest
    at first) and crashes ("b"); "a" resolved at 12:05 and was announced so, "b" goes on and
    is now the largest, so the rebuild hashes the span's id onto it and a keyed id onto "a".
    "a" keeps its id and its row (it was re-created as "inc-x" and its stored row deleted as
    merged), also when its centroid drifted; the open cluster keeps "b"."""
    from nlp.incidents import IncidentSettings, carry_ids, vanished

    t = pd.Timestamp("2026-11-30 11:40")
    m = pd.Timedelta(minutes=1)
    previous = pd.DataFrame(
        {
            "incident_id": ["inc-a", "inc-b"],
            "service_slug": ["quillpad"] * 2,
            "status": ["resolved", "open"],
            "started_at": [t, t + 5 * m],
            "detected_at": [t + 10 * m, t + 15 * m],
            "resolved_at": [t + 25 * m, pd.NaT],
            "updated_at": [t + 50 * m] * 2,
            "centroid": [[1.0, 0.0], [0.0, 1.0]],
        }
    )
    now = t + 60 * m
    for drifted in ([1.0, 0.0], [0.2, -0.98]):
        fresh = pd.DataFrame(
            {
                "incident_id": ["inc-a", "inc-x"],
                "service_slug": ["quillpad"] * 2,
                "_span_start": [t, t],
                "status": ["open", "resolved"],
                "started_at": [t + 5 * m, t],
                "detected_at": [t + 15 * m, t + 10 * m],
                "resolved_at": [pd.NaT, t + 25 * m],
                "centroid": [[0.0, 1.0], drifted],
            }
        )
        carried = carry_ids(fresh, previous, now, IncidentSettings())
        assert list(carried[["incident_id", "status"]].itertuples(index=False)) == [
            ("inc-b", "open"),
            ("inc-a", "resolved"),
        ]
        assert vanished(previous, carried, t - pd.Timedelta(days=8), now, None).empty


@pytest.mark.slow
def test_a_split_cluster_that_resolved_on_its_own_keeps_its_id_and_one_resolved(
    tmp_path: Path,
) -> None:
    """Review 138 #5 through the cycles: logins failing in Germany (20 reports, the largest)
    and crashes in Japan (10) from 11:40 are two incidents of one span. The logins stop at
    11:52, the crashes go on and become the larger cluster; the login incident resolves on
    its own and is announced so. In the cycles after, it keeps its id and row (it was
    deleted as merged and re-created under a new id, a second "resolved"), and the crash
    incident stays open under its own id."""
    w = Warehouse(tmp_path / "w.duckdb")
    history = _every("quillpad", T, BURST, 20) + _every("nordlink", T, BURST, 30)
    two = _reports("login", "de", BURST, 20, 12) + _reports("crash", "jp", BURST, 10, 12)
    w.cycle(BURST + timedelta(minutes=13), history + two)
    first = w.incidents()
    assert list(first["status"]) == ["open", "open"], first
    last = 13
    for at in (30, 46, 52, 60):  # 12:10, 12:26 (the logins quiet 30 min), 12:32, 12:40
        w.cycle(BURST + timedelta(minutes=at),
                _reports("crash", "jp", BURST + timedelta(minutes=last), 2 * (at - last),
                         at - last))  # fmt: skip
        last = at
    inc = w.incidents().set_index("incident_id")
    assert set(inc.index) == set(first["incident_id"]), inc
    assert sorted(inc["status"]) == ["open", "resolved"], inc
    login = inc.index[inc["status"] == "resolved"][0]
    crash = inc.index[inc["status"] == "open"][0]
    assert inc.at[crash, "total_reports"] > inc.at[login, "total_reports"]
    assert [m[1] for m in w.messages() if m[0] == login] == ["opened", "resolved"]
    assert "resolved" not in [m[1] for m in w.messages() if m[0] == crash]


class OneCluster:
    """A Clusterer: every post of a span in one cluster; counts its calls."""

    version = "one-cluster-1"
    calls = 0

    def fit_predict(self, features):
        type(self).calls += 1
        return [0] * len(features)


class MineTitle:
    """A Titler of one's own."""

    version = "mine-title-1"

    def title(self, service_name, top_symptom, countries):
        return f"[mine] {service_name}: {top_symptom or 'problems'}"


@pytest.mark.slow
def test_the_settings_pipeline_swaps_the_clusterer_and_the_title(tmp_path: Path) -> None:
    """Review 171 #1: the [pipeline] table's clusterer reaches build_incidents through the
    orchestrator's cycle (it was dropped), the title has a stage of its own, and both are
    named in the incidents' detector_version."""
    OneCluster.calls = 0
    path = tmp_path / "w.duckdb"
    settings = dataclasses.replace(
        _settings(path),
        pipeline={**Settings().pipeline, "clusterer": f"{__name__}:OneCluster",
                  "title": f"{__name__}:MineTitle"},
    )  # fmt: skip
    orchestrator = Orchestrator(settings, CATALOG)
    history = _every("quillpad", T, BURST, 20) + _every("nordlink", T, BURST, 30)
    with db.writer(path) as con:
        store.insert_posts(con, history + _burst("quillpad", BURST, 30, 10))
    orchestrator.run_cycle(now=BURST + timedelta(minutes=12))
    with db.reader(path) as con:
        inc = con.execute("SELECT title, detector_version FROM incidents").df()
    assert len(inc) >= 1
    assert all(t.startswith("[mine] Quillpad: ") for t in inc["title"]), inc
    assert all(v.endswith("+one-cluster-1+mine-title-1") for v in inc["detector_version"])
    assert OneCluster.calls >= 1
