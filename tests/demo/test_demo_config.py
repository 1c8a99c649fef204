"""The demo crawls its replay server only: a source it has no replay for is off in its
config, whatever the defaults turn on (the Discourse forums of the bundled catalog are real)."""

from __future__ import annotations

from pathlib import Path

from outagewatch.commands.demo import demo_config
from outagewatch.settings import load_settings


def test_the_demo_crawls_only_what_its_replay_serves(tmp_path: Path) -> None:
    config = tmp_path / "demo.toml"
    config.write_text(demo_config("http://127.0.0.1:9", tmp_path / "d.duckdb", tmp_path))
    settings = load_settings(config)
    assert not settings.config_warnings
    on = {name for name, cfg in settings.sources.items() if cfg.get("enabled", True)}
    assert on == {"mastodon", "hackernews", "statuspage", "reddit"}


def test_a_source_registered_later_is_off_in_the_demo(tmp_path: Path, monkeypatch) -> None:
    """The demo names the sources it replays; every other registered source is off, not
    only the ones a hand-kept list knew of (review 171, finding 3)."""
    from outagewatch import sources

    monkeypatch.setattr(sources, "NAMES", (*sources.NAMES, "newsource"))
    text = demo_config("http://127.0.0.1:9", tmp_path / "d.duckdb", tmp_path)
    assert "[sources.newsource]\nenabled = false\n" in text
    assert "[sources.lemmy]\nenabled = false\n" in text
