"""Statuspage end to end on real githubstatus.com incident documents (../shared/data)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crawlers.runner import run_crawl


def _utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)


def _documents(shared_data: Path, n: int = 20) -> list[dict]:
    files = sorted((shared_data / "statuspage_incidents").glob("*.json"))
    step = max(1, len(files) // n)  # spread over the years, deterministically
    return [json.loads(f.read_text(encoding="utf-8")) for f in files[::step][:n]]


def test_real_incidents_reproduce_start_resolution_impact(
    shared_data, serve_site, local_settings, sql
):
    docs = _documents(shared_data)
    page = docs[0]["page"]
    incidents = sorted((d["incident"] for d in docs), key=lambda i: i["created_at"], reverse=True)
    unresolved = [i for i in incidents if i["status"] not in ("resolved", "postmortem")]
    base = serve_site(
        {
            "/status/github/api/v2/incidents.json": [
                {"json": {"page": page, "incidents": incidents}}
            ],
            "/status/github/api/v2/summary.json": [
                {
                    "json": {
                        "page": page,
                        "components": [],
                        "incidents": unresolved,
                        "scheduled_maintenances": [],
                        "status": {"indicator": "none", "description": "All Systems Operational"},
                    }
                }
            ],
        }
    )
    settings = local_settings(statuspage={"pages": {"github": f"{base}/status/github"}})
    first = run_crawl(settings, sources=["statuspage"])["statuspage"]
    assert first["official_new"] == len(incidents) and first["errors"] == 0
    rows = {
        r[0]: r[1:]
        for r in sql(
            settings.db_path,
            "SELECT official_id, started_at, resolved_at, impact, "
            "service_slug, acknowledged_at, components, updates, url FROM official_incidents",
        )
    }
    assert len(rows) == len(incidents)
    for inc in incidents:
        started, resolved, impact, slug, acknowledged, components, updates, url = rows[
            f"statuspage:{inc['id']}"
        ]
        assert started == _utc(inc["started_at"] or inc["created_at"])
        assert resolved == _utc(inc["resolved_at"])
        assert impact == inc["impact"]
        assert slug == "github"
        first_update = min(_utc(u["created_at"]) for u in inc["incident_updates"])
        assert acknowledged == first_update
        assert components == [c["name"] for c in inc.get("components") or []]
        assert len(json.loads(updates)) == len(inc["incident_updates"])
        assert url == f"{page['url']}/incidents/{inc['id']}"
    second = run_crawl(settings, sources=["statuspage"])["statuspage"]
    assert second["official_new"] == 0 and second["errors"] == 0
    assert sql(settings.db_path, "SELECT count(*) FROM official_incidents")[0][0] == len(incidents)
