"""Severity: relative to the service's own normal per hour, plus the provider's word."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nlp.incidents import IncidentSettings, build_incidents, severity
from nlp.incidents.spans import severity_ratio

from .conftest import CATALOG, STEP, T0, scored_volume

S = IncidentSettings()
HOUR = 12  # five-minute buckets
END = T0 + 48 * STEP


@pytest.mark.parametrize(
    ("reports", "baseline", "expected"),
    [
        pytest.param([6], 0.0, "minor", id="tiny-service-from-zero"),
        pytest.param([0, 0, 0], 0.0, "minor", id="no-reports"),
        pytest.param([], None, "minor", id="empty"),
        pytest.param([30], 2.0, "minor", id="five-minute-blip-on-a-busy-hour"),
        pytest.param([2] * 3 + [30] * 6 + [2] * 3, 2.0, "major", id="half-hour-15x-normal"),
        pytest.param([4] * HOUR, 0.2, "major", id="thin-crawl-48-an-hour"),
        pytest.param([8] * HOUR, 0.2, "critical", id="thin-crawl-96-an-hour"),
        pytest.param([300] * HOUR, 50.0, "major", id="thick-crawl-6x-normal"),
        pytest.param([400] * HOUR, 100.0, "minor", id="busy-service-small-ratio"),
        pytest.param([2000] * HOUR, 80.0, "critical", id="thick-crawl-25x-normal"),
        pytest.param([np.nan, 20, 20, np.nan], [np.nan, 0.2, 0.2, np.nan], "major", id="nan"),
    ],
)
def test_signal_rule(reports: list, baseline, expected: str) -> None:
    assert severity(reports, baseline, S) == expected


def test_few_reports_cannot_prove_a_big_ratio() -> None:
    """Same observed ratio (6 reports over a normal of 1), more evidence: higher reading."""
    few = severity_ratio([6] + [0] * (HOUR - 1), 1 / HOUR, S)
    many = severity_ratio([600] + [0] * (HOUR - 1), 100 / HOUR, S)
    assert few < 3.0 < many < 6.0
    assert many == pytest.approx(6.0, rel=0.1)


def test_bucket_size_does_not_matter() -> None:
    """The same hour of reports read in 5-minute or in 15-minute buckets."""
    s15 = IncidentSettings(bucket=pd.Timedelta(minutes=15))
    for coarse in ([4, 9, 30, 36, 18, 6, 3, 0], [30, 36]):  # longer and shorter than an hour
        fine = np.repeat(np.array(coarse) / 3, 3)
        assert severity_ratio(coarse, 0.9, s15) == pytest.approx(severity_ratio(fine, 0.3, S))


@pytest.mark.parametrize(
    ("reports", "impact", "expected"),
    [
        pytest.param([6], "major", "major", id="provider-major-lifts-minor"),
        pytest.param([6], "MAJOR_OUTAGE", "major", id="component-status-case-insensitive"),
        pytest.param([6], "critical", "critical", id="provider-critical"),
        pytest.param([8] * HOUR, "minor", "critical", id="provider-minor-never-lowers"),
        pytest.param([6], "maintenance", "minor", id="maintenance-ignored"),
        pytest.param([6], None, "minor", id="no-link"),
    ],
)
def test_official_impact_sets_a_floor(reports: list, impact, expected: str) -> None:
    assert severity(reports, 0.2, S, impact) == expected


def official(impact: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "official_id": ["statuspage:x"],
            "service_slug": ["steam"],
            "impact": [impact],
            "started_at": [T0 + 10 * STEP],
            "acknowledged_at": [T0 + 12 * STEP],
            "resolved_at": [T0 + 16 * STEP],
        }
    )


@pytest.mark.parametrize(
    ("impact", "expected"),
    [pytest.param("major", "major", id="linked-major"), pytest.param("minor", "minor", id="minor")],
)
def test_build_uses_the_linked_official_impact(impact: str, expected: str) -> None:
    vol = scored_volume("steam", {10: 8, 11: 9, 12: 8}, baseline=2.0)  # 25 against 24 an hour
    inc = build_incidents(vol, None, official(impact), CATALOG, END).incidents
    assert len(inc) == 1 and inc["official_id"].iloc[0] == "statuspage:x"
    assert inc["severity"].iloc[0] == expected
    unlinked = build_incidents(vol, None, None, CATALOG, END).incidents
    assert unlinked["severity"].iloc[0] == "minor"


def test_mismatched_baseline_is_a_precise_error() -> None:
    with pytest.raises(ValueError, match="baseline has 2 values for 3 report buckets"):
        severity([1, 2, 3], [0.2, 0.2], S)
