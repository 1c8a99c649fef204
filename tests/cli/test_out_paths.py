"""An --out path that cannot be written is one line naming that path, with exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli


def commands(warehouse: Path, series: Path, out: Path) -> dict[str, list[str]]:
    db = ["--db", str(warehouse)]
    return {
        "export-daily": ["export", "daily", "--date", "2026-11-21", "--out", str(out), *db],
        "sql": ["sql", "SELECT 1 AS a", "--out", str(out), *db],
        "detect-series": [
            "detect-series",
            str(series),
            "--time-column",
            "t",
            "--value-column",
            "v",
            "--out",
            str(out),
        ],
        "analyze": ["analyze", str(series), "--text-column", "t", "--out", str(out)],
    }


NAMES = ["export-daily", "sql", "detect-series", "analyze"]


@pytest.fixture
def series(tmp_path: Path) -> Path:
    path = tmp_path / "series.csv"
    path.write_text("t,v\n1515061871,1\n1515062771,2\n")
    return path


@pytest.mark.parametrize("name", NAMES)
def test_a_parent_that_is_a_file_is_named(
    warehouse: Path, series: Path, tmp_path: Path, capsys, name: str
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    out = blocker / "sub" / "result.csv"
    if name == "export-daily":
        out = out.with_suffix(".md")
    code, stdout, err = run_cli(commands(warehouse, series, out)[name], capsys)
    assert code == 2 and stdout == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1] == f"error: cannot write {out}: {blocker} is a file, not a folder"
    assert blocker.read_text() == "a file, not a folder"


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("name", NAMES)
def test_an_unwritable_folder_names_the_users_path_not_a_temp_file(
    warehouse: Path, series: Path, capsys, name: str
) -> None:
    out = Path("/proc") / ("x.md" if name == "export-daily" else "x.csv")
    code, _, err = run_cli(commands(warehouse, series, out)[name], capsys)
    assert code == 2
    last = [line for line in err.splitlines() if line.strip()][-1]
    assert last.startswith(f"error: cannot write {out}: /proc ") and ".tmp" not in err


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_folder_is_named_not_created(
    warehouse: Path, series: Path, tmp_path: Path, capsys, name: str
) -> None:
    """A mistyped folder must not "succeed" by being created (as root, anywhere)."""
    folder = tmp_path / "typo" / "dir"
    out = folder / ("x.md" if name == "export-daily" else "x.csv")
    code, stdout, err = run_cli(commands(warehouse, series, out)[name], capsys)
    assert code == 2 and stdout == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1] == (
        f"error: cannot write {out}: there is no folder {folder}; create it first "
        f"(mkdir -p {folder}) or correct the path"
    )
    assert not (tmp_path / "typo").exists()


def test_a_range_may_create_its_folder(warehouse: Path, tmp_path: Path, capsys) -> None:
    """A range's --out names a folder to fill, so that folder is created."""
    folder = tmp_path / "summaries" / "november"
    args = ["export", "daily", "--from", "2026-11-20", "--to", "2026-11-21"]
    code, _, err = run_cli([*args, "--out", str(folder), "--db", str(warehouse)], capsys)
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == [
        "outages-2026-11-20.md",
        "outages-2026-11-21.md",
    ]
