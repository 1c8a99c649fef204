"""docs/sql.md documents every table and view column (with its type), and its examples run."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from outagewatch.exports.render_table import CSV_COLUMNS
from warehouse.readonly import run_query

DOC = Path(__file__).resolve().parents[2] / "docs" / "sql.md"


def documented() -> dict[str, dict[str, str]]:
    """{relation: {column: type}} from the `### \\`name\\`` sections of docs/sql.md."""
    out: dict[str, dict[str, str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            m = re.fullmatch(r"### `(\w+)`", line.strip())
            current = m.group(1) if m else None
            if current:
                out[current] = {}
            continue
        m = re.match(r"\| `(\w+)` \| ([^|]+) \|", line)
        if current and m:
            out[current][m.group(1)] = m.group(2).strip()
    return out


def actual(path: Path) -> dict[str, dict[str, str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, {})[column] = dtype
    return out


def test_every_table_and_view_column_is_documented(warehouse: Path) -> None:
    docs, real = documented(), actual(warehouse)
    missing = {t: sorted(set(cols) - set(docs.get(t, {}))) for t, cols in real.items()}
    missing = {t: c for t, c in missing.items() if c}
    assert not missing, f"undocumented columns in docs/sql.md: {missing}"
    stale = {t: sorted(set(cols) - set(real.get(t, {}))) for t, cols in docs.items()}
    stale = {t: c for t, c in stale.items() if c}
    assert not stale, f"docs/sql.md documents columns that do not exist: {stale}"
    wrong = {
        f"{t}.{c}": (docs[t][c], d)
        for t, cols in real.items()
        for c, d in cols.items()
        if docs[t][c] != d
    }
    assert not wrong, f"documented type differs from the warehouse (doc, real): {wrong}"


def test_daily_summary_columns_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8").split("## Daily summary columns", 1)[1]
    assert [c for c in CSV_COLUMNS if f"| `{c}` |" not in text] == []


def _examples() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [b.strip().rstrip(";") for b in blocks]


@pytest.mark.parametrize("sql", _examples())
def test_documented_examples_run_under_the_guard(warehouse: Path, sql: str) -> None:
    frame = run_query(warehouse, sql)
    assert len(frame.columns) >= 1
