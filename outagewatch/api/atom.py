"""Atom 1.0 feeds of incidents (RFC 4287): all, per service, per country.

Served by `outagewatch serve` under /feeds/ and written as static files by
`outagewatch export feed` with the same layout:
all.atom, services/<slug>.atom, countries/<CC>.atom.
An entry's id is stable per incident and its `updated` moves whenever the incident changes,
so feed readers show a new entry once and then an update.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import duckdb

from outagewatch.api import queries
from outagewatch.countries import country_name

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
EPOCH = "1970-01-01T00:00:00Z"
# A country's feed carries the incidents where it holds at least 10 % of the located reports
# (the view incident_main_countries, whose countries the dashboard's cards name too): one
# stray report ("IG" read as a Slovenian village) makes no Slovenian outage.
AFFECTED = "SELECT incident_id, country FROM incident_main_countries"
FILTERS = {
    "all": "TRUE",
    "service": "s.service_slug = ?",
    "country": f"s.incident_id IN (SELECT incident_id FROM ({AFFECTED}) WHERE country = ?)",
}


def feed_path(kind: str, key: str = "") -> str:
    """all -> all.atom; service slack -> services/slack.atom; country DE -> countries/DE.atom."""
    return {
        "all": "all.atom",
        "service": f"services/{key}.atom",
        "country": f"countries/{key}.atom",
    }[kind]


def entries(
    con: duckdb.DuckDBPyConnection, kind: str, key: str = "", limit: int = ENTRIES
) -> list[dict[str, Any]]:
    cols = ", ".join(f"s.{c}" for c in queries.SUMMARY_COLUMNS)
    sql = (
        f"SELECT {cols}, i.updated_at FROM incident_summary s JOIN incidents i USING (incident_id) "
        f"WHERE {FILTERS[kind]} ORDER BY i.updated_at DESC, s.incident_id LIMIT ?"
    )
    params = [key] if kind != "all" else []
    return [queries._incident(r) for r in queries._rows(con, sql, [*params, limit])]


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    el.text = text
    return el


def _content(inc: dict[str, Any]) -> str:
    facts = [
        ("Service", inc.get("service_name") or inc["service_slug"]),
        ("Status", inc["status"]),
        ("Severity", inc.get("severity") or "unknown"),
        ("Started", inc.get("started_at")),
        ("Resolved", inc.get("resolved_at") or "ongoing"),
        (
            "Reports",
            f"{inc.get('total_reports') or 0} (peak {inc.get('peak_reports') or 0} per 5 min)",
        ),
        # in words, as the titles and the daily summary say them: "playback streaming", and
        # the main countries (a tenth of the located reports) by name, not every stray one
        ("Top symptom", (inc.get("top_symptom") or "unknown").replace("_", " ")),
        (
            "Main countries",
            ", ".join(f"{country_name(c)} ({c})" for c in inc.get("main_countries") or [])
            or "not located",
        ),
        (
            "Provider acknowledged",
            inc.get("official_acknowledged_at")
            or ("not yet" if inc.get("status") == "open" else "no official notice"),
        ),
    ]
    rows = "".join(f"<li><b>{html.escape(k)}:</b> {html.escape(str(v))}</li>" for k, v in facts)
    return f"<ul>{rows}</ul>"


def render(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    key: str = "",
    base_url: str = "",
    dashboard_url: str = "",
) -> bytes:
    """One feed as UTF-8 XML. `base_url` (e.g. http://127.0.0.1:8765) adds links when known:
    each entry's JSON record. `dashboard_url` (`[notify] dashboard_url`) adds the incident's
    dashboard page before it, the link a feed reader opens for a person."""
    items = entries(con, kind, key)
    label = {"all": "all services", "service": key, "country": key}[kind]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"urn:outagewatch:feed:{kind}:{key}" if key else "urn:outagewatch:feed:all")
    _text(feed, "title", f"outagewatch incidents: {label}")
    _text(feed, "updated", max((i["updated_at"] for i in items), default=EPOCH))
    _text(feed, "generator", "outagewatch")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "outagewatch")
    base = base_url.rstrip("/")
    if base:
        ET.SubElement(
            feed, f"{{{ATOM}}}link", rel="self", href=f"{base}/feeds/{feed_path(kind, key)}"
        )
    for inc in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:outagewatch:incident:{inc['incident_id']}")
        sev = f" ({inc['severity']})" if inc.get("severity") else ""
        state = "resolved" if inc["status"] == "resolved" else "ongoing"
        _text(entry, "title", f"{inc.get('title') or inc['service_slug']}{sev}, {state}")
        _text(entry, "published", inc.get("detected_at") or inc["started_at"])
        _text(entry, "updated", inc["updated_at"])
        _text(entry, "summary", f"{state}; {inc.get('total_reports') or 0} problem reports")
        _text(entry, "content", _content(inc), type="html")
        ET.SubElement(entry, f"{{{ATOM}}}category", term=inc["service_slug"])
        if dashboard_url:  # the page notifications' "Details" link opens (notify.config.Links)
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                          href=f"{dashboard_url.rstrip('/')}/incident?id={inc['incident_id']}")  # fmt: skip
        if base:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="application/json",
                          href=f"{base}/api/v1/incidents/{inc['incident_id']}")  # fmt: skip
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def feed_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Every feed worth writing: all, each service with incidents, each country an incident
    affected (``incident_main_countries``)."""
    services = [
        r[0]
        for r in con.execute("SELECT DISTINCT service_slug FROM incidents ORDER BY 1").fetchall()
    ]
    countries = [
        r[0] for r in con.execute(
            f"SELECT DISTINCT country FROM ({AFFECTED}) ORDER BY 1"
        ).fetchall()
    ]  # fmt: skip
    return [("all", ""), *(("service", s) for s in services), *(("country", c) for c in countries)]


def write_feeds(
    con: duckdb.DuckDBPyConnection, out: Path, base_url: str = "", dashboard_url: str = ""
) -> list[Path]:
    """Write every feed under `out` (atomically file by file, or through a symlink put there:
    outfile.write_file); returns the paths written."""
    from outagewatch.outfile import write_file

    return [
        write_file(
            Path(out) / feed_path(kind, key), render(con, kind, key, base_url, dashboard_url)
        )
        for kind, key in feed_keys(con)
    ]
