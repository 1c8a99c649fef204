"""`--db ""` and `--config ""` (an unset variable: `--config "$CFG"`) are refused in one line:
they had quietly meant the default warehouse and the built-in settings, so a service would
run with no watchlist and no channels, or a command read another warehouse than meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli

COMMANDS = {
    "sql": ["sql", "SELECT 1"],
    "status": ["status"],
    "export-daily": ["export", "daily", "--date", "2026-11-20"],
    "run": ["run", "--every", "5m", "--cycles", "1"],
    "process": ["process"],
}


@pytest.mark.parametrize("option", ["--db", "--config"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_empty_path_is_refused_not_read_as_the_default(
    name: str, option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)  # where the default ./data/outagewatch.duckdb would be made
    monkeypatch.delenv("OUTAGEWATCH_DB", raising=False)
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)
    code, stdout, err = run_cli([*COMMANDS[name], option, ""], capsys)
    assert code == 2 and stdout == ""
    assert err.startswith(
        f"error: Invalid value for '{option}': it is empty (an unset shell variable?): "
        "name a file, or leave it out for $OUTAGEWATCH_"
    ), err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "data").exists()


def test_the_catalog_commands_refuse_an_empty_config(capsys) -> None:
    code, _, err = run_cli(["services", "--config", ""], capsys)
    assert code == 2 and "Invalid value for '--config': it is empty" in err
