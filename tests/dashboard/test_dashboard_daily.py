"""The Daily page on a replayed clock: a day not over at `now` is the export as of `now`
(`build_daily(until=now)`), so the summary shown, its four downloads and the CLI command the
caption names agree, and hold nothing from after `now`. In the demo's warehouse the shown
summary has no links; the downloads keep the export's own files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from cli_run import run_cli
from dash_helpers import NOW, assert_clean, markdown_text, point_dashboard, run_page
from sample_warehouse import Burst, build_sample_warehouse
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard import demo
from dashboard.views.daily import FORMATS, without_title
from outagewatch.demo.marker import DEMO_STATE_KEY
from outagewatch.exports.daily import build_daily, filename, render
from warehouse import store
from warehouse.db import reader, writer

BUILT = datetime(2026, 11, 20, 18, 0)  # the warehouse's last processing run
MID = datetime(2026, 11, 20, 13, 0)  # the replayed clock, mid-incident
RUNNING = Burst(  # 12:10-14:00: open at 13:00
    "inc-daily-netflix",
    "netflix",
    datetime(2026, 11, 20, 12, 10),
    110,
    20,
    "major",
    "playback_streaming",
    ("JP", "GB"),
    resolved=True,
    official=True,
)
LATER = Burst(  # starts at 16:00: unknown at 13:00
    "inc-daily-later",
    "discord",
    datetime(2026, 11, 20, 16, 0),
    60,
    15,
    "minor",
    "login",
    ("US",),
    resolved=True,
)


@pytest.fixture(scope="module")
def replay_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("daily-replay") / "outagewatch.duckdb"
    return build_sample_warehouse(path, now=BUILT, bursts=[RUNNING, LATER])


def download_urls(
    day: date, files: dict[str, str | bytes], until: datetime | None = None
) -> dict[str, str]:
    """The URLs Streamlit gives downloads of these files: its file ids hash the bytes, the
    type and the file name, so equal URLs mean equal files."""
    manager = MediaFileManager(MemoryMediaFileStorage("/mock/media"))  # AppTest's storage
    return {
        fmt: manager.add(
            data.encode() if isinstance(data, str) else data,
            FORMATS[fmt],
            f"daily-{fmt}",
            file_name=filename(day, fmt, until),
            is_for_static_download=True,
        )
        for fmt, data in files.items()
    }


def shown_urls(at: AppTest) -> dict[str, str]:
    return {fmt: b.proto.url for fmt, b in zip(FORMATS, at.get("download_button"), strict=True)}


def summary_files(db: Path, day: date, until: datetime | None) -> dict[str, str | bytes]:
    with reader(db) as con:
        summary = build_daily(con, day, until=until)
    return {fmt: render(summary, fmt) for fmt in FORMATS}


def test_a_day_not_over_is_shown_and_downloaded_as_of_now(
    monkeypatch: pytest.MonkeyPatch, replay_db: Path
) -> None:
    point_dashboard(monkeypatch, replay_db, MID)
    at = run_page("daily")
    assert_clean(at)
    day = at.date_input(key="daily_day").value
    assert day == MID.date()
    files = summary_files(replay_db, day, MID)
    assert shown_urls(at) == download_urls(day, files, MID)  # the four downloads: as of 13:00
    assert shown_urls(at) != download_urls(day, summary_files(replay_db, day, None))
    shown = markdown_text(at)
    assert without_title(str(files["md"])).strip() in shown  # what is shown is the file
    assert "Discord" not in shown  # the 16:00 incident does not exist yet
    assert "1 still ongoing at 13:00 UTC" in shown and "| ongoing |" in shown
    assert "As of 2026-11-20 13:00 UTC" in shown
    (info,) = at.info
    assert "as of 13:00 UTC" in info.value and "Replayed clock" in info.value


def test_the_caption_names_the_command_that_writes_the_same_files(
    monkeypatch: pytest.MonkeyPatch, replay_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    point_dashboard(monkeypatch, replay_db, MID)
    at = run_page("daily")
    assert_clean(at)
    command = "outagewatch export daily --date 2026-11-20 --until 2026-11-20T13:00"
    assert any(f"`{command}`" in c.value for c in at.caption)
    code, out, _ = run_cli([*command.split()[1:], "--db", str(replay_db)], capsys)
    assert code == 0
    assert download_urls(MID.date(), {"md": out}, MID) == {"md": shown_urls(at)["md"]}


def test_a_past_day_is_cut_too_when_the_warehouse_knows_later_facts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An incident of the 19th running past midnight, replayed at 00:30 on the 20th: the
    19th's summary says it is ongoing, as the Now and Incident pages do, not that it ended
    at 02:00, which nobody knew at 00:30."""
    night = Burst(
        "inc-daily-night", "netflix", datetime(2026, 11, 19, 23, 0), 180, 20, "major",
        "login", ("BR",), resolved=True,
    )  # fmt: skip
    db = build_sample_warehouse(tmp_path / "night.duckdb", now=BUILT, bursts=[night])
    replayed = datetime(2026, 11, 20, 0, 30)
    point_dashboard(monkeypatch, db, replayed)
    at = run_page("daily")
    day = date(2026, 11, 19)
    at.date_input(key="daily_day").set_value(day).run()
    assert_clean(at)
    files = summary_files(db, day, replayed)
    assert shown_urls(at) == download_urls(day, files, replayed)
    assert shown_urls(at) != download_urls(day, summary_files(db, day, None), replayed)
    assert "| ongoing |" in markdown_text(at) and "02:00" not in markdown_text(at)
    command = "outagewatch export daily --date 2026-11-19 --until 2026-11-20T00:30"
    assert any(f"`{command}`" in c.value for c in at.caption)


def test_a_warehouse_with_nothing_after_now_gives_the_plain_export(
    monkeypatch: pytest.MonkeyPatch, dash_env: Path
) -> None:
    """The sample warehouse was built at NOW: a replay at NOW has nothing to cut."""
    point_dashboard(monkeypatch, dash_env, NOW)
    at = run_page("daily")
    assert_clean(at)
    day = at.date_input(key="daily_day").value
    assert shown_urls(at) == download_urls(day, summary_files(dash_env, day, None))
    assert not at.info
    assert any(f"`outagewatch export daily --date {day}`" in c.value for c in at.caption)


@pytest.fixture
def demo_db(dash_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample warehouse with the marker `outagewatch demo` writes."""
    db = tmp_path / "demo.duckdb"
    db.write_bytes(dash_env.read_bytes())
    with writer(db) as con:
        store.set_state(con, DEMO_STATE_KEY, f"seed=7;days=3;end={NOW.isoformat()}")
    monkeypatch.setenv("OUTAGEWATCH_DB", str(db))
    return db


def test_demo_summary_shows_no_links_and_its_files_keep_them(demo_db: Path) -> None:
    at = run_page("daily")
    assert_clean(at)
    day = at.date_input(key="daily_day").value
    files = summary_files(demo_db, day, None)  # nothing stored after NOW: nothing to cut
    assert "](<https://" in str(files["md"])  # the status pages the day links
    shown = markdown_text(at)
    assert "](" not in shown and "https://" not in shown
    with reader(demo_db) as con:
        plain = render(build_daily(con, day), "md", links=False)
    assert without_title(str(plain)).strip() in shown
    assert shown_urls(at) == download_urls(day, files)
    assert any(demo.NOTE in c.value and "files keep them" in c.value for c in at.caption)


@pytest.mark.slow
def test_demo_warehouse_daily_shows_no_links(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warehouse `outagewatch demo` builds, on its own clock (its last day not over)."""
    point_dashboard(monkeypatch, demo_warehouse, "2026-11-20T12:00:00")
    at = run_page("daily")
    assert_clean(at)
    shown = markdown_text(at)
    assert "**Official:**" in shown  # the demo's status pages are there, as text
    assert "](" not in shown and "127.0.0.1" not in shown and "https://" not in shown
    assert "still ongoing when the data ends, 12:00 UTC" in shown  # the demo ends at its now
