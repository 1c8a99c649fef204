"""Review 109's findings (scratch/review109/NOTES.md), each checked on the real pages over a
real warehouse file: what a ratio to normal compares, ..."""

from __future__ import annotations

import re
from pathlib import Path

from dash_helpers import assert_clean, run_page

# --- finding 5: what a "× normal" compares, one rounding -------------------------------


def test_now_card_says_its_ratio_is_the_last_hours(dash_env: Path) -> None:
    """The card's '145× normal' sat beside the daily summary's '(×240.0)' of the peak 5
    minutes: each now says what it compares, and both round alike (no '.0')."""
    at = run_page("now")
    assert_clean(at)
    deltas = [m.proto.delta for m in at.metric if m.label == "Problem reports, last hour"]
    assert deltas
    for delta in deltas:
        ratio = delta.split(" · ", 1)[1]
        assert ratio == "normally quiet" or re.fullmatch(
            r"last hour: (\d+|\d\.[1-9])× normal", ratio
        ), delta
    assert any(d.split(" · ", 1)[1].startswith("last hour: ") for d in deltas)
