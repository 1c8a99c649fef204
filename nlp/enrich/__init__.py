"""Enrichment: per-post signals (language, services, complaint, symptoms, place, embedding).

Stages, one module each, swappable through ``Enricher``'s constructor:
normalize -> language -> embed -> complaint -> attribution (+ context, mention roles) ->
symptoms -> region (see README.md here).
Names are imported lazily so that ``from nlp.enrich.symptoms import OUTAGE_SYMPTOMS`` does not
pull in torch or the model.
"""

from __future__ import annotations

from importlib import import_module

__all__ = ["OUTAGE_SYMPTOMS", "SYMPTOMS", "Enricher", "OUTPUT_COLUMNS"]

_WHERE = {
    "Enricher": "nlp.enrich.pipeline",
    "OUTPUT_COLUMNS": "nlp.enrich.pipeline",
    "OUTAGE_SYMPTOMS": "nlp.enrich.symptoms",
    "SYMPTOMS": "nlp.enrich.symptoms",
}


def __getattr__(name: str) -> object:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'nlp.enrich' has no attribute {name!r}")
