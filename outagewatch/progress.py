"""Progress bars for long work, on stderr so stdout stays clean for data."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

LABELS = {
    "serve": "Replay server",
    "crawl": "Crawling",
    "enrich": "Enriching posts",
    "detect": "Detecting incidents",
}
PLAIN_EVERY = 30.0  # seconds between two plain progress lines when stderr is no terminal


@contextmanager
def stage_progress(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a callback `progress(stage, done, total)` that drives one bar per stage.

    On a terminal, live bars. Otherwise (a log file, nohup, a notebook's `!` cell) rich
    draws nothing, so a stage still going after `PLAIN_EVERY` seconds says where it is in
    one plain line that often: a short job stays silent, a long one is not a black box."""
    console = Console(stderr=True)
    if not enabled:
        yield lambda stage, done, total: None
        return
    if not console.is_terminal:
        yield plain_progress(sys.stderr, every=PLAIN_EVERY)
        return
    columns = (
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(LABELS.get(stage, stage), total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield update


def plain_progress(
    out: TextIO, every: float = PLAIN_EVERY, clock: Callable[[], float] = time.monotonic
) -> Callable[[str, int, int], None]:
    """`progress(stage, done, total)` writing "Enriching posts: 1,510/15,103 (10%), 0:00:30"
    at most once per `every` seconds of a stage, and once more when a stage that has
    spoken finishes."""
    started: dict[str, float] = {}
    said: dict[str, float] = {}

    def update(stage: str, done: int, total: int) -> None:
        now = clock()
        start = started.setdefault(stage, now)
        last = said.get(stage, start)
        finished = done >= total
        if now - last < every and not (finished and stage in said):
            return
        if finished and said.get(stage) == float("inf"):
            return
        elapsed = int(now - start)
        share = f" ({100 * done // max(total, 1)}%)" if total else ""
        clock_text = f"{elapsed // 3600}:{elapsed // 60 % 60:02d}:{elapsed % 60:02d}"
        out.write(f"{LABELS.get(stage, stage)}: {done:,}/{total:,}{share}, {clock_text}\n")
        out.flush()
        said[stage] = float("inf") if finished else now

    return update
