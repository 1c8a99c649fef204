"""Shapes shared by the incident stages: settings, output frames, the Clusterer protocol."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from outagewatch.official import OFFICIAL_STALE_AFTER

VERSION = "0.7"
BUCKET = pd.Timedelta(minutes=5)

# Exactly the warehouse tables' columns, in table order (warehouse/migrations/001_init.sql).
INCIDENT_COLUMNS = (
    "incident_id", "service_slug", "title", "status", "severity", "started_at", "detected_at",
    "peak_at", "resolved_at", "peak_reports", "baseline_reports", "total_reports",
    "top_symptom", "keywords", "official_id", "official_acknowledged_at", "lead_time_minutes",
    "common_cause_group", "common_upstream", "centroid", "detector_version", "updated_at",
)  # fmt: skip
INCIDENT_POST_COLUMNS = ("incident_id", "post_key", "is_representative", "rank")
INCIDENT_REGION_COLUMNS = ("incident_id", "country", "region", "reports", "share")
INCIDENT_SYMPTOM_COLUMNS = ("incident_id", "symptom", "reports", "share")

VOLUME_COLUMNS = ("service_slug", "country", "bucket", "reports", "baseline", "score")
POST_COLUMNS = ("post_key", "service_slug", "created_at", "text", "symptoms", "embedding")
OFFICIAL_COLUMNS = ("official_id", "service_slug", "started_at", "acknowledged_at")


class Clusterer(Protocol):
    """An sklearn-shaped clusterer with a ``version`` string: one label per row of one service
    span's post features (cluster.build_features), -1 = noise. The split guard (split.py) then
    merges clusters that are not distinct problems. ``version`` goes into the incidents'
    detector_version, and a stage loaded from the config must have one: an sklearn clusterer
    needs a small wrapper, e.g. ``class MyDBSCAN(DBSCAN): version = "dbscan-eps0.5"``."""

    version: str

    def fit_predict(self, features: np.ndarray) -> np.ndarray: ...


class Titler(Protocol):
    """An incident's title from its service's name, its top symptom (None: none said) and
    one country code per report ("" unknown), e.g. "Spotify — playback failures, mainly US".
    ``version`` goes into the incidents' detector_version."""

    version: str

    def title(
        self, service_name: str, top_symptom: str | None, countries: Sequence[str]
    ) -> str: ...


def stage_versions(*stages: object) -> str:
    """A "+version" per stage given (not None): a swapped clusterer or titler is named in the
    detector_version of the incidents it made; the defaults (None) add nothing."""
    return "".join(f"+{getattr(s, 'version', type(s).__name__)}" for s in stages if s is not None)


@dataclass(frozen=True)
class IncidentSettings:
    """Thresholds of the incident stage; saved (hashed) beside every incident it produces."""

    bucket: pd.Timedelta = BUCKET
    score_threshold: float = 3.0  # used only when the volume has no `abnormal` column
    quiet_period: pd.Timedelta = pd.Timedelta(minutes=30)  # resolve after this long quiet
    # Clustering inside one service span.
    min_posts_to_split: int = 12  # fewer problem posts than this: never split
    min_cluster_size: int = 5
    symptom_weight: float = 0.5  # feature weights beside the unit-norm embedding
    country_weight: float = 0.3
    time_weight: float = 0.3
    # Split evidence (see split.py): distinct symptoms AND (countries or wording or time).
    split_symptom_tv: float = 0.5
    split_country_tv: float = 0.6
    split_max_centroid_cos: float = 0.35
    split_max_time_overlap: float = 0.2
    # ...but when each group writes in its own language, the countries follow the language:
    # ask them to differ more
    split_language_tv: float = 0.6
    split_country_tv_languages: float = 0.8
    # Severity (see spans.severity()): relative to the service's normal, per window.
    major_ratio: float = 5.0
    critical_ratio: float = 20.0
    severity_window: pd.Timedelta = pd.Timedelta(hours=1)
    # per window: a normal below this is not told from none; 2.4 an hour keeps severity as it
    # read when the detector's floor was 0.2 a bucket (a quiet service's outage is not
    # "critical" for 12 reports just because its normal is near 0)
    min_normal_reports: float = 2.4
    severity_confidence: float = 0.95  # Poisson lower bound of the window's reports
    # A linked official incident's impact -> the least severity it implies.
    official_severity: tuple[tuple[str, str], ...] = (
        ("major", "major"),
        ("major_outage", "major"),
        ("critical", "critical"),
    )
    # Representation.
    n_keywords: int = 8
    n_representatives: int = 5
    # Linking to official incidents: allowed gap between the two intervals.
    official_slack: pd.Timedelta = pd.Timedelta(minutes=60)
    # An unresolved official incident runs until now, but no longer than this past its latest
    # update: a notice left open for good is not linked to later outages (link.py).
    official_stale_after: pd.Timedelta = pd.Timedelta(OFFICIAL_STALE_AFTER)
    # Common cause: incidents on different services starting within this window.
    common_cause_window: pd.Timedelta = pd.Timedelta(minutes=30)
    min_services_unknown_cause: int = 3
    # Continuity with a previous cycle: centroid similarity to keep an id.
    reuse_min_cos: float = 0.5
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def version_tag(self) -> str:
        """`incidents-<VERSION>+<hash of the settings>`: which code and thresholds made a row."""
        data = {k: str(v) for k, v in asdict(self).items()}
        digest = hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:8]
        return f"incidents-{VERSION}+{digest}"


@dataclass
class IncidentFrames:
    """The four warehouse tables produced by one cycle; columns match the tables exactly."""

    incidents: pd.DataFrame
    incident_posts: pd.DataFrame
    incident_regions: pd.DataFrame
    incident_symptoms: pd.DataFrame

    def as_dict(self) -> dict[str, pd.DataFrame]:
        """Table name -> frame, the shape ``warehouse.pipeline_io.replace_incidents`` takes."""
        return {
            "incidents": self.incidents,
            "incident_posts": self.incident_posts,
            "incident_regions": self.incident_regions,
            "incident_symptoms": self.incident_symptoms,
        }

    @classmethod
    def empty(cls) -> IncidentFrames:
        return cls(
            incidents=pd.DataFrame(columns=list(INCIDENT_COLUMNS)),
            incident_posts=pd.DataFrame(columns=list(INCIDENT_POST_COLUMNS)),
            incident_regions=pd.DataFrame(columns=list(INCIDENT_REGION_COLUMNS)),
            incident_symptoms=pd.DataFrame(columns=list(INCIDENT_SYMPTOM_COLUMNS)),
        )


def stable_id(prefix: str, *parts: object) -> str:
    """A short deterministic id: the same inputs give the same id in every cycle."""
    raw = "\x1f".join(str(p) for p in parts)
    return f"{prefix}{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:16]}"
