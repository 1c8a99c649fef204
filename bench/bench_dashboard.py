"""Benchmark the dashboard's pages on a large warehouse, measured in a real browser.

Builds a warehouse with 1,000,000 posts (bulk-generated in SQL: 30 days of posts about
40 catalog services, their signals, report volume, ~300 incidents, a burst in the last
hour), serves the dashboard, and times the Now page in headless Chromium from navigation
until the page is drawn (cards, map) and the app has stopped running:

* first visit: the first load after the server starts (imports, empty caches);
* uncached: a server started with OUTAGEWATCH_CACHE_TTL=0 (every query really runs), the
  browser keeping its HTTP cache as a returning visitor's does — the headline figure;
* cached: reloads within the query cache's TTL.

The Service page (the busiest service, 7 days) and the Incident page (the incident with
the most reports) are timed the same way, until the page has settled: its last element
drawn (the Service page has four charts, the Incident page three) and the app idle.
`--pages now` times the Now page alone; `--db` reuses a warehouse (e.g. a demo's), and
`--service` / `--incident` pick what those pages show.

Run by hand (`make bench`); writes bench/results/dashboard.json (or `--out`). Not a test.

    python bench/bench_dashboard.py [--posts 1000000] [--runs 5] [--db PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "dashboard"))

from dash_browser import (  # noqa: E402
    CHROMIUM,
    MARKS_JS,
    dashboard_server,
    launch,
    wait_until_done,
)

from outagewatch.catalog import load_catalog  # noqa: E402
from warehouse import store  # noqa: E402
from warehouse.db import writer  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0)
DAYS = 30
BURST = 5_000  # posts in the last hour for 5 services (the open incidents)
GEO = """VALUES (0, 'US', 'New York', 'New York', 40.71, -74.01), (1, 'US', 'California',
 'Los Angeles', 34.05, -118.24), (2, 'GB', 'England', 'London', 51.51, -0.13),
 (3, 'DE', 'Berlin', 'Berlin', 52.52, 13.40), (4, 'FR', '', '', NULL, NULL),
 (5, 'BR', 'São Paulo', 'São Paulo', -23.55, -46.63), (6, 'IN', '', '', NULL, NULL),
 (7, '', '', '', NULL, NULL)"""
SYMPTOMS = "['login', 'app_crash', 'playback_streaming', 'website_down', 'connectivity', 'other']"
POSTS_SQL = """
INSERT INTO posts (post_key, source, native_id, url, author_hash, text, lang_hint,
                   created_at, fetched_at)
SELECT 'bench:' || i, 'mastodon', i::VARCHAR, 'https://mastodon.example/@a/' || i,
       left(md5(i::VARCHAR), 16), 'is ' || s.slug || ' down? nothing loads', 'en', t, t
FROM (SELECT i, hash(i) % 40 AS k,
             CASE WHEN i < $main THEN $start + to_microseconds((i * $span_us // $main)::BIGINT)
                  ELSE $now - to_microseconds(((i - $main) * 3000000000 // $burst)::BIGINT) END AS t
      FROM range($n) r(i)) g
JOIN svc s ON s.k = CASE WHEN g.i >= $main THEN g.i % 5 ELSE g.k END
"""
SIGNALS_SQL = f"""
INSERT INTO post_signals
SELECT p.post_key, p.created_at, md5(p.text), 'en', 1, 0.9,
       [{SYMPTOMS}[(1 + hash(p.native_id) % 6)::BIGINT]], i >= $main OR hash(i * 7) % 100 < 35,
       geo.country, geo.region, geo.city, geo.lat, geo.lon, 'profile', 0.7, 'bench', p.fetched_at
FROM (SELECT *, native_id::BIGINT AS i FROM posts) p
JOIN geo ON geo.k = (hash(p.i * 13) % 8)::INTEGER
"""
VOLUME_SQL = """
INSERT INTO report_volume
WITH c AS (SELECT ps.service_slug AS slug, time_bucket(INTERVAL 5 MINUTE, s.created_at) AS bucket,
                  s.country, count(*) AS reports
           FROM post_signals s JOIN post_services ps USING (post_key) WHERE s.problem GROUP BY ALL),
     g AS (SELECT slug, bucket, sum(reports) AS reports FROM c GROUP BY ALL),
     b AS (SELECT slug, median(reports) AS base FROM g GROUP BY slug)
SELECT g.slug, '', g.bucket, g.reports, b.base, b.base + 3 * sqrt(b.base) + 1,
       (g.reports - b.base) / sqrt(b.base), g.reports > b.base + 3 * sqrt(b.base) + 1
FROM g JOIN b USING (slug)
UNION ALL SELECT slug, country, bucket, reports, NULL, NULL, NULL, NULL FROM c WHERE country <> ''
"""
INCIDENTS_SQL = """
INSERT INTO incidents (incident_id, service_slug, title, status, severity, started_at,
    detected_at, peak_at, resolved_at, peak_reports, baseline_reports, total_reports,
    top_symptom, keywords, lead_time_minutes, detector_version, updated_at)
SELECT 'bench-' || i, s.slug, s.slug || ' problems', CASE WHEN i < 5 THEN 'open' ELSE 'resolved' END,
       ['minor', 'major', 'critical'][1 + i % 3],
       CASE WHEN i < 5 THEN $now - INTERVAL 50 MINUTE ELSE $now - to_minutes(i * 140) END AS st,
       st + INTERVAL 5 MINUTE, st + INTERVAL 20 MINUTE,
       CASE WHEN i < 5 THEN NULL ELSE st + INTERVAL 90 MINUTE END,
       40 + i % 50, 2.5, 400 + i, 'login', ['down', 'login'], 10.0, 'bench', $now
FROM range(300) r(i) JOIN svc s ON s.k = i % 40
"""


def build(path: Path, n: int) -> float:
    """Fill `path` with n posts and everything derived from them. Returns seconds taken."""
    t0 = time.perf_counter()
    main = n - BURST
    start = NOW - timedelta(days=DAYS)
    p = {
        "n": n,
        "main": main,
        "burst": BURST,
        "start": start,
        "now": NOW,
        "span_us": DAYS * 86400 * 1_000_000,
    }
    with writer(path) as con:
        store.sync_services(con, load_catalog())
        con.execute(
            "CREATE TEMP TABLE svc AS SELECT slug, (row_number() OVER (ORDER BY slug) - 1) "
            "AS k FROM services ORDER BY slug LIMIT 40"
        )
        con.execute(f"CREATE TEMP TABLE geo(k, country, region, city, lat, lon) AS {GEO}")
        con.execute(POSTS_SQL, p)
        con.execute(SIGNALS_SQL, {"main": main})
        con.execute(
            "INSERT INTO post_services SELECT 'bench:' || i, s.slug FROM range($n) r(i) "
            "JOIN svc s ON s.k = CASE WHEN i >= $main THEN i % 5 ELSE hash(i) % 40 END",
            {"n": n, "main": main},
        )
        con.execute(VOLUME_SQL)
        con.execute(INCIDENTS_SQL, {"now": NOW})
        con.execute(
            "INSERT INTO incident_regions SELECT incident_id, c, '', 10, 1.0 / 3 FROM "
            "incidents, (VALUES ('US'), ('GB'), ('DE')) v(c)"
        )
        con.execute(
            "INSERT INTO incident_symptoms SELECT incident_id, 'login', 30, 0.75 FROM incidents"
        )
        con.execute(
            "INSERT INTO incident_posts SELECT incident_id, 'bench:' || (hash(incident_id) "
            "% $n + k), k < 3, k + 1 FROM incidents, range(10) r(k)",
            {"n": n - 10},
        )
        con.execute("CHECKPOINT")
    return time.perf_counter() - t0


def time_now_page(db: Path, runs: int, ttl: str, log: Path) -> list[dict[str, float]]:
    """For each load of the Now page: seconds from navigation start (the page's own clock)
    until the app shell is loaded, the title, the first card and the map appear, and until
    all of that is drawn and the app has stopped running (`drawn`). The browser
    keeps its HTTP cache between loads, like a person who comes back; the first load of
    each server is the first visit (empty cache, and a cold server on the first call)."""
    from playwright.sync_api import sync_playwright

    os.environ["OUTAGEWATCH_CACHE_TTL"] = ttl
    loads = []
    with dashboard_server(db, NOW.isoformat(), log) as base, sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 1366, "height": 1000})
        context.add_init_script(MARKS_JS)
        for _ in range(runs + 1):
            page = context.new_page()
            page.goto(base + "/")
            wait_until_done(
                page,
                '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                quiet=0.6,
            )
            assert "Problems right now" in page.inner_text('[data-testid="stMain"]')
            marks = page.evaluate("""() => ({...window.__ow,
                shell: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})""")
            drawn = max(marks["cards"], marks["chart"], marks.get("idle", 0))
            loads.append(
                {k: round(marks[k] / 1000, 3) for k in ("shell", "title", "cards", "chart")}
                | {"drawn": round(drawn / 1000, 3)}
            )
            page.close()
        browser.close()
    return loads


# The moment the last element appeared in the page's body (any element added, a chart's
# canvas or svg among them): with MARKS_JS's idle, when a page of several charts settled.
SETTLED_JS = """
new MutationObserver((records) => {
  if (records.some((r) => r.addedNodes.length && r.target.closest
                         && r.target.closest('[data-testid="stMain"]')))
    window.__ow.last = performance.now();
}).observe(document, {subtree: true, childList: true});
"""
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'


def time_detail_page(
    db: Path, path: str, heading: str, runs: int, ttl: str, log: Path
) -> list[dict[str, float]]:
    """Like time_now_page, for a Service or Incident page at `path`: seconds until the
    title, the first chart, and `settled` (the last element added and the app idle)."""
    from playwright.sync_api import sync_playwright

    os.environ["OUTAGEWATCH_CACHE_TTL"] = ttl
    loads = []
    with dashboard_server(db, NOW.isoformat(), log) as base, sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(viewport={"width": 1366, "height": 1000})
        context.add_init_script(MARKS_JS + SETTLED_JS)
        for _ in range(runs + 1):
            page = context.new_page()
            page.goto(base + path)
            wait_until_done(page, CHART, quiet=0.6)
            assert heading in page.inner_text('[data-testid="stMain"]')
            marks = page.evaluate("""() => ({...window.__ow,
                shell: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})""")
            settled = max(marks["chart"], marks.get("last", 0), marks.get("idle", 0))
            loads.append(
                {k: round(marks[k] / 1000, 3) for k in ("shell", "title", "chart")}
                | {"settled": round(settled / 1000, 3)}
            )
            page.close()
        browser.close()
    return loads


def busiest(db: Path) -> tuple[str, str, int]:
    """The service with the most problem reports in the 7 days before NOW, and the incident
    with the most reports up to NOW (the pages a person on call opens most); the posts."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        slug = con.execute(
            "SELECT service_slug FROM report_volume WHERE country = '' AND bucket >= $since "
            "AND bucket < $now GROUP BY 1 ORDER BY sum(reports) DESC, 1 LIMIT 1",
            {"since": NOW - timedelta(days=7), "now": NOW},
        ).fetchone()[0]
        incident = con.execute(
            "SELECT incident_id FROM incidents WHERE started_at <= $now "
            "ORDER BY total_reports DESC, incident_id LIMIT 1",
            {"now": NOW},
        ).fetchone()[0]
        posts = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    finally:
        con.close()
    return slug, incident, posts


def detail_summary(cached: list[dict], uncached: list[dict]) -> dict:
    """Medians of the loads after the first (the first is the server's first visit)."""
    settled = [x["settled"] for x in uncached[1:]]
    return {
        "first_visit_cold_server": cached[0]["settled"],
        "cached_queries_median": statistics.median(x["settled"] for x in cached[1:]),
        "uncached_queries_median": statistics.median(settled),
        "uncached_queries_max": max(settled),
        "loads": {"cached": cached, "uncached": uncached},
    }


def query_seconds(db: Path, repeats: int = 5) -> float:
    """The Now page's SQL alone (one read-only connection), median of `repeats`."""
    os.environ["OUTAGEWATCH_CACHE_TTL"] = "0"
    from dashboard.queries import now_snapshot, overview

    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        overview(str(db), NOW)
        now_snapshot(str(db), NOW, NOW)  # a replayed clock: facts cut at it
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, default=None, help="reuse/keep the warehouse here")
    ap.add_argument("--pages", default="now,service,incident", help="which pages to time")
    ap.add_argument("--service", help="the Service page's service (default: the busiest)")
    ap.add_argument("--incident", help="the Incident page's id (default: the most reports)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "dashboard.json")
    args = ap.parse_args()
    if not CHROMIUM.exists():
        sys.exit("needs /usr/bin/chromium (make browser)")
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="bench-dash-"))
    db = args.db or tmp / "bench.duckdb"
    build_s = None
    if not db.exists():
        build_s = round(build(db, args.posts), 1)
        print(f"built {args.posts:,} posts in {build_s} s")
    slug, incident, posts = busiest(db)
    slug, incident = args.service or slug, args.incident or incident
    result: dict = {
        "benchmark": "dashboard pages in headless Chromium",
        "posts": posts,
        "warehouse": str(args.db) if args.db else None,
        "warehouse_mb": round(db.stat().st_size / 2**20, 1),
        "build_seconds": build_s,
    }
    if "now" in pages:
        queries = query_seconds(db)
        cached = time_now_page(db, args.runs, "30", tmp / "cached.log")
        uncached = time_now_page(db, args.runs, "0", tmp / "uncached.log")
        drawn = [load["drawn"] for load in uncached[1:]]
        result |= {
            "now_page_queries_seconds": queries,
            "now_page_seconds": {
                "first_visit_cold_server": cached[0]["drawn"],
                "cached_queries_median": statistics.median(x["drawn"] for x in cached[1:]),
                "uncached_queries_median": statistics.median(drawn),
                "uncached_queries_max": max(drawn),
                "app_shell_median": statistics.median(x["shell"] for x in uncached[1:]),
                "loads": {"cached": cached, "uncached": uncached},
            },
            "target_seconds": 2.0,
            "meets_target_median": statistics.median(drawn) < 2.0,
            "meets_target_every_load": max(drawn) < 2.0,
        }
    details = {
        "service": (f"/service?service={slug}&period=7d", "problem reports, last 7 days", slug),
        "incident": (f"/incident?id={incident}", "Timeline", incident),
    }
    for name, (path, heading, shown) in details.items():
        if name in pages:
            runs = [
                time_detail_page(db, path, heading, args.runs, ttl, tmp / f"{name}-{ttl}.log")
                for ttl in ("30", "0")
            ]
            result[f"{name}_page_seconds"] = {"shows": shown} | detail_summary(*runs)
    result |= {
        "load_average_1min_after": round(os.getloadavg()[0], 2),  # the machine is shared
        "cpu_count": os.cpu_count(),
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
