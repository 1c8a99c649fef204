"""`analyze` and `detect-series` keep the input's numbers and booleans as such in JSON lines
and Parquet output (a CSV's codes such as "007" and its text stay text); `analyze` says how
many --time-column values are not times and how many lines had invalid UTF-8 bytes."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
from cli_run import run_cli

POSTS = (
    "index,text,inbound,score,zip,tweet_id,created\n"
    "541,spotify is down,True,0.5,007,1800000000000000001,2026-11-20T10:00Z\n"
    "542,NA,False,,012,1800000000000000002,yesterday\n"
    "543,whatsapp not working,True,2,,3,2026-13-01\n"
)


def posts_csv(tmp_path: Path, content: str | bytes = POSTS) -> Path:
    path = tmp_path / "posts.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def column_types(parquet: Path) -> dict[str, str]:
    rows = duckdb.sql(f"DESCRIBE SELECT * FROM '{parquet}'").fetchall()
    return {name: kind for name, kind, *_ in rows}


def test_jsonl_keeps_numbers_booleans_and_text(tmp_path: Path, capsys) -> None:
    out = tmp_path / "enriched.jsonl"
    code, _, err = run_cli(
        ["analyze", str(posts_csv(tmp_path)), "--text-column", "text", "--out", str(out)], capsys
    )
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in rows] == [541, 542, 543]
    assert [r["inbound"] for r in rows] == [True, False, True]
    assert [r["score"] for r in rows] == [0.5, None, 2.0]
    assert [r["zip"] for r in rows] == ["007", "012", ""]  # codes, not numbers
    assert rows[0]["tweet_id"] == 1800000000000000001  # exact, past 2**53
    assert rows[1]["text"] == "NA"  # the post "NA" is text, not a missing value


def test_parquet_keeps_the_column_types(tmp_path: Path, capsys) -> None:
    out = tmp_path / "enriched.parquet"
    code, _, err = run_cli(
        ["analyze", str(posts_csv(tmp_path)), "--text-column", "text", "--out", str(out)], capsys
    )
    assert code == 0, err
    types = column_types(out)
    assert types["index"] == "BIGINT" and types["inbound"] == "BOOLEAN"
    assert types["score"] == "DOUBLE" and types["zip"] == "VARCHAR"
    assert types["text"] == "VARCHAR" and types["created"] == "VARCHAR"
    # the versions that made the signals: a column and the file's metadata (review 127)
    import pyarrow.parquet as pq

    from outagewatch.version import version_text

    meta = pq.read_schema(out).metadata
    stored = pd.read_parquet(out)["pipeline_version"].unique().tolist()
    assert len(stored) == 1 and stored[0].startswith("norm-") and "|catalog-" in stored[0]
    assert meta[b"outagewatch.pipeline_version"].decode() == stored[0]
    assert meta[b"outagewatch.version"].decode() == version_text()
    assert b"outagewatch.detector_version" not in meta  # no --time-column, no detector


def test_csv_output_keeps_the_input_cells(tmp_path: Path, capsys) -> None:
    out = tmp_path / "enriched.csv"
    code, _, err = run_cli(
        ["analyze", str(posts_csv(tmp_path)), "--text-column", "text", "--out", str(out)], capsys
    )
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("541,spotify is down,True,0.5,007,1800000000000000001,")
    assert lines[2].startswith("542,NA,False,,012,1800000000000000002,yesterday,")


def test_detect_series_parquet_value_is_a_number(tmp_path: Path, capsys) -> None:
    src = tmp_path / "counts.csv"
    rows = [f"{1515061871 + 900 * i},{'' if i == 5 else i % 7}" for i in range(200)]
    src.write_text("ts,value\n" + "\n".join(rows) + "\n")
    out = tmp_path / "scored.parquet"
    args = ["detect-series", str(src), "--time-column", "ts", "--value-column", "value"]
    code, _, err = run_cli([*args, "--out", str(out)], capsys)
    assert code == 0, err
    assert column_types(out)["value"] == "BIGINT" and column_types(out)["ts"] == "BIGINT"
    values = duckdb.sql(f"SELECT value FROM '{out}'").fetchall()
    assert values[5] == (None,) and values[6] == (6,)  # empty stays missing, not 0


def test_unparsable_times_are_counted_with_an_example(tmp_path: Path, capsys) -> None:
    args = ["analyze", str(posts_csv(tmp_path)), "--text-column", "text"]
    code, _, err = run_cli(
        [*args, "--time-column", "created", "--out", str(tmp_path / "o.csv")], capsys
    )
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: 2 values of --time-column 'created' could not be read as a time "
        "(e.g. 'yesterday'); use ISO 8601 (2026-11-20T12:00Z) or unix seconds"
    ]


def test_good_times_and_unix_seconds_give_no_warning(tmp_path: Path, capsys) -> None:
    path = posts_csv(tmp_path, "text,created,ts\nspotify down,2026-11-20T10:00Z,1795770000\n")
    for column in ("created", "ts"):
        args = ["analyze", str(path), "--text-column", "text", "--time-column", column]
        code, _, err = run_cli([*args, "--out", str(tmp_path / "o.csv")], capsys)
        assert code == 0, err
        assert "warning" not in err


def test_the_help_says_what_the_time_column_does(capsys) -> None:
    code, out, _ = run_cli(["analyze", "--help"], capsys)
    assert code == 0
    said = " ".join(out.split())
    assert "burst detector runs over the file's problem reports per service" in said
    assert "The time as read is written as time_utc" in said
    assert "the other enriched columns do not depend on it" in said


def test_invalid_utf8_lines_are_counted(tmp_path: Path, capsys) -> None:
    content = b"text,n\nspotify \xff down,1\nok,2\nwhatsapp \xfe\xff gone,3\n"
    path = posts_csv(tmp_path, content)
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--out", str(tmp_path / "o.csv")], capsys
    )
    assert code == 0, err
    assert f"warning: 2 lines of {path} had invalid UTF-8 bytes, replaced with \ufffd" in err
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("\ufffd") == 3


def test_valid_utf8_gives_no_warning(tmp_path: Path, capsys) -> None:
    path = posts_csv(tmp_path, 'text\n"çà ne marche pas, orange coupé 🙏"\n')
    code, _, err = run_cli(
        ["analyze", str(path), "--text-column", "text", "--out", str(tmp_path / "o.csv")], capsys
    )
    assert code == 0, err
    assert "warning" not in err


def test_analyze_reads_times_as_detect_series_does(capsys) -> None:
    """One reading of a time column for both commands: YYYYMMDD numbers are dates (not
    1970-08-23 in unix seconds), seconds are seconds, and only what is none is warned of."""
    from outagewatch.commands.analyze import post_times

    days = post_times(pd.Series([20260101, 20260102], dtype="Int64"), "t")
    assert [str(t) for t in days] == ["2026-01-01 00:00:00", "2026-01-02 00:00:00"]
    seconds = post_times(pd.Series([1515061871, None], dtype="Int64"), "t")
    assert str(seconds.iloc[0]) == "2018-01-04 10:31:11" and pd.isna(seconds.iloc[1])
    assert capsys.readouterr().err == ""  # an empty cell is no unreadable time


def test_json_lines_input_keeps_whole_numbers_whole(tmp_path: Path, capsys) -> None:
    """An id column with one missing value had become floats: 1063374537129590785 was
    written back as 1.063374537e+18, 1 as 1.0 (a user's find)."""
    src = tmp_path / "tweets.jsonl"
    src.write_text(
        '{"tweet_id": 1063374537129590785, "n": 1, "text": "netflix down", "user": {"id": 5}}\n'
        '{"text": "spotify down", "n": null, "score": 0.123456789012}\n',
        encoding="utf-8",
    )
    for suffix in ("jsonl", "csv"):
        out = tmp_path / f"enriched.{suffix}"
        code, _, err = run_cli(
            ["analyze", str(src), "--text-column", "text", "--out", str(out)], capsys
        )
        assert code == 0, err
        if suffix == "jsonl":
            rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            assert [r["tweet_id"] for r in rows] == [1063374537129590785, None]
            assert [r["n"] for r in rows] == [1, None] and rows[0]["user.id"] == 5
            assert rows[1]["score"] == 0.123456789012
        else:
            lines = out.read_text(encoding="utf-8").splitlines()
            assert lines[1].startswith("1063374537129590785,1,netflix down,5,")


def test_parquet_input_is_read_as_parquet(tmp_path: Path, capsys) -> None:
    """A Parquet file had been read as CSV: a warning about invalid UTF-8 and 1 KB of its
    bytes listed as "columns"."""
    src = tmp_path / "posts.parquet"
    pd.DataFrame({"id": [7, 8], "text": ["spotify down", "nice weather"]}).to_parquet(src)
    out = tmp_path / "enriched.jsonl"
    code, _, err = run_cli(
        ["analyze", str(src), "--text-column", "text", "--out", str(out)], capsys
    )
    assert code == 0 and "UTF-8" not in err, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["service"]) for r in rows] == [(7, "spotify"), (8, "")]
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    code, _, err = run_cli(["analyze", str(broken), "--text-column", "text"], capsys)
    assert code != 0 and "cannot read" in err and "as Parquet" in err and len(err) < 300, err


def test_json_objects_that_parquet_cannot_hold_as_they_are_still_write(
    tmp_path: Path, capsys
) -> None:
    """An empty object beside a full one, and an id past 2^63, had crashed the Parquet
    output after the enrichment had run (helper-108): {} holds no column, the id is text."""
    src = tmp_path / "posts.jsonl"
    src.write_text(
        '{"id": 18446744073709551616, "geo": {}, "text": "netflix down"}\n'
        '{"id": 7, "geo": {"lat": 1.5}, "text": "spotify down"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "enriched.parquet"
    code, _, err = run_cli(
        ["analyze", str(src), "--text-column", "text", "--out", str(out)], capsys
    )
    assert code == 0, err
    rows = duckdb.sql(f"SELECT id, \"geo.lat\" FROM '{out}'").fetchall()
    assert rows == [("18446744073709551616", None), ("7", 1.5)]


def test_slashed_dates_read_one_way_and_time_utc_shows_the_reading(tmp_path: Path, capsys) -> None:
    """13/03 made a column day-first for one cell and 01/03 month-first for the next (1 March
    read as 3 January); the time as read was nowhere in the output."""
    path = posts_csv(
        tmp_path, "text,when\nspotify down,13/03/2024 10:00\nspotify down,01/03/2024 10:00\n"
    )
    out = tmp_path / "o.csv"
    args = ["analyze", str(path), "--text-column", "text", "--time-column", "when"]
    code, _, err = run_cli([*args, "--out", str(out)], capsys)
    assert code == 0, err
    rows = pd.read_csv(out)
    assert list(rows.columns)[-2:] == ["time_utc", "window_id"]
    assert rows["time_utc"].tolist() == ["2024-03-13 10:00:00", "2024-03-01 10:00:00"]
    either = posts_csv(tmp_path, "text,when\nspotify down,01/03/2024\nspotify down,02/03/2024\n")
    code, _, err = run_cli([*args[:1], str(either), *args[2:], "--out", str(out)], capsys)
    assert code == 2
    assert (
        "column 'when' has dates like '01/03/2024' (data row 1) that read either day-first or "
        "month-first, and none of its dates decides (no number above 12); pass --dayfirst or "
        "--monthfirst, or write ISO 8601 (2024-03-13)"
    ) in err
    code, _, err = run_cli(
        [*args[:1], str(either), *args[2:], "--monthfirst", "--out", str(out)], capsys
    )
    assert code == 0, err
    assert pd.read_csv(out)["time_utc"].tolist() == ["2024-01-03", "2024-02-03"]
