"""`outagewatch dashboard`: serve the Streamlit dashboard over the warehouse."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click

from outagewatch.commands.common import check_port, resolve, settings_options, up_to_date


def serve_dashboard(
    db_path: str | Path,
    port: int = 8501,
    host: str = "127.0.0.1",
    now: datetime | str | None = None,
    config_path: str | Path | None = None,
    explore: bool = True,
) -> None:
    """Replace this process with the dashboard server (never returns).

    Exec rather than a child process, so Ctrl-C and a service manager's signals reach the
    server directly. `now` pins the dashboard's clock (the demo's simulated end)."""
    from dashboard import serve

    check_port(host, port)
    if isinstance(now, datetime):
        now = now.isoformat(timespec="seconds")
    env = serve.environment(db_path, now)
    if config_path:
        env["OUTAGEWATCH_CONFIG"] = str(config_path)
    if not explore:
        env["OUTAGEWATCH_EXPLORE"] = "off"
    argv = serve.command(port, host)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)


@click.command("dashboard")
@settings_options
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8501,
    show_default=True,
    help="TCP port to listen on.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (0.0.0.0 to reach it from other machines).",
)
@click.option(
    "--now",
    "now",
    default=None,
    metavar="ISO",
    help="Pretend it is this UTC time (replays; default: the real clock, or a demo "
    "warehouse's simulated end).",
)
@click.option(
    "--no-explore",
    is_flag=True,
    help="Leave out the SQL explorer (for a dashboard the public can reach).",
)
def dashboard(
    config: str | None, db: str | None, port: int, host: str, now: str | None, no_explore: bool
) -> None:
    """Serve the dashboard (Now, Service, Incident, Explore SQL, Daily summary).

    \b
    Examples:
      outagewatch dashboard                       # http://localhost:8501
      outagewatch dashboard --db data/demo.duckdb --port 8600
      outagewatch dashboard --now 2026-11-20T12:00  # replay a past moment
      outagewatch dashboard --host 0.0.0.0 --no-explore  # open to others: no SQL box
    """
    from dashboard.config import DashboardConfigError, parse_now
    from outagewatch.demo.marker import replay_clock

    settings = resolve(config, db)
    up_to_date(settings)
    if now:
        try:  # fail here, with a clear message, rather than on every page
            parse_now(now)
        except DashboardConfigError as exc:
            raise click.BadParameter(str(exc).replace("OUTAGEWATCH_NOW", "--now")) from None
    pinned = os.environ.get("OUTAGEWATCH_NOW", "").strip()  # the dashboard's own setting
    if not now and not pinned and (clock := replay_clock(settings.db_path)):
        now = clock  # the demo's world ends there: on the real clock its outages are days old
        click.echo(
            f"note: {settings.db_path} is the demo's warehouse; the dashboard's clock is its "
            f"simulated end, {clock} (--now to choose another moment)",
            err=True,
        )
    if not settings.db_path.exists():
        click.echo(
            f"note: no warehouse at {settings.db_path} yet; the pages will say how to "
            "fill it (`outagewatch demo` or `outagewatch crawl`).",
            err=True,
        )
    check_port(host, port)  # before the URL is printed: a busy port is one error line
    click.echo(f"outagewatch dashboard on http://{host}:{port} (warehouse {settings.db_path})")
    serve_dashboard(settings.db_path, port, host, now, settings.config_path, not no_explore)
