"""A source is registered once, in outagewatch/sources.py, and everything that lists the
sources reads that registry (review 171, findings 3, 4 and 8): the spiders, the default
settings, the config check's keys per source, `crawl --help`, and the dashboard's names."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

from crawlers.runner import EXTRA_SOURCES
from crawlers.spiders import SPIDERS
from outagewatch.commands.crawl import crawl
from outagewatch.settings import DEFAULT_SOURCES
from outagewatch.sources import BUDGET_KEYS, NAMES, SOURCES, label, only

ROOT = Path(__file__).resolve().parents[1]
READS = re.compile(r"""cfg(?:\.get\(|\[)["'](\w+)["']""")


def test_every_registered_source_is_crawlable_and_has_defaults() -> None:
    assert set(SPIDERS) | set(EXTRA_SOURCES) == set(NAMES)
    assert set(DEFAULT_SOURCES) == set(NAMES)
    for source in SOURCES:
        assert isinstance(source.defaults.get("enabled"), bool), source.name
        if source.name in SPIDERS:
            assert SPIDERS[source.name].source == source.name  # the spider stores this name


def test_each_source_registers_every_key_its_crawler_reads() -> None:
    """A key the spider reads but the registry does not list would be warned as "ignored"
    by the config check while it is used."""
    for source in SOURCES:
        module = source.spider.partition(":")[0] if source.spider else source.process
        code = sys.modules[module].__file__ if module in sys.modules else None
        text = Path(code or ROOT / (module.replace(".", "/") + ".py")).read_text()
        read = set(READS.findall(text))
        if "self.plan(" in text:
            read |= set(BUDGET_KEYS)
        assert read <= source.known_keys, (source.name, sorted(read - source.known_keys))


def test_crawl_help_names_every_source() -> None:
    out = CliRunner().invoke(crawl, ["--help"]).output
    listed = " ".join(out.split())  # click wraps the lines
    for name in NAMES:
        assert re.search(rf"\b{name}\b", listed), name


def test_display_names_and_all_off() -> None:
    assert label("hackernews") == "Hacker News" and label("lemmy") == "Lemmy"
    assert label("unregistered") == "unregistered"
    off = only(["mastodon"])
    assert "[sources.mastodon]" not in off
    assert all(f"[sources.{n}]\nenabled = false\n" in off for n in NAMES if n != "mastodon")
