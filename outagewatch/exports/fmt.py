"""Shared wording for the human-readable formats (Markdown and HTML), so both say the same."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta

from outagewatch.countries import country_name
from outagewatch.exports.model import DailySummary, Headline, IncidentDay, Share


def ts(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


def hm(value: datetime | None, day: date) -> str:
    """Time of day when on the summary's day, else the full date and time."""
    if value is None:
        return ""
    return value.strftime("%H:%M") if value.date() == day else ts(value)


def duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, mins = divmod(int(minutes), 60)
    if hours and mins:
        return f"{hours} h {mins:02d} min"
    return f"{hours} h" if hours else f"{mins} min"


def reports(n: int) -> str:
    return f"{n} report" if n == 1 else f"{n} reports"


def percent(value: float) -> str:
    """A percent as a whole number, "13%", halves rounded up as the dashboard's share columns
    round them in the browser (Python's "%.0f" makes 12.5 "12", the browser "13"); a share
    above 0 that would round to "0%" is "<1%", since "0%" reads as none."""
    if 0 < value < 0.5:
        return "<1%"
    return f"{math.floor(value + 0.5)}%"


def shares(items: list[Share], limit: int = 5) -> str:
    return ", ".join(f"{s.name} {percent(s.share * 100)}" for s in items[:limit])


def named_countries(items: list[Share]) -> list[Share]:
    return [replace(s, name=country_name(s.name)) for s in items]


def country_shares(items: list[Share], limit: int = 5) -> str:
    """The countries' shares, by name, and what share no post located: "Brazil 31%" alone
    reads as if the rest were elsewhere."""
    text = shares(named_countries(items), limit)
    unlocated = 1.0 - sum(s.share for s in items)
    if items and unlocated >= 0.005:
        text += f"; not located {percent(unlocated * 100)}"
    return text


def symptom_shares(items: list[Share], limit: int = 3) -> str:
    """Symptom labels as words for people, "playback streaming 86%" (CSV and JSON keep the
    labels)."""
    return shares([replace(s, name=s.name.replace("_", " ")) for s in items], limit)


# The incident table's columns, in md and html alike. No Service column (the title starts
# with the service) and no peak time (each incident's section gives it): with nine columns a
# phone wrapped titles to six lines and cut "End" off at the screen's edge.
TABLE_COLUMNS = (
    "Incident",
    "Start",
    "End",
    "Duration",
    "Peak 5 min vs normal",
    "Countries",
    "Official acknowledgment",
)


def table_title(inc: IncidentDay) -> str:
    """The table's one name for an incident: its title, which starts with the service's
    name ("Slack — website down, mainly US and Germany"); a title that does not is prefixed
    with it. One column instead of a Service column beside it keeps the table narrow enough
    for a phone to show the title and its times without scrolling sideways."""
    title = inc.title or ""
    if title.startswith(inc.service_name):
        return title
    return f"{inc.service_name} — {title}" if title else inc.service_name


def end_text(inc: IncidentDay, day: date) -> str:
    return "ongoing" if inc.ongoing or inc.resolved_at is None else hm(inc.resolved_at, day)


def baseline_rounded(value: float) -> float:
    """A baseline as summaries give it: one decimal (3.0, 12.4), but two significant digits
    below 1, where a quiet service's normal lies (0.094, not 0.1), so a reader can check
    the peak ratio (which is computed from the unrounded value)."""
    value = float(value)
    return float(f"{value:.2g}") if abs(value) < 1 else round(value, 1)


def baseline_text(value: float) -> str:
    """A baseline as written beside a peak: "12.4", or "0.073" below 1 (baseline_rounded)."""
    return f"{value:.2g}" if abs(value) < 1 else f"{value:.1f}"


def times_normal(ratio: float) -> str:
    """'240× normal', '2.5× normal', '3× normal': whole from 10 on, one decimal below (no
    '.0'). The one rounding of a ratio to normal, here and on the dashboard's Now cards;
    where it is shown, a label says what it compares ('peak 5 min', 'last hour')."""
    if ratio >= 9.95:  # halves up, as percents
        text = str(math.floor(ratio + 0.5))
    else:
        text = f"{math.floor(ratio * 10 + 0.5) / 10:.1f}".removesuffix(".0")
    return f"{text}× normal"


def peak_text(inc: IncidentDay) -> str:
    """The peak 5 minutes against the normal of 5 minutes: '11 vs 0.11 (98× normal)' (the
    table's header and the section's 'peak 5 min:' say which 5 minutes)."""
    if inc.peak_reports is None:
        return ""
    if inc.baseline_reports:
        ratio = f" ({times_normal(inc.peak_ratio)})" if inc.peak_ratio is not None else ""
        return f"{inc.peak_reports} vs {baseline_text(inc.baseline_reports)}{ratio}"
    return str(inc.peak_reports)


def whole_minutes(minutes: float) -> int:
    """Minutes rounded half away from zero (14.5 -> 15, -14.5 -> -15), as people round: the
    one rounding of a lead time, here and on every dashboard page."""
    return int(math.copysign(math.floor(abs(minutes) + 0.5), minutes))


def lead_phrase(minutes: float) -> str:
    """Our detection against the provider's first public acknowledgment, in words that need
    no sign decoded: 'detected 11 min before the status page', 'status page 1 min before our
    detection'. `minutes` is lead_time_minutes, the acknowledgment minus our detection (when
    the alert fired, not when the reports began): positive when we knew first. The one
    wording of a lead time, here and on every dashboard page."""
    lead = whole_minutes(minutes)
    if lead > 0:
        return f"detected {duration(lead)} before the status page"
    if lead < 0:
        return f"status page {duration(-lead)} before our detection"
    return "detected at the same time as the status page"


def lead_text(inc: IncidentDay) -> str:
    """When the provider acknowledged it, and how that compares with our detection."""
    if not inc.official_id and inc.official_acknowledged_at is None:
        return "no official notice"
    if inc.official_acknowledged_at is None:
        return "official notice, no acknowledgment time"
    when = f"acknowledged {ts(inc.official_acknowledged_at)}"
    if inc.lead_time_minutes is None:
        return when
    return f"{when}; {lead_phrase(inc.lead_time_minutes)}"


def compare(
    today: float,
    before: float,
    days: int,
    percent: bool,
    partial: date | None = None,
    name_partial: bool = True,
    covered: float | None = None,
) -> str:
    """Today against the daily average of the previous days with data (at most 7). The
    warehouse's first day, covered in part, is left out of the average, and said to be
    (once per headline: `name_partial` False on the lines after the first). `covered`, the
    days the average's full hours make, is said when another day was covered in part."""
    named = partial if name_partial else None
    left_out = f"{named:%Y-%m-%d}, the warehouse's first day, is partial" if named else ""
    if days == 0:
        if partial is None:
            return "no data for the previous 7 days"
        return "no whole day before to compare with" + (f" ({left_out})" if named else "")
    span = (
        "previous 7 days"
        if days == 7
        else f"previous {days} day{'s' if days > 1 else ''} with data"
    )
    if named:
        span += f" ({left_out} and left out)"
    if covered is not None and abs(covered - days) >= 0.005:
        span += f", {covered:g} days of data in all"
    text = f"{span}: {before:.1f}/day" if before < 10 else f"{span}: {before:.0f}/day"
    if percent and before > 0:
        text += f" ({(today - before) / before * 100:+.0f}%)"
    return text


def compare_hours(h: Headline) -> str:
    """A day covered in part, or after days covered in part: the hours both have, said
    plainly ("120 in the 12 full hours with data, against 96 on average in the same hours of
    the previous 5 days (+25%)"); an hour still under way is no full hour, so it is left out
    without a clause to say so."""
    if h.compared_hours == 0:
        return "no earlier data for these hours"
    days = h.prev7_days_with_data
    before = h.prev7_problem_reports_compared_hours
    hours = f"{h.compared_hours} full hour{'s' if h.compared_hours != 1 else ''} with data"
    earlier = (
        f"{before:.0f} in the same hours of the previous day with data"
        if days == 1
        else f"{before:.0f} on average in the same hours of the previous {days} days"
    )
    text = f"{h.problem_reports_compared_hours} in the {hours}, against {earlier}"
    if before > 0:
        text += f" ({(h.problem_reports_compared_hours - before) / before * 100:+.0f}%)"
    return text


def headline_lines(s: DailySummary) -> list[str]:
    """The headline as plain sentences (formatting-free, escaped by the caller)."""
    h = s.headline
    # as of a time past the data's end ("--until 15:00" on data that stops at 12:00), what
    # is known is as of the data's end; data_until is the last bucket's start
    # the cut's own bucket: a cut at 13:02 counts buckets up to 12:55, which is no data end
    cut = (
        s.as_of.replace(minute=s.as_of.minute - s.as_of.minute % 5, second=0, microsecond=0)
        if s.as_of
        else None
    )
    data_ends_first = h.data_until is not None and (
        cut is None or cut > h.data_until + timedelta(minutes=5)
    )
    if s.as_of is not None and s.as_of.date() <= s.day and not data_ends_first:
        end = f"{h.ongoing_at_end_of_day} still ongoing at {s.as_of:%H:%M} UTC"
    elif h.data_until is not None:
        end = (
            f"{h.ongoing_at_end_of_day} still ongoing when the data ends, {h.data_until:%H:%M} UTC"
        )
    else:
        end = f"{h.ongoing_at_end_of_day} still ongoing at the end of the day"
    whole = h.compared_hours == 24 or h.prev7_days_with_data == 0
    lines = [
        f"Incidents active: {h.incidents} ({h.new_incidents} new, {end}); "
        + compare(
            h.incidents, h.prev7_incidents_per_day, h.prev7_days_with_data, False, h.partial_day
        ),
        f"Problem reports: {h.problem_reports}{data_span(h)}; "
        + (
            compare(
                h.problem_reports,
                h.prev7_problem_reports_per_day,
                h.prev7_days_with_data,
                True,
                h.partial_day,
                name_partial=False,  # the line above named it
                covered=h.prev7_days_covered,
            )
            if whole
            else compare_hours(h)
        ),
    ]
    if h.largest:
        lines.append(
            "Largest: "
            + "; ".join(
                f"{s.incident(i).title} ({reports(s.incident(i).total_reports)})" for i in h.largest
            )
        )
    if h.services:
        lines.append(
            "Services most affected: "
            + ", ".join(f"{v.service_name} ({duration(v.minutes_disrupted)})" for v in h.services)
        )
    if h.countries:
        lines.append(
            "Countries most affected by the incidents (their reports): "
            + ", ".join(f"{country_name(c.country)} ({reports(c.reports)})" for c in h.countries)
        )
    return lines


def data_span(h: Headline) -> str:
    """ " (data from 12:00 UTC)" for a day whose data starts late (the warehouse's first),
    " (data until 11:55 UTC)" for one whose data stops early: its figures are of part of it."""
    if h.data_from is not None and h.data_until is not None:
        return f" (data from {h.data_from:%H:%M} until {h.data_until:%H:%M} UTC)"
    if h.data_from is not None:
        return f" (data from {h.data_from:%H:%M} UTC)"
    if h.data_until is not None:
        return f" (data until {h.data_until:%H:%M} UTC)"
    return ""


def as_of_text(s: DailySummary) -> str | None:
    """What a summary as of a moment leaves out, said once under its title."""
    if s.as_of is None:
        return None
    return (
        f"As of {ts(s.as_of)} UTC: posts, report counts and incidents as they stood then; "
        "anything later is left out."
    )


def empty_text(s: DailySummary) -> str:
    if not s.has_data:
        return f"No data for {s.day.isoformat()}: the warehouse holds no posts or report volume for this day."
    return f"No incidents were active on {s.day.isoformat()}."
