"""A day the warehouse covers only in part (today, or a crawl's first day) is compared over
the hours it has, not as a whole day against whole days."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from fixture_warehouse import DAYS, FIRST_DAY

from outagewatch.exports.daily import build_daily, render

LAST_DAY = FIRST_DAY + timedelta(days=DAYS - 1)


def test_a_day_cut_at_noon_is_compared_over_its_hours(warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cut.duckdb"
    shutil.copy(warehouse, copy)
    noon = datetime.combine(LAST_DAY, datetime.min.time()) + timedelta(hours=12)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM report_volume WHERE bucket >= ?", [noon])
        head = build_daily(con, LAST_DAY).headline
        today, before = con.execute(
            "SELECT sum(reports) FILTER (WHERE bucket >= $1), "
            "sum(reports) FILTER (WHERE bucket < $1) / count(DISTINCT bucket::DATE) "
            "FILTER (WHERE bucket < $1) "
            "FROM report_volume WHERE country = '' AND hour(bucket) < 12 "
            "AND bucket >= $1 - INTERVAL 7 DAY",
            [noon - timedelta(hours=12)],
        ).fetchone()
        md = render(build_daily(con, LAST_DAY), "md")
    assert head.data_until == noon - timedelta(minutes=5)
    assert head.compared_hours == 12
    assert head.problem_reports_compared_hours == today
    assert head.prev7_problem_reports_compared_hours == round(before, 1)
    assert "data until 11:55 UTC" in md
    # said plainly (it read "in the 12 whole hours compared (an hour under way is not): ...")
    line = next(x for x in md.splitlines() if x.startswith("- Problem reports:"))
    assert f"; {today} in the 12 full hours with data, against {before:.0f} on average in " in line
    assert "compared" not in line and "under way" not in line
    assert "at the end of the day" not in md


def test_a_whole_day_keeps_the_daily_comparison(con: duckdb.DuckDBPyConnection) -> None:
    head = build_daily(con, LAST_DAY).headline
    assert head.data_until is None and head.compared_hours == 24
    assert "the same" not in render(build_daily(con, LAST_DAY), "md")


def test_the_crawls_partial_first_day_is_left_out_of_the_averages(
    warehouse: Path, tmp_path: Path
) -> None:
    """A warehouse whose series begins at 13:10 on its first day: that half day is no 'day
    with data' to average over (it made 53 reports look like a quiet day's 222)."""
    copy = tmp_path / "late-start.duckdb"
    shutil.copy(warehouse, copy)
    begin = datetime.combine(FIRST_DAY, datetime.min.time()) + timedelta(hours=13, minutes=10)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM report_volume WHERE bucket < ?", [begin])
        head = build_daily(con, LAST_DAY).headline
        full_days, per_day = con.execute(
            "SELECT count(DISTINCT bucket::DATE), sum(reports) / count(DISTINCT bucket::DATE) "
            "FROM report_volume WHERE country = '' AND bucket >= $1 AND bucket < $2",
            [begin.date() + timedelta(days=1), LAST_DAY],
        ).fetchone()
    assert 0 < full_days == head.prev7_days_with_data
    assert head.prev7_problem_reports_per_day == round(per_day, 1)
    # and the summary says why that day is not counted, rather than "no data"
    with duckdb.connect(str(copy)) as con:
        md = render(build_daily(con, LAST_DAY), "md")
        second = render(build_daily(con, FIRST_DAY + timedelta(days=1)), "md")
    assert head.partial_day == FIRST_DAY
    assert f"({FIRST_DAY:%Y-%m-%d}, the warehouse's first day, is partial and left out)" in md
    assert f"no whole day before to compare with ({FIRST_DAY:%Y-%m-%d}, the warehouse's" in second
    assert "no data for the previous 7 days" not in second
    assert second.count("the warehouse's first day") == 1  # named once, on the first line


def test_as_of_past_the_datas_end_says_when_the_data_ends(warehouse: Path, tmp_path: Path) -> None:
    """`--until 15:00` on data that stops at noon: the open incidents are as of the data's
    end, not "still ongoing at 15:00" beside "data until 11:55"."""
    copy = tmp_path / "cut.duckdb"
    shutil.copy(warehouse, copy)
    noon = datetime.combine(LAST_DAY, datetime.min.time()) + timedelta(hours=12)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM report_volume WHERE bucket >= ?", [noon])
        md = render(build_daily(con, LAST_DAY, until=noon + timedelta(hours=3)), "md")
        # a cut off the 5-minute grid inside the data is no data end: "at 11:02"
        early = render(build_daily(con, LAST_DAY, until=noon - timedelta(minutes=58)), "md")
    assert "still ongoing when the data ends, 11:55 UTC" in md
    assert "still ongoing at 15:00" not in md
    assert "still ongoing at 11:02 UTC" in early and "when the data ends" not in early


def test_a_previous_day_covered_in_part_counts_by_the_hours_it_has(
    warehouse: Path, tmp_path: Path
) -> None:
    """Review 115: the day after the data ends at noon. Each hour is averaged over the days
    that have it (the afternoon over 6, not 7), and a day of reports is those means added up;
    the half day had been counted as a whole one (1771/7)."""
    copy = tmp_path / "stops-at-noon.duckdb"
    shutil.copy(warehouse, copy)
    noon = datetime.combine(LAST_DAY, datetime.min.time()) + timedelta(hours=12)
    after = LAST_DAY + timedelta(days=1)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM report_volume WHERE bucket >= ?", [noon])
        head = build_daily(con, after).headline
        means = dict(
            con.execute(
                "SELECT hour(bucket), sum(reports) / count(DISTINCT bucket::DATE) "
                "FROM report_volume WHERE country = '' AND bucket >= ? GROUP BY 1",
                [datetime.combine(after - timedelta(days=7), datetime.min.time())],
            ).fetchall()
        )
        total = con.execute(
            "SELECT sum(reports) FROM report_volume WHERE country = '' AND bucket >= ?",
            [datetime.combine(after - timedelta(days=7), datetime.min.time())],
        ).fetchone()[0]
    assert head.prev7_days_with_data == 7 and head.prev7_days_covered == 6.5
    assert head.hourly_prev7_mean == [round(means[h], 2) for h in range(24)]
    assert head.prev7_problem_reports_per_day == round(sum(means.values()), 1)
    assert head.prev7_problem_reports_per_day != round(total / 7, 1)  # the old figure


def test_a_gap_in_the_data_is_said_beside_the_daily_average(
    warehouse: Path, tmp_path: Path
) -> None:
    """Hours missing from the series in the middle count as not covered: the days with data
    are 6, their full hours 5.5 days. (A crawl's gap does not make such hours: detection fills
    the series with zeros between its first and last bucket, coverage.py; this is the
    counting itself, as for the missing hours at either end.)"""
    copy = tmp_path / "gap.duckdb"
    shutil.copy(warehouse, copy)
    gap = datetime.combine(LAST_DAY - timedelta(days=3), datetime.min.time())
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "DELETE FROM report_volume WHERE bucket >= ? AND bucket < ?",
            [gap + timedelta(hours=12), gap + timedelta(days=1)],
        )
        summary = build_daily(con, LAST_DAY)
    assert summary.headline.prev7_days_with_data == 6
    assert summary.headline.prev7_days_covered == 5.5
    line = next(x for x in render(summary, "md").splitlines() if x.startswith("- Problem"))
    assert "; previous 6 days with data, 5.5 days of data in all: " in line


def test_the_warehouses_partial_first_day_says_where_its_data_starts(
    warehouse: Path, tmp_path: Path
) -> None:
    """Its summary had read "Problem reports: 46" as if for a whole day, data_until null."""
    copy = tmp_path / "late-start.duckdb"
    shutil.copy(warehouse, copy)
    begin = datetime.combine(FIRST_DAY, datetime.min.time()) + timedelta(hours=13, minutes=10)
    with duckdb.connect(str(copy)) as con:
        con.execute("DELETE FROM report_volume WHERE bucket < ?", [begin])
        summary = build_daily(con, FIRST_DAY)
        whole = build_daily(con, FIRST_DAY + timedelta(days=1))
    assert summary.headline.data_from == begin and summary.headline.data_until is None
    assert whole.headline.data_from is None
    assert "Problem reports: " in render(summary, "md")
    assert "(data from 13:10 UTC);" in render(summary, "md")
    assert "(data from 13:10 UTC)" in render(summary, "html")
    assert '"data_from": "2026-11-16T13:10:00Z"' in render(summary, "json")
