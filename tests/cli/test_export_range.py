"""`export daily --from/--to --out` writes one file per day into a folder; an --out named
like a file is refused before anything is written, instead of becoming a folder."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from cli_run import run_cli

RANGE = ["export", "daily", "--from", "2026-11-17", "--to", "2026-11-18"]


@pytest.mark.parametrize(
    "name, extra, example, also",
    [
        ("range.md", [], "outages-2026-11-17.md", ""),
        ("range.html", [], "outages-2026-11-17.html", " --format html"),
        ("range.html", ["--format", "csv"], "outages-2026-11-17.csv", ""),
    ],
)
def test_a_range_into_a_file_name_is_refused(
    warehouse: Path, tmp_path: Path, capsys, name: str, extra: list[str], example: str, also: str
) -> None:
    out = tmp_path / name
    code, stdout, err = run_cli([*RANGE, "--out", str(out), "--db", str(warehouse), *extra], capsys)
    assert code == 2 and stdout == ""
    assert err.strip() == (
        f"error: --out {out} names a file, but a --from/--to range writes one file per day "
        f"({example}, ...): pass a folder, e.g. --out {tmp_path / 'range'}/{also}"
    )
    assert not out.exists()


def test_a_range_into_a_folder_writes_a_file_per_day(
    warehouse: Path, tmp_path: Path, capsys
) -> None:
    dotted = tmp_path / "v1.0"  # an existing folder may have a dot in its name
    dotted.mkdir()
    for out in (tmp_path / "sums", dotted):
        code, _, err = run_cli([*RANGE, "--out", str(out), "--db", str(warehouse)], capsys)
        assert code == 0, err
        assert sorted(p.name for p in out.iterdir()) == [
            "outages-2026-11-17.md",
            "outages-2026-11-18.md",
        ]


def test_one_day_still_goes_into_a_file(warehouse: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "day.md"
    args = ["export", "daily", "--from", "2026-11-17", "--to", "2026-11-17", "--out", str(out)]
    code, _, err = run_cli([*args, "--db", str(warehouse)], capsys)
    assert code == 0, err
    assert out.is_file() and "2026-11-17" in out.read_text()


def test_a_day_without_data_names_the_days_that_have_some(warehouse: Path, capsys) -> None:
    """The empty summary is still written (a scheduled export keeps its files), with a note."""
    code, stdout, err = run_cli(
        ["export", "daily", "--date", "2025-01-01", "--db", str(warehouse)], capsys
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first, last = con.execute(
            "SELECT min(created_at)::DATE, max(created_at)::DATE FROM posts"
        ).fetchone()
    assert code == 0 and "No data for 2025-01-01" in stdout
    assert err.strip() == f"note: the warehouse holds posts from {first} to {last} (UTC)"


def test_a_day_inside_the_warehouse_gets_no_note(warehouse: Path, capsys) -> None:
    """A day the warehouse covers, cut a second after its midnight: empty, but no hint to
    look elsewhere."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (first,) = con.execute("SELECT min(created_at)::DATE FROM posts").fetchone()
    day = first + timedelta(days=1)
    code, stdout, err = run_cli(
        [
            "export",
            "daily",
            "--date",
            str(day),
            "--until",
            f"{day}T00:00:01",
            "--db",
            str(warehouse),
        ],
        capsys,
    )
    assert code == 0 and "note:" not in err


def test_a_long_range_is_said_in_a_line_with_its_empty_days(
    warehouse: Path, tmp_path: Path, capsys
) -> None:
    """A year's range had printed 365 "wrote" lines, 357 of them for days with no data, and
    nothing said so."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first, last = con.execute(
            "SELECT min(created_at)::DATE, max(created_at)::DATE FROM posts"
        ).fetchone()
    start, end = first - timedelta(days=20), last + timedelta(days=5)
    out = tmp_path / "year"
    args = ["export", "daily", "--from", str(start), "--to", str(end), "--out", str(out)]
    code, _, err = run_cli([*args, "--db", str(warehouse)], capsys)
    assert code == 0, err
    days = (end - start).days + 1
    assert len(list(out.iterdir())) == days
    lines = err.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"note: 25 days of the {days} had no data; the warehouse holds")
    assert lines[1] == (
        f"wrote {days} daily summaries into {out} (outages-{start}.md ... outages-{end}.md)"
    )
