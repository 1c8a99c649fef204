"""Builders of scored volumes and problem posts for the incident tests; the model, once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from outagewatch.catalog import Service

T0 = pd.Timestamp("2026-03-02 10:00:00")
STEP = pd.Timedelta(minutes=5)

CATALOG = (
    Service(slug="spotify", name="Spotify", category="streaming", upstream=("gcp",)),
    Service(slug="netflix", name="Netflix", category="streaming", upstream=("aws",)),
    Service(slug="disneyplus", name="Disney+", category="streaming", upstream=("aws",)),
    Service(slug="twitch", name="Twitch", category="streaming", upstream=("fastly",)),
    Service(slug="steam", name="Steam", category="gaming"),
    Service(slug="slack", name="Slack", category="productivity"),
    Service(slug="aws", name="AWS", category="cloud"),
)


@pytest.fixture(scope="session")
def embed():
    """The real embedding model, loaded once; returns a texts -> float32[n, 384] function."""
    from nlp.enrich.embed import MiniLMEmbedder

    model = MiniLMEmbedder()
    return lambda texts: model.encode(list(texts))


def scored_volume(
    slug: str,
    burst: dict[int, int],
    *,
    n_buckets: int = 48,
    start: pd.Timestamp = T0,
    baseline: float = 2.0,
    upper: float = 6.0,
    persist: int = 2,
    countries: dict[str, float] | None = None,
) -> pd.DataFrame:
    """A global series as nlp.detect scores it: normal `baseline` reports, `burst` buckets
    (index -> reports) above `upper` are abnormal; the alert is the `persist`-th of a run."""
    reports = np.full(n_buckets, int(baseline))
    for i, r in burst.items():
        reports[i] = r
    abnormal = reports > upper
    is_anomaly = np.zeros(n_buckets, dtype=bool)
    run = 0
    for i, a in enumerate(abnormal):
        run = run + 1 if a else 0
        is_anomaly[i] = run == persist
    buckets = [start + i * STEP for i in range(n_buckets)]
    frame = pd.DataFrame(
        {
            "service_slug": slug,
            "country": "",
            "bucket": buckets,
            "reports": reports,
            "baseline": baseline,
            "upper": upper,
            "score": np.where(abnormal, 8.0, 0.5),
            "abnormal": abnormal,
            "is_anomaly": is_anomaly,
        }
    )
    if not countries:
        return frame
    per = []
    for code, share in countries.items():
        c = frame.copy()
        c["country"] = code
        c["reports"] = np.rint(frame["reports"] * share).astype(int)
        c["abnormal"] = False
        c["is_anomaly"] = False
        per.append(c)
    return pd.concat([frame, *per], ignore_index=True)


def make_posts(
    slug: str,
    texts: Sequence[str],
    embeddings: np.ndarray | Sequence[np.ndarray | None],
    symptoms: Sequence[Sequence[str]] | Sequence[str],
    countries: Sequence[str],
    times: Sequence[pd.Timestamp],
    *,
    prefix: str = "",
    regions: Sequence[str] | None = None,
) -> pd.DataFrame:
    n = len(texts)
    syms = [[s] if isinstance(s, str) else list(s) for s in symptoms]
    return pd.DataFrame(
        {
            "post_key": [f"test:{prefix or slug}{i}" for i in range(n)],
            "service_slug": slug,
            "created_at": list(times),
            "text": list(texts),
            "symptoms": syms,
            "country": list(countries),
            "region": list(regions) if regions is not None else [""] * n,
            "city": "",
            "lat": np.nan,
            "lon": np.nan,
            "complaint_score": 0.9,
            "embedding": list(embeddings),
        }
    )


def spread_times(n: int, first: int, last: int, start: pd.Timestamp = T0) -> list[pd.Timestamp]:
    """n timestamps spread over buckets first..last (inclusive), inside the buckets."""
    span = (last - first + 1) * 300 - 1
    return [
        start + first * STEP + pd.Timedelta(seconds=int(k * span / max(n - 1, 1))) for k in range(n)
    ]


EMPTY_OFFICIAL = pd.DataFrame(
    columns=["official_id", "service_slug", "name", "impact", "started_at", "acknowledged_at",
             "resolved_at", "created_at"]
)  # fmt: skip
