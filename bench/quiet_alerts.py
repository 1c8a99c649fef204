"""False-alert check for quiet services: how many alerts the burst detector raises on a real
complaint stream, at the expected-count floor it ships with and at the old one, as the stream
is thinned to a quiet service's volume.

    PYTHONPATH=. python bench/quiet_alerts.py ../shared/data

The stream is every post to @SpotifyCares from 2017-10-01 on (spotifycares/
support_requests.csv, about 10 an hour), in 5-minute buckets; thinning keeps each post with
probability p (seeded), down to about 0.3 an hour. So that a zero means something, each
thinned stream is scored once more with an hour of 2 extra reports every 5 minutes injected
(2017-11-20 14:00): that hour must alert. Writes bench/results/quiet_alerts.json.

The stream holds one real outage (a reviewer read the posts, twenty-sixth session): on
2017-11-28 from 20:25 to about 21:45 UTC dozens of replies say "same problem", "#SpotifyDown",
"gateway 504 error", then "working again". Alerts overlapping it are counted apart, not as
false ones, with the highest score the detector gives inside it (the alert line is 6).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from eval_nlp import need

from nlp.detect import BurstDetector, episodes
from nlp.detect.burst import BurstSettings

RESULTS = Path(__file__).resolve().parent / "results" / "quiet_alerts.json"
FLOORS = (0.2, BurstSettings().baseline.min_expected)
KEEP = (1.0, 0.3, 0.1, 0.03)
INJECTED = pd.Timestamp("2017-11-20 14:00")
KNOWN_OUTAGE = (pd.Timestamp("2017-11-28 20:25"), pd.Timestamp("2017-11-28 21:45"))


def support_stream(data: Path) -> pd.Series:
    df = pd.read_csv(need(data / "spotifycares" / "support_requests.csv"))
    times = pd.to_datetime(df.loc[df["inbound"].eq(True), "created_at"], utc=True, format="mixed")
    times = times[times >= "2017-10-01"].dt.tz_localize(None).dt.floor("5min")
    counts = times.value_counts().sort_index()
    grid = pd.date_range(counts.index.min(), counts.index.max(), freq="5min")
    return counts.reindex(grid, fill_value=0).astype(float)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    stream = support_stream(args.data)
    weeks = len(stream) / 288 / 7
    rng = np.random.default_rng(0)
    rows = []
    for keep in KEEP:
        thinned = rng.binomial(stream.to_numpy().astype(int), keep).astype(float)
        series = pd.Series(thinned, index=stream.index)
        row = {"keep": keep, "reports_per_hour": round(float(series.mean()) * 12, 2)}
        for floor in FLOORS:
            base = BurstSettings()
            settings = replace(base, baseline=replace(base.baseline, min_expected=floor))
            scored = BurstDetector(settings).score(series)
            found = episodes(scored)
            real = [e for e in found if e.start <= KNOWN_OUTAGE[1] and e.end >= KNOWN_OUTAGE[0]]
            row[f"alerts_floor_{floor:g}"] = len(found) - len(real)
            row[f"known_outage_alerts_floor_{floor:g}"] = bool(real)
            inside = scored.loc[KNOWN_OUTAGE[0] : KNOWN_OUTAGE[1], "score"]
            row[f"known_outage_max_score_floor_{floor:g}"] = round(float(inside.max()), 2)
        burst = series.copy()
        burst[INJECTED : INJECTED + pd.Timedelta(minutes=55)] += 2
        caught = episodes(BurstDetector().score(burst))
        row["injected_hour_alerts"] = any(
            e.start <= INJECTED + pd.Timedelta(hours=1) and e.end >= INJECTED for e in caught
        )
        rows.append(row)
        print(row, flush=True)
    report = {"source": "spotifycares/support_requests.csv, inbound, from 2017-10-01",
              "weeks": round(weeks, 1), "rows": rows}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
