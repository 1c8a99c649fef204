"""Benchmark `outagewatch process`: posts per second and peak memory on demo data, and how a
cycle over 5,000 new posts grows with the number of posts already stored.

Run by hand (`make bench`); writes bench/results/process.json. Not a test.

    python bench/bench_process.py [--days 7] [--sizes 50000,500000,2000000] [--new 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OUTAGEWATCH_SALT", "bench")

from outagewatch.demo.simulate import simulate  # noqa: E402
from outagewatch.orchestrator import Orchestrator  # noqa: E402
from outagewatch.settings import load_settings  # noqa: E402
from warehouse import db, store  # noqa: E402


def post_rows(world, id_offset: int = 0, shift: timedelta = timedelta(0)) -> list[dict]:
    """The demo world's posts as warehouse rows (what the crawlers would have stored)."""
    rows = []
    for p in world.posts:
        key = f"{p['source']}:{p['id'] + id_offset}"
        rows.append(
            dict(
                post_key=key,
                source=p["source"],
                native_id=str(p["id"] + id_offset),
                text=p["text"],
                lang_hint=p.get("lang"),
                author_location=p.get("author_location"),
                author_hash=None,
                is_repost=p.get("reblog_of") is not None,
                created_at=p["created_at"] + shift,
                fetched_at=p["created_at"] + shift,
            )
        )
    return rows


def bench_demo(days: int) -> dict:
    """Posts/s of a full cycle (enrich + detect + incidents) over a simulated week."""
    world = simulate(seed=7, days=days)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(db=Path(tmp) / "bench.duckdb")
        with db.writer(settings.db_path) as con:
            store.insert_posts(con, post_rows(world))
        orch = Orchestrator(settings)
        orch.enricher.enrich  # load the model before timing  # noqa: B018
        started = time.perf_counter()
        enriched = orch.enrich_pending()
        enrich_s = time.perf_counter() - started
        t1 = time.perf_counter()
        stats = orch.update_volume_and_incidents(now=world.end)
        detect_s = time.perf_counter() - t1
    total = enrich_s + detect_s
    return {
        "posts": enriched,
        "enrich_seconds": round(enrich_s, 2),
        "detect_and_incidents_seconds": round(detect_s, 2),
        "posts_per_second_end_to_end": round(enriched / total, 1),
        "incidents": stats.incidents,
    }


def fill_history(con, n: int, end) -> None:
    """n already-processed posts over the 7 days before `end`, generated in SQL."""
    con.execute(
        f"""
        INSERT INTO posts (post_key, source, native_id, text, created_at, fetched_at, is_repost)
        SELECT 'hist:' || i, 'hist', i::VARCHAR, 'background post ' || i,
               TIMESTAMP '{end:%Y-%m-%d %H:%M:%S}' - to_seconds((i * 604800 // {n})::BIGINT),
               TIMESTAMP '{end:%Y-%m-%d %H:%M:%S}', false
        FROM range({n}) t(i)
        """
    )
    con.execute(
        """
        INSERT INTO post_signals (post_key, created_at, text_hash, lang, complaint,
            complaint_score, symptoms, problem, country, region, city, geo_evidence,
            pipeline_version, processed_at)
        SELECT post_key, created_at, md5(text), 'en', (hash(post_key) % 10 = 0)::TINYINT, 0.5,
               CASE WHEN hash(post_key) % 10 = 0 THEN ['login'] ELSE [] END,
               hash(post_key) % 10 = 0, 'US', '', '', 'none', 'history', now()::TIMESTAMP
        FROM posts WHERE source = 'hist'
        """
    )
    slugs = [
        r[0] for r in con.execute("SELECT slug FROM services ORDER BY slug LIMIT 50").fetchall()
    ]
    con.execute(
        "INSERT INTO post_services SELECT post_key, list_extract(?, (hash(post_key) % ? + 1)::INTEGER) "
        "FROM posts WHERE source = 'hist'",
        [slugs, len(slugs)],
    )


def bench_scaling(sizes: list[int], new: int) -> list[dict]:
    """Time one cycle over `new` fresh posts on warehouses of growing size."""
    world = simulate(seed=11, days=2)
    fresh = post_rows(world, id_offset=10_000_000)[:new]
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings(db=Path(tmp) / "scale.duckdb")
            orch = Orchestrator(settings)
            orch.sync_catalog()
            with db.writer(settings.db_path) as con:
                fill_history(con, n, world.end - timedelta(days=1))
                store.insert_posts(con, fresh)
            orch.enricher.enrich  # noqa: B018
            started = time.perf_counter()
            stats = orch.run_cycle(now=world.end)
            seconds = time.perf_counter() - started
            results.append(
                {"stored_posts": n, "new_posts": stats.enriched, "cycle_seconds": round(seconds, 2)}
            )
            print(f"  {n:>9,} stored: cycle over {stats.enriched} new posts took {seconds:.1f} s")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--sizes", default="50000,500000,2000000")
    parser.add_argument("--new", type=int, default=5000)
    parser.add_argument("--skip-scaling", action="store_true")
    args = parser.parse_args()
    out: dict = {"cores": os.cpu_count()}
    print(f"demo week ({args.days} days) through process ...")
    out["demo"] = bench_demo(args.days)
    print(f"  {out['demo']}")
    if not args.skip_scaling:
        print("cycle time vs stored posts ...")
        out["scaling"] = bench_scaling([int(s) for s in args.sizes.split(",")], args.new)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    path = ROOT / "bench" / "results" / "process.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
