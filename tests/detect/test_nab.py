from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from nlp.detect import nab

TS = pd.date_range("2015-01-01", periods=1000, freq="5min")
WINDOWS = [(TS[400], TS[449]), (TS[700], TS[799])]


def test_perfect_is_100_and_null_is_0() -> None:
    perfect = nab.score_file(TS, nab.perfect_detections(TS, WINDOWS), WINDOWS)
    null = nab.score_file(TS, np.zeros(len(TS), bool), WINDOWS)
    assert perfect.normalized == pytest.approx(100.0)
    assert null.normalized == pytest.approx(0.0)
    assert nab.normalize([perfect, null]) == pytest.approx(50.0)


def test_scaled_sigmoid_matches_nab_documentation() -> None:
    assert nab.scaled_sigmoid(-1.0) == pytest.approx(0.98661, abs=1e-5)
    assert nab.scaled_sigmoid(-0.5) == pytest.approx(0.84828, abs=1e-5)
    assert nab.scaled_sigmoid(0.0) == pytest.approx(0.0)
    assert nab.scaled_sigmoid(1.0) == pytest.approx(-0.98661, abs=1e-5)
    assert nab.scaled_sigmoid(3.5) == -1.0


def test_detection_late_in_window_and_false_positives() -> None:
    det = np.zeros(len(TS), bool)
    det[424] = True  # half-way into the 50-row first window
    det[200] = True  # FP before any window: -A_FP
    det[460] = True  # FP 11 rows after window 1 (width 50)
    s = nab.score_file(TS, det, WINDOWS)
    tp = nab.scaled_sigmoid(-(449 - 424 + 1) / 50) / nab.scaled_sigmoid(-1.0)
    fp_after = nab.scaled_sigmoid(11 / 49) * 0.11
    expected = tp - 0.11 + fp_after - 1.0  # second window missed
    assert s.raw == pytest.approx(expected)
    assert (s.detected_windows, s.false_positives) == (1, 2)
    # Only the earliest detection in a window counts.
    det[440] = True
    assert nab.score_file(TS, det, WINDOWS).raw == pytest.approx(expected)


def test_probationary_period_is_ignored() -> None:
    assert nab.probation_length(1000) == 150
    assert nab.probation_length(100_000) == 750
    det = np.zeros(len(TS), bool)
    det[:150] = True  # all inside the probationary period
    assert nab.score_file(TS, det, WINDOWS).raw == pytest.approx(-2.0)
    det[150] = True
    assert nab.score_file(TS, det, WINDOWS).raw == pytest.approx(-2.11)


def test_profiles_change_weights() -> None:
    det = np.zeros(len(TS), bool)
    det[300] = True
    low_fp = nab.score_file(TS, det, WINDOWS, nab.REWARD_LOW_FP)
    assert low_fp.raw == pytest.approx(-2.22)
    assert math.isclose(nab.score_file(TS, det, WINDOWS, nab.REWARD_LOW_FN).null, -4.0)
