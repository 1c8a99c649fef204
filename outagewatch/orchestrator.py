"""The one orchestrator: move data warehouse → nlp → warehouse, one short write at a time.

A cycle is idempotent and incremental:
1. enrich posts that have no signals yet (or all of them with ``reprocess``), in batches;
   each batch's signals are written in one transaction, so a killed cycle loses nothing and
   the next cycle simply carries on;
2. recount problem reports per service/country/5-minute bucket over the recent window and
   score them against each service's baseline;
3. rebuild the incidents of the recent window from the scored volume and the problem posts.
Steps 2 and 3 run first over any backlog: older problem reports whose signals were written
since their time was scored (``pipeline_io.unscored_since``), part by part, each part as the
cycle at its end would have run.
The heavy computation happens with no database connection open, so readers are never
locked out for long.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from outagewatch.catalog import Service, catalog_fingerprint, configured_catalog
from outagewatch.demo.marker import REPLAY_CLOCK
from outagewatch.settings import DEFAULT_PIPELINE, ConfigError, Settings
from warehouse import db, pipeline_io, store

Progress = Callable[[str, int, int], None]


@dataclass
class CycleSettings:
    batch_size: int = 2000
    history_days: int = 28  # what the baseline learns from
    rebuild_days: int = 8  # incidents recomputed over this recent window
    backlog_days: int = 8  # older posts not yet scored: one cycle per this many days


@dataclass
class CycleStats:
    enriched: int = 0
    problem_posts: int = 0  # in the scored ranges, each post once
    volume_rows: int = 0
    incidents: int = 0  # what the rebuild found in the window (and the backlog's parts), once each
    open_incidents: int = 0
    kept: int = 0  # published before, no longer found, kept closed (see `vanished`)
    backlog_from: datetime | None = None  # older posts scored first, from this bucket on
    backlog_parts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # the ids behind `incidents`: a part rebuilds the outage the part before left open
    incident_ids: set[str] = field(default_factory=set, repr=False)


def _noop(stage: str, done: int, total: int) -> None:
    return None


class Orchestrator:
    """Runs processing cycles over one warehouse file."""

    def __init__(
        self,
        settings: Settings,
        catalog: tuple[Service, ...] | None = None,
        enricher: Any | None = None,
        cycle: CycleSettings | None = None,
        *,
        clusterer: Any | None = None,
        title: Any | None = None,
    ) -> None:
        """``enricher``, ``clusterer`` and ``title`` (nlp.incidents.Titler) swap those stages
        from Python; left None, they are the ones the settings' [pipeline] table names
        (settings.DEFAULT_PIPELINE: the built-in defaults)."""
        self.settings = settings
        self.catalog = catalog or configured_catalog(settings)
        self.cycle = cycle or CycleSettings()
        self._enricher = enricher
        # checked now, not at the first batch: a bad [pipeline] path stops a command at once;
        # the stages given from Python are not built from it (a model would load for nothing)
        given = {"clusterer": clusterer, "title": title}
        skip = {name for name, stage in given.items() if stage is not None}
        stages = pipeline_stages(settings, self.catalog, skip, enrich=enricher is None)
        self._enrich_stages = stages["enrich"]
        swapped = stages["incidents"]
        self.incident_stages = {
            "clusterer": swapped.get("clusterer") if clusterer is None else clusterer,
            "title": swapped.get("title") if title is None else title,
        }

    @property
    def enricher(self) -> Any:
        if self._enricher is None:
            from nlp.enrich.pipeline import Enricher

            self._enricher = Enricher(self.catalog, **self._enrich_stages)
        return self._enricher

    def sync_catalog(self) -> None:
        """Mirror the catalog into `services`, only when it changed since the last cycle."""
        fingerprint = catalog_fingerprint(self.catalog)
        with db.writer(self.settings.db_path) as con:
            if store.get_state(con, CATALOG_STATE) != fingerprint:
                store.sync_services(con, self.catalog)
                store.set_state(con, CATALOG_STATE, fingerprint)

    def enrich_pending(self, reprocess: bool = False, progress: Progress = _noop) -> int:
        # Only a reprocess needs the version to count what is pending: an ordinary cycle with
        # nothing new builds no enricher (its model, lexicons and patterns: about 5 s of CPU, each
        # quiet `process` and each `run` cycle before the first post)
        with db.reader(self.settings.db_path) as con:
            counted_by = self.enricher.version if reprocess else ""
            total = pipeline_io.count_pending(con, counted_by, reprocess)
        progress("enrich", 0, total)
        if not total:
            return 0
        version, done = self.enricher.version, 0
        while done < total:
            with db.reader(self.settings.db_path) as con:
                batch = pipeline_io.pending_posts(con, version, self.cycle.batch_size, reprocess)
            if batch.empty:
                break
            enriched = self.enricher.enrich(batch)
            with db.writer(self.settings.db_path) as con:
                pipeline_io.write_signals(con, enriched, batch["created_at"], version)
            done += len(batch)
            progress("enrich", min(done, total), total)
        return done

    def update_volume_and_incidents(
        self, now: datetime | None = None, keep_vanished: bool = True, progress: Progress = _noop
    ) -> CycleStats:
        """Re-score the recent window and rebuild its incidents, after any backlog: older
        posts whose signals were written since their time was last scored (the first
        processing of a month's crawl, a new source's backfill, a reprocess), scored part
        by part as cycles at each part's end would have. ``keep_vanished``: an incident
        earlier cycles stored and this rebuild no longer finds is kept (closed), as
        ordinary cycles do; a reprocess (new rules, model or catalog) passes False, so the
        recent window is replaced whole and incidents the change made wrong go (a backlog
        part always keeps them: what went out about an old outage is not withdrawn)."""
        stats = CycleStats()
        with db.reader(self.settings.db_path) as con:
            first, last = pipeline_io.data_time_range(con)
            if last is None:
                return stats
            # the machine's clock, not the newest post's: a post dated ahead (up to a day of
            # clock skew is stored) would move every cycle into its future (review 135 #6)
            now = now or _clock(con) or store.utcnow()
            owed = pipeline_io.unscored_since(con)
            pruned = _ceil(pipeline_io.pruned_before(con))
        window = max(first, now - timedelta(days=self.cycle.rebuild_days))
        parts = backlog_parts(owed, window, self.cycle.backlog_days, pruned)
        progress("detect", 0, len(parts) + 1)
        mark = owed  # the mark as this loop found it, then as it last wrote it
        for i, (start, end) in enumerate(parts):
            # before `prune`'s cut-off, posts keep their signals but no text nor embedding:
            # the counts are rebuilt, the incidents published from the full posts stay
            volume_only = pruned is not None and end <= pruned
            self._rebuild(first, start, end, stats, until=end, mark=mark, volume_only=volume_only)
            mark = end
            progress("detect", i + 1, len(parts) + 1)
        if parts:
            stats.backlog_from, stats.backlog_parts = parts[0][0], len(parts)
        self._rebuild(first, window, now, stats, keep_vanished=keep_vanished, mark=mark)
        progress("detect", len(parts) + 1, len(parts) + 1)
        return stats

    def _rebuild(
        self,
        first: datetime,
        start: datetime,
        now: datetime,
        stats: CycleStats,
        *,
        until: datetime | None = None,
        keep_vanished: bool = True,
        mark: datetime | None = None,
        volume_only: bool = False,
    ) -> None:
        """One cycle's work at clock ``now``: score [start, until) (to ``now`` without
        ``until``, the recent window) against the history_days before ``now``, and rebuild
        the incidents that started in it or are open (not with ``volume_only``). A backlog
        part is the cycle its end would have run, its incidents resolved or open as they
        stood then. ``mark``: the owed mark as the caller last saw it (see scored_until)."""
        from nlp.detect import AlertSettings, score_volume
        from nlp.incidents import IncidentSettings, build_incidents, vanished, window_start

        history_start = max(first, now - timedelta(days=self.cycle.history_days))
        if volume_only:
            with db.reader(self.settings.db_path) as con:
                counts = pipeline_io.problem_counts(con, history_start, until=now)
                stats.problem_posts += pipeline_io.count_problem_posts(con, start, until, now)
            scored = score_volume(
                counts, start=_floor(history_start), end=_floor(now), services=self.catalog
            )
            window = (scored["bucket"] >= start) & (scored["bucket"] < until)
            with db.writer(self.settings.db_path) as con:
                pipeline_io.replace_report_volume(con, scored[window], start, until)
                pipeline_io.scored_until(con, until, mark)
            stats.volume_rows += int(window.sum())
            return
        with db.reader(self.settings.db_path) as con:
            # an outage the part before left open is rebuilt whole, from its start
            going = pipeline_io.open_since(
                con, start - timedelta(days=self.cycle.rebuild_days), start
            )
            reach = min(start, going) if going is not None else start
            rebuild_floor = _floor(reach)
            # every incident the cycle replaces (from the 5-minute floor), so each is
            # compared with its stored self (its id carried, its updated_at kept)
            previous = pipeline_io.recent_incidents(con, rebuild_floor, until)
            # Open incidents are rebuilt whole, so their posts must be loaded from their start.
            posts_start = min(
                reach,
                window_start(previous, pd.Timestamp(now), IncidentSettings()).to_pydatetime(),
            )
            counts = pipeline_io.problem_counts(con, history_start, until=now)
            loud = pipeline_io.loud_buckets(con, rebuild_floor, AlertSettings().off, until)
            official = pipeline_io.official_incidents(con, posts_start)
            posts = pipeline_io.problem_posts(con, posts_start, until=now)
            # what this range adds to the totals: the posts before it were counted already
            stats.problem_posts += pipeline_io.count_problem_posts(con, start, until, now)
        scored = score_volume(
            counts, start=_floor(history_start), end=_floor(now), services=self.catalog
        )
        frames = build_incidents(
            scored,
            posts,
            official,
            self.catalog,
            now,
            previous=previous,
            since=rebuild_floor,
            **self.incident_stages,
        )
        if until is not None:  # a part's clock is its end: what starts then is the next one's
            frames = _started_before(frames, until)
        # what earlier cycles published and this rebuild no longer finds stays (closed)
        kept = vanished(previous, frames.incidents, rebuild_floor, now, loud)
        if not keep_vanished:
            kept = kept.iloc[:0]
        tables = frames.as_dict()
        if len(kept):
            tables["incidents"] = pd.concat([frames.incidents, kept], ignore_index=True)
        window = scored["bucket"] >= rebuild_floor
        if until is not None:
            window &= scored["bucket"] < until
        with db.writer(self.settings.db_path) as con:
            pipeline_io.replace_report_volume(con, scored[window], rebuild_floor, until)
            pipeline_io.replace_incidents(
                con,
                tables,
                rebuild_floor,
                kept=list(kept["incident_id"]) if len(kept) else [],
                until=until,
            )
            pipeline_io.scored_until(con, until, mark)
        stats.volume_rows += int(window.sum())
        stats.incident_ids.update(frames.incidents["incident_id"])
        stats.incidents = len(stats.incident_ids)
        stats.kept += len(kept)
        if until is None and len(frames.incidents):
            stats.open_incidents = int((frames.incidents["status"] == "open").sum())

    def run_cycle(
        self, reprocess: bool = False, now: datetime | None = None, progress: Progress = _noop
    ) -> CycleStats:
        self.sync_catalog()
        enriched = self.enrich_pending(reprocess=reprocess, progress=progress)
        stats = self.update_volume_and_incidents(
            now=now, keep_vanished=not reprocess, progress=progress
        )
        stats.enriched = enriched
        return stats


CATALOG_STATE = "catalog_sha256"


def pipeline_stages(
    settings: Settings,
    catalog: tuple[Service, ...],
    skip: Collection[str] = (),
    *,
    enrich: bool = True,
) -> dict[str, dict[str, Any]]:
    """The stages the settings' [pipeline] table swaps in, as keyword arguments for the
    Enricher ("enrich") and build_incidents ("incidents"); empty for the defaults. Not built:
    the stages named in ``skip``, and the enrichment ones unless ``enrich``. Raises
    ConfigError naming the path and what is wrong with it."""
    if settings.pipeline == DEFAULT_PIPELINE:
        return {"enrich": {}, "incidents": {}}  # no import of the stage machinery
    from nlp.stages import STAGES, StageError, configured_stages

    paths = {
        name: path
        for name, path in settings.pipeline.items()
        if name not in skip and (enrich or name not in STAGES or STAGES[name].part != "enrich")
    }
    try:
        return configured_stages(paths, DEFAULT_PIPELINE, catalog)
    except StageError as exc:
        raise ConfigError(str(exc)) from None


def _clock(con) -> datetime | None:
    """A replayed warehouse (the demo) runs on the clock of its simulated world."""
    value = store.get_state(con, REPLAY_CLOCK)
    return datetime.fromisoformat(value) if value else None


def backlog_parts(
    owed: datetime | None, window: datetime, days: int, pruned: datetime | None = None
) -> list[tuple[datetime, datetime]]:
    """The parts, ``days`` long (the last one shorter), between the oldest post time not yet
    scored and the recent window: scored one at a time, so a month's backlog costs a few
    ordinary cycles' memory each, not one pass over all of it. A part ends at ``pruned``
    (prune's cut-off, on a 5-minute bucket's edge), so none holds both pruned and whole
    posts."""
    if owed is None:
        return []
    start, end = _floor(owed), _floor(window)
    parts = []
    while start < end:
        stop = min(start + timedelta(days=days), end)
        if pruned is not None and start < pruned < stop:
            stop = pruned
        parts.append((start, stop))
        start = stop
    return parts


def _started_before(frames: Any, until: datetime) -> Any:
    """The incidents (and their posts, regions, symptoms) that started before ``until``."""
    ids = set(frames.incidents.loc[frames.incidents["started_at"] < until, "incident_id"])
    if len(ids) == len(frames.incidents):
        return frames
    return type(frames)(
        **{name: table[table["incident_id"].isin(ids)] for name, table in frames.as_dict().items()}
    )


def _floor(t: datetime) -> datetime:
    return pd.Timestamp(t).floor("5min").to_pydatetime()


def _ceil(t: datetime | None) -> datetime | None:
    """The end of the 5-minute bucket ``t`` falls in (``t`` itself on an edge)."""
    return None if t is None else pd.Timestamp(t).ceil("5min").to_pydatetime()
