"""Writing a file the user named: atomically when it is a plain file, in place when it is not.

A new or regular file is written to a temporary file beside it and renamed over it, so a
reader never sees half a file and a failed write leaves the old one as it was. A symlink, a
named pipe, a device or /dev/fd/N (a shell's `>(gzip > x.gz)`) is written through instead: a
rename would put a regular file where it was (as root, even over /dev/stdout) and the reader
at the other end would get nothing. Every command that writes a named file decides the same
way (`outagewatch sql --out` streams its rows, so it asks `in_place` and writes itself).
"""

from __future__ import annotations

import os
from pathlib import Path


def in_place(path: Path) -> bool:
    """Whether `path` is written through rather than replaced: a symlink (followed, so the
    link stays and its target gets the data) or anything that exists and is no regular file."""
    return path.is_symlink() or (path.exists() and not path.is_file())


def write_file(path: str | Path, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8 with \\n line ends) to `path`; returns the path. A plain
    file goes through a temporary file and a rename (its folder is created if missing); a
    symlink, pipe or device is written in place."""
    path = Path(path)
    if in_place(path):
        _write(path, data)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        _write(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _write(path: Path, data: str | bytes) -> None:
    if isinstance(data, str):
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
    else:
        with path.open("wb") as fh:
            fh.write(data)
