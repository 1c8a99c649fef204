"""Counts as people write them, shared by the CLI and the dashboard."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 row', '2 rows', '1,234 rows'; `words` for an irregular plural ('1 reply', '2 replies')."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
