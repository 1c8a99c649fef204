"""Every figure of the daily summary, in every format, equals SQL over the same warehouse."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from types import SimpleNamespace

import duckdb
import pytest
from fixture_warehouse import DAYS, EMPTY_DAY, FIRST_DAY, QUIET_DAY

from outagewatch.exports.daily import build_daily, render
from outagewatch.exports.fmt import baseline_rounded, peak_text, table_title, times_normal

WEEK = [FIRST_DAY + timedelta(days=n) for n in range(DAYS)]


def sql_incidents(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, dict]:
    cur = con.execute(
        "SELECT s.*, d.minutes_active FROM incident_summary s JOIN incident_days d "
        "USING (incident_id) WHERE d.day = ?",
        [day],
    )
    names = [c[0] for c in cur.description]
    return {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}


def sql_countries(con: duckdb.DuckDBPyConnection, iid: str) -> list[tuple[str, float]]:
    return [
        (c, round(s, 4))
        for c, s in con.execute(
            "SELECT country, share FROM incident_countries WHERE incident_id = ? AND country <> '' "
            "ORDER BY rank",
            [iid],
        ).fetchall()
    ]


def sql_symptoms(con: duckdb.DuckDBPyConnection, iid: str) -> list[tuple[str, float]]:
    return [
        (c, round(s, 4))
        for c, s in con.execute(
            "SELECT symptom, share FROM incident_top_symptoms WHERE incident_id = ? AND rank <= 3 "
            "ORDER BY rank",
            [iid],
        ).fetchall()
    ]


@pytest.mark.parametrize("day", WEEK + [EMPTY_DAY], ids=str)
def test_json_matches_sql(con: duckdb.DuckDBPyConnection, day: date) -> None:
    doc = json.loads(render(build_daily(con, day), "json"))
    expected = sql_incidents(con, day)
    assert [i["incident_id"] for i in doc["incidents"]] == sorted(
        expected, key=lambda k: (expected[k]["started_at"], k)
    )
    for inc in doc["incidents"]:
        row = expected[inc["incident_id"]]
        assert inc["peak_reports"] == row["peak_reports"]
        assert inc["total_reports"] == row["total_reports"]
        assert inc["duration_minutes"] == row["duration_minutes"]
        assert inc["minutes_active_on_day"] == row["minutes_active"]
        assert inc["baseline_reports"] == pytest.approx(row["baseline_reports"], abs=0.05)
        assert inc["ongoing"] == (row["status"] == "open")
        assert (inc["resolved_at"] is None) == (row["resolved_at"] is None)
        assert inc["lead_time_minutes"] == (
            None
            if row["lead_time_minutes"] is None
            else pytest.approx(row["lead_time_minutes"], abs=0.05)
        )
        assert [(c["name"], c["share"]) for c in inc["countries"]] == sql_countries(
            con, row["incident_id"]
        )
        assert [(c["name"], c["share"]) for c in inc["top_symptoms"]] == sql_symptoms(
            con, row["incident_id"]
        )
        n_posts = con.execute(
            "SELECT count(*) FROM incident_representative_posts WHERE incident_id = ?",
            [row["incident_id"]],
        ).fetchone()[0]
        assert len(inc["representative_posts"]) == min(3, n_posts)
    head = doc["headline"]
    assert head["incidents"] == len(expected)
    reports = con.execute(
        "SELECT coalesce(sum(reports), 0) FROM report_volume "
        "WHERE country = '' AND bucket >= ? AND bucket < ?",
        [day, day + timedelta(days=1)],
    ).fetchone()[0]
    assert head["problem_reports"] == reports == sum(head["hourly_reports"])
    prev, prev_days = con.execute(
        "SELECT (SELECT count(*) FROM incident_days WHERE day >= $1 AND day < $2), "
        "(SELECT count(DISTINCT bucket::DATE) FROM report_volume WHERE country = '' "
        "AND bucket >= $1 AND bucket < $2)",
        [day - timedelta(days=7), day],
    ).fetchone()
    assert head["prev7_days_with_data"] == prev_days
    assert head["prev7_incidents_per_day"] == (round(prev / prev_days, 2) if prev_days else 0)
    services = con.execute(
        "SELECT service_slug, minutes_disrupted FROM incidents_by_service_day "
        "WHERE day = ? ORDER BY minutes_disrupted DESC, service_slug",
        [day],
    ).fetchall()
    assert [(s["service_slug"], s["minutes_disrupted"]) for s in head["services"]] == services


@pytest.mark.parametrize("day", WEEK, ids=str)
def test_csv_matches_sql(con: duckdb.DuckDBPyConnection, day: date) -> None:
    rows = list(csv.DictReader(io.StringIO(render(build_daily(con, day), "csv"))))
    expected = sql_incidents(con, day)
    assert sorted(r["incident_id"] for r in rows) == sorted(expected)
    for r in rows:
        row = expected[r["incident_id"]]
        assert r["date"] == day.isoformat()
        assert int(r["peak_reports"]) == row["peak_reports"]
        assert int(r["total_reports"]) == row["total_reports"]
        assert int(r["duration_minutes"]) == row["duration_minutes"]
        assert r["resolved_at"] == (
            "" if row["resolved_at"] is None else row["resolved_at"].isoformat(timespec="seconds")
        )
        assert r["ongoing"] == ("true" if row["status"] == "open" else "false")
        shares = [(p.split(":")[0], float(p.split(":")[1])) for p in r["countries"].split(";") if p]
        assert shares == sql_countries(con, row["incident_id"])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_human_formats_show_the_sql_figures(con: duckdb.DuckDBPyConnection, fmt: str) -> None:
    for day in WEEK:
        text = render(build_daily(con, day), fmt)
        for row in sql_incidents(con, day).values():
            ratio = times_normal(round(row["peak_reports"] / row["baseline_reports"], 1))
            # the peak 5 minutes against a normal 5 minutes, labelled and rounded as the
            # dashboard's "last hour: 145× normal" (it read "12 vs 0.05 (×240.0)")
            peak = f"{row['peak_reports']} vs {row['baseline_reports']:.1f} ({ratio})"  # >= 1
            assert f"peak 5 min: {peak}" in text
            assert "(×" not in text and ".0× normal" not in text
            assert f"{row['total_reports']} in all" in text
            if row["status"] == "open":
                assert "ongoing" in text
        reports = con.execute(
            "SELECT coalesce(sum(reports), 0) FROM report_volume WHERE "
            "country = '' AND bucket::DATE = ?",
            [day],
        ).fetchone()[0]
        assert f"Problem reports: {reports};" in text


def test_quiet_day_has_data_but_no_incident(con: duckdb.DuckDBPyConnection) -> None:
    s = build_daily(con, QUIET_DAY)
    assert s.has_data and s.incidents == []
    assert "No incidents were active on 2026-11-20." in render(s, "md")


@pytest.mark.parametrize(
    "value, rounded, shown",
    [
        (0.0937, 0.094, "0.094"),  # a quiet service: two significant digits
        (0.5, 0.5, "0.5"),
        (3.04, 3.0, "3.0"),
        (12.44, 12.4, "12.4"),  # not 12: the reader can check 100 / 12.4 = 8.1
        (1234.56, 1234.6, "1234.6"),
    ],
)
def test_baselines_keep_the_digits_that_let_a_reader_check_the_ratio(
    value: float, rounded: float, shown: str
) -> None:
    assert baseline_rounded(value) == rounded
    incident = SimpleNamespace(peak_reports=100, baseline_reports=rounded, peak_ratio=None)
    assert peak_text(incident) == f"100 vs {shown}"


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (240.0, "240× normal"),  # not "×240.0"
        (98.04, "98× normal"),
        (12.0, "12× normal"),
        (9.96, "10× normal"),
        (2.5, "2.5× normal"),
        (3.0, "3× normal"),  # not "3.0×"
        (12.5, "13× normal"),  # halves up, as the dashboard's browser rounds (helper-114)
        (2.25, "2.3× normal"),
    ],
)
def test_a_ratio_to_normal_is_rounded_one_way(ratio: float, text: str) -> None:
    assert times_normal(ratio) == text
    incident = SimpleNamespace(peak_reports=12, baseline_reports=0.05, peak_ratio=ratio)
    assert peak_text(incident) == f"12 vs 0.05 ({text})"


@pytest.mark.parametrize(
    ("value", "text"), [(12.5, "13%"), (2.5, "3%"), (97.7, "98%"), (0.4, "<1%"), (0.0, "0%")]
)
def test_a_percent_rounds_halves_up_as_the_browser_does(value: float, text: str) -> None:
    """helper-114: 1 of 8 read "13%" in the Incident page's share column (the browser's
    rounding) and "12%" beside it and in the daily summary (Python's). A share above 0 that
    would round to "0%" is "<1%" in both, as "0%" reads as none."""
    from dashboard.ui import percent_text
    from outagewatch.exports.fmt import percent

    assert percent(value) == text
    assert percent_text(value) == text


def test_the_table_names_an_incident_by_its_title_alone(con: duckdb.DuckDBPyConnection) -> None:
    """Review 109: a Service column beside titles that name the service, and a peak time
    the sections give, made nine columns a phone could not show; the title leads now."""
    day = next(d for d in WEEK if build_daily(con, d).incidents)
    md = str(render(build_daily(con, day), "md"))
    header = next(line for line in md.splitlines() if line.startswith("| Incident"))
    assert header == (
        "| Incident | Start | End | Duration | Peak 5 min vs normal | Countries "
        "| Official acknowledgment |"
    )
    named = SimpleNamespace(service_name="Slack", title="Slack — website down")
    assert table_title(named) == "Slack — website down"
    assert table_title(SimpleNamespace(service_name="Slack", title="Errors")) == "Slack — Errors"
    assert table_title(SimpleNamespace(service_name="Slack", title="")) == "Slack"
