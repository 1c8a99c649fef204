"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""

from __future__ import annotations

import errno
from pathlib import Path


class UserError(Exception):
    """Bad input or environment: a missing file, a bad date, a bad column, a locked warehouse."""


def write_error(out: str | Path, exc: OSError) -> UserError:
    """One line about `out` (the user's path) for an OSError raised while writing it,
    whatever temporary file the writer was using."""
    path = Path(out)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"cannot write {path}: no permission to write in {path.parent}")
    if exc.errno == errno.EROFS:
        return UserError(f"cannot write {path}: {path.parent} is on a read-only file system")
    if exc.errno == errno.ENOSPC:
        return UserError(f"cannot write {path}: no space left on the device")
    if exc.errno == errno.EISDIR:
        return UserError(f"cannot write {path}: it is a folder")
    if exc.errno == errno.ENXIO:
        return UserError(f"cannot write {path}: no process is reading this named pipe")
    reason = exc.strerror or type(exc).__name__
    return UserError(f"cannot write {path}: {path.parent} does not accept new files ({reason})")


class Terminated(KeyboardInterrupt):
    """SIGTERM, unwound as Ctrl-C is (see commands.common.stop_on_sigterm); at the top the
    process then ends by the signal itself."""
