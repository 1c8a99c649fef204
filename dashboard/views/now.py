"""Now: which services have problems right now, where, and what recently recovered.

The body is a fragment with run_every, so it refreshes itself without a page reload."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard import config, elevation, geo, labels, links, wording
from dashboard.queries import now_snapshot
from dashboard.style import esc, official_badge, severity_badge, sparkline, status_badge
from dashboard.ui import (
    db_and_now,
    drop_foreign_params,
    freshness,
    guarded,
    share_column,
    shares_shown,
)
from outagewatch.exports import fmt

COLUMNS = 3


def _num(value: object, default: float = 0.0) -> float:
    return default if value is None or pd.isna(value) else float(value)


def _where(row: pd.Series) -> str:
    """The countries holding most reports (at most three), and how many others had a few."""

    def codes(value: object) -> list[str]:
        """`countries` ("US,DE") or `main_countries` (a list) as codes."""
        if isinstance(value, str):
            return [c for c in value.split(",") if c]
        if value is None or pd.api.types.is_scalar(value):  # NULL, NaN
            return []
        return [str(c) for c in value]

    every = codes(row.get("countries"))
    main = codes(row.get("main_countries"))[:3] or every[:3]
    if not main:
        return "not known"
    text = ", ".join(geo.country_name(c) for c in main)
    if rest := len(every) - len(main):
        text += f" · a few reports from {rest} other {'country' if rest == 1 else 'countries'}"
    return text


def _card(
    row: pd.Series, hour: pd.DataFrame, spark: pd.DataFrame, now: datetime, own: pd.Series | None
) -> None:
    """One open incident. `own`: the reports of each of the service's incidents in the last
    hour, when it has more than one open; then the card counts and names its own."""
    slug = row["service_slug"]
    h = hour[hour["service_slug"] == slug]
    reports = int(h["reports"].iloc[0]) if len(h) else 0
    normal = _num(h["normal"].iloc[0]) if len(h) else 0.0
    name = row["service_name"] or slug
    if own is not None:
        reports = int(own.get(row["incident_id"], 0))
        name = row["title"] or name
    series = spark.loc[spark["service_slug"] == slug, "reports"].tolist()
    with st.container(border=True):
        st.html(
            f'<div class="ow-card-title">{esc(name)}</div>'
            f"{severity_badge(row['severity'])}{status_badge(row['status'])}"
        )
        st.metric(
            "Problem reports, last hour",
            f"{reports:,}",
            delta=card_delta(reports, normal),
            delta_color="off",
            delta_arrow="off",
        )
        whose = f", all of {row['service_name'] or slug}" if own is not None else ""
        st.html(
            sparkline(series, "problem reports per 5 minutes over the last 6 hours")
            + f'<div class="ow-muted">last 6 h{esc(whose)}</div>'
        )
        started = row["started_at"].to_pydatetime()
        lines = [
            f"**Top symptom:** {str(row['top_symptom'] or 'unknown').replace('_', ' ')}",
            f"**Where:** {_where(row)}",
            f"**Started** {config.ago(started, now)} ({started:%H:%M} UTC)",
        ]
        st.markdown("  \n".join(lines))
        if pd.notna(row.get("official_id")):
            phrase = wording.lead_phrase(row["lead_time_minutes"])
            lead_text = f" · {phrase}" if phrase else ""
            st.html(
                official_badge(row.get("official_status"), row.get("official_impact"))
                + f'<span class="ow-muted">{esc(lead_text)}</span>'
            )
        else:
            st.html('<span class="ow-muted">No official acknowledgment yet</span>')
        links.page_link("incident", "Incident details →", id=str(row["incident_id"]))


def card_delta(reports: int, normal: float) -> str:
    """'last hour: 51× normal (0.7 / h)': the ratio rounded as the daily summary's "peak 5
    min: 98× normal", and the normal it divides by, which is the last hour's (the mean of its
    baselines, service_hour). The Incident page's is the one at the peak, another number, so
    each says which hour it is. Short enough for a phone's card."""
    if normal >= 0.5:
        return f"last hour: {fmt.times_normal(reports / normal)} ({wording.per_hour(normal)})"
    return f"normally quiet: last hour's normal ≈ {wording.per_hour(normal)}"


def _elevated(snap: dict[str, pd.DataFrame], active: pd.DataFrame) -> pd.DataFrame:
    """Services whose last minutes stand clearly above their normal band (elevation.py's
    rule, not only the detector's flag on one bucket) without an open incident: the minutes
    between an outage's start and its detection."""
    hour, recent = snap["last_hour"], snap["recent"]
    until = snap["params"]["until"].iloc[0].to_pydatetime()
    above = set(elevation.recent_above(recent, until)["service_slug"])
    above -= set(active["service_slug"])
    if not above:
        return hour.iloc[0:0]
    out = hour[hour["service_slug"].isin(above)]
    return out.sort_values("reports", ascending=False)


def _cards(snap: dict[str, pd.DataFrame], now: datetime) -> None:
    active, hour, spark = snap["active"], snap["last_hour"], snap["spark"]
    elevated = _elevated(snap, active)
    shared = set(active.loc[active["service_slug"].duplicated(), "service_slug"])
    own = snap["own_hour"].set_index("incident_id")["reports"] if shared else None
    n = len(active)
    st.subheader(f"Problems right now ({_count(active)})")
    if not n and len(elevated):  # never "every service looks normal" while one is not
        st.warning(
            f"No open incident yet, but {labels.plural(len(elevated), 'service')} "
            f"{'reports' if len(elevated) == 1 else 'report'} above normal (below)."
        )
    elif not n:
        st.success("No open incidents: every service looks normal.")
    for start in range(0, n, COLUMNS):
        cols = st.columns(COLUMNS)
        for col, (_, row) in zip(
            cols, active.iloc[start : start + COLUMNS].iterrows(), strict=False
        ):
            with col:
                _card(row, hour, spark, now, own if row["service_slug"] in shared else None)
    if len(elevated):
        st.markdown(
            "**Above normal, no incident yet:** "
            + ", ".join(_elevated_text(r) for r in elevated.head(8).itertuples())
        )
        st.caption(elevation.EXPLAINED)


def _elevated_text(r: object) -> str:
    """'Deutsche Telekom (14 reports in the last hour, normal ≈ 0.6 / h)'."""
    name = esc(r.service_name or r.service_slug)
    normal = "" if pd.isna(r.normal) else f", normal ≈ {wording.per_hour(float(r.normal))}"
    return f"{name} ({fmt.reports(int(r.reports))} in the last hour{normal})"


def _map(snap: dict[str, pd.DataFrame]) -> None:
    st.subheader("Where: problem reports in the last 24 h")
    countries, cities = snap["countries"], snap["cities"]
    if countries.empty and cities.empty:
        st.info("No located problem reports in the last 24 hours.")
        return
    left, right = st.columns([3, 1])
    with left:
        st.vega_lite_chart(geo.world_map(countries, cities), width="stretch")
    with right:
        table = geo.country_table(countries).head(12)
        # the share of the located reports, named so as on the Incident page
        st.dataframe(
            shares_shown(table[["country", "reports", "share"]].assign(share=table["share"] * 100)),
            hide_index=True,
            column_config={"share": share_column("of located")},
            height="content",  # its (at most 12) rows, not 10 and an inner scroll for the rest
        )
    total = int(snap["all_reports"]["reports"].iloc[0]) if len(snap["all_reports"]) else 0
    located = int(countries["reports"].sum())
    if note := geo.map_note(countries, cities):
        st.caption(note)
    if note := wording.unlocated_note(total, located, "the map"):
        st.caption(note)


def _resolved(snap: dict[str, pd.DataFrame]) -> None:
    st.subheader("Recently resolved (last 24 h)")
    res = snap["resolved"]
    if res.empty:
        st.caption("Nothing resolved in the last 24 hours.")
        return
    table = pd.DataFrame(
        {
            "incident page": links.OPEN,
            # the title, which names the service, next to the button: a phone shows the first
            # columns only, and two Netflix incidents of one day differ by their titles
            "incident": resolved_titles(res),
            "resolved (UTC)": res["resolved_at"],
            "lasted": [config.duration(m) for m in res["duration_minutes"]],
            "severity": res["severity"],
            "started (UTC)": res["started_at"],
            "reports": res["total_reports"],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "incident page": links.open_column("resolved_open"),
            "started (UTC)": st.column_config.DatetimeColumn(format="MMM D, HH:mm"),
            "resolved (UTC)": st.column_config.DatetimeColumn(format="MMM D, HH:mm"),
        },
    )
    links.follow("resolved_open", res["incident_id"].tolist())


def resolved_titles(res: pd.DataFrame) -> list[str]:
    """Each incident's title ("Netflix — login failures, mainly Brazil"), else its
    service's name."""
    service = res["service_name"].fillna(res["service_slug"])
    return [
        t if isinstance(t, str) and t else str(s)
        for t, s in zip(res["title"], service, strict=True)
    ]


def _body() -> None:
    db, now = db_and_now()
    ov = freshness(db, now, official_ok=True)
    if ov is None:
        return
    snap = now_snapshot(db, now, config.cutoff(now))
    if not ov["posts"]:  # status pages only: what they say is open
        _official_open(snap, snap["active"], alone=True)
        return
    _cards(snap, now)
    _official_open(snap, snap["active"])
    _map(snap)
    _resolved(snap)


def _official_open(
    snap: dict[str, pd.DataFrame], active: pd.DataFrame, alone: bool = False
) -> None:
    """The status pages' open incidents that no card above shows (a card carries its own
    linked one): what the providers admit to, even before or without any report. `alone`:
    the page has nothing else (no posts yet), so an empty list is said too."""
    off = snap["official_open"]
    shown = set(active["official_id"].dropna()) if "official_id" in active else set()
    off = off[~off["official_id"].isin(shown)]
    if off.empty:
        if alone:
            st.success("No open incident on any status page.")
        return
    lines = [
        official_badge(r.status, r.impact)
        + f' <b>{esc(r.service_name)}</b> <span class="ow-muted">{esc(r.name)} · since '
        f"{r.started_at:%Y-%m-%d %H:%M} UTC</span>"
        for r in off.head(10).itertuples()
    ]
    st.markdown(f"**Open on status pages ({len(off)}):**")
    st.html("<br>".join(lines))


def render() -> None:
    st.title("Now")
    drop_foreign_params()  # the page takes none; Back from an incident left its ?id= here
    try:
        every = config.refresh_seconds()
    except config.DashboardConfigError as exc:
        st.warning(f"{exc}; refreshing every 60 s instead.")
        every = 60.0

    @st.fragment(run_every=every or None)
    def live() -> None:
        guarded(_body)

    live()


def _count(active) -> str:
    """ "2 services", or "1 service, 2 incidents" when one service has two problems at once."""
    services = active["service_slug"].nunique()
    text = labels.plural(services, "service")
    if len(active) > services:
        text += f", {len(active)} incidents"
    return text
