"""The HTML daily summary on a phone: the incidents table scrolls inside its own box (the
page never scrolls sideways) and the hourly chart's labels stay readable."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from outagewatch.exports.daily import build_daily, render
from outagewatch.exports.render_html import CSS

DAY = date(2026, 11, 21)  # two incidents (Slack, WhatsApp)
PHONE = 390
READABLE_PX = 10  # the smallest label a person reads on a phone without zooming
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def page(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return render(build_daily(con, DAY), "html")


def test_incident_table_sits_in_a_box_that_scrolls_sideways(page: str) -> None:
    assert re.search(r"\.scroll\{overflow-x:auto", CSS)
    boxed = re.search(
        r"<h2>Incidents</h2><div class='scroll'><table>(.*?)</table></div>", page, re.S
    )
    assert boxed and "<th>Official acknowledgment</th>" in boxed.group(1)
    # no Service column beside a title that names the service, no peak time (in the sections)
    heads = re.findall(r"<th>(.*?)</th>", boxed.group(1))
    assert heads == [
        "Incident",
        "Start",
        "End",
        "Duration",
        "Peak 5 min vs normal",
        "Countries",
        "Official acknowledgment",
    ]
    assert page.count("<table>") == 1


def test_print_shows_the_whole_table() -> None:
    printing = CSS[CSS.index("@media print") :]
    assert ".scroll{overflow:visible}" in printing


def test_chart_labels_are_readable_at_phone_width(page: str) -> None:
    """The SVG shrinks to the phone's width; its labels' font is raised so that after the
    shrink they are still at least READABLE_PX on screen."""
    width = int(re.search(r'<svg class="hourly"[^>]*viewBox="0 0 (\d+) \d+"', page).group(1))
    rule = re.search(r"@media \(max-width:(\d+)px\)\{svg\.hourly text\{font-size:(\d+)px\}\}", CSS)
    assert rule and int(rule.group(1)) >= PHONE
    shown = PHONE - 2 * 16  # body padding 1rem each side
    assert int(rule.group(2)) * shown / width >= READABLE_PX
    assert 'font-size="10"' in page  # the desktop size, scaled up there, is unchanged


def test_phone_page_never_scrolls_sideways_in_chromium(page: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: `make browser` installs Debian's chromium")
    path = tmp_path / "daily.html"
    path.write_text(page, encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-background-networking"]
        )
        try:
            tab = browser.new_page(viewport={"width": PHONE, "height": 900})
            tab.goto(path.as_uri())
            assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE
            box = tab.evaluate(
                "(() => { const d = document.querySelector('div.scroll');"
                " return [d.clientWidth, d.scrollWidth]; })()"
            )
            assert box[0] <= PHONE  # the table's own box fits; it scrolls inside if wider
            # review 109: the title and its start and end show without scrolling sideways
            first, end = tab.evaluate(
                "(() => { const d = document.querySelector('div.scroll');"
                " const th = [...d.querySelectorAll('th')];"
                " const end = th.find(h => h.textContent === 'End');"
                " return [th[0].textContent,"
                " end.getBoundingClientRect().right - d.getBoundingClientRect().left]; })()"
            )
            assert first == "Incident" and end <= box[0], (first, end, box)
            smallest = tab.evaluate(
                "Math.min(...[...document.querySelectorAll('svg.hourly text')]"
                ".map(t => t.getBoundingClientRect().height))"
            )
            assert smallest >= READABLE_PX, smallest
        finally:
            browser.close()


def test_chart_marks_where_the_days_data_ends(warehouse: Path) -> None:
    """Review 185, finding 10: the last hour (only its first minutes collected) looked like a
    sudden drop, the hours after it like quiet ones, and the y axis said only 0 and the top."""
    from datetime import datetime

    from outagewatch.exports.render_html import chart

    with duckdb.connect(str(warehouse), read_only=True) as con:
        s = build_daily(con, DAY, until=datetime(2026, 11, 21, 20, 5))
        whole = chart(build_daily(con, DAY))
    assert s.headline.data_until is not None
    end = f"{s.headline.data_until:%H}:{s.headline.data_until.minute + 5:02d}"
    svg = chart(s)
    assert f">data until {end}</text>" in svg
    bars = re.findall(r"<rect [^>]*>(?:<title>(.*?)</title>)", svg)
    partial = [t for t in bars if "(part of the hour only)" in t]
    assert partial == [b for b in bars if b.startswith(f"{s.headline.data_until:%H}:00")]
    labels = re.findall(r'text-anchor="end" fill="#57606a">([\d.]+)</text>', svg)
    assert len(labels) == 3  # 0, half way and the top
    assert "data until" not in whole and "part of the hour" not in whole
