"""Each incident's "Countries" line says what share no post located."""

from __future__ import annotations

from datetime import timedelta

import duckdb
from fixture_warehouse import DAYS, FIRST_DAY

from outagewatch.exports.daily import build_daily, render


def test_countries_line_names_the_unlocated_share(con: duckdb.DuckDBPyConnection) -> None:
    seen = 0
    for n in range(DAYS):
        summary = build_daily(con, FIRST_DAY + timedelta(days=n))
        md = render(summary, "md")
        for inc in summary.incidents:
            located = con.execute(
                "SELECT sum(reports) FILTER (WHERE country <> '') / sum(reports) "
                "FROM incident_countries WHERE incident_id = ?",
                [inc.incident_id],
            ).fetchone()[0]
            if inc.countries and located is not None and 1 - located >= 0.005:
                assert f"not located {(1 - located) * 100:.0f}%" in md
                seen += 1
    assert seen > 0  # the fixture has incidents with reports nobody located


def test_people_read_country_names_files_keep_codes(con: duckdb.DuckDBPyConnection) -> None:
    """Markdown and HTML say "Germany 57%" as the dashboard does; CSV and JSON keep the ISO
    codes that programs join on."""
    names = {"US": "United States", "GB": "United Kingdom", "DE": "Germany", "FR": "France"}
    names |= {"BR": "Brazil", "JP": "Japan", "IN": "India", "ES": "Spain", "MX": "Mexico"}
    checked = 0
    for n in range(DAYS):
        summary = build_daily(con, FIRST_DAY + timedelta(days=n))
        md, html, js = (render(summary, f) for f in ("md", "html", "json"))
        for inc in summary.incidents:
            if not inc.countries:
                continue
            code = inc.countries[0].name
            name = names[code]
            share = f"{inc.countries[0].share * 100:.0f}%"
            assert f"**Countries:** {name} {share}" in md
            assert f"<b>Countries:</b> {name} {share}" in html
            assert f'"{code}"' in js
            checked += 1
    assert checked > 0
