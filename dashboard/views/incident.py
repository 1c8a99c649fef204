"""Incident: the story of one outage — when, how big, where, what broke, what people said,
what the provider said, and whether something upstream was shared."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, config, demo, geo, labels, links, wording
from dashboard.detail_queries import fill_buckets, incident_detail
from dashboard.queries import incident_index, stored_start
from dashboard.style import chips, esc, official_badge, severity_badge, status_badge
from dashboard.ui import (
    db_and_now,
    follow_url,
    freshness,
    guarded,
    keep_in_url,
    percent_text,
    qp,
    share_column,
    shares_shown,
)
from outagewatch.sources import label as source_label


def picker_labels(index: pd.DataFrame) -> dict[str, str]:
    """A label per incident that tells apart two of one service that started together
    (Netflix's login and playback problems at 12:10): its title, else its top symptom;
    a label that is still not unique gets the end of the incident id."""
    labels = {}
    for r in index.itertuples():
        service = r.service_name or r.service_slug
        what = r.title if isinstance(r.title, str) and r.title else None
        if what is None:
            symptom = r.top_symptom if isinstance(r.top_symptom, str) else "unknown symptom"
            what = f"{service}: {symptom.replace('_', ' ')}"
        labels[r.incident_id] = (
            f"{what} · {r.started_at:%Y-%m-%d %H:%M} · {r.severity or 'unrated'} · {r.status}"
        )
    seen = pd.Series(list(labels.values())).value_counts()
    return {i: f"{text} · {i[-6:]}" if seen[text] > 1 else text for i, text in labels.items()}


def _not_found(db: str, wanted: str, fallback: str) -> None:
    """Say why the incident a link asked for is not shown (never switch silently)."""
    started = stored_start(db, wanted)
    why = (
        f"it starts at {started:%Y-%m-%d %H:%M} UTC, after this page's clock"
        if started is not None
        else "it is not in the warehouse (pruned, merged into another, or mistyped)"
    )
    st.warning(f"Incident `{wanted}` not found: {why}. Showing {fallback} instead.")


def _pick(db: str, index: pd.DataFrame) -> str:
    ids = index["incident_id"].tolist()
    labels = picker_labels(index)
    wanted = qp("id")
    if wanted not in ids:
        if wanted is not None:
            first = index.iloc[0]
            name = next(
                (v for v in first[["title", "service_name", "service_slug"]] if isinstance(v, str)),
                "the first incident",
            )
            _not_found(db, wanted, f"{name} ({first['started_at']:%Y-%m-%d %H:%M})")
        wanted = ids[0]
    follow_url("id", "incident_pick", wanted, ids)
    chosen = st.selectbox("Incident", ids, format_func=labels.__getitem__, key="incident_pick")
    keep_in_url({"id": chosen}, {"id": wanted})
    return chosen


def _num(value: object) -> float:
    """A number from a row, 0 for NULL/NaN."""
    return 0.0 if value is None or pd.isna(value) else float(value)


PEAK_NORMAL = "normal at the peak"


def _events(inc: pd.Series) -> pd.DataFrame:
    rows = [
        ("started", inc["started_at"]),
        ("detected", inc["detected_at"]),
        ("peak", inc["peak_at"]),
        ("official acknowledgment", inc["official_acknowledged_at"]),
        ("resolved", inc["resolved_at"]),
    ]
    return pd.DataFrame([{"event": e, "at": t} for e, t in rows if pd.notna(t)])


def _header(inc: pd.Series, now) -> None:
    st.html(
        f'<div class="ow-card-title">{esc(inc["title"] or inc["service_name"])}</div>'
        f"{severity_badge(inc['severity'])}{status_badge(inc['status'])}"
    )
    cols = st.columns(4)
    cols[0].metric(
        "Peak reports / 5 min",
        f"{int(_num(inc['peak_reports'])):,}",
        # the normal at the peak (stored with it): the Now card's is the last hour's
        delta=f"{PEAK_NORMAL} ≈ {wording.normal_per_5min(_num(inc['baseline_reports']))}",
        delta_color="off",
        delta_arrow="off",
    )
    cols[1].metric("Total reports", f"{int(_num(inc['total_reports'])):,}")
    if pd.isna(inc["resolved_at"]):  # still open: its length up to now, not to the last run
        so_far = (now - inc["started_at"].to_pydatetime()).total_seconds() / 60
        cols[2].metric("Duration so far", config.duration(max(so_far, 0.0)))
    else:
        cols[2].metric("Duration", config.duration(inc["duration_minutes"]))
    label, value = wording.lead_metric(inc["lead_time_minutes"])
    cols[3].metric(
        label,
        value,
        help="Our detection (when the alert fired, not when the reports began) against the "
        "provider's first public update on its status page.",
    )
    started = inc["started_at"].to_pydatetime()
    st.caption(
        f"Started {started:%Y-%m-%d %H:%M} UTC ({config.ago(started, now)}) · "
        f"service: {inc['service_name']} ({labels.category(inc['category'])})"
    )
    links.page_link("service", f"All of {inc['service_name']} →", service=inc["service_slug"])


def _timeline(inc: pd.Series, d: dict[str, pd.DataFrame]) -> None:
    """The service's reports against its normal band. When another incident of the same
    service overlaps this one, the service's series holds both: the bars are then this
    incident's own reports (what the header counts) and the service's total a grey line."""
    w = d["window"].iloc[0]
    start, end = w["start"].to_pydatetime(), w["end"].to_pydatetime()
    series = fill_buckets(d["series"], start, end)
    others = d["overlapping"]
    if len(others):
        own = fill_buckets(d["own"], start, end)
        series = series.rename(columns={"reports": "service_reports"}).assign(
            reports=own["reports"].to_numpy()
        )
    st.altair_chart(charts.timeline_chart(series, _events(inc)), width="stretch")
    if len(others):
        _other_incidents(inc, others)


def _other_incidents(inc: pd.Series, others: pd.DataFrame) -> None:
    """Say what the grey line holds, with a button per other incident that opens it here."""
    named = ", ".join(str(o.title or o.incident_id) for o in others.itertuples())
    service = inc["service_name"] or inc["service_slug"]
    st.caption(
        f"Blue: this incident's reports, as counted above. Grey line: all {service} "
        f"problem reports, which also hold the incident at the same time: {named}. "
        "Grey band: the service's normal range."
    )
    for o in others.itertuples():
        label = f"Other incident at the same time: {o.title or o.incident_id} →"
        if st.button(label, key=f"other_{o.incident_id}", type="tertiary"):
            links.open_incident(str(o.incident_id), same_page=True)


def _where_tables(regions: pd.DataFrame) -> None:
    """One row per country with its total, "not located" last; regions in an expander."""
    totals = geo.country_totals(regions)
    table = totals.drop(columns="code").assign(share=totals["share"] * 100)
    unlocated = totals.loc[totals["country"] == geo.NOT_LOCATED, "share"].sum()
    config = {"share": share_column()}
    if unlocated:
        # the title's "mainly ..." reads the located reports: show that share too
        located = totals["country"] != geo.NOT_LOCATED
        of_located = totals["reports"] / totals.loc[located, "reports"].sum() * 100
        # text, so the "not located" row is blank rather than "None"
        table["of located"] = [
            percent_text(v) if ok else "" for v, ok in zip(of_located, located, strict=True)
        ]
        config["of located"] = st.column_config.TextColumn("of located")
    st.dataframe(shares_shown(table), hide_index=True, column_config=config)
    if unlocated:
        st.caption(
            f"{unlocated:.0%} of the reports name no place we could locate; "
            '"share" is of all the incident\'s reports, "of located" of the located ones '
            '(what the title\'s "mainly …" reads).'
        )
    by_region = geo.region_breakdown(regions)
    if len(by_region):
        with st.expander("Regions within each country"):
            st.dataframe(
                shares_shown(by_region.assign(share=by_region["share"] * 100)),
                hide_index=True,
                column_config={"share": share_column()},
            )


def _where_what(d: dict[str, pd.DataFrame]) -> None:
    left, right = st.columns([3, 2])
    regions = d["regions"]
    with left:
        st.markdown("**Where**")
        if regions.empty:
            st.caption("No located reports.")
        else:
            by_country = regions.groupby("country", as_index=False)["reports"].sum()
            by_country = by_country[by_country["country"] != ""]
            st.vega_lite_chart(geo.world_map(by_country, height=260), width="stretch")
            if note := geo.map_note(by_country):
                st.caption(note)
            _where_tables(regions)
    with right:
        st.markdown("**What people report**")
        sym = d["symptoms"]
        if sym.empty:
            st.caption("No symptoms recorded.")
        else:
            sym = sym.assign(
                symptom=sym["symptom"].str.replace("_", " "), percent=(sym["share"] * 100).round(0)
            )
            st.altair_chart(
                charts.share_bars(sym, "symptom", "percent", percent=True), width="stretch"
            )
        st.markdown("**Where people reported it**")
        table = source_table(d["sources"])
        if table.empty:
            st.caption("No reports linked.")
        else:
            shown = (
                table if table["communities"].ne("").any() else table.drop(columns="communities")
            )
            st.dataframe(shown, hide_index=True, width="stretch")


def source_table(sources: pd.DataFrame, communities: int = 3) -> pd.DataFrame:
    """Reports per platform, most first, with its busiest communities ("r/spotify 8, r/de
    4"): a Reddit thread's "same here" counts, and where it was written says whose it was."""
    rows = []
    for source, group in sources.groupby("source", sort=False):
        named = group[group["venue"] != ""].sort_values(
            ["reports", "venue"], ascending=[False, True]
        )
        shown = named.head(communities)
        where = ", ".join(f"{v} {n}" for v, n in zip(shown["venue"], shown["reports"], strict=True))
        if len(named) > communities:
            where += f", {len(named) - communities} more"
        rows.append(
            {
                "source": source_label(str(source)),
                "reports": int(group["reports"].sum()),
                "communities": where,
            }
        )
    out = pd.DataFrame(rows, columns=["source", "reports", "communities"])
    return out.sort_values(["reports", "source"], ascending=[False, True], ignore_index=True)


def _post_link(url: object, simulated: bool) -> str:
    """' · open post' linking the public post; in the demo, text saying it is simulated."""
    if simulated:
        return f" · {demo.POST}"
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        return f' · <a href="{esc(url)}" target="_blank" rel="noopener">open post</a>'
    return ""


def _posts(d: dict[str, pd.DataFrame], simulated: bool) -> None:
    st.subheader("Representative posts")
    posts = d["posts"]
    if posts.empty:
        st.caption("No posts linked (they may have been deleted at the source).")
        return
    st.caption(
        "Most representative first, then other posts of the incident in time order. "
        "Authors are shown as salted hashes, whole, as in the daily summary. "
        + (demo.NOTE if simulated else "The link opens the public post.")
    )
    representative = posts["is_representative"].fillna(False).astype(bool).tolist()
    for i, p in enumerate(posts.itertuples()):
        if i and representative[i - 1] and not representative[i]:
            # the two orders apart: read as one list, the times seemed jumbled
            st.markdown("**Other posts of the incident, in time order**")
        link = _post_link(p.url, simulated)
        st.html(
            f'<div class="ow-post">{esc(p.text)}<br><span class="ow-muted">'
            f"{p.created_at:%Y-%m-%d %H:%M} UTC · {esc(p.source)}"
            f"{where_written(p.venue, p.thread_title)} · {author(p.author_hash)}"
            f"{link}</span></div>"
        )


def where_written(venue: object, thread_title: object, width: int = 90) -> str:
    """' · in r/spotify · replying to “Is Spotify down?”': a reply's "same here" means
    something only beside the thread it answers."""
    out = ""
    if isinstance(venue, str) and venue:
        out += f" · in {esc(venue)}"
    if isinstance(thread_title, str) and thread_title:
        title = thread_title if len(thread_title) <= width else thread_title[: width - 1] + "…"
        out += f" · replying to “{esc(title)}”"
    return out


def author(author_hash: object) -> str:
    """'author <code>hash</code>' with the whole salted hash, as the daily summary shows
    it (it showed '#' and 8 characters here), or 'anonymous' as there."""
    if not isinstance(author_hash, str) or not author_hash:
        return "anonymous"
    return f"author <code>{esc(author_hash)}</code>"


def _status_page_link(url: object, simulated: bool) -> str:
    """' · [status page](url)'; in the demo, text saying it is simulated."""
    if not isinstance(url, str) or not url:
        return ""
    return f" · {demo.STATUS_PAGE}" if simulated else f" · [status page]({url})"


def _official(inc: pd.Series, d: dict[str, pd.DataFrame], simulated: bool) -> None:
    st.subheader("Official incident")
    off = d["official"]
    if off.empty:
        st.caption("Not linked to any official status-page incident.")
    else:
        o = off.iloc[0]
        st.html(official_badge(o["status"], o["impact"]) + f" <b>{esc(o['name'])}</b>")
        ack = o["acknowledged_at"]
        st.markdown(
            f"Acknowledged: {'not yet' if pd.isna(ack) else f'{ack:%Y-%m-%d %H:%M} UTC'}"
            + _status_page_link(o["url"], simulated)
        )
    st.subheader("Possible common cause")
    related = d["related"]
    upstream = inc["common_upstream"]
    if pd.isna(upstream) and related.empty:
        st.caption("No other service had an incident that looks connected.")
        return
    if pd.notna(upstream) and upstream:
        name = inc["upstream_name"] if isinstance(inc["upstream_name"], str) else upstream
        st.markdown(f"Shared upstream provider: **{esc(name)}**")
    if len(related):
        st.markdown("Incidents at the same time that may share the cause:")
        st.dataframe(
            related_table(related),
            hide_index=True,
            column_config={"incident page": links.open_column("related_open")},
        )
        links.follow("related_open", related["incident_id"].tolist(), same_page=True)


def related_table(related: pd.DataFrame) -> pd.DataFrame:
    """Incidents that may share the cause, under column names in words."""
    return pd.DataFrame(
        {
            "incident page": links.OPEN,
            "service": related["service_name"],
            "severity": related["severity"].fillna("unrated"),
            "status": related["status"],
            "started (UTC)": [wording.utc_minute(t) for t in related["started_at"]],
            "reports": pd.array(related["total_reports"], dtype="Int64"),
        }
    )


def _body() -> None:
    db, now = db_and_now()
    if freshness(db, now) is None:
        return
    cut = config.cutoff(now)
    index = incident_index(db, now, cut, qp("id"))
    if index.empty:
        st.info(
            "No incidents detected yet. They appear once `outagewatch process` finds a "
            "burst of problem reports (try `make demo`)."
        )
        return
    incident_id = _pick(db, index)
    d = incident_detail(db, incident_id, now, cut)
    inc = d["incident"].iloc[0]
    _header(inc, now)
    st.subheader("Timeline")
    _timeline(inc, d)
    _where_what(d)
    kws = inc["keywords"]
    kws = [str(k) for k in kws] if isinstance(kws, list | tuple | np.ndarray) else []
    if kws:
        st.markdown("**Keywords** " + chips(kws), unsafe_allow_html=True)
    simulated = demo.is_demo(db)
    _posts(d, simulated)
    _official(inc, d, simulated)


def render() -> None:
    st.title("Incident")
    guarded(_body)
