"""Atlassian Statuspage: every catalog service whose status page runs on Statuspage.

For each page we read /api/v2/incidents.json (recent history) and then
/api/v2/summary.json (what is unresolved right now), and store each incident with its
updates, impact, components, start and resolution in official_incidents. The cursor is
the newest `updated_at` stored, so unchanged incidents are not rewritten.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawlers.items import CursorItem, OfficialIncidentItem
from crawlers.normalise import to_utc_or_none
from crawlers.spiders.base import OutageSpider


def incident_to_item(
    inc: dict[str, Any], slug: str | None, page_url: str | None
) -> OfficialIncidentItem:
    """One Statuspage incident document as an OfficialIncidentItem (KeyError without an id)."""
    updates = sorted(
        (
            {"status": u.get("status"), "body": u.get("body"), "created_at": u.get("created_at")}
            for u in inc.get("incident_updates") or []
            if isinstance(u, dict)
        ),
        key=lambda u: str(to_utc_or_none(u["created_at"]) or ""),
    )
    first = next((u["created_at"] for u in updates if u["created_at"]), None)
    url = inc.get("shortlink")
    if page_url:
        url = f"{page_url.rstrip('/')}/incidents/{inc['id']}"
    return OfficialIncidentItem(
        source="statuspage",
        native_id=str(inc["id"]),
        service_slug=slug,
        name=inc.get("name"),
        status=inc.get("status"),
        impact=inc.get("impact"),
        components=[
            str(c["name"])
            for c in inc.get("components") or []
            if isinstance(c, dict) and c.get("name")
        ],
        url=url,
        created_at=inc.get("created_at"),
        started_at=inc.get("started_at") or inc.get("created_at"),
        acknowledged_at=first,
        resolved_at=inc.get("resolved_at"),
        updated_at=inc.get("updated_at"),
        updates=updates,
    )


class StatuspageSpider(OutageSpider):
    name = "statuspage"
    source = "statuspage"
    # no published limit: [crawl] download_delay (1 s) between requests to one page host

    def initial_requests(self) -> Iterator[scrapy.Request]:
        for slug, root in self.pages().items():
            meta = {"slug": slug, "root": root, "newest": self.cursors.get(slug, "")}
            yield self.request(f"{root}/api/v2/incidents.json", self.parse_incidents, **meta)

    def pages(self) -> dict[str, str]:
        """slug -> page root: config `pages`, else catalog services of kind statuspage
        (every selected service when `all_services` is set), under `base_url` if set."""
        if self.cfg.get("pages"):
            return {str(k): str(v).rstrip("/") for k, v in dict(self.cfg["pages"]).items()}
        base = str(self.cfg.get("base_url") or "").rstrip("/")
        every = bool(self.cfg.get("all_services")) and bool(base)
        out = {}
        for svc in self.services:
            if every or (svc.status_kind == "statuspage" and (svc.status_url or base)):
                out[svc.slug] = f"{base}/{svc.slug}" if base else str(svc.status_url).rstrip("/")
        return out

    def parse_incidents(self, response: Response) -> Iterator[Any]:
        errors = self.crawler.stats.get_value("outagewatch/errors", 0)
        items, newest = self.incidents_from(response)
        # When the history could not be read, the summary must not move the cursor past
        # the resolved incidents we missed: they would never be fetched again.
        complete = self.crawler.stats.get_value("outagewatch/errors", 0) == errors
        yield from items
        meta = {k: response.meta["state"][k] for k in ("slug", "root")}
        yield self.request(
            f"{meta['root']}/api/v2/summary.json",
            self.parse_summary,
            **meta,
            newest=newest,
            complete=complete,
        )

    def parse_summary(self, response: Response) -> Iterator[Any]:
        items, newest = self.incidents_from(response)
        yield from items
        if newest and response.meta["state"].get("complete", True):
            yield CursorItem("statuspage", response.meta["state"]["slug"], newest)

    def incidents_from(self, response: Response) -> tuple[list[OfficialIncidentItem], str]:
        """Incidents changed since the cursor, and the newest `updated_at` seen."""
        cursor = newest = response.meta["state"]["newest"]
        data = self.load_json(response)
        if data is None:
            return [], cursor
        incidents = data.get("incidents") if isinstance(data, dict) else None
        if not isinstance(incidents, list):
            self.skip(response.url, "no 'incidents' list in the answer")
            return [], cursor
        page = data.get("page") if isinstance(data.get("page"), dict) else {}
        out = []
        for inc in incidents:
            try:
                item = incident_to_item(inc, response.meta["state"]["slug"], page.get("url"))
                stamp = to_utc_or_none(item.updated_at)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(response.url, f"incident without a usable field: {exc}")
                continue
            key = stamp.strftime("%Y-%m-%dT%H:%M:%S.%f") if stamp else ""
            if cursor and key and key <= cursor:
                continue  # unchanged since the last run
            newest = max(newest, key)
            out.append(item)
        return out, newest
