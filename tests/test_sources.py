"""A source is registered once, in outagewatch/sources.py, and everything that lists the
sources reads that registry (review 171, findings 3, 4 and 8): the spiders, the default
settings, the config check's keys per source, `crawl --help`, and the dashboard's names."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from click.testing import CliRunner

from crawlers.runner import EXTRA_SOURCES
from crawlers.spiders import SPIDERS
from outagewatch.commands.crawl import crawl
from outagewatch.settings import DEFAULT_SOURCES
from outagewatch.sources import BY_NAME, NAMES, SOURCES, label, only

ROOT = Path(__file__).resolve().parents[1]
# the ways a crawler reads a settings table: cfg.get("k"), cfg.getint("k"), cfg["k"],
# "k" in cfg, ... (a regex saw only the first two)
READERS = {"get", "getint", "getfloat", "getbool", "getlist", "getdict", "pop", "setdefault"}


def _table(node: ast.AST, own: str, aliases: dict[str, str]) -> str | None:
    """Whose settings table an expression is: `own` for `cfg`, `self.cfg`, `dict(...)` of
    one or a name bound to one; NAME for `settings.source("NAME")`; else None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return _table(node.args[0], own, aliases) if node.func.id == "dict" else None
    if isinstance(node, ast.Name):
        return aliases.get(node.id, own if node.id == "cfg" else None)
    if isinstance(node, ast.Attribute):
        return own if node.attr == "cfg" else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "source"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
    ):
        return str(node.args[0].value)
    return None


def settings_read(text: str, own: str) -> set[tuple[str, str]]:
    """(source, key) for every settings key a module reads by name."""
    tree = ast.parse(text)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and [type(t) for t in node.targets] == [ast.Name]
            and (table := _table(node.value, own, {})) is not None
        ):
            aliases[node.targets[0].id] = table  # type: ignore[attr-defined]
    out = set()
    for node in ast.walk(tree):
        table, key = None, None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            if node.func.attr in READERS:
                table, key = _table(node.func.value, own, aliases), node.args[0]
        elif isinstance(node, ast.Subscript):
            table, key = _table(node.value, own, aliases), node.slice
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            table, key = _table(node.comparators[0], own, aliases), node.left
        if table is not None and isinstance(key, ast.Constant) and isinstance(key.value, str):
            out.add((table, key.value))
    return out


def crawler_reads() -> dict[str, set[tuple[str, str]]]:
    """Per source, the (source, key) pairs its crawler's module reads; for a source that
    plans its terms, also those the base spider reads (OutageSpider.plan's budget keys)."""
    base = (ROOT / "crawlers/spiders/base.py").read_text()
    budget = {key for _, key in settings_read(base, "")}  # terms_per_run, hot_minutes
    out = {}
    for source in SOURCES:
        module = source.spider.partition(":")[0] if source.spider else source.process
        code = sys.modules[module].__file__ if module in sys.modules else None
        text = Path(code or ROOT / (module.replace(".", "/") + ".py")).read_text()
        out[source.name] = settings_read(text, source.name)
        if "self.plan(" in text:
            out[source.name] |= {(source.name, k) for k in budget}
    return out


def test_every_registered_source_is_crawlable_and_has_defaults() -> None:
    assert set(SPIDERS) | set(EXTRA_SOURCES) == set(NAMES)
    assert set(DEFAULT_SOURCES) == set(NAMES)
    for source in SOURCES:
        assert isinstance(source.defaults.get("enabled"), bool), source.name
        if source.name in SPIDERS:
            assert SPIDERS[source.name].source == source.name  # the spider stores this name


def test_each_source_registers_every_key_its_crawler_reads() -> None:
    """A key the spider reads but the registry does not list would be warned as "ignored"
    by the config check while it is used: whether read as cfg.get("k"), cfg["k"],
    cfg.getint("k"), "k" in cfg, or another source's settings.source("bluesky").get("k")."""
    for name, read in crawler_reads().items():
        for table, key in read:
            assert key in BY_NAME[table].known_keys, (name, table, key)


def test_each_registered_key_is_read() -> None:
    """A key the config check accepts but no crawler reads is ignored without a word
    (jetstream took `download_delay`, the key of the sources Scrapy paces, and went on)."""
    read = {pair for pairs in crawler_reads().values() for pair in pairs}
    paced = set(SPIDERS)  # crawlers/settings.py: source_delay() reads download_delay
    for source in SOURCES:
        unread = {k for k in source.known_keys if (source.name, k) not in read} - {"enabled"}
        if source.name in paced:
            unread.discard("download_delay")
        assert not unread, (source.name, sorted(unread))


def test_the_ast_sees_every_way_of_reading_a_key() -> None:
    text = """
def f(self, settings, cfg):
    a = self.cfg.get("a"), cfg["b"], self.cfg.getint("c"), "d" in self.cfg
    mine = dict(settings.source("own"))
    other = settings.source("bluesky")
    return a, mine.getfloat("e"), other.get("f"), settings.source("x")["g"], cfg.get(k)
"""
    assert settings_read(text, "own") == {
        ("own", "a"), ("own", "b"), ("own", "c"), ("own", "d"), ("own", "e"),
        ("bluesky", "f"), ("x", "g"),
    }  # fmt: skip


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
