"""Nested cells (JSON lists and objects, Parquet lists and structs) in the tables users bring:
written out as JSON text, and read as a post's text only when they are a list of texts."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from outagewatch.errors import UserError

# How many characters of a refused value an error shows.
EXCERPT = 80


def is_nested(value: Any) -> bool:
    """A list, tuple, object or array cell (pandas leaves JSON's and Parquet's as they are)."""
    return isinstance(value, list | tuple | dict | np.ndarray)


def json_text(value: Any) -> str:
    """A nested cell as JSON text (["a", "b"]), not Python's repr (['a', 'b']), so what reads
    the CSV can parse it back."""
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    """Parquet's numpy arrays and scalars, at any depth, as the Python values JSON takes."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    value = value.item() if isinstance(value, np.generic) else value
    # NaN is no JSON: null, as a missing value is
    return None if isinstance(value, float) and value != value else value


def nested_as_json(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its nested cells as JSON text; other cells stay as they are."""
    return _cells_as_json(frame, list(frame.columns), is_nested)


def untyped_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each column Parquet cannot type (lists beside texts, lists of mixed items
    as [{"k": 1}, 2], numbers beside texts) as a text column: its texts as they are, every
    other value as JSON text. Parquet had refused the whole file for one such column."""
    import pyarrow as pa

    untyped = []
    for name in frame.columns:
        if frame[name].dtype != object:
            continue
        try:
            typed = pa.array(frame[name].tolist(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            untyped.append(name)
            continue
        if _empty_struct(typed.type):  # [{}]: typed, but Parquet cannot write it
            untyped.append(name)
    return _cells_as_json(frame, untyped, lambda v: not isinstance(v, str) and not _missing(v))


def _empty_struct(kind: Any) -> bool:
    """Whether an Arrow type holds a struct of no fields at any depth."""
    import pyarrow as pa

    if pa.types.is_struct(kind):
        return kind.num_fields == 0 or any(_empty_struct(f.type) for f in kind)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _empty_struct(kind.value_type)
    return False


def _missing(value: Any) -> bool:
    return not is_nested(value) and (value is None or bool(pd.isna(value)))


def _cells_as_json(frame: pd.DataFrame, columns: list[str], which: Any) -> pd.DataFrame:
    """`frame` (copied only when it changes) with the cells `which` picks in `columns` as
    JSON text."""
    out = frame
    for name in columns:
        column = frame[name]
        if column.dtype == object and column.map(which).any():
            if out is frame:
                out = frame.copy()
            out[name] = column.map(lambda v: json_text(v) if which(v) else v)
    return out


class NotText(ValueError):
    """A nested cell that is not a list of texts: reading a post out of it would be a guess."""


def post_text(value: Any) -> str:
    """A cell as the text the enrichment reads: missing is "", a number its digits, and a
    list of texts (["spotify is down", "again"]) its parts one per line, as one post written
    in parts; missing parts are skipped. Any other nested value raises NotText."""
    if is_nested(value):
        parts = _plain(value)
        if isinstance(parts, list):
            parts = [p for p in parts if p is not None]
            if all(isinstance(p, str) for p in parts):
                return "\n".join(parts)
        raise NotText(json_text(value))
    if _missing(value):
        return ""
    return value if isinstance(value, str) else str(value)


def refuse_objects(frame: pd.DataFrame, option: str, name: str, file: str) -> None:
    """A row whose `name` holds a JSON object (read as dotted columns, "text.body") is an
    error naming it: its own `name` cell is empty, and the post would be read as no text."""
    from outagewatch.tabular import object_fields

    fields = object_fields(frame, name)
    if not fields:
        return
    held = frame[fields].notna().any(axis=1).to_numpy()
    if held.any():
        row = int(held.argmax()) + 1
        raise UserError(
            f"{file}: row {row}'s {option} {name!r} holds an object (read as its fields: "
            f"{', '.join(fields[:5])}), which is neither text nor a list of texts; point "
            f"{option} at the field with the text, e.g. {fields[0]!r}, or correct this row"
            + (f" ({int(held.sum())} rows hold one)" if held.sum() > 1 else "")
        )


def post_texts(column: pd.Series, option: str, name: str, file: str) -> pd.Series:
    """post_text of every cell of the column `name` given as `option`; a cell that is not
    text is one error naming its row (counted from 1, as the file's records)."""
    texts = []
    for row, value in enumerate(column, start=1):
        try:
            texts.append(post_text(value))
        except NotText as exc:
            shown = str(exc) if len(str(exc)) <= EXCERPT else str(exc)[: EXCERPT - 1] + "…"
            raise UserError(
                f"{file}: row {row}'s {option} {name!r} holds {shown}, which is neither text nor "
                "a list of texts (a list of texts is read as one post, one part per line); "
                f"point {option} at a column of text, or correct this row"
            ) from None
    return pd.Series(texts, index=column.index, name=column.name, dtype=object)
