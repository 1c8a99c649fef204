"""A share under half a percent reads "<1%", not "0%", and the share column still sorts by
its number (Streamlit AppTest on a real warehouse file)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from dash_helpers import NOW, assert_clean, point_dashboard, run_page

from dashboard.ui import share_text


def shown(element) -> pd.DataFrame:
    """The cells as the browser shows them: the Styler's display values."""
    styler = element.proto.arrow_data.styler
    return pa.ipc.open_stream(styler.display_values).read_pandas()


@pytest.fixture
def one_small_country(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample warehouse with 1,000 reports from the US and one from Iceland in the last
    24 h: Iceland holds under 0.1 % of the located reports."""
    db = tmp_path / "shares.duckdb"
    db.write_bytes(sample_db.read_bytes())
    with duckdb.connect(str(db)) as con:
        for country, hours, reports in (("US", 1, 1000), ("IS", 2, 1)):
            con.execute(
                "INSERT OR REPLACE INTO report_volume (service_slug, country, bucket, reports) "
                "VALUES ('slack', ?, ?, ?)",
                [country, NOW - timedelta(hours=hours), reports],
            )
    return point_dashboard(monkeypatch, db, NOW)


def test_now_page_says_under_one_percent_not_zero(one_small_country: Path) -> None:
    at = run_page("now")
    assert_clean(at)
    where = at.dataframe[0]
    values, cells = where.value, shown(where)
    iceland = values.index[values["country"] == "Iceland"][0]
    assert 0 < values.loc[iceland, "share"] < 0.5
    assert cells.loc[iceland, "share"] == "<1%"
    assert "0%" not in set(cells["share"])
    # still a number underneath: the column sorts by the share, not by its text
    assert pd.api.types.is_float_dtype(values["share"])
    assert cells["share"].iloc[0] == share_text(values["share"].iloc[0])
    # the other numbers as Streamlit writes them, not the Styler's "1250.000000"
    assert list(cells["reports"]) == [f"{n:.0f}" for n in values["reports"]]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0%"), (0.04, "<1%"), (0.49, "<1%"), (0.5, "1%"), (12.5, "13%"), (100.0, "100%")],
)
def test_share_text(value: float, text: str) -> None:
    assert share_text(value) == text


def test_incident_page_share_tables_read_as_before(dash_env: Path) -> None:
    """The Incident page's country and region tables go through the same Styler: shares as
    "41%", counts without decimals."""
    at = run_page("incident")
    assert_clean(at)
    styled = [d for d in at.dataframe if d.proto.arrow_data.HasField("styler")]
    assert styled
    for element in styled:
        values, cells = element.value, shown(element)
        assert list(cells["share"]) == [share_text(v) for v in values["share"]]
        assert list(cells["reports"]) == [f"{n:.0f}" for n in values["reports"]]
