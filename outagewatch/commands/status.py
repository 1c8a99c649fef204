"""`outagewatch status`: what is in the warehouse and how fresh it is."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from outagewatch.commands.common import resolve, settings_options
from warehouse import db as _db_module

COUNTS = {
    "posts": "SELECT count(*) FROM posts",
    "posts processed": "SELECT count(*) FROM post_signals",
    "problem reports": "SELECT count(*) FROM post_signals WHERE problem",
    "official incidents": "SELECT count(*) FROM official_incidents",
    "incidents": "SELECT count(*) FROM incidents",
    "open incidents": "SELECT count(*) FROM incidents WHERE status = 'open'",
}


@click.command()
@settings_options
@click.option("--check", is_flag=True, help="Also verify the warehouse's integrity; exit 1 if broken.")
def status(config: str | None, db: str | None, check: bool) -> None:
    """Counts, last crawl per source, and the incidents open now.

    \b
    Examples:
      outagewatch status
      outagewatch status --check --db data/outagewatch.duckdb
    """
    settings = resolve(config, db)
    console = Console()
    with _db.reader(settings.db_path) as con:
        counts = {name: con.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}
        crawls = con.execute(
            "SELECT source, last_crawl, requests, posts_new, posts_dup, errors "
            "FROM crawl_status ORDER BY source"
        ).fetchall()
        open_rows = con.execute(
            "SELECT service_name, title, severity, started_at, total_reports "
            "FROM active_incidents ORDER BY started_at"
        ).fetchall()
        problems = _integrity(con) if check else []
    console.print(f"[bold]Warehouse[/bold] {settings.db_path}")
    table = Table("what", "count")
    for name, value in counts.items():
        table.add_row(name, f"{value:,}")
    console.print(table)
    if crawls:
        t = Table("source", "last crawl (UTC)", "requests", "new", "dup", "errors", title="Crawls")
        for row in crawls:
            t.add_row(row[0], str(row[1])[:19], *(str(v) for v in row[2:]))
        console.print(t)
    else:
        console.print("no crawl yet: run `outagewatch crawl` or `outagewatch demo`")
    if open_rows:
        t = Table("service", "incident", "severity", "since (UTC)", "reports", title="Open incidents")
        for row in open_rows:
            t.add_row(row[0] or "", row[1] or "", row[2] or "", str(row[3])[:16], str(row[4]))
        console.print(t)
    else:
        console.print("no open incidents")
    if check:
        if problems:
            for p in problems:
                console.print(f"[red]integrity problem:[/red] {p}")
            raise SystemExit(1)
        console.print("integrity check passed")


def _integrity(con) -> list[str]:
    """Cross-table invariants that must always hold."""
    checks = {
        "duplicate posts": "SELECT count(*) - count(DISTINCT post_key) FROM posts",
        "signals without a post": "SELECT count(*) FROM post_signals s ANTI JOIN posts p USING (post_key)",
        "incident rows without an incident": (
            "SELECT (SELECT count(*) FROM incident_posts ANTI JOIN incidents USING (incident_id))"
            " + (SELECT count(*) FROM incident_regions ANTI JOIN incidents USING (incident_id))"
            " + (SELECT count(*) FROM incident_symptoms ANTI JOIN incidents USING (incident_id))"
        ),
        "incidents ending before they start": (
            "SELECT count(*) FROM incidents WHERE resolved_at < started_at"
        ),
    }
    problems = [f"{name}: {n}" for name, sql in checks.items() if (n := con.execute(sql).fetchone()[0])]
    try:
        con.execute("PRAGMA database_size").fetchall()
    except Exception as exc:  # noqa: BLE001 - report whatever DuckDB says
        problems.append(f"database_size failed: {exc}")
    return problems


_db = _db_module
