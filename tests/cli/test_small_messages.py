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


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[crawl]\ndownload_delay = "fast"\n', "[crawl] download_delay must be a number of seconds, not text 'fast'"),
        ('[sources.lemmy]\ndownload_delay = "lent"\n', "[sources.lemmy] download_delay must be a number of seconds, not text 'lent'"),
        ("[sources.mastodon]\nhot_minutes = true\n", "[sources.mastodon] hot_minutes must be a whole number of minutes, not true/false True"),
        ('[sources.hackernews]\nsweep_hours = "1d"\n', "[sources.hackernews] sweep_hours must be a whole number of hours, not text '1d'"),
        ('[sources.mastodon]\nmax_pages = "lots"\n', "[sources.mastodon] max_pages must be a whole number, not text 'lots'"),
    ],
)  # fmt: skip
def test_a_time_setting_asks_for_a_number_of_its_unit(
    tmp_path: Path, capsys, toml: str, message: str
) -> None:
    """Review 147 #13: `download_delay = "fast"` was told "a number"; the unit is the answer."""
    config = tmp_path / "c.toml"
    config.write_text(toml)
    code, _, err = run_cli(["services", "--config", str(config)], capsys)
    assert code == 2
    assert err.strip() == f"error: config file {config}: {message}"


def test_every_key_all_sources_take_has_a_type() -> None:
    from outagewatch.config_check import COMMON_TYPES
    from outagewatch.sources import COMMON_KEYS, SPIDER_KEYS

    assert set(COMMON_TYPES) == {*COMMON_KEYS, *SPIDER_KEYS}
