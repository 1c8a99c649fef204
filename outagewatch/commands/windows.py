"""The outages `analyze --time-column` and `detect-series` find, as rows for a file.

The terminal table is for a person; a paper, or a join with a provider's incident list to
measure lead time, needs them as data: one row per window, numbered, with `window_id` on the
scored rows that fall in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from nlp.detect.types import Episode

WINDOW_COLUMNS = [
    "window_id", "service", "start", "detected", "peak", "end", "ongoing", "total",
    "expected", "peak_value", "max_score", "detector_version",
]  # fmt: skip


@dataclass(frozen=True)
class Window:
    """One window: the episode, its service ('' for a single series) and whether it was
    still abnormal when the file ends."""

    episode: Episode
    service: str = ""
    ongoing: bool = False


def closes(t: pd.Timestamp, step: pd.Timedelta | None) -> pd.Timestamp:
    """When a bucket labelled by its start (``step`` wide) closes: its reports are known
    then, so an alert and a last bucket are told by their ends, as an incident's
    detected_at and resolved_at are. Without ``step``, the time as it is."""
    return t + step if step is not None and t < pd.Timestamp.max - step else t


def windows_frame(
    windows: Sequence[Window], detector_version: str, step: pd.Timedelta | None = None
) -> pd.DataFrame:
    """One row per window, ids from 1 in the given order. With ``step`` (analyze's
    buckets, labelled by their start), ``detected`` and ``end`` are when the alert and last
    buckets close, as an incident's detected_at and resolved_at; without, the file's own
    timestamps (detect-series)."""

    rows = [
        (
            number, w.service, w.episode.start, closes(w.episode.detected_at, step),
            w.episode.peak_at, closes(w.episode.end, step), w.ongoing, w.episode.total,
            round(w.episode.expected, 3), w.episode.peak_value, round(w.episode.peak_score, 4),
            detector_version,
        )
        for number, w in enumerate(windows, start=1)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=WINDOW_COLUMNS)


def window_ids(
    buckets: pd.Series, windows: Sequence[Window], services: Sequence[Sequence[str]] | None = None
) -> pd.Series:
    """Per row, the id of the window its bucket falls in (between its start and end
    buckets), or missing; with ``services``, only a window of a service the row names (and
    a row whose bucket is missing, as a post that is no problem report, gets none)."""
    ids = np.zeros(len(buckets), dtype=np.int64)
    at = pd.to_datetime(buckets).to_numpy()
    for number, w in enumerate(windows, start=1):
        inside = (at >= w.episode.start.to_datetime64()) & (at <= w.episode.end.to_datetime64())
        if services is not None:
            inside &= np.array([w.service in s for s in services], dtype=bool)
        ids[inside & (ids == 0)] = number
    return pd.Series(pd.array(np.where(ids > 0, ids, None), dtype="Int64"), index=buckets.index)
