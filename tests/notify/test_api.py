"""The read-only API against its own OpenAPI description (schemathesis), and the Atom feeds
(feedparser), served for real on 127.0.0.1 over a real warehouse."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from outagewatch.api import openapi_spec, serve_in_thread
from outagewatch.cli import cli
from outagewatch.countries import country_name

schema = schemathesis.openapi.from_dict(openapi_spec())


@pytest.fixture(scope="module")
def api(api_warehouse: Path) -> Iterator[str]:
    server, url = serve_in_thread(api_warehouse)
    yield url
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Content-Type", "")


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case, api: str) -> None:
    """Property-based requests: no 5xx, documented status codes, bodies match the schema, and
    a request the schema calls valid is taken, except a since after until: a 400 the
    document says in words, as a schema cannot compare two parameters."""
    crossed = _crossed(case.query or {})
    case.call_and_validate(
        base_url=api, excluded_checks=[positive_data_acceptance] if crossed else None
    )


def _crossed(query: dict) -> bool:
    from outagewatch.times import parse_utc

    try:
        return parse_utc(str(query["since"])) > parse_utc(str(query["until"]))
    except (KeyError, ValueError):
        return False


def test_served_openapi_is_the_one_tested(api: str) -> None:
    status, body, ctype = get(api + "/openapi.json")
    assert status == 200 and ctype == "application/json"
    assert json.loads(body) == openapi_spec()


def test_incident_list_filters_and_detail(api: str) -> None:
    status, body, _ = get(api + "/api/v1/incidents?limit=500")
    everything = json.loads(body)
    assert status == 200 and everything["total"] == len(everything["incidents"]) == 5
    one = everything["incidents"][0]
    status, body, _ = get(api + f"/api/v1/incidents?service={one['service_slug']}")
    assert all(i["service_slug"] == one["service_slug"] for i in json.loads(body)["incidents"])
    status, body, _ = get(api + "/api/v1/incidents?status=open")
    assert {i["status"] for i in json.loads(body)["incidents"]} == {"open"}
    status, body, _ = get(api + f"/api/v1/incidents/{one['incident_id']}")
    detail = json.loads(body)
    assert status == 200 and detail["incident"]["incident_id"] == one["incident_id"]
    assert sum(c["reports"] for c in detail["countries"]) > 0


@pytest.mark.parametrize(
    "path, status, message",
    [
        pytest.param(
            "/api/v1/incidents?limit=0", 400, "limit must be an integer from 1 to 500", id="limit"
        ),
        pytest.param(
            "/api/v1/incidents?since=yesterday", 400, "since must be a time like", id="since"
        ),
        pytest.param(
            "/api/v1/incidents?status=closed", 400, "status must be open or resolved", id="status"
        ),
        pytest.param("/api/v1/volume", 400, "service is required", id="no-service"),
        pytest.param("/api/v1/volume?service=nope", 404, "no service 'nope'", id="unknown-service"),
        pytest.param(
            "/api/v1/volume?service=slak", 404, "(did you mean 'slack'?)", id="misspelt-service"
        ),
        pytest.param("/api/v1/incidents/nope", 404, "no such incident", id="unknown-incident"),
        pytest.param("/feeds/services/nope.atom", 404, "no feed", id="unknown-feed"),
        pytest.param("/nothing/here", 404, "no such path", id="path"),
        pytest.param(
            "/api/v1/services?limit=2",
            400,
            "unknown parameter 'limit' for /api/v1/services: it takes no parameters",
            id="services-take-none",
        ),
        pytest.param(
            "/api/v1/incidents?limt=5&status=open",
            400,
            "unknown parameter 'limt' for /api/v1/incidents (did you mean 'limit'?): "
            "it takes service, country, status, since, until, limit, offset",
            id="misspelt-parameter",
        ),
        pytest.param(
            "/api/v1/volume?service=slack&contry=DE&bucket=5",
            400,
            "unknown parameters 'bucket', 'contry' for /api/v1/volume "
            "(did you mean 'country' for 'contry'?)"
            ": it takes service, country, since, until, limit",
            id="unknown-parameters",
        ),
        pytest.param(
            "/api/v1/incidents/nope?verbose=1",
            400,
            "unknown parameter 'verbose' for /api/v1/incidents/{incident_id}: it takes no",
            id="detail-takes-none",
        ),
    ],
)
def test_bad_requests_say_what_is_wrong(api: str, path: str, status: int, message: str) -> None:
    got, body, ctype = get(api + path)
    assert got == status and ctype == "application/json"
    assert message in json.loads(body)["error"]


@pytest.mark.parametrize(
    "path, example",
    [
        ("/api/v1/incidents", "service=slack&country=us&status=open&since=2026-11-19&"
         "until=2026-11-21&limit=5&offset=0"),
        ("/api/v1/volume", "service=slack&country=us&since=2026-11-19&until=2026-11-21&limit=5"),
    ],
)  # fmt: skip
def test_every_documented_parameter_is_taken(api: str, path: str, example: str) -> None:
    """The OpenAPI document is what the server checks names against: each name it lists is
    taken (with a good value, a 200), so refusing unknown ones cannot refuse a documented one."""
    names = [pair.split("=")[0] for pair in example.split("&")]
    operation = openapi_spec()["paths"][path]["get"]
    assert names == [p["name"] for p in operation["parameters"] if p["in"] == "query"]
    status, body, _ = get(f"{api}{path}?{example}")
    assert status == 200, body


def test_a_time_without_seconds_or_offset_is_utc(api: str) -> None:
    """As the CLI reads it: 2026-11-19T12:00 had been a 400 while 2026-11-19 was taken."""
    answers = [
        json.loads(get(api + f"/api/v1/incidents?since={t}")[1])["incidents"]
        for t in ("2026-11-19T12:00", "2026-11-19T12:00:00Z", "2026-11-19T14:00%2B02:00")
    ]
    assert answers[0] == answers[1] == answers[2]


def test_writes_are_refused(api: str) -> None:
    req = urllib.request.Request(api + "/api/v1/incidents", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 405 and err.value.headers["Allow"] == "GET, HEAD"


def _raw(api: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of bytes sent as they are: what urllib cannot send (a garbage
    request line, HTTP/9.9, a header too long)."""
    host, port = urlsplit(api).hostname, urlsplit(api).port
    with socket.create_connection((host, port), timeout=10) as client:
        client.sendall(request)
        client.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := client.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(
    ("request_bytes", "status", "error"),
    [
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\r\n\r\n", 400, "Bad request"),  # TLS hello
        (b"GARBAGE\r\n\r\n", 400, "Bad request syntax ('GARBAGE')"),
        (b"GET / HTTP/9.9\r\n\r\n", 505, "Invalid HTTP version (9.9)"),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "Request-URI Too Long"),
        (b"GET / HTTP/1.1\r\nX: " + b"a" * 70_000 + b"\r\n\r\n", 431, "Line too long: "),
        (
            b"GET / HTTP/1.1\r\n" + b"".join(b"X%d: 1\r\n" % i for i in range(120)) + b"\r\n",
            431,
            "Too many headers: ",
        ),
    ],
    ids=["tls", "garbage", "version", "uri", "header", "headers"],
)
def test_protocol_errors_are_json_too(
    api: str, request_bytes: bytes, status: int, error: str
) -> None:
    """Review 147 #13: http.server answered these with its HTML page, every other error of
    this API being {"error": "…"}."""
    code, headers, body = _raw(api, request_bytes)
    assert code == status
    assert headers["Content-Type"] == "application/json"
    assert headers["Connection"] == "close"
    assert int(headers["Content-Length"]) == len(body)
    assert json.loads(body)["error"].startswith(error), body


@pytest.mark.parametrize(
    ("method", "status", "error"),
    [
        ("FOO", 501, "FOO is no HTTP method this server knows: it answers GET and HEAD"),
        ("get", 501, "get is no HTTP method this server knows: it answers GET and HEAD"),
        ("DELETE", 405, "DELETE not allowed: this API is read-only"),
        ("PATCH", 405, "PATCH not allowed: this API is read-only"),
        ("QUERY", 405, "QUERY not allowed: this API is read-only"),  # OpenAPI 3.2 has it
        ("PROPFIND", 405, "PROPFIND not allowed: this API is read-only"),
    ],
)
def test_an_unknown_method_is_501_and_a_known_one_405(
    api: str, method: str, status: int, error: str
) -> None:
    """RFC 9110: 405 is a method the server knows but the resource does not take (any of
    IANA's HTTP method registry, and QUERY), 501 one it does not recognise."""
    code, headers, body = _raw(api, f"{method} /api/v1/services HTTP/1.1\r\n\r\n".encode())
    assert (code, json.loads(body)) == (status, {"error": error})
    assert (headers.get("Allow") == "GET, HEAD") == (status == 405)


def _parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_served_feeds_validate(api: str) -> None:
    status, body, ctype = get(api + "/feeds/all.atom")
    assert status == 200 and ctype.startswith("application/atom+xml")
    feed = _parse(body)
    assert len(feed.entries) == 5
    assert len({e.id for e in feed.entries}) == 5
    for entry in feed.entries:
        (link,) = [x.href for x in entry.links if x.rel == "alternate"]
        assert entry.title and entry.updated_parsed and link.startswith(api + "/api/v1/incidents/")
        status, _, _ = get(link)
        assert status == 200
    # "not yet" is for an open incident; one that is over had no official notice
    for entry in feed.entries:
        text = entry.content[0].value if entry.get("content") else entry.summary
        if "<b>Status:</b> resolved" in text:
            assert "not yet" not in text, text
    assert any("no official notice" in (e.content[0].value if e.get("content") else e.summary)
               for e in feed.entries)  # fmt: skip
    service = feed.entries[0].tags[0].term
    per_service = _parse(get(api + f"/feeds/services/{service}.atom")[1])
    assert per_service.entries and {e.tags[0].term for e in per_service.entries} == {service}
    empty = _parse(get(api + "/feeds/countries/AQ.atom")[1])
    assert empty.entries == [] and empty.feed.title


def test_feed_links_behind_a_reverse_proxy(api: str, api_warehouse: Path) -> None:
    """A TLS proxy in front: X-Forwarded-Proto makes the links https; `--base-url` (here
    public_url) names the public address outright, whatever the request's Host."""

    vary: list[str | None] = []

    def links(url: str, headers: dict[str, str]) -> list[str]:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            feed = _parse(r.read())
            vary.append(r.headers.get("Vary"))
        return [x.href for e in feed.entries for x in e.links if x.rel == "alternate"]

    host = api.removeprefix("http://")
    proxied = links(api + "/feeds/all.atom", {"X-Forwarded-Proto": "https"})
    assert proxied and all(h.startswith(f"https://{host}/api/v1/incidents/") for h in proxied)
    spoofed = links(api + "/feeds/all.atom", {"X-Forwarded-Proto": "javascript"})
    assert all(h.startswith(f"http://{host}/") for h in spoofed)

    server, url = serve_in_thread(api_warehouse, public_url="https://outages.example.org/ow/")
    try:
        public = links(url + "/feeds/all.atom", {})
    finally:
        server.shutdown()
        server.server_close()
    assert public and all(
        h.startswith("https://outages.example.org/ow/api/v1/incidents/") for h in public
    )
    # links from the request's headers vary with them, for caches; fixed ones do not
    assert vary == ["Host, X-Forwarded-Proto", "Host, X-Forwarded-Proto", None]


def test_export_feed_writes_static_files(api_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = CliRunner().invoke(cli, ["export", "feed", "--out", str(out), "--db", str(api_warehouse),
                                      "--base-url", "https://status.example.org"])  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.atom"))
    assert "all.atom" in files and any(f.startswith("services/") for f in files)
    assert any(f.startswith("countries/") for f in files)
    for name in files:
        feed = _parse((out / name).read_bytes())
        assert feed.entries, name
    assert (
        _parse((out / "all.atom").read_bytes()).feed.links[0].href
        == "https://status.example.org/feeds/all.atom"
    )


def test_country_feeds_carry_only_incidents_the_country_holds_a_tenth_of(
    api_warehouse: Path, tmp_path: Path
) -> None:
    """One stray report (a misread place) gives a country no feed entry: the rule the
    dashboard's cards use to name a country."""
    import duckdb

    out = tmp_path / "feeds"
    result = CliRunner().invoke(
        cli, ["export", "feed", "--out", str(out), "--db", str(api_warehouse)]
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(api_warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT incident_id, country, reports, sum(reports) OVER (PARTITION BY incident_id) "
            "FROM incident_countries WHERE country <> ''"
        ).fetchall()
    expected: dict[str, set[str]] = {}
    for incident, country, reports, located in rows:
        if reports >= 0.1 * located:
            expected.setdefault(country, set()).add(incident)
    written = {p.stem for p in (out / "countries").glob("*.atom")}
    assert written == set(expected)
    assert any(r >= 1 and r < 0.1 * loc for _, _, r, loc in rows)  # the fixture has strays
    for country, incidents in expected.items():
        feed = _parse((out / "countries" / f"{country}.atom").read_bytes())
        assert len(feed.entries) == len(incidents), country


def test_country_filter_keeps_the_incidents_its_feed_carries(api: str, api_warehouse: Path) -> None:
    """?country=XX and /feeds/countries/XX.atom name the same incidents: a stray report (the
    fixture has some) lists no incident under a country."""
    import duckdb

    with duckdb.connect(str(api_warehouse), read_only=True) as con:
        located = con.execute(
            "SELECT country, list(DISTINCT incident_id) FROM incident_countries "
            "WHERE country <> '' GROUP BY country"
        ).fetchall()
    strays = 0
    for country, any_report in located:
        _, body, _ = get(api + f"/api/v1/incidents?country={country}&limit=500")
        listed = {i["incident_id"] for i in json.loads(body)["incidents"]}
        status, feed, _ = get(api + f"/feeds/countries/{country}.atom")
        entries = _parse(feed).entries if status == 200 else []
        assert listed == {e.id.removeprefix("urn:outagewatch:incident:") for e in entries}
        assert listed <= set(any_report)
        strays += len(set(any_report) - listed)
    assert strays > 0  # else this test could not tell the rules apart


def test_what_clients_add_to_any_link_is_not_refused(api: str) -> None:
    """helper-114: a cache-buster (`_=…`, jQuery's), a shared link's campaign tags (`utm_…`)
    and an empty name are no mistyped parameter of the API's."""
    status, body, _ = get(api + "/api/v1/incidents?status=open&_=1732900000&utm_source=x&=y")
    assert status == 200, body
    assert {i["status"] for i in json.loads(body)["incidents"]} == {"open"}


# Review 115: parameters read one way on every endpoint, and said so in the OpenAPI document.


@pytest.mark.parametrize(
    "path, same_as",
    [
        ("/api/v1/incidents?service=&country=&status=&since=&until=&limit=&offset=",
         "/api/v1/incidents"),
        ("/api/v1/volume?service=slack&country=&since=&until=&limit=", "/api/v1/volume?service=slack"),
    ],
)  # fmt: skip
def test_an_empty_parameter_is_no_filter(api: str, path: str, same_as: str) -> None:
    """An HTML form's empty field, or the global series' own `"country": ""` passed back."""
    status, body, _ = get(api + path)
    assert status == 200, body
    assert json.loads(body) == json.loads(get(api + same_as)[1])


def test_an_empty_service_on_volume_is_still_missing(api: str) -> None:
    status, body, _ = get(api + "/api/v1/volume?service=")
    assert status == 400 and "service is required" in json.loads(body)["error"]


@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/v1/incidents?status=open&status=resolved", "status"),
        ("/api/v1/incidents?service=slack&service=netflix", "service"),
        ("/api/v1/volume?service=slack&limit=5&limit=6", "limit"),
    ],
)
def test_a_repeated_parameter_is_a_400_naming_it(api: str, path: str, name: str) -> None:
    status, body, _ = get(api + path)
    assert status == 400
    assert json.loads(body)["error"].startswith(f"{name} is given 2 times")


@pytest.mark.parametrize("offset", ["+99:00", "+24:00", "-12:60"])
def test_an_offset_of_a_day_or_more_is_refused(api: str, offset: str) -> None:
    status, body, _ = get(
        api + "/api/v1/incidents?since=2026-11-20T12:00:00" + offset.replace("+", "%2B")
    )
    assert status == 400 and "since must be a time like" in json.loads(body)["error"]


def test_volume_says_when_it_leaves_buckets_out(api: str) -> None:
    """Two days are 576 buckets: the default 288 had silently dropped the first day."""
    two_days = "/api/v1/volume?service=slack&since=2026-11-17&until=2026-11-19"
    cut = json.loads(get(api + two_days)[1])
    whole = json.loads(get(api + two_days + "&limit=1000")[1])
    assert cut["total"] == whole["total"] == 576 == len(whole["points"])
    assert cut["truncated"] and not whole["truncated"]
    assert len(cut["points"]) == 288 and cut["points"] == whole["points"][288:]


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/api/v1/incidents?service=slak", 404, "no service 'slak' in the catalog (did you mean 'slack'?)"),
        ("/api/v1/volume?service=slak", 404, "no service 'slak' in the catalog (did you mean 'slack'?)"),
        ("/feeds/services/slak.atom", 404, "no service 'slak' in the catalog (did you mean 'slack'?)"),
        ("/api/v1/incidents?country=UK", 400, "'UK' is no ISO 3166-1 alpha-2 country code (did you mean 'GB'?)"),
        ("/api/v1/volume?service=slack&country=uk", 400, "'UK' is no ISO 3166-1 alpha-2 country code (did you mean 'GB'?)"),
        ("/feeds/countries/UK.atom", 404, "'UK' is no ISO 3166-1 alpha-2 country code (did you mean 'GB'?)"),
        ("/feeds/countries/ZZ.atom", 404, "'ZZ' is no ISO 3166-1 alpha-2 country code;"),
        ("/api/v1/incidents?since=2026-11-21&until=2026-11-19", 400, "since (2026-11-21T00:00:00Z) is after until"),
        ("/api/v1/volume?service=slack&since=2026-11-21&until=2026-11-19", 400, "is after until"),
    ],
)  # fmt: skip
def test_unknown_values_are_one_rule_everywhere(
    api: str, path: str, status: int, message: str
) -> None:
    got, body, ctype = get(api + path)
    assert got == status and ctype == "application/json"
    assert message in json.loads(body)["error"]


def test_a_known_country_without_incidents_is_an_empty_answer(api: str) -> None:
    """Antarctica is a country code with no incident: 200 and nothing, in the list and feed."""
    status, body, _ = get(api + "/api/v1/incidents?country=aq")
    assert status == 200 and json.loads(body)["total"] == 0
    status, body, _ = get(api + "/api/v1/volume?service=slack&country=AQ")
    assert status == 200 and json.loads(body)["points"] == []
    assert get(api + "/feeds/countries/AQ.atom")[0] == 200


def test_a_trailing_slash_names_the_same_resource(api: str) -> None:
    one = json.loads(get(api + "/api/v1/incidents?limit=1")[1])["incidents"][0]["incident_id"]
    status, body, _ = get(api + f"/api/v1/incidents/{one}/")
    assert status == 200 and json.loads(body)["incident"]["incident_id"] == one
    assert get(api + "/api/v1/incidents/?limit=1")[1] == get(api + "/api/v1/incidents?limit=1")[1]


def test_the_rules_are_in_the_openapi_document() -> None:
    doc = openapi_spec()
    rules = doc["info"]["description"]
    for words in ("empty value", "given twice", "404 on every endpoint", "(GB)", "`since` after"):
        assert words in rules
    volume = doc["components"]["schemas"]["Volume"]
    assert {"total", "truncated"} <= set(volume["required"])
    optional = [p for p in doc["paths"]["/api/v1/incidents"]["get"]["parameters"]]
    assert all(p.get("allowEmptyValue") for p in optional)


def test_a_service_taken_out_of_the_catalog_keeps_its_incidents_and_feed(
    api_warehouse: Path, tmp_path: Path
) -> None:
    """Its incidents stay listed, so its slug must still filter them (it had become a 404
    while the unfiltered list still showed them)."""
    import shutil

    import duckdb

    copy = tmp_path / "gone.duckdb"
    shutil.copy(api_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        slug = con.execute("SELECT service_slug FROM incidents LIMIT 1").fetchone()[0]
        con.execute("DELETE FROM services WHERE slug = ?", [slug])
    server, url = serve_in_thread(copy)
    try:
        status, body, _ = get(f"{url}/api/v1/incidents?service={slug}")
        assert status == 200, body
        listed = json.loads(body)["incidents"]
        assert listed and {i["service_slug"] for i in listed} == {slug}
        assert get(f"{url}/feeds/services/{slug}.atom")[0] == 200
        assert get(f"{url}/api/v1/incidents?service=nope")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


NO_UK = "'UK' is no ISO 3166-1 alpha-2 country code (did you mean 'GB'?); codes are two letters like 'DE', 'GB', 'JP'"  # fmt: skip
NO_XYZ = "'XYZ' is no ISO 3166-1 alpha-2 country code; codes are two letters like 'DE', 'GB', 'JP'"


@pytest.mark.parametrize(
    "path, status, error",
    [
        ("/api/v1/incidents?country=uk", 400, f"country {NO_UK}"),
        ("/api/v1/volume?service=slack&country=UK", 400, f"country {NO_UK}"),
        ("/api/v1/incidents?country=xyz", 400, "country must be a two-letter country code, not 'xyz'"),
        ("/api/v1/volume?service=slack&country=d1", 400, "country must be a two-letter country code, not 'd1'"),
        ("/feeds/countries/uk.atom", 404, f"no feed for country 'UK': {NO_UK}"),
        ("/feeds/countries/xyz.atom", 404, f"no feed for country 'XYZ': {NO_XYZ}"),
    ],
)  # fmt: skip
def test_the_country_check_is_one_rule_with_each_paths_words(
    api: str, path: str, status: int, error: str
) -> None:
    """The query parameter and the feed path share country_code; each keeps its message."""
    got, body, _ = get(api + path)
    assert (got, json.loads(body)["error"]) == (status, error)


def test_country_code_names_the_code_or_says_why_not() -> None:
    from outagewatch.api.server import NoCountry, country_code

    assert country_code("de") == "DE" and country_code("XK") == "XK"
    for text, shaped, why in [("uk", True, NO_UK), ("xyz", False, NO_XYZ), ("d1", False, "'D1'")]:
        with pytest.raises(NoCountry) as err:
            country_code(text)
        assert err.value.shaped is shaped and str(err.value).startswith(why)


def test_incidents_say_their_common_cause_group(api_warehouse: Path, tmp_path: Path) -> None:
    """The group the views and the dashboard show: the same id on each incident of one cause,
    null on an incident alone, in the list and the detail."""
    import duckdb

    db = tmp_path / "grouped.duckdb"
    db.write_bytes(api_warehouse.read_bytes())
    with duckdb.connect(str(db)) as con:
        ids = [r[0] for r in con.execute("SELECT incident_id FROM incidents ORDER BY 1").fetchall()]
        con.execute(
            "UPDATE incidents SET common_cause_group = 'cc-1', common_upstream = 'aws' "
            "WHERE incident_id IN (?, ?)",
            ids[:2],
        )
    server, url = serve_in_thread(db)
    try:
        listed = json.loads(get(url + "/api/v1/incidents?limit=500")[1])["incidents"]
        groups = {i["incident_id"]: i["common_cause_group"] for i in listed}
        assert groups == {i: "cc-1" if i in ids[:2] else None for i in ids}
        detail = json.loads(get(url + f"/api/v1/incidents/{ids[0]}")[1])["incident"]
        assert (detail["common_cause_group"], detail["common_upstream"]) == ("cc-1", "aws")
    finally:
        server.shutdown()
        server.server_close()
    assert "common_cause_group" in openapi_spec()["components"]["schemas"]["Incident"]["required"]


def _undescribed(node: object, where: str) -> Iterator[str]:
    """The properties of every object schema under `node` without a description."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if not (isinstance(prop, dict) and (prop.get("description") or "$ref" in prop)):
                yield f"{where}.{name}"
        for key, value in node.items():
            yield from _undescribed(value, f"{where}.{key}" if key != "properties" else where)
    elif isinstance(node, list):
        for value in node:
            yield from _undescribed(value, where)


def test_every_field_of_the_api_is_described_with_its_unit() -> None:
    """Review 185, finding 4: 4 of 43 fields had a description; an incident's baseline is per
    5 minutes and a service's last-hour normal per hour, and nothing said so."""
    schemas = openapi_spec()["components"]["schemas"]
    assert list(_undescribed(schemas, "schemas")) == []
    incident = schemas["Incident"]["properties"]
    assert "per 5 minutes" in incident["baseline_reports"]["description"]
    normal = schemas["ServiceState"]["properties"]["last_hour"]["oneOf"][1]["properties"]["normal"]
    assert "per hour" in normal["description"]
    assert "positive means outagewatch knew first" in incident["lead_time_minutes"]["description"]
    assert "main_countries" in incident["countries"]["description"]


def test_country_filter_selects_on_the_main_countries_an_incident_lists(api: str) -> None:
    """Review 185, finding 4: `countries` named every country with a report while ?country=
    keeps only those holding a tenth of them, and no field said which those were."""
    _, body, _ = get(api + "/api/v1/incidents?limit=500")
    incidents = json.loads(body)["incidents"]
    mains = {c for i in incidents for c in i["main_countries"]}
    strays = {c for i in incidents for c in i["countries"]} - mains
    for country in sorted(mains | strays):
        _, body, _ = get(api + f"/api/v1/incidents?country={country}&limit=500")
        listed = {i["incident_id"] for i in json.loads(body)["incidents"]}
        assert listed == {i["incident_id"] for i in incidents if country in i["main_countries"]}
    for i in incidents:
        assert i["main_countries"] == [c for c in i["countries"] if c in i["main_countries"]]
    assert any(set(i["countries"]) - set(i["main_countries"]) for i in incidents)  # strays


def test_feed_entries_link_the_dashboards_page_and_say_what_in_words(
    api_warehouse: Path,
) -> None:
    """Review 185, finding 5: a feed reader opened raw JSON, and the entry said
    `website_down` and every country with a report."""
    import duckdb

    server, url = serve_in_thread(api_warehouse, dashboard_url="https://outages.example.org/dash/")
    try:
        feed = _parse(get(url + "/feeds/all.atom")[1])
    finally:
        server.shutdown()
        server.server_close()
    with duckdb.connect(str(api_warehouse), read_only=True) as con:
        mains = dict(
            con.execute("SELECT incident_id, main_countries FROM incident_summary").fetchall()
        )
    assert feed.entries
    for entry in feed.entries:
        incident = entry.id.removeprefix("urn:outagewatch:incident:")
        page, record = [x for x in entry.links if x.rel == "alternate"]
        assert (page.type, page.href) == (
            "text/html", f"https://outages.example.org/dash/incident?id={incident}"
        )  # fmt: skip
        assert record.type == "application/json" and record.href.endswith(incident)
        text = entry.content[0].value
        symptom = text.split("Top symptom:</b> ")[1].split("<")[0]
        assert "_" not in symptom
        countries = text.split("Main countries:</b> ")[1].split("<")[0]
        assert countries == (
            ", ".join(f"{country_name(c)} ({c})" for c in mains[incident]) or "not located"
        )
    assert any(" " in e.content[0].value.split("Top symptom:</b> ")[1].split("<")[0]
               for e in feed.entries)  # fmt: skip
