"""Reading and writing the tables users bring (CSV, JSON lines, JSON, Parquet), with clear
errors."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import warnings
from collections.abc import Collection
from pathlib import Path

import click
import pandas as pd

from outagewatch.cells import nested_as_json, untyped_as_text
from outagewatch.errors import UserError, write_error
from outagewatch.outfile import write_file

# frame.attrs key: the frame came from a CSV or TSV, which holds no nested objects
FLAT = "outagewatch_flat"


encoding_option = click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="The file's text encoding, e.g. cp1252 for a spreadsheet saved on Windows. In UTF-8 "
    "invalid bytes are replaced (with a warning); any other encoding is decoded strictly. "
    "A UTF-16 or UTF-32 file with its byte-order mark is read as such.",
)


def read_table(
    path: str | Path, text_columns: Collection[str] = (), encoding: str = "utf-8"
) -> pd.DataFrame:
    """Read CSV (.csv/.tsv), JSON lines (.jsonl/.ndjson), a JSON array (.json) or Parquet.

    In UTF-8 (the default), invalid bytes are replaced rather than fatal, so one bad row never
    loses a file; how many lines had them is said in one warning, which names the encoding to
    ask for when the whole file reads as Windows-1252. Another `encoding` is decoded strictly.
    Values keep the types the file gives them (JSON's own; a CSV column's as inferred by
    `infer_types`), except `text_columns`, which stay exactly as written.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"file not found: {path}")
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a CSV or JSON lines file")
    try:
        raw = path.read_bytes()  # read once: decoded here, counted for bad bytes, parsed
    except PermissionError:
        raise UserError(f"cannot read {path}: permission denied") from None
    if not raw:
        raise UserError(f"cannot read {path}: the file is empty")
    if path.suffix.lower() == ".parquet":
        return _parquet(path)
    text, bad_bytes = _decode(path, raw, encoding)
    frame = _parse(path, text)
    if bad_bytes:
        say_invalid_utf8(path, raw)
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return frame
    frame = infer_types(frame, keep=text_columns)
    frame.attrs[FLAT] = True  # a CSV's "text.lang" is a column's name, not an object's field
    return frame


def _parquet(path: Path) -> pd.DataFrame:
    """A Parquet file with its own column types."""
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors are both
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        first = re.sub(r"^Could not open Parquet input source '.*?': ", "", first)  # the path
        raise UserError(f"cannot read {path} as Parquet: {first}") from None


def _json_frame(rows: list[dict]) -> pd.DataFrame:
    """JSON objects as a table whose columns keep JSON's values exactly: a column of whole
    numbers with a missing value stays whole numbers (Int64; pandas made 1063374537129590785
    a float, written back as 1.063374537e+18), of true/false booleans, of numbers Float64;
    anything else (text, lists, mixed) stays as the objects JSON gave."""
    flat = [_flat(r) for r in rows]
    names = list(dict.fromkeys(k for r in flat for k in r))
    frame = pd.DataFrame({n: [r.get(n) for r in flat] for n in names}, dtype=object)
    for name in names:
        cells = [r.get(name) for r in flat]  # None where JSON had null or no such key
        values = [v for v in cells if v is not None]
        if not values:
            continue
        if all(isinstance(v, bool) for v in values):
            frame[name] = _series(cells, "boolean", frame[name])
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            if max(abs(v) for v in values) < 2**63:
                frame[name] = _series(cells, "Int64", frame[name])
            else:  # past int64 (Parquet's widest): as text, exact, as a CSV's such ids are
                frame[name] = [None if v is None else str(v) for v in cells]
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            frame[name] = _series(cells, "Float64", frame[name])
    return frame


def _flat(row: dict, prefix: str = "") -> dict:
    """Nested objects as dotted columns ({"user": {"id": 1}} -> "user.id"), as
    pandas.json_normalize names them."""
    out: dict = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):  # {} holds nothing: no column (Parquet has no empty struct)
            out.update(_flat(value, f"{name}."))
        else:
            out[name] = value
    return out


def _decode(path: Path, raw: bytes, encoding: str) -> tuple[str, bool]:
    """The file's text, and whether invalid UTF-8 bytes were replaced in it."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise UserError(f"unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1") from None
    if name == "utf-8" and (bom := bom_codec(raw)):
        # a UTF-16 or UTF-32 byte-order mark is unambiguous, as UTF-8's is: read it so
        try:
            return raw.decode(bom), False
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path} starts with a {bom.upper()} byte-order mark, but byte {exc.start} "
                f"(0x{raw[exc.start]:02x}) cannot be decoded as {bom.upper()}; check the "
                "file's encoding"
            ) from None
    if name == "utf-8":
        try:
            return raw.decode("utf-8-sig"), False
        except UnicodeDecodeError:
            return raw.decode("utf-8-sig", errors="replace"), True
    try:
        return raw.decode(name), False
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path} is not {encoding}: byte {exc.start} (0x{raw[exc.start]:02x}) cannot be "
            "decoded; check the file's encoding"
        ) from None


def bom_codec(raw: bytes) -> str | None:
    """The codec a leading UTF-32 or UTF-16 byte-order mark names (UTF-32 LE's begins as
    UTF-16 LE's does: checked first), else None. The one reading of the marks, for input
    files here and `outagewatch sql`'s query text."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _refuse_repeated_names(path: Path, text: str, sep: str) -> None:
    """A CSV header naming a column twice: pandas would rename the second "text.1", which
    reads as an object's field and silently renames a column on the way out."""
    for header in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep):
        if not any(cell.strip() for cell in header):
            continue  # blank lines before the header: pandas skips them too
        seen: dict[str, int] = {}
        for number, name in enumerate(header, start=1):
            if name and name in seen:
                raise UserError(
                    f"{path}: the header names column {name!r} twice (columns {seen[name]} "
                    f"and {number}): rename one"
                )
            seen.setdefault(name, number)
        return


def _parse(path: Path, text: str) -> pd.DataFrame:
    """The file's text as pandas reads it, a CSV as text; any failure is one UserError line."""
    suffix = path.suffix.lower()
    sep = "\t" if suffix == ".tsv" else ","
    try:
        if suffix in (".jsonl", ".ndjson"):
            return _json_frame(_json_lines(path, text))
        if suffix == ".json":
            data = json.loads(text)
            if isinstance(data, dict):
                data = next((v for v in data.values() if isinstance(v, list)), [data])
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise UserError(f"{path}: expected a JSON array of objects (one per row)")
            return _json_frame(data)
        with warnings.catch_warnings():
            # index_col=False: a row with a field too many must not make pandas take the
            # first column for an index and shift every column by one, silently
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # In a file of one column an empty line is an empty value, a row like any other:
            # dropped, the rows out would no longer line up with the rows in. Blank lines at
            # the very end are the file's end. With more columns an empty line is no row, and
            # so is one before the header (then pandas finds the header past it).
            first = text.lstrip("\ufeff").split("\n", 1)[0].strip()
            one_column = bool(first) and sep not in first
            if one_column:
                text = text.rstrip("\r\n") + "\n"
            else:
                _refuse_repeated_names(path, text, sep)
            try:
                return pd.read_csv(
                    io.StringIO(text),
                    sep=sep,
                    dtype=str,
                    keep_default_na=False,
                    index_col=False,
                    skip_blank_lines=not one_column,
                )
            except pd.errors.ParserWarning:
                raise UserError(_too_many_fields(path, text, sep)) from None
    except pd.errors.EmptyDataError:  # only blank lines: pandas says "No columns to parse"
        raise UserError(f"cannot read {path}: the file is empty (no header row)") from None
    except (ValueError, pd.errors.ParserError, json.JSONDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "EOF inside string" in first and (line := unclosed_quote_line(text, sep)):
            first = (
                f'the quote (") opened on line {line} is never closed; a text that begins '
                'with a quote mark must be quoted whole, its quotes doubled ("""like this")'
            )
        if "Expected" in first and "fields" in first:  # pandas: "Expected 2 fields in line 3"
            first += '; a text holding the separator must be quoted ("like, this")'
        raise UserError(f"cannot parse {path} as {suffix.lstrip('.') or 'csv'}: {first}") from None


def unclosed_quote_line(text: str, sep: str) -> int | None:
    """The line on which a quoted field opens that the text never closes, None when every
    quote closes. Read as pandas reads CSV: a quote opens a field only at the field's start
    (elsewhere it is a plain character), and inside one a doubled quote is a quote."""
    line, opened, state = 1, 0, "start"  # state: start of a field, plain, or quoted
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if state == "quoted":
            if ch == '"':
                if text.startswith('"', pos + 1):
                    pos += 1
                else:
                    state = "plain"
            elif ch == "\n":
                line += 1
        elif ch == '"' and state == "start":
            state, opened = "quoted", line
        elif ch == sep:
            state = "start"
        elif ch == "\n":
            line, state = line + 1, "start"
        elif ch not in "\r\ufeff":
            state = "plain"
        pos += 1
    return opened if state == "quoted" else None


def _json_lines(path: Path, text: str) -> list[dict]:
    """One JSON object per non-blank line; the first line that is none is said by number."""
    rows = []
    # "\n" only: U+2028 and kin may stand raw inside a JSON string
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"cannot parse {path} as jsonl: line {number} is not JSON ({exc.msg})"
            ) from None
        if not isinstance(row, dict):
            raise UserError(f"cannot parse {path} as jsonl: line {number} is not a JSON object")
        rows.append(row)
    if not rows:
        raise UserError(f"cannot read {path}: the file is empty (no JSON object)")
    return rows


def _too_many_fields(path: Path, text: str, sep: str) -> str:
    """Which line has more fields than the header, said as pandas says it for later lines."""
    rows = csv.reader(io.StringIO(text), delimiter=sep)
    width = len(next(rows, []))
    for number, row in enumerate(rows, start=2):
        if len(row) > width:
            return (
                f"cannot parse {path} as csv: expected {width} fields in line {number}, saw "
                f'{len(row)}; a text holding the separator must be quoted ("like, this")'
            )
    return f"cannot parse {path} as csv: a row has more fields than the header"


def say_invalid_utf8(path: Path, data: bytes) -> None:
    """One warning line counting the lines whose invalid UTF-8 bytes were replaced with
    U+FFFD: the rows are kept, but their text is no longer what the file held. It names the
    `--encoding` (of every command that reads a table) to ask for: cp1252 when the whole
    file reads as it, but not for a file with NUL bytes, which cp1252 decodes too: that file
    is more likely UTF-16 without its byte-order mark."""
    bad = 0
    for line in data.splitlines():  # a newline byte is never inside a UTF-8 character
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
    lines = "1 line" if bad == 1 else f"{bad} lines"
    hint = ""
    if b"\x00" in data:
        hint = " (it holds NUL bytes: if it is UTF-16, give --encoding utf-16)"
    else:
        try:
            data.decode("cp1252")
            hint = " (if the file is Latin-1 or Windows-1252, give --encoding cp1252)"
        except UnicodeDecodeError:
            pass
    click.echo(
        f"warning: {lines} of {path} had invalid UTF-8 bytes, replaced with \ufffd{hint}",
        err=True,
    )


# What a CSV cell must look like to be read as a number: no leading zero ("007" and "01234"
# are codes, not numbers), no thousands separator, no words ("nan", "inf").
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
DECIMAL = re.compile(
    r"-?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]+)?|-?(0|[1-9][0-9]*)[eE][-+]?[0-9]+"
)
BOOLEAN = {"true": True, "false": False}


def infer_types(frame: pd.DataFrame, keep: Collection[str] = ()) -> pd.DataFrame:
    """A CSV read as text, with each column whose every non-empty cell is an integer, a
    decimal or true/false turned into that type (an empty cell becomes missing).

    A CSV is read as text first so that nothing is lost to pandas' guesses ("007" as 7, the
    post "NA" as missing); then a column that is plainly numbers or booleans gets that
    type, so JSON lines and Parquet output hold 541 and true, not "541" and "True"."""
    out = frame.copy()
    for name in out.columns:
        if name not in keep:
            out[name] = _typed(out[name])
    return out


def _typed(column: pd.Series) -> pd.Series:
    """The column as Int64, Float64 or boolean when every non-empty cell is one, else as is."""
    if not pd.api.types.is_string_dtype(column):
        return column
    cells = column[column != ""]
    if cells.empty:
        return column
    present = [None if v == "" else v for v in column]
    if cells.str.lower().isin(list(BOOLEAN)).all():
        flags = [None if v is None else BOOLEAN[v.lower()] for v in present]
        return _series(flags, "boolean", column)
    if cells.str.fullmatch(INTEGER.pattern).all():
        numbers = [None if v is None else int(v) for v in present]  # exact: ids past 2**53
        if max(abs(n) for n in numbers if n is not None) >= 2**63:  # past int64: keep the text
            return column
        return _series(numbers, "Int64", column)
    if cells.str.fullmatch(f"{INTEGER.pattern}|{DECIMAL.pattern}").all():
        return _series([None if v is None else float(v) for v in present], "Float64", column)
    return column


def _series(values: list, dtype: str, like: pd.Series) -> pd.Series:
    """`values` as a nullable `dtype` column in place of `like` (same index and name)."""
    return pd.Series(pd.array(values, dtype=dtype), index=like.index, name=like.name)


def require_columns(frame: pd.DataFrame, path: str | Path, *columns: str | None) -> None:
    missing = [c for c in columns if c and c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns[:20]))
        raise UserError(
            f"{path} has no column {', '.join(map(repr, missing))}; columns are: {have}"
            f"{_separator_hint(frame, missing)}{_fields_hint(frame, missing)}"
        )


def object_fields(frame: pd.DataFrame, column: str) -> list[str]:
    """The dotted columns a JSON object in `column` was read as ("text.body", "text.lang")."""
    if frame.attrs.get(FLAT):
        return []
    return [str(c) for c in frame.columns if str(c).startswith(f"{column}.")]


def _fields_hint(frame: pd.DataFrame, missing: list[str]) -> str:
    """A JSON column holding objects is read as their fields: name them."""
    for name in missing:
        if fields := object_fields(frame, name):
            return (
                f" ({name!r} holds objects, read as their fields: {', '.join(fields[:5])}; "
                f"name the one with the text, e.g. {fields[0]!r})"
            )
    return ""


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


def write_table(
    frame: pd.DataFrame, out: str | Path | None, metadata: dict[str, str] | None = None
) -> None:
    """Write by extension (.csv, .tsv, .jsonl, .json, .parquet; none = CSV); stdout as CSV
    when out is None/-. Lists and objects are written as JSON text where the format has no
    such values. ``metadata`` goes into a Parquet file's key-value metadata (the versions
    that made it); other formats carry it in columns, if at all."""
    if out in (None, "-"):
        nested_as_json(frame).to_csv(sys.stdout, index=False)
        return
    check_table_out(out)
    out = Path(out)
    suffix = out.suffix.lower()
    # a list or object stays one in JSON and, where it can, in Parquet; in CSV, and in a
    # Parquet column it cannot type (lists beside texts), it is JSON text, not Python's repr
    if suffix == ".parquet":
        frame = untyped_as_text(frame)
    elif suffix not in (".jsonl", ".ndjson", ".json"):
        frame = nested_as_json(frame)
    try:
        write_file(out, _render(frame, suffix, metadata or {}))
    except OSError as exc:
        raise write_error(out, exc) from None


def _render(frame: pd.DataFrame, suffix: str, metadata: dict[str, str]) -> str | bytes:
    """The file's content in memory, so `write_file` can replace the old file whole (a
    temporary file renamed) or write through a pipe, as every other --out."""
    if suffix in (".jsonl", ".ndjson"):
        return frame.to_json(
            orient="records", lines=True, force_ascii=False, date_format="iso",
            double_precision=15,
        )  # fmt: skip
    if suffix == ".json":
        return frame.to_json(
            orient="records", force_ascii=False, date_format="iso", indent=1,
            double_precision=15,
        )  # fmt: skip
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        extra = {k.encode(): v.encode() for k, v in metadata.items()}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **extra})
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        return buffer.getvalue()
    return frame.to_csv(index=False, sep="\t" if suffix == ".tsv" else ",")
