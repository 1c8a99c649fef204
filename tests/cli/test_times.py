"""Command-line times read one way: ISO 8601, a zone converted to naive UTC, no zone = UTC."""

from __future__ import annotations

from datetime import datetime

import pytest

from outagewatch.times import has_time_of_day, parse_utc


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-20", datetime(2026, 11, 20)),
        ("2026-11-20T12:00", datetime(2026, 11, 20, 12)),
        ("2026-11-20T12:00Z", datetime(2026, 11, 20, 12)),
        ("2026-11-20t12:00z", datetime(2026, 11, 20, 12)),
        ("2026-11-20T13:30+01:30", datetime(2026, 11, 20, 12)),
        (" 2026-11-20 12:00 ", datetime(2026, 11, 20, 12)),
    ],
)
def test_times_become_naive_utc(text: str, expected: datetime) -> None:
    assert parse_utc(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "0001-01-01T00:30+01:00", ""])
def test_what_is_no_time_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_utc(text)


def test_a_date_is_told_from_a_time() -> None:
    assert not has_time_of_day("2026-11-21") and not has_time_of_day("2026-11-21Z")
    assert has_time_of_day("2026-11-21T00:00") and has_time_of_day("2026-11-21 08:00Z")
