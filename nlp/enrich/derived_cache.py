"""Files derived at start-up and kept between runs, in one folder: the ONNX export and the
symptom sentences' vectors (embed.py, onnx_embed.py) and the gazetteer (gazetteer.py).

The gazetteer costs about 2.5 s of CPU to build from GeoNames and ISO data, at every start
of `analyze`, `process`, `demo` and every other command that enriches posts; read back from
a pickle it costs 0.3 s. A table is kept under a fingerprint of everything it is built from
(the code that builds it, its data files, the libraries' versions), so a change to any of
them builds afresh. The cache is only ever a shortcut: a file that cannot be read, written
or unpickled is built in memory as before, and said at DEBUG only.

Where: ``$OUTAGEWATCH_MODEL_CACHE``, else ``~/.cache/outagewatch``. The pickles are ones
this program wrote; like the code itself, they must be writable by their user alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

CACHE_ENV = "OUTAGEWATCH_MODEL_CACHE"
KEEP_TABLES = 3  # builds of each table: a few versions' worth, not one per edit ever made

T = TypeVar("T")


def cache_dir() -> Path:
    """Where derived files live: rebuilt if deleted."""
    base = os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "outagewatch"
    return Path(base)


def mark_used(path: Path) -> bool:
    """Renew a cached file's time, which pruning reads as its last use; False if it has
    just gone (another process pruned it). A read-only cache still serves."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    except OSError:
        pass
    return True


def last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def fingerprint(*parts: bytes | str) -> str:
    """A key for what a table is built from; the Python version and pickle protocol are in
    it too (a pickle of one version is not always readable by another)."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:20]


def cached_table(name: str, key: str, build: Callable[[], T]) -> T:
    """The table `name` as `build()` makes it: read from the cache when a file for `key` is
    there, else built and written for the next run."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as f:
            value = pickle.load(f)
        mark_used(path)
        return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # truncated, or written by an incompatible library version
        logger.debug("cached %s unreadable (%s: %s): building it", path, type(exc).__name__, exc)
    value = build()
    try:
        _write(folder, path, value)
        _prune(folder, name, keep=path)
    except OSError as exc:  # read-only home, full disk: the next run builds it again
        logger.debug("could not keep %s in %s: %s", name, folder, exc)
    return value


def _write(folder: Path, path: Path, value: object) -> None:
    """Whole or not at all: written under a temporary name, then renamed into place, so a
    process starting meanwhile never reads half a file (two writers write the same bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _prune(folder: Path, name: str, keep: Path) -> None:
    """Builds of the table beyond the most recently used few: each is several MB."""
    builds = sorted(folder.glob(f"{name}-*.pickle"), key=last_used, reverse=True)
    for old in [p for p in builds if p != keep][KEEP_TABLES - 1 :]:
        old.unlink(missing_ok=True)
