"""Small message fixes of review 147 #13: each says what was typed and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli

from nlp.detect.steps import parse_step
from outagewatch.commands.prune import parse_age
from outagewatch.errors import UserError
from outagewatch.settings import ConfigError, load_settings


@pytest.mark.parametrize("text", ["1000000y", "99999999999d", "1001y"])
def test_prune_age_too_long_is_not_called_bad(text: str) -> None:
    with pytest.raises(UserError, match=rf"--older-than {text} is too long: at most 1000y"):
        parse_age(text)


def test_prune_age_of_a_thousand_years_is_fine() -> None:
    assert parse_age("1000y").days == 365_000


@pytest.mark.parametrize("text", ["99999999999d", "99999999999999999h"])
def test_a_step_too_long_is_said_so(text: str) -> None:
    with pytest.raises(ValueError, match=rf"step '{text}' is too long"):
        parse_step(text)


def test_a_config_folder_is_called_a_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("OUTAGEWATCH_CONFIG", str(tmp_path))
    with pytest.raises(ConfigError, match=r"is a folder: name the TOML file in it"):
        load_settings()


def test_a_float_setting_asks_for_a_number(tmp_path: Path, capsys) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[crawl]\ndownload_delay = "fast"\n')
    code, _, err = run_cli(["services", "--config", str(config)], capsys)
    assert code == 2
    assert "download_delay must be a number, not text 'fast'" in err
    assert "whole number" not in err
