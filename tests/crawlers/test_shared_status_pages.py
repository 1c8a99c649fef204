"""Status pages several catalog services share, end to end (review 116, A4 and B11): each page
is read once a run, an incident goes to the services whose components or products it names
(to all of them, said in the log, when it names none), and Google's big incidents.json is
asked for conditionally."""

from __future__ import annotations

import copy
import json
import logging
import urllib.request
from pathlib import Path

from crawlers.runner import run_crawl

WORKSPACE = "/appsstatus/dashboard/incidents.json"
GROUPS = {
    "g-fn": "Fortnite",
    "g-egs": "Epic Games Store",
    "g-rl": "Rocket League",
    "g-eos": "Epic Online Services",
}
PARTS = {"c-login": "g-fn", "c-checkout": "g-egs", "c-match": "g-rl", "c-lobby": "g-eos"}
# incident -> the components it names: Fortnite's, the store's, Rocket League's, two, none, and
# one of Epic Online Services (the developers' services, not the store: no catalog service's)
EPIC = {
    "fn1": ["c-login"],
    "egs1": ["c-checkout"],
    "rl1": ["c-match"],
    "both1": ["c-login", "c-checkout"],
    "none1": [],
    "eos1": ["c-lobby"],
}
# Google's incidents.json: affected_products name the products; Google Chat is Workspace's
# by its catalog `status.components`, Google Classroom is no catalog service's
PRODUCTS = {
    "gm1": ["Gmail"],
    "meet1": ["Google Meet"],
    "chat1": ["Google Chat"],
    "class1": ["Google Classroom"],
    "wide1": [],
}


def _component(cid: str, group: str | None, template: dict) -> dict:
    names = {"c-login": "Login", "c-checkout": "Checkout", "c-lobby": "Lobbies"}
    name = GROUPS.get(cid) or names.get(cid, "Matchmaking")
    return dict(template, id=cid, name=name, group_id=group, group=cid in GROUPS)


def _epic_page(shared_data: Path) -> tuple[dict, list[dict], list[dict]]:
    """Real Statuspage incident documents, moved onto Epic's component groups."""
    files = sorted((shared_data / "statuspage_incidents").glob("*.json"))[: len(EPIC)]
    docs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    template = next(c for d in docs for c in d["incident"].get("components") or [])
    components = [_component(g, None, template) for g in GROUPS] + [
        _component(c, g, template) for c, g in PARTS.items()
    ]
    incidents = []
    for doc, (iid, names) in zip(docs, EPIC.items(), strict=True):
        inc = copy.deepcopy(doc["incident"])
        inc["id"] = iid
        inc["components"] = [c for c in components if c["id"] in names]
        incidents.append(inc)
    return docs[0]["page"], incidents, components


def _gcp_incident(iid: str, products: list[str]) -> dict:
    return {
        "id": iid,
        "number": "1",
        "begin": "2026-11-26T08:00:00+00:00",
        "created": "2026-11-26T08:10:00+00:00",
        "end": "2026-11-26T09:00:00+00:00",
        "modified": "2026-11-26T09:05:00+00:00",
        "external_desc": f"{iid} issue",
        "updates": [
            {
                "created": "2026-11-26T08:10:00+00:00",
                "modified": "2026-11-26T08:10:00+00:00",
                "when": "2026-11-26T08:10:00+00:00",
                "text": "We are investigating.",
                "status": "SERVICE_DISRUPTION",
            }
        ],
        "most_recent_update": {},
        "status_impact": "SERVICE_DISRUPTION",
        "severity": "medium",
        "service_key": "",
        "service_name": products[0] if products else "Multiple Products",
        "affected_products": [{"title": p, "id": p.lower()} for p in products],
        "uri": f"incidents/{iid}",
    }


def test_a_shared_page_is_read_once_and_each_incident_goes_to_its_services(
    shared_data, serve_site, local_settings, sql, caplog
):
    page, incidents, components = _epic_page(shared_data)
    summary = {"page": page, "components": components, "incidents": [], "status": {}}
    gcp = [_gcp_incident(i, p) for i, p in PRODUCTS.items()]
    last_modified = "Thu, 26 Nov 2026 09:05:00 GMT"
    base = serve_site(
        {
            "/epic/api/v2/incidents.json": [{"json": {"page": page, "incidents": incidents}}],
            "/epic/api/v2/summary.json": [{"json": summary}],
            WORKSPACE: [{"json": gcp, "etag": '"ws-1"', "last_modified": last_modified}],
        }
    )
    workspace = f"{base}{WORKSPACE}"
    settings = local_settings(
        statuspage={"pages": {"fortnite": f"{base}/epic", "epic-games-store": f"{base}/epic"}},
        statusfeeds={
            "feeds": [
                {"slug": "gmail", "kind": "gcp", "url": workspace},
                {"slug": "google-workspace", "kind": "gcp", "url": workspace},
            ]
        },
    )
    caplog.set_level(logging.INFO, logger="crawlers")
    first = run_crawl(settings, sources=["statuspage", "statusfeeds"])
    assert first["statuspage"]["errors"] == 0 and first["statusfeeds"]["errors"] == 0
    rows = sql(settings.db_path, "SELECT official_id, service_slug FROM official_incidents")
    assert sorted(rows) == [
        ("gcp:gmail:gm1", "gmail"),
        ("gcp:gmail:wide1", "gmail"),
        ("gcp:google-workspace:chat1", "google-workspace"),
        ("gcp:google-workspace:meet1", "google-workspace"),
        ("gcp:google-workspace:wide1", "google-workspace"),
        ("statuspage:epic-games-store:both1", "epic-games-store"),
        ("statuspage:epic-games-store:egs1", "epic-games-store"),
        ("statuspage:epic-games-store:none1", "epic-games-store"),
        ("statuspage:fortnite:both1", "fortnite"),
        ("statuspage:fortnite:fn1", "fortnite"),
        ("statuspage:fortnite:none1", "fortnite"),
    ]  # Rocket League's, Epic Online Services' and Google Classroom's are no catalog service's
    assert (
        f"statuspage: {base}/epic names no component in 1 incidents; each went to every "
        "service on the page (fortnite, epic-games-store)"
    ) in caplog.text
    assert (
        f"statusfeeds: {workspace} names no product in 1 incidents; each went to every "
        "service reading it (gmail, google-workspace)"
    ) in caplog.text
    # what went to no service is said, with what it named, so a part can be given to one
    hint = "to give a part to a service, add its name to the service's `status.components`"
    assert (
        f"statuspage: {base}/epic: incidents naming only Epic Online Services, Lobbies, "
        f"Matchmaking, Rocket League went to none of fortnite, epic-games-store; {hint}"
    ) in caplog.text
    assert (
        f"statusfeeds: {workspace}: incidents naming only Google Classroom went to none of "
        f"gmail, google-workspace; {hint}"
    ) in caplog.text

    second = run_crawl(settings, sources=["statuspage", "statusfeeds"])
    assert second["statuspage"]["official_new"] == second["statusfeeds"]["official_new"] == 0
    assert second["statuspage"]["errors"] == second["statusfeeds"]["errors"] == 0
    with urllib.request.urlopen(f"{base}/_requests") as fh:
        paths = [(r["path"], r["headers"]) for r in json.load(fh) if r["path"] != "/robots.txt"]
    # once per run each, two services or not; the second Workspace read is conditional
    assert [p for p, _ in paths].count("/epic/api/v2/incidents.json") == 2
    assert [p for p, _ in paths].count("/epic/api/v2/summary.json") == 2
    asked = [h for p, h in paths if p == WORKSPACE]
    assert len(asked) == 2 and "If-None-Match" not in asked[0]
    assert asked[1]["If-None-Match"] == '"ws-1"'
    assert asked[1]["If-Modified-Since"] == last_modified
