"""The daily summary as one self-contained HTML file: inline CSS, an inline SVG chart,
nothing fetched from anywhere, and a print stylesheet. Every datum is HTML-escaped."""

from __future__ import annotations

from datetime import datetime
from html import escape

from outagewatch.exports import fmt
from outagewatch.exports.coverage import BUCKET
from outagewatch.exports.model import DailySummary, Headline, IncidentDay

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;
max-width:960px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin-top:1.8rem;
border-bottom:1px solid #d0d7de}h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#57606a}.ongoing{color:#b42318;font-weight:600}
blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #d0d7de;color:#333}
code{font-size:.85em}svg{max-width:100%;height:auto}
body{overflow-wrap:break-word}.scroll{overflow-x:auto;max-width:100%}
section.incident{break-inside:avoid;page-break-inside:avoid}
@media (max-width:600px){svg.hourly text{font-size:22px}}
@media (max-width:600px){table{font-size:.8rem}td:first-child{min-width:9em}
td:not(:first-child){white-space:nowrap}}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;
text-decoration:none}h2{break-after:avoid}.scroll{overflow:visible}}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def chart(s: DailySummary, width: int = 720, height: int = 240) -> str:
    """Problem reports per hour (bars) against the normal level (line), as inline SVG. At
    3:1, a phone (about 360 px wide) still draws it 120 px tall (4:1 gave 90)."""
    h = s.headline
    values = h.hourly_reports or [0] * 24
    top = max([1, *values, *[int(b + 0.999) for b in h.hourly_prev7_mean]])
    # room for the labels at the bigger font a phone gets (CSS: svg.hourly text)
    left, bottom, plot_h = 56, 30, height - 46
    step = (width - left - 10) / 24
    parts = [
        f'<svg class="hourly" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="Problem reports per hour on {s.day.isoformat()}">',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        'stroke="#57606a"/>',
        f'<text x="{left - 6}" y="{height - bottom - plot_h + 4}" font-size="10" '
        f'text-anchor="end" fill="#57606a">{top}</text>',
        f'<text x="{left - 6}" y="{height - bottom}" font-size="10" text-anchor="end" '
        'fill="#57606a">0</text>',
    ]
    # a gridline half way, labelled: 0 and the top alone left the bars hard to read
    mid = height - bottom - plot_h * (top / 2) / top
    parts.append(
        f'<line x1="{left}" y1="{mid:.1f}" x2="{width - 10}" y2="{mid:.1f}" stroke="#d0d7de"/>'
        f'<text x="{left - 6}" y="{mid + 4:.1f}" font-size="10" text-anchor="end" '
        f'fill="#57606a">{top / 2:g}</text>'
    )
    partial = _partial_hours(h)
    for hour, n in enumerate(values):
        bar = plot_h * n / top
        x = left + hour * step
        # an hour the data covers only in part: outlined, lighter, and its tooltip says so
        look, note = (
            ('fill="#3b6fb6" fill-opacity="0.35" stroke="#3b6fb6"', " (part of the hour only)")
            if hour in partial
            else ('fill="#3b6fb6"', "")
        )
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - bar:.1f}" width="{step - 2:.1f}" '
            f'height="{bar:.1f}" {look}><title>{hour:02d}:00 {fmt.reports(n)}{note}</title></rect>'
        )
        if hour % 3 == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 6}" font-size="10" '
                f'text-anchor="middle" fill="#57606a">{hour:02d}</text>'
            )
    if h.prev7_days_with_data:
        points = " ".join(
            f"{left + (k + 0.5) * step:.1f},{height - bottom - plot_h * b / top:.1f}"
            for k, b in enumerate(h.hourly_prev7_mean)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#d4731b" '
            'stroke-width="2" stroke-dasharray="4 3"/>'
        )
    if h.data_until is not None:  # where the data ends: the hours after it are unknown, not 0
        end = h.data_until + BUCKET
        x = left + (end.hour + end.minute / 60) * step if end.date() == s.day else width - 10
        parts.append(
            f'<line x1="{x:.1f}" y1="{height - bottom}" x2="{x:.1f}" '
            f'y2="{height - bottom - plot_h}" stroke="#57606a" stroke-dasharray="2 2"/>'
            f'<text x="{x - 3:.1f}" y="{height - bottom - plot_h + 10}" font-size="10" '
            f'text-anchor="end" fill="#57606a">data until {end:%H:%M}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _partial_hours(h: Headline) -> set[int]:
    """The hours the day's data covers only in part: the first one's when it starts after
    :00, the last one's when it stops before the hour ends."""
    hours = set()
    if h.data_from is not None and h.data_from.minute:
        hours.add(h.data_from.hour)
    if h.data_until is not None and (h.data_until + BUCKET).minute:
        hours.add(h.data_until.hour)
    return hours


def _link(url: str | None, label: str, links: bool = True) -> str:
    if links and url and url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(label)}</a>'
    return _e(label)


def _row(i: IncidentDay, s: DailySummary) -> str:
    end = fmt.end_text(i, s.day)
    end_html = f'<span class="ongoing">{_e(end)}</span>' if end == "ongoing" else _e(end)
    cells = [
        f'<a href="#{_e(i.incident_id)}">{_e(fmt.table_title(i))}</a>',
        _e(fmt.hm(i.started_at, s.day)),
        end_html,
        _e(fmt.duration(i.duration_minutes)),
        _e(fmt.peak_text(i)),
        _e(fmt.country_shares(i.countries, 3)),
        _e(fmt.lead_text(i)),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _section(i: IncidentDay, s: DailySummary, links: bool) -> str:
    rows = [
        f'<section class="incident" id="{_e(i.incident_id)}"><h3>{_e(i.title)}</h3><ul>',
        f"<li><b>Service:</b> {_e(i.service_name)} (<code>{_e(i.service_slug)}</code>), "
        f"severity {_e(i.severity or 'unknown')}</li>",
        f"<li><b>When (UTC):</b> {_e(fmt.ts(i.started_at))} → "
        f"{'ongoing' if i.ongoing else _e(fmt.ts(i.resolved_at))}; peak {_e(fmt.ts(i.peak_at))}; "
        f"{_e(fmt.duration(i.duration_minutes))}{' so far' if i.ongoing else ''} in all, "
        f"{_e(fmt.duration(i.minutes_active_on_day))} on {s.day.isoformat()}</li>",
        f"<li><b>Reports:</b> {i.total_reports or 0} in all; peak 5 min: "
        f"{_e(fmt.peak_text(i))}</li>",
        f"<li><b>Countries:</b> {_e(fmt.country_shares(i.countries)) or 'unknown'}</li>",
        f"<li><b>Top symptoms</b> (share of the symptoms reported; a report may give two): {_e(fmt.symptom_shares(i.top_symptoms)) or 'unknown'}</li>",
        f"<li><b>Official:</b> {_e(fmt.lead_text(i))}"
        + (
            f" — {_link(i.official_url, i.official_name or 'status page', links)}"
            if i.official_url
            else ""
        )
        + "</li></ul>",
    ]
    for p in i.representative_posts:
        who = f"<code>{_e(p.author_hash)}</code>" if p.author_hash else "anonymous"
        rows.append(
            f"<blockquote>{_e(p.text)}<br><span class='muted'>— {who} on "
            f"{_e(p.source)}, {_e(fmt.ts(p.created_at))} UTC"
            + (f", {_e(fmt.country_name(p.country))}" if p.country else "")
            + "</span>"
            "</blockquote>"
        )
    return "".join(rows) + "</section>"


def render(s: DailySummary, stamp: datetime | None = None, links: bool = True) -> str:
    """The page; `links=False` shows the status page's name as text, not a link."""
    day = s.day.isoformat()
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Outage summary {day}</title><style>{CSS}</style></head><body>",
        f"<h1>Outage summary for {day} <span class='muted'>(UTC)</span></h1>",
    ]
    if stamp is not None:
        out.append(f"<p class='muted'>Generated at {_e(fmt.ts(stamp))} UTC.</p>")
    if (as_of := fmt.as_of_text(s)) is not None:
        out.append(f"<p class='muted'>{_e(as_of)}</p>")
    if not s.incidents:
        out.append(f"<p>{_e(fmt.empty_text(s))}</p>")
    if s.has_data:
        out.append("<h2>Headline</h2><ul>")
        out += [f"<li>{_e(line)}</li>" for line in fmt.headline_lines(s)]
        out.append("</ul><h2>Problem reports per hour</h2>" + chart(s))
        out.append(
            "<p class='muted'>Bars: problem reports per hour, all services. "
            "Dashed line: the hourly average of the previous days with data (up to 7).</p>"
        )
    if s.incidents:
        out.append(
            # the table scrolls sideways in its own box on a phone, never the page
            "<h2>Incidents</h2><div class='scroll'><table><thead><tr>"
            + "".join(f"<th>{_e(c)}</th>" for c in fmt.TABLE_COLUMNS)
            + "</tr></thead><tbody>"
        )
        out += [_row(i, s) for i in s.incidents]
        out.append("</tbody></table></div>")
        out += [_section(i, s, links) for i in s.incidents]
    out.append("</body></html>\n")
    return "\n".join(out)
