"""Reading and writing the tables users bring (CSV, JSON lines, JSON), with clear errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from outagewatch.errors import UserError, write_error


def read_table(path: str | Path) -> pd.DataFrame:
    """Read CSV (.csv/.tsv), JSON lines (.jsonl/.ndjson) or a JSON array (.json).

    Invalid UTF-8 bytes are replaced rather than fatal, so one bad row never loses a file.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"file not found: {path}")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a CSV or JSON lines file")
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            raise UserError(f"cannot read {path}: the file is empty")
        if suffix in (".jsonl", ".ndjson"):
            return pd.read_json(path, lines=True, encoding_errors="replace", dtype=False)
        if suffix == ".json":
            data = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
            if isinstance(data, dict):
                data = next((v for v in data.values() if isinstance(v, list)), [data])
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise UserError(f"{path}: expected a JSON array of objects (one per row)")
            return pd.json_normalize(data)
        sep = "\t" if suffix == ".tsv" else ","
        return pd.read_csv(
            path, sep=sep, encoding_errors="replace", dtype=str, keep_default_na=False
        )
    except PermissionError:
        raise UserError(f"cannot read {path}: permission denied") from None
    except pd.errors.EmptyDataError:  # only blank lines: pandas says "No columns to parse"
        raise UserError(f"cannot read {path}: the file is empty (no header row)") from None
    except (ValueError, pd.errors.ParserError, json.JSONDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(f"cannot parse {path} as {suffix.lstrip('.') or 'csv'}: {first}") from None


def require_columns(frame: pd.DataFrame, path: str | Path, *columns: str | None) -> None:
    missing = [c for c in columns if c and c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns[:20]))
        raise UserError(
            f"{path} has no column {', '.join(map(repr, missing))}; columns are: {have}"
            f"{_separator_hint(frame, missing)}"
        )


def _separator_hint(frame: pd.DataFrame, missing: list[str]) -> str:
    """Semicolon-separated CSV (common where the comma is the decimal mark) reads as one
    column named 'text;created'; say so, since there is no option to change the separator."""
    if len(frame.columns) != 1 or ";" not in str(frame.columns[0]):
        return ""
    parts = [p.strip() for p in str(frame.columns[0]).split(";")]
    if not any(m in parts for m in missing):
        return ""
    return (
        ". Is the file semicolon-separated? outagewatch reads only commas (.csv) and tabs "
        "(.tsv), with no option to choose the separator: save it comma-separated"
    )


# What write_table can write, by extension; a file with no extension gets CSV.
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet")


def check_table_out(out: str | Path | None) -> None:
    """Refuse an --out extension write_table cannot honour (.xlsx, .txt...) before any work
    is done, instead of writing CSV under that name."""
    if out in (None, "-"):
        return
    suffix = Path(out).suffix.lower()
    if suffix and suffix not in TABLE_SUFFIXES:
        raise UserError(
            f"cannot write {out}: the output file must end in {', '.join(TABLE_SUFFIXES[:-1])} "
            f"or {TABLE_SUFFIXES[-1]} (no extension: CSV)"
        )


def write_table(frame: pd.DataFrame, out: str | Path | None) -> None:
    """Write by extension (.csv, .tsv, .jsonl, .json, .parquet; none = CSV); stdout as CSV
    when out is None/-."""
    if out in (None, "-"):
        frame.to_csv(sys.stdout, index=False)
        return
    check_table_out(out)
    out = Path(out)
    suffix = out.suffix.lower()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if suffix in (".jsonl", ".ndjson"):
            frame.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
        elif suffix == ".json":
            frame.to_json(out, orient="records", force_ascii=False, date_format="iso", indent=1)
        elif suffix == ".parquet":
            frame.to_parquet(out, index=False)
        else:
            frame.to_csv(out, index=False, sep="\t" if suffix == ".tsv" else ",")
    except OSError as exc:
        raise write_error(out, exc) from None
