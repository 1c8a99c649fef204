"""Fault-injection suite: shared worlds, settings and the `soak` marker.

The default run uses short versions (a few kills, 30 s of concurrent reads); `make soak`
(`pytest -m soak tests/faults`) runs the long ones: OUTAGEWATCH_SOAK_KILLS crawler kills
(default 50) and OUTAGEWATCH_SOAK_SECONDS of reads during writes (default 600).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from servers import replay_command, start_server

from outagewatch.demo.simulate import DemoWorld, simulate
from outagewatch.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
END = datetime(2026, 11, 27, 12)
SCALE = 0.3
# Measured numbers (kills survived, reads served...) for docs/reliability.md; outside the
# repository so a test run never leaves files to commit.
FIGURES = Path(
    os.environ.get("OUTAGEWATCH_FAULT_FIGURES")
    or Path(tempfile.gettempdir()) / "outagewatch-fault-figures"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: long fault-injection runs (make soak)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="long soak run: use `make soak` (pytest -m soak tests/faults)")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


def soak_kills() -> int:
    return int(os.environ.get("OUTAGEWATCH_SOAK_KILLS", "50"))


def soak_seconds() -> float:
    return float(os.environ.get("OUTAGEWATCH_SOAK_SECONDS", "600"))


def record_figure(name: str, data: dict[str, Any]) -> None:
    """Keep a test's measured figures (kills survived, reads served...) for the docs."""
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"{name}.json").write_text(json.dumps(data, indent=1, default=str))


@pytest.fixture(scope="session")
def world() -> DemoWorld:
    """One simulated day at 0.3 of the demo's volume (about 1,200 posts)."""
    return simulate(7, 1, END, SCALE)


def served(world: DemoWorld, source: str) -> int:
    return sum(1 for p in world.posts if p["source"] == source and p["created_at"] <= END)


def make_settings(tmp: Path, base: str, **extra: dict[str, Any]) -> Settings:
    """Crawl settings pointing mastodon, hackernews and statuspage at a local server."""
    s = Settings(
        db_path=tmp / "warehouse.duckdb",
        data_dir=tmp,
        download_delay=0.0,
        autothrottle=False,
        concurrent_requests_per_domain=4,
    )
    for name in s.sources:
        s.sources[name]["enabled"] = False
    s.sources["mastodon"].update(enabled=True, instances=[base], modes=["public"], max_pages=100000)
    s.sources["hackernews"].update(enabled=True, base_url=base, queries=[""], max_pages=1000)
    s.sources["statuspage"].update(enabled=True, base_url=f"{base}/status", all_services=True)
    for name, cfg in extra.items():
        s.sources[name].update(cfg)
    return s


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def replay_process() -> Iterator[Callable[..., str]]:
    """Start the demo replay server as a subprocess (the same world as `world`)."""
    procs: list[subprocess.Popen] = []

    def start(*faults: str) -> str:
        proc, url = start_server(replay_command(END.isoformat(), SCALE, faults))
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


def cli_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OUTAGEWATCH_SALT": "test-salt"}
    env.update(extra)
    return env
