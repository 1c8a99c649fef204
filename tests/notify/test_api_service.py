"""GET /api/v1/services/{slug}: one service now, served for real on 127.0.0.1 over the API
tests' warehouse, its clock set inside the open WhatsApp incident (as a demo's is)."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from outagewatch.api import openapi_spec, serve_in_thread
from warehouse.db import writer

CLOCK = datetime(2026, 11, 21, 14, 12)  # WhatsApp's incident is open and peaked at 14:05
UNTIL = datetime(2026, 11, 21, 14, 10)  # the start of the bucket holding the clock


@pytest.fixture(scope="module")
def clocked(api_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("service") / "clocked.duckdb"
    shutil.copy(api_warehouse, db)
    with writer(db) as con:
        con.execute(
            "INSERT OR REPLACE INTO pipeline_state VALUES ('replay_clock', ?, ?)",
            [CLOCK.isoformat(), CLOCK],
        )
    return db


@pytest.fixture(scope="module")
def api(clocked: Path) -> Iterator[str]:
    server, url = serve_in_thread(clocked)
    yield url
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_service_in_an_outage_against_its_normal(api: str, clocked: Path) -> None:
    status, body = get(api + "/api/v1/services/whatsapp")
    assert status == 200
    with duckdb.connect(str(clocked), read_only=True) as con:
        reports, normal, last = con.execute(
            "SELECT sum(reports), avg(baseline) * 12, max(bucket) FILTER (WHERE is_anomaly) "
            "FROM report_volume WHERE service_slug = 'whatsapp' AND country = '' "
            "AND bucket >= ? AND bucket < ?",
            [UNTIL - timedelta(hours=1), UNTIL],
        ).fetchone()
    hour = body["last_hour"]
    assert hour["window_start"] == "2026-11-21T13:10:00Z"
    assert hour["window_end"] == "2026-11-21T14:10:00Z"
    assert hour["reports"] == reports and reports > 3 * normal
    assert hour["normal"] == pytest.approx(normal)
    assert hour["anomalous"] is True and hour["last_anomaly"] == last.isoformat() + "Z"
    service = body["service"]
    assert (service["slug"], service["name"], service["category"]) == (
        "whatsapp", "WhatsApp", "messaging",
    )  # fmt: skip
    assert service["countries"] == ["IN", "BR"] and service["open_incidents"] == 1
    listed = get(api + "/api/v1/incidents?service=whatsapp&status=open")[1]["incidents"]
    assert [i["incident_id"] for i in body["open"]] == ["inc-whatsapp-1121"]
    assert body["open"] == listed


def test_a_quiet_service_has_no_open_incident(api: str) -> None:
    status, body = get(api + "/api/v1/services/slack")
    assert status == 200 and body["open"] == [] and body["last_hour"]["anomalous"] is False
    (row,) = [s for s in get(api + "/api/v1/services")[1]["services"] if s["slug"] == "slack"]
    assert {k: body["service"][k] for k in row} == row  # the list's row, and the catalog's facts
    assert get(api + "/api/v1/services/slack/")[1] == body  # a trailing slash names the same


@pytest.mark.parametrize(
    "path, status, message",
    [
        pytest.param("/api/v1/services/whatsap", 404,
                     "no service 'whatsap' in the catalog (did you mean 'whatsapp'?)", id="typo"),
        pytest.param("/api/v1/services/Not_A_Slug", 404, "no service 'Not_A_Slug'", id="no-slug"),
        pytest.param("/api/v1/services/slack?limit=1", 400,
                     "unknown parameter 'limit' for /api/v1/services/{slug}", id="parameter"),
    ],
)  # fmt: skip
def test_an_unknown_service_names_the_closest(
    api: str, path: str, status: int, message: str
) -> None:
    got, body = get(api + path)
    assert got == status and message in body["error"]


def test_the_endpoint_is_described_and_listed(api: str) -> None:
    assert "/api/v1/services/{slug}" in openapi_spec()["paths"]
    assert get(api + "/")[1]["service"] == "/api/v1/services/SLUG"


def test_a_slug_a_catalog_used_before_is_served(clocked: Path, tmp_path: Path) -> None:
    """Catalog slugs may hold '_', '.' and capitals (outagewatch/catalog.py keeps the ones
    older catalogs used): the API takes the same ones (review 138: listed, then a 404)."""
    db = tmp_path / "slugs.duckdb"
    shutil.copy(clocked, db)
    with writer(db) as con:
        con.execute(
            "INSERT INTO services (slug, name, category) VALUES ('Acme_Cloud.eu', 'Acme', 'cloud')"
        )
    server, url = serve_in_thread(db)
    try:
        status, body = get(url + "/api/v1/services/Acme_Cloud.eu")
        assert status == 200 and body["service"]["slug"] == "Acme_Cloud.eu"
        assert get(url + "/api/v1/incidents?service=Acme_Cloud.eu")[0] == 200
        assert get(url + "/api/v1/services/Acme%20Cloud")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_a_warehouse_with_an_older_versions_views_is_said_so(clocked: Path, tmp_path: Path):
    """An older outagewatch still holding the file keeps its views (serve does not rewrite
    them): the endpoint answers 503 with the dashboard's line, not a 500 (review 138)."""
    db = tmp_path / "older.duckdb"
    shutil.copy(clocked, db)
    with writer(db) as con:
        con.execute("DROP VIEW service_last_hour")
        con.execute("COMMENT ON TABLE schema_version IS 'views of an older outagewatch'")
    server, url = serve_in_thread(db)
    try:
        status, body = get(url + "/api/v1/services/whatsapp")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 503
    assert "service_last_hour" in body["error"]
    assert "this warehouse predates this outagewatch" in body["error"]
