"""The daily summary as GitHub-flavoured Markdown: a headline, a table, then one section per
incident. Post text is untrusted, so Markdown and HTML characters in it are escaped.

`links=False` writes a link's label as plain text: the dashboard shows the demo's summary so,
its status pages being simulated."""

from __future__ import annotations

import re
from datetime import datetime

from outagewatch.exports import fmt
from outagewatch.exports.model import DailySummary, IncidentDay

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def esc(text: str | None) -> str:
    """Escape Markdown/HTML so a post cannot add links, tables or markup."""
    return _SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def _table(s: DailySummary) -> list[str]:
    lines = [
        "| " + " | ".join(fmt.TABLE_COLUMNS) + " |",
        "|" + "---|" * len(fmt.TABLE_COLUMNS),
    ]
    for i in s.incidents:
        cells = [
            esc(fmt.table_title(i)),
            fmt.hm(i.started_at, s.day),
            fmt.end_text(i, s.day),
            fmt.duration(i.duration_minutes),
            fmt.peak_text(i),
            esc(fmt.country_shares(i.countries, 3)),
            esc(fmt.lead_text(i)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _section(i: IncidentDay, day_iso: str, links: bool) -> list[str]:
    out = [
        f"### {esc(i.title)}",
        "",
        f"- **Service:** {esc(i.service_name)} (`{i.service_slug}`), severity "
        f"{esc(i.severity or 'unknown')}, incident `{i.incident_id}`",
        f"- **When (UTC):** {fmt.ts(i.started_at)} → "
        + ("ongoing" if i.ongoing else fmt.ts(i.resolved_at))
        + f"; peak {fmt.ts(i.peak_at)}; {fmt.duration(i.duration_minutes)}{' so far' if i.ongoing else ''} in all, "
        f"{fmt.duration(i.minutes_active_on_day)} on {day_iso}",
        f"- **Reports:** {i.total_reports or 0} in all; peak 5 min: {esc(fmt.peak_text(i))}",
    ]
    if i.countries:
        out.append("- **Countries:** " + esc(fmt.country_shares(i.countries)))
    if i.top_symptoms:
        out.append(
            "- **Top symptoms** (share of the symptoms reported; a report may give two): "
            + esc(fmt.symptom_shares(i.top_symptoms))
        )
    official = fmt.lead_text(i)
    if i.official_url and links:
        official += f" — [{esc(i.official_name or 'status page')}](<{i.official_url}>)"
    elif i.official_url:
        official = esc(f"{official} — {i.official_name or 'status page'}")
    else:
        official = esc(official)
    out.append("- **Official:** " + official)
    if i.representative_posts:
        out += ["", "Representative posts:", ""]
        for p in i.representative_posts:
            who = f"`{p.author_hash}`" if p.author_hash else "anonymous"
            out.append(f"> {esc(p.text)}  ")
            out.append(
                f"> — {who} on {esc(p.source)}, {fmt.ts(p.created_at)}"
                + (f" UTC, {esc(fmt.country_name(p.country))}" if p.country else " UTC")
            )
            out.append("")
    return out + [""]


def render(s: DailySummary, stamp: datetime | None = None, links: bool = True) -> str:
    day = s.day.isoformat()
    out = [f"# Outage summary for {day} (UTC)", ""]
    if stamp is not None:
        out += [f"_Generated at {fmt.ts(stamp)} UTC._", ""]
    if (as_of := fmt.as_of_text(s)) is not None:
        out += [f"_{esc(as_of)}_", ""]
    if not s.incidents:
        out += [fmt.empty_text(s), ""]
        if s.has_data:
            out += ["- " + esc(line) for line in fmt.headline_lines(s)] + [""]
        return "\n".join(out)
    out += ["## Headline", ""] + ["- " + esc(line) for line in fmt.headline_lines(s)] + [""]
    out += ["## Incidents", ""] + _table(s) + [""]
    for i in s.incidents:
        out += _section(i, day, links)
    return "\n".join(out).rstrip("\n") + "\n"
