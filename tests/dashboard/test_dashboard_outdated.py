"""A warehouse of an older schema that an older process holds while the page would migrate it:
the page says the line `export daily` says ("… predates this outagewatch …"), not "A
warehouse query failed" (both take it from warehouse/outdated.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dash_helpers import NOW, point_dashboard, run_page

from warehouse.db import on_lock_wait
from warehouse.outdated import is_older

LINE = (
    'Binder Error: Table "p" does not have a column named "is_reply": this warehouse '
    "predates this outagewatch; run `outagewatch process` once with this version to update "
    "it (after stopping any older outagewatch still writing to it)"
)
# A writer of another process: holds the file until told on stdin, as an older `outagewatch
# run` holds it for a transaction.
HOLD = (
    "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
    "sys.stdin.readline(); c.close()"
)


def older_copy(sample: Path, tmp_path: Path, *statements: str) -> Path:
    """The sample warehouse as an older outagewatch left it: `statements` undo what came
    later, and its views are marked as another version's."""
    path = tmp_path / "old.duckdb"
    shutil.copyfile(sample, path)
    with duckdb.connect(str(path)) as con:
        for statement in statements:
            con.execute(statement)
        con.execute("COMMENT ON TABLE schema_version IS 'views sha256 of an older version'")
    return path


def schema_3_copy(sample: Path, tmp_path: Path) -> Path:
    """Before migration 4 added posts.is_reply, which this version's as-of reads select."""
    return older_copy(
        sample,
        tmp_path,
        "ALTER TABLE posts DROP COLUMN is_reply",
        "DELETE FROM schema_version WHERE version > 3",
    )


class OlderProcess:
    """An older process holding the file for writing until the reader of this one waits for
    it: the migration (which does not wait) has been refused by then, so it may go and the
    read find the old columns."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout.readline().strip() == "held"

    def let_go(self, _path: Path, _seconds: float) -> None:
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def end(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.mark.parametrize("page, query", [("now", {}), ("incident", {"id": "inc-spotify-now"})])
def test_an_older_file_held_by_an_older_process_is_said_to_predate_this_version(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, query: dict
) -> None:
    path = point_dashboard(monkeypatch, schema_3_copy(sample_db, tmp_path), NOW)
    older = OlderProcess(path)
    try:
        with on_lock_wait(older.let_go):
            at = run_page(page, **query)
    finally:
        older.end()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [LINE]
    with duckdb.connect(str(path), read_only=True) as con:
        assert is_older(con)  # the page did not migrate it: the older process held it


def test_a_current_file_is_not_called_older(sample_db: Path) -> None:
    """A Binder error on a current file is a bug in a query: the generic line, logged."""
    with duckdb.connect(str(sample_db), read_only=True) as con:
        assert not is_older(con)


def test_a_newer_file_is_said_to_need_a_newer_outagewatch(sample_db: Path, tmp_path) -> None:
    """helper-114: a file a newer outagewatch wrote (a higher schema version, other views) had
    been told to run `outagewatch process` with this, older, version."""
    import shutil

    from warehouse.db import SCHEMA_VERSION
    from warehouse.outdated import outdated_line

    newer = tmp_path / "newer.duckdb"
    shutil.copy(sample_db, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [SCHEMA_VERSION + 1])
    error = duckdb.BinderException('Referenced column "new_column" not found')
    with duckdb.connect(str(newer), read_only=True) as con:
        line = outdated_line(con, error)
    assert line == (
        'Referenced column "new_column" not found: this warehouse was written by a newer '
        f"outagewatch (schema {SCHEMA_VERSION + 1}; this one reads {SCHEMA_VERSION}); upgrade "
        "outagewatch to read it"
    )
    with duckdb.connect(str(sample_db), read_only=True) as con:
        assert outdated_line(con, error) is None  # this version's file: a bug, not its age


def older_views_copy(sample: Path, tmp_path: Path) -> Path:
    """Schema current, views an older version's: before the `service_hour` macro the Now
    page's last-hour counts call."""
    return older_copy(
        sample, tmp_path, "DROP VIEW service_last_hour", "DROP MACRO TABLE service_hour"
    )


def test_the_now_page_reads_a_file_whose_views_an_older_process_keeps(
    sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Now page's counts call a macro of this version's views. On a file an older
    outagewatch holds (so its views are not rewritten) the page had turned into the
    "predates" line, where it had worked before the macro (review 138): the macro is lent to
    the read's connection instead, and the page shows its cards."""
    path = point_dashboard(monkeypatch, older_views_copy(sample_db, tmp_path), NOW)
    older = OlderProcess(path)
    try:
        with on_lock_wait(older.let_go):
            at = run_page("now")
    finally:
        older.end()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == []
    assert [m for m in at.metric if m.label == "Problem reports, last hour"]
    with duckdb.connect(str(path), read_only=True) as con:
        assert is_older(con)  # still the older views: the macro was only lent
