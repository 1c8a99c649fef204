"""The frames fit the warehouse tables: stored in a real DuckDB file, twice, one copy."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.incidents import build_incidents

from .conftest import CATALOG, STEP, T0, make_posts, scored_volume, spread_times

BURST = {10: 30, 11: 50, 12: 80, 13: 60, 14: 40, 15: 20}
END = T0 + 48 * STEP


def _frames(since=None):
    n = 30
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(n, 384)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    posts = make_posts(
        "netflix", [f"netflix will not load {i}" for i in range(n)], emb,
        ["website_down"] * n, ["US"] * n, spread_times(n, 10, 15),
    )  # fmt: skip
    vol = pd.concat([scored_volume("netflix", BURST), scored_volume("steam", {40: 30, 41: 30})])
    return build_incidents(vol, posts, None, CATALOG, END, since=since)


def test_frames_store_in_a_real_warehouse_and_rerun_replaces(db_path) -> None:
    from warehouse import db, pipeline_io

    frames = _frames()
    for _ in range(2):
        with db.writer(db_path) as con:
            pipeline_io.replace_incidents(con, frames.as_dict(), T0)
    with db.reader(db_path) as con:
        rows = con.execute(
            "SELECT incident_id, title, keywords, len(centroid), status FROM incidents ORDER BY started_at"
        ).fetchall()
        n_posts = con.execute(
            "SELECT count(*), sum(is_representative::INT) FROM incident_posts"
        ).fetchone()
        shares = con.execute(
            "SELECT sum(share) FROM incident_regions GROUP BY incident_id"
        ).fetchall()
    assert [r[0] for r in rows] == list(frames.incidents["incident_id"])
    assert rows[0][1] == "Netflix — website down, mainly US" and rows[0][3] == 384
    assert rows[1][3] is None  # no posts: no centroid
    assert n_posts == (30, 5)
    assert all(abs(s[0] - 1.0) < 1e-9 for s in shares)


def test_since_keeps_only_what_a_cycle_replaces() -> None:
    later = _frames(since=T0 + 30 * STEP).incidents
    assert list(later["service_slug"]) == ["steam"]
