"""`run --every` needs a unit: a bare number is refused rather than read as seconds."""

from __future__ import annotations

import pytest

from outagewatch.commands.run import parse_every
from outagewatch.errors import UserError


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1h", 3600), ("1.5m", 90)]
)
def test_intervals_with_a_unit(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["5", " 5 ", "0.5"])
def test_a_bare_number_asks_for_a_unit(text: str) -> None:
    with pytest.raises(UserError, match=r"has no unit: add one, e\.g\. .*m \(minutes\)"):
        parse_every(text)
