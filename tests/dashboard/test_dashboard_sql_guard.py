"""The SQL explorer refuses writes, attachments and file access, with a clear message, and
the warehouse is untouched afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_helpers import run_page, sql

REFUSED = [
    pytest.param("DROP TABLE posts", id="drop"),
    pytest.param("INSERT INTO services (slug, name, category) VALUES ('a', 'b', 'c')", id="insert"),
    pytest.param("ATTACH '{tmp}/other.duckdb' AS other", id="attach"),
    pytest.param("COPY posts TO '{tmp}/leak.csv'", id="copy-out"),
    pytest.param("SELECT * FROM read_csv('/etc/passwd')", id="read-file"),
    pytest.param("SELECT 1; DROP TABLE posts", id="stacked"),
    pytest.param("SET enable_external_access = true", id="set"),
]


def _submit(query: str):
    at = run_page("explore")
    at.text_area(key="explore_sql").set_value(query)
    at.button[0].click().run()
    return at


@pytest.mark.parametrize("query", REFUSED)
def test_explorer_refuses(query: str, dash_env: Path, tmp_path: Path) -> None:
    before = sql(
        dash_env,
        "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM incidents), "
        "(SELECT count(*) FROM services)",
    )
    at = _submit(query.format(tmp=tmp_path))
    assert not at.exception
    messages = [e.value for e in at.error]
    assert len(messages) == 1 and messages[0].startswith("refused"), messages
    assert "\n" not in messages[0]
    assert not at.dataframe  # no result shown
    after = sql(
        dash_env,
        "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM incidents), "
        "(SELECT count(*) FROM services)",
    )
    assert before.equals(after)
    assert list(tmp_path.iterdir()) == []


def test_explorer_explains_a_bad_query(dash_env: Path) -> None:
    at = _submit("SELECT no_such_column FROM active_incidents")
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert "no_such_column" in warning.value and "views available" in warning.value


def test_explorer_allows_reading_views(dash_env: Path) -> None:
    at = _submit("SELECT country, incidents FROM incidents_per_country ORDER BY country")
    assert not at.exception and not at.error
    expected = sql(
        dash_env, "SELECT country, incidents FROM incidents_per_country ORDER BY country"
    )
    assert at.dataframe[0].value.reset_index(drop=True).equals(expected)
