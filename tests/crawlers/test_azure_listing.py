"""Azure's feed of current incidents: an incident that leaves it ends when it was last seen
listed, not at the crawl that saw it gone, and one that comes back keeps its story (review
121, findings 1 and 9)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from crawlers.current_feeds import GONE
from crawlers.runner import run_crawl
from nlp.incidents.link import link_official, prepare_official
from nlp.incidents.types import IncidentSettings
from tests.crawlers.test_status_events import _azure
from warehouse import store
from warehouse.db import writer
from warehouse.pipeline_io import official_incidents

EMPTY = _azure()
VM = ("VM-1", "Virtual Machines - East US - Service degradation")
FIRST = _azure((*VM, "Investigating - Failures.", "Thu, 26 Nov 2026 09:00:00 Z"))
BACK = _azure((*VM, "Investigating - Failures again.", "Thu, 26 Nov 2026 15:00:00 Z"))
QUERY = (
    "SELECT status, started_at, resolved_at, fetched_at, updates FROM official_incidents "
    "WHERE official_id = 'rss:azure:VM-1'"
)


def _settings(local_settings, base: str):
    feed = {"slug": "azure", "kind": "rss", "url": f"{base}/azure/feed", "current_only": True}
    return local_settings(statusfeeds={"feeds": [feed]})


def test_a_row_left_open_by_an_older_version_ends_at_its_stale_bound(
    serve_site, local_settings, sql
):
    """The review's case: a row opened months ago, an empty channel on the upgrade. Closed at
    the upgrade it spanned May to November and was linked at -306,624 min."""
    settings = _settings(local_settings, serve_site({"/azure/feed": [{"text": EMPTY}]}))
    old = datetime(2026, 5, 1, 9, 0)
    row = {c: None for c in store.OFFICIAL_COLUMNS}
    row.update(
        official_id="rss:azure:OLD-1",
        source="rss",
        service_slug="azure",
        name="Virtual Machines - East US",
        status="investigating",
        created_at=old,
        started_at=old,
        acknowledged_at=old,
        updated_at=old,
        updates="[]",
        components=[],
        fetched_at=old,
    )
    with writer(settings.db_path) as con:
        store.upsert_official_incidents(con, [row])
    assert run_crawl(settings, sources=["statusfeeds"])["statusfeeds"]["errors"] == 0
    got = sql(settings.db_path, "SELECT status, resolved_at, updates FROM official_incidents")
    assert got[0][:2] == ("resolved", old + timedelta(days=2))
    assert json.loads(got[0][2])[-1]["body"] == GONE

    now = pd.Timestamp.now()
    t = pd.to_datetime([now - pd.Timedelta(hours=3)])
    crowd = pd.DataFrame(
        {
            "service_slug": ["azure"],
            "top_symptom": [None],
            "started_at": t,
            "detected_at": t + pd.Timedelta(minutes=10),
            "resolved_at": t + pd.Timedelta(hours=1),
        }
    )
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        official = official_incidents(con, datetime(2026, 1, 1))
    finally:
        con.close()
    links = link_official(crowd, prepare_official(official, now), now, IncidentSettings())
    assert not isinstance(links["official_id"].iloc[0], str)  # no link, no -306,624 min


def test_an_incident_ends_when_last_seen_listed_and_keeps_its_story_when_it_comes_back(
    serve_site, local_settings, sql
):
    base = serve_site(
        {
            "/azure/feed": [
                {"text": FIRST, "etag": '"a"', "once": True},
                {"text": FIRST, "etag": '"a"', "once": True},  # 304: still listed
                {"text": EMPTY, "once": True},
                {"text": BACK},
            ]
        }
    )
    settings = _settings(local_settings, base)
    run = lambda: run_crawl(settings, sources=["statusfeeds"])["statusfeeds"]  # noqa: E731
    assert run()["errors"] == 0
    first_seen = sql(settings.db_path, QUERY)[0][3]
    assert run()["errors"] == 0  # a 304
    status, _, resolved, last_seen, _ = sql(settings.db_path, QUERY)[0]
    assert status == "investigating" and resolved is None and last_seen > first_seen
    assert run()["errors"] == 0  # the empty channel
    status, started, resolved, _, updates = sql(settings.db_path, QUERY)[0]
    assert status == "resolved" and resolved == last_seen  # not the crawl that saw it gone
    assert started == datetime(2026, 11, 26, 9)
    assert run()["errors"] == 0  # it comes back
    status, started, resolved, _, updates = sql(settings.db_path, QUERY)[0]
    assert status == "investigating" and resolved is None
    assert started == datetime(2026, 11, 26, 9)  # not its latest update
    bodies = [u["body"] for u in json.loads(updates)]
    assert bodies == ["Investigating - Failures.", GONE, "Investigating - Failures again."]
