"""Checks a TOML configuration against the settings outagewatch knows, before it is used.

A typo ("download_dela", "[sources.hackernew]") would otherwise be ignored without a word and
the default used instead. Unknown names are warnings, with the closest known name, as a
newer config may name a setting this version does not have; a value of the wrong type
("max_pages = 'lots'") is an error, as nothing sensible can be done with it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from outagewatch.sources import BY_NAME, Source

SECTIONS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "warehouse": {"db": str, "data_dir": str},
    "crawl": {
        "user_agent": str,
        "obey_robots": bool,
        "autothrottle": bool,
        "download_delay": (int, float),
        "concurrent_requests_per_domain": int,
    },
    "privacy": {"hash_authors": bool},
    "catalog": {"path": str, "extra": list},
    # "module:Class" per swappable stage (settings.DEFAULT_PIPELINE, nlp/stages.py)
    "pipeline": dict.fromkeys(
        (
            "embedder",
            "language",
            "attributor",
            "complaint",
            "symptoms",
            "geocoder",
            "clusterer",
            "title",
        ),
        str,
    ),
}
# the types of sources.COMMON_KEYS and SPIDER_KEYS, which every [sources.NAME] (every crawled
# one) takes: a per-source `download_delay = "slow"` was let through and failed in the crawl
# as float("slow")
COMMON_TYPES: dict[str, type | tuple[type, ...]] = {"enabled": bool, "download_delay": (int, float)}
OPEN_SECTIONS = ("sources", "watchlist", "notify")  # checked elsewhere or free-form
# keys whose value is a list of texts: `queries = "Netflix"` was read letter by letter (seven
# one-letter queries, each with its own cursor). Other keys of these names are not lists
# (Hacker News' `tags` is one filter text; status pages' `pages` a table), so only these.
LIST_KEYS = ("queries", "instances", "modes", "subreddits", "forums")


def check_config(data: dict[str, Any], sources: Mapping[str, Source] = BY_NAME) -> list[str]:
    """Warnings for unknown sections and keys; raises ValueError for a wrongly typed value.

    Each `[sources.NAME]` table is checked against that source's own keys (its registration
    in outagewatch/sources.py): another source's key (`instances` under discourse) is
    ignored by the spider, so it is said like a typo."""
    warnings: list[str] = []
    known_top = [*SECTIONS, *OPEN_SECTIONS]
    for name, value in data.items():
        if name not in known_top:
            warnings.append(_unknown(f"section [{name}]", name, known_top))
            continue
        if name in SECTIONS:
            warnings += _check_table(name, value, SECTIONS[name])
    tables = data.get("sources", {})
    if not isinstance(tables, dict):
        raise ValueError("[sources] must be a table of [sources.NAME] tables")
    for source, table in tables.items():
        if source not in sources:
            warnings.append(_unknown(f"source [sources.{source}]", source, sources))
            continue
        if not isinstance(table, dict):
            raise ValueError(f"[sources.{source}] must be a table, not {_kind(table)}")
        defaults = sources[source].defaults
        own = sorted(sources[source].known_keys)
        for key, value in table.items():
            if why := sources[source].ignored.get(key):
                warnings.append(f"key '{key}' in [sources.{source}] is ignored: {why}")
                continue
            if key not in own:
                others = [n for n, s in sources.items() if key in s.known_keys]
                whose = f" (a key of {', '.join(others)})" if others else ""
                warnings.append(_unknown(f"key '{key}' in [sources.{source}]{whose}", key, own))
                continue
            if key in defaults and defaults[key] is not None:
                _check_type(f"[sources.{source}] {key}", value, _type_of(defaults[key]))
            elif key in COMMON_TYPES:  # no default of the source's own: `[crawl]`'s is used
                _check_type(f"[sources.{source}] {key}", value, COMMON_TYPES[key])
            if key in LIST_KEYS and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):  # fmt: skip
                raise ValueError(
                    f"[sources.{source}] {key} must be a list of texts, e.g. {key} = "
                    f'["{value if isinstance(value, str) else "..."}"], not {_kind(value)}'
                )
            if (bounds := BOUNDS.get((source, key))) and not bounds[0] <= value <= bounds[1]:
                raise ValueError(
                    f"[sources.{source}] {key} must be {bounds[0]} to {bounds[1]} "
                    f"({bounds[2]}), not {value!r}"
                )
        warnings += _left_off(source, table, sources[source])
    return warnings


# (source, key): (lowest, highest, why): a value past them is refused by the service itself
BOUNDS: dict[tuple[str, str], tuple[int, int, str]] = {
    ("lemmy", "page_limit"): (1, 50, "Lemmy's API answers at most 50 posts a page"),
}


def _left_off(source: str, table: dict[str, Any], registered: Source) -> list[str]:
    """A source off by default whose table sets it up but does not say `enabled = true` is
    skipped by every plain `crawl` and `run`: naming a Lemmy instance does not turn Lemmy on
    (review 177 #2)."""
    defaults = registered.defaults
    if defaults.get("enabled") is not False or table.get("enabled") is True:
        return []
    setup = [
        k
        for k, v in table.items()
        if k in registered.known_keys and k != "enabled" and v != defaults.get(k)
    ]
    if not setup:
        return []
    what = "names instances" if "instances" in setup else f"sets {', '.join(setup)}"
    return [
        f"[sources.{source}] {what} but the source is off, so a plain crawl or run skips "
        f"it: add enabled = true to [sources.{source}] to crawl it"
    ]


def _check_table(name: str, table: Any, keys: dict[str, type | tuple[type, ...]]) -> list[str]:
    if not isinstance(table, dict):
        raise ValueError(f"[{name}] must be a table, not {_kind(table)}")
    warnings = []
    for key, value in table.items():
        if key not in keys:
            warnings.append(_unknown(f"key '{key}' in [{name}]", key, keys))
        else:
            _check_type(f"[{name}] {key}", value, keys[key])
    return warnings


def _type_of(default: Any) -> type | tuple[type, ...]:
    if isinstance(default, bool):
        return bool
    if isinstance(default, (int, float)):
        return (int, float) if isinstance(default, float) else int
    return type(default)


def _check_type(where: str, value: Any, expected: type | tuple[type, ...]) -> None:
    types = expected if isinstance(expected, tuple) else (expected,)
    # TOML has true/false: a bool is never a number here, and a number never a bool
    ok = isinstance(value, types) and (bool in types or not isinstance(value, bool))
    if not ok:
        # a float setting takes whole numbers too: "a number", not "a whole number or a number"
        shown = [t for t in types if not (t is int and float in types)]
        want = " or ".join(_NAMES.get(t, t.__name__) for t in shown)
        if (unit := _unit(where.rsplit(" ", 1)[-1])) and (int in shown or float in shown):
            want += f" of {unit}"
        raise ValueError(f"{where} must be {want}, not {_kind(value)} {value!r}")


# keys that are an amount of time: Scrapy's delay in seconds, and every key whose name ends
# in its unit (hot_minutes, sweep_hours, idle_seconds): "a number of seconds", not "a number"
UNIT_KEYS = {"download_delay": "seconds"}
UNIT_ENDINGS = ("seconds", "minutes", "hours", "days")


def _unit(key: str) -> str:
    if key in UNIT_KEYS:
        return UNIT_KEYS[key]
    return next((u for u in UNIT_ENDINGS if key == u or key.endswith(f"_{u}")), "")


_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
}
_KINDS = {
    bool: "true/false",
    str: "text",
    int: "number",
    float: "number",
    list: "list",
    dict: "table",
}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {what} is ignored{did_you_mean(name, known)}"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'aliases'?" for the known name closest to a typo, else "" (the TOML
    settings and the catalog's fields say a typo the same way)."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
