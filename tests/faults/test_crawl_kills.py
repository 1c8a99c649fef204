"""No post lost, none duplicated: SIGKILL the crawler at random points, restart, repeat.

The crawl child (`python -m crawlers.runner`, exactly what `outagewatch crawl` starts)
is killed after a random delay, many times in a row, on the same warehouse; then one
crawl runs to its end. The warehouse must hold exactly the posts and official incidents
the replay server served, each once, and pass `outagewatch status --check`.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from crawlers.runner import run_crawl, settings_to_json

from .conftest import (
    ROOT,
    cli_env,
    make_settings,
    query,
    record_figure,
    served,
    soak_kills,
)

SLOW = "/api/v1/timelines/public=slow:100000:0.12"  # stretch the crawl so kills land inside


def _stored(db: Path) -> int | None:
    """Posts in the warehouse, or None while the crawler holds the file for a write."""
    if not db.exists():
        return 0
    try:
        return query(db, "SELECT count(*) FROM posts")[0][0]
    except duckdb.Error:
        return None


def _kill_once(settings, rng: random.Random | None) -> tuple[float, int]:
    """Start the crawl child and SIGKILL it: after a random delay, or (rng None) as soon as
    it has stored posts beyond those already there, so the kill lands inside the crawl."""
    db = Path(settings.db_path)
    before = _stored(db) or 0
    child = subprocess.Popen(
        [sys.executable, "-m", "crawlers.runner"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=cli_env(OUTAGEWATCH_FLUSH_EVERY="25", OUTAGEWATCH_FLUSH_SECONDS="0.5"),
    )
    assert child.stdin
    child.stdin.write(settings_to_json(settings))
    child.stdin.close()
    start = time.monotonic()
    if rng is None:
        while time.monotonic() - start < 120 and child.poll() is None:
            if (_stored(db) or 0) > before:
                break
            time.sleep(0.1)
    else:
        time.sleep(rng.uniform(4.5, 7.5))  # the child needs a few seconds to start Scrapy
    child.kill()  # SIGKILL: no clean-up of any kind
    child.wait()
    return time.monotonic() - start, _stored(db) or 0


def _kill_and_finish(
    world, replay_process, tmp_path, kills: int, rng: random.Random | None
) -> dict:
    base = replay_process(SLOW)
    settings = make_settings(tmp_path, base)
    slugs = list(world.official_incidents)
    settings.sources["statuspage"]["pages"] = {s: f"{base}/status/{s}" for s in slugs}
    history = [_kill_once(settings, rng) for _ in range(kills)]
    final = run_crawl(settings)
    want_posts = served(world, "mastodon") + served(world, "hackernews")
    want_official = sum(len(v) for v in world.official_incidents.values())
    db = settings.db_path
    total, distinct = query(db, "SELECT count(*), count(DISTINCT post_key) FROM posts")[0]
    assert distinct == total  # none duplicated
    assert total == want_posts  # none lost
    assert query(db, "SELECT count(*) FROM official_incidents")[0][0] == want_official
    assert all(s["errors"] == 0 for s in final.values())
    check = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "status", "--check", "--db", str(db)],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=ROOT,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "integrity check passed" in check.stdout
    mid = sum(1 for _, n in history if 0 < n < want_posts)
    return {
        "kills": kills,
        "kills_mid_crawl": mid,
        "posts_served": want_posts,
        "posts_stored": total,
        "posts_lost": want_posts - total,
        "duplicates": total - distinct,
        "stored_after_each_kill": [n for _, n in history],
    }


def test_crawler_killed_3_times_loses_and_duplicates_nothing(world, replay_process, tmp_path):
    """Each kill comes once the crawl has stored more posts, so all three land inside it."""
    figures = _kill_and_finish(world, replay_process, tmp_path, kills=3, rng=None)
    assert figures["kills_mid_crawl"] == 3, figures["stored_after_each_kill"]
    record_figure("crawl_kills_short", figures)


@pytest.mark.soak
def test_crawler_killed_50_times_soak(world, replay_process, tmp_path):
    figures = _kill_and_finish(
        world, replay_process, tmp_path, kills=soak_kills(), rng=random.Random(50)
    )
    assert figures["kills_mid_crawl"] >= figures["kills"] // 3
    record_figure("crawl_kills_soak", figures)
