"""`analyze` reads the configured catalog, as crawl and process do: a service of one's own is
found, and a bundled one the catalog does not hold is not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cli_run import run_cli

MINE = """\
- slug: quillpad
  name: Quillpad
  category: productivity
  misspellings: [quilpad]
  hashtags: [quillpaddown]
"""
POSTS = 'text\n"Quillpad is down again, can\'t open any of my docs"\nquilpad not loading\n' + (
    "Spotify is down and nothing plays\n"
)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)
    monkeypatch.delenv("OUTAGEWATCH_CATALOG", raising=False)
    (tmp_path / "mine.yaml").write_text(MINE, "utf-8")
    (tmp_path / "posts.csv").write_text(POSTS, "utf-8")
    return tmp_path


def services_found(args: list[str], out: Path, capsys) -> list[str]:
    code, _, err = run_cli([*args, "--text-column", "text", "--out", str(out)], capsys)
    assert code == 0, err
    return pd.read_csv(out, keep_default_na=False)["service"].tolist()


def test_the_catalog_of_the_environment(files: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("OUTAGEWATCH_CATALOG", str(files / "mine.yaml"))
    found = services_found(["analyze", str(files / "posts.csv")], files / "out.csv", capsys)
    assert found == ["quillpad", "quillpad", ""]


@pytest.mark.parametrize(
    "line, found",
    [
        pytest.param('path = "mine.yaml"', ["quillpad", "quillpad", ""], id="path"),
        pytest.param('extra = ["mine.yaml"]', ["quillpad", "quillpad", "spotify"], id="extra"),
    ],
)
def test_the_catalog_of_the_config_file(
    files: Path, capsys, monkeypatch, line: str, found: list[str]
) -> None:
    """`path` replaces the bundled catalog; `extra` adds to it."""
    (files / "ow.toml").write_text(f"[catalog]\n{line}\n", "utf-8")
    monkeypatch.chdir(files.parent)  # the path is read beside the TOML file, not from here
    args = ["analyze", str(files / "posts.csv"), "--config", str(files / "ow.toml")]
    assert services_found(args, files / "out.csv", capsys) == found


def test_the_bundled_catalog_without_settings(files: Path, capsys) -> None:
    found = services_found(["analyze", str(files / "posts.csv")], files / "out.csv", capsys)
    assert found == ["", "", "spotify"]
