"""How long an official notice the provider never closed still counts as running.

Shared by the linker (`nlp/incidents/link.py`: a crowd outage is not linked to a notice
left open for good, as AWS's per-update feed items were) and the crawler of feeds of
current incidents (`crawlers/current_feeds.py`: a row an older version left open is closed
this long after its last update). Here, not in either, so the crawlers need not import
the NLP stages (and their libraries) to agree with them.
"""

from __future__ import annotations

from datetime import timedelta

OFFICIAL_STALE_AFTER = timedelta(days=2)
