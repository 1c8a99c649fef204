"""Score an `outagewatch analyze` output against the national-services test set
(bench/labels/national_posts_test.csv: 313 posts written blind to the code, never read).

    outagewatch analyze bench/labels/national_posts_test.csv --text-column text --out OUT.csv
    python bench/score_national.py OUT.csv [--catalog FILE] [--extra FILE ...]

OUT.csv: Rows are joined to
the labels by `id` (analyze keeps the input columns; a label column it also writes comes back
as input_<name> and is not read here: labels are read from the labels file itself).
Predicted slugs are mapped to catalog entries with outagewatch's own loader (the bundled
catalog, or --catalog / $OUTAGEWATCH_CATALOG, with --extra / $OUTAGEWATCH_CATALOG_EXTRA merged
over it).

A predicted service is right when one of its entry's domains equals, or is a parent or child
of, the labelled service_domain, or when its name or one of its aliases equals the labelled
service name (case-insensitive). Prints counts and rates only, never post texts.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

from nlp.enrich.symptoms import OUTAGE_SYMPTOMS  # what the detector counts: no billing, "other"
from outagewatch.catalog import load_catalog

HERE = Path(__file__).resolve().parent

csv.field_size_limit(10**8)


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").replace(",", ";").split(";") if v.strip()]


def dom_match(a: str, b: str) -> bool:
    a, b = a.lower().strip().rstrip("."), b.lower().strip().rstrip(".")
    if a.startswith("www."):
        a = a[4:]
    if b.startswith("www."):
        b = b[4:]
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def truthy(value: str | None) -> bool:
    return str(value or "").strip().lower() in {"1", "true", "yes", "1.0"}


def pct(num: int, den: int) -> str:
    return f"{num}/{den} = {100 * num / den:5.1f}%" if den else f"{num}/0 =    n/a"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--labels", default=str(HERE / "labels" / "national_posts_test.csv"))
    ap.add_argument("--meta", default=str(HERE / "labels" / "national_posts_test_meta.csv"))
    ap.add_argument("--catalog", default=os.environ.get("OUTAGEWATCH_CATALOG") or None)
    env_extra = [
        p
        for part in os.environ.get("OUTAGEWATCH_CATALOG_EXTRA", "").split(os.pathsep)
        for p in part.split(",")
        if p.strip()
    ]
    ap.add_argument("--extra", nargs="*", default=env_extra)
    args = ap.parse_args()

    catalog = {s.slug: s for s in load_catalog(args.catalog, tuple(args.extra or ()))}
    with open(args.labels, encoding="utf-8") as f:
        labels = {r["id"]: r for r in csv.DictReader(f)}
    with open(args.meta, encoding="utf-8") as f:
        meta = {r["id"]: r for r in csv.DictReader(f)}
    with open(args.out, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        cols = reader.fieldnames or []
        out_rows = list(reader)
    svc_col = "services" if "services" in cols else "service"
    for need in (svc_col, "country", "complaint", "problem"):
        if need not in cols:
            print(f"OUT file lacks column {need!r}; columns: {cols}")
            return 2
    if "id" in cols:
        preds = {r["id"]: r for r in out_rows if r.get("id") in labels}
    else:  # same order as the input
        preds = dict(zip(labels, out_rows, strict=False))
    missing = [i for i in labels if i not in preds]
    print(
        f"catalog: {len(catalog)} services ({args.catalog or 'bundled'}"
        f"{' + ' + ', '.join(args.extra) if args.extra else ''}); services column: {svc_col}"
    )
    print(f"labelled posts: {len(labels)}; matched in OUT: {len(preds)}; missing: {len(missing)}")

    def right(slug: str, lab: dict) -> bool:
        s = catalog.get(slug)
        if s is None or not lab["service"]:
            return False
        if any(dom_match(d, lab["service_domain"]) for d in s.domains):
            return True
        want = lab["service"].casefold()
        return any(n.casefold() == want for n in (s.name, *s.aliases))

    # one record per post
    recs = []
    unknown_slugs = 0
    for rid, lab in labels.items():
        p = preds.get(rid, {})
        slugs = split_list(p.get(svc_col))
        unknown_slugs += sum(s not in catalog for s in slugs)
        ok = [right(s, lab) for s in slugs]
        pc = (p.get("country") or "").strip().upper()
        lc = lab["country"].strip().upper()
        wrong_national = False
        for s in slugs:
            e = catalog.get(s)
            if e and e.countries and lc and lc not in {c.upper() for c in e.countries}:
                wrong_national = True
        recs.append(
            dict(
                id=rid,
                part=meta.get(rid, {}).get("part", "1" if lab["service"] else "2"),
                kind=meta.get(rid, {}).get("kind", ""),
                service=lab["service"],
                lc=lc,
                pc=pc,
                n_pred=len(slugs),
                n_right=sum(ok),
                any_right=any(ok),
                wrong_national=wrong_national,
                comp=lab["complaint"] == "1",
                pcomp=truthy(p.get("complaint")),
                symptom=lab["symptom"],
                psym=set(split_list(p.get("symptoms"))),
                problem=truthy(p.get("problem")),
                seen=rid in preds,
            )
        )
    if unknown_slugs:
        print(f"predicted slugs not in the catalog: {unknown_slugs} (counted wrong)")

    def stats(rs: list[dict]) -> dict:
        lab_svc = [r for r in rs if r["service"]]
        no_svc = [r for r in rs if not r["service"]]
        lab_cc = [r for r in rs if r["lc"]]
        prob_pos = [r for r in rs if r["comp"] and r["service"] and r["symptom"] in OUTAGE_SYMPTOMS]
        prob_neg = [r for r in rs if not (r["comp"] and r["service"])]
        comp_pos = [r for r in rs if r["comp"] and r["symptom"]]
        return {
            "posts": len(rs),
            "svc precision (slugs)": (sum(r["n_right"] for r in rs), sum(r["n_pred"] for r in rs)),
            "svc precision (posts)": (
                sum(r["any_right"] for r in rs),
                sum(r["n_pred"] > 0 for r in rs),
            ),
            "svc recall (labelled)": (sum(r["any_right"] for r in lab_svc), len(lab_svc)),
            "false service (no label)": (sum(r["n_pred"] > 0 for r in no_svc), len(no_svc)),
            "country acc (labelled)": (sum(r["pc"] == r["lc"] for r in lab_cc), len(lab_cc)),
            "country set, none labelled": (
                sum(bool(r["pc"]) for r in rs if not r["lc"]),
                sum(not r["lc"] for r in rs),
            ),
            "complaint acc": (sum(r["pcomp"] == r["comp"] for r in rs), len(rs)),
            "complaint recall": (
                sum(r["pcomp"] for r in rs if r["comp"]),
                sum(r["comp"] for r in rs),
            ),
            "complaint false +": (
                sum(r["pcomp"] for r in rs if not r["comp"]),
                sum(not r["comp"] for r in rs),
            ),
            "symptom hit (complaints)": (
                sum(r["symptom"] in r["psym"] for r in comp_pos),
                len(comp_pos),
            ),
            "problem recall": (sum(r["problem"] for r in prob_pos), len(prob_pos)),
            "false problem reports": (sum(r["problem"] for r in prob_neg), len(prob_neg)),
        }

    def block(title: str, rs: list[dict]) -> None:
        print(f"\n== {title} ==")
        for k, v in stats(rs).items():
            print(f"  {k:28s} {v}" if isinstance(v, int) else f"  {k:28s} {pct(*v)}")

    block("overall", recs)
    block("part 1: national services named", [r for r in recs if r["part"] == "1"])
    p2 = [r for r in recs if r["part"] == "2"]
    block("part 2: names meaning something else / elsewhere", p2)
    for kind, title in (
        ("word", "part 2 / word, person, arena"),
        ("plain", "part 2 / plain complaints, no service"),
        ("other_brand", "part 2 / same brand, another country's company"),
    ):
        rs = [r for r in p2 if r["kind"] == kind]
        if rs:
            block(title, rs)
    ob = [r for r in p2 if r["kind"] == "other_brand"]
    if ob:
        print(
            f"  {'given a national entry of another country':28s} "
            f"{pct(sum(r['wrong_national'] for r in ob), len(ob))}"
        )

    # per country (labelled country; '--' = none labelled)
    print("\n== per labelled country (part 1 + part 2) ==")
    hdr = ("cc", "posts", "svcP", "svcR", "falseSvc", "ccAcc", "compAcc", "probR", "falseProb")
    print("  " + " ".join(f"{h:>10s}" for h in hdr))
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for r in recs:
        by_cc[r["lc"] or "--"].append(r)

    def short(v: tuple[int, int]) -> str:
        return f"{v[0]}/{v[1]}"

    for cc in sorted(by_cc):
        st = stats(by_cc[cc])
        cells = (
            cc,
            str(st["posts"]),
            short(st["svc precision (posts)"]),
            short(st["svc recall (labelled)"]),
            short(st["false service (no label)"]),
            short(st["country acc (labelled)"]),
            short(st["complaint acc"]),
            short(st["problem recall"]),
            short(st["false problem reports"]),
        )
        print("  " + " ".join(f"{c:>10s}" for c in cells))

    # per labelled service, part 1 (service names are shareable; no texts)
    print("\n== part 1 recall per labelled service ==")
    by_svc: dict[str, list[dict]] = defaultdict(list)
    for r in recs:
        if r["part"] == "1":
            by_svc[r["service"]].append(r)
    line = []
    for name in sorted(by_svc, key=str.casefold):
        rs = by_svc[name]
        line.append(f"{name} {sum(r['any_right'] for r in rs)}/{len(rs)}")
    for i in range(0, len(line), 6):
        print("  " + "; ".join(line[i : i + 6]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
