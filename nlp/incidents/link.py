"""Linker: the official status-page incident that overlaps ours, and our lead time on it."""

from __future__ import annotations

import pandas as pd

from nlp.incidents.spans import check_columns, naive_utc
from nlp.incidents.types import IncidentSettings

REQUIRED_OFFICIAL = ("official_id", "service_slug")
LINK_COLUMNS = ("official_id", "official_acknowledged_at", "lead_time_minutes")


def prepare_official(official: pd.DataFrame | None, now: pd.Timestamp) -> pd.DataFrame:
    """Official incidents with one start, end and acknowledgement time each (naive UTC).

    start = started_at, else created_at, else acknowledged_at; acknowledged = first public
    update, else created_at, else started_at; an unresolved incident runs until ``now``.
    """
    cols = ["official_id", "service_slug", "start", "end", "ack"]
    if official is None or official.empty:
        return pd.DataFrame(columns=cols)
    check_columns(official, REQUIRED_OFFICIAL, "official")
    o = official[official["service_slug"].notna()].copy()
    for c in ("started_at", "acknowledged_at", "resolved_at", "created_at"):
        o[c] = naive_utc(o[c], c) if c in o.columns else pd.Series(pd.NaT, index=o.index)
        o[c] = o[c].astype("datetime64[ns]")
    o["start"] = o["started_at"].fillna(o["created_at"]).fillna(o["acknowledged_at"])
    o["ack"] = o["acknowledged_at"].fillna(o["created_at"]).fillna(o["started_at"])
    o["end"] = o["resolved_at"].fillna(now)
    return o[o["start"].notna()][cols].reset_index(drop=True)


def link_official(
    incidents: pd.DataFrame, official: pd.DataFrame, now: pd.Timestamp, s: IncidentSettings
) -> pd.DataFrame:
    """One row per incident (same index): official_id, its acknowledgement, lead minutes.

    An official incident of the same service matches when the two intervals overlap
    (allowing ``official_slack`` on either side); the longest overlap wins, then the
    closest start. lead_time_minutes = acknowledged - detected: positive when outagewatch
    knew first, negative when the provider spoke first.
    """
    out = pd.DataFrame(index=incidents.index, columns=list(LINK_COLUMNS))
    out["official_acknowledged_at"] = pd.Series(
        pd.NaT, index=incidents.index, dtype="datetime64[ns]"
    )
    out["lead_time_minutes"] = pd.Series(float("nan"), index=incidents.index)
    out["official_id"] = pd.Series(None, index=incidents.index, dtype=object)
    if official.empty or incidents.empty:
        return out
    by_service = dict(tuple(official.groupby("service_slug")))
    for i, inc in incidents.iterrows():
        cands = by_service.get(inc["service_slug"])
        if cands is None:
            continue
        start = inc["started_at"]
        end = inc["resolved_at"] if pd.notna(inc["resolved_at"]) else now
        ok = (cands["start"] <= end + s.official_slack) & (cands["end"] >= start - s.official_slack)
        if not ok.any():
            continue
        c = cands[ok].copy()
        c["overlap"] = (c["end"].clip(upper=end) - c["start"].clip(lower=start)).dt.total_seconds()
        c["distance"] = (c["start"] - start).abs().dt.total_seconds()
        best = c.sort_values(["overlap", "distance", "official_id"], ascending=[False, True, True])
        row = best.iloc[0]
        out.at[i, "official_id"] = row["official_id"]
        if pd.notna(row["ack"]):
            out.at[i, "official_acknowledged_at"] = row["ack"]
            detected = inc["detected_at"]
            out.at[i, "lead_time_minutes"] = (row["ack"] - detected).total_seconds() / 60.0
    return out
