"""`outagewatch notify`: check a channel with a test message, or run one notification cycle."""

from __future__ import annotations

from datetime import datetime

import click

from outagewatch.commands.common import resolve, settings_options, up_to_date
from outagewatch.errors import UserError


@click.group()
def notify() -> None:
    """Notifications for the watchlist: test a channel, send what is due, list the log.

    \b
    Examples:
      outagewatch notify test --channel team-slack --config outagewatch.toml
      outagewatch notify send --config outagewatch.toml
      outagewatch notify log --limit 50
    """


@notify.command()
@click.option("--channel", "channel", required=True, help="Name of a [[notify.channels]] entry.")
@settings_options
def test(channel: str, config: str | None, db: str | None) -> None:
    """Send a test message to one channel so you can check your set-up.

    \b
    Examples:
      outagewatch notify test --channel team-slack --config outagewatch.toml
      OUTAGEWATCH_CONFIG=outagewatch.toml outagewatch notify test --channel ops-webhook
    """
    from outagewatch.notify import send_test

    outcome = send_test(resolve(config, db), channel)
    if not outcome.ok and not outcome.attempts:  # the set-up is wrong: nothing was tried
        raise UserError(f"test message to {channel!r} not sent: {outcome.error}")
    if not outcome.ok:
        raise UserError(
            f"test message to {channel!r} {outcome.result} after {outcome.attempts} attempt(s): {outcome.error}"
        )
    click.echo(
        f"test message delivered to {channel!r} ({outcome.attempts} attempt(s), status {outcome.http_status})"
    )


@notify.command(short_help="Send every notification that is due now.")
@settings_options
def send(config: str | None, db: str | None) -> None:
    """Send every notification that is due now (what `run` does after each cycle).

    \b
    Examples:
      outagewatch notify send --config outagewatch.toml
      outagewatch notify send --config outagewatch.toml && outagewatch notify log --limit 5
    """
    from outagewatch.notify import notify_cycle

    settings = resolve(config, db)
    if not settings.watchlist:
        raise UserError("the configuration has no [[watchlist]] entries: nothing to notify about")
    stats = notify_cycle(settings)
    for line in stats.lines():
        click.echo(line)


@notify.command(name="log")
@click.option(
    "--limit", type=int, default=20, show_default=True, help="At most this many (1 or more)."
)
@settings_options
def log_(limit: int, config: str | None, db: str | None) -> None:
    """The latest notifications: what was sent, to whom, result, and two times (UTC): the
    incident's change it is about, and when it was sent or last tried.

    \b
    Examples:
      outagewatch notify log
      outagewatch notify log --limit 100 --db data/outagewatch.duckdb
    """
    from warehouse.db import reader

    if limit < 1:
        raise UserError(f"--limit must be 1 or more, not {limit}")
    settings = resolve(config, db)
    if not settings.db_path.exists():
        raise UserError(f"no warehouse at {settings.db_path}: nothing has been sent yet")
    up_to_date(settings)  # an older warehouse gets the notification tables
    with reader(settings.db_path) as con:
        # a dry run never attempts: its time is the event's, so the latest come first too;
        # messages sent in one cycle share a time, so they read in the order of their events
        # two times, not one that is either: when the incident changed (what the message is
        # about) and when it went out, or was last tried; "-" while it waits for its first try
        rows = con.execute(
            "SELECT event_at, coalesce(last_attempt_at, delivered_at) AS sent, channel, "
            "recipient, result, attempts, subject FROM notifications "
            "ORDER BY coalesce(last_attempt_at, event_at, created_at) DESC, "
            "event_at DESC NULLS LAST, created_at DESC, notification_id "
            "LIMIT ?",
            [limit],
        ).fetchall()
    if not rows:
        click.echo("no notifications yet")
        return
    click.echo(
        f"{'event (UTC)':16}  {'sent/tried (UTC)':16}  {'channel':24}  {'result':10}  tries  subject"
    )
    for event, sent, channel, recipient, result, attempts, subject in reversed(rows):
        where = f"{channel} ({recipient})" if recipient else channel
        click.echo(
            f"{_minute(event)}  {_minute(sent)}  {where[:24]:24}  {result:10}  {attempts:>5}  "
            f"{subject}"
        )


def _minute(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M}" if when is not None else f"{'-':16}"
