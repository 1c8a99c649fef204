"""Status feeds read as incidents: Atom/RSS entries and Google's incidents.json.

Feeds say less than the Statuspage API: an entry's start is its publication time, its status
and impact are read from its latest update's wording (docs/sources.md). Entries come out with
their feed's own id and no service: the spider decides whose each is (crawlers/status_pages.py).
One entry without an id is skipped with a line naming it, not the whole feed.
"""

from __future__ import annotations

from typing import Any

from scrapy.selector import Selector

from crawlers.items import OfficialIncidentItem
from crawlers.normalise import html_to_text, to_utc_or_none

GCP_IMPACT = {
    "SERVICE_OUTAGE": "major",
    "SERVICE_DISRUPTION": "minor",
    "SERVICE_INFORMATION": "none",
}
AWS_IMPACT = (
    ("service disruption", "major"),
    ("service degradation", "minor"),
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
CLOSED = ("resolved", "completed", "postmortem")

Parsed = tuple[list[OfficialIncidentItem], list[str]]  # incidents, and why entries were skipped


def status_of(text: str) -> str | None:
    """The first Statuspage-style status word in an update's text, lower-cased."""
    low = text.lower()
    hits = [(low.find(w), w) for w in STATUS_WORDS if w in low]
    return min(hits)[1] if hits else None


def aws_says_resolved(title: str) -> bool:
    """AWS heads an event's closing update "Service is operating normally: [RESOLVED] …"."""
    low = title.lower()
    return "[resolved]" in low or "operating normally" in low


def iso_or_raw(value: str) -> str:
    """An update's time as ISO UTC, which the warehouse's as-of views read from `updates`
    (an RFC 822 pubDate, "Fri, 27 Nov 2026 09:20:00 PST", would read as no time at all)."""
    try:
        when = to_utc_or_none(value)
    except ValueError:
        return value
    return when.isoformat() if when else value


def _first(node: Selector, *paths: str) -> str:
    return next((v for p in paths if (v := node.xpath(f"string({p})").get("").strip())), "")


def feed_entries(body: str, kind: str, feed_url: str) -> Parsed:
    """Atom <entry> or RSS <item> elements as incidents (ValueError when it is not a feed)."""
    sel = Selector(text=body, type="xml")
    sel.remove_namespaces()
    nodes = sel.xpath("//entry") or sel.xpath("//item")
    if not nodes and not sel.xpath("/feed | /rss | /RDF"):
        raise ValueError("not an Atom or RSS feed")
    out, skipped = [], []
    for n, node in enumerate(nodes, 1):
        title = node.xpath("string(title)").get("").strip()
        ident = _first(node, "id", "guid", "link/@href", "link")
        if not ident:
            skipped.append(f"entry {n} ({title[:80]!r}) has no id, guid or link")
            continue
        html = node.xpath("string(content)").get("") or node.xpath("string(description)").get("")
        text = html_to_text(html)
        link = _first(node, "link[@rel='alternate']/@href", "link/@href", "link")
        published = _first(node, "published", "pubDate", "updated")
        updated = node.xpath("string(updated)").get("").strip() or published
        impact = None
        if kind == "aws":
            impact = next((v for k, v in AWS_IMPACT if k in title.lower()), None)
            # a [RESOLVED] headline over an earlier update's text keeps that text's status
            status = status_of(text) or ("resolved" if aws_says_resolved(title) else None)
        else:
            status = status_of(text) or status_of(title)
        out.append(
            OfficialIncidentItem(
                source=kind,
                native_id=ident,
                service_slug=None,
                name=title or None,
                status=status,
                impact=impact,
                url=link or feed_url,
                created_at=published or None,
                started_at=published or None,
                acknowledged_at=published or None,
                resolved_at=updated if status in CLOSED else None,
                updated_at=updated or None,
                updates=[
                    {"status": status, "body": text[:5000], "created_at": iso_or_raw(updated)}
                ],
            )
        )
    return out, skipped


def gcp_incidents(doc: Any, base: str) -> Parsed:
    """Google Cloud / Workspace incidents.json (a list of incidents)."""
    if not isinstance(doc, list):
        raise ValueError("incidents.json is not a list")
    out, skipped = [], []
    for n, inc in enumerate(doc, 1):
        try:
            out.append(_gcp_incident(inc, base))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            desc = inc.get("external_desc") if isinstance(inc, dict) else None
            named = f" ({str(desc)[:80]!r})" if desc else ""
            skipped.append(f"incident {n}{named} without a usable field: {exc!r}")
    return out, skipped


def _gcp_incident(inc: dict[str, Any], base: str) -> OfficialIncidentItem:
    ident = inc["id"]
    if not isinstance(ident, str | int) or not str(ident).strip():
        raise ValueError(f"id {ident!r}")
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
    return OfficialIncidentItem(
        source="gcp",
        native_id=str(ident),
        service_slug=None,
        name=inc.get("external_desc"),
        status="resolved" if inc.get("end") else "investigating",
        impact=GCP_IMPACT.get(str(inc.get("status_impact")), inc.get("severity")),
        components=[
            str(p["title"])
            for p in inc.get("affected_products") or []
            if isinstance(p, dict) and p.get("title")
        ],
        url=f"{base.rstrip('/')}/{inc['uri']}" if inc.get("uri") else None,
        created_at=inc.get("created") or inc.get("begin"),
        started_at=inc.get("begin"),
        acknowledged_at=first,
        resolved_at=inc.get("end"),
        updated_at=inc.get("modified"),
        updates=updates,
    )
