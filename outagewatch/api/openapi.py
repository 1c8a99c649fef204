"""The OpenAPI 3.1 description of the read-only API, served at /openapi.json.

The tests send property-based requests generated from this document and check every answer
against it, so the description and the server cannot drift apart silently.
"""

from __future__ import annotations

import functools
from typing import Any

from outagewatch import __version__
from outagewatch.countries import country_codes

# a catalog slug as outagewatch/catalog.py takes it (one a catalog used before stays valid)
SLUG = {"type": "string", "pattern": "^[A-Za-z0-9_]+([-.][A-Za-z0-9_]+)*$", "maxLength": 64}
COUNTRY = {"type": "string", "pattern": "^[A-Za-z]{2}$"}  # the server's syntax check


def _country() -> dict[str, Any]:
    """COUNTRY as documented: exactly the codes the server takes, the ISO 3166-1 alpha-2 codes
    (and XK) in any case. A pattern, not an enum: a generated test request then need not
    try each of 250 values."""
    codes = "|".join(f"[{a}{a.lower()}][{b}{b.lower()}]" for a, b in country_codes())
    return {"type": "string", "pattern": f"^(?:{codes})$",
            "description": "ISO 3166-1 alpha-2 code (or XK, Kosovo), in any case: gb, GB"}  # fmt: skip


TIME = {"type": "string", "format": "date-time",
        "description": "RFC 3339 time, e.g. 2026-11-20T12:00:00Z (a bare date 2026-11-20, and a time without seconds or offset, read as UTC, are accepted too)"}  # fmt: skip
TS = {"type": ["string", "null"], "format": "date-time"}
STR = {"type": ["string", "null"]}
INT = {"type": ["integer", "null"]}
NUM = {"type": ["number", "null"]}
STRS = {"type": "array", "items": {"type": "string"}}
COUNT = {"type": "integer"}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or list(props)}


def _d(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """`schema` with what the field means (and its unit: the counts differ, per 5-minute
    bucket in an incident, per hour in a service's last hour)."""
    return {**schema, "description": description}


CODES = {"type": "array", "items": {"type": "string"}}
# The meanings of incident_summary's columns (docs/sql.md), for an API user who reads only this.
INCIDENT = _obj({
    "incident_id": _d({"type": "string"}, "Stable id of the incident."),
    "service_slug": _d({"type": "string"}, "Affected service (catalog slug)."),
    "service_name": _d(STR, "Display name of the service."),
    "category": _d(STR, "Service category (messaging, streaming, isp_telco, banking, ...)."),
    "title": _d(STR, "Short human title: the service, its main symptoms, its main countries."),
    "status": _d({"type": "string", "enum": ["open", "resolved"]}, "open (ongoing) or resolved."),
    "severity": _d({"type": ["string", "null"], "enum": ["minor", "major", "critical", None]},
                   "The worst hour against the service's normal (5x major, 20x critical), raised to a linked official incident's impact."),
    "started_at": _d({"type": "string", "format": "date-time"}, "Start of the first abnormal 5-minute bucket (UTC): where the excess began, often before detected_at."),
    "detected_at": _d(TS, "When the detector first flagged it (UTC)."),
    "peak_at": _d(TS, "Start of the 5-minute bucket with the most of its reports (UTC)."),
    "resolved_at": _d(TS, "End of the incident (UTC); null while open."),
    "duration_minutes": _d(INT, "Minutes from start to end, or to the last update while open."),
    "peak_reports": _d(INT, "Its own problem reports in its peak 5-minute bucket."),
    "baseline_reports": _d(NUM, "Problem reports a normal 5-minute bucket holds at the peak's time (per 5 minutes, like peak_reports; not per hour)."),
    "total_reports": _d(INT, "Problem reports attached to the incident, over its whole span."),
    "top_symptom": _d(STR, "Most reported symptom, as a code (login, website_down, playback_streaming, ...)."),
    "keywords": _d(CODES, "Salient words of its posts."),
    "countries": _d(CODES, "Every country with at least one located report, most reports first (a traveller's single report too). The ?country= filter and the country feeds use main_countries instead."),
    "official_id": _d(STR, "Linked official status-page incident, if any."),
    "official_acknowledged_at": _d(TS, "The provider's first public acknowledgment (UTC)."),
    "lead_time_minutes": _d(NUM, "Minutes from detected_at to the provider's acknowledgment: positive means outagewatch knew first, negative the status page did; null when not linked."),
    "common_cause_group": _d(STR, "Id shared by incidents that look like one upstream cause; null when alone."),
    "common_upstream": _d(STR, "The shared upstream provider (aws), when the catalog knows it."),
    "main_countries": _d(CODES, "The countries holding at least 10 % of its located reports, most reports first: those its title names, and those ?country= and /feeds/countries/{country}.atom select on; [] when none is located."),
})  # fmt: skip
ERROR = _obj({"error": _d({"type": "string"}, "What was wrong, naming the parameter.")})


def _q(
    name: str, schema: dict[str, Any], description: str, required: bool = False
) -> dict[str, Any]:
    """A query parameter; an optional one may be sent empty (`country=`), meaning no filter."""
    param = {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema,
        "description": description,
    }
    if not required:
        param["allowEmptyValue"] = True
    return param


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}  # fmt: skip


BAD = _json(
    "Error",
    "Bad parameter: the message says which and why. A query parameter the endpoint does not "
    "list here is refused too, naming the ones it takes; so is one given twice, a country "
    "code that is no ISO 3166-1 alpha-2 code (UK: the message suggests GB), and a since "
    "after until.",
)
MISSING = _json("Error", "No such resource.")
NO_SERVICE = _json(
    "Error", "No service of that slug in the catalog; the message names the closest one."
)
# How every endpoint reads its parameters, said once in info.description.
PARAMETER_RULES = (
    "Parameters: an empty value (`country=`, as an HTML form sends an empty field) is the same "
    "as leaving the parameter out: no filter, the global series for /api/v1/volume's country. "
    "A parameter given twice (`status=open&status=resolved`) is a 400 naming it: make one "
    "request per value. A service that is not in the catalog is a 404 on every endpoint, "
    "naming the closest slug; a country code that is no ISO 3166-1 alpha-2 code (UK, ZZ) is a "
    "400, suggesting the code meant (GB); a known service or country without incidents is a "
    "200 with an empty list. In a feed's path, an unknown service or country is a 404. "
    "`since` after `until` is a 400. A trailing slash is ignored."
)
ATOM = {
    "description": "Atom 1.0 feed",
    "content": {"application/atom+xml": {"schema": {"type": "string"}}},
}
LIMIT = {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}


def spec(server_url: str = "") -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/api/v1/incidents": {"get": {
            "operationId": "listIncidents", "summary": "Incidents, newest first.",
            "parameters": [
                _q("service", SLUG, "Only this service (catalog slug)."),
                _q("country", _country(), "Only incidents with this country among their main_countries: it holds at least 10 % of the located reports (as its feed). An incident lists every located country in countries, so one may name it there without matching."),
                _q("status", {"type": "string", "enum": ["open", "resolved"]}, "Only open or resolved ones."),
                _q("since", TIME, "Active at or after this time."),
                _q("until", TIME, "Started before this time."),
                _q("limit", LIMIT, "Page size."),
                _q("offset", {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0}, "Skip this many."),
            ],
            "responses": {"200": _json("IncidentList", "A page of incidents."), "400": BAD, "404": NO_SERVICE},
        }},
        "/api/v1/incidents/{incident_id}": {"get": {
            "operationId": "getIncident", "summary": "One incident with countries, symptoms, posts.",
            "parameters": [{"name": "incident_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": _json("IncidentDetail", "The incident."), "400": BAD, "404": MISSING},
        }},
        "/api/v1/services": {"get": {
            "operationId": "listServices", "summary": "Services of the catalog with incident counts.",
            "responses": {"200": _json("ServiceList", "All services."), "400": BAD},
        }},
        "/api/v1/services/{slug}": {"get": {
            "operationId": "getService",
            "summary": "One service now: catalog facts, the last hour against normal, open incidents.",
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": SLUG}],
            "responses": {"200": _json("ServiceState", "The service now."), "400": BAD, "404": NO_SERVICE},
        }},
        "/api/v1/volume": {"get": {
            "operationId": "getVolume", "summary": "Problem reports per 5-minute bucket, with the baseline.",
            "parameters": [
                _q("service", SLUG, "The service (catalog slug).", required=True),
                _q("country", _country(), "A country; omit for the service's global series."),
                _q("since", TIME, "Buckets at or after this time."),
                _q("until", TIME, "Buckets before this time."),
                _q("limit", {"type": "integer", "minimum": 1, "maximum": 5000, "default": 288},
                   "At most this many buckets: the latest. When the range holds more, the answer "
                   "says so (`truncated` true, `total` the buckets in the range); ask again with a "
                   "larger limit or an earlier until."),
            ],
            "responses": {"200": _json("Volume", "The series, oldest first."), "400": BAD, "404": NO_SERVICE},
        }},
        "/feeds/all.atom": {"get": {"operationId": "feedAll", "summary": "Atom feed of all incidents.",
                                    "responses": {"200": ATOM}}},
        "/feeds/services/{slug}.atom": {"get": {
            "operationId": "feedService", "summary": "Atom feed of one service's incidents.",
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": SLUG}],
            "responses": {"200": ATOM, "404": MISSING},
        }},
        "/feeds/countries/{country}.atom": {"get": {
            "operationId": "feedCountry", "summary": "Atom feed of incidents where a country holds at least 10 % of the located reports.",
            "parameters": [{"name": "country", "in": "path", "required": True, "schema": _country()}],
            "responses": {"200": ATOM, "404": MISSING},
        }},
    }  # fmt: skip
    incident_ref = {"$ref": "#/components/schemas/Incident"}
    counts = {
        "incidents": _d(COUNT, "Its incidents in the warehouse, open or resolved."),
        "open_incidents": _d(COUNT, "Those still open."),
        "last_incident_at": _d(TS, "Start of its latest incident (UTC); null without one."),
    }
    schemas = {
        "Error": ERROR,
        "Incident": INCIDENT,
        "IncidentList": _obj({
            "total": _d(COUNT, "Incidents matching the filters, over all pages."),
            "limit": _d(COUNT, "Page size asked for."),
            "offset": _d(COUNT, "Incidents skipped before this page."),
            "incidents": {"type": "array", "items": incident_ref, "description": "This page, newest first."}}),
        "IncidentDetail": _obj({
            "incident": incident_ref,
            "countries": _d({"type": "array", "items": _obj({
                "country": _d({"type": "string"}, "ISO 3166-1 alpha-2 code; '' for the reports whose country is unknown."),
                "reports": _d(COUNT, "Its problem reports from that country."),
                "share": _d(NUM, "reports over all its reports, unknown included (0 to 1)."),
            })}, "Every country with a report, most first, then the unlocated ones."),
            "symptoms": _d({"type": "array", "items": _obj({
                "symptom": _d({"type": "string"}, "A symptom code (login, app_crash, ...)."),
                "reports": _d(COUNT, "Its problem reports with that symptom."),
                "share": _d(NUM, "Share of its symptom mentions (0 to 1; a report naming two counts for each)."),
            })}, "Its symptoms, most reported first."),
            "representative_posts": _d({"type": "array", "items": _obj({
                "rank": _d(INT, "1 = most representative."),
                "source": _d(STR, "mastodon, bluesky, hackernews, reddit, x, discourse."),
                "created_at": _d(TS, "When it was posted (UTC)."),
                "author_hash": _d(STR, "Salted hash of the author; never the handle."),
                "text": _d(STR, "The post's text."), "url": _d(STR, "Link to the post."),
                "country": _d(STR, "Inferred country, '' when unknown.")})},
                "A few posts that show what people report."),
            "official": {"oneOf": [{"type": "null"}, _obj({
                "official_id": _d({"type": "string"}, "Id of the provider's notice."),
                "official_source": _d(STR, "Feed kind: statuspage, atom, rss, gcp, aws."),
                "official_name": _d(STR, "The provider's title."),
                "official_status": _d(STR, "The provider's latest status (investigating ... resolved)."),
                "official_impact": _d(STR, "The provider's impact: none, minor, major, critical, maintenance."),
                "official_url": _d(STR, "Link to the provider's notice."),
                "official_acknowledged_at": _d(TS, "First public acknowledgment (UTC).")})],
                "description": "The linked status-page notice; null when none."},
        }),
        "ServiceList": _obj({"services": {"type": "array", "items": _obj({
            "slug": _d({"type": "string"}, "Catalog slug."),
            "name": _d({"type": "string"}, "Display name."),
            "category": _d(STR, "Service category."), **counts}),
            "description": "The catalog's services, by slug."}}),
        "ServiceState": _obj({
            "service": _d(_obj({
                "slug": _d({"type": "string"}, "Catalog slug."), "name": _d(STR, "Display name."),
                "category": _d(STR, "Service category."),
                "aliases": _d(STRS, "Other names it goes by."),
                "hashtags": _d(STRS, "Hashtags watched for it."),
                "handles": _d(STRS, "Its official accounts."),
                "domains": _d(STRS, "Its web domains."),
                "countries": _d(STRS, "Countries where it is mainly used."),
                "upstream": _d(STRS, "Providers it depends on (for common-cause grouping)."),
                "status_url": _d(STR, "Its official status page."),
                "status_kind": _d(STR, "Status page format (statuspage, atom, ...)."),
                **counts}), "Its row of /api/v1/services with the catalog's facts."),
            "last_hour": {"oneOf": [{"type": "null"}, _obj({
                "window_start": _d({"type": "string", "format": "date-time"}, "Start of the hour (UTC)."),
                "window_end": {"type": "string", "format": "date-time", "description": "The warehouse's now (on a replayed demo clock, the start of the 5-minute bucket holding it); excluded."},
                "reports": {"type": "integer", "description": "Problem reports in the hour (per hour, the global series)."},
                "normal": {**NUM, "description": "Reports a normal hour at this time holds, per hour (the mean baseline of the hour's 5-minute buckets, times 12; an incident's baseline_reports is per 5 minutes); null without buckets."},
                "anomalous": {"type": "boolean", "description": "A bucket of the hour was above the normal band."},
                "last_anomaly": _d(TS, "Start of the latest such bucket (UTC).")})],
                "description": "Its problem reports in the last hour against normal; null when the service has no series."},
            "open": {"type": "array", "items": incident_ref,
                     "description": "Its open incidents, newest first, as /api/v1/incidents?service=SLUG&status=open lists them."},
        }),
        "Volume": _obj({"service": _d({"type": "string"}, "The service (catalog slug)."),
                        "country": {"type": "string", "description": "'' for the service's global series"},
                        "bucket_minutes": _d({"type": "integer"}, "Length of a bucket: 5."),
                        "total": {"type": "integer", "description": "Buckets in the range asked for."},
                        "truncated": {"type": "boolean", "description": "True when `points` holds only the latest `limit` of them."},
                        "points": _d({"type": "array", "items": _obj({
                            "bucket": _d({"type": "string", "format": "date-time"}, "Start of the 5-minute bucket (UTC)."),
                            "reports": _d({"type": "integer"}, "Problem reports in the bucket (per 5 minutes)."),
                            "baseline": _d(NUM, "Expected reports in the bucket, the normal level (per 5 minutes)."),
                            "upper": _d(NUM, "Top of the normal band (per 5 minutes)."),
                            "is_anomaly": _d({"type": ["boolean", "null"]}, "True only at the bucket where the detector raised its alert, not over the whole outage.")})},
                            "The buckets, oldest first.")}),
    }  # fmt: skip
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "outagewatch read-only API", "version": __version__,
                 "description": "Incidents detected from public complaints. All times are UTC. "
                                + PARAMETER_RULES},
        "paths": paths,
        "components": {"schemas": schemas},
    }  # fmt: skip
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc


@functools.cache
def query_names(path: str) -> tuple[str, ...]:
    """The query parameters `path` (a path of this document, e.g. /api/v1/volume) takes. The
    server refuses any other with a 400, so what it accepts is what this document says."""
    operation = spec()["paths"][path]["get"]
    return tuple(p["name"] for p in operation.get("parameters", ()) if p["in"] == "query")
