"""An episode's peak is its most reports (as an incident's peak_at), not its highest score:
detect-series printed "peak 8" for a burst that reached 15 (a user's find)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.detect.types import episodes


def test_the_peak_is_the_most_reports_and_the_score_the_highest() -> None:
    index = pd.date_range("2026-11-27 12:00", periods=8, freq="5min")
    frame = pd.DataFrame(
        {
            "abnormal": [False, True, True, True, True, True, False, False],
            "is_anomaly": [False, False, True, False, False, False, False, False],
            # the score tops out early, while the band is narrow; the count later
            "value": [1, 6, 8, 12, 15, 9, 1, 1],
            "score": [0.1, 4.0, 9.0, 7.0, 6.5, 3.0, 0.1, 0.1],
            "baseline": np.ones(8),
        },
        index=index,
    )
    (e,) = episodes(frame)
    assert e.peak_at == index[4] and e.peak_value == 15
    assert e.peak_score == 9.0
    assert e.start == index[1] and e.end == index[5] and e.detected_at == index[2]
    assert e.total == 50
