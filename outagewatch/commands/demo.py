"""`outagewatch demo`: the whole pipeline, offline, on a simulated week."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from outagewatch import __version__
from outagewatch.commands.common import (
    check_port,
    resolve,
    settings_options,
    stop_on_sigterm,
)
from outagewatch.demo.marker import DEMO_STATE_KEY
from outagewatch.errors import UserError
from outagewatch.settings import Settings
from outagewatch.sources import only
from outagewatch.times import parse_utc
from warehouse import db as warehouse_db
from warehouse import store

if TYPE_CHECKING:
    import pandas as pd

    from outagewatch.demo.truth import MatchReport


def _reset_demo_warehouse(path: Path) -> None:
    """Start from an empty file, but never delete a warehouse holding real crawled data."""
    if not path.exists():
        return
    with warehouse_db.writer(path) as con:
        marker = store.get_state(con, DEMO_STATE_KEY)
        posts = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    if posts and marker is None:
        raise UserError(
            f"{path} holds {posts} crawled posts that are not from the demo; "
            "run the demo on its own file: outagewatch demo --db data/demo.duckdb"
        )
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


# the sources the replay server serves: the demo crawls these, and no other
DEMO_SOURCES = ("mastodon", "hackernews", "statuspage", "reddit")


def demo_config(base_url: str, db_path: Path, data_dir: Path) -> str:
    """A config that points every source at the local replay server."""
    from outagewatch.demo.worldreddit import subreddits

    return f"""# Written by `outagewatch demo` for one run: every source points at its replay server.
[warehouse]
db = "{db_path.resolve()}"
data_dir = "{data_dir.resolve()}"

[crawl]
obey_robots = true
autothrottle = false
download_delay = 0
concurrent_requests_per_domain = 8

[sources.mastodon]
enabled = true
instances = ["{base_url}"]
modes = ["public"]
page_limit = 40
max_pages = 100000

[sources.hackernews]
enabled = true
base_url = "{base_url}"
queries = [""]
max_pages = 1000

[sources.statuspage]
enabled = true
base_url = "{base_url}/status"
all_services = true

[sources.reddit]
enabled = true
auth_url = "{base_url}"
base_url = "{base_url}"
subreddits = {json.dumps(subreddits())}
user_agent = "python:outagewatch-demo:{__version__} (by /u/outagewatch-demo)"
max_pages = 10
terms_per_run = 0   # a local replay: every search and listing in the one crawl

# every other source is off: the replay serves none of them, and the real ones must not be
# reached (a source registered later too: outagewatch/sources.py)
{only(DEMO_SOURCES)}"""


@click.command()
@settings_options
@click.option("--seed", type=int, default=7, show_default=True, help="Seed of the simulated world.")
@click.option("--days", type=int, default=7, show_default=True, help="Days of simulated posts.")
@click.option("--end", default=None, help="End of the simulated week (ISO, UTC); default now.")
@click.option("--scale", type=float, default=1.0, show_default=True, help="Multiply post volume.")
@click.option("--no-dashboard", is_flag=True, help="Do not start the dashboard at the end.")
@click.option("--port", type=int, default=8501, show_default=True, help="Dashboard port.")
def demo(
    config: str | None,
    db: str | None,
    seed: int,
    days: int,
    end: str | None,
    scale: float,
    no_dashboard: bool,
    port: int,
) -> None:
    """Simulate a week of public posts, crawl it offline with the real spiders, detect
    incidents, and compare them with the injected truth.

    \b
    Examples:
      outagewatch demo
      outagewatch demo --no-dashboard --days 3 --seed 11
    """
    if days < 1 or days > 60:
        raise UserError(f"--days must be between 1 and 60, not {days}")
    if not 0 < scale <= 20:  # 20x is ~330,000 posts a week: past that, a bench, not a demo
        raise UserError(f"--scale must be above 0 and at most 20, not {scale:g}")
    end_at = _parse_end(end)
    if not 1 <= port <= 65535:  # said with --no-dashboard too: the option is wrong either way
        raise UserError(f"--port must be between 1 and 65535, not {port}")
    if not no_dashboard:
        check_port("127.0.0.1", port)  # now, not after a minute of demo

    stop_on_sigterm()
    from crawlers.runner import run_crawl
    from outagewatch.demo.marker import REPLAY_CLOCK
    from outagewatch.demo.replay_server import serve
    from outagewatch.demo.simulate import simulate
    from outagewatch.demo.truth import format_table, match_incidents
    from outagewatch.orchestrator import Orchestrator
    from outagewatch.progress import stage_progress

    settings = resolve(config, db)
    console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    world = simulate(seed=seed, days=days, end=end_at, scale=scale)  # ~0.6 s for a week
    server, base_url = serve(world)
    try:
        demo_settings = _replay_settings(base_url, settings.db_path, settings.data_dir)
        demo_settings.pipeline = dict(settings.pipeline)  # the stages the config swaps in
        # the stages are built once, here, with the demo's catalog: a [pipeline] path that
        # cannot be used stops the demo now, before its warehouse is reset and its crawl
        orchestrator = Orchestrator(demo_settings)
        _reset_demo_warehouse(settings.db_path)
        console.print(
            f"[bold]Simulated[/bold] {len(world.posts):,} posts about {len(world.services)} "
            f"services, {sum(1 for t in world.truth if t.kind == 'outage')} injected outages, "
            f"ending {world.end:%Y-%m-%d %H:%M} UTC"
        )
        warehouse_db.ensure(settings.db_path)
        with warehouse_db.writer(settings.db_path) as con:
            store.set_state(
                con, DEMO_STATE_KEY, f"seed={seed};days={days};end={world.end.isoformat()}"
            )
            store.set_state(con, REPLAY_CLOCK, world.end.isoformat())
        seen: dict[str, int] = {}

        def crawl_progress(source: str, stats: dict) -> None:
            seen[source] = stats.get("posts_new", 0) + stats.get("posts_dup", 0)
            # a post found twice (a Reddit search and its community) counts once at most
            progress("crawl", min(sum(seen.values()), len(world.posts)), len(world.posts))

        with stage_progress() as progress, _replay_credentials():
            crawl_stats = run_crawl(
                demo_settings,
                sources=list(DEMO_SOURCES),
                services=list(world.services),
                progress=crawl_progress,
            )
            cycle = orchestrator.run_cycle(now=world.end, progress=progress)
    finally:
        server.shutdown()
    for source, stats in sorted(crawl_stats.items()):
        console.print(
            f"crawl {source}: {stats.get('requests', 0)} requests, {stats.get('posts_new', 0)} new posts, "
            f"{stats.get('official_new', 0)} official incidents, {stats.get('errors', 0)} errors"
        )
    reports, report_posts = problem_report_counts(settings.db_path)
    console.print(
        f"processed {cycle.enriched:,} posts: {reports:,} problem reports (a post about two "
        f"services counts for each; {report_posts:,} posts), "
        f"{cycle.incidents} incidents ({cycle.open_incidents} open)"
    )
    report = match_incidents(detected_incidents(settings.db_path), world)
    # Piped output has no terminal width; keep the table readable in logs and CI.
    out = Console(width=None if sys.stdout.isatty() else 160)
    out.print(format_table(report))
    note = warmup_note(report, world.start, days)
    if note:
        out.print(note, markup=False, highlight=False)
    from outagewatch.notify import demo_settings, notify_cycle

    notified = notify_cycle(demo_settings(settings, days), now=world.end)
    for line in notified.lines():
        console.print(line, markup=False, highlight=False)
    if any(m.transition == "resolved" for m in notified.messages):
        console.print(
            f"(the demo processes its {days} simulated day{'s' if days != 1 else ''} in one go, "
            "so an incident already over gets one "
            '"resolved" recap; `outagewatch run` announces each as it opens, worsens, is '
            "acknowledged and resolves)",
            markup=False,
            highlight=False,
        )
    if not no_dashboard:
        from outagewatch.commands.dashboard import serve_dashboard

        console.print(f"Dashboard: http://localhost:{port}  (Ctrl-C to stop)")
        serve_dashboard(settings.db_path, port=port, now=world.end)


def problem_report_counts(db_path: Path) -> tuple[int, int]:
    """Problem reports counted as `outagewatch status` and the README count them: one per
    post and service, and the posts behind them."""
    from outagewatch.commands.status import COUNTS

    with warehouse_db.reader(db_path) as con:
        pairs = con.execute(COUNTS["problem reports (post × service)"]).fetchone()[0]
        posts = con.execute(COUNTS["posts that are problem reports"]).fetchone()[0]
    return int(pairs), int(posts)


def detected_incidents(db_path: Path) -> pd.DataFrame:
    """The incidents to score against the truth, with their main countries and top symptom:
    two problems of one service that start together (Netflix in Brazil and in Japan) are
    told apart by where and what, not by which row comes first."""
    with warehouse_db.reader(db_path) as con:
        return con.execute(
            "SELECT incident_id, service_slug, title, started_at, detected_at, resolved_at, "
            "common_upstream, main_countries AS countries, top_symptom "
            "FROM incident_summary ORDER BY started_at, service_slug, incident_id"
        ).df()


@contextmanager
def _replay_credentials() -> Iterator[None]:
    """The replay server's Reddit client for the crawl's children, and the user's own (if
    any) back afterwards: they are never sent anywhere in a demo."""
    from outagewatch.demo.reddit_api import DEMO_CLIENT

    names = ("REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(zip(names, DEMO_CLIENT, strict=True))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _replay_settings(base_url: str, db_path: Path, data_dir: Path) -> Settings:
    """Settings pointing every source at this run's replay server. Its config file lives
    only while it is read: left in the data folder it named a port that is closed once the
    demo ends, and the next demo in that folder overwrote it."""
    with tempfile.TemporaryDirectory(prefix="outagewatch-demo-") as folder:
        config_path = Path(folder) / "demo.toml"
        config_path.write_text(demo_config(base_url, db_path, data_dir))
        return resolve(str(config_path), str(db_path))


def warmup_note(report: MatchReport, start: datetime, days: int) -> str | None:
    """Why recall is low when outages were missed in the world's first day: the detector
    then has no day of history to learn each service's normal volume from, and its
    slow-ramp rule is off, so those misses say little about detection on a full week."""
    import pandas as pd

    from nlp.detect.burst import BurstSettings

    hours = BurstSettings().window_warmup_hours
    rows = report.rows
    if rows.empty:
        return None
    missed = rows[rows["matched_incident"].isna()]
    early = missed[pd.to_datetime(missed["truth_start"]) < start + timedelta(hours=hours)]
    if early.empty:
        return None
    pairs = ", ".join(f"{t} {s}" for t, s in zip(early["truth_id"], early["service"], strict=True))
    return (
        f"note: {len(early)} of the {len(missed)} missed outage-service pairs ({pairs}) started in "
        f"the first {hours:g} h of the {days}-day simulated world, before the detector had a "
        f"day of posts to learn each service's normal volume from (it looks for slow ramps "
        f"only after {hours:g} h): misses there say little about detection on a longer run. "
        "Simulate more days (the default is 7) for a fair figure."
    )


def _parse_end(end: str | None) -> datetime | None:
    if end is None:
        return None
    try:
        return parse_utc(end)
    except ValueError:
        raise UserError(f"bad --end {end!r}: use ISO 8601, e.g. 2026-11-20T12:00") from None
