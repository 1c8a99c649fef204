"""Common cause: services bursting together, grouped by the cloud/CDN provider they share."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from nlp.incidents.types import IncidentSettings, stable_id
from outagewatch.catalog import Service


def common_causes(
    incidents: pd.DataFrame, catalog: Sequence[Service], s: IncidentSettings
) -> pd.DataFrame:
    """common_cause_group and common_upstream per incident (same index; None when alone).

    Two incidents of different services "burst together" when their starts are within
    ``common_cause_window``; chains of such pairs form a group. For each upstream slug from
    the catalog (a provider's own incident counts as sharing itself), the incidents of its
    dependants that burst together with at least two services form a group named after it;
    the largest such group is taken first. What remains may still group with
    ``common_upstream`` NULL when at least ``min_services_unknown_cause`` services burst together.
    """
    out = pd.DataFrame(
        {"common_cause_group": None, "common_upstream": None}, index=incidents.index, dtype=object
    )
    if incidents.empty:
        return out
    deps = {svc.slug: set(svc.upstream) | {svc.slug} for svc in catalog}
    starts = incidents["started_at"]
    services = incidents["service_slug"]
    free = set(incidents.index)

    candidates: list[tuple[int, str, list]] = []
    for up in sorted({u for d in deps.values() for u in d}):
        members = [i for i in incidents.index if up in deps.get(services[i], set())]
        for comp in _components(members, starts, services, s):
            if services[comp].nunique() >= 2:
                candidates.append((len(comp), up, comp))
    for _, up, comp in sorted(candidates, key=lambda c: (-c[0], c[1])):
        comp = [i for i in comp if i in free]
        if services[comp].nunique() < 2:
            continue
        _assign(out, comp, up, starts)
        free -= set(comp)

    rest = [i for i in incidents.index if i in free]
    for comp in _components(rest, starts, services, s):
        if services[comp].nunique() >= s.min_services_unknown_cause:
            _assign(out, comp, None, starts)
    return out


def _assign(out: pd.DataFrame, comp: list, upstream: str | None, starts: pd.Series) -> None:
    group = stable_id("cc-", upstream or "", starts[comp].min().isoformat())
    for i in comp:
        out.at[i, "common_cause_group"] = group
        out.at[i, "common_upstream"] = upstream


def _components(
    members: list, starts: pd.Series, services: pd.Series, s: IncidentSettings
) -> list[list]:
    """Chains of incidents on different services whose starts are within the window."""
    order = sorted(members, key=lambda i: (starts[i], str(i)))
    comps: list[list] = []
    current: list = []
    last_start = None
    for i in order:
        if current and starts[i] - last_start > s.common_cause_window:
            comps.append(current)
            current = []
        current.append(i)
        last_start = starts[i]
    if current:
        comps.append(current)
    return [c for c in comps if len(c) >= 2]
