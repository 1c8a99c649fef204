"""Altair charts: reports against the normal band (the chart people know from outage
sites), with incident spans shaded and incident milestones marked; horizontal shares."""

from __future__ import annotations

import altair as alt
import pandas as pd
from altair.utils.schemapi import UndefinedType

from dashboard.style import BLUE, GREY, ORANGE, VERMILLION

X_TITLE = "time (UTC)"
# counts are whole numbers: no "0.5 reports" ticks on a quiet service
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
# the report axis never tops out below this many reports, and leaves a fifth above the
# highest value: a quiet service's band (its top is 1 report) reads as a thin band and its
# single reports as small counts, not as bars and a band filling the whole plot
COUNT_FLOOR = 3
HEADROOM = 1.2
EVENT_COLOURS = {
    "started": ORANGE,
    "detected": VERMILLION,
    "peak": "#000000",
    "official acknowledgment": "#CC79A7",
    "resolved": "#009E73",
}


def count_domain_max(series: pd.DataFrame) -> float:
    """The top of the report axis: max(COUNT_FLOOR, HEADROOM x the highest value drawn)."""
    cols = [c for c in ("reports", "baseline", "upper", "service_reports") if c in series]
    top = pd.to_numeric(series[cols].stack(), errors="coerce").max() if cols else None
    top = 0.0 if top is None or pd.isna(top) else float(top)
    return max(float(COUNT_FLOOR), HEADROOM * top)


def count_scale(series: pd.DataFrame) -> alt.Scale:
    """The y scale every layer of a report chart shares, from zero (rounded up to a nice
    number of reports)."""
    return alt.Scale(domain=[0, count_domain_max(series)], nice=True, zero=True)


def _band_layers(series: pd.DataFrame, unit: str) -> list[alt.Chart]:
    data = series.assign(
        upper=series["upper"].fillna(series["baseline"]) if "upper" in series else None,
    )
    scale = count_scale(data)
    x = alt.X("bucket:T", title=X_TITLE, axis=alt.Axis(format="%a %H:%M", labelOverlap=True))
    band = (
        alt.Chart(data)
        .mark_area(color="#BBBBBB", opacity=0.45)
        .encode(
            x=x,
            y=alt.Y("upper:Q", title=f"problem reports per {unit}", axis=COUNT_AXIS, scale=scale),
            y2=alt.datum(0),
        )
    )
    baseline = (
        alt.Chart(data)
        .mark_line(color=GREY, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x, y=alt.Y("baseline:Q", scale=scale))
    )
    reports = (
        alt.Chart(data)
        .mark_area(
            line={"color": BLUE, "strokeWidth": 1.8},
            color=BLUE,
            opacity=0.25,
            interpolate="step-after",
        )
        .encode(
            x=x,
            y=alt.Y("reports:Q", scale=scale),
            tooltip=[
                alt.Tooltip("bucket:T", title="from", format="%Y-%m-%d %H:%M"),
                alt.Tooltip("reports:Q", title="reports"),
                alt.Tooltip("baseline:Q", title="normal", format=".1f"),
                alt.Tooltip("upper:Q", title="top of normal", format=".1f"),
            ],
        )
    )
    return [band, baseline, reports]


def volume_chart(
    series: pd.DataFrame, spans: pd.DataFrame | None, unit: str = "5 min", height: int = 300
) -> alt.LayerChart:
    """Reports per bucket over the normal band (grey), incident spans shaded."""
    layers: list[alt.Chart] = []
    if spans is not None and not spans.empty:
        lo, hi = series["bucket"].min(), series["bucket"].max()
        s = spans.assign(
            started_at=spans["started_at"].clip(lower=lo),
            ended_at=spans["ended_at"].clip(upper=hi),
            label=[f"incident ({sev or 'unrated'})" for sev in spans["severity"]],
        )
        layers.append(
            alt.Chart(s)
            .mark_rect(color=ORANGE, opacity=0.18)
            .encode(
                x="started_at:T",
                x2="ended_at:T",
                tooltip=[
                    alt.Tooltip("label:N", title=""),
                    alt.Tooltip("started_at:T", format="%H:%M"),
                    alt.Tooltip("ended_at:T", format="%H:%M"),
                ],
            )
        )
    layers += _band_layers(series, unit)
    return alt.layer(*layers).properties(height=height, width="container")


# Milestone labels: their rows are set here, for a phone-wide chart (rows that do not collide
# there do not collide on a wider screen); which side of its rule a label sits on is decided
# in the browser, where the chart's width is known (LABEL_SIDE).
LABEL_PX_PER_CHAR = 6.5  # 11 px bold
LABEL_CHART_PX = 340
LABEL_ROW_PX = 14
LABEL_GAP_PX = 6  # the label's offset from its rule (4) and a little air

# Vega expression: right of its own rule when the label fits before the next milestone's
# rule (and the chart's edge), else left of it when it fits after the previous one, else
# whichever side keeps it inside the chart. Sides computed in Python for a 340 px chart
# were wrong at 1300 px: a label flipped left across another milestone's rule although it
# fitted on the right.
_X = "scale('x', datum.at)"
_ROOM_RIGHT = f"((isValid(datum.next_ms) ? scale('x', datum.next_ms) : width) - {_X})"
_ROOM_LEFT = f"({_X} - (isValid(datum.prev_ms) ? scale('x', datum.prev_ms) : 0))"
_RIGHT_OF_RULE = (
    f"(datum.w + {LABEL_GAP_PX} <= {_ROOM_RIGHT} || "
    f"(datum.w + {LABEL_GAP_PX} > {_ROOM_LEFT} && {_X} + datum.w + {LABEL_GAP_PX} <= width))"
)
LABEL_SIDE = {
    "align": {"expr": f"{_RIGHT_OF_RULE} ? 'left' : 'right'"},
    "dx": {"expr": f"{_RIGHT_OF_RULE} ? 4 : -4"},
}


def label_rows(events: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """`events` (at, event) with what their labels need: `row` (pixels from the top), `w`
    (the label's width in pixels) and `prev_ms` / `next_ms`, the neighbouring milestones'
    times (epoch ms, None at either end) that LABEL_SIDE keeps the label between.

    Rows are set for a phone-wide chart and either side of the rule (the browser picks the
    side): labels whose extents could overlap go to different rows (greedy interval
    partitioning, earliest first), so close milestones never print on top of each other.
    """
    span = max(end - start, pd.Timedelta(minutes=5))
    per_char = span * (LABEL_PX_PER_CHAR / LABEL_CHART_PX)
    ev = events.dropna(subset=["at"]).sort_values("at", kind="stable").reset_index(drop=True)
    width = [per_char * (len(str(e)) + 1) for e in ev["event"]]
    lo = [at - w for at, w in zip(ev["at"], width, strict=True)]
    rows: list[pd.Timestamp] = []  # where each row's last label may end
    row_of = [0] * len(ev)
    for i in range(len(ev)):
        hi = ev["at"][i] + width[i]
        free = next((r for r, taken in enumerate(rows) if taken <= lo[i]), None)
        if free is None:
            free = len(rows)
            rows.append(hi)
        rows[free] = hi
        row_of[i] = free
    ms = [int(pd.Timestamp(t).value // 1_000_000) for t in ev["at"]]
    return ev.assign(
        row=[4 + LABEL_ROW_PX * r for r in row_of],
        w=[round(LABEL_PX_PER_CHAR * (len(str(e)) + 1)) for e in ev["event"]],
        prev_ms=[_neighbour(ms, i, -1) for i in range(len(ms))],
        next_ms=[_neighbour(ms, i, 1) for i in range(len(ms))],
    )


def _neighbour(ms: list[int], i: int, step: int) -> float | None:
    """The nearest other milestone time before (step -1) or after (+1) `ms[i]`: a milestone
    at the same minute shares the rule, so it is no bound."""
    j = i + step
    while 0 <= j < len(ms) and ms[j] == ms[i]:
        j += step
    return float(ms[j]) if 0 <= j < len(ms) else None


def timeline_chart(series: pd.DataFrame, events: pd.DataFrame, height: int = 320) -> alt.LayerChart:
    """An incident's reports vs baseline with its milestones as labelled rules.
    `events` has columns (at, event); each rule carries its name, so there is no legend.
    A `service_reports` column in `series` (the whole service) is drawn as a thin grey line."""
    layers = _band_layers(series, "5 min")
    if "service_reports" in series:  # the whole service, when the bars are one incident's
        layers.append(
            alt.Chart(series)
            .mark_line(color=GREY, strokeWidth=1.2, opacity=0.9, interpolate="step-after")
            .encode(
                x="bucket:T",
                y=alt.Y("service_reports:Q", scale=count_scale(series)),
                tooltip=[
                    alt.Tooltip("bucket:T", title="from", format="%Y-%m-%d %H:%M"),
                    alt.Tooltip("service_reports:Q", title="all reports of the service"),
                ],
            )
        )
    if not events.empty and len(series):
        start = series["bucket"].min()
        end = series["bucket"].max() + pd.Timedelta(minutes=5)
        ev = label_rows(events, start, end)
        colour = alt.Color(
            "event:N",
            scale=alt.Scale(  # only the milestones this incident has, in story order
                domain=[e for e in EVENT_COLOURS if e in set(ev["event"])],
                range=[c for e, c in EVENT_COLOURS.items() if e in set(ev["event"])],
            ),
            legend=None,
        )
        layers.append(
            alt.Chart(ev)
            .mark_rule(strokeWidth=2, strokeDash=[6, 2])
            .encode(
                x="at:T",
                color=colour,
                tooltip=[alt.Tooltip("event:N"), alt.Tooltip("at:T", format="%Y-%m-%d %H:%M")],
            )
        )
        text = {"fontSize": 11, "baseline": "top", "fontWeight": "bold", **LABEL_SIDE}
        where = {"x": "at:T", "y": alt.Y("row:Q", scale=None), "text": "event:N"}
        # a white halo first: a rule close to a label (a phone's narrow chart) leaves it
        # readable
        layers.append(
            alt.Chart(ev)
            .mark_text(**text, color="white", stroke="white", strokeWidth=4)
            .encode(**where)
        )
        layers.append(alt.Chart(ev).mark_text(**text).encode(**where, color=colour))
    return alt.layer(*layers).properties(height=height, width="container")


# room beyond the longest bar for its printed value, as a share of the axis's span
LABEL_ROOM = 0.15


PERCENT_TICKS = [0, 25, 50, 75, 100]


def value_domain(values: pd.Series) -> list[float]:
    """The value axis of a bar chart: from zero, or just below the lowest negative value, to
    the highest value plus room for its printed value (every label sits right of its bar or
    of zero, see share_bars). Left to Vega, "nice" rounding ran a chart whose lowest bar was
    -0.9 out to -10."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    low = min(float(numbers.min()), 0.0) if len(numbers) else 0.0
    high = max(float(numbers.max()), 0.0) if len(numbers) else 0.0
    span = high - low or 1.0
    return [low - span * 0.01 if low < 0 else 0.0, high + span * LABEL_ROOM]


def share_bars(
    frame: pd.DataFrame,
    label: str,
    value: str = "reports",
    title: str = "",
    colour: str = BLUE,
    height: int | None = None,
    value_title: str | None = None,
    value_format: str = ",",
    percent: bool = False,
) -> alt.LayerChart:
    """Horizontal bars, biggest first, with the value printed right of each bar
    (`value_format` for values that are not counts, e.g. ',.2~f' for minutes); a negative
    bar's value right of zero, beside the bar's base (at its end it sat on the bar).
    `percent`: the values are shares of 100, on one axis for every chart (ticks 0 to 100,
    room for a label past 100 but no tick there), so two incidents' charts compare."""
    n = len(frame)
    axis = COUNT_AXIS if value_format == "," else alt.Axis()
    domain = value_domain(frame[value])
    if percent:
        axis = alt.Axis(values=PERCENT_TICKS)
        domain = [0.0, round(100 * (1 + LABEL_ROOM), 6)]
    scale = alt.Scale(domain=domain, nice=False)
    # where each value is printed: right of its bar, or of zero for a negative one
    data = frame.assign(_label_at=pd.to_numeric(frame[value], errors="coerce").clip(lower=0))
    base = alt.Chart(data).encode(
        y=alt.Y(
            f"{label}:N",
            # by the value itself: "-x" read each layer's x, the labels' differs from the
            # bars' for a negative value, and Vega-Lite then fell back to A-Z
            sort=alt.EncodingSortField(field=value, op="sum", order="descending"),
            title=title or None,
            axis=alt.Axis(labelLimit=180, labelOverlap=False),
        ),
        x=alt.X(f"{value}:Q", title=value_title or value, axis=axis, scale=scale),
        tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=value_format)],
    )
    bars = base.mark_bar(color=colour)
    text = base.mark_text(align="left", dx=3).encode(
        x=alt.X("_label_at:Q", scale=scale), text=alt.Text(f"{value}:Q", format=value_format)
    )
    return (bars + text).properties(height=height or 60 + 26 * n, width="container")


def time_format(values: pd.Series) -> str:
    """24-hour ticks as on the other charts: whole days as dates, up to a week as
    'Fri 11:05', longer as '11-20 11:05' (Vega's default was '12 PM')."""
    times = pd.to_datetime(values.dropna())
    if times.empty:
        return "%Y-%m-%d %H:%M"
    if (times == times.dt.normalize()).all():
        return "%Y-%m-%d"
    return "%a %H:%M" if times.max() - times.min() <= pd.Timedelta(days=7) else "%m-%d %H:%M"


def _one_per_x(frame: pd.DataFrame, x: str, y: str) -> tuple[pd.DataFrame, str]:
    """One value per x: rows sharing an x (a day of several services) are summed, and the
    axis title says so, instead of a line zigzagging through them."""
    if not frame[x].duplicated().any():
        return frame, y
    return frame.groupby(x, as_index=False, dropna=False)[y].sum(), f"{y} (sum per {x})"


def is_whole_days(values: pd.Series) -> bool:
    """Whether a time column holds days (every value at midnight: a DATE read from DuckDB
    arrives as a timestamp), to be shown as dates, not as '2026-11-20 00:00:00'."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        return False
    times = pd.to_datetime(values.dropna())
    return bool(len(times)) and bool((times == times.dt.normalize()).all())


def count_axis(values: pd.Series) -> alt.Axis | UndefinedType:
    """Whole-number ticks for a column of whole numbers (a count of incidents read 0.5, 1.5
    on a small axis, as the map legends did before tickMinStep); Vega's own axis otherwise."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    if len(numbers) and bool((numbers % 1 == 0).all()):
        return alt.Axis(tickMinStep=1, format=",d")
    return alt.Undefined


def _day_bars(data: pd.DataFrame, x: str, y: str, y_title: str) -> alt.Chart:
    """Daily values as one bar per day under one label per day. A time axis left to itself
    put a tick every 12 hours (each date twice) and joined daily totals with a line. The
    axis lists every day from the first to the last, so a day without a row shows as a gap,
    not as a neighbour's bar."""
    days = pd.to_datetime(data[x])
    every = pd.date_range(days.min(), days.max(), freq="D").strftime("%Y-%m-%d").tolist()
    shown = data.assign(**{x: days.dt.strftime("%Y-%m-%d")})
    # (over a year of days, only the days with a row: an axis of every day would be unreadable)
    scale = alt.Scale(domain=every) if len(every) <= 366 else alt.Undefined
    return (
        alt.Chart(shown)
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X(
                f"{x}:O",
                title=f"{x} (UTC)",
                scale=scale,
                # level, as on the other charts; a phone too narrow for all shows every other
                axis=alt.Axis(labelAngle=0, labelOverlap="parity"),
            ),
            y=alt.Y(f"{y}:Q", title=y_title, axis=count_axis(shown[y])),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=f"{x} (UTC)"),
                alt.Tooltip(f"{y}:Q", title=y_title, format=",.4~f"),
            ],
        )
        .properties(height=300, width="container")
    )


def auto_chart(frame: pd.DataFrame, x: str, y: str, value_format: str | None = None) -> alt.Chart:
    """A first look at an arbitrary query result: bars per day for days, a line over other
    times, else horizontal bars. `value_format` (d3, e.g. ",.1f") prints the bars' values
    as the table shows them. Bars are the dashboard's blue (the vermillion they were is the
    "critical" badge's)."""
    data, y_title = _one_per_x(frame[[x, y]].dropna(subset=[y]), x, y)
    if is_whole_days(data[x]):
        return _day_bars(data, x, y, y_title)
    if pd.api.types.is_datetime64_any_dtype(data[x].dtype):
        fmt = time_format(data[x])
        return (
            alt.Chart(data)
            .mark_line(color=BLUE, point=len(data) < 60)
            .encode(
                x=alt.X(f"{x}:T", title=f"{x} (UTC)", axis=alt.Axis(format=fmt, labelOverlap=True)),
                y=alt.Y(f"{y}:Q", title=y_title, axis=count_axis(data[y])),
                tooltip=[
                    alt.Tooltip(f"{x}:T", title=f"{x} (UTC)", format="%Y-%m-%d %H:%M"),
                    alt.Tooltip(f"{y}:Q", title=y_title, format=",.4~f"),
                ],
            )
            .properties(height=300, width="container")
        )
    top = data.nlargest(40, y) if len(data) > 40 else data
    whole = bool((top[y].dropna() % 1 == 0).all())
    return share_bars(
        top.assign(**{x: top[x].astype(str)}),
        x,
        y,
        value_title=y_title,
        value_format=value_format or ("," if whole else ",.2~f"),  # not '14.6481166667'
    )
