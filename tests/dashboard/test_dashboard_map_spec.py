"""Review 144 #13: the map rebuilt its spec on every run (Altair's schema checks) and sent the
world's outlines twice. Its spec is now cached by content and carries the outlines once:
what the browser draws is unchanged, and new data still shows."""

from __future__ import annotations

import json

import pandas as pd

from dashboard import geo


def test_the_map_sends_the_outlines_once_and_its_cache_is_not_shared() -> None:
    spec = geo.world_map(pd.DataFrame({"country": ["DE", "US"], "reports": [5, 2]}))
    text = json.dumps(spec)
    assert (
        text.count('"type": "Topology"') == 1
    )  # one copy of the world, shared by both country layers
    assert spec["data"]["values"] is geo.world_topology()
    spec["layer"].clear()  # a caller changing its spec changes no later map
    again = geo.world_map(pd.DataFrame({"country": ["DE", "US"], "reports": [5, 2]}))
    assert len(again["layer"]) == 2
    other = geo.world_map(pd.DataFrame({"country": ["DE"], "reports": [9]}))
    (lookup,) = [
        t["lookup"] and t["from"]["data"]["values"]
        for layer in other["layer"]
        for t in layer.get("transform", [])
        if "lookup" in t
    ]
    assert lookup == [{"id": "276", "reports": 9, "name": "Germany", "code": "DE"}]
