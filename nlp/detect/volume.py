"""Score the warehouse's ``report_volume`` rows: many series, pooled for cold start.

Each ``(service_slug, country)`` pair is one 5-minute count series (``country = ''``
is the service's global series; missing buckets are zero reports). A service with a
few days of history borrows the hour-of-day shape pooled over similar services (same
catalog category when a catalog is given and the category has enough data, else all
services); a country series borrows its service's global shape. Those priors are
computed from all rows given, and so are flat until every clock hour was seen on
``SHAPE_MEDIAN_DAYS`` days (a median over fewer does not outvote an outage; see also
``for_shapes``); the per-series baseline itself is causal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from nlp.detect.baseline import BaselineSettings, hour_of_day_shape, robust_cap
from nlp.detect.burst import BurstDetector, BurstSettings

KEY = ["service_slug", "country"]
VOLUME_COLUMNS = ["service_slug", "country", "bucket", "reports"]
SCORE_COLUMNS = ["baseline", "upper", "score", "abnormal", "is_anomaly"]
STEP = pd.Timedelta(minutes=5)
MIN_CATEGORY_SERVICES = 3  # a category pools its own shape from this many services up
# A shape is a median over the days with reports: once a series has reports on this many
# days, spread over as many times 24 clock hours, every hour of day has been seen on them
# and an outage's day is outvoted; only younger (or sparser) series are clipped first.
SHAPE_MEDIAN_DAYS = 3
LOCAL_HOURS = 5  # an hour's local level is the median of this many hours around it


def _check(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    missing = [c for c in VOLUME_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {', '.join(missing)}")
    out = frame[VOLUME_COLUMNS].copy()
    out["country"] = out["country"].fillna("").astype(str)
    out["service_slug"] = out["service_slug"].astype(str)
    out["bucket"] = pd.to_datetime(out["bucket"]).dt.floor(STEP).astype("datetime64[ns]")
    out["reports"] = pd.to_numeric(out["reports"], errors="raise").astype(float)
    return out


def for_shapes(series: pd.Series, settings: BaselineSettings | None = None) -> pd.Series:
    """The series as the pooled hour-of-day shapes read it: a young one (reports on fewer
    than ``SHAPE_MEDIAN_DAYS`` days, or spanning fewer such days of clock hours) with its
    hours clipped (``clip_hours``), an older one as it is.

    Why: the shapes are read from all rows given, outages included. With a day or two of
    history an outage is its hour's shape, or half of it, which raises the expected count
    exactly where that outage, or a sibling service's, must show (the 1-day demo's T6)."""
    values = series.to_numpy(dtype=float)
    seen = np.flatnonzero(np.nan_to_num(values) > 0)
    if not len(seen):
        return series
    hours = series.index[seen].floor("h")
    span = (hours[-1] - hours[0]) / pd.Timedelta(hours=1) + 1  # clock hours, first to last
    days = hours.normalize().nunique()
    old = days >= SHAPE_MEDIAN_DAYS and span >= 24 * SHAPE_MEDIAN_DAYS
    return series if old else clip_hours(series, settings)


def clip_hours(series: pd.Series, settings: BaselineSettings | None = None) -> pd.Series:
    """Each clock hour's reports clipped above its local level (the median of the
    ``LOCAL_HOURS`` hours around it, or nearest it at the series' ends) + 2 robust sd
    (at least the square root of the level, Poisson's) + 2, the level's constants, on
    hourly sums. Local, not one median for the whole series: a daily cycle's peak stays
    (mostly: a peak an hour wide loses about a quarter), and so do the zero-filled days
    before a young series' first report, which count neither in the level nor in the
    spread. Five hours, so an outage of up to two hours, also one still going at the
    series' end, is the minority of its window; a longer one stays in the shape."""
    cfg = settings or BaselineSettings()
    values = series.to_numpy(dtype=float)
    counts = np.nan_to_num(values)
    hour = series.index.to_numpy().astype("datetime64[h]").astype(np.int64)
    hour -= hour[0]
    sums = np.bincount(hour, weights=counts)
    local = _local_level(sums)
    first = int(np.argmax(sums > 0))  # the spread of the hours with a history only
    mad = float(np.median(np.abs(sums - local)[first:]))
    cap = robust_cap(local, mad, cfg)
    keep = np.divide(cap, sums, out=np.ones_like(sums), where=sums > cap)
    return pd.Series(values * keep[hour], index=series.index, name=series.name)


def _local_level(sums: np.ndarray) -> np.ndarray:
    """The median of the ``LOCAL_HOURS`` hours centred on each, the window kept whole at
    the ends: the last hours of a live series take the hours before them, where a centred
    window shrinking to three would let an outage two hours old be its majority."""
    width = min(LOCAL_HOURS, len(sums))
    medians = np.median(np.lib.stride_tricks.sliding_window_view(sums, width), axis=1)
    start = np.clip(np.arange(len(sums)) - width // 2, 0, len(sums) - width)
    return medians[start]


def _pooled_shapes(
    series_by_key: dict[tuple[str, str], pd.Series], category_of: dict[str, str]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Hour-of-day shape of all series given added up, and per catalog category."""
    globals_ = {slug: s for (slug, _), s in series_by_key.items()}

    def shape_of(parts: list[pd.Series]) -> np.ndarray:
        summed = pd.concat(parts, axis=1, sort=True).fillna(0.0).sum(axis=1)
        return hour_of_day_shape(summed, SHAPE_MEDIAN_DAYS)

    pooled = shape_of(list(globals_.values()))
    by_category: dict[str, list[pd.Series]] = {}
    for slug, s in globals_.items():
        if slug in category_of:
            by_category.setdefault(category_of[slug], []).append(s)
    per_category = {
        cat: shape_of(parts)
        for cat, parts in by_category.items()
        if len(parts) >= MIN_CATEGORY_SERVICES
    }
    return pooled, per_category


def _repeat_str(labels: list[str], sizes: list[int]) -> pd.Series:
    """``np.repeat`` of labels as a string column, built in Arrow (a hundred times faster
    than converting millions of numpy strings; same ``str`` dtype)."""
    codes = pa.array(np.repeat(np.arange(len(labels), dtype=np.int32), sizes))
    dictionary = pa.array(list(labels), pa.large_string())
    arr = pa.DictionaryArray.from_arrays(codes, dictionary).cast(pa.large_string())
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    return arr.to_pandas(types_mapper=lambda _: dtype)


def _empty(volume: pd.DataFrame) -> pd.DataFrame:
    out = volume.copy()
    for col in SCORE_COLUMNS:
        out[col] = pd.Series(dtype=bool if col in ("abnormal", "is_anomaly") else float)
    return out


def score_volume(
    volume: pd.DataFrame,
    history: pd.DataFrame | None = None,
    settings: BurstSettings | None = None,
    *,
    start: datetime | pd.Timestamp | None = None,
    end: datetime | pd.Timestamp | None = None,
    services: Iterable | None = None,
) -> pd.DataFrame:
    """Score report counts (``service_slug, country, bucket, reports``; zero rows omitted).

    Without ``start``/``end`` the result is the ``volume`` rows, in their order, with
    ``baseline, upper, score, abnormal, is_anomaly`` added; ``history`` (same columns,
    earlier buckets) only informs the baselines. With ``start``/``end`` the result is
    dense: every 5-minute bucket of [start, end] for every pair seen, zero buckets
    included, sorted by pair and bucket (rows before ``start`` serve as history).
    ``services`` (catalog entries with ``slug`` and ``category``) enables pooling by
    category for cold start.
    """
    cfg = settings or BurstSettings()
    vol = _check(volume, "volume")
    past = _check(history, "history") if history is not None else vol.iloc[:0]
    rows = pd.concat([past, vol], ignore_index=True)
    dense = start is not None or end is not None
    lo = pd.Timestamp(start).floor(STEP) if start is not None else None
    hi = pd.Timestamp(end).floor(STEP) if end is not None else None
    if hi is not None:
        rows = rows[rows["bucket"] <= hi]
    if rows.empty or (not dense and vol.empty):
        return _empty(volume)
    rows = rows.groupby([*KEY, "bucket"], as_index=False)["reports"].sum()
    first = rows["bucket"].min() if lo is None else min(lo, rows["bucket"].min())
    last = hi if hi is not None else (vol["bucket"].max() if not dense else rows["bucket"].max())
    grid = pd.date_range(first, last, freq=STEP)
    series_by_key: dict[tuple[str, str], pd.Series] = {}
    for key, part in rows.groupby(KEY, sort=True):
        s = pd.Series(part["reports"].to_numpy(), index=pd.DatetimeIndex(part["bucket"]))
        # A series starts at its first row (or at ``start``: the caller vouches that
        # the warehouse was collecting since then, so empty buckets are real zeros).
        begin = min(s.index.min(), lo) if lo is not None else s.index.min()
        series_by_key[(str(key[0]), str(key[1]))] = s.reindex(grid[grid >= begin], fill_value=0.0)
    category_of = {s.slug: s.category for s in services} if services is not None else {}
    # the shapes read the global series (all of them when there are none)
    sources = [key for key in series_by_key if key[1] == ""] or list(series_by_key)
    calm = {key: for_shapes(series_by_key[key], cfg.baseline) for key in sources}
    pooled, per_category = _pooled_shapes(calm, category_of)
    service_shape = {
        slug: hour_of_day_shape(s, SHAPE_MEDIAN_DAYS)
        for (slug, country), s in calm.items()
        if country == ""
    }
    wanted = (
        list(series_by_key) if dense else list(map(tuple, vol[KEY].drop_duplicates().to_numpy()))
    )
    keep_from = lo if lo is not None else (grid[0] if dense else vol["bucket"].min())
    parts: dict[str, list[np.ndarray]] = {c: [] for c in ["bucket", "reports", *SCORE_COLUMNS]}
    sizes = []
    for slug, country in wanted:
        group_prior = per_category.get(category_of.get(slug, ""), pooled)
        prior = group_prior if country == "" else service_shape.get(slug, group_prior)
        frame = BurstDetector(cfg, prior_hod=prior).score(series_by_key[(slug, country)])
        frame = frame.iloc[frame.index.searchsorted(keep_from) :]
        sizes.append(len(frame))
        parts["bucket"].append(frame.index.to_numpy())
        parts["reports"].append(frame["value"].to_numpy())
        for col in SCORE_COLUMNS:
            parts[col].append(frame[col].to_numpy())
    table = pd.DataFrame(
        {
            "service_slug": _repeat_str([k[0] for k in wanted], sizes),
            "country": _repeat_str([k[1] for k in wanted], sizes),
            **{col: np.concatenate(arrays) for col, arrays in parts.items()},
        }
    )
    if dense:
        table["reports"] = table["reports"].round().astype(np.int64)
        return table
    keyed = vol[[*KEY, "bucket"]].merge(
        table.drop(columns="reports"), on=[*KEY, "bucket"], how="left"
    )
    out = volume.copy().reset_index(drop=True)
    for col in SCORE_COLUMNS:
        out[col] = keyed[col].to_numpy()
    out["abnormal"] = out["abnormal"].fillna(False).astype(bool)
    out["is_anomaly"] = out["is_anomaly"].fillna(False).astype(bool)
    return out
