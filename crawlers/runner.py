"""Run a crawl in a child process and report progress and per-source stats.

Twisted's reactor cannot be restarted, and `outagewatch run` crawls every few minutes in
one process, so each crawl runs in `python -m crawlers.runner`: the parent writes the
resolved Settings as JSON on the child's stdin and reads JSON lines from its stdout
(`{"event": "progress"|"stats"|"skipped", "source": ..., ...}`); the child's log lines
arrive on stderr and are relayed to the `crawlers` logger. Killing the child at any point
is safe: posts are committed before the cursors that cover them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from crawlers.normalise import to_utc
from outagewatch.settings import Settings
from outagewatch.sources import SOURCES

logger = logging.getLogger("crawlers")
ROOT = Path(__file__).resolve().parents[1]
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
Progress = Callable[[str, dict[str, Any]], None]


class CrawlError(RuntimeError):
    """The crawl child process failed; the message carries the end of its log."""


def settings_to_json(settings: Settings) -> str:
    data = {f.name: getattr(settings, f.name) for f in fields(settings)}
    return json.dumps(data, default=str)


def settings_from_json(text: str) -> Settings:
    data = json.loads(text)
    for name in ("db_path", "data_dir", "config_path", "catalog_path"):
        if data.get(name) is not None:
            data[name] = Path(data[name])
    data["catalog_extra"] = tuple(Path(p) for p in data.get("catalog_extra") or ())
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in data.items() if k in known})


# the registered sources that are not Scrapy spiders: each runs as its own child process
EXTRA_SOURCES = {s.name: s.process for s in SOURCES if s.process}


def unknown_sources(sources: Sequence[str]) -> str | None:
    """What to tell a user who named a source that does not exist, else None. Read from the
    registry, as `crawlers.spiders.SPIDERS` is: importing the spiders (Scrapy) here cost each
    `crawl` and `run` 0.3 s before its crawl child imported them again."""
    known = [*(s.name for s in SOURCES if s.spider), *EXTRA_SOURCES]
    if unknown := [s for s in sources if s not in known]:
        return f"unknown source(s) {', '.join(unknown)}; choose from {', '.join(known)}"
    return None


def run_crawl(
    settings: Settings,
    sources: list[str] | None = None,
    services: list[str] | None = None,
    since: datetime | None = None,
    progress: Progress | None = None,
    timeout: float | None = None,
    repeats: RepeatedWarnings | None = None,
) -> dict[str, dict[str, int]]:
    """Crawl the given sources (default: all enabled) once; return per-source stats
    {requests, posts_new, posts_dup, official_new, errors}. Safe to call repeatedly.

    `progress(source, info)` is called with the running stats (plus `done`: 1 on the
    source's last call) after each stored batch, or with {"skipped": reason} for a source
    that cannot run (no credentials)."""
    if settings.hash_authors:
        _ = settings.salt  # create the salt file here, not racily in the child
    names = list(sources) if sources else None
    extra = [
        module
        for name, module in EXTRA_SOURCES.items()
        if (name in names if names else bool(settings.source(name).get("enabled", False)))
    ]
    spiders = [n for n in names if n not in EXTRA_SOURCES] if names else None
    level = logging.getLevelName(logger.getEffectiveLevel())
    common = [arg for slug in services or [] for arg in ("--service", slug)] + [
        "--log-level",
        level,
    ]
    commands = []
    if spiders is None or spiders:
        cmd = [sys.executable, "-m", "crawlers.runner", *common]
        cmd += [arg for name in spiders or [] for arg in ("--source", name)]
        if since is not None:
            cmd += ["--since", since.isoformat()]
        commands.append(cmd)
    commands += [[sys.executable, "-m", module, *common] for module in extra]
    return _run_children(commands, settings_to_json(settings), progress, timeout, repeats)


def _run_children(
    commands: list[list[str]],
    payload: str,
    progress: Progress | None,
    timeout: float | None,
    repeats: RepeatedWarnings | None = None,
) -> dict[str, dict[str, int]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    events: queue.Queue[tuple[int, str | None]] = queue.Queue()
    procs, tails, relays = [], [], []
    try:
        for i, cmd in enumerate(commands):
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                text=True,
                encoding="utf-8",
                errors="replace",
            )
            procs.append(proc)
            tails.append([])
            relay = threading.Thread(
                target=_relay_logs, args=(proc.stderr, tails[-1], repeats), daemon=True
            )
            relay.start()
            relays.append(relay)
            threading.Thread(target=_read_lines, args=(proc.stdout, i, events), daemon=True).start()
            assert proc.stdin
            proc.stdin.write(payload)
            proc.stdin.close()
        results: dict[str, dict[str, int]] = {}
        failures: dict[str, tuple[str, str]] = {}  # source -> (exception name, message)
        open_streams = len(procs)
        deadline = None if timeout is None else time.monotonic() + timeout
        while open_streams:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                _, line = events.get(timeout=wait)
            except queue.Empty:
                raise CrawlError(f"crawl did not finish within {timeout} s") from None
            if line is None:
                open_streams -= 1
                continue
            _dispatch(line, results, progress, failures)
        for proc in procs:
            proc.wait(timeout=30)
        # the children's last log lines are relayed before the caller prints its summary:
        # a warning written while the caller's table is drawn lands inside the table
        for relay in relays:
            relay.join(timeout=10)
    except BaseException:
        for proc in procs:
            proc.kill()
            proc.wait()
        raise
    _settle_failures(failures, results)
    for proc, tail in zip(procs, tails, strict=True):
        if proc.returncode != 0:
            raise CrawlError(crashed(proc.returncode, tail))
    return results


def crashed(code: int, tail: list[str]) -> str:
    """What to say of a crawl child that died: its last line (a traceback's is the error
    itself), and where the rest is; with -v, the end of its log as it was."""
    if logger.isEnabledFor(logging.DEBUG):
        return f"crawl process exited with code {code}:\n" + "\n".join(tail[-15:])
    last = next((line.strip() for line in reversed(tail) if line.strip()), "")
    said = f": {last}" if last else ""
    return f"crawl process exited with code {code}{said} (run with -v for the traceback)"


def _read_lines(stream: Any, index: int, events: queue.Queue) -> None:
    for line in stream:
        events.put((index, line))
    events.put((index, None))


def _warehouse_error(name: str) -> type[Exception] | None:
    """The warehouse error class a child named (db.NotAWarehouse, db.WarehouseLocked...),
    else None: looked up by name, so a new WarehouseError subclass needs no list here."""
    from warehouse import db

    cls = getattr(db, name, None) if name.isidentifier() else None
    if isinstance(cls, type) and issubclass(cls, db.WarehouseError):
        return cls
    return None


def _settle_failures(
    failures: dict[str, tuple[str, str]], results: dict[str, dict[str, Any]]
) -> None:
    """A warehouse error (per file: every spider meets it) is raised as its own class, so
    `run` says "cycle failed: WarehouseLocked: …" as for its own writes. Any other failure
    (one source's config, a spider's bug) is that source's error: counted in its results and
    said in a warning, while the other sources' results stand and the cycle goes on."""
    for name, message in failures.values():
        if (cls := _warehouse_error(name)) is not None:
            raise cls(message)
    for source, (name, message) in failures.items():
        logger.warning("%s: the crawl failed to run: %s: %s", source, name, message)
        stats = results.setdefault(source, {})
        stats["errors"] = int(stats.get("errors", 0)) + 1
        stats["failed"] = f"{name}: {message}" if message else name


def _dispatch(
    line: str,
    results: dict[str, dict[str, int]],
    progress: Progress | None,
    failures: dict[str, tuple[str, str]] | None = None,
) -> None:
    try:
        msg = json.loads(line)
    except json.JSONDecodeError:
        logger.debug("crawl child: %s", line.rstrip())
        return
    source, event = msg.get("source", ""), msg.get("event")
    if event == "failed":
        if failures is not None:
            failures[source] = (str(msg.get("error", "")), str(msg.get("message", "")))
        return
    if event == "stats":
        results[source] = msg["stats"]
        if msg.get("skipped_for"):  # [[count, reason, kind], ...], commonest first
            results[source]["skipped_for"] = msg["skipped_for"]
    if progress is None:
        return
    if event == "skipped":
        progress(source, {"skipped": msg.get("reason", "")})
    else:
        progress(source, dict(msg.get("stats", {}), done=int(event == "stats")))


# Scrapy middlewares whose failures reach the spider's errback, which logs them in one line
# (the download handlers' and decompression's "larger than download max size" too: the
# spider names the size and the limit)
_SAID_BY_SPIDERS = (
    "scrapy.downloadermiddlewares.retry",
    "scrapy.downloadermiddlewares.robotstxt",
    "scrapy.downloadermiddlewares.httpcompression",
    "scrapy.core.downloader.handlers",
)


_LIKE_IT = re.compile(r"; and \d+ more like it \(-v lists each\)$")


class RepeatedWarnings:
    """Shows a warning that a crawl child repeats word for word at most once an hour.

    `outagewatch run --every 5m` starts a child every five minutes, and a standing problem
    (a source without its token, say) would otherwise say the same line 288 times a day; the
    repeats go to DEBUG (`-v` shows them) and the next showing says how many were held back.
    """

    def __init__(self, interval: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        self.interval, self.clock = interval, clock
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}  # -> (shown at, held back)
        self._lock = threading.Lock()

    def review(self, level: int, name: str, message: str) -> tuple[int, str]:
        """The level and message to log this record with: DEBUG for a repeat within the
        interval, and a count of the repeats held back when the warning is next shown."""
        if level != logging.WARNING:
            return level, message
        # a spider's skip line counts its like failures: the same line with another count
        now, key = self.clock(), (name, _LIKE_IT.sub("", message))
        with self._lock:
            shown, held = self._seen.get(key, (None, 0))
            if shown is not None and now - shown < self.interval:
                self._seen[key] = (shown, held + 1)
                return logging.DEBUG, message
            self._seen[key] = (now, 0)
        if held:
            message += f" (also said {held} times since it was last shown; -v shows each)"
        return level, message


def _relay_logs(stream: Any, tail: list[str], repeats: RepeatedWarnings | None = None) -> None:
    """Child log records ('LEVEL name: message' plus continuation lines such as
    tracebacks) go to our logging at the same level (a repeat `repeats` holds back at DEBUG)."""
    record: list[Any] = []  # [level, logger name, lines]

    def flush_record() -> None:
        if record:
            lines = record[2]
            if not logger.isEnabledFor(logging.DEBUG) and any(
                line.startswith("Traceback") for line in lines[1:]
            ):
                # Scrapy's middlewares log a whole traceback for a refused connection; the
                # message and the exception's last line say it (-vv shows the rest)
                last = next((line.strip() for line in reversed(lines) if line.strip()), "")
                lines = [lines[0] + (f" ({last})" if last and last not in lines[0] else "")]
            level = record[0]
            if repeats is not None:
                level, lines[0] = repeats.review(level, record[1], lines[0])
            logging.getLogger(record[1]).log(level, "%s", "\n".join(lines))
            record.clear()

    for raw in stream:
        line = raw.rstrip("\n")
        tail.append(line)
        del tail[:-50]
        level_name, _, rest = line.partition(" ")
        level = logging.getLevelName(level_name)
        if not isinstance(level, int) or ": " not in rest:
            if record:
                record[2].append(line)
            elif line.strip():
                logger.debug("crawl child: %s", line)
            continue
        flush_record()
        name, _, message = rest.partition(": ")
        if not name.startswith(("crawlers", "scrapy")):
            name = f"crawlers.{name}"  # spider loggers are named after the spider
        if name.startswith(_SAID_BY_SPIDERS) and level > logging.DEBUG:
            level = logging.DEBUG  # the spider's own "skipped URL: reason" line says it once
        record.extend([level, name, [message]])
    flush_record()


# -- child side -----------------------------------------------------------------------------
def emit(out: Any, event: str, source: str, **data: Any) -> None:
    out.write(json.dumps({"event": event, "source": source, **data}, default=str) + "\n")
    out.flush()


def child_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.runner")
    parser.add_argument("--source", action="append", default=[])
    parser.add_argument("--service", action="append", default=[])
    parser.add_argument("--since", default=None)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    out = sys.stdout
    sys.stdout = sys.stderr  # stdout carries only our JSON lines

    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.reactor import install_reactor

    # imported here, before the engine: importing Scrapy's TLS context factory (which the
    # HTTP handler does) reads the whole call stack for a deprecation shim, 0.5 s from
    # inside the engine's start and a few ms from here
    import crawlers.handlers  # noqa: F401
    from crawlers.contact import contact_problem
    from crawlers.pipelines import STORE_FLUSHED, crawl_stats
    from crawlers.settings import scrapy_settings
    from crawlers.spiders import SPIDERS
    from warehouse.db import WarehouseError

    settings = settings_from_json(sys.stdin.read())
    since = to_utc(args.since) if args.since else None
    names = args.source or [n for n in SPIDERS if settings.source(n).get("enabled", False)]
    if not names:
        return 0
    unknown = [n for n in names if n not in SPIDERS]
    if unknown:
        known = ", ".join([*SPIDERS, *EXTRA_SOURCES])
        print(f"unknown source(s): {', '.join(unknown)}; known: {known}", file=sys.stderr)
        return 2
    scrapy_cfg = scrapy_settings(settings, args.log_level)
    scrapy_cfg.update(LOG_FORMAT=LOG_FORMAT, LOG_DATEFORMAT="%H:%M:%S")
    process = CrawlerProcess(scrapy_cfg)
    # installed here, not by the first crawler as Scrapy does: a first spider that raises as
    # it starts (before its settings are applied) left no reactor, and every other spider
    # failed with "We expected a Twisted reactor to be installed"
    install_reactor(scrapy_cfg["TWISTED_REACTOR"], scrapy_cfg.get("ASYNCIO_EVENT_LOOP"))
    # once per crawl; a local server (download_delay 0: tests, the demo) needs no contact,
    # and Reddit sends a User-Agent of its own (sources.reddit.user_agent)
    problem = contact_problem(settings)
    if problem and settings.download_delay != 0 and set(names) - {"reddit"}:
        logger.warning("%s", problem)
    handlers: list[Any] = []  # signal receivers are weak references: keep ours alive
    failures: list[bool] = []  # per failed source: was it a warehouse error (`failed` below)
    for name in names:
        cls = SPIDERS[name]
        reason = cls.unavailable(settings)
        if reason:
            emit(out, "skipped", name, reason=reason)
            continue
        crawler = process.create_crawler(cls)

        def report(
            spider: Any, crawler: Any = crawler, name: str = name, event: str = "progress"
        ) -> None:
            emit(out, event, name, stats=crawl_stats(crawler.stats.get_stats()))

        def closed(spider: Any, reason: str, crawler: Any = crawler, name: str = name) -> None:
            tally = getattr(spider, "tally", None)
            emit(
                out,
                "stats",
                name,
                stats=crawl_stats(crawler.stats.get_stats()),
                reason=reason,
                skipped_for=tally.summary() if tally is not None else [],
            )

        def failed(failure: Any, name: str = name) -> None:
            # consumed here, not left to Twisted's "Unhandled error in Deferred" (several
            # CRITICAL lines, then exit 0 as if the crawl had run): the parent is told what
            # failed: a warehouse error it raises ("cycle failed: WarehouseLocked: …"), any
            # other is that source's error and the other sources go on
            exc = failure.value
            lines = str(exc).strip().splitlines()
            emit(out, "failed", name, error=type(exc).__name__, message=lines[0] if lines else "")
            logger.debug("%s failed", name, exc_info=(type(exc), exc, failure.getTracebackObject()))
            failures.append(isinstance(exc, WarehouseError))

        handlers += [report, closed, failed]
        crawler.signals.connect(report, signal=STORE_FLUSHED)
        crawler.signals.connect(closed, signal=signals.spider_closed)
        started = process.crawl(
            crawler, ow_settings=settings, services=args.service or None, since=since
        )
        started.addErrback(failed)
    process.start()
    # a spider that could not open the warehouse (its cursors are read in __init__: a lock
    # held past the wait) is a failed crawl, not an empty one; any other failure was reported
    # as its source's error above
    return 1 if any(failures) or (process.bootstrap_failed and not failures) else 0


if __name__ == "__main__":
    sys.exit(child_main())
