"""incident_official gives the provider's own start and end beside ours (what an analyst
compares: did the reports start before the provider says it began, end after it resolved?)."""

from __future__ import annotations

import duckdb


def test_the_providers_start_and_end_come_from_its_notice(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """
        SELECT v.official_started_at, o.started_at, v.official_resolved_at, o.resolved_at,
               v.resolved_at, i.resolved_at
        FROM incident_official v
        JOIN official_incidents o USING (official_id)
        JOIN incidents i USING (incident_id)
        """
    ).fetchall()
    assert rows
    for view_start, notice_start, view_end, notice_end, ours, incident_end in rows:
        assert (view_start, view_end, ours) == (notice_start, notice_end, incident_end)
    assert any(r[0] is not None for r in rows) and any(r[2] is not None for r in rows)
    assert any(r[2] is None for r in rows), "the fixture's open incident has no official end"
