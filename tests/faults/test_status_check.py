"""`outagewatch status --check` passes on a sound warehouse and fails (exit 1, one line per
problem, no traceback) on a broken invariant or a damaged file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from outagewatch.cli import main
from warehouse import db, store

from .conftest import ROOT, cli_env


def _check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "status", "--check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=cli_env(),
    )


def _check_here(path: Path, capsys) -> tuple[int, str]:
    """The same command in this process (fast): exit code and stdout."""
    try:
        main(["status", "--check", "--db", str(path)])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


@pytest.fixture
def sound(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    now = store.utcnow()
    rows = [
        {
            "post_key": f"x:{i}",
            "source": "x",
            "native_id": str(i),
            "text": f"down {i}",
            "created_at": now,
            "fetched_at": now,
        }
        for i in range(3000)
    ]
    with db.writer(path) as con:
        store.insert_posts(con, rows)
    return path


def test_sound_warehouse_passes(sound):
    result = _check(sound)
    assert result.returncode == 0 and "integrity check passed" in result.stdout


@pytest.mark.parametrize(
    "sql, problem",
    [
        pytest.param(
            "INSERT INTO post_signals (post_key, created_at, processed_at) VALUES "
            "('nope', now(), now())",
            "signals without a post",
            id="orphan-signal",
        ),
        pytest.param(
            "UPDATE posts SET deleted_at = now() WHERE post_key = 'x:1'",
            "deleted posts still holding text",
            id="deleted-with-text",
        ),
        pytest.param(
            "UPDATE posts SET created_at = TIMESTAMP '1970-01-01' WHERE post_key = 'x:2'",
            "posts with an implausible date",
            id="epoch-date",
        ),
        pytest.param(
            "INSERT INTO pipeline_state VALUES ('pruned_before', '2999-01-01', now())",
            "posts older than the last prune",
            id="unpruned-text",
        ),
        pytest.param(
            "INSERT INTO incident_posts VALUES ('ghost', 'x:1', false, 1)",
            "incident rows without an incident",
            id="orphan-incident-row",
        ),
    ],
)
def test_broken_invariant_fails_the_check(sound, sql, problem, capsys):
    assert _check_here(sound, capsys)[0] == 0
    with db.writer(sound) as con:
        con.execute(sql)
    code, out = _check_here(sound, capsys)
    assert code == 1
    assert f"integrity problem: {problem}" in " ".join(out.split())


def test_damaged_file_fails_the_check_in_one_line(sound):
    data = bytearray(sound.read_bytes())
    assert len(data) > 600_000
    data[300_000:560_000] = b"\xa5" * 260_000  # overwrite blocks in the middle of the file
    sound.write_bytes(bytes(data))
    result = _check(sound)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    text = result.stdout + result.stderr
    assert "integrity problem" in text or "integrity check failed" in text, text[-500:]
