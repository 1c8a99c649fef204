"""docs/analyze.md describes every column `analyze` writes, in the order it writes them, and
the symptom labels it can give (review 127: the output had been a list of names)."""

from __future__ import annotations

import re
from pathlib import Path

from cli_run import run_cli

from nlp.enrich.symptoms import SYMPTOMS
from outagewatch.commands.analyze import OUTPUT_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "analyze.md"


def documented_columns() -> list[str]:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| `")]
    names: list[str] = []
    for row in rows:
        names += re.findall(r"`([a-z_]+)`", row.split("|")[1])
    return names


def test_every_output_column_is_documented_in_order() -> None:
    extras = ["pipeline_version", "time_utc", "window_id"]  # the last two with --time-column
    assert documented_columns() == [*OUTPUT_COLUMNS, *extras]


def test_every_symptom_label_is_documented() -> None:
    text = DOC.read_text()
    row = next(line for line in text.splitlines() if line.startswith("| `symptoms`"))
    assert set(re.findall(r"`([a-z_]+)`", row.split("|")[4])) == set(SYMPTOMS)


def test_the_help_points_to_the_page(capsys) -> None:
    code, out, _ = run_cli(["analyze", "--help"], capsys)
    assert code == 0 and "docs/analyze.md" in out and "joined with ';'" in out


def test_the_command_list_names_every_format_analyze_reads(capsys) -> None:
    """`outagewatch --help` had "(CSV or JSON lines)" long after TSV, JSON and Parquet came."""
    _, out, _ = run_cli(["--help"], capsys)
    entry = " ".join(out.split("\n  analyze ")[1].split("\n  detect-series ")[0].split())
    assert "(CSV, TSV, JSON lines, JSON, Parquet)" in entry, entry
