"""nlp.incidents: scored report volume plus problem posts -> outage incidents.

Pure computation over pandas frames (no database code). Entry point:
``build_incidents(volume, posts, official, catalog, now, settings) -> IncidentFrames``.
"""

from __future__ import annotations

from nlp.incidents.build import build_incidents
from nlp.incidents.cluster import AgglomerativeClusterer, HDBSCANClusterer, build_features
from nlp.incidents.common_cause import common_causes
from nlp.incidents.continuity import carry_ids, vanished, window_start
from nlp.incidents.keywords import class_keywords
from nlp.incidents.link import link_official, prepare_official
from nlp.incidents.represent import SymptomPlaceTitle, make_title, place_phrase, representatives
from nlp.incidents.spans import Span, find_spans, severity
from nlp.incidents.split import guard_split
from nlp.incidents.types import (
    INCIDENT_COLUMNS,
    INCIDENT_POST_COLUMNS,
    INCIDENT_REGION_COLUMNS,
    INCIDENT_SYMPTOM_COLUMNS,
    Clusterer,
    IncidentFrames,
    IncidentSettings,
    Titler,
)

__all__ = [
    "INCIDENT_COLUMNS",
    "INCIDENT_POST_COLUMNS",
    "INCIDENT_REGION_COLUMNS",
    "INCIDENT_SYMPTOM_COLUMNS",
    "AgglomerativeClusterer",
    "Clusterer",
    "HDBSCANClusterer",
    "IncidentFrames",
    "IncidentSettings",
    "Span",
    "SymptomPlaceTitle",
    "Titler",
    "build_features",
    "build_incidents",
    "carry_ids",
    "class_keywords",
    "common_causes",
    "find_spans",
    "guard_split",
    "link_official",
    "make_title",
    "place_phrase",
    "prepare_official",
    "representatives",
    "severity",
    "vanished",
    "window_start",
]
