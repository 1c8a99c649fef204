"""Review 109's findings (scratch/review109/NOTES.md), each checked on the real pages over a
real warehouse file: what a ratio to normal compares, ..."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from dash_helpers import NOW, assert_clean, chart_frames, charts, markdown_text, run_page, sql

from dashboard import links
from dashboard.style import BLUE

# --- finding 5: what a "× normal" compares, one rounding -------------------------------


def test_now_card_says_its_ratio_is_the_last_hours(dash_env: Path) -> None:
    """The card's '145× normal' sat beside the daily summary's '(×240.0)' of the peak 5
    minutes: each now says what it compares, and both round alike (no '.0')."""
    at = run_page("now")
    assert_clean(at)
    deltas = [m.proto.delta for m in at.metric if m.label == "Problem reports, last hour"]
    assert deltas
    for delta in deltas:
        # review 144 #8: with the normal it divides by, the last hour's (the Incident
        # page's is the peak's)
        assert re.fullmatch(
            r"last hour: (\d+|\d\.[1-9])× normal \(\d+(\.\d)? / h\)", delta
        ) or re.fullmatch(r"normally quiet: last hour's normal ≈ \d\.\d / h", delta), delta
    assert any(d.startswith("last hour: ") for d in deltas)


# --- findings 3, 4, 6 and 9: Explore's charts and buttons -------------------------------


def _explore(sql_text: str | None = None, example: str | None = None):
    at = run_page("explore")
    if example is not None:
        at.selectbox(key="explore_example").set_value(example).run()
    if sql_text is not None:
        at.text_area(key="explore_sql").set_value(sql_text)
    at.button[0].click().run()
    assert_clean(at)
    return at


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_days_read_as_dates_and_are_drawn_as_bars(dash_env: Path) -> None:
    """'Incidents per service and day' printed '2026-11-20 00:00:00' in the table, put two
    ticks on each date and drew daily totals as a line."""
    at = _explore(example="Incidents per service and day")
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["day"]["type_config"]["format"] == "YYYY-MM-DD"
    chart = charts(at)[0]
    spec = json.loads(chart.proto.spec)
    assert spec["mark"]["type"] == "bar"
    x = spec["encoding"]["x"]
    assert x["type"] == "ordinal" and x["title"] == "day (UTC)"
    (frame,) = chart_frames(chart)
    days = pd.to_datetime(frame["day"], format="%Y-%m-%d")  # dates, no time of day
    every = pd.date_range(days.min(), days.max(), freq="D").strftime("%Y-%m-%d").tolist()
    assert x["scale"]["domain"] == every  # one label per day, a day without rows a gap
    assert frame["day"].is_unique


def test_days_more_than_a_year_apart_are_charted_too(dash_env: Path) -> None:
    """helper-114: over 366 days the axis lists only the days with rows; its first version
    passed an empty domain, which Altair refused, and the page lost its chart and buttons."""
    at = _explore("SELECT DATE '2024-01-01' AS day, 3 AS n UNION ALL SELECT DATE '2026-01-01', 5")
    assert_clean(at)
    spec = json.loads(charts(at)[0].proto.spec)
    assert spec["mark"]["type"] == "bar" and "domain" not in spec["encoding"]["x"].get("scale", {})
    assert len(at.get("download_button")) == 2


def test_a_column_without_values_is_not_charted(dash_env: Path) -> None:
    """`SELECT * FROM posts` charted the all-empty geo_lat against post_key: an empty plot."""
    at = _explore("SELECT post_key, CAST(NULL AS DOUBLE) AS geo_lat, 3 AS n FROM posts LIMIT 5")
    ys = next(s for s in at.selectbox if s.label == "Chart: y")
    assert ys.options == ["n"]
    at = _explore("SELECT post_key, CAST(NULL AS DOUBLE) AS geo_lat FROM posts LIMIT 5")
    assert not charts(at)
    assert not [s for s in at.selectbox if s.label.startswith("Chart")]
    assert "No chart: no column holds numbers to plot." in _captions(at)


def test_explore_bars_are_blue_and_their_axis_fits_the_values(dash_env: Path) -> None:
    """A '−0.9' printed on its negative bar, an axis out to −10 for it, and vermillion bars
    (the 'critical' badge's colour) where every other page draws blue."""
    at = _explore(
        "SELECT * FROM (VALUES ('spotify', 114.0), ('whatsapp', 2.5), ('slack', -0.9)) "
        "t(service, lead)"
    )
    chart = charts(at)[0]
    spec = json.loads(chart.proto.spec)
    bars, text = spec["layer"]
    assert bars["mark"]["color"] == BLUE
    low, high = bars["encoding"]["x"]["scale"]["domain"]
    assert -2.5 < low < -0.9 and 114.0 < high < 140  # not -10, and room for "114.0"
    assert bars["encoding"]["x"]["scale"]["nice"] is False
    # every value is printed right of its bar, a negative one right of zero, not on the bar
    assert text["mark"]["align"] == "left" and text["encoding"]["x"]["field"] == "_label_at"
    (frame,) = chart_frames(chart)
    assert list(frame["_label_at"]) == [max(v, 0.0) for v in frame["lead"]]
    # biggest first, by the value (not A-Z)
    assert bars["encoding"]["y"]["sort"] == {"field": "lead", "op": "sum", "order": "descending"}


def _blocks(node) -> list:
    """Every block under `node`, depth first."""
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return []
    found = [node]
    for child in children.values():
        found += _blocks(child)
    return found


def _row_of(at, element_type: str):
    """The block that holds every `element_type` element of the page directly."""
    for block in _blocks(at.main):
        kinds = [getattr(c, "type", "") for c in block.children.values()]
        if kinds and kinds.count(element_type) == len(at.get(element_type)):
            return block
    return None


def test_download_buttons_sit_side_by_side_on_explore_and_daily(dash_env: Path) -> None:
    """Explore's 'Download Parquet' sat mid-page, in the second of two half-width columns;
    both pages put their buttons in one left-aligned row now."""
    for at in (_explore("SELECT 1 AS n"), run_page("daily")):
        assert_clean(at)
        row = _row_of(at, "download_button")
        assert row is not None
        assert row.proto.flex_container.direction == row.proto.flex_container.HORIZONTAL


# --- finding 7: the status page people read, not the feed the crawler reads -------------


@pytest.mark.parametrize(
    ("url", "kind", "page"),
    [
        ("https://status.slack.com/feed/rss", "rss", "https://status.slack.com"),
        (
            "https://rssfeed.azure.status.microsoft/en-us/status/feed/",
            "rss",
            "https://azure.status.microsoft/en-us/status",
        ),
        ("https://www.githubstatus.com/history.atom", "atom", "https://www.githubstatus.com"),
        ("https://example.org/status.xml", "rss", None),  # no known pattern: no guess
        ("https://www.githubstatus.com", "statuspage", "https://www.githubstatus.com"),
        ("https://status.cloud.google.com", "gcp", "https://status.cloud.google.com"),
        (None, "none", None),
    ],
)
def test_status_page_from_the_catalogs_status_url(url, kind, page) -> None:
    assert links.status_page(url, kind) == page


def test_service_page_links_the_status_page_not_its_feed(dash_env: Path) -> None:
    """Slack's catalog URL is its RSS feed: the page showed 'Status page:
    https://status.slack.com/feed/rss', raw XML in a browser."""
    at = run_page("service", service="slack")
    assert_clean(at)
    text = markdown_text(at)
    assert "Status page: [status.slack.com](https://status.slack.com)" in text
    assert "/feed/rss" not in text


def test_a_feed_without_a_known_page_is_named_a_feed() -> None:
    from dashboard.views.service import status_line

    info = pd.DataFrame({"status_url": ["https://example.org/status.xml"], "status_kind": ["rss"]})
    assert status_line(info) == (
        "Status feed (RSS, for feed readers): "
        "[example.org/status.xml](https://example.org/status.xml)"
    )


# --- finding 8: the service picker lists services with reports first ---------------------


def test_service_picker_lists_services_with_reports_first(dash_env: Path) -> None:
    """The picker listed all catalog services A-Z, most without a post; picking one gave
    "no reports". Those with reports in the last 7 days come first, most first, then the
    rest A-Z, each marked as having none."""
    counts = sql(
        dash_env,
        "SELECT service_slug AS slug, sum(reports) AS n FROM report_volume WHERE country = '' "
        "AND bucket >= ? AND bucket < ? GROUP BY 1 HAVING sum(reports) > 0",
        [NOW - timedelta(days=7), NOW],
    )
    n = dict(zip(counts["slug"], counts["n"].astype(int), strict=True))
    at = run_page("service", service="spotify")
    assert_clean(at)
    picker = at.selectbox(key="service_pick")
    slugs = list(picker.options)  # the labels, in order
    names = sql(dash_env, "SELECT slug, name FROM services")
    by_label = {
        f"{name} ({slug})": slug for slug, name in zip(names["slug"], names["name"], strict=True)
    }
    order = [by_label[label.split(" · ")[0]] for label in slugs]
    busy, rest = order[: len(n)], order[len(n) :]
    assert set(busy) == set(n)
    assert [n[s] for s in busy] == sorted(n.values(), reverse=True)
    assert slugs[0].endswith(f" · {n[busy[0]]:,} reports in 7 days")
    assert rest and all(label.endswith(" · no reports in 7 days") for label in slugs[len(n) :])
    lower = dict(zip(names["slug"], names["name"].str.lower(), strict=True))
    assert [lower[s] for s in rest] == sorted(lower[s] for s in rest)
    assert picker.value == "spotify"


# --- finding 9: smaller ones on the Now page ------------------------------------------


def test_now_drops_an_incidents_id_from_its_url(dash_env: Path) -> None:
    """'view →' writes ?id= on the Now page's URL before switching (Streamlit's history
    entry), so Back landed on '/?id=…'; the page takes no parameter and drops it."""
    at = run_page("now", id="inc-spotify-now")
    assert_clean(at)
    assert "id" not in at.query_params


def test_as_of_names_the_zone_on_a_replayed_clock(dash_env: Path) -> None:
    at = run_page("now")
    caption = at.caption[0].value
    assert caption.startswith(f"As of {NOW:%Y-%m-%d %H:%M} UTC (replayed clock) · ")


def test_now_country_table_is_as_tall_as_its_rows(
    dash_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 24 h country table lists up to 12 countries; Streamlit's default height shows 10
    and hid the rest behind an inner scroll. AppTest does not expose an element's height,
    so the call is watched."""
    import streamlit as st

    asked: list[tuple[list, object]] = []
    real = st.dataframe

    def watched(data=None, *args, **kwargs):
        asked.append((list(getattr(data, "columns", [])), kwargs.get("height")))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(st, "dataframe", watched)
    at = run_page("now")
    assert_clean(at)
    assert [h for columns, h in asked if "country" in columns] == ["content"]
