"""The derived-files cache: a table built once is read back on the next start, a change to
what it is built from builds it afresh, and a cache that cannot be used costs only time."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from nlp.enrich import derived_cache, gazetteer
from nlp.enrich.derived_cache import cached_table, fingerprint


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(derived_cache.CACHE_ENV, str(folder))
    return folder


class Builds:
    """A build that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_a_table_is_built_once_then_read_back(cache: Path) -> None:
    build = Builds({"berlin": [1, 2], "paris": [3]})
    first = cached_table("places", "k1", build)
    second = cached_table("places", "k1", build)  # as the next process would
    assert first == second == build.value and build.calls == 1
    assert [p.name for p in cache.iterdir()] == ["places-k1.pickle"]  # no temporary left
    cached_table("places", "k2", build)  # what it is built from changed
    assert build.calls == 2


@pytest.mark.parametrize(
    "damage",
    [pytest.param(b"", id="empty"), pytest.param(b"\x80\x05garbage", id="truncated")],
)
def test_a_damaged_file_is_built_again_and_replaced(cache: Path, damage: bytes) -> None:
    cache.mkdir()
    (cache / "places-k1.pickle").write_bytes(damage)
    build = Builds(["a table"])
    assert cached_table("places", "k1", build) == ["a table"] and build.calls == 1
    assert pickle.loads((cache / "places-k1.pickle").read_bytes()) == ["a table"]


def test_a_cache_that_cannot_be_written_still_gives_the_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(derived_cache.CACHE_ENV, str(blocked / "cache"))
    build = Builds(["a table"])
    assert cached_table("places", "k1", build) == ["a table"]
    assert cached_table("places", "k1", build) == ["a table"] and build.calls == 2


def test_only_the_most_recently_used_builds_are_kept(cache: Path) -> None:
    cache.mkdir()
    for i in range(4):
        old = cache / f"places-old{i}.pickle"
        old.write_bytes(pickle.dumps(i))
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    (cache / "other-old0.pickle").write_bytes(b"another table's")
    cached_table("places", "old0", Builds(None))  # read: marked used
    cached_table("places", "new", Builds("new"))
    left = sorted(p.name for p in cache.iterdir())
    assert derived_cache.KEEP_TABLES == 3
    assert left == [
        "other-old0.pickle",
        "places-new.pickle",
        "places-old0.pickle",
        "places-old3.pickle",
    ]


def test_the_gazetteer_key_follows_what_it_is_built_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    key = gazetteer._build_key(15000)
    assert gazetteer._build_key(15000) == key
    assert gazetteer._build_key(5000) != key
    table = tmp_path / "admin1_iso.json"
    table.write_bytes(gazetteer.ADMIN1_TABLE.read_bytes() + b" ")
    monkeypatch.setattr(gazetteer, "ADMIN1_TABLE", table)
    assert gazetteer._build_key(15000) != key
    assert fingerprint("a", "bc") != fingerprint("ab", "c")


def test_the_gazetteer_read_back_is_the_one_built() -> None:
    """What the next process reads: every name, pattern and coordinate of this one's."""
    built = gazetteer.load_gazetteer()
    read = pickle.loads(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
    assert read.index == built.index and read.folded == built.folded
    assert read.stems == built.stems and read.translated == built.translated
    assert read.cjk is not None and read.cjk.pattern == built.cjk.pattern
    assert (read.city_coords == built.city_coords).all()
    assert read.lookup("Sao Paulo") == built.lookup("São Paulo") != []
    assert read.one_city_abbreviated("MTY") == built.one_city_abbreviated("MTY")
