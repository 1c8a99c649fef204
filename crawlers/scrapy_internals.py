"""The Scrapy internals the crawlers reach into, checked before a crawl starts.

crawlers/robots.py overrides RobotsTxtMiddleware's private steps and sets the downloader's
per-slot delay and jitter; spiders/base.py sets DOWNLOAD_DELAY_JITTER. None of these is a
public API: Scrapy 2.18 has no jitter at all (its slots read `randomize_delay`), so there the
pace's "no jitter" would be silently ignored and a published rate limit undercut by up to
50 %. pyproject.toml pins the Scrapy these were written against (>=2.19,<2.20); this check
turns a Scrapy without them into one clear error at the crawl's start instead of a silent
wrong pace or an AttributeError in the middle of a crawl.
"""

from __future__ import annotations

import inspect

import scrapy
from scrapy.core.downloader import Downloader, Slot
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.settings import default_settings

# class -> the attributes used: a method or class attribute, or one set in its __init__
NEEDED: tuple[tuple[type, tuple[str, ...]], ...] = (
    (
        RobotsTxtMiddleware,
        ("robot_parser", "process_request_2", "_parsers", "_robotstxt_useragent")
        + ("_default_useragent",),
    ),
    (Downloader, ("get_slot_key", "slots", "per_slot_settings")),
    (Slot, ("delay", "jitter")),
    (RobotParser, ("crawl_delay",)),
)
# the parameters of the overridden methods, as crawlers/robots.py calls them
SIGNATURES: dict[str, list[str]] = {
    "robot_parser": ["self", "request"],
    "process_request_2": ["self", "rp", "request"],
}


def _has(cls: type, name: str) -> bool:
    init = getattr(cls.__init__, "__code__", None)  # None: object's own __init__
    return hasattr(cls, name) or (init is not None and name in init.co_names)


def missing_internals() -> list[str]:
    """What the installed Scrapy lacks of what the crawlers use (empty: all there)."""
    missing = [f"{cls.__name__}.{n}" for cls, names in NEEDED for n in names if not _has(cls, n)]
    for name, params in SIGNATURES.items():
        method = getattr(RobotsTxtMiddleware, name, None)
        if method is not None and list(inspect.signature(method).parameters) != params:
            missing.append(f"RobotsTxtMiddleware.{name}({', '.join(params[1:])})")
    if not inspect.iscoroutinefunction(getattr(RobotsTxtMiddleware, "robot_parser", None)):
        missing.append("RobotsTxtMiddleware.robot_parser as a coroutine")
    if not hasattr(default_settings, "DOWNLOAD_DELAY_JITTER"):
        missing.append("the DOWNLOAD_DELAY_JITTER setting")
    return missing


def require_internals() -> None:
    """Raise RuntimeError naming what is missing."""
    if missing := missing_internals():
        raise RuntimeError(
            f"outagewatch's crawlers need Scrapy 2.19's internals (pyproject.toml: "
            f"scrapy>=2.19,<2.20); the installed Scrapy {scrapy.__version__} lacks "
            f"{'; '.join(missing)} (crawlers/scrapy_internals.py)"
        )
