"""The README's table of commands (sqlite-utils keeps such a test): every command is in it,
and every flag it shows is one that command's --help lists, so the table cannot promise a
flag that was renamed or never existed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import run_cli

from outagewatch.cli import COMMANDS

README = Path(__file__).resolve().parents[2] / "README.md"
FLAG = re.compile(r"--[a-z][a-z-]*")


def table_rows() -> list[tuple[list[list[str]], str]]:
    """Each row as (the command words of each backticked command in its first cell, that
    cell): the second cell may name another command's flag ("what `--service` takes")."""
    text = README.read_text("utf-8")
    table = text.split("### Commands", 1)[1].split("\nEvery command has", 1)[0]
    rows = []
    for line in table.splitlines():
        if not line.startswith("| `outagewatch "):
            continue
        first = line.split("` |", 1)[0]
        commands = []
        for segment in re.findall(r"`([^`]+)", first + "`")[::2]:
            words = segment.replace("outagewatch ", "", 1).split()
            path = []
            for word in words:
                if not re.fullmatch(r"[a-z][a-z-]*", word):
                    break
                path.append(word)
            commands.append(path)
        rows.append((commands, first))
    return rows


ROWS = table_rows()


def test_every_command_has_a_row() -> None:
    assert {words[0] for commands, _ in ROWS for words in commands} == set(COMMANDS)


@pytest.mark.parametrize(("commands", "cell"), ROWS, ids=[" ".join(c[0]) for c, _ in ROWS])
def test_every_flag_in_a_row_is_in_its_commands_help(
    commands: list[list[str]], cell: str, capsys
) -> None:
    helps = ""
    for words in commands:
        code, out, err = run_cli([*words, "--help"], capsys)
        assert code == 0, err
        helps += out
    listed = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", helps, re.MULTILINE))
    listed |= set(re.findall(r" / (--[a-z][a-z-]*)", helps))  # --dayfirst / --monthfirst
    missing = set(FLAG.findall(cell)) - listed
    assert not missing, f"README shows {sorted(missing)}, which `{' '.join(commands[0])}` lacks"
