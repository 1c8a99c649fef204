"""A config file's typos are said, not silently replaced by defaults; a wrong type is an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from outagewatch.notify import notify_config
from outagewatch.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "outagewatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("[crawl]\ndownload_dela = 0\n", "unknown key 'download_dela' in [crawl] is ignored; did you mean 'download_delay'?"),
        ("[sources.hackernew]\nmax_pages = 3\n", "unknown source [sources.hackernew] is ignored; did you mean 'hackernews'?"),
        ("[sources.mastodon]\nmax_page = 3\n", "unknown key 'max_page' in [sources.mastodon] is ignored; did you mean 'max_pages'?"),
        ("[warehous]\ndb = 'x.duckdb'\n", "unknown section [warehous] is ignored; did you mean 'warehouse'?"),
    ],
)  # fmt: skip
def test_unknown_names_are_warned_with_the_closest(tmp_path: Path, text: str, warning: str) -> None:
    assert load_settings(write(tmp_path, text)).config_warnings == [warning]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[sources.mastodon]\nmax_pages = "lots"\n', "[sources.mastodon] max_pages must be a whole number, not text 'lots'"),
        ("[crawl]\nobey_robots = 1\n", "[crawl] obey_robots must be true or false, not number 1"),
        ("[crawl]\nconcurrent_requests_per_domain = true\n", "must be a whole number, not true/false True"),
        ("[privacy]\nhash_authors = 'no'\n", "[privacy] hash_authors must be true or false, not text 'no'"),
        # a text where a list belongs was read letter by letter: seven one-letter queries
        ('[sources.hackernews]\nqueries = "Netflix"\n', '[sources.hackernews] queries must be a list of texts, e.g. queries = ["Netflix"], not text'),
    ],
)  # fmt: skip
def test_a_wrong_type_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match="^config file .*: ") as err:
        load_settings(write(tmp_path, text))
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        # a plausible mix-up: Discourse reads `forums`, so its `instances` would be ignored
        ("[sources.discourse]\ninstances = ['https://forum.example']\n", "unknown key 'instances' in [sources.discourse] (a key of mastodon, lemmy) is ignored"),
        ("[sources.lemmy]\nsubreddits = ['outages']\n", "unknown key 'subreddits' in [sources.lemmy] (a key of reddit) is ignored"),
        ("[sources.statuspage]\nqueries = ['x']\n", "unknown key 'queries' in [sources.statuspage] (a key of mastodon, hackernews, bluesky, reddit, x, lemmy) is ignored"),
        ("[sources.x]\nmax_page = 2\n", "unknown key 'max_page' in [sources.x] is ignored; did you mean 'max_pages'?"),
        # the stream is no Scrapy spider: nothing paces it, so its download_delay did nothing
        ("[sources.jetstream]\ndownload_delay = 5\n", "key 'download_delay' in [sources.jetstream] is ignored: the stream is one websocket connection, no requests to pace; seconds and idle_seconds bound a run"),
    ],
)  # fmt: skip
def test_another_sources_key_is_warned(tmp_path: Path, text: str, warning: str) -> None:
    """Each [sources.NAME] table takes that source's own keys (outagewatch/sources.py), not
    any source's: the spider ignores the others (review 171, finding 8)."""
    assert load_settings(write(tmp_path, text)).config_warnings == [warning]


def test_every_source_takes_its_own_keys_and_the_common_ones(tmp_path: Path) -> None:
    text = (
        "[sources.lemmy]\nenabled = true\ninstances = ['https://lemmy.example']\n"
        "queries = ['Spotify down']\nterms_per_run = 5\nhot_minutes = 30\ndownload_delay = 12\n"
        "[sources.discourse]\nforums = ['https://forum.example']\ndownload_delay = 3\n"
        "[sources.jetstream]\nenabled = true\nurl = 'ws://127.0.0.1:9'\nflush_every = 10\n"
    )
    assert load_settings(write(tmp_path, text)).config_warnings == []


def test_keys_of_the_same_name_that_are_no_lists_are_accepted(tmp_path: Path) -> None:
    """Hacker News' `tags` is one filter text, status pages' `pages` a table (review find)."""
    text = (
        '[sources.hackernews]\ntags = "(story,comment)"\nqueries = ["Netflix"]\n'
        '[sources.statuspage.pages]\ngithub = "https://www.githubstatus.com"\n'
    )
    assert load_settings(write(tmp_path, text)).config_warnings == []


def test_the_example_config_is_clean() -> None:
    assert load_settings(ROOT / "outagewatch.example.toml").config_warnings == []


def test_the_cli_prints_each_warning_once(tmp_path: Path) -> None:
    config = write(tmp_path, "[crawl]\ndownload_dela = 0\n")
    out = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "status", "--config", str(config),
         "--db", str(tmp_path / "none.duckdb")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.stderr.count("unknown key 'download_dela'") == 1


def test_relative_paths_in_the_file_are_read_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run --config /srv/ow/outagewatch.toml` from any folder finds the same warehouse; a
    path given by flag or environment stays relative to the working folder."""
    srv = tmp_path / "srv"
    srv.mkdir()
    config = srv / "outagewatch.toml"
    config.write_text(
        '[warehouse]\ndb = "data/ow.duckdb"\n[catalog]\npath = "my-services.yaml"\n'
        '[[notify.channels]]\nname = "mail"\nkind = "email"\nsmtp_host = "127.0.0.1"\n'
        'from = "a@example.org"\nto = ["b@example.org"]\nca_file = "certs/ca.pem"\n'
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("OUTAGEWATCH_DB", raising=False)
    monkeypatch.delenv("OUTAGEWATCH_CATALOG", raising=False)
    s = load_settings(str(config))
    assert s.db_path == srv / "data" / "ow.duckdb"
    assert s.data_dir == srv / "data"  # the salt lives beside the warehouse
    assert s.catalog_path == srv / "my-services.yaml"
    (mail,) = notify_config(s).channels
    assert mail.ca_file == str(srv / "certs" / "ca.pem")
    assert load_settings(str(config), db="here.duckdb").db_path == Path("here.duckdb")
    monkeypatch.setenv("OUTAGEWATCH_CATALOG", "cat.yaml")
    assert load_settings(str(config)).catalog_path == Path("cat.yaml")


def test_catalog_extra_is_read_beside_the_file_and_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OUTAGEWATCH_CATALOG_EXTRA", raising=False)
    path = write(tmp_path, '[catalog]\nextra = ["mine.yaml", "/srv/theirs.yaml"]\n')
    settings = load_settings(path)
    assert settings.catalog_extra == (tmp_path / "mine.yaml", Path("/srv/theirs.yaml"))
    assert settings.config_warnings == [] and settings.catalog_path is None
    monkeypatch.setenv("OUTAGEWATCH_CATALOG_EXTRA", "a.yaml:b.yaml")
    assert load_settings(path).catalog_extra == (Path("a.yaml"), Path("b.yaml"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[catalog]\nextra = "mine.yaml"\n', "[catalog] extra must be a list, not text 'mine.yaml'"),
        ("[catalog]\nextra = [1]\n", '[catalog] extra must be a list of files, e.g. extra = ["my_services.yaml"], not [1]'),
    ],
)  # fmt: skip
def test_catalog_extra_must_be_a_list_of_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, text))
    assert str(err.value).endswith(message)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("[sources.lemmy]\ninstances = ['https://lemmy.world']\n", "[sources.lemmy] names instances but the source is off, so a plain crawl or run skips it: add enabled = true to [sources.lemmy] to crawl it"),
        # the example file's table, with an instance filled in and `enabled` left false
        ("[sources.lemmy]\nenabled = false\ninstances = ['https://lemmy.world']\n", "[sources.lemmy] names instances but the source is off"),
        ("[sources.jetstream]\nseconds = 120\n", "[sources.jetstream] sets seconds but the source is off"),
    ],
)  # fmt: skip
def test_a_source_off_by_default_set_up_but_not_enabled_is_warned(
    tmp_path: Path, text: str, warning: str
) -> None:
    """Naming a Lemmy instance does not turn Lemmy on: say what to set (review 177 #2)."""
    (said,) = load_settings(write(tmp_path, text)).config_warnings
    assert said.startswith(warning)
    on = text.replace("enabled = false\n", "") + "enabled = true\n"
    assert load_settings(write(tmp_path, on)).config_warnings == []


@pytest.mark.parametrize("limit", [0, 51, 100])
def test_lemmy_page_limit_past_the_apis_maximum_is_an_error(tmp_path: Path, limit: int) -> None:
    text = f"[sources.lemmy]\nenabled = true\npage_limit = {limit}\n"
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, text))
    assert (
        f"[sources.lemmy] page_limit must be 1 to 50 (Lemmy's API answers at most 50 posts a "
        f"page), not {limit}" in str(err.value)
    )
