"""A deterministic simulated week of public posts with injected outages, for the offline demo.

``simulate(seed, days, end)`` builds a ``DemoWorld``: background chatter about ~30 real
services in 11 countries with daily seasonality, bursts of problem posts for the injected
outages (the ground truth), a launch-chatter spike that is not an outage, reposts, a few
Hacker News threads and the official status-page incidents that trail the crowd.
All times are naive UTC datetimes. Same (seed, days, end, scale) gives identical output.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from outagewatch.demo.statuspages import official_incidents
from outagewatch.demo.worlddata import SERVICES, author_pool
from outagewatch.demo.worldevents import burst, hn_threads, launch, reposts
from outagewatch.demo.worldplan import outage_plan
from outagewatch.demo.worldposts import Writer, background
from outagewatch.demo.worldreddit import reddit_threads


class TruthEvent(dict):
    """One injected event (id, kind, services, countries, start, end, shape, symptom,
    upstream, ongoing, group). A plain dict for JSON, readable as ``t["kind"]`` or ``t.kind``."""

    def __getattr__(self, name: str) -> object:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class DemoWorld:
    """Everything the replay server serves plus the ground truth it never serves."""

    seed: int
    days: int
    start: datetime
    end: datetime
    posts: list[dict]
    official_incidents: dict[str, list[dict]]
    truth: list[TruthEvent]
    services: list[str]
    service_names: dict[str, str] = field(default_factory=dict)


def _floor5(t: datetime) -> datetime:
    return t.replace(second=0, microsecond=0) - timedelta(minutes=t.minute % 5)


def simulate(
    seed: int = 7, days: int = 7, end: datetime | None = None, scale: float = 1.0
) -> DemoWorld:
    """Build the deterministic demo world for ``days`` days ending at ``end`` (naive UTC)."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    if scale <= 0:
        raise ValueError(f"scale must be positive, got {scale}")
    if end is None:
        end = datetime.now(UTC).replace(tzinfo=None)  # the project stores naive UTC
    if end.tzinfo is not None:
        raise ValueError("end must be a naive UTC datetime")
    end = _floor5(end)
    start = end - timedelta(days=days)
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    events = outage_plan(rng, start, end)
    writer = Writer(rng, author_pool(random.Random(seed + 1), scale))
    posts = background(writer, nrng, start, days * 24, scale)
    for ev in events:
        maker = launch if ev["kind"] == "launch_chatter" else burst
        posts.extend(maker(writer, nrng, ev, end, scale))
    posts.extend(reposts(writer, posts, end))
    posts.extend(hn_threads(rng, start, end, events, scale))
    # its own generator: adding Reddit left the other sources' posts as they were
    posts.extend(reddit_threads(random.Random(seed + 3), start, end, events, scale))
    posts = [p for p in posts if start <= p["created_at"] < end]
    for p in posts:
        p["created_at"] = p["created_at"].replace(
            microsecond=p["created_at"].microsecond // 1000 * 1000
        )
    posts.sort(key=lambda p: (p["created_at"], p["source"], p["text"]))
    _assign_ids(posts)
    truth = [
        TruthEvent(
            {
                k: ev[k]
                for k in (
                    "id",
                    "kind",
                    "services",
                    "countries",
                    "start",
                    "end",
                    "shape",
                    "symptom",
                    "upstream",
                    "ongoing",
                )
            },
            group=ev.get("group"),
        )
        for ev in events
    ]
    return DemoWorld(
        seed=seed,
        days=days,
        start=start,
        end=end,
        posts=posts,
        official_incidents=official_incidents(random.Random(seed + 2), events, start, end),
        truth=truth,
        services=[s.slug for s in SERVICES],
        service_names={s.slug: s.name for s in SERVICES},
    )


def _assign_ids(posts: list[dict]) -> None:
    """Mastodon-style snowflake ids: milliseconds << 16, strictly increasing with time."""
    prev = 0
    epoch = datetime(1970, 1, 1)
    for p in posts:
        ms = int((p["created_at"] - epoch).total_seconds() * 1000)
        prev = max(prev + 1, ms << 16)
        p["id"] = prev
    for p in posts:
        orig = p.pop("reblog_of")
        p["reblog_of"] = orig["id"] if isinstance(orig, dict) else orig
        parent = p.pop("_parent", None)
        p["parent_id"] = parent["id"] if parent else None
        p.setdefault("title", None)


DATASET_FORMAT = "outagewatch-demo-dataset/1"
_TIME_KEYS = ("created_at", "start", "end")


def _encode(obj: object) -> object:
    if isinstance(obj, datetime):
        return obj.isoformat(timespec="milliseconds")
    raise TypeError(f"cannot store {type(obj).__name__} in a demo dataset")


def save_dataset(world: DemoWorld, path: str | Path) -> Path:
    """Write the world (posts, official incidents, truth) as one JSON file."""
    doc = {"format": DATASET_FORMAT, **asdict(world)}
    path = Path(path)
    path.write_text(json.dumps(doc, default=_encode, ensure_ascii=False), encoding="utf-8")
    return path


def load_dataset(path: str | Path) -> DemoWorld:
    """Read a file written by ``save_dataset``; a precise error for anything else."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"demo dataset not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"demo dataset {path} is not valid JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != DATASET_FORMAT:
        raise ValueError(
            f"{path} is not an outagewatch demo dataset (format {DATASET_FORMAT!r} expected)"
        )
    try:
        for row in (*doc["posts"], *doc["truth"]):
            for key in _TIME_KEYS:
                if isinstance(row.get(key), str):
                    row[key] = datetime.fromisoformat(row[key])
        return DemoWorld(
            seed=int(doc["seed"]),
            days=int(doc["days"]),
            start=datetime.fromisoformat(doc["start"]),
            end=datetime.fromisoformat(doc["end"]),
            posts=doc["posts"],
            official_incidents=doc["official_incidents"],
            truth=[TruthEvent(t) for t in doc["truth"]],
            services=doc["services"],
            service_names=doc.get("service_names", {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"demo dataset {path} is missing or has a bad field: {exc}") from None
