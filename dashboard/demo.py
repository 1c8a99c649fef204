"""Links in the demo's warehouse lead nowhere useful: its Mastodon posts point at the replay
server's port, closed once the demo ends; its Hacker News posts at real, unrelated items;
its official incidents at made-up ids on real status domains. In a demo warehouse (told by
`outagewatch.demo.marker`) pages show those as text marked simulated; real warehouses keep
their links. (The Daily page renders its summary with `links=False`.)"""

from __future__ import annotations

from pathlib import Path

from dashboard.source import cached
from outagewatch.demo.marker import demo_world

NOTE = (
    "This is the demo's warehouse: its posts and status-page incidents are simulated, so "
    "their links are not shown (they would lead to the demo's stopped replay server or to "
    "unrelated real pages)."
)
# the Service page's note over the simulated official incidents; the second sentence only
# under a status page link (the catalog has none for some services)
OFFICIAL_NOTE = (
    "This is the demo's warehouse: the official incidents below are simulated (made-up "
    "incident ids on the real status sites), so the table has no links to them."
)
REAL_STATUS_PAGE = "The status page above is the provider's real one."
POST = "simulated post, no link"
STATUS_PAGE = "simulated status page, no link"


@cached
def is_demo(db: str) -> bool:
    """Whether `db` was written by `outagewatch demo` (its marker is in pipeline_state)."""
    return demo_world(Path(db)) is not None
