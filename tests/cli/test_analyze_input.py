"""`analyze` on an empty file says so, and on a semicolon-separated CSV asks whether it is
one (there is no separator option), instead of pandas' words."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cli_run import run_cli


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.csv", "", "the file is empty"),
        ("blank.csv", "\n\n", "the file is empty (no header row)"),
        ("empty.jsonl", "", "the file is empty"),
    ],
)
def test_an_empty_file_is_called_empty(
    tmp_path: Path, capsys, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    code, out, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2 and out == ""
    assert err.strip() == f"error: cannot read {path}: {reason}"


def test_a_semicolon_csv_is_recognised(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("text;created\nspotify down;2026-11-01\n")
    code, _, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2
    assert err.strip() == (
        f"error: {path} has no column 'text'; columns are: text;created. Is the file "
        "semicolon-separated? outagewatch reads only commas (.csv) and tabs (.tsv), with no "
        "option to choose the separator: save it comma-separated"
    )


def test_no_semicolon_guess_when_the_column_is_not_there_either(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("text;created\nspotify down;2026-11-01\n")
    code, _, err = run_cli(["analyze", str(path), "--text-column", "body"], capsys)
    assert code == 2
    assert err.strip() == f"error: {path} has no column 'body'; columns are: text;created"


@pytest.mark.parametrize(
    "rows, line",
    [
        ("1,Spotify down, again\n2,fine\n", 2),  # pandas took the first column for an index
        ("1,fine\n2,Spotify down, again\n", 3),
    ],
    ids=["first-row", "later-row"],
)
def test_an_unquoted_comma_is_an_error_naming_the_line(
    tmp_path: Path, capsys, rows: str, line: int
) -> None:
    """A text with an unquoted comma has a field too many: before, in the first data row it
    shifted every column by one and analysed the wrong text without a word."""
    path = tmp_path / "posts.csv"
    path.write_text("id,text\n" + rows)
    code, out, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2 and out == ""
    assert f"expected 2 fields in line {line}, saw 3".casefold() in err.casefold()
    assert 'must be quoted ("like, this")' in err


def test_a_windows_1252_file_is_read_with_its_encoding(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes("id,text\n1,Spotify caído en Bogotá\n".encode("cp1252"))
    code, out, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 0
    assert "invalid UTF-8 bytes" in err and "give --encoding cp1252" in err
    code, out, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--encoding", "cp1252"], capsys
    )
    assert code == 0 and "invalid UTF-8" not in err
    assert "Spotify caído en Bogotá" in out
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--encoding", "klingon"], capsys
    )
    assert code == 2 and "unknown encoding 'klingon'" in err


def test_a_strict_encoding_names_the_byte_it_cannot_read(tmp_path: Path, capsys) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes(b"id,text\n1,\x81 bad\n")  # 0x81 is no character in Windows-1252
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--encoding", "cp1252"], capsys
    )
    assert code == 2 and f"{path} is not cp1252: byte 10 (0x81)" in err


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"text": "a"}', '{"text": "b"}', "not json"], "line 3 is not JSON (Expecting value)"),
        (['{"text": "a"}', "[1, 2]"], "line 2 is not a JSON object"),  # was a TypeError
        # U+2028 may stand raw inside a JSON string: no line break for the count
        (['{"text": "a"}', '{"text": "x\u2028y"}', "[1, 2]"], "line 3 is not a JSON object"),
    ],
)
def test_a_bad_json_line_is_named(tmp_path: Path, capsys, lines: list[str], message: str) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, _, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2 and f"cannot parse {path} as jsonl: {message}" in err, err


def test_an_empty_line_in_a_one_column_csv_is_an_empty_post(tmp_path: Path) -> None:
    """A text-only CSV's empty and blank lines are posts like any other (pandas dropped them,
    so `analyze`'s rows no longer lined up with the file's); blank lines at the end are not."""
    from outagewatch.tabular import read_table

    path = tmp_path / "posts.csv"
    path.write_text("text\nspotify down\n\n   \nnetflix down\n\n\n")
    assert read_table(path, ["text"])["text"].tolist() == [
        "spotify down",
        "",
        "   ",
        "netflix down",
    ]
    path.write_text("id,text\n1,spotify down\n\n2,netflix down\n")  # more columns: no row
    assert read_table(path, ["text"])["text"].tolist() == ["spotify down", "netflix down"]
    path.write_text("\ntext,author\nnetflix down,a\n")  # a blank line before the header
    assert read_table(path, ["text"])["text"].tolist() == ["netflix down"]


@pytest.mark.slow
def test_replies_are_read_with_their_thread_and_community(tmp_path: Path, capsys) -> None:
    """--thread-column and --venue-column: "same here" under "Is Slack down?" is a Slack report;
    a number in the column (JSON keeps types) is no title; a missing column is named."""
    import pandas as pd

    path = tmp_path / "comments.jsonl"
    rows = [
        {"body": "same here, nothing loads", "story": "Is Slack down?", "sub": None},
        {"body": "songs won't play on desktop", "story": None, "sub": "r/spotify"},
        {"body": "same here, nothing loads", "story": 42, "sub": "r/sysadmin"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out.csv"
    args = ["analyze", str(path), "--text-column", "body", "--out", str(out)]
    code, _, err = run_cli([*args, "--thread-column", "story", "--venue-column", "sub"], capsys)
    assert code == 0, err
    result = pd.read_csv(out, keep_default_na=False)
    assert result["services"].tolist() == ["slack", "spotify", ""]
    assert result["problem"].tolist() == [1, 1, 0]
    code, _, err = run_cli([*args, "--thread-column", "title"], capsys)
    assert code == 2 and "has no column 'title'" in err


def test_lists_are_written_as_json_and_a_list_of_texts_is_one_post(tmp_path: Path, capsys) -> None:
    """A JSON list had been written to CSV as Python's repr (['a', 'b']) and read by the
    enrichment as that repr; a list beside texts had crashed the Parquet output (ArrowInvalid).
    A list of texts is one post written in parts, read one part per line."""
    import duckdb
    import pandas as pd

    from outagewatch.cells import post_texts

    path = tmp_path / "posts.jsonl"
    rows = [
        {"id": 1, "text": ["is netflix down?", "won't load"], "tags": ["a", "é"], "at": ["Berlin"]},
        {"id": 2, "text": "spotify down", "tags": [], "at": "Paris"},
        {"id": 3, "text": None, "tags": [{"k": 1}, 2], "at": None},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    texts = post_texts(pd.Series([r["text"] for r in rows]), "--text-column", "text", "f")
    assert texts.tolist() == ["is netflix down?\nwon't load", "spotify down", ""]
    args = ["analyze", str(path), "--text-column", "text", "--location-column", "at"]
    code, out, err = run_cli(args, capsys)  # stdout CSV
    assert code == 0, err
    csv = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert csv["text"].tolist()[0] == '["is netflix down?", "won\'t load"]'
    assert csv["tags"].tolist() == ['["a", "é"]', "[]", '[{"k": 1}, 2]']
    assert csv["at"].tolist() == ['["Berlin"]', "Paris", ""]
    assert csv["services"].tolist() == ["netflix", "spotify", ""]
    assert csv["country"].tolist() == ["DE", "FR", ""]  # the list of one place is read too
    parquet = tmp_path / "out.parquet"
    code, _, err = run_cli([*args, "--out", str(parquet)], capsys)
    assert code == 0, err
    got = duckdb.sql(f"SELECT text, tags FROM '{parquet}' ORDER BY id").fetchall()
    assert got[0] == ('["is netflix down?", "won\'t load"]', '["a", "é"]')
    assert got[2] == (None, '[{"k": 1}, 2]')


def test_a_nested_value_that_is_no_text_is_refused_naming_its_row(tmp_path: Path, capsys) -> None:
    """Reading a post out of [{"type": "p", ...}] would be a guess: one line names the row,
    the option and the value."""
    path = tmp_path / "posts.jsonl"
    path.write_text('{"body": "spotify down"}\n{"body": [{"type": "p", "value": "down"}]}\n')
    code, _, err = run_cli(["analyze", str(path), "--text-column", "body"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert (
        f'{path}: row 2\'s --text-column \'body\' holds [{{"type": "p", "value": "down"}}], '
        "which is neither text nor a list of texts"
    ) in err


def test_an_object_where_the_text_should_be_is_refused_naming_its_row(
    tmp_path: Path, capsys
) -> None:
    """helper-114: an object is read as its fields ("text.body"), so the row's own text cell
    was empty and the post was read as no text, silently. Now the row is named, and a file
    of objects only names the field to ask for."""
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"text": "spotify down"}\n{"text": {"body": "netflix is down"}}\n')
    code, _, err = run_cli(["analyze", str(mixed), "--text-column", "text"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert (
        f"{mixed}: row 2's --text-column 'text' holds an object (read as its fields: "
        "text.body), which is neither text nor a list of texts; point --text-column at the "
        "field with the text, e.g. 'text.body'"
    ) in err
    objects = tmp_path / "objects.jsonl"
    objects.write_text('{"text": {"body": "netflix is down"}}\n')
    code, _, err = run_cli(["analyze", str(objects), "--text-column", "text"], capsys)
    assert code == 2
    assert "has no column 'text'; columns are: text.body ('text' holds objects, read as their " \
        "fields: text.body; name the one with the text, e.g. 'text.body')" in err  # fmt: skip


def test_an_empty_object_and_a_nan_in_a_list_are_written(tmp_path: Path, capsys) -> None:
    """helper-114: Parquet refused a column of [{}] when writing (a struct of no fields), and
    a NaN in a list was written as NaN, which no JSON reader takes."""
    import pandas as pd

    path = tmp_path / "posts.json"
    path.write_text(json.dumps([{"text": "spotify down", "x": [{}], "y": [1.5, None]}]))
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--out", str(tmp_path / "o.parquet")],
        capsys,
    )
    assert code == 0, err
    assert pd.read_parquet(tmp_path / "o.parquet")["x"].tolist() == ["[{}]"]
    frame = pd.DataFrame({"y": [[1.5, float("nan")]]})
    from outagewatch.cells import nested_as_json

    assert json.loads(nested_as_json(frame)["y"][0]) == [1.5, None]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_file_with_its_byte_order_mark_is_read(
    tmp_path: Path, capsys, encoding: str
) -> None:
    """Review 147 #8: read as the UTF-8 byte-order mark is, not as mojibake column names."""
    from outagewatch.tabular import read_table

    text = "text,created_at\r\nSpotify caído,2026-11-20T10:00:00Z\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    frame = read_table(path)
    assert list(frame.columns) == ["text", "created_at"]
    assert frame["text"].tolist() == ["Spotify caído"]
    assert capsys.readouterr().err == ""


def test_nul_bytes_hint_utf16_not_cp1252(tmp_path: Path, capsys) -> None:
    """UTF-16 without its mark: cp1252 would decode it, and be wrong."""
    path = tmp_path / "posts.csv"
    path.write_bytes("text\nSpotify caído\n".encode("utf-16-le").replace(b"\xed\x00", b"\xed\xff"))
    code, _, err = run_cli(["detect-series", str(path), "--time-column", "t",
                            "--value-column", "n"], capsys)  # fmt: skip
    assert code == 2
    assert "(it holds NUL bytes: if it is UTF-16, give --encoding utf-16)" in err
    assert "cp1252" not in err


def test_detect_series_has_the_encoding_it_recommends(tmp_path: Path, capsys) -> None:
    path = tmp_path / "counts.csv"
    path.write_bytes("t,n,note\n2026-11-20T10:00,1,café\n2026-11-20T10:05,2,é\n".encode("cp1252"))
    code, _, err = run_cli(["detect-series", str(path), "--time-column", "t",
                            "--value-column", "n"], capsys)  # fmt: skip
    assert code == 0 and "give --encoding cp1252" in err
    code, out, err = run_cli(["detect-series", str(path), "--time-column", "t",
                              "--value-column", "n", "--encoding", "cp1252"], capsys)  # fmt: skip
    assert code == 0, err
    assert "invalid UTF-8" not in err and "café" in out


@pytest.mark.parametrize(
    "header, name, columns",
    [("text,text", "text", "1 and 2"), ("id,text,time,text", "text", "2 and 4")],
)
def test_a_header_naming_a_column_twice_says_so(
    tmp_path: Path, capsys, header: str, name: str, columns: str
) -> None:
    """Review 147 #9: not "holds an object (read as its fields: text.1)"."""
    path = tmp_path / "dup.csv"
    path.write_text(header + "\n" + ",".join("spotify down" for _ in header.split(",")) + "\n")
    code, _, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2
    assert err == (
        f"error: {path}: the header names column {name!r} twice (columns {columns}): rename one\n"
    )


def test_a_dotted_csv_column_is_no_objects_field(tmp_path: Path) -> None:
    from outagewatch.tabular import object_fields, read_table

    path = tmp_path / "posts.csv"
    path.write_text("text,text.lang\nspotify down,en\n")
    assert object_fields(read_table(path), "text") == []


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("posts.csv", 'text\n"spotify est en panne\nslack va bien\n', 2),  # one column
        # a quote inside a field is a plain character; a closed quoted field spans lines
        ("posts.csv", 'id,text\n1,"ok, fine"\n2,er sagt "hallo\n3,"a\nb"\n4,"kaputt, ja\n5,x\n', 6),
        ("posts.csv", 'id,text\n1,"she said ""hi"" then\n2,x\n', 2),  # doubled quotes inside
        ("posts.tsv", 'id\ttext\n1\tnetflix caído\n2\t"whatsapp no va\n', 3),
    ],
)
def test_an_unclosed_quote_names_the_line_it_opens_on(
    tmp_path: Path, capsys, name: str, content: str, line: int
) -> None:
    """Review 147 #13: pandas said "Error tokenizing data. C error: EOF inside string
    starting at row 1"."""
    path = tmp_path / name
    path.write_text(content)
    code, _, err = run_cli(["analyze", str(path), "--text-column", "text"], capsys)
    assert code == 2
    assert err.strip() == (
        f'error: cannot parse {path} as {path.suffix[1:]}: the quote (") opened on line {line} '
        "is never closed; a text that begins with a quote mark must be quoted whole, its "
        'quotes doubled ("""like this")'
    )


def test_a_quote_that_closes_is_no_error(tmp_path: Path) -> None:
    from outagewatch.tabular import read_table, unclosed_quote_line

    text = 'id,text\n1,"a, ""b"""\n2,c "d\n3,"e\nf"\n'
    path = tmp_path / "posts.csv"
    path.write_text(text)
    assert unclosed_quote_line(text, ",") is None
    assert read_table(path, ["text"])["text"].tolist() == ['a, "b"', 'c "d', "e\nf"]
