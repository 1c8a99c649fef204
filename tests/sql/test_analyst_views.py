"""Views an analyst asked for (review 115): the reports behind an incident counted once, an
incident's main countries as a list, and the warehouse's own "now"."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from warehouse.asof import with_as_of
from warehouse.readonly import run_query

INCIDENT = "inc-slack-1117"


@pytest.fixture
def copy(warehouse: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, target)
    return target


def test_a_post_naming_two_services_is_one_report_of_the_incident(copy: Path) -> None:
    """Joining the table incident_posts to problem_reports counted such a post twice (Slack
    98 rows for 92 posts on the demo)."""
    with duckdb.connect(str(copy)) as con:
        (post,) = con.execute(
            "SELECT post_key FROM incident_posts WHERE incident_id = ? ORDER BY post_key LIMIT 1",
            [INCIDENT],
        ).fetchone()
        con.execute("INSERT INTO post_services VALUES (?, 'discord')", [post])
        naive, posts = con.execute(
            "SELECT count(*), count(DISTINCT post_key) FROM incident_posts "
            "JOIN problem_reports USING (post_key) WHERE incident_id = ?",
            [INCIDENT],
        ).fetchone()
    rows = run_query(copy, f"SELECT * FROM incident_reports WHERE incident_id = '{INCIDENT}'")
    assert naive == posts + 1  # the double count the view avoids
    assert len(rows) == rows["post_key"].nunique() == posts
    assert set(rows["service_slug"]) == {"slack"}
    assert rows["is_representative"].sum() == 3


def test_main_countries_is_incident_main_countries_as_a_list(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        listed = dict(
            con.execute("SELECT incident_id, main_countries FROM incident_summary").fetchall()
        )
        expected = {i: [] for i in listed}
        for incident_id, country in con.execute(
            "SELECT incident_id, country FROM incident_main_countries "
            "ORDER BY incident_id, reports DESC, country"
        ).fetchall():
            expected[incident_id].append(country)
        # as of no cut, the dashboard's incidents_at says the same
        at = dict(
            con.execute(
                with_as_of("SELECT incident_id, main_countries FROM incidents_at"),
                {"cut": datetime(9999, 12, 31)},
            ).fetchall()
        )
        open_ = dict(
            con.execute("SELECT incident_id, main_countries FROM active_incidents").fetchall()
        )
    assert listed == expected == at
    assert any(len(c) > 1 for c in listed.values())
    assert all(listed[i] == c for i, c in open_.items())


def test_main_countries_as_of_a_cut_are_recounted(warehouse: Path) -> None:
    """As the dashboard replays it: from the incident's reports posted by then."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        iid, cut = con.execute(
            "SELECT incident_id, coalesce(detected_at, started_at) + INTERVAL 1 MINUTE "
            "FROM incidents WHERE status = 'open'"
        ).fetchone()
        (at_cut,) = con.execute(
            with_as_of("SELECT main_countries FROM incidents_at WHERE incident_id = $id"),
            {"cut": cut, "id": iid},
        ).fetchone()
        counts = con.execute(
            "SELECT s.country, count(*) FROM incident_posts ip JOIN post_signals s "
            "USING (post_key) WHERE ip.incident_id = ? AND s.problem AND s.created_at <= ? "
            "AND s.country <> '' GROUP BY 1 ORDER BY 2 DESC, 1",
            [iid, cut],
        ).fetchall()
        (stored,) = con.execute(
            "SELECT main_countries FROM incident_summary WHERE incident_id = ?", [iid]
        ).fetchone()
    located = sum(n for _, n in counts)
    assert at_cut == [c for c, n in counts if n >= 0.1 * located]
    assert at_cut != stored  # else the recount would not show


def test_the_warehouse_clock_is_utc_and_the_demos_when_replayed(copy: Path) -> None:
    with duckdb.connect(str(copy)) as con:
        con.execute("SET TimeZone = 'Asia/Tokyo'")  # a session far from UTC
        now, replayed = con.execute("SELECT now, replayed FROM warehouse_clock").fetchone()
        wall = datetime.now(UTC).replace(tzinfo=None)
        assert not replayed and abs(now - wall) < timedelta(minutes=1)
        con.execute(
            "INSERT OR REPLACE INTO pipeline_state VALUES "
            "('replay_clock', '2026-11-20T12:00:00', now())"
        )
        assert con.execute("SELECT * FROM warehouse_clock").fetchone() == (
            datetime(2026, 11, 20, 12),
            True,
        )
    # under the read-only guard too
    assert run_query(copy, "SELECT now FROM warehouse_clock").iloc[0, 0] == datetime(
        2026, 11, 20, 12
    )
