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
