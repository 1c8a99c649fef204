"""A realistic warehouse for the dashboard tests, written through warehouse.db.writer.

`build_sample_warehouse(path, now)` is the one place the test data comes from: swap its
body for a demo-built warehouse (`outagewatch demo --db path`) and every test still runs,
because the tests read their expected numbers back from the file with plain SQL.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from dash_helpers import NOW

from outagewatch.catalog import load_catalog
from warehouse import store
from warehouse.db import writer

DAYS = 3
SERVICES = {  # slug -> normal problem reports per hour
    "spotify": 4.0,
    "discord": 3.0,
    "whatsapp": 5.0,
    "netflix": 3.0,
    "slack": 2.0,
    "instagram": 4.0,
    "aws": 1.0,
    "x": 3.0,
}
PLACES = {  # country -> [(city, region, lat, lon)]
    "US": [("New York", "New York", 40.71, -74.01), ("Chicago", "Illinois", 41.88, -87.63)],
    "GB": [("London", "England", 51.51, -0.13)],
    "DE": [("Berlin", "Berlin", 52.52, 13.40)],
    "FR": [("Paris", "Île-de-France", 48.86, 2.35)],
    "BR": [("São Paulo", "São Paulo", -23.55, -46.63)],
    "IN": [("Mumbai", "Maharashtra", 19.08, 72.88)],
    "JP": [("Tokyo", "Tokyo", 35.68, 139.69)],
}
COUNTRY_WEIGHTS = {"US": 0.35, "GB": 0.15, "DE": 0.12, "FR": 0.08, "BR": 0.1, "IN": 0.1, "JP": 0.1}
SYMPTOMS = [
    "login",
    "app_crash",
    "playback_streaming",
    "website_down",
    "connectivity",
    "messages_notifications",
]


@dataclass(frozen=True)
class Burst:
    incident_id: str
    slug: str
    start: datetime
    minutes: int
    per_bucket: float  # extra reports per 5 minutes at the peak
    severity: str
    symptom: str
    countries: tuple[str, ...]
    resolved: bool
    official: bool = False
    upstream: str | None = None


BURSTS = [
    Burst(
        "inc-spotify-now",
        "spotify",
        NOW - timedelta(minutes=50),
        50,
        40,
        "critical",
        "playback_streaming",
        ("US", "GB", "DE"),
        resolved=False,
        official=True,
        upstream="gcp",
    ),
    Burst(
        "inc-discord-now",
        "discord",
        NOW - timedelta(minutes=35),
        35,
        15,
        "major",
        "login",
        ("US", "FR"),
        resolved=False,
        upstream="gcp",
    ),
    Burst(
        "inc-whatsapp-today",
        "whatsapp",
        NOW - timedelta(hours=6),
        120,
        12,
        "minor",
        "messages_notifications",
        ("BR", "IN"),
        resolved=True,
    ),
    Burst(
        "inc-netflix-old",
        "netflix",
        NOW - timedelta(days=2, hours=3),
        90,
        20,
        "major",
        "playback_streaming",
        ("US", "GB"),
        resolved=True,
        official=True,
    ),
]


def _post(
    rng: np.random.Generator,
    slug: str,
    k: int,
    i: int,
    t0: datetime,
    burst: Burst | None,
    countries: list[str],
    weights: np.ndarray,
) -> dict:
    """One post of bucket k: a background complaint, or one of `burst`'s."""
    in_burst = burst is not None
    country = (
        rng.choice(burst.countries)
        if in_burst
        else countries[rng.choice(len(countries), p=weights / weights.sum())]
    )
    city, region, lat, lon = PLACES[country][rng.integers(len(PLACES[country]))]
    symptom = (
        burst.symptom if in_burst and rng.random() < 0.8 else SYMPTOMS[rng.integers(len(SYMPTOMS))]
    )
    located = rng.random() < 0.7
    return {
        "post_key": f"mastodon:{slug}-{k}-{i}",
        "slug": slug,
        "incident_id": burst.incident_id if in_burst else None,
        "created_at": t0 + timedelta(seconds=int(rng.integers(300))),
        "country": country if located else "",
        "region": region if located else "",
        "city": city if located else "",
        "lat": lat if located else None,
        "lon": lon if located else None,
        "symptoms": [symptom],
        "problem": rng.random() > 0.08,
    }


def _posts(
    rng: np.random.Generator, start: datetime, now: datetime, bursts: list[Burst]
) -> pd.DataFrame:
    rows: list[dict] = []
    n_buckets = int((now - start).total_seconds() // 300)
    countries = list(COUNTRY_WEIGHTS)
    weights = np.array(list(COUNTRY_WEIGHTS.values()))
    for slug, per_hour in SERVICES.items():
        mine = [b for b in bursts if b.slug == slug]
        for k in range(n_buckets):
            t0 = start + timedelta(minutes=5 * k)
            # (burst or None for the background, how many posts): two bursts of one
            # service at once (Netflix's login and playback problems) each get their own
            parts: list[tuple[Burst | None, int]] = [(None, rng.poisson(per_hour / 12))]
            for b in mine:
                offset = (t0 - b.start).total_seconds() / 60
                if 0 <= offset < b.minutes:
                    shape = (
                        math.sin(math.pi * (offset + 2.5) / b.minutes)
                        if b.resolved
                        else min(1, (offset + 5) / 20)
                    )
                    parts.append((b, rng.poisson(b.per_bucket * max(shape, 0.2))))
            i = 0
            for burst, count in parts:
                for _ in range(count):
                    rows.append(_post(rng, slug, k, i, t0, burst, countries, weights))
                    i += 1
    return pd.DataFrame(rows)


def _store_posts(con, posts: pd.DataFrame, now: datetime) -> None:
    raw = [
        {
            "post_key": r.post_key,
            "source": "mastodon",
            "native_id": r.post_key.split(":", 1)[1],
            "url": f"https://mastodon.example/@someone/{r.post_key.split(':', 1)[1]}",
            "author_hash": hashlib.sha256(r.post_key.encode()).hexdigest()[:16],
            "author_location": None,
            "text": f"is {r.slug} down? {r.symptoms[0].replace('_', ' ')} broken #{r.slug}down",
            "lang_hint": "en",
            "geo_lat": None,
            "geo_lon": None,
            "is_repost": False,
            "query": r.slug,
            "created_at": r.created_at,
            "fetched_at": now,
        }
        for r in posts.itertuples()
    ]
    store.insert_posts(con, raw)
    sig = posts.assign(  # noqa: F841 - scanned by DuckDB
        text_hash=posts["post_key"],
        lang="en",
        complaint=posts["problem"].astype(int),
        complaint_score=np.where(posts["problem"], 0.9, 0.3),
        geo_evidence="profile",
        geo_confidence=0.8,
        pipeline_version="test",
        processed_at=now,
    )
    con.execute(
        "INSERT INTO post_signals SELECT post_key, created_at, text_hash, lang, complaint, "
        "complaint_score, symptoms, problem, country, region, city, lat, lon, geo_evidence, "
        "geo_confidence, pipeline_version, processed_at FROM sig"
    )
    con.execute("INSERT INTO post_services SELECT post_key, slug FROM sig")


def _store_volume(con, start: datetime, now: datetime) -> None:
    """5-minute problem counts per service (dense global series, sparse per country)
    against a flat baseline = the service's normal rate; anomaly = over the band."""
    normal = pd.DataFrame(  # noqa: F841 - scanned by DuckDB
        {"slug": list(SERVICES), "per_bucket": [v / 12 for v in SERVICES.values()]}
    )
    con.execute(
        """
        INSERT INTO report_volume
        WITH grid AS (
            SELECT n.slug, n.per_bucket, g.bucket FROM normal n,
                   (SELECT unnest(generate_series($start::TIMESTAMP, $now::TIMESTAMP - INTERVAL 5 MINUTE,
                                                  INTERVAL 5 MINUTE)) AS bucket) g),
        counts AS (
            SELECT ps.service_slug AS slug, time_bucket(INTERVAL 5 MINUTE, s.created_at) AS bucket,
                   s.country, count(*) AS reports
            FROM post_signals s JOIN post_services ps USING (post_key)
            WHERE s.problem GROUP BY ALL),
        tot AS (SELECT slug, bucket, sum(reports) AS reports FROM counts GROUP BY ALL)
        SELECT g.slug, '', g.bucket, coalesce(c.reports, 0), g.per_bucket,
               g.per_bucket + 3 * sqrt(g.per_bucket) + 1,
               (coalesce(c.reports, 0) - g.per_bucket) / sqrt(g.per_bucket),
               coalesce(c.reports, 0) > g.per_bucket + 3 * sqrt(g.per_bucket) + 1
        FROM grid g LEFT JOIN tot c USING (slug, bucket)
        UNION ALL
        SELECT c.slug, c.country, c.bucket, c.reports, NULL, NULL, NULL, NULL
        FROM counts c WHERE c.country <> ''
        """,
        {"start": start, "now": now},
    )


def _store_incidents(con, posts: pd.DataFrame, now: datetime, bursts: list[Burst]) -> None:
    names = {s.slug: s.name for s in load_catalog()}
    for b in bursts:
        mine = posts[(posts["incident_id"] == b.incident_id) & posts["problem"]]
        buckets = mine.groupby(mine["created_at"].dt.floor("5min")).size()
        peak_at = buckets.idxmax().to_pydatetime()
        resolved_at = b.start + timedelta(minutes=b.minutes) if b.resolved else None
        official_id = f"statuspage:{b.incident_id}" if b.official else None
        ack = b.start + timedelta(minutes=35) if b.official else None
        detected = b.start + timedelta(minutes=5)
        con.execute(
            "INSERT INTO incidents (incident_id, service_slug, title, status, severity, "
            "started_at, detected_at, peak_at, resolved_at, peak_reports, baseline_reports, "
            "total_reports, top_symptom, keywords, official_id, official_acknowledged_at, "
            "lead_time_minutes, common_cause_group, common_upstream, detector_version, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', ?)",
            [
                b.incident_id,
                b.slug,
                f"{names[b.slug]}: {b.symptom.replace('_', ' ')} problems",
                "resolved" if b.resolved else "open",
                b.severity,
                b.start,
                detected,
                peak_at,
                resolved_at,
                int(buckets.max()),
                SERVICES[b.slug] / 12,
                len(mine),
                b.symptom,
                [b.symptom.replace("_", " "), "down", names[b.slug].lower()],
                official_id,
                ack,
                (ack - detected).total_seconds() / 60 if ack else None,
                "gcp-group" if b.upstream else None,
                b.upstream,
                resolved_at or now,
            ],
        )
        located = mine[mine["country"] != ""]
        regions = located.groupby(["country", "region"]).size().reset_index(name="reports")
        regions["share"] = regions["reports"] / regions["reports"].sum()
        symptoms = mine.explode("symptoms").groupby("symptoms").size().reset_index(name="reports")
        symptoms["share"] = symptoms["reports"] / symptoms["reports"].sum()
        for r in regions.itertuples():
            con.execute(
                "INSERT INTO incident_regions VALUES (?, ?, ?, ?, ?)",
                [b.incident_id, r.country, r.region, int(r.reports), float(r.share)],
            )
        for r in symptoms.itertuples():
            con.execute(
                "INSERT INTO incident_symptoms VALUES (?, ?, ?, ?)",
                [b.incident_id, r.symptoms, int(r.reports), float(r.share)],
            )
        con.executemany(  # every member post, as the pipeline stores them; 3 representative
            "INSERT INTO incident_posts VALUES (?, ?, ?, ?)",
            [[b.incident_id, key, rank < 3, rank + 1] for rank, key in enumerate(mine["post_key"])],
        )
        if b.official:
            store.upsert_official_incidents(
                con,
                [
                    {
                        "official_id": official_id,
                        "source": "statuspage",
                        "service_slug": b.slug,
                        "name": f"Degraded {b.symptom.replace('_', ' ')}",
                        "impact": "major",
                        "status": "resolved" if b.resolved else "investigating",
                        "components": ["API"],
                        "url": f"https://status.example/{b.slug}/{b.incident_id}",
                        "created_at": ack,
                        "started_at": ack,
                        "acknowledged_at": ack,
                        "resolved_at": resolved_at,
                        "updated_at": resolved_at or ack,
                        "updates": [
                            {"status": "investigating", "body": "Looking", "created_at": ack},
                            *(
                                [{"status": "resolved", "body": "Fixed", "created_at": resolved_at}]
                                if resolved_at
                                else []
                            ),
                        ],
                        "fetched_at": now,
                    }
                ],
            )


def build_sample_warehouse(
    path: Path, now: datetime = NOW, seed: int = 7, bursts: list[Burst] | None = None
) -> Path:
    """Fill a warehouse file like a few days of `outagewatch run` would (see module doc).
    `bursts` replaces the default incidents (e.g. for replays of one incident)."""
    bursts = BURSTS if bursts is None else bursts
    rng = np.random.default_rng(seed)
    start = now - timedelta(days=DAYS)
    posts = _posts(rng, start, now, bursts)
    with writer(path) as con:
        store.sync_services(con, load_catalog())
        _store_posts(con, posts, now)
        _store_volume(con, start, now)
        _store_incidents(con, posts, now, bursts)
        store.record_crawl_run(
            con,
            "run-1",
            "mastodon",
            now - timedelta(minutes=7),
            now - timedelta(minutes=6),
            {"requests": 12, "posts_new": 40},
        )
    return path
