"""`run --every` needs a unit: a bare number is refused rather than read as seconds; and
`run --daily-export` writes yesterday while it settles."""

from __future__ import annotations

from datetime import datetime

import pytest

from outagewatch.commands.run import _export_yesterday, parse_every
from outagewatch.errors import UserError
from warehouse import db as warehouse_db


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1h", 3600), ("1.5m", 90)]
)
def test_intervals_with_a_unit(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["5", " 5 ", "0.5"])
def test_a_bare_number_asks_for_a_unit(text: str) -> None:
    with pytest.raises(UserError, match=r"has no unit: add one, e\.g\. .*m \(minutes\)"):
        parse_every(text)


def test_the_daily_export_is_rewritten_while_yesterday_settles(tmp_path) -> None:
    """`run --daily-export`: yesterday's files come right after midnight and are written again
    each cycle until 06:00 UTC (late posts about yesterday still arrive), then kept."""
    db, out = tmp_path / "w.duckdb", tmp_path / "reports"
    warehouse_db.ensure(db)
    md = out / "outages-2026-11-20.md"
    assert _export_yesterday(db, out, now=datetime(2026, 11, 21, 0, 5))
    assert sorted(p.name for p in out.iterdir()) == [
        f"outages-2026-11-20.{ext}" for ext in ("csv", "html", "json", "md")
    ]
    md.write_text("stale")
    assert _export_yesterday(db, out, now=datetime(2026, 11, 21, 5, 55))
    assert md.read_text() != "stale"
    md.write_text("final")
    assert not _export_yesterday(db, out, now=datetime(2026, 11, 21, 6, 0))
    assert md.read_text() == "final"
    # a day whose files are missing (run was stopped over midnight) is written once, late
    assert _export_yesterday(db, out, now=datetime(2026, 11, 22, 14, 0))
    assert (out / "outages-2026-11-21.md").exists()


def test_the_daily_export_catches_up_the_days_missed_while_stopped(tmp_path) -> None:
    """`run` stopped over a whole UTC day: that day was never written (only yesterday was).
    Every day since the newest summary is written, 7 days back at most (review 145, 10)."""
    db, out = tmp_path / "w.duckdb", tmp_path / "reports"
    warehouse_db.ensure(db)
    assert _export_yesterday(db, out, now=datetime(2026, 11, 30, 9, 0))  # 11-29: the first
    assert _export_yesterday(db, out, now=datetime(2026, 12, 2, 9, 0))  # down all of 11-30
    days = sorted({p.name.split(".")[0] for p in out.iterdir()})
    assert days == ["outages-2026-11-29", "outages-2026-11-30", "outages-2026-12-01"]
    assert len(list(out.iterdir())) == 12  # md, csv, json, html each
    assert not _export_yesterday(db, out, now=datetime(2026, 12, 2, 9, 5))  # nothing missing
    # down for three weeks: a week back at most, not every day since the last summary
    assert _export_yesterday(db, out, now=datetime(2026, 12, 25, 9, 0))
    md = sorted(p.name for p in out.glob("*.md"))
    assert md[3:] == [f"outages-2026-12-{d:02d}.md" for d in range(17, 25)]


@pytest.mark.parametrize("text", ["999999999999h", "25h", "86401s", "9" * 400 + "s"])
def test_an_interval_over_a_day_is_refused(text: str) -> None:
    """Review 147 #12: not a first cycle and then a sleep of 114 million years."""
    with pytest.raises(UserError, match=r"is too long: at most 24h"):
        parse_every(text)


def test_a_day_is_the_longest_interval() -> None:
    assert parse_every("24h") == 86400


def test_negative_cycles_are_refused(tmp_path, capsys) -> None:
    from cli_run import run_cli

    code, _, err = run_cli(
        ["run", "--every", "5m", "--cycles", "-1", "--db", str(tmp_path / "w.duckdb")], capsys
    )
    assert code == 2
    assert err == "error: --cycles must be 0 (run until stopped) or more, not -1\n"
    assert not (tmp_path / "w.duckdb").exists()


def test_demo_port_out_of_range_is_refused_without_dashboard(tmp_path, capsys) -> None:
    from cli_run import run_cli

    code, _, err = run_cli(
        ["demo", "--no-dashboard", "--port", "99999", "--days", "1",
         "--db", str(tmp_path / "x.duckdb")], capsys,
    )  # fmt: skip
    assert code == 2
    assert err == "error: --port must be between 1 and 65535, not 99999\n"
