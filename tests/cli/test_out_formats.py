"""An --out file holds the format its extension names, or the command refuses (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from cli_run import run_cli

DAY = "2026-11-21"


def export_day(warehouse: Path, *args: str) -> list[str]:
    return ["export", "daily", "--date", DAY, "--db", str(warehouse), *args]


@pytest.mark.parametrize(
    ("name", "check"),
    [
        pytest.param("day.html", lambda t: t.startswith("<!DOCTYPE html>"), id="html"),
        pytest.param("day.json", lambda t: json.loads(t)["date"] == DAY, id="json"),
        pytest.param("day.csv", lambda t: t.startswith("date,incident_id,"), id="csv"),
        pytest.param("day.md", lambda t: t.startswith("# Outage summary"), id="md"),
        pytest.param("day.txt", lambda t: t.startswith("# Outage summary"), id="txt-is-md"),
    ],
)
def test_export_daily_takes_the_format_from_the_extension(
    warehouse: Path, tmp_path: Path, capsys, name: str, check
) -> None:
    target = tmp_path / name
    code, _, err = run_cli(export_day(warehouse, "--out", str(target)), capsys)
    assert code == 0, err
    assert check(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--format", "md", "--out", "{tmp}/day.json"],
            "--format md does not match {tmp}/day.json, whose extension says json",
            id="format-vs-extension",
        ),
        pytest.param(
            ["--out", "{tmp}/day.parquet"],
            "export daily writes md, csv, json or html, not parquet",
            id="unwritable-extension",
        ),
    ],
)
def test_export_daily_refuses_a_contradicting_extension(
    warehouse: Path, tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    code, out, err = run_cli(export_day(warehouse, *args), capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert message.format(tmp=tmp_path) in err
    assert not list(tmp_path.iterdir())  # nothing written


QUERY = "SELECT incident_id, peak_reports FROM incident_summary ORDER BY incident_id"


@pytest.mark.parametrize(
    ("name", "read"),
    [
        pytest.param("q.csv", pd.read_csv, id="csv"),
        pytest.param("q.json", lambda p: pd.DataFrame(json.loads(p.read_text())), id="json"),
        pytest.param("q.parquet", pd.read_parquet, id="parquet"),
        # review 115: these had silently held the terminal's text table
        pytest.param("q.parq", pd.read_parquet, id="parq"),
        pytest.param("q.pq", pd.read_parquet, id="pq"),
    ],
)
def test_sql_takes_the_format_from_the_extension(
    warehouse: Path, tmp_path: Path, capsys, name: str, read
) -> None:
    target = tmp_path / name
    code, _, err = run_cli(["sql", QUERY, "--db", str(warehouse), "--out", str(target)], capsys)
    assert code == 0, err
    frame = read(target)
    assert list(frame.columns) == ["incident_id", "peak_reports"] and len(frame) == 5


def test_sql_without_a_format_extension_writes_the_table(
    warehouse: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "q.txt"
    code, _, err = run_cli(["sql", QUERY, "--db", str(warehouse), "--out", str(target)], capsys)
    assert code == 0 and "wrote 5 rows" in err
    assert target.read_text().splitlines()[0].split() == ["incident_id", "peak_reports"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--format", "csv", "--out", "{tmp}/q.parquet"],
            "--format csv does not match {tmp}/q.parquet, whose extension says parquet",
            id="format-vs-extension",
        ),
        pytest.param(
            ["--out", "{tmp}/q.xlsx"],
            "sql writes table, csv, json or parquet, not xlsx",
            id="unwritable-extension",
        ),
    ],
)
def test_sql_refuses_a_contradicting_extension(
    warehouse: Path, tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    code, out, err = run_cli(["sql", QUERY, "--db", str(warehouse), *args], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert message.format(tmp=tmp_path) in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["out.xlsx", "out.txt"])
def test_analyze_refuses_an_extension_it_cannot_write(tmp_path: Path, capsys, name: str) -> None:
    """Checked before the (slow) enrichment starts, and nothing is written."""
    src = tmp_path / "posts.csv"
    src.write_text("text\nspotify is down\n")
    target = tmp_path / name
    code, _, err = run_cli(
        ["analyze", str(src), "--text-column", "text", "--out", str(target)], capsys
    )
    assert code == 2 and err.count("\n") == 1
    assert "must end in .csv, .tsv, .jsonl, .ndjson, .json or .parquet" in err
    assert not target.exists()


def test_analyze_writes_tsv(tmp_path: Path, capsys) -> None:
    src = tmp_path / "posts.csv"
    src.write_text("text\nspotify is down\nlovely weather\n")
    target = tmp_path / "out.tsv"
    code, _, err = run_cli(
        ["analyze", str(src), "--text-column", "text", "--out", str(target)], capsys
    )
    assert code == 0, err
    frame = pd.read_csv(target, sep="\t")
    assert frame["text"].tolist() == ["spotify is down", "lovely weather"] and "complaint" in frame
