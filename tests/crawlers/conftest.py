"""Fixtures for crawler tests: local servers in subprocesses and crawl settings for them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from servers import replay_command, start_server

from outagewatch.settings import Settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEMO_END = "2026-11-27T12:00:00"
DEMO_SCALE = "0.3"  # a smaller simulated day keeps the end-to-end tests quick


@pytest.fixture
def serve_site(tmp_path: Path) -> Iterator[Callable[[dict[str, list[dict]]], str]]:
    """Start tests/crawlers/mockserver.py with the given routes; returns its base URL."""
    procs: list[subprocess.Popen] = []

    def start(routes: dict[str, list[dict]]) -> str:
        site = tmp_path / f"site{len(procs)}.json"
        site.write_text(json.dumps({"routes": routes}))
        proc, url = start_server([sys.executable, str(HERE / "mockserver.py"), str(site)])
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


@pytest.fixture
def serve_replay() -> Iterator[Callable[..., str]]:
    """Start the demo replay server (1 simulated day ending DEMO_END, DEMO_SCALE of the
    demo's volume) with optional faults."""
    procs: list[subprocess.Popen] = []

    def start(*faults: str) -> str:
        proc, url = start_server(replay_command(DEMO_END, DEMO_SCALE, faults))
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


@pytest.fixture
def local_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for crawling local servers: no delays, a fresh warehouse in tmp_path."""

    def make(**sources: dict[str, Any]) -> Settings:
        s = Settings(
            db_path=tmp_path / "warehouse.duckdb",
            data_dir=tmp_path,
            download_delay=0.0,
            autothrottle=False,
            concurrent_requests_per_domain=4,
        )
        for name in s.sources:
            s.sources[name]["enabled"] = name in sources
        for name, cfg in sources.items():
            s.sources.setdefault(name, {}).update(cfg, enabled=True)
        return s

    return make


@pytest.fixture
def sql() -> Callable[..., list[tuple]]:
    """Run a read-only query on a warehouse file: sql(db, "SELECT ...", [params])."""

    def run(db: Path, text: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute(text, params or []).fetchall()
        finally:
            con.close()

    return run
