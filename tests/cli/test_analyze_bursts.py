"""`analyze --time-column` runs the burst detector over the file's own problem reports and
lists each outage per service on stderr; the enriched rows do not change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from cli_run import run_cli

from nlp.detect.posts import bursts_in_posts

QUIET = ["spotify keeps crashing on my phone", "cannot log in to spotify again"]
CHATTER = ["listening to spotify on the train", "new playlist on spotify, love it"]
OUTAGE = ["spotify is down, nothing plays", "is spotify down for everyone?"]


def posts_file(tmp_path: Path) -> Path:
    """Three days of posts: a few complaints a day, chatter, and 40 outage posts in 30 min."""
    rng = np.random.default_rng(3)
    start = pd.Timestamp("2026-11-01")
    rows = [(QUIET[i % 2], start + pd.Timedelta(hours=float(h))) for i, h in
            enumerate(rng.uniform(0, 72, 12))]  # fmt: skip
    rows += [(CHATTER[i % 2], start + pd.Timedelta(hours=float(h))) for i, h in
             enumerate(rng.uniform(0, 72, 150))]  # fmt: skip
    rows += [(OUTAGE[i % 2], pd.Timestamp("2026-11-03T10:00") + pd.Timedelta(minutes=float(m)))
             for i, m in enumerate(rng.uniform(0, 30, 40))]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["text", "created_at"])
    frame["created_at"] = frame["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    path = tmp_path / "posts.csv"
    frame.sample(frac=1, random_state=1).to_csv(path, index=False)
    return path


def test_a_file_with_an_outage_lists_it(tmp_path: Path, capsys) -> None:
    path = posts_file(tmp_path)
    out = tmp_path / "out.csv"
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--time-column", "created_at",
         "--out", str(out)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    lines = [line for line in err.splitlines() if "│ spotify" in line]
    assert len(lines) == 1, err  # one outage, in Spotify's row
    number, *cells = [c.strip() for c in lines[0].split("│") if c.strip()]
    assert number == "1" and cells[0] == "spotify" and cells[1].startswith("2026-11-03 10:")
    # detected and ended when the alert and last buckets close, as the warehouse's
    # detected_at and resolved_at read (the table gave the alert bucket's start)
    rows = pd.read_csv(out)
    times = pd.to_datetime(pd.read_csv(path)["created_at"]).dt.tz_localize(None)
    services = [s.split(";") if isinstance(s, str) else [] for s in rows["services"]]
    (burst,), _ = bursts_in_posts(times, services, rows["problem"].astype(bool).tolist())
    bucket = pd.Timedelta(minutes=5)
    assert cells[2] == f"{burst.episode.detected_at + bucket:%H:%M}"
    assert cells[4] == f"{burst.episode.end + bucket:%H:%M}"
    assert int(cells[5]) >= 30  # most of the 40 outage posts
    assert len(pd.read_csv(out)) == 202


def test_without_a_time_column_there_is_no_burst_table(tmp_path: Path, capsys) -> None:
    path = posts_file(tmp_path)
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--out", str(tmp_path / "o.csv")], capsys
    )
    assert code == 0 and "Bursts" not in err and "bursts:" not in err


def test_a_quiet_file_says_it_found_none(tmp_path: Path, capsys) -> None:
    frame = pd.read_csv(posts_file(tmp_path))
    quiet = frame[~frame["text"].isin(OUTAGE)]
    path = tmp_path / "quiet.csv"
    quiet.to_csv(path, index=False)
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--time-column", "created_at",
         "--out", str(tmp_path / "o.csv")],
        capsys,
    )  # fmt: skip
    assert code == 0
    assert "bursts: none among the problem reports from 2026-11-01" in err


def test_times_the_detector_cannot_count_are_warned_not_fatal(tmp_path: Path, capsys) -> None:
    """Year 3000 is a valid time but past the detector's nanosecond buckets (2262)."""
    frame = pd.read_csv(posts_file(tmp_path))
    frame["created_at"] = frame["created_at"].str.replace("2026-", "3000-", regex=False)
    path = tmp_path / "far.csv"
    frame.to_csv(path, index=False)
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--time-column", "created_at",
         "--out", str(tmp_path / "o.csv")],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "202 values of --time-column 'created_at' could not be read as a time" in err
    assert "bursts: no post has a readable time in --time-column" in err


def test_a_run_says_what_the_file_holds(tmp_path: Path, capsys) -> None:
    """One line on stderr, counted from the rows written: a person sees at once whether the
    file holds complaints and outages, and about what."""
    path = posts_file(tmp_path)
    out = tmp_path / "o.csv"
    code, stdout, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--out", str(out)], capsys
    )
    assert code == 0, err
    rows = pd.read_csv(out, keep_default_na=False)
    named = rows["service"] != ""
    expected = (
        f"202 posts -> {out}: {rows['complaint'].sum()} complaints, "
        f"{rows['problem'].sum()} problem reports; a service in {named.sum()} "
        f"(spotify: {named.sum()}); a country in 0"
    )
    assert expected in err.splitlines(), err
    assert rows["problem"].sum() >= 40 and set(rows.loc[named, "service"]) == {"spotify"}


def test_bursts_are_written_to_a_file_and_their_reports_carry_its_id(
    tmp_path: Path, capsys
) -> None:
    """The bursts were only a terminal table; now a file as well, and each problem report
    counted in one names it."""
    path = posts_file(tmp_path)
    out, windows = tmp_path / "out.parquet", tmp_path / "windows.json"
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--time-column", "created_at",
         "--out", str(out), "--windows-out", str(windows)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    (window,) = pd.read_json(windows, convert_dates=False).to_dict("records")
    assert list(window) == [
        "window_id", "service", "start", "detected", "peak", "end", "ongoing", "total",
        "expected", "peak_value", "max_score", "detector_version",
    ]  # fmt: skip
    assert window["window_id"] == 1 and window["service"] == "spotify"
    assert window["start"].startswith("2026-11-03T10:") and window["ongoing"] is False
    assert window["detector_version"].startswith("burst-")
    rows = pd.read_parquet(out)
    inside = rows[rows["window_id"] == 1]
    assert len(inside) == window["total"] and rows["window_id"].isna().sum() == len(rows) - len(
        inside
    )
    assert inside["problem"].eq(1).all() and inside["time_utc"].min() >= pd.Timestamp(
        window["start"]
    )
    assert "│ 1 " in err  # the table numbers its bursts as the file does


def test_windows_out_needs_a_time_column(tmp_path: Path, capsys) -> None:
    path = posts_file(tmp_path)
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--windows-out", str(tmp_path / "w.csv")],
        capsys,
    )
    assert code == 2 and "--windows-out needs --time-column" in err
