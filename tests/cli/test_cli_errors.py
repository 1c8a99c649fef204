"""Every command is documented with examples, and bad input is one clear line with exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from outagewatch.cli import COMMANDS, cli


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_help_lists_every_command():
    out = run_cli("--help")
    assert out.returncode == 0
    for name in COMMANDS:
        assert name in out.stdout


def _commands_and_subcommands() -> list[list[str]]:
    """Every command, and every subcommand of a group (export daily, notify log...)."""
    import click

    paths = []
    for name in COMMANDS:
        command = cli.get_command(None, name)
        paths.append([name])
        if isinstance(command, click.Group):
            paths += [[name, sub] for sub in command.list_commands(None)]
    return paths


@pytest.mark.parametrize("path", _commands_and_subcommands(), ids=" ".join)
def test_every_command_has_help_with_examples(path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    examples = result.output.split("Examples:", 1)[1].split("Options:", 1)[0]
    assert examples.count("outagewatch " + " ".join(path)) >= 1, result.output


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(
            ["analyze", "/nonexistent.csv", "--text-column", "text"],
            "file not found",
            id="missing-file",
        ),
        pytest.param(
            ["detect-series", "/nonexistent.csv", "--time-column", "t", "--value-column", "v"],
            "file not found",
            id="missing-series",
        ),
        pytest.param(
            ["status", "--db", "/nonexistent/dir/w.duckdb"], "no warehouse at", id="no-warehouse"
        ),
        pytest.param(["run", "--every", "5x"], "bad interval", id="bad-interval"),
        pytest.param(
            ["demo", "--scale", "0", "--no-dashboard"], "--scale must be above 0", id="demo-scale"
        ),
        pytest.param(
            ["run", "--every", "5"],
            "--every 5 has no unit: add one, e.g. 5m (minutes), 5s or 5h",
            id="interval-without-unit",
        ),
        pytest.param(
            ["status", "--config", "/nonexistent.toml"],
            "config file not found",
            id="missing-config",
        ),
        pytest.param(["demo", "--days", "0", "--no-dashboard"], "--days must be", id="bad-days"),
        pytest.param(["demo", "--end", "yesterday", "--no-dashboard"], "bad --end", id="bad-end"),
        pytest.param(
            ["notify", "log", "--limit", "-1"], "--limit must be 1 or more, not -1", id="bad-limit"
        ),
        pytest.param(
            ["serve", "--port", "99999"],
            "--port must be between 1 and 65535 (or 0 for any free port), not 99999",
            id="bad-port",
        ),
        pytest.param(
            ["export", "daily", "--date", "2026-11-19", "--format", "pdf"],
            "error: Invalid value for '--format': 'pdf' is not one of 'md', 'csv', 'json', 'html'."
            " (see 'outagewatch export daily --help')",
            id="click-choice",
        ),
        pytest.param(
            ["dashboard", "--now", "yesterday"],
            "(see 'outagewatch dashboard --help')",
            id="click-value",
        ),
        pytest.param(["status", "--colour"], "No such option '--colour'", id="click-option"),
        pytest.param(
            ["export", "feed", "--out", "/tmp/never-written", "--base-url", "http://[oops"],
            "--base-url must be a URL starting with http:// or https://, not 'http://[oops'",
            id="feed-base-url-ipv6",
        ),
        pytest.param(
            ["export", "feed", "--out", "/tmp/never-written", "--base-url", "https://x.org/ a"],
            "--base-url must be a URL without spaces or control characters (write %20), not "
            "'https://x.org/ a'",
            id="feed-base-url-space",
        ),
        pytest.param(
            ["status", "--max-age", "nan"],
            "Invalid value for --max-age: must be a number of minutes, not nan",
            id="max-age-nan",
        ),
        pytest.param(
            ["export", "feed", "--out", "/tmp/never-written", "--base-url", "notaurl"],
            "--base-url must be a URL starting with http:// or https://, not 'notaurl'",
            id="feed-base-url",
        ),
        pytest.param(
            ["export", "daily", "--date", "0001-01-01"],
            "--date 0001-01-01 is outside the days a summary can cover",
            id="ancient-date",
        ),
        pytest.param(
            ["export", "daily", "--from", "2026-11-01", "--to", "9999-12-31"],
            "--to 9999-12-31 is outside the days a summary can cover",
            id="far-future-date",
        ),
    ],
)
def test_user_errors_are_one_line_exit_2(args, message, tmp_path):
    out = run_cli(*args)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_bad_column_names_the_columns(tmp_path):
    f = tmp_path / "posts.csv"
    f.write_text("id,body\n1,hello\n")
    out = run_cli("analyze", str(f), "--text-column", "text")
    assert out.returncode == 2
    assert "no column 'text'" in out.stderr and "id, body" in out.stderr


def test_bad_toml_is_reported(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("[warehouse\n")
    out = run_cli("status", "--config", str(f))
    assert out.returncode == 2 and "not valid TOML" in out.stderr


@pytest.mark.parametrize(
    "group", [[], ["export"], ["notify"]], ids=["outagewatch", "export", "notify"]
)
def test_a_bare_group_shows_its_help_not_an_error_line(group: list[str]) -> None:
    out = run_cli(*group)
    text = out.stdout + out.stderr
    assert "Usage: outagewatch" in text and "Commands:" in text
    assert "error:" not in text


@pytest.mark.parametrize("name", ["posts.csv", "posts.parquet"])
def test_a_data_file_given_as_the_warehouse_is_named(tmp_path, name):
    """DuckDB opens a .csv or .parquet path as that data file and refused read-only mode with
    "Cannot launch in-memory database in read-only mode!"."""
    path = tmp_path / name
    path.write_text("text\nspotify down\n")
    for args in (["status", "--db", str(path)], ["process", "--db", str(path)]):
        out = run_cli(*args)
        assert out.returncode == 2, out.stderr
        assert f"{path} is a {name.split('.')[1]} data file, not a DuckDB warehouse" in out.stderr
    assert path.read_text() == "text\nspotify down\n"
