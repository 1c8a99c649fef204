"""Score detected incidents against the demo world's injected truth.

Each injected outage is split into (outage, service) pairs. A pair is detected when an
incident on the same service overlaps the outage window (give or take ``tolerance``);
incidents are assigned one-to-one, so an incident that merges two simultaneous problems of
one service detects only one of them. Precision counts detected incidents that overlap
any injected outage of their service (or its shared upstream); everything else, including
an incident raised by the launch chatter, is a false alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd
from rich.table import Table

from outagewatch.demo.simulate import DemoWorld

REQUIRED = ("incident_id", "service_slug", "started_at", "detected_at")


@dataclass
class MatchReport:
    rows: pd.DataFrame  # one row per injected (outage, service) pair
    false_alarms: pd.DataFrame  # detected incidents that match no injected outage
    precision: float | None
    recall: float | None
    median_delay_min: float | None
    launch_incident: bool  # did the launch chatter produce an incident? (it must not)
    n_detected: int = 0
    n_true_detected: int = 0
    launch_incident_ids: list[str] = field(default_factory=list)


def _naive_utc(series: pd.Series) -> pd.Series:
    out = pd.to_datetime(series, errors="coerce", utc=True)
    return out.dt.tz_convert("UTC").dt.tz_localize(None)


def _prepare(detected: pd.DataFrame, now: datetime) -> pd.DataFrame:
    missing = [c for c in REQUIRED if c not in detected.columns]
    if missing:
        raise ValueError(f"detected incidents lack column(s): {', '.join(missing)}")
    df = detected.copy().reset_index(drop=True)
    for col in ("started_at", "detected_at", "resolved_at"):
        df[col] = _naive_utc(df[col]) if col in df.columns else pd.NaT
    bad = df["started_at"].isna() | df["detected_at"].isna()
    if bad.any():
        raise ValueError(
            f"detected incidents with no valid started_at/detected_at: "
            f"{', '.join(map(str, df.loc[bad, 'incident_id']))}"
        )
    df["incident_id"] = df["incident_id"].astype(str)
    df["until"] = df["resolved_at"].fillna(pd.Timestamp(max(now, df["detected_at"].max())))
    if "title" not in df.columns:
        df["title"] = ""
    return df


def _as_set(value: object) -> set[str]:
    return (
        set(value)
        if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "__array__")
        else set()
    )


def _pairs(world: DemoWorld, kind: str) -> list[dict]:
    return [
        {
            "truth_id": t["id"],
            "kind": t["kind"],
            "service": s,
            "shape": t["shape"],
            "countries": list(t["countries"]),
            "start": t["start"],
            "end": t["end"],
            "symptom": t["symptom"],
            "upstream": t.get("upstream"),
        }
        for t in sorted(world.truth, key=lambda t: (t["start"], t["id"]))
        if t["kind"] == kind
        for s in t["services"]
    ]


def _overlaps(
    df: pd.DataFrame, slug: str, start: datetime, end: datetime, tol: timedelta
) -> pd.Series:
    return (
        (df["service_slug"] == slug)
        & (df["started_at"] <= end + tol)
        & (df["until"] >= start - tol)
    )


def match_incidents(
    detected: pd.DataFrame, world: DemoWorld, tolerance: timedelta = timedelta(minutes=30)
) -> MatchReport:
    """Match detected incidents (incident_id, service_slug, started_at, detected_at,
    resolved_at, title; optional ``countries``, the main ones, and ``top_symptom``) to the
    injected truth. Two incidents of one service that overlap a truth alike (two problems
    at once) go by place first, then by symptom, then by start time."""
    df = _prepare(detected, world.end)
    used: set[int] = set()
    rows = []
    for pair in _pairs(world, "outage"):
        cand = df[
            _overlaps(df, pair["service"], pair["start"], pair["end"], tolerance)
            & ~df.index.isin(used)
        ]
        match = None
        if len(cand):
            score = (cand["started_at"] - pd.Timestamp(pair["start"])).abs()
            if "countries" in cand.columns:  # prefer an incident placed in the right countries
                want = set(pair["countries"])
                hit = cand["countries"].map(lambda cs, want=want: bool(_as_set(cs) & want))
                score = score.where(hit, score + pd.Timedelta(days=1))
            if "top_symptom" in cand.columns:  # then one about the right problem
                score = score.where(
                    cand["top_symptom"] == pair["symptom"], score + pd.Timedelta(hours=12)
                )
            match = cand.loc[score.idxmin()]
            used.add(int(score.idxmin()))
        delay = (
            (match["detected_at"] - pd.Timestamp(pair["start"])).total_seconds() / 60
            if match is not None
            else None
        )
        rows.append(
            {
                **{
                    k: pair[k]
                    for k in ("truth_id", "kind", "service", "shape", "countries", "symptom")
                },
                "truth_start": pair["start"],
                "matched_incident": None if match is None else match["incident_id"],
                "detected_at": None if match is None else match["detected_at"].to_pydatetime(),
                "delay_min": None if delay is None else round(delay, 1),
            }
        )
    # Precision: an incident is right when it overlaps an injected outage of its service or upstream.
    good = pd.Series(False, index=df.index)
    for pair in _pairs(world, "outage"):
        for slug in filter(None, (pair["service"], pair["upstream"])):
            good |= _overlaps(df, slug, pair["start"], pair["end"], tolerance)
    launch = pd.Series(False, index=df.index)
    for pair in _pairs(world, "launch_chatter"):
        launch |= _overlaps(df, pair["service"], pair["start"], pair["end"], tolerance)
    ok_ids = set(df.loc[good, "incident_id"])
    all_ids = set(df["incident_id"])
    report_rows = pd.DataFrame(rows)
    delays = report_rows["delay_min"].dropna() if len(report_rows) else pd.Series(dtype=float)
    n_found = int(report_rows["matched_incident"].notna().sum()) if len(report_rows) else 0
    return MatchReport(
        rows=report_rows,
        false_alarms=df.loc[
            ~df["incident_id"].isin(ok_ids),
            ["incident_id", "service_slug", "started_at", "detected_at", "title"],
        ].reset_index(drop=True),
        precision=len(ok_ids) / len(all_ids) if all_ids else None,
        recall=n_found / len(report_rows) if len(report_rows) else None,
        median_delay_min=float(delays.median()) if len(delays) else None,
        launch_incident=bool(launch.any()),
        n_detected=len(all_ids),
        n_true_detected=len(ok_ids),
        launch_incident_ids=sorted(set(df.loc[launch, "incident_id"])),
    )


def _fmt(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0%}" if pct else f"{value:.1f}"


def format_table(report: MatchReport) -> Table:
    """The injected truth beside what was detected, with the headline figures as caption."""
    table = Table(title="Detected incidents vs injected truth", show_lines=False)
    for col in (
        "truth",
        "shape",
        "service",
        "countries",
        "symptom",
        "start (UTC)",
        "detected as",
        "delay (min)",
    ):
        table.add_column(col, justify="right" if col == "delay (min)" else "left")
    for r in report.rows.itertuples():
        found = r.matched_incident is not None and not pd.isna(r.matched_incident)
        table.add_row(
            r.truth_id,
            r.shape,
            r.service,
            ",".join(r.countries),
            r.symptom,
            pd.Timestamp(r.truth_start).strftime("%a %H:%M"),
            str(r.matched_incident) if found else "[red]missed[/red]",
            _fmt(r.delay_min) if found else "",
        )
    for r in report.false_alarms.itertuples():
        table.add_row(
            "[yellow]-[/yellow]",
            "false alarm",
            r.service_slug,
            "",
            "",
            pd.Timestamp(r.started_at).strftime("%a %H:%M"),
            f"{r.incident_id} {r.title or ''}".strip(),
            "",
        )
    launch = "[red]yes (wrong)[/red]" if report.launch_incident else "[green]no (right)[/green]"
    table.caption = (
        f"precision {_fmt(report.precision, True)} ({report.n_true_detected}/{report.n_detected})  "
        f"recall {_fmt(report.recall, True)}  median detection delay "
        f"{_fmt(report.median_delay_min)} min  launch chatter became an incident: {launch}"
    )
    return table
