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

MAX_SPAN = pd.Timedelta(days=400)  # the longest span a series is scored over


@dataclass(frozen=True)
class ServiceBurst:
    service_slug: str
    episode: Episode
    ongoing: bool = False  # still abnormal in the file's last bucket: not over when it ends


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


STRAY_GAP = pd.Timedelta(days=31)  # a service's report this long after its previous: a stray
COMPANY = pd.Timedelta(days=1)  # a post with another this close before is no stray


def scored_window(
    buckets: pd.Series, gap: pd.Timedelta = COMPANY
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span a series is scored over: it ends at its last time that has another within
    `gap` before (a lone post dated years ahead is a stray, not the present), and starts at
    most ``MAX_SPAN`` earlier (a stray years back would otherwise make millions of empty
    5-minute buckets)."""
    times = buckets.sort_values().reset_index(drop=True)
    close = times.diff() <= gap
    end = times[close].iloc[-1] if close.any() else times.iloc[-1]
    return max(times.iloc[0], end - MAX_SPAN), end


def bursts_in_posts(
    times: pd.Series,
    services: Sequence[Sequence[str]],
    problem: Sequence[bool],
    settings: BurstSettings | None = None,
) -> tuple[list[ServiceBurst], int]:
    """Every burst of problem reports per service, in time order, and how many reports fell
    outside the scored windows. Each service is scored alone (its first day the detector's
    warm-up, as for a new warehouse; memory stays that of one series, however many services
    the file names) over ``scored_window`` of its reports with a gap of ``STRAY_GAP``: a
    quiet service's report a week after its previous one is no stray, one dated years
    ahead is. The file's present (its last post with another within a day) marks a burst
    still abnormal then as ongoing."""
    volume = problem_volume(times, services, problem)
    found: list[ServiceBurst] = []
    if volume.empty:
        return found, 0
    _, present = scored_window(pd.to_datetime(times.dropna()).dt.floor(STEP))
    left_out = 0
    for slug, rows in volume.groupby("service_slug", sort=True):
        start, end = scored_window(rows["bucket"], gap=STRAY_GAP)
        inside = rows[(rows["bucket"] >= start) & (rows["bucket"] <= end)]
        left_out += int(rows["reports"].sum() - inside["reports"].sum())
        scored = score_volume(inside, settings=settings, start=start, end=end)
        frame = scored.set_index("bucket").rename(columns={"reports": "value"})
        found += [ServiceBurst(str(slug), ep, ep.end >= present) for ep in episodes(frame)]
    return sorted(found, key=lambda b: (b.episode.start, b.service_slug)), left_out
