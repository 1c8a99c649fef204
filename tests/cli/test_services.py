"""`outagewatch services` lists the catalog without a warehouse, and `crawl --service` with a
brand name instead of a slug says which slug was meant and how to list them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run_cli

from outagewatch.catalog import load_catalog


def test_services_lists_every_slug_without_a_warehouse(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no" / "warehouse.duckdb"
    monkeypatch.setenv("OUTAGEWATCH_DB", str(missing))
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)
    monkeypatch.delenv("OUTAGEWATCH_CATALOG", raising=False)
    code, out, err = run_cli(["services"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["slug", "name", "category"]
    slugs = [line.split()[0] for line in lines[1:]]
    catalog = load_catalog()
    assert slugs == sorted(s.slug for s in catalog)
    assert f"{len(catalog):,} services" in err
    spotify = next(line for line in lines if line.startswith("spotify "))
    assert spotify.split() == ["spotify", "Spotify", "streaming"]
    assert not missing.parent.exists()


def test_services_by_category(capsys) -> None:
    code, out, err = run_cli(["services", "--category", "Streaming"], capsys)
    assert code == 0, err
    rows = [line.split() for line in out.splitlines()[1:]]
    expected = sorted(s.slug for s in load_catalog() if s.category == "streaming")
    assert [r[0] for r in rows] == expected and {r[-1] for r in rows} == {"streaming"}


def crawl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A subprocess: `crawl` sets the SIGTERM handler of the process it runs in."""
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "crawl", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize(
    "typed, meant",
    [("Spotify", "spotify"), ("Disney+", "disney-plus"), ("netflx", "netflix")],
)
def test_a_wrong_slug_names_the_one_meant(typed: str, meant: str, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    out = crawl("--service", typed, "--db", str(db))
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == (
        f"error: unknown service slug(s) {typed} (did you mean {meant!r}?); "
        "`outagewatch services` lists every slug"
    )
    assert not db.exists()


def test_a_slug_like_no_other_gets_no_guess(tmp_path: Path) -> None:
    out = crawl("--service", "zzqx", "--service", "spotify", "--db", str(tmp_path / "w.duckdb"))
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "error: unknown service slug(s) zzqx; `outagewatch services` lists every slug"
    )


def test_since_help_says_what_is_skipped_for_good() -> None:
    out = crawl("--help")
    text = " ".join(out.stdout.split())
    assert "they are skipped for good" in text
    for source in ("mastodon", "hackernews", "bluesky", "reddit", "x"):
        assert source in text.split("cursor (", 1)[1].split(")", 1)[0]


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param(
            "- slug: qp\n  name: Quillpad\n  alias: [Quill Pad]\n",
            "{path}: catalog entry 'qp': unknown field 'alias'; did you mean 'aliases'?",
            id="unknown-field",
        ),
        pytest.param(
            "- slug: qp\n  name: Quillpad\n  aliases: [Quill Pad\n",
            "catalog file {path}, line 4 column 1: did not find expected ',' or ']' (while "
            "parsing a flow sequence) (not valid YAML)",
            id="yaml-syntax",
        ),
    ],
)
def test_a_bad_catalog_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, "utf-8")
    monkeypatch.setenv("OUTAGEWATCH_CATALOG", str(path))
    code, out, err = run_cli(["services"], capsys)
    assert (code, out) == (2, "")
    assert err == f"error: {message.format(path=path)}\n"


def test_crawl_with_a_bad_catalog_stops_before_crawling(tmp_path: Path) -> None:
    """The spiders read the catalog in the crawl processes, where a mistake had failed each
    to start and the crawl "crawled 0 source(s)" with exit code 0."""
    path = tmp_path / "mine.yaml"
    path.write_text("- slug: qp\n  name: Quillpad\n  alias: [Quill Pad]\n", "utf-8")
    db = tmp_path / "w.duckdb"
    env = {**os.environ, "OUTAGEWATCH_CATALOG_EXTRA": str(path)}
    out = crawl("--source", "hackernews", "--db", str(db), env=env)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == (
        f"error: {path}: catalog entry 'qp': unknown field 'alias'; did you mean 'aliases'?\n"
    )
    assert not db.exists()
