"""The `outagewatch` command line. Each command lives in outagewatch/commands/."""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
from importlib import import_module

import click

from outagewatch.errors import Terminated, UserError

# Every model is loaded from installed packages; never reach for a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# (module, attribute) of each command; imported lazily so `--help` stays fast.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("outagewatch.commands.demo", "demo"),
    "crawl": ("outagewatch.commands.crawl", "crawl"),
    "process": ("outagewatch.commands.process", "process"),
    "run": ("outagewatch.commands.run", "run"),
    "status": ("outagewatch.commands.status", "status"),
    "dashboard": ("outagewatch.commands.dashboard", "dashboard"),
    "sql": ("outagewatch.commands.sql", "sql"),
    "export": ("outagewatch.commands.export", "export"),
    "analyze": ("outagewatch.commands.analyze", "analyze"),
    "detect-series": ("outagewatch.commands.detect_series", "detect_series"),
    "notify": ("outagewatch.commands.notify", "notify"),
    "serve": ("outagewatch.commands.serve", "serve"),
    "prune": ("outagewatch.commands.prune", "prune"),
    "backup": ("outagewatch.commands.backup", "backup"),
    "services": ("outagewatch.commands.services", "services"),
}

SHORT_HELP = {
    "demo": "Simulate a week of posts, crawl it offline, detect incidents, show them.",
    "crawl": "Fetch new posts and official incidents from the configured sources.",
    "process": "Enrich new posts, update report volume and incidents.",
    "run": "Crawl and process in a loop (e.g. --every 5m).",
    "status": "Counts, last crawl per source, open incidents.",
    "dashboard": "Serve the Streamlit dashboard (http://localhost:8501).",
    "sql": "Run a read-only SQL query over the documented views.",
    "export": "Export daily outage summaries, Atom feeds, or the whole warehouse as Parquet.",
    "analyze": "Enrich posts you already have (CSV, TSV, JSON lines, JSON, Parquet), no warehouse.",
    "detect-series": "Run the burst detector on an existing count series.",
    "notify": "Notifications for your watchlist: test a channel, send what is due, show the log.",
    "serve": "Serve the read-only JSON API, OpenAPI description and Atom feeds.",
    "prune": "Remove raw text of old posts (e.g. --older-than 90d); counts and incidents stay.",
    "backup": "Copy the warehouse and its salt to a folder, safely while run is running.",
    "services": "List the service catalog (slug, name, category), e.g. for crawl --service.",
}


class LazyGroup(click.Group):
    """Import a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        return getattr(import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SHORT_HELP[name]) for name in COMMANDS])


def _say_version(ctx: click.Context, value: bool) -> None:
    """The package version and its rules and models' fingerprint (outagewatch/version.py):
    the package version alone stayed 0.1.0 through every rule change."""
    if not value or ctx.resilient_parsing:
        return
    from outagewatch.version import version_text

    click.echo(f"outagewatch, version {version_text()}")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _say_version(ctx, value),
    help="Show the version (with the fingerprint of the rules and models) and exit.",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """outagewatch: find outages in public complaints before the status page does.

    \b
    Quick start (offline):   outagewatch demo
    Real use:                outagewatch crawl --config outagewatch.toml
                             outagewatch run --every 5m --config outagewatch.toml
    Query:                   outagewatch sql "select * from active_incidents"
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s"
    )


def one_line(text: str) -> str:
    """Error text from bad input (a column name, a file's bytes) may hold newlines or
    control characters; the user still gets exactly one readable line."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]+", " ", text).strip()


def end_by_sigterm() -> None:
    """After a SIGTERM has been unwound (children killed, locks freed): end by the signal,
    as an unhandled SIGTERM would, so systemd counts the stop as clean and a shell sees 143."""
    from outagewatch.commands.common import service_line

    click.echo(service_line("stopped (SIGTERM)"), err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
    sys.exit(143)  # only if the signal is blocked


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit code 2."""
    from outagewatch.catalog import CatalogError
    from outagewatch.settings import ConfigError
    from warehouse.db import WarehouseError

    try:
        rv = cli.main(args=argv, standalone_mode=False, prog_name="outagewatch")
        if isinstance(rv, int) and rv:
            sys.exit(rv)
    except click.exceptions.Abort as exc:  # Click's form of Ctrl-C (and of SIGTERM)
        if isinstance(exc.__cause__, Terminated):
            end_by_sigterm()
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:  # a bare group: its help, as asked
        exc.show()
        sys.exit(2)
    except click.UsageError as exc:  # a bad option or value: one line, not Click's usage block
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        click.echo(f"error: {one_line(exc.format_message())}{where}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except (UserError, ConfigError, CatalogError, WarehouseError) as exc:
        click.echo(f"error: {one_line(str(exc))}", err=True)
        sys.exit(2)
    except KeyboardInterrupt as exc:
        if isinstance(exc, Terminated):
            end_by_sigterm()
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, traceback only with -v
        if logging.getLogger().isEnabledFor(logging.INFO):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        click.echo(
            f"error: unexpected {type(exc).__name__}: {first} (run with -v for details)", err=True
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
