"""`notify log` shows the latest notifications under a header, oldest of them first; a dry
run's rows (never attempted) are placed by their event's time."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from click.testing import CliRunner

from outagewatch.cli import cli


def test_the_latest_come_out_with_a_header(demo_warehouse: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, db)
    with duckdb.connect(str(db), read_only=True) as con:
        latest = con.execute(
            "SELECT subject FROM notifications "
            "ORDER BY coalesce(last_attempt_at, event_at, created_at) DESC, notification_id LIMIT 2"
        ).fetchall()
        oldest = con.execute(
            "SELECT subject FROM notifications ORDER BY event_at, notification_id LIMIT 1"
        ).fetchone()[0]
    out = CliRunner().invoke(cli, ["notify", "log", "--limit", "2", "--db", str(db)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].split() == [
        "event", "(UTC)", "sent/tried", "(UTC)", "channel", "result", "tries", "subject",
    ]  # fmt: skip
    assert len(lines) == 3
    assert lines[1].endswith(latest[1][0]) and lines[2].endswith(latest[0][0])
    assert oldest not in out.output


def test_each_row_gives_its_events_time_and_its_sending_time(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    """Review 185, finding 7: one 'when' column showed the send time on some rows and the
    event's on others (a dry run's), so a message recorded on the 30th read as the 28th."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(demo_warehouse, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT strftime(event_at, '%Y-%m-%d %H:%M'), "
            "strftime(coalesce(last_attempt_at, delivered_at), '%Y-%m-%d %H:%M'), subject "
            "FROM notifications"
        ).fetchall()
    assert any(event != sent for event, sent, _ in rows)  # the demo's "resolved" recaps
    out = CliRunner().invoke(cli, ["notify", "log", "--limit", "100", "--db", str(db)])
    assert out.exit_code == 0, out.output
    shown = {line[:34] + line.rsplit("  ", 1)[-1] for line in out.output.splitlines()[1:]}
    assert shown == {f"{event}  {sent}{subject}" for event, sent, subject in rows}
