"""The read-only JSON API, its OpenAPI description and the Atom feeds (`outagewatch serve`)."""

from __future__ import annotations

from outagewatch.api.atom import render as render_feed
from outagewatch.api.atom import write_feeds
from outagewatch.api.openapi import spec as openapi_spec
from outagewatch.api.server import make_server, serve_in_thread

__all__ = ["make_server", "openapi_spec", "render_feed", "serve_in_thread", "write_feeds"]
