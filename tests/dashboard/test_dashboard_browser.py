"""The real app in headless Chromium: every page renders what a person should see, nothing
is fetched from outside this machine, and screenshots land in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_browser import CHROMIUM, dashboard_server, launch, wait_until_done
from dash_helpers import NOW

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
PAGES = [  # (name, path, a selector that shows the page is drawn, texts a person must see)
    (
        "now",
        "/",
        CHART,
        [
            "Problems right now (2 services)",
            "Spotify",
            "▲▲▲ critical",
            "status page: investigating",
            "Where: problem reports in the last 24 h",
            "Recently resolved (last 24 h)",
        ],
    ),
    (
        "service",
        "/service?service=spotify",
        CHART,
        [
            "Spotify: problem reports, last 24 h",
            "What people report",
            "Incident history",
            "Official status",
        ],
    ),
    (
        "incident",
        "/incident?id=inc-spotify-now",
        CHART,
        ["Timeline", "Representative posts", "Possible common cause", "Shared upstream provider"],
    ),
    ("explore", "/explore", "textarea", ["Explore (SQL)", "Run query"]),
    (
        "daily",
        "/daily",
        "text=Download MD for 2026-11-20",
        ["Daily summary", "Outage summary for 2026-11-20 (UTC)", "Download MD for 2026-11-20"],
    ),
]


@pytest.fixture(scope="module")
def browser_page(sample_db: Path, tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: `make browser` installs Debian's chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    log = tmp_path_factory.mktemp("browser") / "streamlit.log"
    with (
        dashboard_server(sample_db, NOW.isoformat(), log) as base,
        sync_api.sync_playwright() as pw,
    ):
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 1800})
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        yield base, page, outside
        browser.close()


def _text(page) -> str:
    return page.inner_text('[data-testid="stMain"]')


@pytest.mark.parametrize(("name", "path", "ready", "texts"), PAGES, ids=[p[0] for p in PAGES])
def test_page_in_chromium(browser_page, name: str, path: str, ready: str, texts: list[str]) -> None:
    base, page, outside = browser_page
    page.goto(base + path)
    wait_until_done(page, ready)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
    visible = _text(page)
    for text in texts:
        assert text in visible, f"{text!r} not visible on {name}"
    assert "Traceback" not in visible and "Error" not in visible
    assert outside == [], f"fetched from outside: {outside[:3]}"


def test_explore_runs_a_query_in_chromium(browser_page) -> None:
    base, page, outside = browser_page
    page.goto(base + "/explore")
    wait_until_done(page, "textarea")
    page.get_by_role("button", name="Run query").click()
    wait_until_done(page, "text=rows")
    page.screenshot(path=str(ARTIFACTS / "dashboard-explore-result.png"), full_page=True)
    assert "2 rows" in _text(page)
    page.fill("textarea", "DROP TABLE posts")
    page.get_by_role("button", name="Run query").click()
    wait_until_done(page, "text=refused")
    assert "only read-only SELECT" in _text(page)
    assert outside == []


def test_explore_csv_download_opens_as_text_in_a_spreadsheet(browser_page) -> None:
    """The file a person downloads: a cell that starts like a formula ("=HYPERLINK…", an
    @-reply) gets a leading ', so a spreadsheet shows it as text; the rest is exact."""
    base, page, outside = browser_page
    page.goto(base + "/explore")
    wait_until_done(page, "textarea")
    page.fill(
        "textarea",
        "SELECT '=HYPERLINK(\"http://x\")' AS formula, '@alice hi' AS reply, "
        "'spotify down' AS plain, -3 AS n",
    )
    page.get_by_role("button", name="Run query").click()
    wait_until_done(page, "text=1 row")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    lines = Path(info.value.path()).read_text("utf-8").splitlines()
    assert lines == [
        "formula,reply,plain,n",
        '"\'=HYPERLINK(""http://x"")",\'@alice hi,spotify down,-3',
    ]
    assert outside == []


def test_now_on_a_phone(browser_page) -> None:
    base, page, _ = browser_page
    page.set_viewport_size({"width": 390, "height": 2400})
    try:
        page.goto(base + "/")
        wait_until_done(page, CHART)
        page.screenshot(path=str(ARTIFACTS / "dashboard-now-phone.png"), full_page=True)
        assert "Spotify" in _text(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 400, f"page is {width}px wide on a 390px phone"
    finally:
        page.set_viewport_size({"width": 1366, "height": 1800})


def test_card_link_opens_the_incident(browser_page) -> None:
    base, page, outside = browser_page
    page.goto(base + "/")
    wait_until_done(page, CHART)
    page.get_by_role("link", name="Incident details →").first.click()
    wait_until_done(page, "text=Representative posts")
    assert "id=inc-spotify-now" in page.url
    assert "Spotify: playback streaming problems" in _text(page)
    assert outside == []


def test_typed_now_path_shows_the_now_page(browser_page) -> None:
    """The Now page is served at /; a bookmarked /now must land there, not on "Page not found"."""
    base, page, _ = browser_page
    page.goto(base + "/now")
    wait_until_done(page, CHART)
    assert "Problems right now" in _text(page)
    assert "Page not found" not in page.inner_text("body")


def test_daily_table_scrolls_on_a_phone(browser_page) -> None:
    """The summary's wide incident table scrolls sideways inside its card on a phone; it was
    cut off after the "End" column with no way to reach the rest."""
    base, page, _ = browser_page
    page.set_viewport_size({"width": 390, "height": 2400})
    try:
        page.goto(base + "/daily")
        wait_until_done(page, "text=Download MD for")
        scroll, client, overflow = page.evaluate(
            "() => { const t = document.querySelector("
            "'[data-testid=\"stMarkdownContainer\"] table');"
            " return [t.scrollWidth, t.clientWidth, getComputedStyle(t).overflowX] }"
        )
        assert scroll > client and overflow == "auto"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 400
    finally:
        page.set_viewport_size({"width": 1366, "height": 1800})


def test_table_button_opens_the_incident_in_this_tab(browser_page) -> None:
    """Finding 13: "open" in Recently resolved opened a new tab on every click; its button
    now switches to the incident in place, like the card's link."""
    base, page, outside = browser_page
    page.goto(base + "/")
    wait_until_done(page, CHART)
    tabs = len(page.context.pages)
    grid = page.locator('[data-testid="stDataFrame"]').last  # Recently resolved
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the pinned first column holds the buttons; rows are 35 px under a 35 px header
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
    wait_until_done(page, "text=Representative posts")
    assert "id=inc-whatsapp-today" in page.url and "/incident" in page.url
    assert "WhatsApp: messages notifications problems" in _text(page)
    assert len(page.context.pages) == tabs  # no new tab
    assert outside == []


def test_back_undoes_a_pick_on_the_incident_page(browser_page) -> None:
    """Opening the Incident page from the menu, then picking two incidents: Back returns to
    each earlier one, then leaves the page. It used to stay on the last pick (the picker's
    state was written back over the URL Back went to)."""
    base, page, outside = browser_page
    page.goto(base + "/")
    wait_until_done(page, CHART)
    page.goto(base + "/incident")
    wait_until_done(page, "text=Representative posts")
    assert page.url.endswith("/incident")  # the page's default wrote no second entry
    shown = []
    for n in (1, 2):
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.locator('[role="option"]').nth(n).click()
        page.wait_for_url("**/incident?id=*")
        wait_until_done(page, "text=Representative posts")
        shown.append(page.url)
    assert shown[0] != shown[1]
    page.go_back()
    wait_until_done(page, "text=Representative posts")
    page.wait_for_timeout(1000)  # a rerun that rewrote the URL would have done so by now
    assert page.url == shown[0]
    page.go_back()
    wait_until_done(page, "text=Representative posts")
    page.wait_for_timeout(1000)
    assert page.url.endswith("/incident")
    page.go_back()
    wait_until_done(page, CHART)
    assert page.url.rstrip("/") == base
    assert outside == []


# where the first row's title and the "End" header sit in the summary's table, and its width
DAILY_TABLE_JS = """() => {
  const t = document.querySelector('[data-testid="stMarkdownContainer"] table');
  const left = t.getBoundingClientRect().left;
  const end = [...t.querySelectorAll('th')].find(th => th.innerText.trim() === 'End');
  const title = t.querySelector('tbody td');
  const lines = document.createRange();
  lines.selectNodeContents(title);
  return {
    end: end.getBoundingClientRect().right - left,
    visible: t.clientWidth,
    first: t.querySelector('th').innerText.trim(),
    titleLines: new Set([...lines.getClientRects()].map(r => Math.round(r.top))).size,
  };
}"""


def test_daily_table_shows_titles_and_times_on_a_phone(browser_page) -> None:
    """Review 109: on a 390 px phone the summary's nine-column table wrapped its titles to
    six lines and cut "End" to "17:1" at the card's edge. The title (which names the
    service) is the first column now and keeps a readable width, and its start and end
    show beside it without scrolling sideways."""
    base, page, _ = browser_page
    page.set_viewport_size({"width": 390, "height": 2400})
    try:
        page.goto(base + "/daily")
        wait_until_done(page, "text=Download MD for")
        page.screenshot(path=str(ARTIFACTS / "dashboard-daily-phone.png"), full_page=True)
        table = page.evaluate(DAILY_TABLE_JS)
        assert table["first"] == "Incident"
        assert table["end"] <= table["visible"], table
        assert table["titleLines"] <= 4, table
    finally:
        page.set_viewport_size({"width": 1366, "height": 1800})


# each milestone label's left and right edge, and where its own rule is, as drawn
LABELS_AND_RULES_JS = """e => {
    // the coloured labels, not their white halos (drawn first, under them)
    const texts = [...e.querySelectorAll('g.mark-text.role-mark text')]
        .filter(t => !['white', '#fff', '#ffffff'].includes(t.getAttribute('fill')));
    const rules = [...e.querySelectorAll('g.mark-rule.role-mark line, g.mark-rule.role-mark path')]
        .map(r => r.getBoundingClientRect()).map(b => b.left + b.width / 2);
    const labels = texts.map(t => {
        const b = t.getBoundingClientRect();
        const start = (t.getAttribute('text-anchor') || 'start') === 'start';
        return {text: t.textContent, left: b.left, right: b.right,
                anchor: start ? b.left - 4 : b.right + 4};
    });
    // the plot's rectangle (the root frame's background), not the axes around it
    const plot = e.querySelector('g.mark-group.role-frame.root path.background')
        .getBoundingClientRect();
    return {labels, rules, left: plot.left, right: plot.right};
}"""


@pytest.mark.parametrize("incident", ["inc-spotify-now", "inc-discord-now", "inc-netflix-old"])
def test_timeline_labels_cross_no_other_milestones_rule(browser_page, incident: str) -> None:
    """Review 144 #6: sides chosen for a 340 px chart and applied at 1300 px put
    "official acknowledgment" left of its rule, across "detected"'s; each label now sits
    on a side of its own rule that keeps it off the other milestones' rules, and inside the
    chart (LABEL_SIDE's last branch: a label that fits between neither pair of rules)."""
    base, page, _ = browser_page
    page.goto(base + f"/incident?id={incident}")
    wait_until_done(page, CHART)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.screenshot(path=str(ARTIFACTS / f"dashboard-timeline-{incident}.png"))
    drawn = chart.evaluate(LABELS_AND_RULES_JS)
    labels, rules = drawn["labels"], drawn["rules"]
    assert {"started", "detected"} <= {lb["text"] for lb in labels}
    for label in labels:
        own = min(rules, key=lambda x: abs(x - label["anchor"]))
        assert abs(own - label["anchor"]) < 3, label  # it sits at its own rule
        crossed = [x for x in rules if abs(x - own) > 1 and label["left"] < x < label["right"]]
        assert not crossed, (label, rules)
        assert drawn["left"] - 1 <= label["left"] and label["right"] <= drawn["right"] + 1, (
            label,
            drawn["left"],
            drawn["right"],
        )


@pytest.mark.parametrize("incident", ["inc-spotify-now", "inc-netflix-old"])
def test_timeline_labels_stay_inside_the_chart_on_a_phone(browser_page, incident: str) -> None:
    """On a phone's chart a label often fits between neither pair of rules; it then takes
    the side that keeps it inside the chart (LABEL_SIDE's last branch), not one that runs
    past the plot's edge."""
    base, page, _ = browser_page
    page.set_viewport_size({"width": 390, "height": 2400})
    try:
        page.goto(base + f"/incident?id={incident}")
        wait_until_done(page, CHART)
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.screenshot(path=str(ARTIFACTS / f"dashboard-timeline-{incident}-phone.png"))
        drawn = chart.evaluate(LABELS_AND_RULES_JS)
    finally:
        page.set_viewport_size({"width": 1366, "height": 1800})
    assert {"started", "detected"} <= {lb["text"] for lb in drawn["labels"]}
    for label in drawn["labels"]:
        assert drawn["left"] - 1 <= label["left"] and label["right"] <= drawn["right"] + 1, (
            label,
            drawn["left"],
            drawn["right"],
        )


def test_map_legend_sits_under_the_map_on_a_phone(browser_page) -> None:
    """Review 144 #11: the colour legend, drawn inside the map's bottom-left corner, covered
    Argentina and Chile at phone width; it sits under the countries now."""
    base, page, _ = browser_page
    page.set_viewport_size({"width": 390, "height": 2400})
    try:
        page.goto(base + "/")
        wait_until_done(page, CHART)
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        chart.screenshot(path=str(ARTIFACTS / "dashboard-now-map-phone.png"))
        legend_top, countries_bottom = chart.evaluate("""e => [
            e.querySelector('g.role-legend').getBoundingClientRect().top,
            Math.max(...[...e.querySelectorAll('g.mark-shape.role-mark path')]
                .map(p => p.getBoundingClientRect().bottom))]""")
        assert legend_top >= countries_bottom - 1, (legend_top, countries_bottom)
    finally:
        page.set_viewport_size({"width": 1366, "height": 1800})
