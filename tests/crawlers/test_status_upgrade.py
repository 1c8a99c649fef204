"""The first crawl after the upgrade removes the official incidents earlier versions stored
wrongly (review 121, finding 4): `statuspage:<id>` on a shared page, now
`statuspage:<slug>:<id>`; Workspace incidents stored for a service their products do not
name; a row per AWS update item, now one event."""

from __future__ import annotations

import logging
from datetime import datetime

from crawlers.runner import run_crawl
from tests.crawlers.test_aws_recurring import MORNING, _feed
from tests.crawlers.test_shared_status_pages import PRODUCTS, WORKSPACE, _epic_page, _gcp_incident
from tests.crawlers.test_status_events import EVENT
from warehouse import store
from warehouse.db import writer

OLD = [
    ("statuspage:fn1", "statuspage", "fortnite"),  # open for good beside the new id
    ("statuspage:rl1", "statuspage", "epic-games-store"),  # Rocket League's
    ("statuspage:none1", "statuspage", "epic-games-store"),
    ("gcp:gmail:meet1", "gcp", "gmail"),
    ("gcp:gmail:chat1", "gcp", "gmail"),
    ("gcp:gmail:class1", "gcp", "gmail"),
    ("gcp:google-workspace:gm1", "gcp", "google-workspace"),
    ("gcp:google-workspace:class1", "gcp", "google-workspace"),
    (f"{EVENT}1793120400", "aws", "aws"),  # the event's closing item, stored alone
]


def _old_rows() -> list[dict]:
    when = datetime(2026, 11, 20, 10)
    rows = []
    for oid, source, slug in OLD:
        row = {c: None for c in store.OFFICIAL_COLUMNS}
        row.update(
            official_id=oid,
            source=source,
            service_slug=slug,
            status="investigating",
            started_at=when,
            updated_at=when,
            updates="[]",
            components=[],
            fetched_at=when,
        )
        rows.append(row)
    return rows


def test_the_first_crawl_after_the_upgrade_removes_what_older_versions_stored_wrongly(
    shared_data, serve_site, local_settings, sql, caplog
):
    page, incidents, components = _epic_page(shared_data)
    summary = {"page": page, "components": components, "incidents": [], "status": {}}
    aws = "/aws/rss/ec2-us-east-1.rss"
    base = serve_site(
        {
            "/epic/api/v2/incidents.json": [{"json": {"page": page, "incidents": incidents}}],
            "/epic/api/v2/summary.json": [{"json": summary}],
            WORKSPACE: [{"json": [_gcp_incident(i, p) for i, p in PRODUCTS.items()]}],
            aws: [{"text": _feed(*MORNING)}],
        }
    )
    settings = local_settings(
        statuspage={"pages": {"fortnite": f"{base}/epic", "epic-games-store": f"{base}/epic"}},
        statusfeeds={
            "feeds": [
                {"slug": "gmail", "kind": "gcp", "url": f"{base}{WORKSPACE}"},
                {"slug": "google-workspace", "kind": "gcp", "url": f"{base}{WORKSPACE}"},
                {"slug": "aws", "kind": "aws", "url": f"{base}{aws}"},
            ]
        },
    )
    with writer(settings.db_path) as con:
        store.upsert_official_incidents(con, _old_rows())
        for slug in ("fortnite", "epic-games-store"):  # the old cursors: nothing is newer
            store.set_cursor(con, "statuspage", slug, "2099-01-01T00:00:00.000000")
    caplog.set_level(logging.INFO, logger="crawlers")
    got = run_crawl(settings, sources=["statuspage", "statusfeeds"])
    assert got["statuspage"]["errors"] == got["statusfeeds"]["errors"] == 0
    rows = sql(settings.db_path, "SELECT official_id FROM official_incidents ORDER BY 1")
    assert [r[0] for r in rows] == [
        f"{EVENT}1793116800",
        "gcp:gmail:gm1",
        "gcp:gmail:wide1",
        "gcp:google-workspace:chat1",
        "gcp:google-workspace:meet1",
        "gcp:google-workspace:wide1",
        "statuspage:epic-games-store:both1",
        "statuspage:epic-games-store:egs1",
        "statuspage:epic-games-store:none1",
        "statuspage:fortnite:both1",
        "statuspage:fortnite:fn1",
        "statuspage:fortnite:none1",
    ]
    assert "statuspage: removed 3 official incidents an earlier version" in caplog.text
    assert "statusfeeds: removed 6 official incidents an earlier version" in caplog.text
    # done once: the next crawl reads the page from its cursors again
    cursors = sql(settings.db_path, "SELECT key FROM crawl_cursors WHERE key LIKE 'ids|%'")
    assert cursors == [(f"ids|{base}/epic",)]
