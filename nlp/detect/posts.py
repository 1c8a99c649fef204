"""Bursts in a file of enriched posts: the detector over the posts' own times.

`outagewatch analyze --time-column` enriches a file no crawler collected; its problem reports,
counted per service in 5-minute buckets, make the same global series the warehouse's
`report_volume` holds, so the same detector can say when each service had an outage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from nlp.detect.burst import BurstSettings
from nlp.detect.types import Episode, episodes
from nlp.detect.volume import STEP, score_volume

MAX_SPAN = pd.Timedelta(days=400)  # scored back from the last report: a year of 5-minute buckets


@dataclass(frozen=True)
class ServiceBurst:
    service_slug: str
    episode: Episode


def problem_volume(
    times: pd.Series, services: Sequence[Sequence[str]], problem: Sequence[bool]
) -> pd.DataFrame:
    """`report_volume`-shaped rows (global series, country '') of the problem reports among
    posts: each post counts once for each service it names. Posts without a time are left out."""
    rows = [
        (slug, t)
        for t, slugs, is_problem in zip(times, services, problem, strict=True)
        if is_problem and pd.notna(t)
        for slug in dict.fromkeys(slugs)
    ]
    if not rows:
        return pd.DataFrame(columns=["service_slug", "country", "bucket", "reports"])
    frame = pd.DataFrame(rows, columns=["service_slug", "bucket"])
    frame["bucket"] = pd.to_datetime(frame["bucket"]).dt.floor(STEP)
    volume = frame.groupby(["service_slug", "bucket"], as_index=False).size()
    volume = volume.rename(columns={"size": "reports"})
    volume.insert(1, "country", "")
    return volume


def bursts_in_posts(
    times: pd.Series,
    services: Sequence[Sequence[str]],
    problem: Sequence[bool],
    settings: BurstSettings | None = None,
) -> list[ServiceBurst]:
    """Every burst of problem reports per service, in time order, scored over the file's own
    span (its first day is the detector's warm-up, as for a new warehouse), at most
    ``MAX_SPAN`` back from its last report: a stray post years older would otherwise make
    millions of empty buckets."""
    volume = problem_volume(times, services, problem)
    if volume.empty:
        return []
    volume = volume[volume["bucket"] >= volume["bucket"].max() - MAX_SPAN]
    scored = score_volume(
        volume, settings=settings, start=volume["bucket"].min(), end=volume["bucket"].max()
    )
    found = []
    for slug, series in scored.groupby("service_slug", sort=True):
        frame = series.set_index("bucket").rename(columns={"reports": "value"})
        found += [ServiceBurst(str(slug), ep) for ep in episodes(frame)]
    return sorted(found, key=lambda b: (b.episode.start, b.service_slug))
