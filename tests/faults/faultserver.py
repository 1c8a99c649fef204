"""The demo replay server plus the faults the demo server does not have, for tests only.

Each fault is keyed by a path prefix (longest wins) and used up after ``times`` requests,
or, with ``until`` (a monotonic deadline), served until then ("5xx for minutes"):

* ``reset``      close the connection with a TCP RST before any answer
* ``hang``       accept, then say nothing for ``delay`` seconds (a download timeout)
* ``status``     HTTP ``status`` with an optional ``Retry-After`` (429 storms, 5xx)
* ``truncated``  the real JSON answer cut in half
* ``non_utf8``   the real answer with bytes that are not UTF-8 spliced in
* ``huge``       a 50 MB body (declared in Content-Length)
* ``gzip_bomb``  ~100 KB of gzip that inflates to 100 MB
* ``renamed``    the real answer with one field renamed (``rename`` = (old, new))
* ``bad_dates``  the real Mastodon page with its first status dated 1970 and its second
                 dated in 2099 (``server.bad_dated`` records which statuses)
"""

from __future__ import annotations

import gzip
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from outagewatch.demo.apis import Replay
from outagewatch.demo.replay_server import ReplayServer, _Handler
from outagewatch.demo.simulate import DemoWorld

HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 100 * 1024 * 1024
_BOMB: bytes | None = None


def gzip_bomb() -> bytes:
    global _BOMB
    if _BOMB is None:
        _BOMB = gzip.compress(b"\0" * BOMB_BYTES, compresslevel=9)
    return _BOMB


@dataclass
class Fault:
    kind: str
    times: int = 1
    status: int = 500
    retry_after: int | None = None
    delay: float = 0.0
    until: float | None = None  # monotonic deadline: serve the fault until then
    rename: tuple[str, str] = ("content", "body")
    served: int = 0


class FaultServer(ReplayServer):
    def __init__(self, replay: Replay, faults: dict[str, Fault]):
        super().__init__(replay, port=0)
        self.extra = faults
        self.bad_dated: list[str] = []  # urls of statuses given bad dates
        self.bad_dated_ids: list[str] = []  # and their ids
        self.served_faults: list[tuple[str, str]] = []  # (kind, path)

    def take_extra(self, path: str) -> Fault | None:
        with self.lock:
            for prefix in sorted(self.extra, key=len, reverse=True):
                fault = self.extra[prefix]
                if not path.startswith(prefix):
                    continue
                live = time.monotonic() < fault.until if fault.until else fault.times > 0
                if not live:
                    continue
                fault.times -= 1
                fault.served += 1
                self.served_faults.append((fault.kind, path))
                return fault
        return None


class _FaultHandler(_Handler):
    server: FaultServer

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        parts = urlsplit(self.path)
        fault = self.server.take_extra(parts.path)
        if fault is None:
            super().do_GET()
            return
        with self.server.lock:
            self.server.requests.append(self.path)
        if fault.kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if fault.kind == "hang":
            time.sleep(fault.delay)
            self.close_connection = True
            return
        if fault.kind == "status":
            headers = (
                {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            )
            self._send(fault.status, b'{"error": "injected"}', "application/json", headers)
            return
        if fault.kind == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            try:
                chunk = b" " * 65536
                for _ in range(HUGE_BYTES // len(chunk)):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client gave up, as it should
            self.close_connection = True
            return
        if fault.kind == "gzip_bomb":
            body = gzip_bomb()
            headers = {"Content-Encoding": "gzip"}
            try:
                self._send(200, body, "application/json", headers)
            except OSError:
                self.close_connection = True
            return
        status, body, headers = self._real(parts)
        data = json.dumps(body, ensure_ascii=False).encode()
        if fault.kind == "truncated":
            data = data[: len(data) // 2]
        elif fault.kind == "non_utf8":
            data = data[:20] + b"\xff\xfe\xc3\x28" + data[20:]
        elif fault.kind == "renamed":
            data = json.dumps(_rename(body, *fault.rename), ensure_ascii=False).encode()
        elif fault.kind == "bad_dates":
            if isinstance(body, list) and len(body) >= 2:
                body[0]["created_at"] = "1970-01-01T00:00:00.000Z"
                body[1]["created_at"] = "2099-06-01T00:00:00.000Z"
                self.server.bad_dated += [body[0]["uri"], body[1]["uri"]]
                self.server.bad_dated_ids += [str(body[0]["id"]), str(body[1]["id"])]
            data = json.dumps(body, ensure_ascii=False).encode()
        self._send(status, data, "application/json; charset=utf-8", headers)

    def _real(self, parts: Any) -> tuple[int, Any, dict[str, str]]:
        params = parse_qs(parts.query, keep_blank_values=True)
        return self.server.replay.route(parts.path, params, self.server.base_url)


def _rename(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {(new if k == old else k): _rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, old, new) for v in value]
    return value


def serve_faults(world: DemoWorld, faults: dict[str, Fault]) -> FaultServer:
    """Start a FaultServer in a background thread; stop it with ``server.stop()``."""
    server = FaultServer(Replay(world), faults)
    server.RequestHandlerClass = _FaultHandler
    server.thread = threading.Thread(target=server.serve_forever, daemon=True)
    server.thread.start()
    return server
