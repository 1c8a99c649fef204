"""The swappable stages by name: which Protocol each must satisfy, and how a "module:Class"
path in the settings' [pipeline] table becomes a stage.

Pure: imports and inspects code, reads no settings and no files. The defaults' paths live
in outagewatch/settings.py (DEFAULT_PIPELINE); a path equal to its default resolves to None,
so the Enricher and build_incidents wire their own defaults exactly as without a setting.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nlp.enrich.base import (
    Attributor,
    ComplaintClassifier,
    Embedder,
    Geocoder,
    LanguageDetector,
    SymptomTagger,
)
from nlp.incidents.types import Clusterer, Titler


@dataclass(frozen=True)
class Stage:
    """One swappable stage: its Protocol and the keyword it is passed under."""

    protocol: type
    part: str  # "enrich": Enricher(**{keyword: stage}); "incidents": build_incidents(...)
    keyword: str


STAGES: dict[str, Stage] = {
    "embedder": Stage(Embedder, "enrich", "embedder"),
    "language": Stage(LanguageDetector, "enrich", "language"),
    "attributor": Stage(Attributor, "enrich", "attributor"),
    "complaint": Stage(ComplaintClassifier, "enrich", "complaint"),
    "symptoms": Stage(SymptomTagger, "enrich", "symptoms"),
    "geocoder": Stage(Geocoder, "enrich", "geocoder"),
    "clusterer": Stage(Clusterer, "incidents", "clusterer"),
    "title": Stage(Titler, "incidents", "title"),
}


class StageError(ValueError):
    """A [pipeline] path that cannot be used; the message says which and why."""


def protocol_members(protocol: type) -> tuple[list[str], list[str]]:
    """(methods, attributes) a Protocol declares, in declaration order."""
    methods = [
        n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")
    ]
    attributes = [n for n in getattr(protocol, "__annotations__", {}) if n not in methods]
    return methods, attributes


def protocol_problems(obj: object, protocol: type, *, same_names: bool = False) -> list[str]:
    """What ``obj`` lacks to satisfy ``protocol``: a missing attribute or method, or a method
    that cannot take the arguments the pipeline passes (positionally, as it calls them).
    ``same_names``: also require the protocol's parameter names (the defaults' test)."""
    methods, attributes = protocol_members(protocol)
    problems = [f"no attribute '{a}'" for a in attributes if not hasattr(obj, a)]
    for name in methods:
        impl = getattr(obj, name, None)
        if not callable(impl):
            problems.append(f"no method '{name}'")
            continue
        wanted = list(inspect.signature(vars(protocol)[name]).parameters.values())[1:]
        try:
            sig = inspect.signature(impl)
        except (TypeError, ValueError):  # a builtin that cannot say: trust it
            continue
        try:
            sig.bind(*[None] * len(wanted))
            sig.bind(*[None for p in wanted if p.default is inspect.Parameter.empty])
        except TypeError as exc:
            problems.append(f"method '{name}' cannot take ({_params(wanted)}): {exc}")
            continue
        if same_names:
            got = [p.name for p in sig.parameters.values()][: len(wanted)]
            if got != [p.name for p in wanted]:
                problems.append(f"method '{name}' names its parameters {got}")
    return problems


def load_stage(name: str, path: str, catalog: Sequence[Any]) -> Any:
    """The stage a "module:Class" path names, built and checked against its Protocol. The
    class (or factory function) is called with ``catalog=`` when it takes a parameter of
    that name, else with no arguments."""
    stage = STAGES.get(name)
    if stage is None:
        raise StageError(f"[pipeline] {name}: no such stage (known: {', '.join(STAGES)})")
    factory = _import(name, path)
    try:
        takes_catalog = "catalog" in inspect.signature(factory).parameters
    except (TypeError, ValueError):
        takes_catalog = False
    obj = factory(catalog=catalog) if takes_catalog else factory()
    problems = protocol_problems(obj, stage.protocol)
    if problems:
        raise StageError(
            f"[pipeline] {name} = {path!r} does not satisfy {stage.protocol.__name__} "
            f"(nlp/stages.py): {'; '.join(problems)}"
        )
    return obj


def configured_stages(
    paths: Mapping[str, str], defaults: Mapping[str, str], catalog: Sequence[Any]
) -> dict[str, dict[str, Any]]:
    """{"enrich": {...}, "incidents": {...}}: keyword arguments for the Enricher and for
    build_incidents, holding only the stages whose path differs from its default."""
    out: dict[str, dict[str, Any]] = {"enrich": {}, "incidents": {}}
    for name, path in paths.items():
        if path == defaults.get(name):
            continue
        stage = STAGES.get(name)
        if stage is None:
            raise StageError(f"[pipeline] {name}: no such stage (known: {', '.join(STAGES)})")
        out[stage.part][stage.keyword] = load_stage(name, path, catalog)
    if "embedder" in out["enrich"]:
        _check_embedder(paths["embedder"], out["enrich"])
    return out


def _check_embedder(path: str, enrich: Mapping[str, Any]) -> None:
    """A swapped embedder whose vectors the pipeline, or the default complaint head when the
    complaint stage is not swapped too, cannot read stops the command now, not deep in torch
    at the first batch (nlp/enrich/embedder_fit.py)."""
    from nlp.enrich.complaint import head_meta
    from nlp.enrich.embedder_fit import EmbedderMismatch, check_embedder

    try:
        check_embedder(enrich["embedder"], None if "complaint" in enrich else head_meta())
    except EmbedderMismatch as exc:
        raise StageError(f"[pipeline] embedder = {path!r}: {exc}") from None


def _import(name: str, path: str) -> Callable[..., Any]:
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        raise StageError(f"[pipeline] {name} = {path!r}: write it as 'package.module:Class'")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise StageError(
            f"[pipeline] {name} = {path!r}: module not found ({exc}); is it on PYTHONPATH?"
        ) from None
    factory = getattr(module, attr, None)
    if factory is None:
        raise StageError(f"[pipeline] {name} = {path!r}: module {module_name} has no {attr!r}")
    if not callable(factory):
        raise StageError(f"[pipeline] {name} = {path!r}: {attr} is not a class or function")
    return factory


def _params(params: Sequence[inspect.Parameter]) -> str:
    return ", ".join(p.name for p in params)
