"""Progress where no terminal draws bars (a log file, nohup): plain lines, not silence."""

from __future__ import annotations

import io
import subprocess
import sys

from outagewatch.progress import plain_progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_long_stage_says_where_it_is_every_interval_and_when_it_ends() -> None:
    out, clock = io.StringIO(), Clock()
    progress = plain_progress(out, every=30, clock=clock)
    progress("enrich", 0, 15_103)
    clock.now = 10
    progress("enrich", 500, 15_103)  # too soon for a line
    clock.now = 31
    progress("enrich", 1_510, 15_103)
    clock.now = 45
    progress("enrich", 2_000, 15_103)  # 14 s after the last line
    clock.now = 70
    progress("enrich", 15_103, 15_103)
    progress("enrich", 15_103, 15_103)  # said once
    assert out.getvalue().splitlines() == [
        "Enriching posts: 1,510/15,103 (9%), 0:00:31",
        "Enriching posts: 15,103/15,103 (100%), 0:01:10",
    ]


def test_a_short_stage_stays_silent() -> None:
    out, clock = io.StringIO(), Clock()
    progress = plain_progress(out, every=30, clock=clock)
    progress("detect", 0, 3)
    clock.now = 2
    progress("detect", 3, 3)
    assert out.getvalue() == ""


def test_stderr_to_a_file_gets_the_plain_writer_not_rich_bars(tmp_path) -> None:
    script = (
        "from outagewatch import progress as p\n"
        "p.PLAIN_EVERY = 0\n"
        "with p.stage_progress() as update:\n"
        "    update('enrich', 1, 2)\n"
        "    update('enrich', 2, 2)\n"
    )
    err = tmp_path / "err.txt"
    with err.open("w") as handle:
        subprocess.run([sys.executable, "-c", script], stderr=handle, check=True)
    assert err.read_text().splitlines() == [
        "Enriching posts: 1/2 (50%), 0:00:00",
        "Enriching posts: 2/2 (100%), 0:00:00",
    ]
