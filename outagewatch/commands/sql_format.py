"""How `outagewatch sql` writes a result: an aligned table, CSV or JSON records.

DuckDB hands lists over as numpy arrays and structs and maps as dicts; every format writes
them so a program can read them back (JSON arrays and objects), never as a numpy repr.
"""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
import pandas as pd

from outagewatch.words import plural


def plain(value: object) -> object:
    """`value` as what JSON holds: lists for arrays, objects for structs and maps, ISO text
    for times, None for every kind of missing (None, NaN, NaT, pd.NA)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None  # JSON has no Infinity (as JSON.stringify writes it: null)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _nested(value: object) -> bool:
    return isinstance(value, (list, tuple, dict, np.ndarray))


def to_csv(frame: pd.DataFrame) -> str:
    """CSV; a list, struct or map cell is one JSON value (e.g. ["a","b"]) on one line."""
    cells = frame.copy()
    for column in cells.select_dtypes(include="object").columns:
        cells[column] = cells[column].map(
            lambda v: json.dumps(plain(v), ensure_ascii=False, default=str) if _nested(v) else v
        )
    return cells.to_csv(index=False, lineterminator="\n")


def to_json(frame: pd.DataFrame) -> str:
    """JSON records with full values; missing values are null. A DATE column (a midnight
    timestamp in pandas; its DuckDB type rides in the frame's attrs) is a bare date,
    "2026-11-14", as in CSV."""
    types = frame.attrs.get("duckdb_types", [])  # warehouse.readonly.DUCKDB_TYPES
    dates = {str(name) for name, kind in zip(frame.columns, types, strict=False) if kind == "DATE"}
    records = [
        {str(k): _date(v) if str(k) in dates else plain(v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]
    return json.dumps(records, indent=2, ensure_ascii=False, default=str, allow_nan=False) + "\n"


def _date(value: object) -> object:
    """A DATE cell as ISO text without a time ("2026-11-14"), or null."""
    value = plain(value)
    return value[:10] if isinstance(value, str) else value


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def float_text(value: float) -> str:
    """A float for reading: at most 3 decimals, no trailing zeros (2.4890333 -> 2.489, 15.0
    -> 15); 3 significant digits when smaller than 0.001, so it does not read as 0."""
    if not np.isfinite(value):
        return str(value)
    if value == 0 or abs(value) >= 0.001:
        text = f"{value:.3f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:.3g}"
    return "0" if text == "-0" else text


def _cell(value: object) -> object:
    """Missing in any form (NULL arrives as None, NaN, NaT or <NA>) is empty; floats rounded."""
    if _missing(value):
        return ""
    if isinstance(value, (float, np.floating)):
        return float_text(float(value))
    if isinstance(value, (bytes, bytearray, memoryview)):  # a BLOB, as DuckDB prints one
        return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}" for b in bytes(value))
    if isinstance(value, (pd.Timedelta, timedelta, np.timedelta64)):  # an INTERVAL
        return interval_text(pd.Timedelta(value))
    return value


def interval_text(value: pd.Timedelta) -> str:
    """An INTERVAL as DuckDB prints it: '03:00:00', '2 days 03:00:00', '-00:05:00'."""
    sign, value = ("-", -value) if value < pd.Timedelta(0) else ("", value)
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    head = f"{days} day{'s' if days != 1 else ''} " if days else ""
    return f"{sign}{head}{clock}"


# What EXPLAIN [ANALYZE] returns: the plan drawn in one text cell.
EXPLAIN_COLUMNS = ["explain_key", "explain_value"]


def to_table(frame: pd.DataFrame) -> str:
    """An aligned text table for people: NULL is empty and floats are rounded for reading
    (csv, json and parquet keep full values)."""
    if frame.empty:
        return "(no rows) columns: " + ", ".join(map(str, frame.columns)) + "\n"
    if list(frame.columns) == EXPLAIN_COLUMNS:  # a plan is a drawing: cut to 60 it says nothing
        return "".join(f"{value}\n" for value in frame["explain_value"])
    shown = frame.astype(object).map(_cell)
    rows = plural(len(frame), "row")
    # a long value (an embedding, SUMMARIZE's min and max of one) is cut to 60 characters:
    # one such cell made lines 10,000 characters wide
    return shown.to_string(index=False, max_colwidth=60) + f"\n({rows})\n"


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """A query result as text in `fmt` (table, csv or json)."""
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return to_json(frame)
    return to_table(frame)
