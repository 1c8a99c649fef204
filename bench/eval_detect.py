"""Evaluate the burst detector beside the windowed-Gaussian baseline, in one run.

1. NAB realTweets (numenta/NAB, MIT): every file goes through ``detect_series`` (the
   code behind ``outagewatch detect-series``); its ``is_anomaly`` column is scored with
   NAB's standard profile (``nlp.detect.nab``), per file and for the corpus.
2. Cloud outages (atlarge-research/cloud-uptime-archive, MIT): each Downdetector event
   series is scored; recall = events whose peak lies in a detected episode (or is
   followed within an hour by an alert); lead time = provider's first notification - our alert, for events
   with an AWS incident record whose first notification falls inside the series.

3. ``--scales``: the same two scores with each choice of longer windows (none, 15 min,
   1 h, both, both + 3 h), to show what the multi-scale evidence costs or buys.
4. ``--speed``: ``score_volume`` CPU time on 450 synthetic series x 28 days of 5-minute
   buckets (what the orchestrator scores every cycle), single- and multi-scale.
5. ``--repeat``: a second outage of the same service 12-48 h after a first (synthetic
   seasonal Poisson series, 5 rates x 4 gaps x 5 seeds): how much later it is detected
   than the same outage alone, with the detector learning from called outages (the old
   behaviour, ``learn_from_outages=True``) and without (the default).
6. ``--demo DB:DAYS`` (repeatable): re-run detection and incidents on a copy of a demo
   warehouse (``outagewatch demo --days DAYS --db DB``, seed 7, end 2026-11-20 12:00) and
   match them to the injected truth.

Usage: PYTHONPATH=. python bench/eval_detect.py [DATA_DIR] [--out FILE] [--sensitivity]
       [--scales] [--speed] [--repeat] [--demo DB:DAYS ...]
(DATA_DIR defaults to ../shared/data relative to the project root.)
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from nlp.detect import (
    BurstDetector,
    BurstSettings,
    GaussianDetector,
    GaussianSettings,
    detect_series,
    episodes,
    nab,
)
from nlp.detect.types import Detector

ROOT = Path(__file__).resolve().parents[1]
PACIFIC = ZoneInfo("America/Los_Angeles")
STAMP = re.compile(r"\s*(\d{1,2}):(\d{2})\s*(AM|PM)\s*(PST|PDT)")


def detectors() -> dict[str, Detector]:
    """The compared detectors, each with its one setting for every series."""
    burst = BurstSettings(fill_missing=None)
    gaussian = GaussianSettings(fill_missing=None)
    return {"burst": BurstDetector(burst), "windowed_gaussian": GaussianDetector(gaussian)}


def eval_nab(folder: Path, compared: dict[str, Detector] | None = None) -> dict:
    windows = json.loads((folder / "windows.json").read_text())
    out: dict = {}
    for name, det in (compared or detectors()).items():
        files, scores = {}, []
        for fname, wins in sorted(windows.items()):
            df = pd.read_csv(folder / fname)
            scored, _ = detect_series(df, "timestamp", "value", detector=det)
            s = nab.score_file(df["timestamp"], scored["is_anomaly"].to_numpy() == 1, wins)
            scores.append(s)
            files[fname] = {
                "normalized": round(s.normalized, 2),
                "raw": round(s.raw, 4),
                "windows": s.windows,
                "detected_windows": s.detected_windows,
                "false_positives": s.false_positives,
            }
        out[name] = {"score": round(nab.normalize(scores), 2), "files": files}
    return out


def provider_to_utc(row: pd.Series) -> dict[str, pd.Timestamp]:
    """The archive's provider times are shifted (Pacific + 16 h in PST, + 17 h in PDT).

    The offset is read from the description's own first 'h:mm AM PDT' stamp (the
    first notification) when it has one, else from the Pacific DST rule.
    """
    recorded = pd.Timestamp(row["first_notification"])
    m = STAMP.match(str(row["description"]))
    if m:
        hour = int(m.group(1)) % 12 + (12 if m.group(3) == "PM" else 0)
        utc_hour = (hour + (8 if m.group(4) == "PST" else 7)) % 24
        shift = pd.Timedelta(hours=(recorded.hour - utc_hour) % 24)
    else:
        guess = (recorded - pd.Timedelta(hours=8)).tz_localize("UTC").tz_convert(PACIFIC)
        shift = pd.Timedelta(hours=10 if guess.dst() else 8)
    return {
        k: pd.Timestamp(row[k]) - shift
        for k in ("event_start_time", "event_end_time", "first_notification")
    }


def eval_cloud(folder: Path, compared: dict[str, Detector] | None = None) -> dict:
    counts = pd.read_csv(folder / "down_detector_outage_count.csv")
    incidents = pd.read_csv(folder / "provider_incidents.csv")
    incidents = pd.DataFrame([provider_to_utc(r) for _, r in incidents.iterrows()])
    out: dict = {}
    for name, det in (compared or detectors()).items():
        events = []
        for event_id, part in counts.groupby("event_id"):
            part = part.sort_values("timestamp")
            scored, found = detect_series(part, "timestamp", "count", detector=det)
            times = pd.to_datetime(part["timestamp"], unit="s")
            peak = times.iloc[int(np.argmax(part["count"].to_numpy()))]
            alerts = times[scored["is_anomaly"].to_numpy() == 1]
            # The event is detected by the episode that holds its peak (or alerts within
            # an hour after it); other alerts count as false alerts.
            hits = [e for e in found if e.start <= peak <= e.end + pd.Timedelta(hours=1)]
            detected_at = min(e.detected_at for e in hits) if hits else None
            inside = incidents[
                (incidents.first_notification >= times.min())
                & (incidents.first_notification <= times.max())
            ]
            lead = notified = None
            aligned = False
            if len(inside):
                # The record whose start is nearest the crowd peak is this event's.
                best = inside.iloc[
                    int(np.argmin((inside.event_start_time - peak).abs().to_numpy()))
                ]
                notified = best.first_notification
                aligned = abs(best.event_start_time - peak) <= pd.Timedelta(hours=3)
                if detected_at is not None:
                    lead = (notified - detected_at) / pd.Timedelta(minutes=1)
            events.append(
                {
                    "event_id": int(event_id),
                    "peak": str(peak),
                    "peak_count": int(part["count"].max()),
                    "alerts": len(alerts),
                    "detected_at": str(detected_at) if detected_at is not None else None,
                    "provider_first_notification": str(notified) if notified is not None else None,
                    "lead_minutes": lead,
                    "provider_start_within_3h_of_peak": bool(aligned),
                }
            )
        leads = [e["lead_minutes"] for e in events if e["lead_minutes"] is not None]
        tight = [e for e in events if e["provider_start_within_3h_of_peak"]]
        tight_leads = [e["lead_minutes"] for e in tight if e["lead_minutes"] is not None]
        with_record = [e for e in events if e["provider_first_notification"]]
        out[name] = {
            "events": len(events),
            "recall": round(sum(e["detected_at"] is not None for e in events) / len(events), 4),
            "events_with_provider_record": len(with_record),
            "recall_with_provider_record": round(
                sum(e["detected_at"] is not None for e in with_record) / max(1, len(with_record)), 4
            ),
            "median_lead_minutes": float(np.median(leads)) if leads else None,
            "detected_before_provider": int(sum(x > 0 for x in leads)),
            "lead_minutes": sorted(leads),
            "aligned_events": len(tight),
            "aligned_recall": round(
                sum(e["detected_at"] is not None for e in tight) / max(1, len(tight)), 4
            ),
            "aligned_median_lead_minutes": float(np.median(tight_leads)) if tight_leads else None,
            "false_alerts_elsewhere": int(
                sum(e["alerts"] - (e["detected_at"] is not None) for e in events)
            ),
            "per_event": events,
        }
    return out


def sensitivity(data: Path) -> dict:
    """NAB score and cloud recall over a 3x3x3 neighbourhood of the chosen setting.

    Not a search: it shows how much of the headline figure is the setting's luck.
    """
    base = BurstSettings(fill_missing=None)
    rows = []
    for q, hours, on in itertools.product((0.9, 0.95, 0.975), (12.0, 24.0, 48.0), (5.0, 6.0, 7.0)):
        cfg = replace(
            base,
            baseline=replace(base.baseline, dispersion_quantile=q, dispersion_prior_hours=hours),
            alert=replace(base.alert, on=on, off=on / 2),
        )
        det = {"burst": BurstDetector(cfg)}
        rows.append(
            {
                "dispersion_quantile": q,
                "dispersion_prior_hours": hours,
                "on": on,
                "nab": eval_nab(data / "nab_realtweets", det)["burst"]["score"],
                "cloud_recall": eval_cloud(data / "cloud_outages", det)["burst"]["recall"],
            }
        )
    nab_scores = [r["nab"] for r in rows]
    return {
        "nab_mean": round(float(np.mean(nab_scores)), 2),
        "nab_min": min(nab_scores),
        "nab_max": max(nab_scores),
        "cloud_recall_mean": round(float(np.mean([r["cloud_recall"] for r in rows])), 4),
        "grid": rows,
    }


def scales(data: Path) -> list[dict]:
    """NAB and cloud figures for each choice of longer windows (all else fixed)."""
    rows = []
    for windows in [(), (15.0,), (60.0,), (15.0, 60.0), (15.0, 60.0, 180.0)]:
        det = {"burst": BurstDetector(BurstSettings(fill_missing=None, window_minutes=windows))}
        cloud = eval_cloud(data / "cloud_outages", det)["burst"]
        rows.append(
            {
                "window_minutes": list(windows),
                "nab": eval_nab(data / "nab_realtweets", det)["burst"]["score"],
                "cloud_recall": cloud["recall"],
                "cloud_median_lead_minutes": cloud["median_lead_minutes"],
                "cloud_false_alerts": cloud["false_alerts_elsewhere"],
            }
        )
    return rows


def speed(n_series: int = 450, days: int = 28, seed: int = 0) -> dict:
    """CPU seconds of ``score_volume`` over a warehouse-like window, single vs multi-scale."""
    from nlp.detect import score_volume

    rng = np.random.default_rng(seed)
    grid = pd.date_range("2026-01-01", periods=days * 288, freq="5min")
    parts = []
    for i in range(n_series):
        counts = rng.poisson(rng.choice([0.02, 0.1, 0.5, 2.0, 10.0]), len(grid))
        keep = counts > 0  # the warehouse stores no zero rows
        parts.append(
            pd.DataFrame(
                {
                    "service_slug": f"s{i // 3}",
                    "country": ["", "US", "DE"][i % 3],
                    "bucket": grid[keep],
                    "reports": counts[keep],
                }
            )
        )
    rows = pd.concat(parts, ignore_index=True)
    out = {"series": n_series, "days": days}
    for name, windows in [("single_scale", ()), ("multi_scale", BurstSettings().window_minutes)]:
        cfg = BurstSettings(window_minutes=windows)
        t0 = time.process_time()
        score_volume(rows, settings=cfg, start=grid[0], end=grid[-1])
        out[f"{name}_cpu_seconds"] = round(time.process_time() - t0, 2)
    return out


def _seasonal_poisson(rate: float, days: int, seed: int) -> pd.Series:
    """Poisson counts a 5-minute bucket with a daily cycle (peak 18:00, depth 0.8)."""
    grid = pd.date_range("2026-03-02", periods=days * 288, freq="5min")
    hours = grid.hour.to_numpy() + grid.minute.to_numpy() / 60.0
    lam = rate * (1.0 + 0.8 * np.cos((hours - 18) / 24.0 * 2 * np.pi))
    return pd.Series(np.random.default_rng(seed).poisson(lam).astype(float), index=grid)


def _add_outage(series: pd.Series, at: pd.Timestamp, minutes: int, extra: float, seed: int):
    out = series.copy()
    hit = (out.index >= at) & (out.index < at + pd.Timedelta(minutes=minutes))
    out[hit] += np.random.default_rng(seed).poisson(extra, int(hit.sum()))
    return out


def repeat_outages() -> dict:
    """A second, weaker outage (1 h, 1.5 x rate + 4 extra a bucket) 12-48 h after a first
    (2 h, 6 x rate + 10) on 10 days of a seasonal Poisson series: its alert delay against
    the same series without the first outage. A miss counts as 24 buckets (2 h)."""
    first = pd.Timestamp("2026-03-09 08:00")
    out = {}
    for learn in (True, False):
        det = BurstDetector(BurstSettings(learn_from_outages=learn))
        rows = []
        for rate, gap, seed in itertools.product(
            (0.05, 0.3, 2.0, 10.0, 30.0), (12, 20, 24, 48), range(1, 6)
        ):
            second = first + pd.Timedelta(hours=gap)
            alone = _add_outage(
                _seasonal_poisson(rate, 10, seed), second, 60, 1.5 * rate + 4, seed + 200
            )
            both = _add_outage(alone, first, 120, 6 * rate + 10, seed + 100)
            before = slice(second - pd.Timedelta(hours=1), second - pd.Timedelta(minutes=5))
            row = {"rate": rate, "gap_hours": gap, "seed": seed}
            for name, series in (("after_first", both), ("alone", alone)):
                frame = det.score(series)
                hits = [
                    e.detected_at
                    for e in episodes(frame)
                    if second <= e.detected_at <= second + pd.Timedelta(hours=2)
                ]
                row[f"{name}_delay_buckets"] = (
                    (hits[0] - second) / pd.Timedelta(minutes=5) if hits else None
                )
                row[f"{name}_baseline"] = float(frame["baseline"][before].mean())
                row[f"{name}_upper"] = float(frame["upper"][before].mean())
            rows.append(row)
        df = pd.DataFrame(rows)
        extra = df["after_first_delay_buckets"].fillna(24) - df["alone_delay_buckets"].fillna(24)
        out["learn_from_outages" if learn else "default"] = {
            "scenarios": len(df),
            "second_missed": int(df["after_first_delay_buckets"].isna().sum()),
            "missed_alone": int(df["alone_delay_buckets"].isna().sum()),
            "mean_extra_delay_buckets": round(float(extra.mean()), 2),
            "mean_baseline_ratio": round(
                float((df.after_first_baseline / df.alone_baseline).mean()), 3
            ),
            "mean_upper_ratio": round(float((df.after_first_upper / df.alone_upper).mean()), 3),
            "per_scenario": df.round(3).to_dict("records"),
        }
    return out


def demo(db: Path, days: int) -> dict:
    """Detection + incidents on a copy of a demo warehouse, matched to the injected truth."""
    from datetime import datetime

    import duckdb

    from outagewatch.demo.simulate import simulate
    from outagewatch.demo.truth import match_incidents
    from outagewatch.orchestrator import Orchestrator
    from outagewatch.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "demo.duckdb"
        shutil.copy(db, copy)
        Orchestrator(load_settings(db=str(copy))).update_volume_and_incidents()
        con = duckdb.connect(str(copy), read_only=True)
        detected = con.execute(
            "SELECT incident_id, service_slug, title, started_at, detected_at, resolved_at, "
            "common_upstream FROM incidents ORDER BY started_at"
        ).df()
        con.close()
    report = match_incidents(detected, simulate(seed=7, days=days, end=datetime(2026, 11, 20, 12)))
    rows = report.rows
    return {
        "days": days,
        "precision": report.precision,
        "recall": report.recall,
        "median_delay_min": report.median_delay_min,
        "launch_incident": report.launch_incident,
        "per_outage": [
            {k: (None if pd.isna(v) else v) for k, v in r.items()}
            for r in rows[["truth_id", "service", "shape", "delay_min"]].to_dict("records")
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "detect_eval.json"))
    parser.add_argument("--sensitivity", action="store_true", help="also score 27 nearby settings")
    parser.add_argument("--scales", action="store_true", help="also compare window choices")
    parser.add_argument("--speed", action="store_true", help="also time score_volume")
    parser.add_argument(
        "--repeat", action="store_true", help="also a second outage soon after a first"
    )
    parser.add_argument(
        "--demo", action="append", default=[], help="DB:DAYS, a demo warehouse to re-detect"
    )
    args = parser.parse_args(argv)
    data = Path(args.data_dir)
    needed = [
        data / "nab_realtweets" / "windows.json",
        data / "cloud_outages" / "provider_incidents.csv",
    ]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        print(f"data missing: {', '.join(missing)} (pass the shared data folder)", file=sys.stderr)
        return 2
    result = {
        "settings": {
            "burst": asdict(BurstSettings(fill_missing=None)),
            "windowed_gaussian": asdict(GaussianSettings(fill_missing=None)),
        },
        "nab_realtweets": eval_nab(data / "nab_realtweets"),
        "cloud_outages": eval_cloud(data / "cloud_outages"),
        "published_nab_realtweets_standard": {
            "windowed_gaussian": 57.5,
            "twitter_advec": 57.6,
            "numenta_htm": 55.9,
            "knn_cad": 64.2,
            "cad_ose": 64.4,
            "artime": 80.2,
        },
    }
    print("NAB realTweets, standard profile (normalised: null 0, perfect 100)")
    for name, r in result["nab_realtweets"].items():
        per = "  ".join(
            f"{f.split('_')[-1][:-4]} {v['normalized']:.1f}" for f, v in r["files"].items()
        )
        print(f"  {name:18s} {r['score']:6.1f}   {per}")
    print("Cloud outages (Downdetector events vs AWS first notification)")
    for name, r in result["cloud_outages"].items():
        print(
            f"  {name:18s} recall {r['recall']:.2f} ({r['events']} events); with provider record "
            f"{r['recall_with_provider_record']:.2f} of {r['events_with_provider_record']}; "
            f"median lead {r['median_lead_minutes']} min; false alerts {r['false_alerts_elsewhere']}"
        )
        print(
            f"  {'':18s} provider start within 3 h of the crowd peak: {r['aligned_events']} events, "
            f"recall {r['aligned_recall']:.2f}, median lead {r['aligned_median_lead_minutes']} min"
        )
    if args.sensitivity:
        result["sensitivity"] = sensitivity(data)
        sens = result["sensitivity"]
        print(
            f"Sensitivity (27 nearby settings): NAB mean {sens['nab_mean']} "
            f"[{sens['nab_min']}, {sens['nab_max']}], cloud recall mean {sens['cloud_recall_mean']}"
        )
    if args.scales:
        result["scales"] = scales(data)
        for r in result["scales"]:
            print(
                f"windows {r['window_minutes']!s:18s} NAB {r['nab']:5.1f}  cloud recall "
                f"{r['cloud_recall']:.2f} lead {r['cloud_median_lead_minutes']} min "
                f"false alerts {r['cloud_false_alerts']}"
            )
    if args.speed:
        result["speed"] = speed()
        print(f"score_volume speed: {result['speed']}")
    if args.repeat:
        result["repeat_outages"] = repeat_outages()
        for name, r in result["repeat_outages"].items():
            print(
                f"second outage ({name}): missed {r['second_missed']} of {r['scenarios']} "
                f"(alone {r['missed_alone']}), {r['mean_extra_delay_buckets']} buckets later "
                f"than alone; baseline x{r['mean_baseline_ratio']}, band x{r['mean_upper_ratio']}"
            )
    for spec in args.demo:
        db, _, days = spec.rpartition(":")
        if not db or not days.isdigit() or not Path(db).exists():
            print(f"--demo wants an existing DB:DAYS, got {spec!r}", file=sys.stderr)
            return 2
        d = demo(Path(db), int(days))
        result.setdefault("demo", []).append(d)
        print(
            f"demo {d['days']} days: precision {d['precision']} recall {d['recall']} median "
            f"delay {d['median_delay_min']} min; launch chatter an incident: {d['launch_incident']}"
        )
        for r in d["per_outage"]:
            print(
                f"  {r['truth_id']:3s} {r['service']:18s} {r['shape']:18s} delay {r['delay_min']}"
            )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, default=str))
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
