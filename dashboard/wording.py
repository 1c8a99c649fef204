"""One wording per fact: a lead time or a service's normal rate reads the same on the Now
card, the Incident page, the Service page and in the daily summary, computed and rounded in
one place, so two pages never disagree by a rounding or a sign ("14 min before" on one,
"+15 min" on the other)."""

from __future__ import annotations

import pandas as pd

from dashboard import labels
from dashboard.geo import country_name
from outagewatch.exports import fmt


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def lead_minutes(lead: object) -> int | None:
    """Whole minutes of lead over the status page, rounded half away from zero (14.5 -> 15,
    -14.5 -> -15) as people round; None when the incident is not linked."""
    return None if _missing(lead) else fmt.whole_minutes(float(lead))


def lead_phrase(lead: object) -> str:
    """'detected 15 min before the status page', 'status page 3 min before our detection'
    (the daily summary's words, fmt.lead_phrase); '' when the incident is not linked."""
    return "" if _missing(lead) else fmt.lead_phrase(float(lead))


def lead_metric(lead: object) -> tuple[str, str]:
    """(label, value) of the Incident page's lead metric, which read together say what
    lead_phrase says: ('Detected before the status page', '15 min'), ('Status page before
    our detection', '3 min'). A signed '-3 min' left people to decode which came first."""
    minutes = lead_minutes(lead)
    if minutes is None:
        return "Detected vs status page", "not linked"
    if minutes > 0:
        return "Detected before the status page", fmt.duration(minutes)
    if minutes < 0:
        return "Status page before our detection", fmt.duration(-minutes)
    return "Detected vs status page", "same time"


def per_hour(reports: float) -> str:
    """A rate of problem reports per hour, '2.4 / h' (one decimal below 10, so a ratio
    computed from it can be checked by eye) or '36 / h'."""
    return f"{reports:.1f} / h" if reports < 9.95 else f"{reports:.0f} / h"


def normal_per_5min(baseline: float) -> str:
    """An incident's normal (stored per 5-minute bucket) on the card's per-hour scale, with
    the per-5-minute figure that compares with the peak, written as the daily summary writes
    it: '2.4 / h (0.2 / 5 min)', '0.9 / h (0.073 / 5 min)'."""
    return f"{per_hour(baseline * 12)} ({fmt.baseline_text(baseline)} / 5 min)"


def utc_minute(value: object) -> str:
    """A timestamp to the minute, '2026-11-20 11:27', or '' when there is none: a table
    under a "(UTC)" header shows neither seconds nor the word None."""
    return "" if _missing(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"


def country_names(codes: object) -> str:
    """'DE,BR' -> 'Germany, Brazil': countries by name, as on every other page."""
    if _missing(codes):
        return ""
    return ", ".join(country_name(c) for c in str(codes).split(",") if c)


def unlocated_note(total: int, located: int, shown: str = "the chart and map") -> str | None:
    """'2 reports not located ...' when some of the period's reports name no place (the
    Incident page's wording), so '1 report from Germany' does not read as all of them."""
    missing = total - located
    if missing <= 0:
        return None
    they = "it names" if missing == 1 else "they name"
    text = f"{labels.plural(missing, 'report')} not located ({they} no place we could locate)"
    if located:
        verb = "show" if " and " in shown else "shows"  # "the map shows", "the chart and map show"
        return f"{text}: {shown} {verb} {located:,} of the {total:,} reports."
    return f"{text}."
