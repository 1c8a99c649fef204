"""Linker: the official status-page incident that overlaps ours, and our lead time on it."""

from __future__ import annotations

import pandas as pd

from nlp.enrich.symptoms import OUTAGE_SYMPTOMS, SymptomTagger
from nlp.incidents.spans import check_columns, naive_utc
from nlp.incidents.types import IncidentSettings

REQUIRED_OFFICIAL = ("official_id", "service_slug")
LINK_COLUMNS = ("official_id", "official_acknowledged_at", "lead_time_minutes")
_TITLE_CUES = SymptomTagger()  # cues only, no model: titles are read like posts


def prepare_official(
    official: pd.DataFrame | None,
    now: pd.Timestamp,
    stale_after: pd.Timedelta = IncidentSettings.official_stale_after,
) -> pd.DataFrame:
    """Official incidents with one start, end and acknowledgement time each (naive UTC).

    start = started_at, else created_at, else acknowledged_at; acknowledged = first public
    update, else created_at, else started_at; an unresolved incident runs until ``now``, but
    no more than ``stale_after`` past its latest update (updated_at, else acknowledged, else
    start): a notice the provider never closed (AWS's per-update feed items did that) is not
    the crowd's outage of a month later.
    """
    cols = ["official_id", "service_slug", "start", "end", "ack", "symptoms"]
    if official is None or official.empty:
        return pd.DataFrame(columns=cols)
    check_columns(official, REQUIRED_OFFICIAL, "official")
    o = official[official["service_slug"].notna()].copy()
    names = o["name"] if "name" in o.columns else pd.Series("", index=o.index)
    o["symptoms"] = [named_symptoms(n) for n in names]
    for c in ("started_at", "acknowledged_at", "resolved_at", "created_at", "updated_at"):
        o[c] = naive_utc(o[c], c) if c in o.columns else pd.Series(pd.NaT, index=o.index)
        o[c] = o[c].astype("datetime64[ns]")
    o["start"] = o["started_at"].fillna(o["created_at"]).fillna(o["acknowledged_at"])
    o["ack"] = o["acknowledged_at"].fillna(o["created_at"]).fillna(o["started_at"])
    last_word = o["updated_at"].fillna(o["ack"]).fillna(o["start"])
    o["end"] = o["resolved_at"].fillna((last_word + stale_after).clip(upper=now))
    return o[o["start"].notna()][cols].reset_index(drop=True)


def named_symptoms(name: object) -> frozenset[str]:
    """The specific symptoms an official incident's title names ("Some users unable to sign
    in": login); none for a generic one ("Degraded performance", "Partial outage")."""
    if not isinstance(name, str) or not name.strip():
        return frozenset()
    (tags,) = _TITLE_CUES.tag([name], None, [1])
    return frozenset(tags) & OUTAGE_SYMPTOMS - {"website_down"}


def _overlapping(
    cands: pd.DataFrame, inc: pd.Series, now: pd.Timestamp, s: IncidentSettings
) -> pd.Series:
    end = inc["resolved_at"] if pd.notna(inc["resolved_at"]) else now
    return (cands["start"] <= end + s.official_slack) & (
        cands["end"] >= inc["started_at"] - s.official_slack
    )


def _claims(
    incidents: pd.DataFrame, official: pd.DataFrame, now: pd.Timestamp, s: IncidentSettings
) -> dict[str, set]:
    """official_id -> the overlapping incidents whose top symptom its title names, for the
    official incidents where at least one such incident exists: two problems of one service
    at once ("login failures" and "playback failures") each keep their own notice."""
    claims: dict[str, set] = {}
    named = official[official["symptoms"].map(bool)]
    for i, inc in incidents.iterrows():
        cands = named[named["service_slug"] == inc["service_slug"]]
        top = inc.get("top_symptom")
        fits = pd.Series([top in sy for sy in cands["symptoms"]], index=cands.index, dtype=bool)
        for oid in cands.loc[_overlapping(cands, inc, now, s) & fits, "official_id"]:
            claims.setdefault(oid, set()).add(i)
    return claims


def link_official(
    incidents: pd.DataFrame, official: pd.DataFrame, now: pd.Timestamp, s: IncidentSettings
) -> pd.DataFrame:
    """One row per incident (same index): official_id, its acknowledgement, lead minutes.

    An official incident of the same service matches when the two intervals overlap
    (allowing ``official_slack`` on either side), unless its title names a symptom that
    another overlapping incident has and this one has not; the longest overlap wins, then
    the closest start. lead_time_minutes = acknowledged - detected: positive when
    outagewatch knew first, negative when the provider spoke first.
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
    claims = _claims(incidents, official, now, s)
    for i, inc in incidents.iterrows():
        cands = by_service.get(inc["service_slug"])
        if cands is None:
            continue
        start = inc["started_at"]
        end = inc["resolved_at"] if pd.notna(inc["resolved_at"]) else now
        free = [oid not in claims or i in claims[oid] for oid in cands["official_id"]]
        ok = _overlapping(cands, inc, now, s) & pd.Series(free, index=cands.index, dtype=bool)
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
