"""Fixtures for the demo world: one simulated week, and a small world served locally."""

from __future__ import annotations

from datetime import datetime

import pytest

from outagewatch.demo.replay_server import serve
from outagewatch.demo.simulate import DemoWorld, simulate

END = datetime(2026, 3, 14, 18, 2, 31)  # deliberately not on a 5-minute boundary


@pytest.fixture(scope="session")
def week() -> DemoWorld:
    return simulate(seed=7, days=7, end=END)


@pytest.fixture(scope="session")
def small_world() -> DemoWorld:
    return simulate(seed=11, days=2, end=END, scale=0.3)


@pytest.fixture(scope="module")
def server(small_world):
    srv, url = serve(small_world)
    yield srv, url
    srv.stop()
