"""A small, realistic warehouse for the SQL and export tests, written through the real schema.

Week 2026-11-16 .. 2026-11-22 of report volume for four services, five incidents (one
crossing midnight, one still open, one without an official notice), a quiet day with data
but no incident (2026-11-20) and no data at all from 2026-11-23 on.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from warehouse.db import writer

FIRST_DAY = date(2026, 11, 16)
DAYS = 7
QUIET_DAY = date(2026, 11, 20)
EMPTY_DAY = date(2026, 11, 25)
SERVICES = [
    ("slack", "Slack", "communication", ["US", "GB"]),
    ("discord", "Discord", "communication", ["US", "DE"]),
    ("netflix", "Netflix", "streaming", ["US", "BR"]),
    ("whatsapp", "WhatsApp", "messaging", ["IN", "BR"]),
]
SYMPTOMS = {
    "slack": ["login", "messages_notifications", "website_down"],
    "discord": ["connectivity", "messages_notifications", "app_crash"],
    "netflix": ["playback_streaming", "app_crash", "login"],
    "whatsapp": ["messages_notifications", "connectivity", "upload_posting"],
}
# id, service, title, start, peak, end (None = open), updated_at, peak, baseline, severity,
# official (id, acknowledged_at) or None, countries {code: reports}
INCIDENTS = [
    (
        "inc-slack-1117",
        "slack",
        "Slack: login failures",
        datetime(2026, 11, 17, 9, 10),
        datetime(2026, 11, 17, 9, 45),
        datetime(2026, 11, 17, 11, 40),
        datetime(2026, 11, 17, 11, 40),
        48,
        2.1,
        "major",
        ("statuspage:sl-1", datetime(2026, 11, 17, 9, 32)),
        {"US": 120, "GB": 60, "": 30},
    ),
    (
        "inc-discord-1118",
        "discord",
        "Discord: connection drops",
        datetime(2026, 11, 18, 22, 30),
        datetime(2026, 11, 18, 23, 20),
        datetime(2026, 11, 19, 1, 15),
        datetime(2026, 11, 19, 1, 15),
        35,
        1.4,
        "major",
        ("statuspage:dc-1", datetime(2026, 11, 18, 22, 20)),
        {"US": 70, "DE": 40, "FR": 10},
    ),
    (
        "inc-netflix-1119",
        "netflix",
        "Netflix: playback errors",
        datetime(2026, 11, 19, 19, 0),
        datetime(2026, 11, 19, 19, 25),
        datetime(2026, 11, 19, 20, 10),
        datetime(2026, 11, 19, 20, 10),
        22,
        3.0,
        "minor",
        None,
        {"US": 40, "BR": 25},
    ),
    (
        "inc-slack-1121",
        "slack",
        "Slack: messages not sending",
        datetime(2026, 11, 21, 8, 0),
        datetime(2026, 11, 21, 8, 20),
        datetime(2026, 11, 21, 8, 50),
        datetime(2026, 11, 21, 8, 50),
        15,
        2.4,
        "minor",
        ("statuspage:sl-2", datetime(2026, 11, 21, 8, 40)),
        {"US": 30, "GB": 12},
    ),
    (
        "inc-whatsapp-1121",
        "whatsapp",
        "WhatsApp: messages delayed",
        datetime(2026, 11, 21, 13, 0),
        datetime(2026, 11, 21, 14, 5),
        None,
        datetime(2026, 11, 22, 8, 0),
        90,
        4.2,
        "critical",
        ("statuspage:wa-1", datetime(2026, 11, 21, 13, 50)),
        {"IN": 300, "BR": 150, "US": 40, "": 60},
    ),
]


def _hash(text: str) -> str:
    return hashlib.sha256(f"test-salt{text}".encode()).hexdigest()[:16]


def _volume(rng: random.Random) -> pd.DataFrame:
    rows = []
    start = datetime.combine(FIRST_DAY, datetime.min.time())
    for slug, *_ in SERVICES:
        base = 1.0 + rng.random() * 2
        for k in range(DAYS * 288):
            bucket = start + timedelta(minutes=5 * k)
            reports = np.random.default_rng(k + len(slug)).poisson(base)
            for inc in INCIDENTS:
                end = inc[5] or inc[6]
                if inc[1] == slug and inc[3] <= bucket < end:
                    reports += inc[7] if bucket == inc[4] else inc[7] // 3
            upper = base * 3 + 2
            rows.append(
                (
                    slug,
                    "",
                    bucket,
                    int(reports),
                    round(base, 3),
                    upper,
                    reports / upper,
                    reports > upper,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "service_slug",
            "country",
            "bucket",
            "reports",
            "baseline",
            "upper",
            "score",
            "is_anomaly",
        ],
    )


def build_warehouse(path: Path) -> Path:
    """Write the test warehouse to `path` and return it."""
    rng = random.Random(7)
    posts, signals, links, inc_posts = [], [], [], []
    for inc in INCIDENTS:
        iid, slug, _t, start, _peak, end, updated = inc[:7]
        stop = end or updated
        for n in range(8):
            created = start + (stop - start) * (n / 8)
            key = f"mastodon:{iid}-{n}"
            country = ["US", "GB", "DE", "IN", "BR", ""][rng.randrange(6)]
            text = f"Is {slug} down? {SYMPTOMS[slug][n % 3].replace('_', ' ')} issue #{n} | see"
            posts.append(
                (
                    key,
                    "mastodon",
                    f"{iid}-{n}",
                    f"https://m.example/{iid}/{n}",
                    _hash(f"user{n}{iid}"),
                    None,
                    text,
                    "en",
                    None,
                    None,
                    False,
                    slug,
                    created,
                    created + timedelta(minutes=1),
                    None,
                )
            )
            signals.append(
                (
                    key,
                    created,
                    _hash(text),
                    "en",
                    1,
                    0.9,
                    [SYMPTOMS[slug][n % 3]],
                    True,
                    country,
                    "",
                    "",
                    None,
                    None,
                    "text",
                    0.8,
                    "test",
                    created,
                )
            )
            links.append((key, slug))
            inc_posts.append((iid, key, n < 3, n + 1))
    # background complaints on every day, including the quiet one
    for d in range(DAYS):
        for n in range(5):
            slug = SERVICES[n % 4][0]
            created = datetime.combine(
                FIRST_DAY + timedelta(days=d), datetime.min.time()
            ) + timedelta(hours=2 + 4 * n)
            key = f"bluesky:bg-{d}-{n}"
            posts.append(
                (
                    key,
                    "bluesky",
                    f"bg-{d}-{n}",
                    None,
                    _hash(f"bg{d}{n}"),
                    None,
                    f"{slug} slow again",
                    "en",
                    None,
                    None,
                    False,
                    slug,
                    created,
                    created,
                    None,
                )
            )
            signals.append(
                (
                    key,
                    created,
                    _hash(key),
                    "en",
                    1,
                    0.7,
                    ["slow_performance"],
                    True,
                    "US",
                    "",
                    "",
                    None,
                    None,
                    "profile",
                    0.5,
                    "test",
                    created,
                )
            )
            links.append((key, slug))
    with writer(path) as con:
        con.executemany(
            "INSERT INTO services VALUES (?, ?, ?, [], [], [], [], ?, [], NULL, NULL)",
            [(s, n, c, cs) for s, n, c, cs in SERVICES],
        )
        columns = (
            "post_key, source, native_id, url, author_hash, author_location, text, lang_hint, "
            "geo_lat, geo_lon, is_repost, query, created_at, fetched_at, deleted_at"
        )
        con.executemany(f"INSERT INTO posts ({columns}) VALUES ({', '.join('?' * 15)})", posts)
        con.executemany(f"INSERT INTO post_signals VALUES ({', '.join('?' * 17)})", signals)
        con.executemany("INSERT INTO post_services VALUES (?, ?)", links)
        con.executemany("INSERT INTO incident_posts VALUES (?, ?, ?, ?)", inc_posts)
        volume = _volume(rng)  # noqa: F841 - scanned by DuckDB
        con.execute("INSERT INTO report_volume SELECT * FROM volume")
        for k, inc in enumerate(INCIDENTS):
            iid, slug, title, start, peak, end, updated, peak_n, base, sev, off, countries = inc
            total = sum(countries.values())
            ack = off[1] if off else None
            lead = (ack - start).total_seconds() / 60 if off else None
            vec = np.zeros(384, dtype=np.float32)
            vec[k % 3] = 1.0
            vec[10 + k] = 0.5
            con.execute(
                "INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "NULL, NULL, ?, 'test', ?)",
                [
                    iid,
                    slug,
                    title,
                    "open" if end is None else "resolved",
                    sev,
                    start,
                    start + timedelta(minutes=5),
                    peak,
                    end,
                    peak_n,
                    base,
                    total,
                    SYMPTOMS[slug][0],
                    [slug, "down"],
                    off[0] if off else None,
                    ack,
                    lead,
                    vec.tolist(),
                    updated,
                ],
            )
            for country, n in countries.items():
                con.execute(
                    "INSERT INTO incident_regions VALUES (?, ?, '', ?, ?)",
                    [iid, country, n, n / total],
                )
            split = [0.6, 0.3, 0.1]
            for sym, share in zip(SYMPTOMS[slug], split, strict=True):
                con.execute(
                    "INSERT INTO incident_symptoms VALUES (?, ?, ?, ?)",
                    [iid, sym, round(total * share), share],
                )
            if off:
                con.execute(
                    "INSERT INTO official_incidents VALUES (?, 'statuspage', ?, ?, 'resolved', "
                    "'major', [], ?, ?, ?, ?, ?, ?, '[]', ?)",
                    [
                        off[0],
                        slug,
                        f"{title} (official)",
                        f"https://status.example/{off[0]}",
                        off[1],
                        off[1],
                        off[1],
                        end,
                        end or updated,
                        updated,
                    ],
                )
    return path


# Fixtures shared by tests/sql and tests/exports (each conftest imports them).
@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small real warehouse per session; tests only read it."""
    return build_warehouse(tmp_path_factory.mktemp("wh") / "outagewatch.duckdb")


@pytest.fixture
def con(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()
