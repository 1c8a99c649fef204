"""`analyze` on an empty file says so, and on a semicolon-separated CSV asks whether it is
one (there is no separator option), instead of pandas' words."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.csv", "", "the file is empty"),
        ("blank.csv", "\n\n", "the file is empty (no header row)"),
        ("empty.jsonl", "", "the file is empty"),
    ],
)
def test_an_empty_file_is_called_empty(
    tmp_path: Path, capsys, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    code, out, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2 and out == ""
    assert err.strip() == f"error: cannot read {path}: {reason}"


def test_a_semicolon_csv_is_recognised(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("text;created\nspotify down;2026-11-01\n")
    code, _, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2
    assert err.strip() == (
        f"error: {path} has no column 'text'; columns are: text;created. Is the file "
        "semicolon-separated? outagewatch reads only commas (.csv) and tabs (.tsv), with no "
        "option to choose the separator: save it comma-separated"
    )


def test_no_semicolon_guess_when_the_column_is_not_there_either(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("text;created\nspotify down;2026-11-01\n")
    code, _, err = run_cli(["analyze", str(path), "--text-column", "body"], capsys)
    assert code == 2
    assert err.strip() == f"error: {path} has no column 'body'; columns are: text;created"
