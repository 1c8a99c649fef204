"""Incremental cycles: which window to reload, and keeping ids of incidents still going."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.incidents.types import IncidentSettings

DEFAULT_LOOKBACK = pd.Timedelta(hours=6)


def window_start(
    previous: pd.DataFrame | None,
    now: pd.Timestamp,
    settings: IncidentSettings,
    lookback: pd.Timedelta = DEFAULT_LOOKBACK,
) -> pd.Timestamp:
    """Where the next cycle's volume and posts must start so open incidents are rebuilt whole.

    The earliest of ``now - lookback`` and the start of every still-open incident, minus one
    quiet period so a span that was about to resolve is seen with its quiet tail.
    """
    start = pd.Timestamp(now) - lookback
    if previous is not None and not previous.empty:
        open_ = previous[previous["status"] == "open"]
        if not open_.empty:
            start = min(start, pd.Timestamp(open_["started_at"].min()))
    return start - settings.quiet_period


def carry_ids(
    fresh: pd.DataFrame, previous: pd.DataFrame | None, now: pd.Timestamp, s: IncidentSettings
) -> pd.DataFrame:
    """Give fresh incidents the id (and earlier start) of the previous incident they continue.

    A previous incident of the same service whose interval touches the fresh span is the same
    incident when it is the only one on both sides, else when their centroids are similar
    (cosine >= ``reuse_min_cos``), most similar first. Re-running a cycle on the same data
    gives the same ids anyway (ids are hashes); this covers a span whose start fell out of
    the reloaded window, or a split that changed which cluster is the largest.

    A resolved incident beside an open one of its service (`resolved_beside_open`) passes
    only to a fresh *resolved* cluster: a split cluster that resolved on its own keeps its
    id while its sibling goes on (review 138 #5), also when its centroid drifted (the one
    resolved cluster left on each side is it), but the open cluster never takes it back
    (review 135 #1: the ids flapped with the centroid). One that no fresh resolved cluster
    takes had its posts absorbed by the open one: `vanished` drops it as merged.
    """
    if previous is None or previous.empty or fresh.empty:
        return fresh
    out = fresh.copy()
    prev, closed = previous, resolved_beside_open(previous, now)
    prev_end = prev["resolved_at"].fillna(pd.Timestamp(now))
    used: set[str] = set()
    for (_slug, _span), group in out.groupby(["service_slug", "_span_start"], sort=False):
        span_end = group["resolved_at"].fillna(pd.Timestamp(now)).max()
        cands = prev[
            (prev["service_slug"] == _slug)
            & (prev["started_at"] <= span_end + s.quiet_period)
            & (prev_end >= _span - s.quiet_period)
            & ~prev["incident_id"].isin(used)
        ]
        if cands.empty:
            continue
        pairs = []
        for i, row in group.iterrows():
            mine = cands[~closed[cands.index]] if row["status"] == "open" else cands
            for j, old in mine.iterrows():
                cos = _cos(row["centroid"], old["centroid"])
                if (len(group) == 1 and len(mine) == 1) or cos >= s.reuse_min_cos:
                    pairs.append((-cos, str(old["incident_id"]), i, j))
        taken_new: set = set()
        for _, _, i, j in sorted(pairs, key=lambda p: (p[0], p[1])):
            if i not in taken_new and cands.at[j, "incident_id"] not in used:
                taken_new.add(i)
                used.add(cands.at[j, "incident_id"])
                _carry(out, i, cands.loc[j])
        left_new = [
            i for i in group.index if i not in taken_new and group.at[i, "status"] != "open"
        ]
        left_old = [j for j in cands.index if closed[j] and cands.at[j, "incident_id"] not in used]
        if len(left_new) == 1 and len(left_old) == 1:
            used.add(cands.at[left_old[0], "incident_id"])
            _carry(out, left_new[0], cands.loc[left_old[0]])
    return out


def _carry(out: pd.DataFrame, i: object, old: pd.Series) -> None:
    """Fresh row ``i`` continues ``old``: its id, and its start and detection if earlier."""
    out.at[i, "incident_id"] = old["incident_id"]
    for col in ("started_at", "detected_at"):
        if pd.notna(old[col]) and old[col] < out.at[i, col]:
            out.at[i, col] = old[col]


def resolved_beside_open(previous: pd.DataFrame, now: pd.Timestamp) -> pd.Series:
    """Resolved incidents that an open incident of the same service overlaps: closed while
    the span they belonged to went on. A split cluster that resolved on its own, or (stored
    before review 135) an absorbed cluster that `vanished` kept closed; `carry_ids` tells
    them apart by whether the rebuild still finds a resolved cluster for them."""
    out = pd.Series(False, index=previous.index)
    open_ = previous[previous["status"] == "open"]
    for i, row in previous[previous["status"] == "resolved"].iterrows():
        end = row["resolved_at"] if pd.notna(row["resolved_at"]) else pd.Timestamp(now)
        mine = open_[open_["service_slug"] == row["service_slug"]]
        out.at[i] = bool((mine["started_at"] <= end).any())
    return out


def _cos(a: object, b: object) -> float:
    if a is None or b is None:
        return 0.0
    u, v = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if u.shape != v.shape:
        return 0.0
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    return float(u @ v / (nu * nv)) if nu and nv else 0.0


def vanished(
    previous: pd.DataFrame | None,
    fresh: pd.DataFrame,
    since: pd.Timestamp | None,
    now: pd.Timestamp,
    loud: pd.DataFrame | None = None,
    settings: IncidentSettings = IncidentSettings(),  # noqa: B008 (frozen, safe as default)
) -> pd.DataFrame:
    """The previous incidents a rebuild would drop, kept: published once (a message, the
    dashboard, a feed), an incident is never withdrawn in silence.

    A re-scored window can lose an incident: posts deleted at the source, a baseline that
    moved. Such an incident stays as last published; one still open is closed at the end of
    its last loud bucket as the earlier cycles scored it (``loud``: ``service_slug, bucket``
    rows, ``warehouse.pipeline_io.loud_buckets``), else when it was last seen open, so the
    usual "resolved" message goes out; never later than the start of a fresh span of its
    service (``loud`` is per service, and that span's buckets are not its own).

    Not kept: one that a fresh incident of its service overlaps (``fresh``: the rebuild's
    ``incident_id, service_slug, started_at, resolved_at``). Its span is still there, now
    one cluster fewer: it was merged into that incident, which goes on (or resolves) for
    both; keeping it would close it while its outage goes on, and offer its id back.
    ``since``: only incidents started at or after it or still open are rebuilt (and so can
    vanish)."""
    if previous is None or previous.empty:
        return pd.DataFrame() if previous is None else previous.iloc[:0]
    now = pd.Timestamp(now)
    rebuilt = previous["status"] == "open"
    if since is not None:
        rebuilt |= previous["started_at"] >= pd.Timestamp(since)
    gone = previous[rebuilt & ~previous["incident_id"].isin(set(fresh["incident_id"]))].copy()
    gone = gone[~_merged(gone, fresh, now)]
    for i, row in gone[gone["status"] == "open"].iterrows():
        seen_open = row.get("updated_at")
        end = pd.Timestamp(seen_open) if pd.notna(seen_open) else now
        start = pd.Timestamp(row["started_at"])
        last = _run_end(loud, row["service_slug"], start, settings)
        if last is not None:
            end = last + settings.bucket
        later = fresh.loc[
            (fresh["service_slug"] == row["service_slug"]) & (fresh["started_at"] > start),
            "started_at",
        ]
        if len(later):
            end = min(end, pd.Timestamp(later.min()))
        gone.at[i, "status"] = "resolved"
        gone.at[i, "resolved_at"] = max(min(end, now), start)
        gone.at[i, "updated_at"] = now
    return gone


def _merged(gone: pd.DataFrame, fresh: pd.DataFrame, now: pd.Timestamp) -> pd.Series:
    """Which of ``gone`` a fresh incident of the same service overlaps (an open one's interval
    runs to when it was last seen open)."""
    out = pd.Series(False, index=gone.index)
    if fresh is None or fresh.empty:
        return out
    fresh_end = fresh["resolved_at"].fillna(now)
    for i, row in gone.iterrows():
        if pd.notna(row["resolved_at"]):
            end = pd.Timestamp(row["resolved_at"])
        else:
            seen = row.get("updated_at")
            end = pd.Timestamp(seen) if pd.notna(seen) else now
        mine = fresh["service_slug"] == row["service_slug"]
        overlaps = (fresh["started_at"] <= end) & (fresh_end >= row["started_at"])
        out.at[i] = bool((mine & overlaps).any())
    return out


def _run_end(
    loud: pd.DataFrame | None, slug: str, start: pd.Timestamp, s: IncidentSettings
) -> pd.Timestamp | None:
    """The last bucket of the run of loud buckets from ``start`` on (a quiet gap of
    ``quiet_period`` ends a run, as it ends a span)."""
    if loud is None or loud.empty:
        return None
    mine = loud.loc[loud["service_slug"] == slug, "bucket"]
    buckets = pd.DatetimeIndex(sorted(pd.to_datetime(mine[mine >= start])))
    if buckets.empty:
        return None
    last = buckets[0]
    for b in buckets[1:]:
        if b - (last + s.bucket) >= s.quiet_period:
            break
        last = b
    return last
