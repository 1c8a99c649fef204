"""Run the CLI in-process and capture what it printed (one helper for every test folder;
tests/ is on the path through tests/conftest.py, as for servers.py)."""

from __future__ import annotations

import pytest

from outagewatch.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `outagewatch ARGS`."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
