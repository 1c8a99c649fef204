"""Determinism, the empty day, bad dates, the CLI and write_daily, escaping, self-contained HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from cli_run import run_cli
from fixture_warehouse import EMPTY_DAY

from outagewatch.errors import UserError
from outagewatch.exports.daily import FORMATS, build_daily, parse_day, render, write_daily
from outagewatch.exports.render_table import CSV_COLUMNS
from outagewatch.settings import load_settings
from warehouse.db import writer

DAY = date(2026, 11, 21)


def test_same_day_gives_byte_identical_files(warehouse: Path, tmp_path: Path) -> None:
    first = write_daily(warehouse, DAY, tmp_path / "a", FORMATS)
    second = write_daily(load_settings(db=warehouse), DAY, tmp_path / "b", FORMATS)
    assert [p.name for p in first] == [f"outages-2026-11-21.{f}" for f in FORMATS]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert b"generated" not in a.read_bytes().lower()


def test_cli_output_equals_the_library_render(
    warehouse: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path, capsys
) -> None:
    """The dashboard download (build_daily + render) and the CLI give the same bytes."""
    for fmt in FORMATS:
        target = tmp_path / f"day.{fmt}"
        code, _, _ = run_cli(
            [
                "export",
                "daily",
                "--date",
                "2026-11-21",
                "--format",
                fmt,
                "--out",
                str(target),
                "--db",
                str(warehouse),
            ],
            capsys,
        )
        assert code == 0
        assert target.read_text(encoding="utf-8") == render(build_daily(con, DAY), fmt)


def test_no_data_day_writes_valid_empty_summaries(warehouse: Path, tmp_path: Path) -> None:
    paths = {p.suffix[1:]: p for p in write_daily(warehouse, EMPTY_DAY, tmp_path, FORMATS)}
    assert "No data for 2026-11-25" in paths["md"].read_text()
    doc = json.loads(paths["json"].read_text())
    assert doc["has_data"] is False and doc["incidents"] == []
    assert doc["headline"]["incidents"] == 0
    rows = list(csv.reader(io.StringIO(paths["csv"].read_text())))
    assert rows == [CSV_COLUMNS]
    html = paths["html"].read_text()
    assert "No data for 2026-11-25" in html and html.rstrip().endswith("</html>")


@pytest.mark.parametrize("text", ["21-11-2026", "2026-1-5", "yesterday", "2026/11/21", ""])
def test_malformed_date_is_a_clear_error(text: str) -> None:
    with pytest.raises(UserError, match="expected YYYY-MM-DD"):
        parse_day(text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-11-31", "no such day: November 2026 has 30 days"),
        ("2026-02-29", "no such day: February 2026 has 28 days"),
        ("2026-04-00", "no such day: April 2026 has 30 days"),
        ("2026-13-01", "there is no month 13 (months are 01 to 12)"),
    ],
)
def test_a_well_written_date_the_calendar_lacks_is_no_day(text: str, why: str) -> None:
    """Review 185, finding 11: 2026-11-31 was called a format error, although it is written
    YYYY-MM-DD; the problem is that November has 30 days."""
    with pytest.raises(UserError) as caught:
        parse_day(text)
    assert str(caught.value) == f"invalid date {text!r}: {why}"
    assert parse_day("2028-02-29") == date(2028, 2, 29)  # a leap year's


def test_cli_bad_date_exits_2(warehouse: Path, capsys) -> None:
    code, out, err = run_cli(
        ["export", "daily", "--date", "2026-11-31", "--db", str(warehouse)], capsys
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "November 2026 has 30 days" in err


def test_range_to_directory_and_stdout(warehouse: Path, tmp_path: Path, capsys) -> None:
    code, _, _ = run_cli(
        [
            "export",
            "daily",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
            "--format",
            "html",
            "--out",
            str(tmp_path / "week"),
            "--db",
            str(warehouse),
        ],
        capsys,
    )
    assert code == 0 and len(list((tmp_path / "week").glob("*.html"))) == 7
    code, out, _ = run_cli(
        [
            "export",
            "daily",
            "--from",
            "2026-11-16",
            "--to",
            "2026-11-22",
            "--format",
            "csv",
            "--db",
            str(warehouse),
        ],
        capsys,
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and out.count("incident_id,") == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        n = con.execute(
            "SELECT count(*) FROM incident_days WHERE day BETWEEN '2026-11-16' AND '2026-11-22'"
        ).fetchone()[0]
    assert len(rows) == n


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_escaped(warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    evil = "<script>alert(1)</script> | [x](javascript:alert(1)) **bold** `code`"
    with writer(copy) as con:
        con.execute(
            "UPDATE posts SET text = ? WHERE post_key = "
            "(SELECT post_key FROM incident_representative_posts "
            " WHERE incident_id = 'inc-whatsapp-1121' AND rank = 1)",
            [evil],
        )
    with duckdb.connect(str(copy), read_only=True) as con:
        summary = build_daily(con, DAY)
    html = render(summary, "html")
    parser = _Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "svg" in tags and "style" in tags
    assert not re.search(r"@import|url\(", html)
    for _tag, attrs in parser.tags:
        assert not (attrs.get("src") or "").strip()
        href = attrs.get("href") or ""
        assert href.startswith(("#", "https://status.example/")) or href == "", href
    assert "&lt;script&gt;" in html
    md = render(summary, "md")
    assert "<script>" not in md and "\\<script\\>" in md and "\\|" in md


def test_stamp_is_opt_in(warehouse: Path, capsys) -> None:
    code, out, _ = run_cli(
        ["export", "daily", "--date", "2026-11-21", "--stamp", "--db", str(warehouse)], capsys
    )
    assert code == 0 and "Generated at" in out


def test_fresh_empty_warehouse(db_path: Path, tmp_path: Path) -> None:
    """A warehouse with the schema and no rows at all still gives valid, empty summaries."""
    from outagewatch.exports.parquet import export_parquet
    from warehouse.db import ensure

    ensure(db_path)
    paths = write_daily(db_path, DAY, tmp_path / "out", FORMATS)
    assert json.loads(paths[FORMATS.index("json")].read_text())["has_data"] is False
    manifest = export_parquet(db_path, tmp_path / "pq")
    assert all(
        info["rows"] == 0
        for name, info in manifest["relations"].items()
        if name != "schema_version"
    )


@pytest.mark.parametrize(("n", "text"), [(0, "0 reports"), (1, "1 report"), (31, "31 reports")])
def test_report_counts_read_as_english(n: int, text: str) -> None:
    from outagewatch.exports.fmt import reports

    assert reports(n) == text


def test_symptoms_read_as_words_for_people() -> None:
    from outagewatch.exports.fmt import symptom_shares
    from outagewatch.exports.model import Share

    items = [Share("playback_streaming", 86, 0.86), Share("website_down", 12, 0.12)]
    assert symptom_shares(items) == "playback streaming 86%, website down 12%"


def test_symptom_shares_say_what_they_are_shares_of(warehouse: Path) -> None:
    """Symptom shares are of the symptoms given (a report may give two), country shares of
    the reports: side by side they read as two slices of one thing (helper-106)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        summary = build_daily(con, DAY)
    assert any(i.top_symptoms for i in summary.incidents)
    said = " (share of the symptoms reported; a report may give two): "
    assert f"- **Top symptoms**{said}" in render(summary, "md")
    assert f"<b>Top symptoms</b>{said}" in render(summary, "html")


def test_times_and_columns_match_the_api(con: duckdb.DuckDBPyConnection) -> None:
    """Review 115: JSON times end in Z, as the API's (JavaScript read them as local time);
    CSV gains detected_at (the lead time's reference) and the official notice's name and URL
    (JSON had them), after the columns it had, which keep their places."""
    day = date(2026, 11, 17)
    summary = build_daily(con, day)
    doc = json.loads(render(summary, "json"))
    inc = doc["incidents"][0]
    expected = con.execute(
        "SELECT s.started_at, s.detected_at, o.official_name, o.official_url "
        "FROM incident_summary s LEFT JOIN incident_official o USING (incident_id) "
        "WHERE s.incident_id = ?",
        [inc["incident_id"]],
    ).fetchone()
    assert inc["started_at"] == expected[0].isoformat(timespec="seconds") + "Z"
    assert inc["detected_at"] == expected[1].isoformat(timespec="seconds") + "Z"
    assert all(p["created_at"].endswith("Z") for p in inc["representative_posts"])
    assert CSV_COLUMNS[-3:] == ["detected_at", "official_name", "official_url"]
    assert CSV_COLUMNS[:3] == ["date", "incident_id", "service_slug"]
    (row,) = [r for r in csv.DictReader(io.StringIO(render(summary, "csv")))
              if r["incident_id"] == inc["incident_id"]]  # fmt: skip
    assert row["detected_at"] == expected[1].isoformat(timespec="seconds")  # CSV: no zone
    assert (row["official_name"], row["official_url"]) == (expected[2] or "", expected[3] or "")
    assert row["official_url"].startswith("http")
