"""Atlassian Statuspage: every catalog service whose status page runs on Statuspage.

For each page we read /api/v2/incidents.json (recent history) and then
/api/v2/summary.json (what is unresolved right now), and store each incident with its
updates, impact, components, start and resolution in official_incidents. The cursor is
the newest `updated_at` stored, so unchanged incidents are not rewritten.

A page several catalog services share (status.epicgames.com: Fortnite and the Epic Games
Store, beside Rocket League) is read once, and each incident goes to the services whose
components or component groups it names (crawlers/status_pages.py). Group names are in the
summary's `components`, so the history's incidents wait for it; their ids then carry the
service (`statuspage:fortnite:<id>`), as one incident may be two services'.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

import duckdb
import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.items import CursorItem, OfficialIncidentItem, RetiredItem
from crawlers.normalise import to_utc_or_none, updated_mark
from crawlers.spiders.base import OutageSpider
from crawlers.status_pages import Page, for_services, group_pages, unowned_line

# an incident as read, the ids of the component groups it names, its `updated_at` mark
Read = tuple[OfficialIncidentItem, tuple[str, ...], str]


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


def group_ids(inc: dict[str, Any]) -> tuple[str, ...]:
    """The component groups an incident's components sit in (their names: `group_names`)."""
    return tuple(
        str(c["group_id"])
        for c in inc.get("components") or []
        if isinstance(c, dict) and c.get("group_id")
    )


def group_names(summary: Any) -> dict[str, str]:
    """Component group id -> name, from summary.json's `components` (groups are components
    with `group: true`)."""
    comps = summary.get("components") if isinstance(summary, dict) else None
    if not isinstance(comps, list):
        return {}
    return {
        str(c["id"]): str(c["name"])
        for c in comps or []
        if isinstance(c, dict) and c.get("group") and c.get("id") and c.get("name")
    }


class StatuspageSpider(OutageSpider):
    name = "statuspage"
    source = "statuspage"
    # no published limit: [crawl] download_delay (1 s) between requests to one page host

    def __init__(self, *args: Any, **kwargs: Any):
        self.old_ids: set[str] = set()  # read_at_start, called by the base class's __init__
        super().__init__(*args, **kwargs)
        self.legacy = self._legacy_pages()

    def read_at_start(self, con: duckdb.DuckDBPyConnection) -> None:
        """The services that still hold rows an earlier version stored as `statuspage:<id>`
        (each incident for every service of a shared page), read with the cursors."""
        if any(page.shared for page in self.pages.values()):
            rows = con.execute(
                "SELECT DISTINCT service_slug FROM official_incidents WHERE source = "
                "'statuspage' AND NOT contains(substr(official_id, 12), ':')"
            ).fetchall()
            self.old_ids = {r[0] for r in rows}

    def _legacy_pages(self) -> set[str]:
        """Roots of shared pages whose services still hold such old rows: read whole once, so
        each incident is written again under `statuspage:<slug>:<id>` and its old row
        removed."""
        return {
            root
            for root, page in self.pages.items()
            if page.shared
            and self.old_ids & set(page.slugs)
            and not self.cursors.get(f"ids|{root}")
        }

    def initial_requests(self) -> Iterator[scrapy.Request]:
        wanted = {s.slug for s in self.services}
        for root, page in self.pages.items():
            slugs = [s for s in page.slugs if s in wanted or self.cfg.get("pages")]
            if slugs:
                whole = root in self.legacy  # the first read since ids carry the service
                cursors = {s: "" if whole else self.cursors.get(s, "") for s in slugs}
                yield self.request(
                    f"{root}/api/v2/incidents.json",
                    self.parse_incidents,
                    root=root,
                    slugs=slugs,
                    cursors=cursors,
                )

    @cached_property
    def pages(self) -> dict[str, Page]:
        """page root -> Page: config `pages` ({slug: url}), else the catalog services of
        kind statuspage (every service when `all_services` is set), under `base_url` if set;
        the whole catalog, so that a page's sharing does not depend on --service."""
        if self.cfg.get("pages"):
            pairs = [(str(k), str(v).rstrip("/")) for k, v in dict(self.cfg["pages"]).items()]
            return group_pages(pairs, self.catalog)
        base = str(self.cfg.get("base_url") or "").rstrip("/")
        every = bool(self.cfg.get("all_services")) and bool(base)
        pairs = [
            (svc.slug, f"{base}/{svc.slug}" if base else str(svc.status_url).rstrip("/"))
            for svc in self.catalog
            if every or (svc.status_kind == "statuspage" and (svc.status_url or base))
        ]
        return group_pages(pairs, self.catalog)

    def page(self, state: dict[str, Any]) -> Page:
        return self.pages.get(state["root"]) or Page(state["root"], tuple(state["slugs"]), {})

    def parse_incidents(self, response: Response) -> Iterator[Any]:
        errors = self.crawler.stats.get_value("outagewatch/errors", 0)
        data = self.load_json(response)
        held = [] if data is None else self.incidents_from(response, data)
        # When the history could not be read, the summary must not move the cursor past
        # the resolved incidents we missed: they would never be fetched again.
        complete = self.crawler.stats.get_value("outagewatch/errors", 0) == errors
        state = response.meta["state"]
        summary = self.request(
            f"{state['root']}/api/v2/summary.json",
            self.parse_summary,
            **state,
            held=held,
            complete=complete,
        )
        yield summary.replace(errback=self.summary_failed)

    def parse_summary(self, response: Response) -> Iterator[Any]:
        state = response.meta["state"]
        held: list[Read] = list(state.get("held") or [])
        data = self.load_json(response)
        if data is None:
            yield from self.assign(state, held, {})
            return
        read = held + self.incidents_from(response, data)
        parts = data.get("components") if isinstance(data, dict) else None
        if parts is not None and not isinstance(parts, list):
            self.skip(response.url, "'components' is no list: incidents read without groups")
        yield from self.assign(state, read, group_names(data))
        newest = max((mark for _, _, mark in read), default="")
        if state["root"] in self.legacy and state.get("complete", True):
            yield CursorItem("statuspage", f"ids|{state['root']}", "per service")  # done once
        if newest and state.get("complete", True):
            for slug, cursor in (state.get("cursors") or {}).items():
                if newest > cursor:
                    yield CursorItem("statuspage", slug, newest)

    def summary_failed(self, failure: Failure) -> Iterator[Any]:
        """The summary did not come: store the history read, without group names, and keep
        the cursors where they were."""
        self.on_error(failure)
        state = failure.request.meta["state"]  # type: ignore[attr-defined]
        yield from self.assign(state, list(state.get("held") or []), {})

    def assign(
        self, state: dict[str, Any], read: list[Read], groups: dict[str, str]
    ) -> Iterator[Any]:
        """Each incident changed since a service's cursor, for each service it is of."""
        page = self.page(state)
        cursors: dict[str, str] = state.get("cursors") or {}
        unnamed: set[str] = set()
        unowned: list[str] = []  # the parts named by incidents that went to no service
        retired: list[str] = []
        for item, gids, mark in read:
            parts = [*item.components, *(groups.get(g) for g in gids)]
            owners, page_wide = page.owners(parts)
            if not owners:
                unowned += [p for p in parts if isinstance(p, str)]
            if page.shared:  # the old id, and copies for services it is not of
                retired.append(item.official_id)
                retired += [f"statuspage:{s}:{item.native_id}" for s in cursors if s not in owners]
            fresh = [
                s
                for s in owners
                if s in cursors and not (cursors[s] and mark and mark <= cursors[s])
            ]
            if page_wide and fresh:
                unnamed.add(item.native_id)
            ident = item.native_id  # on a shared page, one incident may be two services'
            yield from for_services(
                item, fresh, lambda s, i=ident: f"{s}:{i}" if page.shared else i
            )
        if retired:
            yield RetiredItem(self.source, retired)
        if unowned:
            self.logger.info("statuspage: %s", unowned_line(page, unowned))
        if unnamed:
            self.logger.info(
                "statuspage: %s names no component in %d incidents; each went to every "
                "service on the page (%s)",
                page.url,
                len(unnamed),
                ", ".join(page.slugs),
            )

    def incidents_from(self, response: Response, data: Any) -> list[Read]:
        """The answer's incidents, with their component groups and `updated_at` marks."""
        incidents = data.get("incidents") if isinstance(data, dict) else None
        if not isinstance(incidents, list):
            self.skip(response.url, "no 'incidents' list in the answer")
            return []
        page = data.get("page") if isinstance(data.get("page"), dict) else {}
        out = []
        for inc in incidents:
            try:
                item = incident_to_item(inc, None, page.get("url"))
                stamp = to_utc_or_none(item.updated_at)
                gids = group_ids(inc)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.skip(response.url, f"incident without a usable field: {exc}")
                continue
            out.append((item, gids, updated_mark(stamp)))
        return out
