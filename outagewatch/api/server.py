"""`outagewatch serve`: the read-only JSON API and Atom feeds over the standard library.

Each request opens the warehouse read-only, reads and closes it (warehouse.db.reader), so
`outagewatch run` can keep writing between requests. Bad parameters get a 400 with a JSON
message naming the parameter; nothing a client sends should produce a 5xx but what HTTP
itself prescribes: 501 for a method HTTP does not define, 505 for HTTP/2 and later in a
request line (all of them `{"error": "…"}`, as every other error).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import logging
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

import duckdb

from outagewatch.api import atom, openapi, queries
from outagewatch.catalog import closest_slug
from outagewatch.countries import country_hint, is_country
from warehouse.db import WarehouseError, reader
from warehouse.outdated import OUTDATED_ERRORS, outdated_line

log = logging.getLogger(__name__)
SLUG_RE = re.compile(openapi.SLUG["pattern"])
COUNTRY_RE = re.compile(openapi.COUNTRY["pattern"])
SERVICE_REQUIRED = "service is required, e.g. /api/v1/volume?service=slack"
# RFC 3339, and what the CLI takes too: seconds and the offset may be left out (then UTC);
# an offset is under 24 hours (+99:00 had moved the cut-off by four days)
TIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?"
)


# The methods HTTP and its extensions define (IANA's HTTP Method Registry: RFC 9110's, PATCH,
# WebDAV's, and QUERY, in OpenAPI 3.2): one of them is a 405 here, a read-only API; any other
# is a 501, a method the server does not recognise (RFC 9110 section 15.6.2), as http.server
# answers a request with no do_<METHOD> at all.
HTTP_METHODS = frozenset((
    "ACL", "BASELINE-CONTROL", "BIND", "CHECKIN", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET",
    "HEAD", "LABEL", "LINK", "LOCK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL",
    "MKREDIRECTREF", "MKWORKSPACE", "MOVE", "OPTIONS", "ORDERPATCH", "PATCH", "POST", "PRI",
    "PROPFIND", "PROPPATCH", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "TRACE", "UNBIND",
    "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE", "UPDATEREDIRECTREF", "VERSION-CONTROL",
))  # fmt: skip
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
ACCESS_LOCK = threading.Lock()  # one line at a time from the server's threads


class BadRequest(Exception):
    status = 400


class NotFound(Exception):
    status = 404


def _one(query: dict[str, list[str]], name: str) -> str | None:
    """A parameter's value, None when it is absent or empty: an empty field of a form, or the
    global series' own `"country": ""` passed back, means no filter. Given twice it is a 400:
    which of two values counts, or whether both do, would be a guess."""
    values = query.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise BadRequest(
            f"{name} is given {len(values)} times ({', '.join(repr(v) for v in values)}): "
            f"give it once; to ask for several, make one request per {name}"
        )
    return values[0] or None


def _time(query: dict[str, list[str]], name: str) -> datetime | None:
    """An RFC 3339 time (any offset, converted to UTC; none = UTC, seconds optional) or a
    bare date, as naive UTC."""
    text = _one(query, name)
    if text is None:
        return None
    m = TIME_RE.fullmatch(text)
    try:
        if not m:
            raise ValueError
        y, mo, d, h, mi, sec = (int(g or 0) for g in m.groups()[:6])
        # Year 0 and leap seconds are valid RFC 3339 but not Python datetimes: clamp them.
        value = datetime(max(y, 1), mo, d, h, mi, min(sec, 59))
        zone = m.group(7)
        if zone and zone not in "Zz":
            sign = 1 if zone[0] == "+" else -1
            # Within a day of year 1 or 9999 the bound is close enough.
            with contextlib.suppress(OverflowError):
                value -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        return value
    except ValueError:
        raise BadRequest(
            f"{name} must be a time like 2026-11-20T12:00:00Z (RFC 3339; 2026-11-20T12:00 is "
            f"read as UTC) or a date like 2026-11-20, not {text!r}"
        ) from None


def _int(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    text = _one(query, name)
    if text is None:
        return default
    if not re.fullmatch(r"-?\d{1,9}", text) or not low <= int(text) <= high:
        raise BadRequest(f"{name} must be an integer from {low} to {high}, not {text!r}")
    return int(text)


def _match(
    query: dict[str, list[str]], name: str, pattern: re.Pattern[str], what: str
) -> str | None:
    text = _one(query, name)
    if text is not None and not pattern.fullmatch(text):
        raise BadRequest(f"{name} must be {what}, not {text!r}")
    return text


class NoCountry(ValueError):
    """A text that names no country; `shaped` when it has a code's shape (two letters)."""

    def __init__(self, why: str, shaped: bool) -> None:
        super().__init__(why)
        self.shaped = shaped


def country_code(text: str) -> str:
    """`text` as the ISO 3166-1 alpha-2 code it names, upper case: the one rule of ?country=
    and of the country feeds' path. NoCountry saying why for any other text (UK, ZZ, XYZ),
    which would otherwise match nothing and look like a country without incidents."""
    code, shaped = text.upper(), COUNTRY_RE.fullmatch(text) is not None
    if shaped and is_country(code):
        return code
    hint = country_hint(code)  # the code meant when it is a common stand-in (UK)
    raise NoCountry(
        f"{code!r} is no ISO 3166-1 alpha-2 country code"
        + (f" (did you mean {hint!r}?)" if hint else "")
        + "; codes are two letters like 'DE', 'GB', 'JP'",
        shaped,
    )


def _country(query: dict[str, list[str]]) -> str | None:
    """?country=, upper case; a 400 for a text that is no country code (country_code)."""
    text = _one(query, "country")
    if text is None:
        return None
    try:
        return country_code(text)
    except NoCountry as exc:
        if not exc.shaped:
            raise BadRequest(f"country must be a two-letter country code, not {text!r}") from None
        raise BadRequest(f"country {exc}") from None


def _no_service(con: duckdb.DuckDBPyConnection, slug: str) -> str:
    hint = closest_slug(slug, queries.service_names(con))
    return f"no service {slug!r} in the catalog" + (f" (did you mean {hint!r}?)" if hint else "")


def _service(
    con: duckdb.DuckDBPyConnection, query: dict[str, list[str]], required: bool = False
) -> str | None:
    """?service=, a slug of the catalog; a 404 naming the closest one for any other, on every
    endpoint (a mistyped slug had listed no incidents, as if the service had none)."""
    slug = _match(query, "service", SLUG_RE, "a service slug")
    if slug is None:
        if required:
            raise BadRequest(SERVICE_REQUIRED)
        return None
    if not queries.service_exists(con, slug):
        raise NotFound(_no_service(con, slug))
    return slug


def _span(query: dict[str, list[str]]) -> tuple[datetime | None, datetime | None]:
    """?since= and ?until=; a 400 when since is after until, which no answer could meet."""
    since, until = _time(query, "since"), _time(query, "until")
    if since is not None and until is not None and since > until:
        raise BadRequest(
            f"since ({since:%Y-%m-%dT%H:%M:%SZ}) is after until ({until:%Y-%m-%dT%H:%M:%SZ}): "
            "nothing can match; swap them"
        )
    return since, until


def _spec_path(path: str) -> str | None:
    """The OpenAPI path a request path answers to, for the JSON endpoints (None otherwise:
    the index, /openapi.json and the feeds take no parameters and ignore any, as feed readers
    and caches may append their own)."""
    if path.startswith("/api/v1/incidents/"):
        return "/api/v1/incidents/{incident_id}"
    if path.startswith("/api/v1/services/"):
        return "/api/v1/services/{slug}"
    return path if path in ("/api/v1/incidents", "/api/v1/services", "/api/v1/volume") else None


def _known_only(query: dict[str, list[str]], path: str) -> None:
    """Refuse a query parameter the endpoint does not take: a mistyped one (limt=5) would
    otherwise be ignored silently and the answer look like the one asked for."""
    spec_path = _spec_path(path)
    if spec_path is None:
        return
    accepted = openapi.query_names(spec_path)
    unknown = sorted(set(query) - set(accepted) - {n for n in query if _added_by_clients(n)})
    if not unknown:
        return
    hints = {n: m[0] for n in unknown if (m := difflib.get_close_matches(n, accepted, n=1))}
    if len(unknown) == 1 and hints:
        hint = f" (did you mean {hints[unknown[0]]!r}?)"
    else:
        hint = "".join(f" (did you mean {m!r} for {n!r}?)" for n, m in hints.items())
    raise BadRequest(
        f"unknown parameter{'s' if len(unknown) > 1 else ''} "
        f"{', '.join(repr(n) for n in unknown)} for {spec_path}"
        + hint
        + (f": it takes {', '.join(accepted)}" if accepted else ": it takes no parameters")
    )


def _added_by_clients(name: str) -> bool:
    """Parameters no caller means for the API: a cache-buster ("_=1732…", jQuery's), campaign
    tags a shared link carries ("utm_source"), an empty name ("?=x")."""
    return name in ("", "_") or name.startswith("utm_")


def access_line(client: str, method: str, target: str, status: int, seconds: float) -> str:
    """One request as `serve` logs it, stamped as `run`'s lines are: "2026-11-20 12:00:00 UTC
    127.0.0.1 GET /api/v1/incidents?status=open 200 3.1 ms". Control characters in the
    request target are escaped, so one request is always one line."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    target = CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", target)
    return f"{stamp} UTC  {client} {method} {target} {status} {seconds * 1000:.1f} ms"


class Handler(BaseHTTPRequestHandler):
    server_version = "outagewatch"
    db_path: Path = Path()
    public_url: str = ""
    dashboard_url: str = ""  # the dashboard's public URL: feed entries link its incident page
    # where one line per request goes (`serve`: stderr; None: no access log)
    access_log: TextIO | None = None
    _started: float | None = None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.info("%s %s", self.address_string(), format % args)

    def parse_request(self) -> bool:
        # the clock starts once the request line is read, not while a client waits to send it
        self._started = time.monotonic()
        return super().parse_request()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """The access line (send_response and send_error call this), written before the body
        is sent, so a client that has its answer finds the line logged; the duration is the
        time taken to produce the answer. No headers, no body: only the request line's
        method and target, and the status."""
        if self.access_log is None:
            return
        line = access_line(
            self.client_address[0] if self.client_address else "-",
            self.command or "-",
            getattr(self, "path", "") or "-",
            int(code) if isinstance(code, int) else 0,
            time.monotonic() - self._started if self._started is not None else 0.0,
        )
        with ACCESS_LOCK:
            try:
                self.access_log.write(line + "\n")
                self.access_log.flush()
            except (OSError, ValueError):  # a closed or broken stderr must not stop serving
                pass

    def _send(self, status: int, body: bytes, ctype: str, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store" if status >= 400 else "max-age=30")
        if not self.public_url:
            # links are built from these request headers (base_url): a shared cache must not
            # hand one client's links, say https from a spoofed X-Forwarded-Proto, to another
            self.send_header("Vary", "Host, X-Forwarded-Proto")
        if status == 405:
            self.send_header("Allow", "GET, HEAD")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _json(self, status: int, data: Any, head: bool = False) -> None:
        self._send(
            status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json", head
        )

    def base_url(self) -> str:
        """The URL feeds link with: `--base-url` when given (behind a reverse proxy), else
        this request's Host, over https when a proxy says so with X-Forwarded-Proto."""
        if self.public_url:
            return self.public_url
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        proto = (self.headers.get("X-Forwarded-Proto") or "").split(",")[0].strip().lower()
        scheme = proto if proto in ("http", "https") else "http"
        return f"{scheme}://{host}" if re.fullmatch(r"[\w.\-:\[\]]+", host) else ""

    def route(self, path: str, query: dict[str, list[str]]) -> tuple[str, Any]:
        """(kind, data): kind is json or atom."""
        if path == "/openapi.json":
            return "json", openapi.spec()
        if path in ("/", "/api/v1", "/api/v1/"):
            return "json", {"openapi": "/openapi.json", "incidents": "/api/v1/incidents",
                            "services": "/api/v1/services", "service": "/api/v1/services/SLUG",
                            "volume": "/api/v1/volume?service=SLUG",
                            "feeds": "/feeds/all.atom"}  # fmt: skip
        _known_only(query, path)
        with reader(self.db_path) as con:
            if path == "/api/v1/incidents":
                status = _one(query, "status")
                if status is not None and status not in ("open", "resolved"):
                    raise BadRequest(f"status must be open or resolved, not {status!r}")
                country, (since, until) = _country(query), _span(query)
                limit, offset = (
                    _int(query, "limit", 50, 1, 500),
                    _int(query, "offset", 0, 0, 1_000_000),
                )
                return "json", queries.incidents(
                    con, service=_service(con, query), country=country, status=status,
                    since=since, until=until, limit=limit, offset=offset,
                )  # fmt: skip
            if path.startswith("/api/v1/incidents/"):
                detail = queries.incident_detail(con, path.removeprefix("/api/v1/incidents/"))
                if detail is None:
                    raise NotFound("no such incident")
                return "json", detail
            if path == "/api/v1/services":
                return "json", queries.services(con)
            if path.startswith("/api/v1/services/"):
                slug = path.removeprefix("/api/v1/services/")
                # the ?service= rule, as a path: a 404 naming the closest slug
                if not (SLUG_RE.fullmatch(slug) and queries.service_exists(con, slug)):
                    raise NotFound(_no_service(con, slug))
                return "json", queries.service_state(con, slug)
            if path == "/api/v1/volume":
                if _one(query, "service") is None:  # before the other parameters' checks
                    raise BadRequest(SERVICE_REQUIRED)
                country, (since, until) = _country(query) or "", _span(query)
                limit = _int(query, "limit", 288, 1, 5000)
                service = _service(con, query, required=True)
                return "json", queries.volume(con, service, country, since, until, limit)
            if path == "/feeds/all.atom":
                return "atom", atom.render(con, "all", "", self.base_url(), self.dashboard_url)
            m = re.fullmatch(r"/feeds/(services|countries)/([^/]+)\.atom", path)
            if m:
                kind, key = (
                    ("service", m.group(2))
                    if m.group(1) == "services"
                    else ("country", m.group(2).upper())
                )
                # the query parameters' rule, as a path: a name that is none is a 404 saying
                # why; a real service or country without incidents has an empty feed
                if kind == "service" and not (
                    SLUG_RE.fullmatch(key) and queries.service_exists(con, key)
                ):
                    raise NotFound(f"no feed for service {key!r}: {_no_service(con, key)}")
                if kind == "country":
                    try:
                        key = country_code(key)
                    except NoCountry as exc:
                        raise NotFound(f"no feed for country {key!r}: {exc}") from None
                return "atom", atom.render(con, kind, key, self.base_url(), self.dashboard_url)
        raise NotFound(f"no such path: {path}")

    def _handle(self, head: bool = False) -> None:
        try:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            # a trailing slash (/api/v1/incidents/ID/, as links are often copied) names the same
            path = unquote(parts.path).rstrip("/") or "/"
            kind, data = self.route(path, query)
            if kind == "atom":
                self._send(200, data, "application/atom+xml; charset=utf-8", head)
            else:
                self._json(200, data, head)
        except (BadRequest, NotFound) as exc:
            self._json(exc.status, {"error": str(exc)}, head)
        except WarehouseError as exc:
            self._json(503, {"error": str(exc)}, head)
        except OUTDATED_ERRORS as exc:
            # a view or column this version reads that the file lacks: an older outagewatch
            # still holds it (serve does not rewrite its views), said as the dashboard says it
            if (line := self._outdated_line(exc)) is None:
                log.exception("error answering %s", self.path)
                self._json(500, {"error": "internal error (see the server log)"}, head)
            else:
                self._json(503, {"error": line}, head)
        except ConnectionError:
            # the client hung up before its answer was sent: no one is left to tell (answering
            # it with a 500 failed in turn, with two tracebacks and a second access line)
            return
        except Exception:  # noqa: BLE001 - one request must not take the server down
            log.exception("error answering %s", self.path)
            self._json(500, {"error": "internal error (see the server log)"}, head)

    def _outdated_line(self, exc: BaseException) -> str | None:
        """warehouse.outdated's line for this file, or None when the file is current (then
        the query is wrong: a bug, for the log)."""
        try:
            with reader(self.db_path) as con:
                return outdated_line(con, exc)
        except Exception:  # noqa: BLE001 - the first error is the one to report
            return None

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(head=True)

    def _not_allowed(self) -> None:
        if self.command in HTTP_METHODS:
            self._json(405, {"error": f"{self.command} not allowed: this API is read-only"})
        else:
            what = f"{self.command} is no HTTP method this server knows: it answers GET and HEAD"
            self._json(501, {"error": what})

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a garbage request line, a header or URI too long,
        HTTP/9.9) as every other error of this API: `{"error": "…"}`, not its HTML page.
        The connection is closed after it, as http.server does. A request line too broken to
        name a version is answered with a status line and headers all the same: http.server
        took it for HTTP/0.9 and sent the bare page, which clients (curl) refuse to read."""
        if self.request_version == "HTTP/0.9":
            self.request_version = self.protocol_version
        text = message or self.responses.get(code, (f"error {code}",))[0]
        if explain:
            text += f": {explain}"
        body = json.dumps({"error": text}, ensure_ascii=False).encode("utf-8")
        self.log_error("code %d, message %s", code, text)
        self.send_response(code)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def __getattr__(self, name: str) -> Any:
        # http.server looks up do_<METHOD>: every method but GET and HEAD is refused, with 405
        # when HTTP defines it and 501 when it does not (_not_allowed).
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)


def make_server(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    public_url: str = "",
    access_log: TextIO | None = None,
    dashboard_url: str = "",
) -> ThreadingHTTPServer:
    """A server bound to host:port (port 0 = any free port); call serve_forever() to run it.
    `public_url` is the address readers reach it by, when a proxy stands in front;
    `access_log` gets one line per request (access_line), None for none; `dashboard_url`, the
    dashboard's public address, gives each feed entry a link to its incident page."""
    attrs = {
        "db_path": Path(db_path),
        "public_url": public_url.rstrip("/"),
        "access_log": access_log,
        "dashboard_url": dashboard_url.rstrip("/"),
    }
    handler = type("BoundHandler", (Handler,), attrs)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    public_url: str = "",
    access_log: TextIO | None = None,
    dashboard_url: str = "",
) -> tuple[ThreadingHTTPServer, str]:
    """Start a server in a daemon thread; returns it and its base URL (for tests and embedding)."""
    server = make_server(db_path, host, port, public_url, access_log, dashboard_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    h, p = server.server_address[:2]
    return server, f"http://{h}:{p}"
