"""Writing a file the user named: atomically when it is a plain file, in place when it is not.

A new or regular file is written to a temporary file beside it and renamed over it, so a
reader never sees half a file and a failed write leaves the old one as it was; a symlink to
one is followed first, so the link stays and its target is replaced the same way. A named
pipe, a device or /dev/fd/N (a shell's `>(gzip > x.gz)`) is written through instead: a
rename would put a regular file where it was (as root, even over /dev/stdout) and the reader
at the other end would get nothing. Every command that writes a named file decides the same
way: write_file for data held whole, `writing` for rows streamed (`outagewatch sql --out`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def destination(path: Path) -> Path:
    """The file a write to `path` replaces, for a path not written in place (`in_place`): a
    symlink's target, followed to the end even when it does not exist yet; else `path`."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def in_place(path: Path) -> bool:
    """Whether `path` is written through rather than replaced: a named pipe, a device or
    /dev/fd/N, anything that exists (links followed) and is no regular file or folder."""
    return _special(path)


def _special(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:  # missing (or a dangling link): a new file
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_file(path: str | Path, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8 with \\n line ends) to `path`; returns the path. A plain
    file, also behind a symlink, goes through a temporary file beside it and a rename (its
    folder is created if missing), so a failed write leaves the old file whole; a pipe or
    device is written in place."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with writing(path) as fh:
        fh.write(raw)
    return Path(path)


@contextmanager
def writing(path: str | Path) -> Iterator[BinaryIO]:
    """write_file for a writer that streams (`outagewatch sql --out`): a binary file to write
    `path` through. A plain file is the temporary file beside it, renamed over `path` when
    the block ends, removed when it raises; a pipe or device is written in place, and a
    named pipe no process reads is refused at once (OSError ENXIO), not waited on."""
    path = Path(path)
    if in_place(path):
        with os.fdopen(_open(path), "wb") as fh:
            yield fh
        return
    real = destination(path)
    real.parent.mkdir(parents=True, exist_ok=True)
    tmp = real.with_name(f".{real.name}.tmp")
    try:
        with os.fdopen(_open(tmp), "wb") as fh:
            yield fh
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _open(path: Path) -> int:
    """A descriptor to write `path`. A named pipe no process reads would block the open for
    good (a cron job hung): it is opened without waiting and refused in one line instead."""
    try:
        fifo = stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        fifo = False
    if not fifo:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "no process is reading this named pipe", str(path)) from None
        raise
    os.set_blocking(fd, True)
    return fd
