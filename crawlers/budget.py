"""Which search terms one crawl run polls, so a run fits its cycle on a rate-limited API.

Mastodon allows about one request per second per IP; the full catalog is ≈ 585 hashtags and
searches per instance, ≈ 10 minutes, longer than a 5-minute `outagewatch run` cycle. With
`terms_per_run = N` a run polls every *hot* term (it brought a post written within the
last `hot_minutes`, 60: people are posting there now) and then the quiet terms in turn,
from where the last run stopped, up to N in all. Nothing is lost by waiting: each term
keeps its own cursor, so a term polled three runs later reads everything posted since (up
to `max_pages` pages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_QUIET_SHARE = 0.25  # even with many hot terms, a quarter of the budget keeps rotating


@dataclass(frozen=True)
class TermPlan:
    """The cursor keys to poll this run, and where the rotation resumes next run."""

    keys: list[str]
    next_offset: int
    hot: int
    total: int
    hot_minutes: float = 60.0

    def describe(self, scope: str, pace: float = 0.0) -> str:
        """One log line; ``pace``: the source's seconds between requests, for how long the
        run's first requests take at least (a page more for a busy term adds one each)."""
        if len(self.keys) == self.total:
            line = f"{scope}: polling all {self.total} terms"
        else:
            line = (
                f"{scope}: polling {len(self.keys)} of {self.total} terms ({self.hot} with posts "
                f"in {window(self.hot_minutes)}); the next run continues at term "
                f"{self.next_offset + 1}"
            )
        if pace > 0:
            line += f", {pace:g} s apart: {len(self.keys) * pace:.0f} s or more"
        return line


def window(minutes: float) -> str:
    """`hot_minutes` in words for the log: "the last hour", "the last 30 minutes"."""
    if minutes > 0 and minutes % 60 == 0:
        hours = int(minutes // 60)
        return "the last hour" if hours == 1 else f"the last {hours} hours"
    return f"the last {minutes:g} minutes"


def plan_terms(
    keys: Sequence[str],
    activity: Mapping[str, datetime],
    offset: int,
    budget: int | None,
    now: datetime,
    hot_minutes: float = 60.0,
) -> TermPlan:
    """Hot keys first (newest activity first), then quiet keys from ``offset`` on, wrapping.
    ``activity``: when each key last brought a recent post."""
    keys = list(dict.fromkeys(keys))
    n = len(keys)
    if budget is None or budget <= 0 or n <= budget:
        return TermPlan(keys, 0, 0, n, hot_minutes)
    since = now - timedelta(minutes=hot_minutes)
    hot = sorted((k for k in keys if activity.get(k, since) > since), key=activity.__getitem__)
    hot = hot[::-1][: budget - max(1, int(budget * MIN_QUIET_SHARE))]
    chosen = set(hot)
    quiet: list[str] = []
    start = offset % n
    stop = start
    for step in range(n):
        i = (start + step) % n
        if len(hot) + len(quiet) >= budget:
            break
        stop = (i + 1) % n
        if keys[i] not in chosen:
            quiet.append(keys[i])
    # keep the catalog's order for the requests: easier to read in the log
    picked = set(hot) | set(quiet)
    return TermPlan([k for k in keys if k in picked], stop, len(hot), n, hot_minutes)
