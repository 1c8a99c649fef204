"""Burst detection over report-count series (pure functions, no database code).

``BurstDetector`` (seasonal robust baseline + negative-binomial tail + persistence,
per 5-minute bucket and over 15-minute and 1-hour windows, see ``scales``) is the detector; ``GaussianDetector`` is the simple baseline it is compared with;
``score_volume`` scores the warehouse's long-format ``report_volume`` rows;
``detect_series`` serves the ``detect-series`` command; ``nab`` scores detections
with the Numenta Anomaly Benchmark's published method.
"""

from __future__ import annotations

from nlp.detect.alerting import AlertSettings, mark_episodes
from nlp.detect.baseline import BaselineSettings, expected_counts, hour_of_day_shape
from nlp.detect.burst import BurstDetector, BurstSettings, tail_score
from nlp.detect.gaussian import GaussianDetector, GaussianSettings
from nlp.detect.series import detect_series, format_episodes
from nlp.detect.types import Detector, Episode, episodes, infer_step, regularize
from nlp.detect.volume import score_volume

__all__ = [
    "AlertSettings",
    "BaselineSettings",
    "BurstDetector",
    "BurstSettings",
    "Detector",
    "Episode",
    "GaussianDetector",
    "GaussianSettings",
    "detect_series",
    "episodes",
    "expected_counts",
    "format_episodes",
    "hour_of_day_shape",
    "infer_step",
    "mark_episodes",
    "regularize",
    "score_volume",
    "tail_score",
]
