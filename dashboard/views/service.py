"""Service: one catalog service's reports against its normal band, where and what people
report, its incident history and its official status."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import charts, config, demo, elevation, geo, labels, links, wording
from dashboard.detail_queries import fill_buckets, hourly, service_detail
from dashboard.queries import services
from dashboard.style import esc, official_badge
from dashboard.ui import (
    db_and_now,
    drop_foreign_params,
    follow_url,
    freshness,
    guarded,
    keep_in_url,
    qp,
)

RANGES = {"24 h": timedelta(days=1), "7 days": timedelta(days=7)}
PERIODS = {"24 h": "24h", "7 days": "7d"}  # the choice as kept in the URL (?period=7d)


# The last choice on this page, kept past a visit to another page: the browser's Back from
# an incident opened here reran this page without its ?service=, which showed another one.
REMEMBERED = "service_page_last"
OWN_PARAMS = ("service", "period")


def _remembered(name: str) -> str | None:
    return st.session_state.get(REMEMBERED, {}).get(name)


def _remember(**choice: str) -> None:
    st.session_state[REMEMBERED] = {**st.session_state.get(REMEMBERED, {}), **choice}


def _period() -> tuple[str, str]:
    """The period radio and what the URL reads as (the page writes both parameters at once).
    The remembered period counts only for a URL without a service (the menu's link): a URL
    naming one without a period is 24 h, as it was when it was left."""
    asked = qp("period") or (None if qp("service") else _remembered("period"))
    known = {code: label for label, code in PERIODS.items()}
    if asked is not None and asked not in known:
        st.warning(f"Period `{asked}` is not known (use 24h or 7d). Showing 24 h instead.")
    spans = list(RANGES)
    chosen = known.get(asked or "", spans[0])
    follow_url("period", "service_span", chosen, spans)
    span = st.radio("Period", spans, horizontal=True, key="service_span")
    _remember(period=PERIODS[span])
    return span, chosen


def _pick(catalog: pd.DataFrame) -> tuple[str, str]:
    """The service picker and what the URL reads as."""
    slugs = catalog["slug"].tolist()
    names = dict(zip(catalog["slug"], catalog["name"], strict=True))
    # a link may carry a name or another case ("?service=Netflix"): the same service
    known = {str(k).lower(): s for s, n in names.items() for k in (s, n) if isinstance(k, str)}
    asked = qp("service") or _remembered("service")
    wanted = known.get(asked.lower()) if asked else None
    if wanted is None:
        recent = catalog.dropna(subset=["last_incident"]).sort_values("last_incident")
        if recent.empty:  # only status pages crawled: the latest official incident's service
            recent = catalog.dropna(subset=["last_official"]).sort_values("last_official")
        wanted = recent["slug"].iloc[-1] if len(recent) else slugs[0]
        if asked:
            why = " (the latest incident)" if len(recent) else ""
            st.warning(
                f"Service `{asked}` not found in the catalog. Showing {names[wanted]}{why} instead."
            )
    follow_url("service", "service_pick", wanted, slugs)
    shown = picker_labels(catalog)
    slug = st.selectbox(
        "Service (type to search)",
        slugs,
        format_func=shown.__getitem__,
        key="service_pick",
        help="Services with problem reports in the last 7 days first, most first; then the "
        "others, A to Z.",
    )
    _remember(service=slug)
    return slug, wanted


def picker_labels(catalog: pd.DataFrame) -> dict[str, str]:
    """'Netflix (netflix) · 1,234 reports in 7 days', or '· no reports in 7 days': which
    services have anything to show, before picking one gives "no reports"."""
    out = {}
    for r in catalog.itertuples():
        n = int(r.recent_reports)
        count = f"{labels.plural(n, 'report')} in 7 days" if n else "no reports in 7 days"
        out[r.slug] = f"{r.name} ({r.slug}) · {count}"
    return out


def _chart(d: dict[str, pd.DataFrame], start, end, span: str) -> None:
    # The stored series is dense from the first bucket collected on: before it the
    # warehouse knows nothing, which a line at zero would show as "no complaints".
    first = d["series"]["bucket"].min().to_pydatetime()
    data_from = first if first > start else None
    series = fill_buckets(d["series"], data_from or start, end)
    unit = "5 min"
    if span == "7 days":
        series, unit = hourly(series), "hour"
    spans = d["spans"]
    st.altair_chart(charts.volume_chart(series, spans, unit=unit), width="stretch")
    hour_note = (
        " Per hour; the band of the hour in progress is a whole hour's, its count so far."
        if span == "7 days"
        else ""
    )
    from_note = (
        f" Data from {data_from:%a %Y-%m-%d %H:%M} UTC: nothing was collected before, so the "
        "chart starts there."
        if data_from is not None
        else ""
    )
    st.caption(
        "Blue: problem reports. Grey band: the normal range for this time of day "
        f"(dashed line = expected). Shaded: incidents.{hour_note}{from_note}"
    )


def _status_now(open_incident: bool, quiet: bool, above: bool = False) -> str:
    """'problem', 'above normal' (reports clearly over the band, no incident yet), 'normal',
    or 'no reports' when there is nothing to call normal."""
    if open_incident:
        return "problem"
    if above:
        return "above normal"
    return "no reports" if quiet else "normal"


def _no_reports(name: str, span: str, mentions: int) -> None:
    """Say plainly that there is nothing to chart (rather than a flat line and a caption
    about a band that is not drawn), and whether any post names the service at all."""
    if mentions:
        why = f"{labels.plural(mentions, 'post')} named {name} in this period, none reporting a problem."
    else:
        why = f"No stored post named {name} in this period: perhaps no source covers it."
    st.info(
        f"No problem reports about {name} in the last {span}, so there is nothing to "
        f"chart and no normal range to compare with. {why}"
    )


def _breakdowns(d: dict[str, pd.DataFrame]) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown("**What people report**")
        sym = d["symptoms"]
        if sym.empty:
            st.caption("No problem reports in this period.")
        else:
            sym = sym.assign(symptom=sym["symptom"].str.replace("_", " "))
            st.altair_chart(charts.share_bars(sym, "symptom"), width="stretch")
    with right:
        st.markdown("**Where**")
        countries = d["countries"]
        total = int(d["series"]["reports"].sum()) if len(d["series"]) else 0
        located = int(countries["reports"].sum()) if len(countries) else 0
        if countries.empty:
            st.caption("No located reports in this period.")
        else:
            table = geo.country_table(countries).head(10)
            st.altair_chart(charts.share_bars(table, "country"), width="stretch")
        if note := wording.unlocated_note(total, located):
            st.caption(note)
    if not d["countries"].empty:
        st.vega_lite_chart(geo.world_map(d["countries"], height=280), width="stretch")
        if note := geo.map_note(d["countries"]):
            st.caption(note)


def _first_countries(codes: object, shown: int = 3) -> str:
    """The incident's first countries by name, '+N more' for the rest: the whole list ran
    out of its column ("…Mexico, Nether")."""
    every = [c for c in ("" if pd.isna(codes) else str(codes)).split(",") if c]
    more = len(every) - shown
    text = wording.country_names(",".join(every[:shown]))  # names may hold commas
    return text + (f" +{more} more" if more > 0 else "")


def _history(d: dict[str, pd.DataFrame]) -> None:
    st.subheader("Incident history")
    hist = d["history"]
    if hist.empty:
        st.caption("No incidents detected for this service.")
        return
    table = pd.DataFrame(
        {
            "incident page": links.OPEN,
            "started (UTC)": hist["started_at"],
            "status": hist["status"],
            "severity": hist["severity"],
            "lasted": [config.duration(m) for m in hist["duration_minutes"]],
            "reports": hist["total_reports"],
            "top symptom": hist["top_symptom"].fillna("").str.replace("_", " "),
            "countries": [_first_countries(c) for c in hist["countries"]],
            # in words, as the cards and the daily summary say it (a signed "-1" left
            # people to decode which came first); empty when none is linked
            "detected vs status page": [wording.lead_phrase(v) for v in hist["lead_time_minutes"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "incident page": links.open_column("history_open"),
            "started (UTC)": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )
    links.follow("history_open", hist["incident_id"].tolist())


def status_line(info: pd.DataFrame) -> str | None:
    """'Status page: [status.slack.com](https://status.slack.com)', the page people read, not
    the RSS feed the crawler reads (raw XML in a browser); a feed whose page is not known
    is named as a feed. None when the catalog gives no status URL."""
    if info.empty or not isinstance(url := info["status_url"].iloc[0], str) or not url:
        return None
    kind = info["status_kind"].iloc[0]
    if page := links.status_page(url, kind):
        return f"Status page: [{links.shown_url(page)}]({page})"
    return f"Status feed ({str(kind).upper()}, for feed readers): [{links.shown_url(url)}]({url})"


def _official(d: dict[str, pd.DataFrame], simulated: bool) -> None:
    st.subheader("Official status")
    line = status_line(d["info"])
    if line:
        st.markdown(line)
    off = d["official"]
    if off.empty:
        st.caption("No official incidents recorded for this service.")
        return
    latest = off.iloc[0]
    st.html(
        official_badge(latest["status"], latest["impact"])
        + f' <span class="ow-muted">latest: {esc(latest["name"])}</span>'
    )
    if simulated:  # made-up incident ids on the real status domains: no link
        st.caption(demo.OFFICIAL_NOTE + (f" {demo.REAL_STATUS_PAGE}" if line else ""))
    st.dataframe(
        official_table(off, simulated),
        hide_index=True,
        column_config={"link": st.column_config.LinkColumn("link", display_text="status page")},
    )


def official_table(off: pd.DataFrame, simulated: bool) -> pd.DataFrame:
    """The provider's incidents in words: named columns, times to the minute under a
    (UTC) header, nothing printed where a time or impact is missing, and no link in the
    demo (its incident ids are made up)."""
    # the status and times first, the long name after: on a phone only the first columns
    # fit, and "acknowledged" and "resolved" were off-screen
    table = pd.DataFrame(
        {
            "status page": off["status"].fillna(""),
            "acknowledged (UTC)": [wording.utc_minute(t) for t in off["acknowledged_at"]],
            "resolved (UTC)": [wording.utc_minute(t) for t in off["resolved_at"]],
            "official incident": off["name"],
            "provider's impact": off["impact"].fillna(""),
            "started (UTC)": [wording.utc_minute(t) for t in off["started_at"]],
        }
    )
    return table if simulated else table.assign(link=off["url"])


def _body() -> None:
    db, now = db_and_now()
    ov = freshness(db, now, official_ok=True)
    if ov is None:
        return
    catalog = services(db, now)
    if catalog.empty:
        st.info("The warehouse has no service catalog yet: run `outagewatch process` once.")
        return
    drop_foreign_params(OWN_PARAMS)
    if not ov["posts"]:  # status pages only: their official status is all there is to show
        slug, slug_read = _pick(catalog)
        keep_in_url({"service": slug}, {"service": slug_read})
        end = now + timedelta(minutes=5)
        d = service_detail(db, slug, end - RANGES["24 h"], end, config.cutoff(now))
        _official(d, demo.is_demo(db))
        return
    top = st.columns([3, 1])
    with top[0]:
        slug, slug_read = _pick(catalog)
    with top[1]:
        span, span_read = _period()
    keep_in_url(
        {"service": slug, "period": PERIODS[span]},
        {"service": slug_read, "period": PERIODS[span_read]},
    )
    # windows end with the bucket that holds now: 5-minute buckets for 24 h, hours for 7 days
    if span == "7 days":
        end = now.replace(minute=0) + timedelta(hours=1)
    else:
        end = now.replace(minute=now.minute - now.minute % 5) + timedelta(minutes=5)
    start = end - RANGES[span]
    cut = config.cutoff(now)
    d = service_detail(db, slug, start, end, cut)
    name = catalog.loc[catalog["slug"] == slug, "name"].iloc[0]
    total = int(d["series"]["reports"].sum()) if len(d["series"]) else 0
    open_now = d["spans"][d["spans"]["status"] == "open"]
    cols = st.columns(3)
    cols[0].metric(f"Problem reports, last {span}", f"{total:,}")
    cols[1].metric("Incidents in this period", len(d["spans"]))
    quiet = d["series"].empty  # no volume row at all: no report, and no normal range
    # the last minutes end at now (the Now page's rule), not at the chart's end: the 7-day
    # chart runs to the next whole hour, up to 45 minutes ahead of any stored bucket
    above = not elevation.recent_above(d["series"], elevation.window_end(now, cut)).empty
    cols[2].metric("Status now", _status_now(len(open_now) > 0, quiet, above))
    if above and open_now.empty:
        st.caption(elevation.EXPLAINED)
    for inc in open_now.sort_values("started_at").itertuples():
        # "problem" since when, and which incident: a click away, not a search in the history
        st.caption(
            f"Problem since {inc.started_at:%Y-%m-%d %H:%M} UTC "
            f"({config.ago(inc.started_at, now)}), severity {inc.severity or 'unknown'}"
        )
        links.page_link("incident", "Open incident →", id=inc.incident_id)
    st.subheader(f"{name}: problem reports, last {span}")
    if quiet:
        _no_reports(name, span, int(d["mentions"]["posts"].iloc[0]))
    else:
        _chart(d, start, end, span)
    _breakdowns(d)
    _history(d)
    _official(d, demo.is_demo(db))


def render() -> None:
    st.title("Service")
    guarded(_body)
