"""One spider per source. `SPIDERS` maps the source name used in the configuration and on
the command line (`outagewatch crawl --source NAME`) to its spider class, for every source
registered with a spider in outagewatch/sources.py (the one place a source is added)."""

from __future__ import annotations

from importlib import import_module

from crawlers.spiders.base import OutageSpider
from outagewatch.sources import SOURCES


def _load(path: str) -> type[OutageSpider]:
    module, _, name = path.partition(":")
    return getattr(import_module(module), name)


SPIDERS: dict[str, type[OutageSpider]] = {s.name: _load(s.spider) for s in SOURCES if s.spider}

__all__ = ["SPIDERS"]
