"""Split guard: keep a clusterer's split only when the clusters are really distinct problems.

A full outage makes people report mixed symptoms ("can't log in", "songs stop") from the
same places at the same time; an embedding clusterer happily splits those by wording, and
people from ten countries write in ten languages. So two clusters stay apart only when
their symptoms differ AND something independent differs too: where (countries), what they
say (embedding centroids far apart), or when (post times hardly overlap). Two clusters each
in its own language need countries that differ more (``split_country_tv_languages``): the
countries follow the language, and so do the English encoder's reading and what the symptom
cues catch ("geht gerade nicht" says only "down" where an English post names the login).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.incidents.types import IncidentSettings

MIN_KNOWN_COUNTRIES = 3  # fewer located posts than this: no country evidence either way


@dataclass(frozen=True)
class Evidence:
    symptom_tv: float
    country_tv: float | None
    centroid_cos: float
    time_overlap: float
    language_tv: float = 0.0

    def distinct(self, s: IncidentSettings) -> bool:
        if self.symptom_tv < s.split_symptom_tv:
            return False
        # each group in its own language: its countries follow the language, so they must
        # differ more to count as a second, independent sign
        own_languages = self.language_tv >= s.split_language_tv
        need = s.split_country_tv_languages if own_languages else s.split_country_tv
        where = self.country_tv is not None and self.country_tv >= need
        what = self.centroid_cos <= s.split_max_centroid_cos
        when = self.time_overlap <= s.split_max_time_overlap
        return where or what or when


def guard_split(
    labels: np.ndarray,
    embeddings: np.ndarray,
    symptoms: Sequence[Sequence[str]],
    countries: Sequence[str],
    minutes: np.ndarray,
    settings: IncidentSettings,
    langs: Sequence[str] | None = None,
) -> np.ndarray:
    """Merge, most similar pair first, every two clusters without evidence of being distinct.

    Returns labels 0..k-1, 0 = the largest cluster.
    """
    labels = np.asarray(labels).copy()
    ids = [int(i) for i in np.unique(labels)]

    def ev(a: int, b: int) -> Evidence:
        return evidence(labels == a, labels == b, embeddings, symptoms, countries, minutes, langs)

    # Pairwise evidence is cached; a merge only recomputes the pairs of the merged cluster.
    cache = {(a, b): ev(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    while True:
        mergeable = [(e.centroid_cos, p) for p, e in cache.items() if not e.distinct(settings)]
        if not mergeable:
            break
        _, (keep, gone) = max(mergeable, key=lambda cp: (cp[0], -cp[1][0], -cp[1][1]))
        labels[labels == gone] = keep
        ids.remove(gone)
        cache = {p: e for p, e in cache.items() if gone not in p and keep not in p}
        for other in ids:
            if other != keep:
                cache[(min(keep, other), max(keep, other))] = ev(min(keep, other), max(keep, other))
    return _relabel_by_size(labels)


def evidence(
    ma: np.ndarray,
    mb: np.ndarray,
    embeddings: np.ndarray,
    symptoms: Sequence[Sequence[str]],
    countries: Sequence[str],
    minutes: np.ndarray,
    langs: Sequence[str] | None = None,
) -> Evidence:
    """How different two groups of posts (boolean masks) are on each axis."""
    ia, ib = np.flatnonzero(ma), np.flatnonzero(mb)
    sym = _tv([s for i in ia for s in symptoms[i]], [s for i in ib for s in symptoms[i]])
    ca = [countries[i] for i in ia if countries[i]]
    cb = [countries[i] for i in ib if countries[i]]
    ctv = _tv(ca, cb) if min(len(ca), len(cb)) >= MIN_KNOWN_COUNTRIES else None
    known = (lambda idx: [langs[i] for i in idx if langs[i] not in ("", "und")]) if langs else None
    return Evidence(
        symptom_tv=sym,
        country_tv=ctv,
        centroid_cos=_cos(embeddings[ia].mean(axis=0), embeddings[ib].mean(axis=0)),
        time_overlap=_overlap(minutes[ia], minutes[ib]),
        language_tv=_tv(known(ia), known(ib)) if known else 0.0,
    )


def _tv(a: Sequence[str], b: Sequence[str]) -> float:
    """Total variation distance between two empirical distributions (0 same, 1 disjoint)."""
    if not a or not b:
        return 0.0
    pa, pb = Counter(a), Counter(b)
    keys = set(pa) | set(pb)
    return 0.5 * sum(abs(pa[k] / len(a) - pb[k] / len(b)) for k in keys)


def _cos(u: np.ndarray, v: np.ndarray) -> float:
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    return float(u @ v / (nu * nv)) if nu and nv else 1.0


def _overlap(ta: np.ndarray, tb: np.ndarray, min_width: float = 5.0) -> float:
    """Intersection over union of the two groups' 10–90 % time ranges (minutes)."""
    a0, a1 = np.percentile(ta, [10, 90])
    b0, b1 = np.percentile(tb, [10, 90])
    a1, b1 = max(a1, a0 + min_width), max(b1, b0 + min_width)
    inter = max(0.0, min(a1, b1) - max(a0, b0))
    union = max(a1, b1) - min(a0, b0)
    return float(inter / union) if union > 0 else 1.0


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    ids, counts = np.unique(labels, return_counts=True)
    order = ids[np.lexsort((ids, -counts))]
    mapping = {int(old): new for new, old in enumerate(order)}
    return np.array([mapping[int(v)] for v in labels], dtype=int)
