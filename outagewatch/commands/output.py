"""The --out file of a command: which format goes into it, and whether it can be written.

A file's extension is a promise about its content, so a command either writes the format the
extension names or refuses; and a path that cannot be written is reported as the path the
user gave, not as an internal temporary file or an exception name.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import click

from outagewatch.errors import UserError
from outagewatch.outfile import in_place

# Extensions that name a format, across every command that writes files. An extension not
# listed here (.txt, none) says nothing, and the command's default format is used.
EXTENSION_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".parquet": "parquet",
    ".parq": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".xml": "xml",
    ".pdf": "pdf",
}


def named_format(out: str | Path | None) -> str | None:
    """The format the extension of `out` names, or None when it names none."""
    if out in (None, "-"):
        return None
    return EXTENSION_FORMATS.get(Path(out).suffix.lower())


def choose_format(
    command: str, out: str | None, fmt: str | None, formats: tuple[str, ...], default: str
) -> str:
    """--format if given, else the format --out's extension names, else `default`.

    Refuses an --out whose extension names a format other than --format, or one this
    command cannot write: a .parquet file must never hold a text table.
    """
    named = named_format(out)
    if named is None:
        return fmt or default
    if named not in formats:
        raise UserError(
            f"cannot write {out}: {command} writes {_listing(formats)}, not {named}; "
            f"end the file name in {_listing(_extensions(formats))}{_other_names(default)}"
        )
    if fmt and fmt != named:
        raise UserError(
            f"--format {fmt} does not match {out}, whose extension says {named}; "
            f"drop --format or use --format {named}"
        )
    return named


def _listing(items: list[str] | tuple[str, ...]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _other_names(default: str) -> str:
    """How to get a default format that no extension names (sql's table): any other name."""
    if default in EXTENSION_FORMATS.values():
        return ""
    return f" (a name with no such format's extension, e.g. .txt: {default})"


def _extensions(formats: tuple[str, ...]) -> list[str]:
    """The main extension of each format that has one (sql's table has none)."""
    first: dict[str, str] = {}
    for ext, name in EXTENSION_FORMATS.items():
        first.setdefault(name, ext)
    return [first[f] for f in formats if f in first]


def check_out(out: str | Path, *, new_folders: bool = False) -> None:
    """Refuse, before any work, an `out` that cannot be created: a parent that is a file, or a
    folder we may not write into, is named in one line instead of surfacing later as
    FileExistsError or PermissionError. A missing parent folder is refused too, since a
    mistyped path must not "succeed" by creating folders; only where the user names a folder
    to write files into (`new_folders`: a range's --out) may it be created."""
    if not new_folders and _ends_in_slash(out):
        # Path("new/") is Path("new"): the file would otherwise be written as "new"
        raise UserError(
            f"cannot write {out}: a name ending in / is a folder, and this writes one file; "
            f"add the file's name, e.g. {Path(out) / 'result.csv'}"
        )
    path = Path(out)
    if _is_duckdb_file(path):
        raise UserError(
            f"cannot write {path}: it is a DuckDB database (a warehouse?), which this would "
            "replace; name another file"
        )
    if in_place(path):  # /dev/stdout, a pipe: written through, so its folder is not written
        if not os.access(path, os.W_OK):
            raise UserError(f"cannot write {path}: no permission to write it")
        return
    existing = next(p for p in (path.parent, *path.parent.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise UserError(f"cannot write {path}: {existing} is a file, not a folder")
    if existing != path.parent and not new_folders:
        raise UserError(
            f"cannot write {path}: there is no folder {path.parent}; create it first "
            f"(mkdir -p {shlex.quote(str(path.parent))}) or correct the path"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {path}: no permission to write in {existing}")


def _is_duckdb_file(path: Path) -> bool:
    """Whether `path` is a DuckDB database file ("DUCK" at byte 8): `sql ... --out W --db W`
    replaced the warehouse with the query's rows."""
    try:
        if not path.is_file():  # a pipe, a device or nothing yet: no header to read
            return False
        with path.open("rb") as file:
            return file.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def names_folder(out: str | Path) -> bool:
    """Whether --out as typed names a folder: an existing one, or any name ending in /."""
    return _ends_in_slash(out) or Path(out).is_dir()


def _ends_in_slash(out: str | Path) -> bool:
    return str(out).endswith(("/", os.sep))


def check_table_out(out: str | None) -> None:
    """check_out for a table file (analyze, detect-series): also its extension."""
    if out in (None, "-"):
        return
    from outagewatch import tabular  # lazily: pandas is not needed to check a path

    tabular.check_table_out(out)
    check_out(out)


def _same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: by inode when both exist (a symlink, a hard link,
    ./posts.csv), else by the resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_outputs_apart(file: str, out: str | None, windows_out: str | None) -> None:
    """The input FILE and the outputs of analyze or detect-series, before any work.

    --out naming FILE is allowed, as enriching a file in place (every input column is kept),
    but said in one line: a mistyped name must not replace a file unnoticed. --windows-out
    naming FILE or --out is refused: the table of windows would replace the rows."""
    file_read = file if os.path.exists(file) else None  # else reading it says so
    if windows_out not in (None, "-"):
        for what, other in (("the input file", file_read), ("--out", out)):
            if other not in (None, "-") and _same_file(windows_out, other):
                raise UserError(
                    f"--windows-out {windows_out} is {what}: the table of windows would "
                    "replace its rows; name another file"
                )
    if out not in (None, "-") and file_read and _same_file(out, file_read):
        click.echo(
            f"warning: --out {out} is the input file: it is replaced by the output (every "
            "input column is kept)",
            err=True,
        )
