"""The commands: `notify test`, `notify send`, `notify log` from a TOML file, and `serve`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from notify_kit import SECRET, T0, Receiver, put_incident

from outagewatch.cli import cli
from outagewatch.notify import verify_signature

ROOT = Path(__file__).resolve().parents[2]


def write_config(tmp_path: Path, db: Path, receiver: Receiver) -> Path:
    path = tmp_path / "outagewatch.toml"
    path.write_text(f"""
[warehouse]
db = "{db}"

[[watchlist]]
service = "slack"

[[watchlist]]
service = "netflix"
countries = ["BR"]
min_severity = "major"

[notify]
quiet_minutes = 10
retries = 1
backoff_seconds = 0.05

[[notify.channels]]
name = "ops-hook"
kind = "webhook"
url = "{receiver.url}/hook"
secret_env = "OW_TEST_SECRET"

[[notify.channels]]
name = "team-slack"
kind = "slack"
url_env = "OW_TEST_SLACK_URL"
""")
    return path


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, receiver: Receiver) -> None:
    monkeypatch.setenv("OW_TEST_SECRET", SECRET)
    monkeypatch.setenv("OW_TEST_SLACK_URL", receiver.url + "/slack")


def test_notify_test_sends_one_signed_message(
    tmp_path: Path, empty_db: Path, receiver: Receiver
) -> None:
    config = write_config(tmp_path, empty_db, receiver)
    result = CliRunner().invoke(
        cli, ["notify", "test", "--channel", "ops-hook", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    assert "delivered to 'ops-hook'" in result.output
    (req,) = receiver.delivered()
    assert req["json"]["event"] == "test" and req["json"]["incident"] is None
    h = req["headers"]
    assert verify_signature(
        SECRET.encode(), req["body"], h["X-Outagewatch-Timestamp"], h["X-Outagewatch-Signature"]
    )
    log = CliRunner().invoke(cli, ["notify", "log", "--config", str(config)])
    assert "ops-hook" in log.output and "sent" in log.output


def test_notify_test_unknown_channel_names_the_channels(
    tmp_path: Path, empty_db: Path, receiver: Receiver
) -> None:
    config = write_config(tmp_path, empty_db, receiver)
    out = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "notify", "test", "--channel", "nope", "--config", str(config)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert out.returncode == 2 and out.stderr.strip().splitlines() == [
        "error: no notification channel named 'nope' (channels: ops-hook, team-slack)"
    ]


def test_notify_send_uses_the_toml_watchlist(
    tmp_path: Path, empty_db: Path, receiver: Receiver
) -> None:
    config = write_config(tmp_path, empty_db, receiver)
    now = T0 + timedelta(minutes=30)
    put_incident(empty_db, "s1", service="slack", updated=now)
    put_incident(
        empty_db, "n1", service="netflix", severity="major", countries={"BR": 3}, updated=now
    )
    put_incident(
        empty_db, "n2", service="netflix", severity="minor", countries={"BR": 3}, updated=now
    )
    put_incident(
        empty_db, "n3", service="netflix", severity="critical", countries={"JP": 3}, updated=now
    )
    args = ["notify", "send", "--config", str(config)]
    from warehouse import db, store

    with db.writer(empty_db) as con:  # the pipeline's clock, as the demo sets it
        store.set_state(con, "replay_clock", now.isoformat())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert sorted((r["path"], r["json"].get("incident", {}) and r["json"]["incident"]["incident_id"])
                  for r in receiver.delivered() if r["path"] == "/hook") == [("/hook", "n1"), ("/hook", "s1")]  # fmt: skip
    assert len([r for r in receiver.delivered() if r["path"] == "/slack"]) == 2
    assert "duplicates: 0" in result.output
    assert (
        CliRunner()
        .invoke(cli, args)
        .output.splitlines()[-1]
        .startswith("notifications: 0 delivered")
    )


def test_serve_answers_on_loopback(api_warehouse: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "outagewatch.cli", "serve", "--port", "0", "--db", str(api_warehouse)],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        line = proc.stderr.readline()
        url = line.split("API on ", 1)[1].split("/ ", 1)[0]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/api/v1/services", timeout=10) as r:
            services = json.load(r)["services"]
        assert {s["slug"] for s in services} >= {"slack", "netflix"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_notify_log_reads_one_cycles_messages_in_the_order_of_their_events(
    tmp_path: Path,
) -> None:
    """Messages sent in one cycle share a time: "Resolved" came above "Outage detected"."""
    from datetime import datetime

    from warehouse.db import writer

    db = tmp_path / "w.duckdb"
    sent = datetime(2026, 11, 20, 13, 10)
    with writer(db) as con:
        for nid, transition, event in [
            ("a", "resolved", datetime(2026, 11, 20, 12, 40)),
            ("b", "opened", datetime(2026, 11, 20, 11, 5)),
            ("c", "acknowledged", datetime(2026, 11, 20, 11, 30)),
        ]:
            con.execute(
                "INSERT INTO notification_log (notification_id, channel, channel_kind, dedup_key, "
                "transition, subject, event_at, created_at, attempts, last_attempt_at, result) "
                "VALUES (?, 'hook', 'webhook', ?, ?, ?, ?, ?, 1, ?, 'sent')",
                [nid, f"inc:{transition}", transition, f"Netflix {transition}", event, sent, sent],
            )
    log = CliRunner().invoke(cli, ["notify", "log", "--db", str(db)])
    assert log.exit_code == 0, log.output
    order = [w for line in log.output.splitlines() for w in line.split() if w in
             ("opened", "acknowledged", "resolved")]  # fmt: skip
    assert order == ["opened", "acknowledged", "resolved"]


@pytest.mark.parametrize(
    "value, shown",
    [
        ("not a url", "'not a url'"),
        ("file:///etc/passwd", "'file:///etc/pass…'"),
        ("ftp://127.0.0.1/x", "'ftp://127.0.0.1/…'"),
        ("hooks.slack.com/services/T0/B0/SECRET", "'hooks.slack.com/…'"),
    ],
)
def test_url_env_that_holds_no_http_url_is_refused_untried(
    tmp_path: Path, empty_db: Path, receiver: Receiver, monkeypatch, capsys, value, shown
) -> None:
    """As the TOML `url` is (review 147 #3): no traceback, no FTP, no file read, and past a
    short prefix the value (perhaps a secret) is not printed."""
    from cli_run import run_cli

    def never(*args, **kwargs):
        raise AssertionError("no delivery may be attempted")

    monkeypatch.setattr(urllib.request, "urlopen", never)
    monkeypatch.setenv("OW_TEST_SLACK_URL", value)
    config = write_config(tmp_path, empty_db, receiver)
    code, _, err = run_cli(
        ["notify", "test", "--channel", "team-slack", "--config", str(config)], capsys
    )
    assert code == 2
    assert err == (
        "error: test message to 'team-slack' not sent: channel 'team-slack': environment "
        "variable OW_TEST_SLACK_URL must hold a URL starting with http:// or https://, "
        f"not {shown}\n"
    )
    assert "SECRET" not in err


def test_url_env_unset_is_not_sent_after_0_attempts(
    tmp_path: Path, empty_db: Path, receiver: Receiver, monkeypatch, capsys
) -> None:
    from cli_run import run_cli

    monkeypatch.delenv("OW_TEST_SLACK_URL")
    config = write_config(tmp_path, empty_db, receiver)
    code, _, err = run_cli(
        ["notify", "test", "--channel", "team-slack", "--config", str(config)], capsys
    )
    assert code == 2
    assert err == (
        "error: test message to 'team-slack' not sent: channel 'team-slack': environment "
        "variable OW_TEST_SLACK_URL is not set\n"
    )
