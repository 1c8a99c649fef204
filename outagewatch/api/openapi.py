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


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required or list(props)}


INCIDENT = _obj({
    "incident_id": {"type": "string"}, "service_slug": {"type": "string"}, "service_name": STR,
    "category": STR, "title": STR, "status": {"type": "string", "enum": ["open", "resolved"]},
    "severity": {"type": ["string", "null"], "enum": ["minor", "major", "critical", None]},
    "started_at": {"type": "string", "format": "date-time"}, "detected_at": TS, "peak_at": TS,
    "resolved_at": TS, "duration_minutes": INT, "peak_reports": INT, "baseline_reports": NUM,
    "total_reports": INT, "top_symptom": STR, "keywords": {"type": "array", "items": {"type": "string"}},
    "countries": {"type": "array", "items": {"type": "string"}}, "official_id": STR,
    "official_acknowledged_at": TS, "lead_time_minutes": NUM,
    # incidents that look like one upstream cause share the id (incident_summary's column)
    "common_cause_group": STR, "common_upstream": STR,
})  # fmt: skip
SHARE = _obj({"reports": {"type": "integer"}, "share": NUM})
ERROR = _obj({"error": {"type": "string"}})


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
                _q("country", _country(), "Only incidents where this country holds at least 10 % of the located reports (as its feed)."),
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
    schemas = {
        "Error": ERROR,
        "Incident": INCIDENT,
        "IncidentList": _obj({"total": {"type": "integer"}, "limit": {"type": "integer"},
                              "offset": {"type": "integer"},
                              "incidents": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"}}}),
        "IncidentDetail": _obj({
            "incident": {"$ref": "#/components/schemas/Incident"},
            "countries": {"type": "array", "items": _obj({"country": {"type": "string"}, **SHARE["properties"]})},
            "symptoms": {"type": "array", "items": _obj({"symptom": {"type": "string"}, **SHARE["properties"]})},
            "representative_posts": {"type": "array", "items": _obj({
                "rank": INT, "source": STR, "created_at": TS, "author_hash": STR, "text": STR,
                "url": STR, "country": STR})},
            "official": {"oneOf": [{"type": "null"}, _obj({
                "official_id": {"type": "string"}, "official_source": STR, "official_name": STR,
                "official_status": STR, "official_impact": STR, "official_url": STR,
                "official_acknowledged_at": TS})]},
        }),
        "ServiceList": _obj({"services": {"type": "array", "items": _obj({
            "slug": {"type": "string"}, "name": {"type": "string"}, "category": STR,
            "incidents": {"type": "integer"}, "open_incidents": {"type": "integer"},
            "last_incident_at": TS})}}),
        "ServiceState": _obj({
            "service": _obj({
                "slug": {"type": "string"}, "name": STR, "category": STR, "aliases": STRS,
                "hashtags": STRS, "handles": STRS, "domains": STRS, "countries": STRS,
                "upstream": STRS, "status_url": STR, "status_kind": STR,
                "incidents": {"type": "integer"}, "open_incidents": {"type": "integer"},
                "last_incident_at": TS}),
            "last_hour": {"oneOf": [{"type": "null"}, _obj({
                "window_start": {"type": "string", "format": "date-time"},
                "window_end": {"type": "string", "format": "date-time", "description": "The warehouse's now (on a replayed demo clock, the start of the 5-minute bucket holding it)."},
                "reports": {"type": "integer", "description": "Problem reports in the hour."},
                "normal": {**NUM, "description": "Reports a normal hour at this time holds (the mean baseline of the hour's buckets, times 12); null without buckets."},
                "anomalous": {"type": "boolean", "description": "A bucket of the hour was above the normal band."},
                "last_anomaly": TS})]},
            "open": {"type": "array", "items": {"$ref": "#/components/schemas/Incident"},
                     "description": "Its open incidents, newest first, as /api/v1/incidents?service=SLUG&status=open lists them."},
        }),
        "Volume": _obj({"service": {"type": "string"},
                        "country": {"type": "string", "description": "'' for the service's global series"},
                        "bucket_minutes": {"type": "integer"},
                        "total": {"type": "integer", "description": "Buckets in the range asked for."},
                        "truncated": {"type": "boolean", "description": "True when `points` holds only the latest `limit` of them."},
                        "points": {"type": "array", "items": _obj({
                            "bucket": {"type": "string", "format": "date-time"}, "reports": {"type": "integer"},
                            "baseline": NUM, "upper": NUM, "is_anomaly": {"type": ["boolean", "null"]}})}}),
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
