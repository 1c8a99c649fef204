"""`outagewatch status` names its counts so they agree with `process`, the README and `sql`."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from click.testing import CliRunner

from outagewatch.cli import cli
from warehouse.db import writer


def count(text: str, label: str) -> int:
    match = re.search(rf"│ {re.escape(label)}\s+│ ([\d,]+)", text)
    assert match, text
    return int(match.group(1).replace(",", ""))


def test_problem_reports_are_post_service_pairs_and_posts_are_counted_apart(
    warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(warehouse.read_bytes())
    with writer(db) as con:  # 20 problem posts also name a second service
        con.execute(
            "INSERT INTO post_services SELECT post_key, 'whatsapp' FROM post_signals "
            "WHERE problem AND post_key NOT IN "
            "(SELECT post_key FROM post_services WHERE service_slug = 'whatsapp') "
            "ORDER BY post_key LIMIT 20"
        )
    result = CliRunner().invoke(cli, ["status", "--db", str(db)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        pairs, posts = con.execute(
            "SELECT count(*), count(DISTINCT post_key) FROM problem_reports"
        ).fetchone()
    assert pairs == posts + 20
    assert count(result.output, "problem reports (post × service)") == pairs
    assert count(result.output, "posts that are problem reports") == posts


def test_open_incidents_reports_read_as_the_other_counts(warehouse: Path, tmp_path: Path) -> None:
    """1,234 with its separator and aligned right, as every other count `status` prints; the
    open incidents' reports had been "1234" against the left edge."""
    db = tmp_path / "copy.duckdb"
    db.write_bytes(warehouse.read_bytes())
    with writer(db) as con:
        con.execute("UPDATE incidents SET total_reports = 1234 WHERE status = 'open'")
    result = CliRunner().invoke(cli, ["status", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    table = result.output.split("Open incidents", 1)[1]
    header = next(line for line in table.splitlines() if "reports" in line)
    row = next(line for line in table.splitlines() if "1,234" in line)
    assert header.rindex("reports") + len("reports") == row.rindex("1,234") + len("1,234")
