"""The dashboard's environment and its command: clock override, refresh, the CLI flags."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from dashboard import config, serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-11-20T12:00:00", datetime(2026, 11, 20, 12), id="naive"),
        pytest.param("2026-11-20T12:00:00Z", datetime(2026, 11, 20, 12), id="zulu"),
        pytest.param("2026-11-20T13:30:00+01:00", datetime(2026, 11, 20, 12, 30), id="offset"),
        pytest.param(" 2026-11-20 ", datetime(2026, 11, 20), id="date-only"),
    ],
)
def test_parse_now(text: str, expected: datetime) -> None:
    assert config.parse_now(text) == expected


def test_now_override_and_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTAGEWATCH_NOW", "2026-01-02T03:04:59")
    assert config.now() == datetime(2026, 1, 2, 3, 4, 59)
    assert config.query_now() == datetime(2026, 1, 2, 3, 4)
    monkeypatch.setenv("OUTAGEWATCH_NOW", "soon")
    with pytest.raises(config.DashboardConfigError, match="not an ISO timestamp"):
        config.now()
    monkeypatch.setenv("OUTAGEWATCH_REFRESH", "-3")
    with pytest.raises(config.DashboardConfigError, match="must not be negative"):
        config.refresh_seconds()


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "just now"),
        (12, "12 min ago"),
        (60, "1 h ago"),
        (185, "3 h 5 min ago"),
        (60 * 24 * 3 + 5, "3 days ago"),
        (-5, "in the future"),
    ],
)
def test_ago(minutes: int, text: str) -> None:
    ref = datetime(2026, 11, 20, 12)
    from datetime import timedelta

    assert config.ago(ref - timedelta(minutes=minutes), ref) == text


def test_server_command_is_offline_and_local(tmp_path: Path) -> None:
    argv = serve.command(8600, "127.0.0.1")
    flags = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert flags["--server.port"] == "8600" and flags["--server.address"] == "127.0.0.1"
    assert flags["--browser.gatherUsageStats"] == "false"
    env = serve.environment(tmp_path / "w.duckdb", "2026-11-20T12:00:00", base={})
    assert env["OUTAGEWATCH_DB"] == str((tmp_path / "w.duckdb").resolve())
    assert env["PYTHONPATH"].split(":")[0] == str(ROOT)


def test_cli_rejects_a_bad_clock(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "outagewatch.cli",
            "dashboard",
            "--db",
            str(tmp_path / "w.duckdb"),
            "--now",
            "teatime",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--now='teatime' is not an ISO timestamp" in result.stderr


APP = ROOT / "dashboard" / "app.py"
EXPLORE = str(ROOT / "dashboard" / "screens" / "explore.py")


def test_the_sql_explorer_can_be_left_out(dash_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`dashboard --no-explore` (OUTAGEWATCH_EXPLORE=off) for a dashboard the public reaches:
    the menu has no Explore page, and its script run by itself shows no SQL box."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(EXPLORE).run()
    assert not at.exception and at.text_area  # on by default: the SQL box is there

    monkeypatch.setenv("OUTAGEWATCH_EXPLORE", "off")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(EXPLORE)
    alone = AppTest.from_file(EXPLORE, default_timeout=60).run()
    assert not alone.text_area and "turned off" in alone.info[0].value

    monkeypatch.setenv("OUTAGEWATCH_EXPLORE", "maybe")
    alone = AppTest.from_file(EXPLORE, default_timeout=60).run()
    assert "OUTAGEWATCH_EXPLORE='maybe' must be on or off" in alone.error[0].value
