"""Errors a user can act on. The CLI prints them as one line and exits with code 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or environment: a missing file, a bad date, a bad column, a locked warehouse."""
