"""Shared pieces of the notify tests: a webhook receiver on 127.0.0.1, settings as a TOML
file would give them, and incidents written the way the orchestrator writes them. A module
of its own (not conftest) so that `from notify_kit import ...` never picks up another
folder's conftest when several test folders run together."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from outagewatch.settings import Settings
from warehouse.db import writer

T0 = datetime(2026, 11, 20, 8, 0)
SECRET = "s3cret-for-tests"


class Receiver:
    """A webhook receiver: records every request; `script` says how to answer the next ones
    ("ok", "500", "404", "hang"); once the script is used up it answers 200."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: list[str] = []
        self.on_post: Any = None  # called with each request's path before it is answered
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    action = receiver.script.pop(0) if receiver.script else "ok"
                    receiver.requests.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers),
                            "body": body,
                            "answer": action,
                        }
                    )
                if receiver.on_post is not None:
                    receiver.on_post(self.path)
                if action == "hang":
                    time.sleep(3)
                    return
                code = {"ok": 200, "500": 500, "404": 404}[action]
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def delivered(self) -> list[dict[str, Any]]:
        """Requests that were answered 200, with their JSON bodies."""
        return [dict(r, json=json.loads(r["body"])) for r in self.requests if r["answer"] == "ok"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def settings_for(db: Path, channels: list[dict[str, Any]] | None = None, watchlist: list[dict] | None = None,
                 **notify: Any) -> Settings:  # fmt: skip
    """Settings as load_settings would build them from a TOML file."""
    base = {"retries": 2, "backoff_seconds": 0.05, "timeout_seconds": 1.0}
    base.update(notify)
    if channels:
        base["channels"] = channels
    return dataclasses.replace(Settings(), db_path=db, data_dir=db.parent,
                               watchlist=watchlist if watchlist is not None else [{"service": "slack"}],
                               notify=base)  # fmt: skip


def put_incident(db: Path, iid: str, service: str = "slack", status: str = "open", severity: str = "minor",
                 started: datetime = T0, resolved: datetime | None = None, ack: datetime | None = None,
                 updated: datetime | None = None, countries: dict[str, int] | None = None) -> None:  # fmt: skip
    """Write (or overwrite) one incident the way the orchestrator does."""
    with writer(db) as con:
        con.execute("INSERT OR IGNORE INTO services (slug, name, category) VALUES (?, ?, 'test')",
                    [service, service.title()])  # fmt: skip
        con.execute("DELETE FROM incidents WHERE incident_id = ?", [iid])
        con.execute("DELETE FROM incident_regions WHERE incident_id = ?", [iid])
        con.execute(
            "INSERT INTO incidents (incident_id, service_slug, title, status, severity, started_at, "
            "detected_at, peak_at, resolved_at, peak_reports, baseline_reports, total_reports, top_symptom, "
            "official_acknowledged_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 40, 2.0, 120, 'login', ?, ?)",
            [iid, service, f"{service.title()}: login failures", status, severity, started,
             started + timedelta(minutes=10), started + timedelta(minutes=20), resolved, ack,
             updated or resolved or started + timedelta(minutes=30)],
        )  # fmt: skip
        for country, reports in (countries or {"US": 10}).items():
            con.execute(
                "INSERT INTO incident_regions VALUES (?, ?, '', ?, 0.5)", [iid, country, reports]
            )


# A post as hostile as the sources allow: a handle, markup of every channel, a link, an HTML
# tag and far more text than a message should carry.
HOSTILE = (
    "@alice_h@mastodon.example <!channel> Slack **down** for us [click](https://evil.example/x) "
    "<b>bold</b> & ||spoiler|| `code`\n\nsecond paragraph " + "x" * 400
)
AUTHOR = "authorhash0badc0de"


def put_posts(db: Path, iid: str, texts: list[str], keywords: list[str], others: int = 1) -> None:
    """Give an incident its keywords and its posts as the pipeline stores them: the first
    `texts` representative in that order, then `others` that are not."""
    with writer(db) as con:
        con.execute("UPDATE incidents SET keywords = ? WHERE incident_id = ?", [keywords, iid])
        all_texts = [(t, True) for t in texts] + [(f"other post {k}", False) for k in range(others)]
        for k, (text, rep) in enumerate(all_texts):
            key = f"mastodon:{iid}-{k}"
            con.execute(
                "INSERT INTO posts (post_key, source, native_id, url, author_hash, text, created_at, "
                "fetched_at) VALUES (?, 'mastodon', ?, ?, ?, ?, ?, ?)",
                [key, f"{iid}-{k}", f"https://mastodon.example/@alice_h/{k}", AUTHOR, text,
                 T0 + timedelta(minutes=k), T0 + timedelta(minutes=k + 1)],
            )  # fmt: skip
            con.execute(
                "INSERT INTO incident_posts VALUES (?, ?, ?, ?)",
                [iid, key, rep, k + 1 if rep else None],
            )
