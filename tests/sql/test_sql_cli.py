"""`outagewatch sql` end to end: formats agree with each other, refusals exit with code 2."""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from cli_run import run_cli

import warehouse.readonly as readonly
from outagewatch.commands.sql_errors import query_error
from warehouse.readonly import QueryError, run_query

QUERY = (
    "SELECT incident_id, service_slug, peak_reports, lead_time_minutes "
    "FROM incident_summary ORDER BY incident_id"
)


def test_formats_give_the_same_figures(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = run_query(warehouse, QUERY)
    code, out, _ = run_cli(["sql", QUERY, "--db", str(warehouse), "--format", "csv"], capsys)
    assert code == 0
    csv_frame = pd.read_csv(io.StringIO(out))
    code, out, _ = run_cli(["sql", QUERY, "--db", str(warehouse), "--format", "json"], capsys)
    assert code == 0
    json_frame = pd.DataFrame(json.loads(out))
    target = tmp_path / "q.parquet"
    code, _, _ = run_cli(
        ["sql", QUERY, "--db", str(warehouse), "--format", "parquet", "--out", str(target)], capsys
    )
    assert code == 0
    pq_frame = pd.read_parquet(target)
    code, out, _ = run_cli(["sql", QUERY, "--db", str(warehouse)], capsys)
    assert code == 0 and f"({len(expected)} rows)" in out
    for frame in (csv_frame, json_frame, pq_frame):
        assert frame["incident_id"].tolist() == expected["incident_id"].tolist()
        assert frame["peak_reports"].tolist() == expected["peak_reports"].tolist()
        assert (
            frame["lead_time_minutes"].fillna(-999).tolist()
            == expected["lead_time_minutes"].fillna(-999).tolist()
        )
        assert not (set(frame["incident_id"]) - {*expected["incident_id"]})


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM incidents",
        "COPY incidents TO 'x.csv'",
        "ATTACH 'other.duckdb'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT 1; SELECT 2",
        "SELECT * FROM nowhere",
    ],
)
def test_refusals_and_errors_exit_2_with_one_line(
    warehouse: Path, sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["sql", sql, "--db", str(warehouse)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1


def test_allow_write_changes_a_copy(
    writable_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run_cli(
        [
            "sql",
            "DELETE FROM incidents WHERE status = 'open'",
            "--allow-write",
            "--db",
            str(writable_copy),
        ],
        capsys,
    )
    assert code == 0
    assert run_query(writable_copy, "SELECT count(*) AS n FROM active_incidents")["n"][0] == 0


def test_parquet_needs_out(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(
        ["sql", "SELECT 1", "--db", str(warehouse), "--format", "parquet"], capsys
    )
    assert code == 2 and "--out" in err


def test_out_dash_is_stdout(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """As for analyze and detect-series, `--out -` is stdout, not a file named "-"."""
    monkeypatch.chdir(tmp_path)
    args = ["sql", QUERY, "--db", str(warehouse), "--format", "csv"]
    code, out, _ = run_cli([*args, "--out", "-"], capsys)
    assert code == 0 and not (tmp_path / "-").exists()
    assert out == run_cli(args, capsys)[1]
    assert len(pd.read_csv(io.StringIO(out))) == len(run_query(warehouse, QUERY))
    code, _, err = run_cli([*args[:-2], "--format", "parquet", "--out", "-"], capsys)
    assert code == 2 and "--out" in err and not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("sql", "line", "token"),
    [
        pytest.param("SELECT sum(peak_reports) minutes FROM incidents", 1, "minutes", id="keyword"),
        pytest.param(
            "SELECT service_slug,\n  count(*) AS n\nFROM incidents WHERE (( GROUP BY 1",
            3,
            "GROUP",
            id="third-line",
        ),
    ],
)
def test_syntax_error_keeps_duckdbs_caret(
    warehouse: Path, capsys: pytest.CaptureFixture[str], sql: str, line: int, token: str
) -> None:
    code, out, err = run_cli(["sql", sql, "--db", str(warehouse)], capsys)
    assert code == 2 and out == ""
    first, excerpt, caret = err.rstrip("\n").split("\n")
    assert first == f'error: Parser Error: syntax error at or near "{token}".'
    assert excerpt.startswith(f"LINE {line}: ")
    assert caret.strip(" ^") == "" and excerpt[caret.index("^") :].startswith(token)


def test_syntax_error_stays_one_line_for_the_dashboard(warehouse: Path) -> None:
    """The explorer shows query_error's text in one box; the caret is the CLI's."""
    sql = "SELECT sum(peak_reports) minutes FROM incidents"
    with pytest.raises(QueryError) as err:
        run_query(warehouse, sql)
    message = str(query_error(err.value, sql, warehouse))
    assert message == 'Parser Error: syntax error at or near "minutes".'


def test_time_limit_message_says_the_limit_and_what_to_do(
    warehouse: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the CLI's 120 s, lowered so the test is quick; the message must say whichever applies
    quick = functools.partial(readonly.query_chunks, timeout=0.3)
    monkeypatch.setattr(readonly, "query_chunks", quick)
    slow = "SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b"
    code, _, err = run_cli(["sql", slow, "--db", str(warehouse)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("error: query cancelled after 0.3 s (the time limit for a query)")
    assert "WHERE" in err and "LIMIT" in err
    assert f"after {readonly.TIME_LIMIT:g} s" in str(readonly.QueryTimedOut(readonly.TIME_LIMIT))


def test_a_date_is_a_bare_date_in_csv_and_json(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/sql.md said a DATE is a midnight timestamp in CSV and JSON; CSV wrote the bare
    date and JSON the timestamp. Both write the date now, streamed to a file too."""
    query = "SELECT DATE '2026-11-14' AS day, TIMESTAMP '2026-11-14 00:00' AS at, 70 AS minutes"
    code, out, _ = run_cli(["sql", query, "--db", str(warehouse), "--format", "csv"], capsys)
    assert code == 0 and out.splitlines()[1] == "2026-11-14,2026-11-14,70"
    code, out, _ = run_cli(["sql", query, "--db", str(warehouse), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == [{"day": "2026-11-14", "at": "2026-11-14T00:00:00", "minutes": 70}]
    target = tmp_path / "d.json"
    code, _, err = run_cli(["sql", query, "--db", str(warehouse), "--out", str(target)], capsys)
    assert code == 0, err
    assert json.loads(target.read_text())[0]["day"] == "2026-11-14"
