"""An --out path that cannot be written is one line naming that path, with exit code 2."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from cli_run import run_cli


def commands(warehouse: Path, series: Path, out: Path | str) -> dict[str, list[str]]:
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
        # --out names a folder to fill (created when missing, as a range's is)
        "export-feed": ["export", "feed", "--out", str(out), *db],
        "export-parquet": ["export", "parquet", "--out", str(out), *db],
    }


NAMES = ["export-daily", "sql", "detect-series", "analyze"]
FOLDERS = ["export-feed", "export-parquet"]


@pytest.fixture
def series(tmp_path: Path) -> Path:
    path = tmp_path / "series.csv"
    path.write_text("t,v\n1515061871,1\n1515062771,2\n")
    return path


@pytest.mark.parametrize("name", NAMES + FOLDERS)
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
@pytest.mark.parametrize("name", NAMES + FOLDERS)
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


@pytest.mark.parametrize("name", [n for n in NAMES if n != "export-daily"])
def test_a_name_ending_in_a_slash_is_a_folder_not_a_file_without_it(
    warehouse: Path, series: Path, tmp_path: Path, capsys, name: str
) -> None:
    """`--out results/` once wrote a file named "results" (Path drops the slash)."""
    out = f"{tmp_path / 'results'}/"
    code, stdout, err = run_cli(commands(warehouse, series, out)[name], capsys)
    assert code == 2 and stdout == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1] == (
        f"error: cannot write {out}: a name ending in / is a folder, and this writes one file; "
        f"add the file's name, e.g. {tmp_path / 'results' / 'result.csv'}"
    )
    assert not (tmp_path / "results").exists()


def test_one_day_into_a_name_ending_in_a_slash_fills_that_folder(
    warehouse: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "summaries"
    args = ["export", "daily", "--date", "2026-11-21", "--format", "csv", "--out", f"{folder}/"]
    code, _, err = run_cli([*args, "--db", str(warehouse)], capsys)
    assert code == 0, err
    assert [p.name for p in folder.iterdir()] == ["outages-2026-11-21.csv"]
    assert err.strip().endswith(f"wrote {folder / 'outages-2026-11-21.csv'}")


@pytest.mark.parametrize("through", ["itself", "symlink"])
@pytest.mark.parametrize("name", ["export-daily", "sql"])
def test_a_warehouse_is_never_replaced_by_an_output(
    warehouse: Path, series: Path, tmp_path: Path, capsys, name: str, through: str
) -> None:
    """`sql "..." --out W --db W` replaced the warehouse W with the query's rows."""
    before = warehouse.read_bytes()
    out = warehouse
    if through == "symlink":
        out = tmp_path / ("summary.md" if name == "export-daily" else "rows.csv")
        out.symlink_to(warehouse)
    code, stdout, err = run_cli(commands(warehouse, series, out)[name], capsys)
    assert code == 2 and stdout == ""
    assert err.strip().splitlines()[-1] == (
        f"error: cannot write {out}: it is a DuckDB database (a warehouse?), which this would "
        "replace; name another file"
    )
    assert warehouse.read_bytes() == before


# --out that is no plain file (review 115): written through, never replaced by a regular file.
# Named pipes and symlinks in a temporary folder stand in for /dev/stdout and /dev/full, which
# a test run as root must never risk replacing.
IN_PLACE = {
    "export-daily": lambda out, db: ["export", "daily", "--date", "2026-11-19", "--out", out, *db],
    "sql": lambda out, db: ["sql", "SELECT 42 AS answer", "--format", "csv", "--out", out, *db],
}


def _expected(name: str, warehouse: Path, capsys) -> str:
    """What the command prints on stdout without --out."""
    args = IN_PLACE[name]("-", ["--db", str(warehouse)])
    args = [a for a in args if a not in ("--out", "-")]
    code, stdout, err = run_cli(args, capsys)
    assert code == 0, err
    return stdout


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_a_symlink_is_followed_not_replaced(
    warehouse: Path, tmp_path: Path, capsys, name: str
) -> None:
    target = tmp_path / "target"
    target.write_text("old\n")
    before = target.stat().st_ino
    link = tmp_path / "link"
    link.symlink_to(target.name)
    code, _, err = run_cli(IN_PLACE[name](str(link), ["--db", str(warehouse)]), capsys)
    assert code == 0, err
    assert link.is_symlink() and target.read_text() == _expected(name, warehouse, capsys)
    # the target was replaced by a rename, not emptied and rewritten: a write that failed
    # midway (a full disk) leaves the old file whole, as for a plain file
    assert target.stat().st_ino != before


def test_a_named_pipe_no_one_reads_is_refused_not_waited_on(
    warehouse: Path, tmp_path: Path, capsys
) -> None:
    """A cron job's `--out` to a pipe whose reader is gone had blocked for good."""
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    code, _, err = run_cli(IN_PLACE["export-daily"](str(fifo), ["--db", str(warehouse)]), capsys)
    assert code == 2
    assert f"cannot write {fifo}: no process is reading this named pipe" in err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(IN_PLACE["export-daily"], id="export-daily"),
        pytest.param(IN_PLACE["sql"], id="sql-csv"),
        pytest.param(
            lambda out, db: [
                "sql",
                "SELECT 42 AS answer",
                "--out",
                out,
                "--format",
                "parquet",
                *db,
            ],
            id="sql-parquet",
        ),
    ],
)
def test_every_command_refuses_a_pipe_no_one_reads_in_one_line(
    warehouse: Path, tmp_path: Path, args
) -> None:
    """`sql --out` had opened the file itself and waited for a reader for good; in a
    subprocess with a time limit, so a command that blocks fails the test, not the suite."""
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "outagewatch.cli", *args(str(fifo), ["--db", str(warehouse)])]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the command waited for a reader of the named pipe")
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.strip() == f"error: cannot write {fifo}: no process is reading this named pipe"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode) and sorted(tmp_path.iterdir()) == [fifo]


def _read_in_thread(open_reader) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def read() -> None:
        with open_reader() as fh:
            got.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, got


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_a_named_pipe_gets_the_bytes_and_stays_a_pipe(
    warehouse: Path, tmp_path: Path, capsys, name: str
) -> None:
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    thread, got = _read_in_thread(lambda: fifo.open("rb"))
    code, _, err = run_cli(IN_PLACE[name](str(fifo), ["--db", str(warehouse)]), capsys)
    thread.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got == [_expected(name, warehouse, capsys).encode()]


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_a_dev_fd_path_is_written_like_a_pipe(warehouse: Path, capsys) -> None:
    """`--out >(gzip > x.gz)`: the shell passes /dev/fd/63, a folder that takes no new file."""
    read_end, write_end = os.pipe()
    thread, got = _read_in_thread(lambda: os.fdopen(read_end, "rb"))
    try:
        code, _, err = run_cli(
            IN_PLACE["export-daily"](f"/dev/fd/{write_end}", ["--db", str(warehouse)]), capsys
        )
    finally:
        os.close(write_end)
    thread.join(10)
    assert code == 0, err
    assert got[0].startswith(b"# Outage summary for 2026-11-19")


def test_scheduled_daily_files_and_feeds_follow_symlinks(warehouse: Path, tmp_path: Path) -> None:
    """`run --daily-export` (write_daily) and `export feed` write through a symlink placed
    where a file goes, as `export daily --out` does."""
    from outagewatch.exports.daily import write_daily

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    daily, feeds = tmp_path / "daily", tmp_path / "feeds"
    daily.mkdir()
    feeds.mkdir()
    (daily / "outages-2026-11-19.md").symlink_to(elsewhere / "day.md")
    (feeds / "all.atom").symlink_to(elsewhere / "all.atom")
    write_daily(warehouse, date(2026, 11, 19), daily, ["md"])
    code = run_cli_plain(["export", "feed", "--out", str(feeds), "--db", str(warehouse)])
    assert code == 0
    assert (daily / "outages-2026-11-19.md").is_symlink() and (feeds / "all.atom").is_symlink()
    assert (elsewhere / "day.md").read_text().startswith("# Outage summary for 2026-11-19")
    assert (elsewhere / "all.atom").read_bytes().startswith(b"<?xml")


def run_cli_plain(args: list[str]) -> int:
    from click.testing import CliRunner

    from outagewatch.cli import cli

    return CliRunner().invoke(cli, args).exit_code


SERIES_ARGS = ["--time-column", "t", "--value-column", "v"]


@pytest.mark.parametrize("command", ["analyze", "detect-series"])
def test_out_naming_the_input_file_says_so_in_one_line(
    tmp_path: Path, capsys, monkeypatch, command: str
) -> None:
    """Review 147 #13: `analyze posts.csv --out posts.csv` replaced the input unsaid. It is
    done (every input column is kept), with a warning, also through another spelling."""
    path = tmp_path / "posts.csv"
    path.write_text("t,v,text\n2026-11-20T10:00,3,spotify est en panne\n")
    monkeypatch.chdir(tmp_path)
    args = ["--text-column", "text"] if command == "analyze" else SERIES_ARGS
    code, _, err = run_cli([command, "posts.csv", *args, "--out", "./posts.csv"], capsys)
    assert code == 0, err
    assert err.splitlines()[0] == (
        "warning: --out ./posts.csv is the input file: it is replaced by the output (every "
        "input column is kept)"
    )
    header = path.read_text().splitlines()[0]
    assert header.startswith("t,v,text,") and header != "t,v,text"


@pytest.mark.parametrize("command", ["analyze", "detect-series"])
@pytest.mark.parametrize("clash", ["input", "out"])
def test_windows_out_naming_the_input_or_out_is_refused(
    tmp_path: Path, capsys, command: str, clash: str
) -> None:
    path = tmp_path / "posts.csv"
    before = "t,v,text\n2026-11-20T10:00,3,spotify est en panne\n"
    path.write_text(before)
    out = tmp_path / "out.csv"
    windows = path if clash == "input" else tmp_path / "sub" / ".." / "out.csv"
    (tmp_path / "sub").mkdir()
    args = ["--text-column", "text", "--time-column", "t"] if command == "analyze" else SERIES_ARGS
    code, _, err = run_cli(
        [command, str(path), *args, "--out", str(out), "--windows-out", str(windows)], capsys
    )
    assert code == 2
    what = "the input file" if clash == "input" else "--out"
    assert err.strip() == (
        f"error: --windows-out {windows} is {what}: the table of windows would replace its "
        "rows; name another file"
    )
    assert path.read_text() == before and not out.exists()


def test_distinct_outputs_say_nothing_of_the_input(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("t,v\n2026-11-20T10:00,3\n")
    out = tmp_path / "scored.csv"
    code, _, err = run_cli(["detect-series", str(path), *SERIES_ARGS, "--out", str(out)], capsys)
    assert code == 0 and "input file" not in err and out.exists()


def test_a_device_is_written_where_its_folder_is_not_writable(
    warehouse: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    """`--out /dev/stdout` was refused to every user but root ("no permission to write in
    /dev"): a device or pipe is written through, never beside. A named pipe with a reader
    stands in for it; os.access is made to say what it says to a user for /dev (a test run
    as root may write anywhere)."""
    import outagewatch.commands.output as output

    monkeypatch.setattr(output.os, "access", lambda p, mode: not Path(p).is_dir())
    fifo = tmp_path / "ff"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run_cli(IN_PLACE["sql"](str(fifo), ["--db", str(warehouse)]), capsys)
    reader.join(timeout=10)
    assert code == 0, err
    assert got == [_expected("sql", warehouse, capsys).encode()]


@pytest.mark.parametrize("name", sorted(IN_PLACE))
def test_a_dash_is_stdout(warehouse: Path, tmp_path: Path, capsys, monkeypatch, name: str) -> None:
    """`export daily --out -` wrote a file named "-" where sql, analyze and detect-series
    write to stdout."""
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run_cli(IN_PLACE[name]("-", ["--db", str(warehouse)]), capsys)
    assert code == 0, err
    assert stdout == _expected(name, warehouse, capsys) != ""
    assert list(tmp_path.iterdir()) == []
