"""The one orchestrator: move data warehouse → nlp → warehouse, one short write at a time.

A cycle is idempotent and incremental:
1. enrich posts that have no signals yet (or all of them with ``reprocess``), in batches;
   each batch's signals are written in one transaction, so a killed cycle loses nothing and
   the next cycle simply carries on;
2. recount problem reports per service/country/5-minute bucket over the recent window and
   score them against each service's baseline;
3. rebuild the incidents of the recent window from the scored volume and the problem posts.
The heavy computation happens with no database connection open, so readers are never
locked out for long.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from outagewatch.catalog import Service, catalog_fingerprint, configured_catalog
from outagewatch.demo.marker import REPLAY_CLOCK
from outagewatch.settings import Settings
from warehouse import db, pipeline_io, store

Progress = Callable[[str, int, int], None]


@dataclass
class CycleSettings:
    batch_size: int = 2000
    history_days: int = 28  # what the baseline learns from
    rebuild_days: int = 8  # incidents recomputed over this recent window


@dataclass
class CycleStats:
    enriched: int = 0
    problem_posts: int = 0
    volume_rows: int = 0
    incidents: int = 0  # what the rebuild found in the window
    open_incidents: int = 0
    kept: int = 0  # published before, no longer found, kept closed (see `vanished`)
    seconds: dict[str, float] = field(default_factory=dict)


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
    ) -> None:
        self.settings = settings
        self.catalog = catalog or configured_catalog(settings)
        self._enricher = enricher
        self.cycle = cycle or CycleSettings()

    @property
    def enricher(self) -> Any:
        if self._enricher is None:
            from nlp.enrich.pipeline import Enricher

            self._enricher = Enricher(self.catalog)
        return self._enricher

    def sync_catalog(self) -> None:
        """Mirror the catalog into `services`, only when it changed since the last cycle."""
        fingerprint = catalog_fingerprint(self.catalog)
        with db.writer(self.settings.db_path) as con:
            if store.get_state(con, CATALOG_STATE) != fingerprint:
                store.sync_services(con, self.catalog)
                store.set_state(con, CATALOG_STATE, fingerprint)

    def enrich_pending(self, reprocess: bool = False, progress: Progress = _noop) -> int:
        version = self.enricher.version
        with db.reader(self.settings.db_path) as con:
            total = pipeline_io.count_pending(con, version, reprocess)
        done = 0
        progress("enrich", 0, total)
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
        self, now: datetime | None = None, keep_vanished: bool = True
    ) -> CycleStats:
        """Re-score the recent window and rebuild its incidents. ``keep_vanished``: an
        incident earlier cycles stored and this rebuild no longer finds is kept (closed), as
        ordinary cycles do; a reprocess (new rules, model or catalog) passes False, so the
        window is replaced whole and incidents the change made wrong go."""
        from nlp.detect import AlertSettings, score_volume
        from nlp.incidents import IncidentSettings, build_incidents, vanished, window_start

        stats = CycleStats()
        with db.reader(self.settings.db_path) as con:
            first, last = pipeline_io.data_time_range(con)
            if last is None:
                return stats
            # the machine's clock, not the newest post's: a post dated ahead (up to a day of
            # clock skew is stored) would move every cycle into its future (review 135 #6)
            now = now or _clock(con) or store.utcnow()
            history_start = max(first, now - timedelta(days=self.cycle.history_days))
            rebuild_start = max(first, now - timedelta(days=self.cycle.rebuild_days))
            # every incident the cycle replaces (from the 5-minute floor), so each is
            # compared with its stored self (its id carried, its updated_at kept)
            previous = pipeline_io.recent_incidents(con, _floor(rebuild_start))
            # Open incidents are rebuilt whole, so their posts must be loaded from their start.
            posts_start = min(
                rebuild_start,
                window_start(previous, pd.Timestamp(now), IncidentSettings()).to_pydatetime(),
            )
            counts = pipeline_io.problem_counts(con, history_start, until=now)
            loud = pipeline_io.loud_buckets(con, _floor(rebuild_start), AlertSettings().off)
            official = pipeline_io.official_incidents(con, posts_start)
            posts = pipeline_io.problem_posts(con, posts_start, until=now)
        scored = score_volume(
            counts, start=_floor(history_start), end=_floor(now), services=self.catalog
        )
        rebuild_floor = _floor(rebuild_start)
        frames = build_incidents(
            scored, posts, official, self.catalog, now, previous=previous, since=rebuild_floor
        )
        # what earlier cycles published and this rebuild no longer finds stays (closed)
        kept = vanished(previous, frames.incidents, rebuild_floor, now, loud)
        if not keep_vanished:
            kept = kept.iloc[:0]
        tables = frames.as_dict()
        if len(kept):
            tables["incidents"] = pd.concat([frames.incidents, kept], ignore_index=True)
        with db.writer(self.settings.db_path) as con:
            pipeline_io.replace_report_volume(
                con, scored[scored["bucket"] >= rebuild_floor], rebuild_floor
            )
            pipeline_io.replace_incidents(
                con, tables, rebuild_floor, kept=list(kept["incident_id"]) if len(kept) else []
            )
        stats.problem_posts = len(posts)
        stats.volume_rows = int((scored["bucket"] >= rebuild_floor).sum())
        stats.incidents = len(frames.incidents)
        stats.kept = len(kept)
        if len(frames.incidents):
            stats.open_incidents = int((frames.incidents["status"] == "open").sum())
        return stats

    def run_cycle(
        self, reprocess: bool = False, now: datetime | None = None, progress: Progress = _noop
    ) -> CycleStats:
        self.sync_catalog()
        enriched = self.enrich_pending(reprocess=reprocess, progress=progress)
        progress("detect", 0, 1)
        stats = self.update_volume_and_incidents(now=now, keep_vanished=not reprocess)
        progress("detect", 1, 1)
        stats.enriched = enriched
        return stats


CATALOG_STATE = "catalog_sha256"


def _clock(con) -> datetime | None:
    """A replayed warehouse (the demo) runs on the clock of its simulated world."""
    value = store.get_state(con, REPLAY_CLOCK)
    return datetime.fromisoformat(value) if value else None


def _floor(t: datetime) -> datetime:
    return pd.Timestamp(t).floor("5min").to_pydatetime()
