"""Scrapy settings for outagewatch's crawlers: polite defaults, built from Settings.

The module-level names are what `scrapy crawl` reads (scrapy.cfg); `outagewatch crawl`
calls `scrapy_settings(settings)` so the TOML configuration decides instead.
"""

from __future__ import annotations

import os
from typing import Any

from outagewatch.settings import DEFAULT_USER_AGENT, Settings

BOT_NAME = "outagewatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"
USER_AGENT = DEFAULT_USER_AGENT
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# A status page or a search answer is a few hundred kB; anything past 10 MB is a fault.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 2.0  # seconds; doubled per attempt when the server names no wait
# Longest wait for a Retry-After or a rate-limit reset (X-RateLimit-Reset...); a longer one
# gives the request up for this run (crawlers/middlewares.py).
RETRY_AFTER_MAX = 300.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's RemoteControl runs Python code sent to an HTTP port on localhost and leaves a
# job file with its token in ~/.local/state/scrapy for every crawl killed: an unattended
# crawler needs neither. It is left out of the extensions' base (scrapy_settings), so it is
# not even imported; set to None in EXTENSIONS it still was, as Scrapy loads every key of
# the base and the setting to merge them (with aiohttp: about 0.1 s of CPU at every crawl
# child's start).
REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Counts the answers that reach a spider's callback (crawlers/answers.py): after
# HttpErrorMiddleware (50), which turns an error status into the spider's errback
SPIDER_MIDDLEWARES = {"crawlers.answers.CountAnswers": 60}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    # Scrapy's own, but obeyed by the requests queued while robots.txt loads (crawlers/robots.py)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.robots.EveryWaiterRobotsTxt": 100,
    "crawlers.middlewares.RetryAfterMiddleware": 550,
}
# The HTTP handler with a last check for a host paused by a rate limit (crawlers/handlers.py)
DOWNLOAD_HANDLERS = {
    "http": "crawlers.handlers.PausableHTTPDownloadHandler",
    "https": "crawlers.handlers.PausableHTTPDownloadHandler",
}
ITEM_PIPELINES = {
    "crawlers.pipelines.NormalisePipeline": 100,
    "crawlers.pipelines.HashAuthorsPipeline": 200,
    "crawlers.pipelines.StorePipeline": 900,
}

_NAMES = [
    "BOT_NAME",
    "SPIDER_MODULES",
    "NEWSPIDER_MODULE",
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_WARNSIZE",
    "RETRY_ENABLED",
    "RETRY_TIMES",
    "RETRY_HTTP_CODES",
    "RETRY_BACKOFF_BASE",
    "RETRY_AFTER_MAX",
    "COOKIES_ENABLED",
    "TELNETCONSOLE_ENABLED",
    "LOG_LEVEL",
    "TWISTED_REACTOR",
    "SPIDER_MIDDLEWARES",
    "DOWNLOADER_MIDDLEWARES",
    "DOWNLOAD_HANDLERS",
    "ITEM_PIPELINES",
]


# Environment knobs the crawl reads, with an example value for the message about a bad one:
# the write batch size and interval (tests, very slow disks) and the download timeout (a
# slow source; fault tests make a hung server fail quickly).
ENV_KNOBS = {
    "OUTAGEWATCH_FLUSH_EVERY": "500",
    "OUTAGEWATCH_FLUSH_SECONDS": "10",
    "OUTAGEWATCH_DOWNLOAD_TIMEOUT": "30",
}


def env_knobs() -> dict[str, float]:
    """The crawl's environment knobs that are set, as numbers. A bad one raises ValueError
    saying which and what it takes; `crawl` and `run` check before starting the crawl child,
    whose traceback would otherwise be the message."""
    out = {}
    for knob, example in ENV_KNOBS.items():
        raw = os.environ.get(knob, "").strip()
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not value > 0 or value == float("inf"):
            unit = "number" if knob == "OUTAGEWATCH_FLUSH_EVERY" else "number of seconds"
            raise ValueError(f"{knob}={raw!r} is no positive {unit}, e.g. {example}")
        out[knob] = value
    return out


def scrapy_settings(settings: Settings, log_level: str = "INFO") -> dict[str, Any]:
    """Scrapy settings for one crawl, from outagewatch's resolved Settings."""
    from scrapy.settings import default_settings

    out = {name: globals()[name] for name in _NAMES}
    out["EXTENSIONS_BASE"] = {
        path: order
        for path, order in default_settings.EXTENSIONS_BASE.items()
        if path != REMOTE_CONTROL
    }
    out.update(
        USER_AGENT=settings.user_agent,
        ROBOTSTXT_OBEY=settings.obey_robots,
        AUTOTHROTTLE_ENABLED=settings.autothrottle,
        DOWNLOAD_DELAY=settings.download_delay,
        CONCURRENT_REQUESTS_PER_DOMAIN=settings.concurrent_requests_per_domain,
        LOG_LEVEL=log_level,
        OUTAGEWATCH_SETTINGS=settings,
    )
    for knob, value in env_knobs().items():
        out["DOWNLOAD_TIMEOUT" if knob == "OUTAGEWATCH_DOWNLOAD_TIMEOUT" else knob] = value
    if settings.download_delay == 0:
        # Local servers (tests, the offline demo): no waiting between retries either.
        out.update(RETRY_BACKOFF_BASE=0.0, AUTOTHROTTLE_START_DELAY=0.0)
    return out


def source_delay(settings: Settings, name: str, pace: float | None) -> float:
    """Seconds between one source's requests: its own `download_delay`, else its API's pace
    (from the API's published rate limit), else the global `download_delay`, which is for
    hosts that publish no limit (status pages, feeds). A global 0 means a local server.

    The global delay (1 s) used to be a floor for every source, so Hacker News (0.4 s) and
    Reddit (then 0.6 s) went at 1 s and a run of their budgets took twice as long as planned."""
    cfg = settings.source(name)
    if "download_delay" in cfg:
        return float(cfg["download_delay"])
    if settings.download_delay == 0:
        return 0.0
    return settings.download_delay if pace is None else pace
