"""`outagewatch process`: enrich new posts, recount report volume, rebuild incidents."""

from __future__ import annotations

from collections.abc import Callable

import click

from outagewatch.commands.common import migrate_saying_so, resolve, settings_options
from outagewatch.errors import UserError
from outagewatch.progress import stage_progress
from outagewatch.words import plural

# Each post once, as `status` words it: its "problem reports" are post x service, and the
# demo's line gives both ("1,536 problem reports (...; 1,530 posts)").
PROBLEM_POSTS = ("post that is a problem report", "posts that are problem reports")


@click.command()
@settings_options
@click.option(
    "--reprocess",
    is_flag=True,
    help="Also recompute the posts enriched by another pipeline version: after a model, rule, "
    "retrained weights or catalog change (posts already at this version are kept). The last "
    "8 days' incidents are replaced whole: one the change no longer finds is deleted, even "
    "if it was announced.",
)
def process(config: str | None, db: str | None, reprocess: bool) -> None:
    """Enrich posts that have no signals yet, then update report volume and incidents.

    Safe to re-run and to interrupt: each batch is written in one transaction and the next
    run carries on where this one stopped.

    \b
    Examples:
      outagewatch process
      outagewatch process --reprocess --db data/outagewatch.duckdb
    """
    from outagewatch.orchestrator import Orchestrator

    settings = resolve(config, db)
    if not settings.db_path.exists():
        # a mistyped --db would otherwise make a second, empty warehouse and "succeed"
        raise UserError(
            f"no warehouse at {settings.db_path}: run `outagewatch crawl` (or `outagewatch demo`)"
            " first, or check --db"
        )
    migrate_saying_so(settings)
    with stage_progress() as progress:
        stats = Orchestrator(settings).run_cycle(
            reprocess=reprocess, progress=say_nothing_to_enrich(progress)
        )
    click.echo(
        f"enriched {plural(stats.enriched, 'post')}; "
        f"{plural(stats.problem_posts, *PROBLEM_POSTS)} in the "
        f"{'backlog and the ' if stats.backlog_parts else ''}window; "
        f"{plural(stats.incidents, 'incident')} ({stats.open_incidents:,} open)"
        + (
            f"; {plural(stats.kept, 'earlier incident')} no longer found, kept (closed)"
            if stats.kept
            else ""
        )
        + (
            f"; older posts scored first, from {stats.backlog_from:%Y-%m-%d %H:%M} UTC"
            f" ({plural(stats.backlog_parts, 'part')})"
            if stats.backlog_from is not None
            else ""
        )
    )


Progress = Callable[[str, int, int], None]


def say_nothing_to_enrich(progress: Progress) -> Progress:
    """`progress` without an empty enrich bar: "Enriching posts 0/1" reads as one post
    waiting, so no pending post is said in words instead."""

    def update(stage: str, done: int, total: int) -> None:
        if stage == "enrich" and total == 0:
            click.echo("nothing to enrich: no post is waiting for signals", err=True)
            return
        progress(stage, done, total)

    return update
