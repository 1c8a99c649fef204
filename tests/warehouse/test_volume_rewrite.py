"""A cycle rewrites only the report-volume rows that changed, with the same result as a
full rewrite, so the warehouse file stops growing by the window's size every cycle."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from warehouse import db, pipeline_io

T0 = datetime(2026, 11, 20, 0, 0)


def _volume(n: int, bump: int | None = None) -> pd.DataFrame:
    rows = [
        dict(service_slug="spotify", country=c, bucket=T0 + timedelta(minutes=5 * i),
             reports=i % 7 + (10 if i == bump else 0), baseline=1.5, upper=4.0,
             score=float("nan") if i % 11 == 0 else 0.1 * i, is_anomaly=i == bump)
        for i in range(n) for c in ("", "US")
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _table(path) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT * FROM report_volume ORDER BY service_slug, country, bucket"
        ).df()


def test_only_changed_rows_are_rewritten_with_a_full_rewrite_s_result(tmp_path) -> None:
    path = tmp_path / "w.duckdb"
    since = T0 + timedelta(hours=1)
    with db.writer(path) as con:
        pipeline_io.replace_report_volume(con, _volume(300), T0)
    first = _table(path)
    with db.writer(path) as con:  # the same window again: the same table
        pipeline_io.replace_report_volume(con, _volume(300), since)
    pd.testing.assert_frame_equal(_table(path), first)
    # one bucket changed, the last hour gone: the table is what a full rewrite gives
    new = _volume(288, bump=100)
    with db.writer(path) as con:
        pipeline_io.replace_report_volume(con, new, since)
    got = _table(path)
    want = pd.concat(
        [_volume(300)[lambda f: f["bucket"] < since], new[lambda f: f["bucket"] >= since]]
    )
    want = want.sort_values(["service_slug", "country", "bucket"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
