"""build_incidents: scored volume + problem posts -> the four incident tables.

Stages, each swappable: spans (spans.py) -> clusters (posts.py, cluster.py, split.py) ->
representation (represent.py, keywords.py) -> official link (link.py) -> common cause
(common_cause.py) -> id continuity (continuity.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import pandas as pd

from nlp.incidents.common_cause import common_causes
from nlp.incidents.continuity import carry_ids
from nlp.incidents.keywords import class_keywords
from nlp.incidents.link import link_official, prepare_official
from nlp.incidents.place_words import located_places, without_places
from nlp.incidents.posts import cluster_span, prepare_posts
from nlp.incidents.represent import (
    SymptomPlaceTitle,
    centroid,
    region_table,
    representatives,
    symptom_table,
)
from nlp.incidents.spans import Span, find_spans, naive_utc, severity
from nlp.incidents.types import (
    INCIDENT_COLUMNS,
    INCIDENT_POST_COLUMNS,
    INCIDENT_REGION_COLUMNS,
    INCIDENT_SYMPTOM_COLUMNS,
    Clusterer,
    IncidentFrames,
    IncidentSettings,
    Titler,
    stable_id,
    stage_versions,
)
from outagewatch.catalog import Service


def build_incidents(
    volume: pd.DataFrame,
    posts: pd.DataFrame | None,
    official: pd.DataFrame | None,
    catalog: Sequence[Service],
    now: datetime | pd.Timestamp,
    settings: IncidentSettings = IncidentSettings(),  # noqa: B008 (frozen, safe as default)
    *,
    clusterer: Clusterer | None = None,
    title: Titler | None = None,
    previous: pd.DataFrame | None = None,
    since: datetime | pd.Timestamp | None = None,
) -> IncidentFrames:
    """Every incident whose span lies in ``volume``, rebuilt whole; safe to re-run.

    ``clusterer`` and ``title`` swap those stages (None: HDBSCANClusterer from ``settings``,
    represent.SymptomPlaceTitle); a swapped one's version is added to detector_version.
    ``previous``: incidents rows of earlier cycles (at least the open ones), so an incident
    that continues keeps its id even when its start fell out of the reloaded window.
    ``since``: return only incidents that started at or after it or are still open (what a
    cycle replaces); volume before it may still be given as detection history. Posts must
    cover every returned incident from its start (see ``window_start``).
    """
    now = pd.Timestamp(now)
    if now.tzinfo is not None:
        now = now.tz_convert("UTC").tz_localize(None)
    titler = title or SymptomPlaceTitle()
    spans = find_spans(volume, now, settings)
    if not spans:
        return IncidentFrames.empty()
    p = prepare_posts(posts)
    names = {s.slug: s.name for s in catalog}
    records, members = [], []
    in_incident = np.zeros(len(p), dtype=bool)
    for span in spans:
        mask = (
            (p["service_slug"] == span.service_slug)
            & (p["created_at"] >= span.started_at)
            & (p["created_at"] < span.last_bucket + settings.bucket)
        ).to_numpy()
        in_incident |= mask
        sp = p[mask]
        labels = cluster_span(sp, settings, clusterer)
        n_clusters = int(labels.max()) + 1 if len(labels) else 1
        for lab in range(n_clusters):
            cp = sp[labels == lab] if len(sp) else sp
            rec = _record(span, cp, sp, n_clusters > 1, volume, names, now, settings, titler)
            records.append(rec)
            members.append(cp)
    _assign_ids(records)
    _keywords(records, members, p[~in_incident], catalog, settings)
    inc = pd.DataFrame(records)
    links = link_official(
        inc, prepare_official(official, now, settings.official_stale_after), now, settings
    )
    inc[list(links.columns)] = links
    inc["severity"] = _severities(inc, official, settings)
    causes = common_causes(inc, catalog, settings)
    inc[list(causes.columns)] = causes
    inc["detector_version"] = settings.version_tag() + stage_versions(clusterer, title)
    before = inc["incident_id"].tolist()
    inc = carry_ids(inc, previous, now, settings)
    inc["updated_at"] = unchanged_since(inc, previous, now)
    renamed = dict(zip(before, inc["incident_id"], strict=True))
    # An unconfirmed span (its alert before the window) stands only as a continuation.
    keep = ~(inc["_unconfirmed"] & (inc["incident_id"] == pd.Series(before, index=inc.index)))
    if since is not None:
        keep &= (inc["started_at"] >= pd.Timestamp(since)) | (inc["status"] == "open")
    members = [m for m, k in zip(members, keep, strict=True) if k]
    renamed = {old: new for (old, new), k in zip(renamed.items(), keep, strict=True) if k}
    return _frames(inc[keep], members, renamed, settings)


# what a reader of the incident sees: when none of these moved, it was not updated (an Atom
# feed's <updated>, a "changed since" query); the centroid and the ids' own bookkeeping aside
_SEEN = ("title", "status", "severity", "started_at", "detected_at", "peak_at", "resolved_at",
         "total_reports", "peak_reports", "baseline_reports", "top_symptom",
         "official_id", "official_acknowledged_at", "lead_time_minutes", "common_cause_group",
         "common_upstream", "keywords", "detector_version")  # fmt: skip


def unchanged_since(inc: pd.DataFrame, previous: pd.DataFrame | None, now) -> pd.Series:
    """Each incident's updated_at: for a resolved incident in which nothing a reader sees
    changed, the previous one (every cycle rebuilds the recent incidents, and stamping them
    all `now` told feed readers that incidents resolved hours ago had changed); else `now`:
    an open incident's updated_at is when it was last seen still open (its duration so far,
    the daily summary's "active until", the notifier's window read it)."""
    out = pd.Series([pd.Timestamp(now)] * len(inc), index=inc.index, dtype="datetime64[ns]")
    if previous is None or previous.empty or "updated_at" not in previous.columns:
        return out
    old = previous.set_index("incident_id")
    cols = [c for c in _SEEN if c in inc.columns and c in old.columns]
    for i, row in inc.iterrows():
        key = row["incident_id"]
        if row.get("status") != "resolved" or key not in old.index:
            continue
        if all(_same(row[c], old.at[key, c]) for c in cols):
            stamp = old.at[key, "updated_at"]
            out.at[i] = stamp if pd.notna(stamp) else out.at[i]
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, (list, tuple, np.ndarray)) or isinstance(b, (list, tuple, np.ndarray)):
        return list(a if a is not None else []) == list(b if b is not None else [])
    if pd.isna(a) and pd.isna(b):
        return True
    if isinstance(a, float) or isinstance(b, float):
        try:
            return abs(float(a) - float(b)) < 1e-9
        except (TypeError, ValueError):
            return False
    return bool(a == b)


def _record(
    span: Span,
    cp: pd.DataFrame,
    span_posts: pd.DataFrame,
    split: bool,
    volume: pd.DataFrame,
    names: dict[str, str],
    now: pd.Timestamp,
    s: IncidentSettings,
    titler: Titler,
) -> dict:
    """One incident row (without ids, keywords, links, severity): span figures, or the cluster's own
    figures from its posts when the span was split into several problems."""
    rec = {
        "_span_start": span.started_at,
        "_unconfirmed": span.unconfirmed,
        "service_slug": span.service_slug,
        "status": span.status,
        "started_at": span.started_at,
        "detected_at": span.detected_at,
        "peak_at": span.peak_at,
        "resolved_at": span.resolved_at,
        "peak_reports": span.peak_reports,
        "baseline_reports": span.baseline_reports,
        "total_reports": span.total_reports,
        "_sev_reports": span.series["reports"].to_numpy(),
        "_sev_baseline": span.series["baseline"].to_numpy(),
    }
    if split and len(cp):
        rec.update(_cluster_figures(span, cp, span_posts, now, s))
    # a reply's symptom is mostly its thread title's ("down" under "Is Spotify down?"): the
    # incident's symptoms are read from the posts that said their own, when there are enough
    # of them to say (30 replies "can't log in either" under 3 "is spotify down?" say login)
    said = cp[~cp["is_reply"].astype(bool)] if "is_reply" in cp else cp
    sym = symptom_table(list((said if len(said) >= s.min_cluster_size else cp)["symptoms"]))
    rec["top_symptom"] = str(sym["symptom"].iloc[0]) if len(sym) else None
    if len(cp):
        regions = region_table(list(cp["country"]), list(cp["region"]))
    else:  # no posts reached us: the per-country volume still says where
        regions = _volume_regions(volume, span)
    countries = [
        c for c, n in zip(regions["country"], regions["reports"], strict=True) for _ in range(n)
    ]
    rec["title"] = titler.title(
        names.get(span.service_slug, span.service_slug), rec["top_symptom"], countries
    )
    rec["centroid"] = centroid(list(cp["embedding"]))
    rec["_symptoms"], rec["_regions"] = sym, regions
    rec["_key"] = f"{rec['top_symptom'] or ''}|{regions['country'].iloc[0] if len(regions) else ''}"
    return rec


def _cluster_figures(
    span: Span, cp: pd.DataFrame, span_posts: pd.DataFrame, now: pd.Timestamp, s: IncidentSettings
) -> dict:
    """A split cluster's share of the span's volume: per bucket, the global reports times the
    cluster's share of that bucket's posts (its overall share where a bucket has none)."""
    mine = cp["created_at"].dt.floor(s.bucket).value_counts()
    every = span_posts["created_at"].dt.floor(s.bucket).value_counts()
    series = span.series
    share = (mine.reindex(series.index).fillna(0) / every.reindex(series.index)).fillna(
        len(cp) / max(len(span_posts), 1)
    )
    reports = np.rint(series["reports"] * share).astype(int)
    first, last = mine.index.min(), mine.index.max()
    peak_at = reports.idxmax()
    base = series["baseline"].get(peak_at, np.nan)
    ended = span.status == "resolved" or now >= last + s.bucket + s.quiet_period
    return {
        "started_at": max(first, span.started_at),
        "detected_at": min(max(span.detected_at, first + s.bucket), now),
        "peak_at": peak_at,
        "peak_reports": int(reports.max()),
        "baseline_reports": None if pd.isna(base) else float(base),
        "total_reports": int(reports.sum()),
        "_sev_reports": reports.to_numpy(),
        "status": "resolved" if ended else "open",
        "resolved_at": min(last + s.bucket, span.resolved_at or last + s.bucket) if ended else None,
    }


def _severities(inc: pd.DataFrame, official: pd.DataFrame | None, s: IncidentSettings) -> list:
    """Each incident's severity from its report series and its linked official impact."""
    impact: dict = {}
    if official is not None and {"official_id", "impact"} <= set(official.columns):
        impact = dict(zip(official["official_id"], official["impact"], strict=True))
    return [
        severity(r["_sev_reports"], r["_sev_baseline"], s, impact.get(r["official_id"]))
        for _, r in inc.iterrows()
    ]


def _volume_regions(volume: pd.DataFrame, span: Span) -> pd.DataFrame:
    v = volume[(volume["service_slug"] == span.service_slug) & (volume["country"].fillna("") != "")]
    b = naive_utc(v["bucket"], "bucket")
    v = v[(b >= span.started_at) & (b <= span.last_bucket)]
    counts = v.groupby("country")["reports"].sum()
    counts = counts[counts > 0]
    return region_table(
        [c for c, n in counts.items() for _ in range(int(n))], [""] * int(counts.sum())
    )


def _assign_ids(records: list[dict]) -> None:
    """Largest cluster of a span: hash(service, start); others add their symptom|country key."""
    seen: dict[str, int] = {}
    first_of_span: set[tuple] = set()
    for rec in records:
        span_key = (rec["service_slug"], rec["_span_start"])
        key = "" if span_key not in first_of_span else rec["_key"]
        first_of_span.add(span_key)
        iid = stable_id("inc-", rec["service_slug"], rec["_span_start"].isoformat(), key)
        seen[iid] = seen.get(iid, 0) + 1
        if seen[iid] > 1:  # two secondary clusters with the same key
            iid = stable_id(
                "inc-", rec["service_slug"], rec["_span_start"].isoformat(), key, seen[iid]
            )
        rec["incident_id"] = iid


def _keywords(records, members, background, catalog, s: IncidentSettings) -> None:
    stop = {
        w
        for svc in catalog
        for n in (*svc.names, *svc.hashtags)
        for w in re.split(r"\W+", n.lower())
        if w
    }
    kws = class_keywords(
        [list(m["text"]) for m in members],
        list(background["text"]),
        n=s.n_keywords + _PLACE_ROOM,
        extra_stop=stop,
    )
    for rec, m, kw in zip(records, members, kws, strict=True):
        rec["keywords"] = without_places(kw, located_places(m))[: s.n_keywords]


_PLACE_ROOM = 8  # keywords read past n, for the place names left out


def _frames(
    inc: pd.DataFrame, members, renamed: dict[str, str], s: IncidentSettings
) -> IncidentFrames:
    posts_rows, region_rows, symptom_rows = [], [], []
    for (_, rec), cp, old in zip(inc.iterrows(), members, renamed, strict=True):
        iid = renamed[old]
        reps = representatives(
            list(cp["text"]), list(cp["embedding"]), rec["centroid"], s.n_representatives
        )
        rank = {int(pos): r + 1 for r, pos in enumerate(reps)}
        for pos, key in enumerate(cp["post_key"]):
            posts_rows.append((iid, key, pos in rank, rank.get(pos)))
        for row in rec["_regions"].itertuples(index=False):
            region_rows.append((iid, row.country, row.region, int(row.reports), float(row.share)))
        for row in rec["_symptoms"].itertuples(index=False):
            symptom_rows.append((iid, row.symptom, int(row.reports), float(row.share)))
    incidents = (
        inc[list(INCIDENT_COLUMNS)]
        .sort_values(["started_at", "incident_id"])
        .reset_index(drop=True)
    )
    incidents = incidents.astype({"peak_reports": "Int64", "total_reports": "Int64"})
    ip = pd.DataFrame(posts_rows, columns=list(INCIDENT_POST_COLUMNS)).astype({"rank": "Int64"})
    return IncidentFrames(
        incidents=incidents,
        incident_posts=ip,
        incident_regions=pd.DataFrame(region_rows, columns=list(INCIDENT_REGION_COLUMNS)),
        incident_symptoms=pd.DataFrame(symptom_rows, columns=list(INCIDENT_SYMPTOM_COLUMNS)),
    )
