"""Other official status feeds: Atom/RSS history feeds, Google Cloud's incidents.json and
AWS per-service RSS, for every catalog service whose status kind is atom, rss, gcp or aws.

Feeds say less than the Statuspage API: an entry's start is its publication time, its
status and impact are read from its latest update's wording (see docs/sources.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.selector import Selector

from crawlers.items import CursorItem, OfficialIncidentItem
from crawlers.normalise import html_to_text, to_utc_or_none
from crawlers.spiders.base import OutageSpider

AWS_FEEDS = {
    "aws": [
        "https://status.aws.amazon.com/rss/ec2-us-east-1.rss",
        "https://status.aws.amazon.com/rss/s3-us-east-1.rss",
        "https://status.aws.amazon.com/rss/lambda-us-east-1.rss",
    ],
    "cloudfront": ["https://status.aws.amazon.com/rss/cloudfront.rss"],
}
GCP_IMPACT = {
    "SERVICE_OUTAGE": "major",
    "SERVICE_DISRUPTION": "minor",
    "SERVICE_INFORMATION": "none",
}
AWS_IMPACT = (
    ("service disruption", "major"),
    ("performance issues", "minor"),
    ("informational message", "minor"),
    ("operating normally", "none"),
)
STATUS_WORDS = (
    "resolved",
    "completed",
    "postmortem",
    "monitoring",
    "identified",
    "investigating",
    "update",
    "scheduled",
    "in progress",
)


def status_of(text: str) -> str | None:
    """The first Statuspage-style status word in an update's text, lower-cased."""
    low = text.lower()
    hits = [(low.find(w), w) for w in STATUS_WORDS if w in low]
    return min(hits)[1] if hits else None


def feed_entries(body: str, kind: str, slug: str, feed_url: str) -> list[OfficialIncidentItem]:
    """Atom <entry> or RSS <item> elements as incidents (ValueError when it is not a feed)."""
    sel = Selector(text=body, type="xml")
    sel.remove_namespaces()
    nodes = sel.xpath("//entry") or sel.xpath("//item")
    if not nodes and not sel.xpath("/feed | /rss | /RDF"):
        raise ValueError("not an Atom or RSS feed")
    source = "aws" if kind == "aws" else kind
    out = []
    for node in nodes:
        title = node.xpath("string(title)").get("").strip()
        html = node.xpath("string(content)").get("") or node.xpath("string(description)").get("")
        text = html_to_text(html)
        ident = (
            node.xpath("string(id)").get("")
            or node.xpath("string(guid)").get("")
            or node.xpath("string(link/@href)").get("")
            or node.xpath("string(link)").get("")
        ).strip()
        if not ident:
            raise KeyError("id/guid")
        link = (
            node.xpath("string(link[@rel='alternate']/@href)").get("")
            or node.xpath("string(link/@href)").get("")
            or node.xpath("string(link)").get("")
        ).strip()
        published = (
            node.xpath("string(published)").get("")
            or node.xpath("string(pubDate)").get("")
            or node.xpath("string(updated)").get("")
        ).strip()
        updated = node.xpath("string(updated)").get("").strip() or published
        status = status_of(text) or status_of(title)
        impact = None
        if kind == "aws":
            impact = next((v for k, v in AWS_IMPACT if k in title.lower()), None)
            if "[resolved]" in title.lower() or "operating normally" in title.lower():
                status = "resolved"
        out.append(
            OfficialIncidentItem(
                source=source,
                native_id=f"{slug}:{ident}",
                service_slug=slug,
                name=title or None,
                status=status,
                impact=impact,
                url=link or feed_url,
                created_at=published or None,
                started_at=published or None,
                acknowledged_at=published or None,
                resolved_at=updated if status in ("resolved", "completed", "postmortem") else None,
                updated_at=updated or None,
                updates=[{"status": status, "body": text[:5000], "created_at": updated}],
            )
        )
    return out


def gcp_incidents(doc: Any, slug: str, base: str) -> list[OfficialIncidentItem]:
    """Google Cloud / Workspace incidents.json (a list of incidents)."""
    if not isinstance(doc, list):
        raise ValueError("incidents.json is not a list")
    out = []
    for inc in doc:
        updates = [
            {
                "status": u.get("status"),
                "body": u.get("text"),
                "created_at": u.get("created") or u.get("when"),
            }
            for u in inc.get("updates") or []
            if isinstance(u, dict)
        ]
        first = min((str(u["created_at"]) for u in updates if u["created_at"]), default=None)
        out.append(
            OfficialIncidentItem(
                source="gcp",
                native_id=f"{slug}:{inc['id']}",
                service_slug=slug,
                name=inc.get("external_desc"),
                status="resolved" if inc.get("end") else "investigating",
                impact=GCP_IMPACT.get(str(inc.get("status_impact")), inc.get("severity")),
                components=[
                    str(p.get("title"))
                    for p in inc.get("affected_products") or []
                    if isinstance(p, dict)
                ],
                url=f"{base.rstrip('/')}/{inc['uri']}" if inc.get("uri") else None,
                created_at=inc.get("created") or inc.get("begin"),
                started_at=inc.get("begin"),
                acknowledged_at=first,
                resolved_at=inc.get("end"),
                updated_at=inc.get("modified"),
                updates=updates,
            )
        )
    return out


class StatusFeedsSpider(OutageSpider):
    name = "statusfeeds"
    source = "statusfeeds"
    # no published limit: [crawl] download_delay (1 s) between requests to one feed host

    def feeds(self) -> list[tuple[str, str, str]]:
        """(slug, kind, url) from config `feeds`, else the catalog (AWS: `aws_feeds`)."""
        if self.cfg.get("feeds"):
            return [(f["slug"], f["kind"], f["url"]) for f in self.cfg["feeds"]]
        aws = dict(AWS_FEEDS, **(self.cfg.get("aws_feeds") or {}))
        out = []
        for svc in self.services:
            if svc.status_kind in ("atom", "rss") and svc.status_url:
                out.append((svc.slug, svc.status_kind, svc.status_url))
            elif svc.status_kind == "gcp" and svc.status_url:
                out.append((svc.slug, "gcp", svc.status_url.rstrip("/") + "/incidents.json"))
            elif svc.status_kind == "aws":
                out += [(svc.slug, "aws", url) for url in aws.get(svc.slug, [])]
        base = str(self.cfg.get("base_url") or "").rstrip("/")
        if base:  # a mirror: {base_url}/{host}{path}
            out = [(s, k, f"{base}/{urlsplit(u).netloc}{urlsplit(u).path}") for s, k, u in out]
        return out

    def initial_requests(self) -> Iterator[scrapy.Request]:
        for slug, kind, url in self.feeds():
            yield scrapy.Request(
                url,
                callback=self.parse_feed,
                errback=self.on_error,
                dont_filter=True,
                meta={"state": {"slug": slug, "kind": kind}},
            )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        state = response.meta["state"]
        try:
            if state["kind"] == "gcp":
                doc = self.load_json(response)
                if doc is None:
                    return
                items = gcp_incidents(doc, state["slug"], response.url.rsplit("/", 1)[0])
            else:
                try:
                    body = response.body.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ValueError(f"body is not UTF-8 (byte {exc.start})") from None
                items = feed_entries(
                    re.sub(r"^\s*<\?xml[^>]*\?>", "", body),
                    state["kind"],
                    state["slug"],
                    response.url,
                )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            self.skip(response.url, f"unusable feed: {exc}")
            return
        key = response.url
        cursor = newest = self.cursors.get(key, "")
        for item in items:
            try:
                stamp = to_utc_or_none(item.updated_at)
            except ValueError:
                stamp = None
            mark = stamp.strftime("%Y-%m-%dT%H:%M:%S.%f") if stamp else ""
            if cursor and mark and mark <= cursor:
                continue
            newest = max(newest, mark)
            yield item
        if newest and newest != cursor:
            yield CursorItem("statusfeeds", key, newest)
