"""Conditional GETs for status documents: send back the last full answer's validators.

Google Cloud's incidents.json is its whole incident history (600 KB to 1 MB in 2021 "and
growing", instatushq/out#17), and it was downloaded in full every cycle. The ETag and
Last-Modified of the last full answer are kept with the crawler's cursors and sent back as
If-None-Match / If-Modified-Since; 304 Not Modified then means nothing new. They are written
after the incidents that answer brought, so a crash in between costs one full download.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from scrapy.http import Response


def validators_key(url: str, slugs: Iterable[str]) -> str:
    """Where a feed's validators are kept. The services read from it are part of the key: a
    run limited with --service must not make a later full run skip the others' incidents."""
    return f"http|{url}|{','.join(sorted(slugs))}"


def conditional_headers(saved: str | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from validators kept by `validators_of`."""
    try:
        kept = json.loads(saved) if saved else {}
    except ValueError:
        return {}
    if not isinstance(kept, dict):
        return {}
    out = {}
    if isinstance(kept.get("etag"), str):
        out["If-None-Match"] = kept["etag"]
    if isinstance(kept.get("last_modified"), str):
        out["If-Modified-Since"] = kept["last_modified"]
    return out


def validators_of(response: Response) -> str:
    """A full answer's ETag and Last-Modified, as kept ("{}" when it sent neither)."""
    found = {
        name: value.decode("latin-1")
        for name, header in (("etag", b"ETag"), ("last_modified", b"Last-Modified"))
        if (value := response.headers.get(header))
    }
    return json.dumps(found, sort_keys=True)
