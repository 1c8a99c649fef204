"""`outagewatch sql`'s query text from argv, stdin or @FILE: bytes that are not UTF-8 are one
line naming where they came from and the byte, not a traceback; a UTF-16 or UTF-32 file with
its byte-order mark is read (review 165 #4: UTF-32 was read as UTF-16); @FOLDER says it is a
folder (review 147 #2)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from cli_run import run_cli

from warehouse import db


@pytest.fixture
def wh(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    db.ensure(path)
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_that_is_not_utf8(wh: Path, capsys, monkeypatch) -> None:
    _stdin(monkeypatch, b"select 1\xff")
    code, _, err = run_cli(["sql", "-", "--db", str(wh)], capsys)
    assert code == 2
    assert err == (
        "error: the query on stdin is not UTF-8 text (byte 0xff at position 8): save it as UTF-8\n"
    )


def test_file_that_is_not_utf8(wh: Path, tmp_path: Path, capsys) -> None:
    query = tmp_path / "bad.sql"
    query.write_bytes("select 'café'".encode("latin-1"))
    code, _, err = run_cli(["sql", f"@{query}", "--db", str(wh)], capsys)
    assert code == 2
    assert f"the query file {query} is not UTF-8 text (byte 0xe9 at position 11)" in err
    assert "Traceback" not in err


def test_argument_with_undecodable_bytes(wh: Path, capsys) -> None:
    # what Python makes of argv bytes that are not UTF-8 (PEP 383)
    argument = b"select 1 \xff".decode("utf-8", "surrogateescape")
    code, _, err = run_cli(["sql", argument, "--db", str(wh)], capsys)
    assert code == 2
    assert "the query argument is not UTF-8 text (byte 0xff at position 9)" in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8-sig"])
def test_a_file_with_a_byte_order_mark_is_read(
    wh: Path, tmp_path: Path, capsys, encoding: str
) -> None:
    query = tmp_path / "q.sql"
    text = "select 'müde' AS word"
    data = text.encode(encoding)
    if encoding.endswith(("-be", "-le")):  # the codecs that name their order write no mark
        data = "\ufeff".encode(encoding) + data
    query.write_bytes(data)
    code, out, err = run_cli(["sql", f"@{query}", "--db", str(wh), "--format", "csv"], capsys)
    assert code == 0, err
    assert out.splitlines() == ["word", "müde"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-le", "utf-32-be"])
def test_a_byte_order_mark_before_other_bytes_is_named(
    wh: Path, tmp_path: Path, capsys, encoding: str
) -> None:
    query = tmp_path / "q.sql"
    # a lone surrogate, or a code point past U+10FFFF: text in no Unicode encoding
    bad = {"utf-16-le": b"\x00\xd8", "utf-32-le": b"\x00\x00\x11\x00"}.get(
        encoding, b"\x00\x11\x00\x00"
    )
    query.write_bytes("\ufeffselect 1".encode(encoding) + bad)
    code, _, err = run_cli(["sql", f"@{query}", "--db", str(wh)], capsys)
    assert code == 2
    name = encoding[:6].upper()
    assert err == (
        f"error: the query file {query} starts with a {name} byte-order mark but is not "
        f"{name} text: save it as UTF-8\n"
    )


def test_at_a_folder_says_it_is_a_folder(wh: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(["sql", f"@{tmp_path}", "--db", str(wh)], capsys)
    assert code == 2
    assert err == (
        f"error: query file {tmp_path} is a folder: give @FILE, a file holding the SQL\n"
    )
