"""Processing scores every period that has posts, not only the recent window (review 144 #1).

A cycle re-scores the last ``rebuild_days``; posts older than that whose signals were written
since their time was last scored (a first crawl's month of backfill, a new source's backfill,
a warehouse processed before the backlog was kept) are a backlog, scored first, part by part.

Real parts: a DuckDB warehouse in ``tmp_path``, the orchestrator, the real enricher over this
small catalog, detection, incident building and the notifier's dry run. Each post is a plain
login-failure report ("quillpad login is broken for me"), so the counts are the ones
written here.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml

from outagewatch.catalog import parse_catalog
from outagewatch.notify.cycle import notify_cycle
from outagewatch.orchestrator import Orchestrator
from outagewatch.settings import Settings
from warehouse import db, pipeline_io, store

ENTRIES = [
    {"slug": "quillpad", "name": "Quillpad", "category": "productivity"},
    {"slug": "nordlink", "name": "Nordlink", "category": "isp_telco"},
]
CATALOG = tuple(parse_catalog(ENTRIES))
END = datetime(2026, 11, 20, 12, 0)
START = END - timedelta(days=30)
# three Quillpad outages: 25 and 12 days before the end (older than the 8-day window) and
# two days before it (in the window)
OUTAGES = [END - timedelta(days=25, hours=3), END - timedelta(days=12, hours=5)]
RECENT = END - timedelta(days=2, hours=4)


def _post(slug: str, at: datetime, n: int, source: str = "hackernews") -> dict:
    key = f"{source}:{slug}-{at:%Y%m%d%H%M%S}-{n}"
    return dict(post_key=key, source=source, native_id=key, created_at=at, fetched_at=at,
                text=f"{slug} login is broken for me ({at:%m%d%H%M}-{n})", is_repost=False)  # fmt: skip


def _every(slug: str, start: datetime, end: datetime, minutes: float, source: str = "hackernews"):
    out, t, n = [], start, 0
    while t < end:
        out.append(_post(slug, t, n, source))
        t, n = t + timedelta(minutes=minutes), n + 1
    return out


def _burst(slug: str, start: datetime, count: int = 40, minutes: float = 30, source="hackernews"):
    step = timedelta(minutes=minutes) / count
    return [_post(slug, start + i * step, 1000 + i, source) for i in range(count)]


def _month() -> list[dict]:
    posts = _every("quillpad", START, END, 60) + _every("nordlink", START, END, 90)
    for at in [*OUTAGES, RECENT]:
        posts += _burst("quillpad", at)
    return posts


@pytest.fixture(scope="module")
def enricher():
    """The real enricher over this catalog, loaded once for the module's warehouses."""
    from nlp.enrich.pipeline import Enricher

    return Enricher(CATALOG)


class Warehouse:
    def __init__(self, path: Path, enricher) -> None:
        catalog = path.parent / "my_services.yaml"
        catalog.write_text(yaml.safe_dump(ENTRIES))
        self.settings = dataclasses.replace(
            Settings(), db_path=path, data_dir=path.parent, catalog_path=catalog,
            watchlist=[{"service": "quillpad"}], notify={},
        )  # fmt: skip
        self.orchestrator = Orchestrator(self.settings, CATALOG, enricher=enricher)

    def add(self, posts: list[dict]) -> None:
        with db.writer(self.settings.db_path) as con:
            store.insert_posts(con, posts)

    def cycle(self, now: datetime, posts: list[dict] = ()):
        if posts:
            self.add(list(posts))
        return self.orchestrator.run_cycle(now=now)

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with db.reader(self.settings.db_path) as con:
            return con.execute(sql, params or []).df()

    def incidents(self) -> pd.DataFrame:
        return self.query("SELECT * FROM incidents ORDER BY started_at")

    def reports_on(self, day: datetime) -> int:
        return int(
            self.query(
                "SELECT coalesce(sum(reports), 0) AS n FROM report_volume WHERE country = '' "
                "AND service_slug = 'quillpad' AND bucket::DATE = ?::DATE",
                [day],
            )["n"].iloc[0]
        )


@pytest.fixture(scope="module")
def month(tmp_path_factory, enricher) -> tuple[Path, object]:
    """A month crawled, then processed once (the folder and that cycle's stats): the start
    of most tests here, made once and copied."""
    folder = tmp_path_factory.mktemp("month")
    stats = Warehouse(folder / "w.duckdb", enricher).cycle(END, _month())
    return folder, stats


def processed_month(month, tmp_path: Path, enricher) -> Warehouse:
    """A copy of the processed month to change."""
    shutil.copytree(month[0], tmp_path / "month")
    return Warehouse(tmp_path / "month" / "w.duckdb", enricher)


def _starts(inc: pd.DataFrame) -> list[datetime]:
    return [pd.Timestamp(t).floor("h").to_pydatetime() for t in inc["started_at"]]


def test_a_month_processed_at_once_has_every_outage_and_every_days_reports(
    month, tmp_path: Path, enricher
):
    """A month crawled, then processed once: the outages 25 and 12 days back are found as
    well as the recent one, and days older than the window have their reports counted (a
    daily summary read "Problem reports: 0" for them)."""
    w, stats = processed_month(month, tmp_path, enricher), month[1]
    inc = w.incidents()
    assert list(inc["service_slug"]) == ["quillpad"] * 3
    assert _starts(inc) == [t.replace(minute=0) for t in [*OUTAGES, RECENT]]
    assert set(inc["status"]) == {"resolved"}
    assert stats.backlog_parts == 3 and stats.backlog_from == START
    first = w.query("SELECT min(bucket) AS b FROM report_volume")["b"].iloc[0]
    assert first == pd.Timestamp(START)
    assert w.reports_on(OUTAGES[0]) == 24 + 40  # an hourly report and the outage's
    # a day in the middle of the backlog is counted once: the parts do not overlap
    assert w.reports_on(END - timedelta(days=20)) == 24


def test_the_backlog_is_scored_once_and_later_cycles_stay_in_the_window(tmp_path: Path, enricher):
    """The next cycle scores no backlog, keeps the incidents stored (same ids, none twice),
    finds a new outage 6 hours before it, and the channel is told of that outage only: not
    of ones long over."""
    w = Warehouse(tmp_path / "w.duckdb", enricher)
    w.cycle(END - timedelta(days=1), _month())
    before = w.incidents()
    notify_cycle(w.settings, now=END - timedelta(days=1))
    with db.reader(w.settings.db_path) as con:
        old_rows = con.execute("SELECT * FROM report_volume WHERE bucket < ? ORDER BY ALL",
                               [END - timedelta(days=9)]).fetchall()  # fmt: skip
    today = END - timedelta(hours=6)
    day = _every("quillpad", END - timedelta(days=1), END, 60, "reddit")
    stats = w.cycle(END, day + _burst("quillpad", today, source="reddit"))
    after = w.incidents()
    assert after["incident_id"].is_unique
    assert set(before["incident_id"]) < set(after["incident_id"])
    new = after[~after["incident_id"].isin(before["incident_id"])]
    assert _starts(new) == [today.replace(minute=0)]
    assert stats.backlog_parts == 0
    with db.reader(w.settings.db_path) as con:
        assert old_rows == con.execute("SELECT * FROM report_volume WHERE bucket < ? ORDER BY ALL",
                                       [END - timedelta(days=9)]).fetchall()  # fmt: skip
    notify_cycle(w.settings, now=END)
    told = w.query("SELECT DISTINCT incident_id FROM notification_log WHERE transition <> 'test'")
    assert set(told["incident_id"]) == set(new["incident_id"])


def test_a_new_sources_backfill_into_scored_days_is_counted_and_keeps_incidents(
    month, tmp_path: Path, enricher
):
    """A month processed; then a new source brings a Nordlink outage 15 days back (inside
    the scored days, older than the window). It is found, its day counts the new reports,
    and the Quillpad incidents stored before keep their ids, once each."""
    w = processed_month(month, tmp_path, enricher)
    before = w.incidents()
    old = END - timedelta(days=15, hours=2)
    stats = w.cycle(END + timedelta(minutes=5), _burst("nordlink", old, source="mastodon"))
    inc = w.incidents()
    assert set(before["incident_id"]) < set(inc["incident_id"])
    assert inc["incident_id"].is_unique
    new = inc[~inc["incident_id"].isin(before["incident_id"])]
    assert list(new["service_slug"]) == ["nordlink"]
    assert _starts(new) == [old.replace(minute=0)]
    nordlink = w.query(
        "SELECT sum(reports) AS n FROM report_volume WHERE country = '' "
        "AND service_slug = 'nordlink' AND bucket::DATE = ?::DATE",
        [old],
    )
    assert int(nordlink["n"].iloc[0]) == 16 + 40
    assert stats.backlog_from == pd.Timestamp(old).floor("5min")


def as_before_the_mark(w: Warehouse) -> Warehouse:
    """The warehouse as the releases before the backlog left it: the window scored only."""
    with db.writer(w.settings.db_path) as con:
        window = END - timedelta(days=8)
        con.execute("DELETE FROM report_volume WHERE bucket < ?", [window])
        con.execute("DELETE FROM incident_posts WHERE incident_id IN "
                    "(SELECT incident_id FROM incidents WHERE started_at < ?)", [window])  # fmt: skip
        con.execute("DELETE FROM incidents WHERE started_at < ?", [window])
        con.execute("DELETE FROM pipeline_state WHERE key = 'unscored_since'")
    return w


def test_a_warehouse_processed_before_the_backlog_was_kept_scores_its_older_days(
    month, tmp_path: Path, enricher
):
    """A warehouse whose cycles scored only their window (no mark kept): the next cycle
    scores the days report_volume does not reach back to, though it enriches nothing."""
    w = as_before_the_mark(processed_month(month, tmp_path, enricher))
    assert w.reports_on(OUTAGES[1]) == 0
    stats = w.cycle(END + timedelta(minutes=5))
    assert _starts(w.incidents()) == [t.replace(minute=0) for t in [*OUTAGES, RECENT]]
    assert w.reports_on(OUTAGES[1]) == 24 + 40
    assert stats.enriched == 0 and stats.backlog_from == START


def test_an_outage_across_two_backlog_parts_is_one_incident(tmp_path: Path, enricher):
    """The backlog's parts end 14 days before the end at 12:00: an outage from 11:40 to
    12:40 that day, left open by the first part, is rebuilt whole by the next one."""
    w = Warehouse(tmp_path / "w.duckdb", enricher)
    across = END - timedelta(days=14, minutes=20)
    posts = _every("quillpad", START, END, 60) + _burst("quillpad", across, 60, 60)
    w.cycle(END, posts)
    inc = w.incidents()
    assert len(inc) == 1, inc[["started_at", "resolved_at", "status"]]
    row = inc.iloc[0]
    assert row["status"] == "resolved"
    assert pd.Timestamp(across) <= row["started_at"] < pd.Timestamp(across) + timedelta(minutes=10)
    assert row["resolved_at"] >= pd.Timestamp(across) + timedelta(minutes=55)
    assert int(row["total_reports"]) >= 55


def test_a_reprocess_scores_again_what_it_enriched_again_and_keeps_old_incidents(
    month, tmp_path: Path, enricher
):
    """A reprocess (signals an older outagewatch wrote) enriches every post again: their
    days are scored again, and the older incidents keep their ids, once each."""
    w = processed_month(month, tmp_path, enricher)
    before = w.incidents()
    with db.writer(w.settings.db_path) as con:  # signals an older outagewatch wrote
        con.execute("UPDATE post_signals SET pipeline_version = 'older'")
    stats = w.orchestrator.run_cycle(reprocess=True, now=END + timedelta(minutes=5))
    assert stats.enriched == len(_month())
    assert stats.backlog_from == START
    after = w.incidents()
    assert list(after["incident_id"]) == list(before["incident_id"])
    assert w.reports_on(OUTAGES[0]) == 24 + 40


def _published(w: Warehouse, before: datetime) -> tuple[list[tuple], list[tuple]]:
    """The incidents started before `before` as stored (but the centroid), and their posts."""
    earlier = "SELECT incident_id FROM incidents WHERE started_at < $before"
    with db.reader(w.settings.db_path) as con:
        return (
            con.execute(
                "SELECT * EXCLUDE (centroid) FROM incidents "
                f"WHERE incident_id IN ({earlier}) ORDER BY incident_id",
                {"before": before},
            ).fetchall(),
            con.execute(
                f"SELECT * FROM incident_posts WHERE incident_id IN ({earlier}) ORDER BY ALL",
                {"before": before},
            ).fetchall(),
        )


def test_a_backfill_older_than_a_prune_is_counted_and_leaves_pruned_incidents_alone(
    month, tmp_path: Path, enricher
):
    """Review 159 #6: posts older than `prune`'s cut-off keep their signals but no text and
    no embedding. A new source's backfill reaching back before the cut-off has its reports
    counted, but the incidents of those days stay as published: rebuilt from text-less
    posts they changed (or moved to other ids)."""
    from warehouse.prune import prune_before

    w = processed_month(month, tmp_path, enricher)
    cutoff = END - timedelta(days=10)
    with db.writer(w.settings.db_path) as con:
        prune_before(con, cutoff)
    before = _published(w, cutoff)
    old = END - timedelta(days=13, hours=2)  # before the pruned outage 12 days back
    stats = w.cycle(END + timedelta(minutes=5), _burst("nordlink", old, source="mastodon"))
    assert stats.backlog_from == pd.Timestamp(old).floor("5min")
    after = _published(w, cutoff)
    assert after[0] == before[0]
    assert after[1] == before[1]
    nordlink = w.query(
        "SELECT sum(reports) AS n FROM report_volume WHERE country = '' "
        "AND service_slug = 'nordlink' AND bucket::DATE = ?::DATE",
        [old],
    )
    assert int(nordlink["n"].iloc[0]) == 16 + 40


def test_an_upgraded_warehouse_owes_from_its_oldest_problem_report_only(
    month, tmp_path: Path, enricher
):
    """Review 159 #6: a warehouse processed before the mark was kept owes what report_volume
    does not reach back to, measured from its oldest problem report: an older post that
    reports no problem (a pruned one, one praising a service) has nothing to count."""
    w = processed_month(month, tmp_path, enricher)
    early = START - timedelta(days=20)
    praise = _post("quillpad", early, 0)
    praise["text"] = "quillpad is a lovely notebook app, I use it every day"
    w.add([praise])
    with db.writer(w.settings.db_path) as con:
        con.execute("DELETE FROM pipeline_state WHERE key = 'unscored_since'")
    stats = w.cycle(END + timedelta(minutes=5))
    assert stats.enriched == 1
    assert w.query("SELECT problem FROM post_signals WHERE created_at = ?", [early])[
        "problem"
    ].tolist() == [False]
    assert stats.backlog_parts == 0 and stats.backlog_from is None


def test_a_mark_moved_back_by_another_writer_during_the_backlog_is_kept(
    month, tmp_path: Path, enricher
):
    """Review 159 #12: another process (`process` beside `run`) writes signals for a time the
    backlog already scored, while the backlog goes on: the mark it moved back stays, and the
    next cycle counts that post (the final step cleared it: that day was never counted)."""
    w = processed_month(month, tmp_path, enricher)
    old = END - timedelta(days=25, hours=7)
    late = END - timedelta(days=24, hours=1)  # in the first part, written after it
    added: list[int] = []

    def concurrent_writer(stage: str, done: int, total: int) -> None:
        if stage == "detect" and done == 1 and not added:
            w.add([_post("quillpad", late, 0, source="lemmy")])
            added.append(w.orchestrator.enrich_pending())

    w.add(_burst("nordlink", old, source="mastodon"))
    w.orchestrator.enrich_pending()
    stats = w.orchestrator.update_volume_and_incidents(
        now=END + timedelta(minutes=5), progress=concurrent_writer
    )
    assert added == [1] and stats.backlog_parts == 3
    assert w.reports_on(late) == 24  # the part had read its posts before this one came
    with db.reader(w.settings.db_path) as con:
        assert pipeline_io.unscored_since(con) == late
    w.cycle(END + timedelta(minutes=10))
    assert w.reports_on(late) == 24 + 1


def test_the_totals_count_each_post_and_incident_once_across_parts(tmp_path: Path, enricher):
    """Review 159 #13: a part reaches back to the start of the outage the part before left
    open, and rebuilds it whole: `process` said two incidents and counted that outage's
    posts twice."""
    w = Warehouse(tmp_path / "w.duckdb", enricher)
    across = END - timedelta(days=14, minutes=20)
    posts = _every("quillpad", START, END, 60) + _burst("quillpad", across, 60, 60)
    stats = w.cycle(END, posts)
    assert stats.backlog_parts == 3
    assert stats.incidents == len(w.incidents()) == 1
    problems = w.query("SELECT count(*) AS n FROM post_signals WHERE problem")["n"].iloc[0]
    assert stats.problem_posts == problems == len(posts)


def test_an_upgraded_warehouse_stopped_in_its_backlog_carries_on_from_the_part_it_reached(
    month, tmp_path: Path, enricher
):
    """With no mark kept yet, what is owed is read from report_volume, which the first part
    fills: the part's end is still written as the mark, so the parts not reached are scored
    by the next cycle."""
    w = as_before_the_mark(processed_month(month, tmp_path, enricher))

    def stopped(stage: str, done: int, total: int) -> None:
        if stage == "detect" and done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        w.orchestrator.update_volume_and_incidents(now=END + timedelta(minutes=5), progress=stopped)
    with db.reader(w.settings.db_path) as con:
        assert pipeline_io.unscored_since(con) == START + timedelta(days=8)
    assert w.reports_on(OUTAGES[1]) == 0
    w.cycle(END + timedelta(minutes=10))
    assert w.reports_on(OUTAGES[1]) == 24 + 40
