"""Small readers for AppTest trees and the expected numbers, read back with plain SQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from dashboard.charts import LABEL_CHART_PX

NOW = datetime(2026, 11, 20, 12, 0)  # the sample warehouse's "now" (conftest)
PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "screens"


def point_dashboard(monkeypatch, db: Path, now: datetime | str | None) -> Path:
    """Point the dashboard at `db` on a replayed clock (`now`; None = the real clock), with
    no auto-refresh and no config file."""
    monkeypatch.setenv("OUTAGEWATCH_DB", str(db))
    monkeypatch.setenv("OUTAGEWATCH_REFRESH", "0")
    monkeypatch.delenv("OUTAGEWATCH_CONFIG", raising=False)
    if now is None:
        monkeypatch.delenv("OUTAGEWATCH_NOW", raising=False)
    else:
        monkeypatch.setenv("OUTAGEWATCH_NOW", now if isinstance(now, str) else now.isoformat())
    return db


def run_page(name: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def assert_clean(at: AppTest) -> None:
    """No exception, no error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def charts(at: AppTest) -> list[Any]:
    return list(at.get("vega_lite_chart"))


def chart_frames(chart: Any) -> list[pd.DataFrame]:
    """The Arrow datasets Streamlit sends with a Vega-Lite chart."""
    return [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets]


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def country_circles(chart: Any) -> list[dict]:
    """The world map's country circles (code, name, reports, share, lat, lon), biggest first."""
    spec = json.loads(chart.proto.spec)
    for node in _walk(spec):
        mark, size = node.get("mark"), node.get("encoding", {}).get("size", {})
        if isinstance(mark, dict) and mark["type"] == "circle" and size["field"] == "reports":
            return node["data"]["values"]
    return []


def html_text(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def sql(db: Path, query: str, params: list | dict | None = None) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).df()
    finally:
        con.close()


def label_extents(labels: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> list[tuple]:
    """(row, earliest, latest): where each milestone label (at, row, w in pixels, as
    charts.label_rows gives them) may print on a phone-wide chart of [start, end), whichever
    side of its rule the browser picks."""
    per_px = (end - start) / LABEL_CHART_PX
    return [
        (r.row, pd.Timestamp(r.at) - per_px * r.w, pd.Timestamp(r.at) + per_px * r.w)
        for r in labels.itertuples()
    ]


def assert_labels_apart(labels: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """No two labels of a row can meet, whichever sides they take."""
    for (row_a, lo_a, hi_a), (row_b, lo_b, hi_b) in combinations(
        label_extents(labels, start, end), 2
    ):
        assert row_a != row_b or hi_a <= lo_b or hi_b <= lo_a, (row_a, lo_a, hi_a, lo_b, hi_b)
