"""The SQL explorer refuses writes, attachments and file access, with a clear message, and
the warehouse is untouched afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
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


def _cli_error(db: Path, query: str) -> str:
    """What `outagewatch sql` prints for `query` (its one stderr line, without 'error: ')."""
    done = subprocess.run(
        [sys.executable, "-m", "outagewatch.cli", "sql", query, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "OUTAGEWATCH_CONFIG": ""},
    )
    assert done.returncode == 2, done.stderr
    return done.stderr.strip().removeprefix("error: ")


@pytest.mark.parametrize(
    ("query", "hint", "names"),
    [
        pytest.param(
            "SELECT no_such_colum FROM incidents",
            'Candidate bindings: "',
            False,
            id="column-typo",
        ),
        pytest.param("SELECT * FROM incident", 'Did you mean "incidents"?', True, id="table-typo"),
    ],
)
def test_explorer_shows_duckdbs_whole_message_like_the_cli(
    dash_env: Path, query: str, hint: str, names: bool
) -> None:
    """Finding 16: only the first line of DuckDB's message was shown, without its hints;
    the views were listed even for a wrong column."""
    at = _submit(query)
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert hint in warning.value and "\n" not in warning.value and "LINE 1" not in warning.value
    assert ("tables: " in warning.value and "incident_summary" in warning.value) is names
    assert warning.value == _cli_error(dash_env, query)


@pytest.mark.parametrize(
    ("query", "line", "word"),
    [
        pytest.param(
            "SELEC * FROM incidents", "LINE 1: SELEC * FROM incidents", "SELEC", id="line-1"
        ),
        pytest.param(
            "SELECT incident_id\nFROM incidents\nWHERE status = 'open'\nLIMT 3",
            "LINE 4: LIMT 3",
            "LIMT",
            id="line-4",
        ),
    ],
)
def test_explorer_points_at_a_syntax_error_like_the_cli(
    dash_env: Path, query: str, line: str, word: str
) -> None:
    """Review 185, finding 2: 'at or near "x"' alone, without the CLI's line and caret."""
    at = _submit(query)
    assert not at.exception and not at.error
    (warning,) = at.warning
    (code,) = at.code
    excerpt, caret = code.value.split("\n")
    assert excerpt == line
    assert excerpt[caret.index("^") :].startswith(word) and set(caret.strip()) == {"^"}
    assert f"{warning.value}\n{code.value}" == _cli_error(dash_env, query)


def test_explorer_allows_reading_views(dash_env: Path) -> None:
    at = _submit("SELECT country, incidents FROM incidents_per_country ORDER BY country")
    assert not at.exception and not at.error
    expected = sql(
        dash_env, "SELECT country, incidents FROM incidents_per_country ORDER BY country"
    )
    assert at.dataframe[0].value.reset_index(drop=True).equals(expected)


def test_csv_download_escapes_cells_a_spreadsheet_would_run() -> None:
    """The explorer's CSV, without a browser: a text cell that starts like a formula gets a
    leading '; numbers, NULLs and plain text stay as they are."""
    import io

    import pandas as pd

    from dashboard.views.explore import spreadsheet_csv

    frame = pd.DataFrame(
        {
            "text": ['=HYPERLINK("http://x")', "+1 555", "-2+3", "@alice hi", "\tx", "ok", None],
            "n": [-3, 1, 2, 3, 4, 5, 6],
        }
    )
    back = pd.read_csv(io.BytesIO(spreadsheet_csv(frame)), keep_default_na=False)
    assert back["text"].tolist() == [
        "'=HYPERLINK(\"http://x\")", "'+1 555", "'-2+3", "'@alice hi", "'\tx", "ok", "",
    ]  # fmt: skip
    assert back["n"].tolist() == [-3, 1, 2, 3, 4, 5, 6]
