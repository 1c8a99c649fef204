"""`outagewatch prune`: remove the raw text of old posts, keep counts and incidents."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import click

from outagewatch.commands.common import resolve, settings_options
from outagewatch.errors import UserError

AGE = re.compile(r"\s*(\d+)\s*([dwmy])\s*", re.IGNORECASE)
DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
# Processing rebuilds the incidents of the last 8 days (longer for one still open) from
# the posts' text; keep a month of text so a rebuild never meets a pruned post (a backlog
# older than the cut-off rescores the counts only: orchestrator, review 159 #6).
MIN_DAYS = 30
# A thousand years: older than any post, and still a date the cutoff can be computed for.
MAX_DAYS = 365_000


def parse_age(text: str) -> timedelta:
    """'90d', '12w', '6m' (30-day months), '1y' -> a timedelta of at least MIN_DAYS."""
    match = AGE.fullmatch(text or "")
    if not match:
        raise UserError(
            f"bad --older-than {text!r}: use a number of days, weeks, months or "
            "years, e.g. 90d, 12w, 6m, 1y"
        )
    days = int(match.group(1)) * DAYS[match.group(2).lower()]
    if days > MAX_DAYS:
        raise UserError(
            f"--older-than {text.strip()} is too long: at most 1000y (no post is older); "
            "e.g. 90d, 12w, 6m (months), 1y"
        )
    if days < MIN_DAYS:
        raise UserError(
            f"--older-than {text.strip()} is too short: keep at least {MIN_DAYS}d "
            "(recent incidents are rebuilt from their posts' text)"
        )
    return timedelta(days=days)


@click.command()
@settings_options
@click.option(
    "--older-than",
    "older_than",
    required=True,
    help="Age of the posts to prune: 90d, 12w, 6m, 1y (at least 30d). m is months (30 "
    "days) here; in crawl --since and run --every it is minutes.",
)
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
def prune(config: str | None, db: str | None, older_than: str, dry_run: bool) -> None:
    """Remove the raw text, URL, author hash and location of posts older than a cut-off,
    and their embeddings. Signals, report volume and incidents are kept, so every count
    and chart stays the same.

    \b
    Examples:
      outagewatch prune --older-than 90d
      outagewatch prune --older-than 6m --dry-run --db data/outagewatch.duckdb
    """
    from warehouse import db as warehouse_db
    from warehouse.prune import count_prunable, prune_before

    age = parse_age(older_than)
    settings = resolve(config, db)
    cutoff = datetime.now(UTC).replace(tzinfo=None) - age
    if dry_run:
        with warehouse_db.reader(settings.db_path) as con:
            result = count_prunable(con, cutoff)
        verb = "would prune"
    else:
        if not settings.db_path.exists():
            raise UserError(f"no warehouse at {settings.db_path}: nothing to prune")
        with warehouse_db.writer(settings.db_path) as con:
            result = prune_before(con, cutoff)
        verb = "pruned"
    click.echo(
        f"{verb} posts created before {cutoff:%Y-%m-%d %H:%M} UTC: raw text of "
        f"{result.posts_pruned:,} processed posts, {result.posts_removed:,} unprocessed posts, "
        f"{result.embeddings_deleted:,} embeddings; counts and incidents kept"
    )
