"""`status` reads its Crawls table from the crawl_status view, bringing a view made by an older
outagewatch up to date first; read as it stands (when another process held the file), an old
view lacking official_new still gives a table, with "?" and why."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import duckdb
from cli_run import run_cli
from rich.console import Console

from outagewatch.commands.status import crawl_rows, crawls_table
from warehouse import db as warehouse_db
from warehouse.store import utcnow

RUNS = [
    ("r1", "mastodon", "2026-11-01 10:00", "2026-11-01 10:05", 100, 1234, 5, 0, 1),
    ("r2", "mastodon", "2026-11-02 10:00", "2026-11-02 10:07", 50, 20000, 1000, 0, 0),
    ("r1", "statuspage", "2026-11-01 10:00", "2026-11-01 10:02", 30, 0, 0, 17, 2),
    ("r3", "hackernews", "2026-11-03 10:00", None, 7, 3, 0, 0, 0),
]
# crawl_status as views.sql made it before official_new, and a views digest of that time
OLD_VIEW = """CREATE OR REPLACE VIEW crawl_status AS
SELECT source, max(finished_at) AS last_crawl, sum(requests) AS requests,
       sum(posts_new) AS posts_new, sum(posts_dup) AS posts_dup, sum(errors) AS errors
FROM crawl_runs GROUP BY source"""
NOTE = "?: this file's views are older than outagewatch; `outagewatch process` updates them"


def row(text: str, source: str) -> list[str]:
    line = next(line for line in text.splitlines() if f"│ {source} " in line)
    return [cell.strip() for cell in line.strip("│ ").split("│")]


def test_status_shows_the_view_and_survives_an_older_one(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.duckdb"
    with warehouse_db.writer(db) as con:
        con.executemany("INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", RUNS)

    code, out, err = run_cli(["status", "--db", str(db)], capsys)
    assert code == 0, err
    # source, last crawl, requests, new posts, already stored, official incidents, errors
    # (all runs), errors of the last run (mastodon's second run had none)
    assert row(out, "mastodon") == [
        *("mastodon", "2026-11-02 10:07", "150", "21,234", "1,005", "0", "1", "0"),
    ]
    assert row(out, "statuspage")[5:] == ["17", "2", "2"]
    assert row(out, "hackernews")[:3] == ["hackernews", "unfinished", "7"]
    assert "?" not in out

    with duckdb.connect(str(db)) as con:  # as an older outagewatch left the file
        con.execute(OLD_VIEW)
        con.execute("COMMENT ON TABLE schema_version IS 'views sha256 older'")
        # read as it stands (another process holding the file kept status from updating it)
        table = crawls_table(crawl_rows(con))
    shown = render(table)
    assert row(shown, "statuspage")[2:7] == ["30", "0", "0", "?", "2"]
    assert " ".join(shown.split()).count(NOTE) == 1

    code, out, err = run_cli(["status", "--db", str(db)], capsys)  # brings the views up to date
    assert code == 0, err
    assert row(out, "statuspage")[5:7] == ["17", "2"] and "?" not in out
    assert "?" not in out


def render(table) -> str:
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text()


def test_max_age_is_a_health_check_on_the_last_finished_crawl(tmp_path: Path, capsys) -> None:
    """A monitor runs `status --max-age 30`: exit 1 with the age when `run` stopped crawling."""
    db = tmp_path / "w.duckdb"
    warehouse_db.ensure(db)
    code, _, err = run_cli(["status", "--db", str(db), "--max-age", "30"], capsys)
    assert code == 1 and "stale: no crawl has finished yet" in err

    with warehouse_db.writer(db) as con:
        con.executemany("INSERT INTO crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", RUNS)
        con.execute(  # an unfinished run newer than every finished one does not count
            "INSERT INTO crawl_runs VALUES ('r9', 'reddit', ?, NULL, 0, 0, 0, 0, 0)", [utcnow()]
        )
    code, _, err = run_cli(["status", "--db", str(db), "--max-age", "30"], capsys)
    assert code == 1 and "(2026-11-02 10:07 UTC), more than --max-age 30" in err

    with warehouse_db.writer(db) as con:
        con.execute(
            "INSERT INTO crawl_runs VALUES ('r4', 'mastodon', ?, ?, 1, 0, 0, 0, 0)",
            [utcnow() - timedelta(minutes=12), utcnow() - timedelta(minutes=10)],
        )
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "30"], capsys)
    assert code == 0, err
    assert "fresh: a crawl finished within the last 30 minutes" in out
    code, _, err = run_cli(["status", "--db", str(db), "--max-age", "5"], capsys)
    assert code == 1 and "10 minutes ago" in err


def test_max_age_reads_the_real_clock_and_still_checks_integrity(tmp_path: Path, capsys) -> None:
    """Crawls are stamped with the real clock, also in the demo's replayed warehouse: its frozen
    clock made every crawl look fresh. With --check too, both verdicts are given."""
    from warehouse import store

    db = tmp_path / "w.duckdb"
    with warehouse_db.writer(db) as con:
        store.set_state(con, "replay_clock", "2026-11-20T12:00:00")
        con.execute(
            "INSERT INTO crawl_runs VALUES ('r1', 'mastodon', ?, ?, 1, 0, 0, 0, 0)",
            [utcnow() - timedelta(minutes=42), utcnow() - timedelta(minutes=40)],
        )
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "30", "--check"], capsys)
    assert code == 1 and "40 minutes ago" in err
    assert "integrity check passed" in out


def test_strict_fails_on_a_source_failing_every_run_and_a_channel_failing_too_long(
    tmp_path: Path, capsys
) -> None:
    """`--max-age` said "fresh" while statuspage had 19 errors in every run and a Slack
    channel had failed for hours; `status` did not show the channels at all (review 145, 7)."""
    db = tmp_path / "w.duckdb"
    now = utcnow()
    with warehouse_db.writer(db) as con:
        for k in range(4):  # every 5 minutes; statuspage errs each time, mastodon once
            at = now - timedelta(minutes=5 * k + 1)
            con.execute(
                "INSERT INTO crawl_runs VALUES (?, 'statuspage', ?, ?, 238, 0, 0, 0, 19)",
                [f"r{k}", at - timedelta(minutes=1), at],
            )
            con.execute(
                "INSERT INTO crawl_runs VALUES (?, 'mastodon', ?, ?, 40, 3, 0, 0, ?)",
                [f"r{k}", at - timedelta(minutes=1), at, int(k == 1)],
            )
        log = (
            "INSERT INTO notification_log (notification_id, channel, channel_kind, dedup_key,"
            " transition, created_at, attempts, last_attempt_at, delivered_at, result, error)"
            " VALUES (?, ?, ?, ?, 'opened', ?, ?, ?, ?, ?, ?)"
        )
        con.execute(log, ["n1", "chat", "slack", "a:opened", now - timedelta(minutes=95), 20,
                          now - timedelta(minutes=2), None, "failed",
                          "environment variable SLACK_URL is not set"])  # fmt: skip
        con.execute(log, ["n2", "hook", "webhook", "a:opened", now - timedelta(minutes=50), 1,
                          now - timedelta(minutes=50), now - timedelta(minutes=50), "sent", None])  # fmt: skip
        con.execute(log, ["n3", "hook", "webhook", "b:opened", now - timedelta(minutes=10), 2,
                          now - timedelta(minutes=1), None, "failed", "HTTP 503"])  # fmt: skip
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "30"], capsys)
    assert code == 0 and "fresh" in out, err  # the plain check: a crawl finished
    assert "Notification channels" in out
    assert row(out, "chat")[:4] == ["chat", "slack", "0", "1"]
    assert row(out, "hook")[:4] == ["hook", "webhook", "1", "1"]
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "30", "--strict"], capsys)
    assert code == 1
    problems = [line for line in err.splitlines() if line.startswith("unhealthy: ")]
    assert len(problems) == 2, err
    assert "source statuspage had errors in each of its last 3 runs (19, 19, 19" in problems[0]
    assert "channel chat has had 1 message(s) failing for 95 minutes" in problems[1]
    assert "SLACK_URL is not set" in problems[1]  # hook: failing 10 minutes, within 30
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "120", "--strict"], capsys)
    assert code == 1 and "channel chat" not in err and "source statuspage" in err
    with warehouse_db.writer(db) as con:  # statuspage's runs a day old: taken out of the config
        con.execute(
            "UPDATE crawl_runs SET started_at = started_at - INTERVAL 25 HOUR, "
            "finished_at = finished_at - INTERVAL 25 HOUR WHERE source = 'statuspage'"
        )
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "120", "--strict"], capsys)
    assert "source statuspage" not in err, err  # review 159 #11


LOG = (
    "INSERT INTO notification_log (notification_id, channel, channel_kind, dedup_key,"
    " transition, created_at, attempts, last_attempt_at, delivered_at, result, error)"
    " VALUES (?, ?, 'webhook', ?, 'opened', ?, ?, ?, ?, ?, ?)"
)


def test_a_message_no_longer_sent_stops_failing_once_the_channel_delivers(
    tmp_path: Path, capsys
) -> None:
    """A failed or pending message is sent again only while it is due, and many never are (a
    recap goes instead): such rows kept `status --strict` failing for good after one outage.
    A message fails "now" only when last tried after the channel's latest delivery, as the
    notification_channels view says; status and the view give the same counts (review 159
    #2 #3)."""
    db = tmp_path / "w.duckdb"
    now = utcnow()
    days = now - timedelta(days=3)
    with warehouse_db.writer(db) as con:
        con.execute(LOG, ["n1", "hook", "a:opened:1", days, 5, days, None, "failed", "HTTP 503"])
        con.execute(LOG, ["n2", "hook", "b:opened:1", days, 1, days, None, "pending", None])
        con.execute(LOG, ["n3", "hook", "a:resolved:1", now - timedelta(hours=2), 1,
                          now - timedelta(hours=2), now - timedelta(hours=2), "sent", None])  # fmt: skip
        # after that delivery: failing now, and pending
        con.execute(LOG, ["n4", "hook", "c:opened:1", now - timedelta(minutes=90), 3,
                          now - timedelta(minutes=1), None, "failed", "HTTP 502"])  # fmt: skip
        con.execute(LOG, ["n5", "hook", "d:opened:1", now - timedelta(minutes=60), 1,
                          now - timedelta(minutes=60), None, "pending", None])  # fmt: skip
        # a channel that never delivered: every failed row is failing
        con.execute(LOG, ["n6", "down", "a:opened:1", days, 9, days, None, "failed", "refused"])
    with warehouse_db.reader(db) as con:
        view = con.execute(
            "SELECT channel, failing, pending, failing_since, last_error"
            " FROM notification_channels ORDER BY channel"
        ).fetchall()
    assert view == [
        ("down", 1, 0, days, "refused"),
        ("hook", 2, 1, now - timedelta(minutes=90), "HTTP 502"),
    ]
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "30"], capsys)
    assert row(out, "hook")[:4] == ["hook", "webhook", "1", "2"], out
    assert row(out, "down")[:4] == ["down", "webhook", "0", "1"], out
    code, out, err = run_cli(["status", "--db", str(db), "--max-age", "120", "--strict"], capsys)
    problems = [line for line in err.splitlines() if line.startswith("unhealthy: ")]
    assert len(problems) == 1 and "channel down has had 1 message(s)" in problems[0], err
    assert "channel hook" not in err  # 90 minutes, within 120: not the 3-day-old rows
