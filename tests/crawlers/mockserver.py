"""A scripted HTTP server on 127.0.0.1 for crawler tests, run as a subprocess.

    python tests/crawlers/mockserver.py SITE.json   ->  prints "READY http://127.0.0.1:PORT"

SITE.json maps a path to a list of answers: {"routes": {"/api/x": [ANSWER, ...]}}.
ANSWER = {"status": 200, "headers": {...}, one of "json" | "text" | "latin1" | "size",
"match": {"param": "value", ...}, "once": true, "etag": "...", "last_modified": "..."}. A
request takes the first answer whose `match` fits its query string and that is not used up
(`once` answers serve one request); the last fitting answer repeats. "size": N sends N bytes
of filler (huge-body tests). An answer with "etag" / "last_modified" sends them as ETag /
Last-Modified, and answers 304 with no body to a request whose If-None-Match (else
If-Modified-Since) repeats them, as a web server does.
GET /_requests lists the requests served (path with query, headers, and when: "at", epoch s).
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Site:
    def __init__(self, routes: dict[str, list[dict]]):
        self.routes = routes
        self.used: set[tuple[str, int]] = set()
        self.log: list[dict] = []
        self.lock = threading.Lock()

    def answer(self, path: str, query: dict[str, list[str]]) -> dict | None:
        with self.lock:
            fits = [
                (i, a)
                for i, a in enumerate(self.routes.get(path, []))
                if all(
                    query.get(k, [None])[-1] == str(v) for k, v in (a.get("match") or {}).items()
                )
                and (path, i) not in self.used
            ]
            if not fits:
                return None
            i, ans = fits[0]
            if ans.get("once"):
                self.used.add((path, i))
            return ans


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        site: Site = self.server.site  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        if parts.path == "/_requests":
            self.send(200, json.dumps(site.log).encode(), {"Content-Type": "application/json"})
            return
        with site.lock:
            site.log.append(
                {
                    "path": self.path,
                    "method": self.command,
                    "headers": dict(self.headers),
                    "at": time.time(),
                }
            )
        if parts.path == "/robots.txt" and parts.path not in site.routes:
            self.send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
            return
        ans = site.answer(parts.path, parse_qs(parts.query, keep_blank_values=True))
        if ans is None:
            self.send(404, b'{"error": "Record not found"}', {"Content-Type": "application/json"})
            return
        headers = {"Content-Type": "application/json; charset=utf-8", **ans.get("headers", {})}
        if ans.get("etag") or ans.get("last_modified"):
            if ans.get("etag"):
                headers["ETag"] = ans["etag"]
            if ans.get("last_modified"):
                headers["Last-Modified"] = ans["last_modified"]
            asked = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if (asked and asked == ans.get("etag")) or (
                not asked and since and since == ans.get("last_modified")
            ):
                self.send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
                return
        if "json" in ans:
            body = json.dumps(ans["json"]).encode()
        elif "text" in ans:
            body = ans["text"].encode()
        elif "latin1" in ans:
            body = ans["latin1"].encode("latin-1")
        else:
            body = b"x" * int(ans.get("size", 0))
        self.send(int(ans.get("status", 200)), body, headers)

    def send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # a client may give up on a huge body, as it should


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        routes = json.load(fh)["routes"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.site = Site(routes)  # type: ignore[attr-defined]
    print(f"READY http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
