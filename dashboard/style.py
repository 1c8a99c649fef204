"""Colours and small HTML pieces. The palette is Okabe–Ito (safe for the common forms of
colour blindness) and every colour comes with a text label, never colour alone."""

from __future__ import annotations

import base64
import html

import streamlit as st

# Okabe–Ito
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
BLUE = "#0072B2"
GREEN = "#009E73"
YELLOW = "#F0E442"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"

# severity -> (background, text colour, label with a shape cue that survives greyscale)
SEVERITY: dict[str, tuple[str, str, str]] = {
    "critical": (VERMILLION, "#FFFFFF", "▲▲▲ critical"),
    "major": (ORANGE, "#000000", "▲▲ major"),
    "minor": (SKY, "#000000", "▲ minor"),
}
# "open", the word the selector, tables and Explore's SQL (status = 'open') use too
STATUS: dict[str, tuple[str, str, str]] = {
    "open": (BLUE, "#FFFFFF", "● open"),
    "resolved": (GREEN, "#FFFFFF", "✓ resolved"),
    "elevated": (YELLOW, "#000000", "◆ elevated"),
}
# the colours of the provider's status; its words are the provider's (official_text)
OFFICIAL: dict[str, tuple[str, str]] = {
    "investigating": (ORANGE, "#000000"),
    "identified": (ORANGE, "#000000"),
    "monitoring": (SKY, "#000000"),
    "resolved": (GREEN, "#FFFFFF"),
    "postmortem": (GREEN, "#FFFFFF"),
}
SEVERITY_ORDER = ["critical", "major", "minor"]
SEVERITY_COLOURS = [SEVERITY[s][0] for s in SEVERITY_ORDER]

CSS = """
<style>
.ow-badge{display:inline-block;padding:0.1rem 0.5rem;margin:0 0.25rem 0.25rem 0;
  border-radius:0.6rem;font-size:0.8rem;font-weight:600;line-height:1.3;white-space:nowrap}
.ow-muted{color:#555;font-size:0.85rem}
.ow-card-title{font-size:1.15rem;font-weight:700;margin:0 0 0.2rem 0}
.ow-post{border-left:3px solid #0072B2;padding:0.2rem 0.6rem;margin:0.3rem 0}
.ow-chip{display:inline-block;padding:0 0.45rem;margin:0 0.2rem 0.2rem 0;border:1px solid #888;
  border-radius:0.5rem;font-size:0.85rem}
@media (max-width: 640px){ .ow-card-title{font-size:1.05rem} }
/* a wide Markdown table (the daily summary's) scrolls sideways on a phone, not clipped */
[data-testid="stMarkdownContainer"] table{display:block;max-width:100%;overflow-x:auto}
/* ...and on a phone keeps its first column (the incident's title) readable, with its start
   and end beside it: the other cells stay on one line (scrolled to, not wrapped into rows
   taller than the screen) and do not take the title's width */
@media (max-width: 640px){
  .st-key-daily_summary table{font-size:0.8rem}
  .st-key-daily_summary td:first-child{min-width:9rem}
  .st-key-daily_summary td:not(:first-child){white-space:nowrap}
}
</style>
"""


def inject_css() -> None:
    st.html(CSS)


def badge(kind: str, table: dict[str, tuple[str, str, str]], fallback: str | None = None) -> str:
    bg, fg, label = table.get(kind or "", ("#DDDDDD", "#000000", fallback or kind or "unknown"))
    return f'<span class="ow-badge" style="background:{bg};color:{fg}">{html.escape(label)}</span>'


def severity_badge(severity: str | None) -> str:
    return badge(severity or "", SEVERITY, fallback=f"{severity or 'unrated'}")


def status_badge(status: str | None) -> str:
    return badge(status or "", STATUS)


def official_text(status: object, impact: object = None) -> str:
    """'status page: identified · provider's impact: major': the impact is the provider's
    own rating, which sits next to our severity badge and must not read as a second one."""
    text = f"status page: {status if isinstance(status, str) and status else 'unknown'}"
    if isinstance(impact, str) and impact:
        text += f" · provider's impact: {impact}"
    return text


def official_badge(status: object, impact: object = None) -> str:
    text = official_text(status, impact)
    bg, fg = OFFICIAL.get(status if isinstance(status, str) else "", ("#DDDDDD", "#000000"))
    return f'<span class="ow-badge" style="background:{bg};color:{fg}">{html.escape(text)}</span>'


def chips(words: list[str]) -> str:
    return "".join(f'<span class="ow-chip">{html.escape(str(w))}</span>' for w in words)


def sparkline(values: list[float], label: str, colour: str = BLUE) -> str:
    """A tiny SVG line as an <img>: cheap for the browser (a Vega chart per card costs
    ~0.3 s on a small machine), and st.html keeps images while it strips inline SVG."""
    if len(values) < 2:
        return ""
    top = max(max(values), 1)
    step = 200 / (len(values) - 1)
    pts = " ".join(f"{i * step:.1f},{38 - 34 * v / top:.1f}" for i, v in enumerate(values))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" '
        'preserveAspectRatio="none">'
        f'<polygon points="0,40 {pts} 200,40" fill="{colour}" fill-opacity="0.18"/>'
        f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="1.5" '
        'vector-effect="non-scaling-stroke"/></svg>'
    )
    data = base64.b64encode(svg.encode()).decode()
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(label)}" '
        'style="width:100%;height:40px;display:block">'
    )


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text))
