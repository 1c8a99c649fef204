"""A local HTTP server that replays the demo world in the real APIs' JSON shapes.

Bound to 127.0.0.1 only. Serves Mastodon (instance, public and hashtag timelines, v2
search), Hacker News Algolia (search_by_date), Reddit's OAuth API (token, search, a
community's new posts and comments) and one Atlassian Statuspage per service under
``/status/{slug}``. "Now" is the world's end: nothing later is served. As on a real
instance, status search returns statuses only to a request carrying
``Authorization: Bearer <apis.REPLAY_TOKEN>``.

Fault hook (for crawler tests): ``faults`` maps a path prefix to a ``Fault``; the next
``times`` requests whose path starts with that prefix get the fault instead of the answer,
then the server behaves normally. Kinds: ``status`` (HTTP ``status``, e.g. 429 with a
``Retry-After: retry_after`` header, or 500), ``malformed`` (truncated JSON, 200),
``non_utf8`` (200 with bytes that are not UTF-8), ``empty`` (200, empty body), ``slow``
(sleep ``delay`` seconds, then answer normally). The longest matching prefix wins;
``server.faults`` can be changed while the server runs, and ``server.requests`` lists the
paths (with query) served so far.

    python -m outagewatch.demo.replay_server --seed 7 --days 7 [--end ISO] [--port 0]
        [--dataset FILE.json] [--fault /api/v1/timelines=status:2:429:1]
prints ``READY http://127.0.0.1:PORT`` once listening.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from outagewatch.demo.apis import Replay
from outagewatch.demo.simulate import DemoWorld, load_dataset, save_dataset, simulate

__all__ = ["Fault", "ReplayServer", "load_dataset", "parse_fault", "save_dataset", "serve"]

FAULT_KINDS = ("status", "malformed", "non_utf8", "empty", "slow")


@dataclass
class Fault:
    """What to do instead of answering, for the next ``times`` matching requests."""

    kind: str = "status"
    times: int = 1
    status: int = 500
    retry_after: int | None = None
    delay: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(
                f"unknown fault kind {self.kind!r}; expected one of {', '.join(FAULT_KINDS)}"
            )


def parse_fault(spec: str) -> tuple[str, Fault]:
    """'PREFIX=KIND[:TIMES[:STATUS[:RETRY_AFTER]]]' (for slow, the third field is the delay)."""
    if "=" not in spec:
        raise ValueError(
            f"fault {spec!r} must look like /path/prefix=kind[:times[:status[:retry_after]]]"
        )
    prefix, rest = spec.split("=", 1)
    parts = rest.split(":")
    fault = Fault(kind=parts[0], times=int(parts[1]) if len(parts) > 1 else 1)
    if len(parts) > 2:
        if fault.kind == "slow":
            fault.delay = float(parts[2])
        else:
            fault.status = int(parts[2])
    if len(parts) > 3:
        fault.retry_after = int(parts[3])
    return prefix, fault


class ReplayServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # crawlers open many connections at once; keep the backlog roomy

    def handle_error(self, request: object, client_address: tuple) -> None:
        """A client that hangs up is normal; anything else gets one line on stderr, not a trace."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError | TimeoutError):
            print(
                f"replay server: error serving {client_address}: {exc!r}",
                file=sys.stderr,
                flush=True,
            )

    def __init__(self, replay: Replay, port: int = 0, faults: dict[str, Fault] | None = None):
        super().__init__(("127.0.0.1", port), _Handler)
        self.replay = replay
        self.faults: dict[str, Fault] = dict(faults or {})
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for prefix in sorted(self.faults, key=len, reverse=True):
                fault = self.faults[prefix]
                if path.startswith(prefix) and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self.thread:
            self.thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server: ReplayServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests and demo
        pass

    def _faulted(self, path: str) -> bool:
        """Log the request and play its fault, if any: True when the fault was the answer."""
        with self.server.lock:
            self.server.requests.append(self.path)
        fault = self.server.take_fault(path)
        if fault is not None and fault.kind != "slow":
            self._fault(fault)
            return True
        if fault is not None:
            time.sleep(fault.delay)
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        parts = urlsplit(self.path)
        if self._faulted(parts.path):
            return
        params = {k: v for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        try:
            status, body, headers = self.server.replay.route(
                parts.path, params, self.server.base_url, self._bearer()
            )
        except ValueError as exc:  # a bad parameter: answer like the APIs do, with 422
            status, body, headers = 422, {"error": str(exc)}, {}
        except Exception as exc:  # a bug here must not look like a network failure to a crawler
            status, body, headers = 500, {"error": f"replay server error: {exc!r}"}, {}
        if isinstance(body, str):
            self._send(status, body.encode(), "text/plain; charset=utf-8", headers)
        else:
            self._send(
                status,
                json.dumps(body, ensure_ascii=False).encode(),
                "application/json; charset=utf-8",
                headers,
            )

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        """Only Reddit's token endpoint takes a POST (an application-only OAuth grant)."""
        parts = urlsplit(self.path)
        size = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(size).decode("utf-8", "replace"))
        if self._faulted(parts.path):
            return
        if parts.path == "/api/v1/access_token":
            status, body, headers = self.server.replay.reddit.token(
                self.headers.get("Authorization"), form
            )
        else:
            status, body, headers = 404, {"error": "Record not found"}, {}
        self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", headers)

    def _bearer(self) -> str | None:
        """The Bearer token of the request, if any: Mastodon's status search needs one."""
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" else None

    def _fault(self, fault: Fault) -> None:
        headers: dict[str, str] = {}
        if fault.kind == "status":
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            body = json.dumps({"error": f"injected fault: HTTP {fault.status}"}).encode()
            self._send(fault.status, body, "application/json; charset=utf-8", headers)
        elif fault.kind == "malformed":
            self._send(
                200,
                b'{"statuses": [{"id": "1", "content": "<p>cut',
                "application/json; charset=utf-8",
            )
        elif fault.kind == "non_utf8":
            self._send(
                200,
                b'[{"id": "1", "content": "\xff\xfe caf\xe9 \x80"}]',
                "application/json; charset=utf-8",
            )
        else:
            self._send(200, b"", "application/json; charset=utf-8")

    def _send(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


def serve(
    world_or_dataset: DemoWorld | str | Path, port: int = 0, faults: dict[str, Fault] | None = None
) -> tuple[ReplayServer, str]:
    """Start the replay server in a background thread; returns (server, base_url).

    Stop it with ``server.stop()``.
    """
    world = (
        world_or_dataset
        if isinstance(world_or_dataset, DemoWorld)
        else load_dataset(world_or_dataset)
    )
    server = ReplayServer(Replay(world), port=port, faults=faults)
    server.thread = threading.Thread(target=server.serve_forever, name="replay-server", daemon=True)
    server.thread.start()
    return server, server.base_url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m outagewatch.demo.replay_server", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--end", help="naive UTC ISO time of the world's 'now' (default: now)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument(
        "--dataset", help="serve a dataset saved with save_dataset instead of simulating"
    )
    ap.add_argument(
        "--fault", action="append", default=[], help="PREFIX=KIND[:TIMES[:STATUS[:RETRY_AFTER]]]"
    )
    args = ap.parse_args(argv)
    try:
        faults = dict(parse_fault(f) for f in args.fault)
        if args.dataset:
            world = load_dataset(args.dataset)
        else:
            end = datetime.fromisoformat(args.end.replace("Z", "")) if args.end else None
            world = simulate(args.seed, args.days, end, args.scale)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    server, url = serve(world, port=args.port, faults=faults)
    print(f"READY {url}", flush=True)
    try:
        while server.thread and server.thread.is_alive():
            server.thread.join(timeout=1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
