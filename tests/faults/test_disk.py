"""Disk trouble: a full disk or a read-only file system during writes leaves the warehouse
consistent, the commands say so in one clear line, and `status --check` verifies it.

The warehouse lives on a small tmpfs mounted for the test (root only); the test is
skipped, with the reason, where mounting is not allowed.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawlers.runner import run_crawl
from outagewatch.demo.replay_server import serve
from warehouse import db

from .conftest import ROOT, cli_env, make_settings, query, served


def _sh(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (full-disk and read-only tests)")
    result = _sh("mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(mnt))
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mnt
    finally:
        _sh("umount", "-l", str(mnt))


def _remount(mnt: Path, options: str) -> None:
    result = _sh("mount", "-o", f"remount,{options}", str(mnt))
    assert result.returncode == 0, result.stderr


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=cli_env(),
    )


def test_full_then_read_only_disk_keeps_the_warehouse_consistent(world, small_disk, caplog):
    server, base = serve(world)
    try:
        settings = make_settings(small_disk, base)
        settings.data_dir = small_disk.parent  # the salt file is not what fills the disk
        slugs = list(world.official_incidents)
        caplog.set_level(logging.INFO, logger="crawlers")
        # 1. The disk fills up during the crawl: clear errors, no traceback, nothing torn.
        first = run_crawl(settings, services=slugs, timeout=240)
        log = caplog.text
        assert "cannot write the warehouse" in log and "the disk is full" in log
        assert "Traceback" not in log
        assert sum(s["errors"] for s in first.values()) >= 1
        stored = query(settings.db_path, "SELECT count(*), count(DISTINCT post_key) FROM posts")[0]
        want = served(world, "mastodon") + served(world, "hackernews")
        assert stored[0] == stored[1] < want  # some posts could not be written
        check = _cli("status", "--check", "--db", str(settings.db_path))
        assert check.returncode == 0 and "integrity check passed" in check.stdout, check.stdout
        # a command that writes says so in one line, exit code 2
        full = _cli("prune", "--older-than", "90d", "--db", str(settings.db_path))
        if full.returncode != 0:  # prune may find nothing to write; when it fails, it is clear
            assert full.returncode == 2 and len(full.stderr.strip().splitlines()) == 1
            assert "disk is full" in full.stderr

        # 2. Read-only: writers refuse clearly, readers and the check still work.
        _remount(small_disk, "ro")
        ro = _cli("process", "--db", str(settings.db_path))
        assert ro.returncode == 2, ro.stderr
        assert ro.stderr.strip().startswith("error:") and "read-only" in ro.stderr
        assert len(ro.stderr.strip().splitlines()) == 1
        check = _cli("status", "--check", "--db", str(settings.db_path))
        assert check.returncode == 0 and "integrity check passed" in check.stdout, check.stdout
        with pytest.raises(db.WarehouseError, match="read-only"), db.writer(settings.db_path):
            pass

        # 3. Space comes back: the next crawl completes the set, each post once.
        _remount(small_disk, "rw,size=64m")
        run_crawl(settings, services=slugs, timeout=240)
        total = query(settings.db_path, "SELECT count(*), count(DISTINCT post_key) FROM posts")[0]
        assert total == (want, want)
        official = sum(len(v) for v in world.official_incidents.values())
        assert query(settings.db_path, "SELECT count(*) FROM official_incidents")[0][0] == official
        check = _cli("status", "--check", "--db", str(settings.db_path))
        assert check.returncode == 0 and "integrity check passed" in check.stdout, check.stdout
    finally:
        server.stop()
