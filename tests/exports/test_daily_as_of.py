"""`build_daily(con, day, until=...)`: the day as it stood at a moment. Posts, report buckets
and incidents from after `until` are left out; an incident resolved later is ongoing, with
its figures so far; `until=None` (or a moment after everything) is the export as it was."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from cli_run import run_cli
from fixture_warehouse import DAYS, FIRST_DAY, build_warehouse

from outagewatch.exports.asof import disrupted_minutes
from outagewatch.exports.daily import build_daily, filename, render
from outagewatch.exports.model import DailySummary

DAY = date(2026, 11, 21)  # Slack 08:00-08:50 (status page from 08:40), WhatsApp from 13:00
SLACK, WHATSAPP = "inc-slack-1121", "inc-whatsapp-1121"
FAR = datetime(2100, 1, 1)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour, minutes=minute)


def own_reports(con: duckdb.DuckDBPyConnection, incident_id: str, until: datetime) -> int:
    return con.execute(
        "SELECT count(*) FROM incident_posts ip JOIN post_signals s USING (post_key) "
        "WHERE ip.incident_id = ? AND s.problem AND s.created_at <= ?",
        [incident_id, until],
    ).fetchone()[0]


def test_reports_after_until_are_not_counted(con: duckdb.DuckDBPyConnection) -> None:
    noon = at(12)
    s = build_daily(con, DAY, until=noon)
    before = con.execute(
        "SELECT sum(reports) FROM report_volume WHERE country = '' AND bucket >= ? "
        "AND bucket + INTERVAL 5 MINUTE <= ?",
        [at(0), noon],
    ).fetchone()[0]
    whole = build_daily(con, DAY).headline.problem_reports
    assert s.headline.problem_reports == before < whole
    assert s.headline.hourly_reports[12:] == [0] * 12
    assert s.headline.data_until == noon - timedelta(minutes=5)
    assert s.has_data and s.as_of == noon
    for inc in s.incidents:
        assert all(p.created_at <= noon for p in inc.representative_posts)


def test_an_incident_that_starts_after_until_is_absent(con: duckdb.DuckDBPyConnection) -> None:
    s = build_daily(con, DAY, until=at(12))
    assert [i.incident_id for i in s.incidents] == [SLACK]
    assert s.headline.incidents == 1 and s.headline.ongoing_at_end_of_day == 0
    assert WHATSAPP not in s.headline.largest
    assert [v.service_slug for v in s.headline.services] == ["slack"]
    md = render(s, "md")
    assert "WhatsApp" not in md and "India" not in md
    assert "Incidents active: 1 (1 new, 0 still ongoing at 12:00 UTC)" in md
    assert "_As of 2026-11-21 12:00 UTC:" in md


def test_an_incident_resolved_after_until_is_ongoing_then(con: duckdb.DuckDBPyConnection) -> None:
    until = at(8, 30)  # Slack's incident ran 08:00-08:50; its status page came at 08:40
    (inc,) = build_daily(con, DAY, until=until).incidents
    assert inc.ongoing and inc.status == "open" and inc.resolved_at is None
    assert inc.duration_minutes == inc.minutes_active_on_day == 30
    assert inc.total_reports == own_reports(con, SLACK, until) < 42  # 42: the whole incident
    assert sum(c.reports for c in inc.countries) <= inc.total_reports
    assert inc.official_id is None and inc.official_acknowledged_at is None
    assert inc.lead_time_minutes is None
    s = build_daily(con, DAY, until=until)
    assert s.headline.ongoing_at_end_of_day == 1
    assert [(v.service_slug, v.minutes_disrupted) for v in s.headline.services] == [("slack", 30)]
    md = render(s, "md")
    assert "1 still ongoing at 08:30 UTC" in md
    assert "| ongoing |" in md and "no official notice" in md and "status.example" not in md
    assert "when the data ends" not in md and "at the end of the day" not in md


def test_the_status_page_counts_once_published(con: duckdb.DuckDBPyConnection) -> None:
    (inc,) = build_daily(con, DAY, until=at(8, 45)).incidents
    assert inc.ongoing and inc.official_id == "statuspage:sl-2"
    assert inc.official_acknowledged_at == at(8, 40) and inc.lead_time_minutes == 40


def test_an_incident_across_midnight_as_of_the_next_morning(
    con: duckdb.DuckDBPyConnection,
) -> None:
    day = date(2026, 11, 19)  # Discord 11-18 22:30 to 11-19 01:15
    (inc, *_) = build_daily(con, day, until=at(0, 30, day)).incidents
    assert inc.incident_id == "inc-discord-1118" and inc.ongoing
    assert inc.minutes_active_on_day == 30 and inc.duration_minutes == 120
    # a day merely touched at 00:00 is not one of its days (as in incident_days)
    assert build_daily(con, day, until=at(0, 0, day)).incidents == []


def test_until_before_the_day_knows_nothing_of_it(con: duckdb.DuckDBPyConnection) -> None:
    s = build_daily(con, DAY, until=at(23, 0, DAY - timedelta(days=1)))
    assert not s.has_data and s.incidents == [] and s.headline.problem_reports == 0


@pytest.mark.parametrize("day", [FIRST_DAY + timedelta(days=n) for n in range(DAYS)], ids=str)
def test_until_after_everything_is_the_plain_export(
    con: duckdb.DuckDBPyConnection, day: date
) -> None:
    """Every cut relation equals the view it cuts, and the merged service minutes equal
    incidents_by_service_day's."""
    assert replace(build_daily(con, day, until=FAR), as_of=None) == build_daily(con, day)


@pytest.mark.slow
def test_until_after_everything_is_the_plain_export_on_the_demo(demo_warehouse: Path) -> None:
    """The demo has two Netflix incidents at once: their minutes are merged, not added."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        days = [d for (d,) in con.execute("SELECT DISTINCT day FROM incident_days").fetchall()]
        overlapping = con.execute(
            "SELECT count(*) FROM incidents_by_service_day WHERE incidents > 1"
        ).fetchone()[0]
        assert days and overlapping
        for day in days:
            plain = build_daily(con, day)
            assert replace(build_daily(con, day, until=FAR), as_of=None) == plain, day


def test_disrupted_minutes_merges_overlaps_and_counts_minute_boundaries() -> None:
    t = datetime(2026, 11, 21, 10, 0)
    m = timedelta(minutes=1)
    assert disrupted_minutes([]) == 0
    assert disrupted_minutes([(t, t + 60 * m), (t + 30 * m, t + 90 * m)]) == 90
    assert disrupted_minutes([(t, t + 60 * m), (t + 10 * m, t + 20 * m)]) == 60  # inside
    assert disrupted_minutes([(t + 120 * m, t + 130 * m), (t, t + 60 * m)]) == 70  # a gap
    # DuckDB's date_diff('minute') counts minute boundaries crossed, not whole minutes
    assert disrupted_minutes([(t + timedelta(seconds=50), t + timedelta(seconds=70))]) == 1


def test_json_says_as_of_and_csv_keeps_its_columns(con: duckdb.DuckDBPyConnection) -> None:
    cut = build_daily(con, DAY, until=at(8, 30))
    doc = json.loads(render(cut, "json"))
    assert doc["as_of"] == "2026-11-21T08:30:00Z"
    assert doc["incidents"][0]["ongoing"] is True and doc["incidents"][0]["resolved_at"] is None
    assert "as_of" not in json.loads(render(build_daily(con, DAY), "json"))
    header, row = str(render(cut, "csv")).splitlines()
    assert header == str(render(build_daily(con, DAY), "csv")).splitlines()[0]
    assert ",open," in row and ",true," in row


def _official_line(md: str) -> str:
    return next(line for line in md.splitlines() if line.startswith("- **Official:**"))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_links_false_writes_labels_as_text(con: duckdb.DuckDBPyConnection, fmt: str) -> None:
    s: DailySummary = build_daily(con, DAY)
    name, url = "Slack: messages not sending (official)", "https://status.example/statuspage:sl-2"
    linked, plain = str(render(s, fmt)), str(render(s, fmt, links=False))
    assert url in linked and url not in plain
    assert name in plain
    if fmt == "md":
        assert "](" in linked and "](" not in plain
        assert _official_line(plain) == (
            r"- **Official:** acknowledged 2026-11-21 08:40; detected 40 min before the status "
            "page — "
            "Slack: messages not sending (official)"
        )
        changed = [
            a for a, b in zip(linked.splitlines(), plain.splitlines(), strict=True) if a != b
        ]
        assert len(changed) == 2  # Slack's and WhatsApp's status pages, nothing else
        assert all(line.startswith("- **Official:**") for line in changed)
    else:
        assert 'href="http' in linked and 'href="http' not in plain
        assert 'href="#inc-slack-1121"' in plain  # the page's own anchors stay


def test_cli_until_gives_the_library_summary(
    warehouse: Path, con: duckdb.DuckDBPyConnection, capsys
) -> None:
    args = ["export", "daily", "--date", "2026-11-21", "--db", str(warehouse)]
    code, out, _ = run_cli([*args, "--until", "2026-11-21T08:30"], capsys)
    assert code == 0 and out == render(build_daily(con, DAY, until=at(8, 30)), "md")
    code, zoned, _ = run_cli([*args, "--until", "2026-11-21T10:30+02:00"], capsys)
    assert code == 0 and zoned == out  # a time with a zone is converted to UTC


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            ["--date", "2026-11-21", "--until", "2026-11-21"],
            "invalid --until '2026-11-21': expected a date and time, YYYY-MM-DDTHH:MM (UTC)",
            id="bare-date",
        ),
        pytest.param(
            ["--date", "2026-11-21", "--until", "noon"],
            "invalid --until 'noon': expected a date and time",
            id="not-a-time",
        ),
        pytest.param(
            ["--date", "2026-11-21", "--until", "2026-11-20T23:00"],
            "--until 2026-11-20T23:00 is not after 2026-11-21 begins",
            id="before-the-day",
        ),
        pytest.param(
            ["--date", "2026-11-21", "--until", "2026-11-21T00:00"],
            "--until 2026-11-21T00:00 is not after 2026-11-21 begins",
            id="its-midnight",
        ),
        pytest.param(
            ["--from", "2026-11-20", "--to", "2026-11-21", "--until", "2026-11-21T08:00"],
            "--until needs --date",
            id="with-a-range",
        ),
    ],
)
def test_cli_bad_until_is_a_one_line_error(
    warehouse: Path, capsys, extra: list[str], message: str
) -> None:
    code, out, err = run_cli(["export", "daily", *extra, "--db", str(warehouse)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1


def test_a_cut_file_is_named_apart_from_the_whole_day() -> None:
    day = date(2026, 11, 19)
    assert filename(day, "md") == "outages-2026-11-19.md"
    assert filename(day, "md", datetime(2026, 11, 19, 13, 0)) == "outages-2026-11-19-asof-1300.md"
    assert (
        filename(day, "csv", datetime(2026, 11, 20, 0, 30))
        == "outages-2026-11-19-asof-2026-11-20T0030.csv"
    )


def test_replies_symptoms_count_only_where_few_posts_said_their_own(tmp_path: Path) -> None:
    """An ongoing incident's symptoms, recounted as of a moment, leave out a thread's replies
    (their symptom is mostly the title's "down") where 5 other posts or more said theirs, as
    the incident builder reads them."""
    db = build_warehouse(tmp_path / "w.duckdb")
    until = at(8, 30)
    with duckdb.connect(str(db)) as c:
        own = [
            k
            for (k,) in c.execute(
                "SELECT ip.post_key FROM incident_posts ip JOIN post_signals s USING (post_key) "
                "WHERE ip.incident_id = ? AND s.problem AND s.created_at <= ? ORDER BY ALL",
                [SLACK, until],
            ).fetchall()
        ]
        assert len(own) >= 5  # enough posts that said their own symptoms
        copy = "SELECT * REPLACE (post_key || '-reply' AS post_key{}) FROM {} WHERE post_key IN ?"
        c.execute(
            "INSERT INTO posts "
            + copy.format(", native_id || '-reply' AS native_id, 'Is Slack down?' AS thread_title, "
                          "true AS is_reply", "posts"),
            [own[:3]],
        )  # fmt: skip
        c.execute(
            "INSERT INTO post_signals "
            + copy.format(", ['account_locked'] AS symptoms", "post_signals"),
            [own[:3]],
        )
        c.execute("INSERT INTO incident_posts " + copy.format("", "incident_posts"), [own[:3]])

    def symptoms() -> set[str]:
        with duckdb.connect(str(db), read_only=True) as c:
            (inc,) = build_daily(c, DAY, until=until).incidents
        return {s.name for s in inc.top_symptoms}

    assert "account_locked" not in symptoms()  # replies under a title: theirs do not count
    with duckdb.connect(str(db)) as c:  # as `prune` leaves them: the title gone, the flag kept
        c.execute("UPDATE posts SET thread_title = NULL WHERE post_key LIKE '%-reply'")
    assert "account_locked" not in symptoms()
    with duckdb.connect(str(db)) as c:
        c.execute("UPDATE posts SET is_reply = false WHERE post_key LIKE '%-reply'")
    assert "account_locked" in symptoms()  # the same posts, saying it themselves: it counts
