"""A channel whose environment variable is unset (a typo in systemd's EnvironmentFile=) is
said once, as `run` starts, and its failure each cycle is said once an hour, as a crawl
warning repeated word for word is, not every five minutes (review 145, finding 3)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from notify_kit import T0, put_incident, settings_for

from crawlers.runner import RepeatedWarnings
from outagewatch.notify import notify_cycle
from outagewatch.sources import only

ROOT = Path(__file__).resolve().parents[2]
NOW = T0 + timedelta(hours=1)


def test_run_names_the_channels_whose_variables_are_unset_at_start(tmp_path: Path) -> None:
    config = tmp_path / "ow.toml"
    off = only(())  # every source off
    config.write_text(f"""
[warehouse]
db = "{tmp_path / "w.duckdb"}"
data_dir = "{tmp_path}"
{off}
[[watchlist]]
service = "*"
[[notify.channels]]
name = "chat"
kind = "slack"
url_env = "OW_TEST_MISSING_URL"
[[notify.channels]]
name = "hook"
kind = "webhook"
url = "http://127.0.0.1:9/hook"
secret_env = "OW_TEST_MISSING_SECRET"
[[notify.channels]]
name = "fine"
kind = "webhook"
url = "http://127.0.0.1:9/fine"
""")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OW_TEST_MISSING")}
    env.update(PYTHONPATH=str(ROOT), OUTAGEWATCH_SALT="test-salt")
    run = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "run", "--every", "1s", "--cycles", "1",
         "--config", str(config)],
        capture_output=True, text=True, cwd=ROOT, timeout=180, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    (line,) = [x for x in run.stderr.splitlines() if "environment variable" in x]
    assert "UTC  warning: notification channel(s)" in line
    assert "chat (OW_TEST_MISSING_URL), hook (OW_TEST_MISSING_SECRET)" in line
    assert "fine" not in line and "notify test --channel" in line


def test_a_failing_channels_warning_is_said_once_an_hour(
    empty_db: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OW_TEST_MISSING_URL", raising=False)
    put_incident(empty_db, "a")
    s = settings_for(
        empty_db, [{"name": "chat", "kind": "slack", "url_env": "OW_TEST_MISSING_URL"}]
    )
    clock = [0.0]
    repeats = RepeatedWarnings(clock=lambda: clock[0])
    said = []
    with caplog.at_level(logging.DEBUG, logger="outagewatch.notify"):
        for minute in range(0, 70, 5):  # `run --every 5m` for 70 minutes
            clock[0] = minute * 60.0
            caplog.clear()
            stats = notify_cycle(s, now=NOW + timedelta(minutes=minute), repeats=repeats)
            assert stats.failed == 1
            said += [r for r in caplog.records if "OW_TEST_MISSING_URL" in r.getMessage()]
    warnings = [r for r in said if r.levelno == logging.WARNING]
    assert len(said) == 14 and len(warnings) == 2  # at 0 and 60 minutes; the rest at DEBUG
    assert "also said 11 times" in warnings[1].getMessage()
