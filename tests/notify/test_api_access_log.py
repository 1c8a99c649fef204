"""`outagewatch serve` logs one line per request on stderr, as `run` stamps its lines."""

from __future__ import annotations

import calendar
import io
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from outagewatch.api import serve_in_thread

LINE = re.compile(
    r"(?P<stamp>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC  (?P<client>\S+) (?P<method>\S+) "
    r"(?P<target>\S+) (?P<status>\d{3}) (?P<ms>\d+\.\d) ms"
)


def _ask(url: str, method: str = "GET", data: bytes | None = None) -> int:
    request = urllib.request.Request(
        url, data=data, method=method, headers={"X-Secret": "header-s3cret"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_one_line_per_request_without_headers_or_body(api_warehouse: Path) -> None:
    log = io.StringIO()
    server, url = serve_in_thread(api_warehouse, access_log=log)
    try:
        asked = [
            ("GET", "/api/v1/incidents?status=open&limit=2", 200),
            ("GET", "/api/v1/incidents?country=UK", 400),
            ("HEAD", "/feeds/all.atom", 200),
            ("GET", "/nothing/here", 404),
            ("POST", "/api/v1/incidents", 405),
        ]
        for method, target, status in asked:
            data = b"body-s3cret" if method == "POST" else None
            assert _ask(url + target, method, data) == status
    finally:
        server.shutdown()
        server.server_close()
    lines = log.getvalue().splitlines()
    assert len(lines) == len(asked)
    for line, (method, target, status) in zip(lines, asked, strict=True):
        m = LINE.fullmatch(line)
        assert m, line
        assert (m["client"], m["method"], m["target"], int(m["status"])) == (
            "127.0.0.1",
            method,
            target,
            status,
        )
        stamp = calendar.timegm(time.strptime(m["stamp"], "%Y-%m-%d %H:%M:%S"))
        assert abs(stamp - time.time()) < 300  # UTC, not the machine's zone
    assert "s3cret" not in log.getvalue()


def test_no_access_log_unless_asked(api_warehouse: Path, capfd: pytest.CaptureFixture) -> None:
    server, url = serve_in_thread(api_warehouse)
    try:
        assert _ask(url + "/api/v1/services") == 200
    finally:
        server.shutdown()
        server.server_close()
    assert not LINE.search(capfd.readouterr().err)


def _serve(warehouse: Path, *flags: str) -> tuple[str, str]:
    """Run `outagewatch serve` on a free port, ask it one thing, stop it: (its URL, stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "outagewatch.cli", "serve", "--port", "0", "--db", str(warehouse)]
        + list(flags),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stderr.readline()  # "outagewatch API on http://127.0.0.1:PORT/ ..."
        url = re.search(r"http://\S+?(?=/ )", first)
        assert url, first
        assert _ask(url[0] + "/api/v1/incidents?limit=1") == 200
    finally:
        process.terminate()
        _, rest = process.communicate(timeout=30)
    return url[0], first + rest


def test_serve_logs_requests_on_stderr_and_quiet_turns_it_off(api_warehouse: Path) -> None:
    _, err = _serve(api_warehouse)
    logged = [m for line in err.splitlines() if (m := LINE.fullmatch(line))]
    assert [(m["method"], m["target"], m["status"]) for m in logged] == [
        ("GET", "/api/v1/incidents?limit=1", "200")
    ]
    _, err = _serve(api_warehouse, "--quiet")
    assert not LINE.search(err) and err.startswith("outagewatch API on http://")


def test_a_client_that_hangs_up_is_one_line_not_a_500(
    api_warehouse: Path, capfd: pytest.CaptureFixture
) -> None:
    """A client gone before its answer (reset at once) had been answered a 500 in turn."""
    log = io.StringIO()
    server, url = serve_in_thread(api_warehouse, access_log=log)
    try:
        for _ in range(3):
            client = socket.create_connection(server.server_address[:2])
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.sendall(b"GET /feeds/all.atom HTTP/1.0\r\n\r\n")
            client.close()  # a reset, before the server has answered
        assert _ask(url + "/api/v1/services") == 200  # and it still serves
        time.sleep(0.5)  # the hung-up requests' threads finish
    finally:
        server.shutdown()
        server.server_close()
    statuses = [LINE.fullmatch(line)["status"] for line in log.getvalue().splitlines()]
    assert "500" not in statuses and "Traceback" not in capfd.readouterr().err
