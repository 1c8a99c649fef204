"""What each view and table of the warehouse means, read from docs/sql.md (the one place it
is written): the SQL explorer lists it beside the names and types it reads from the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# docs/sql.md beside the package in a source checkout (the usual way outagewatch runs); an
# installed wheel has no docs/, and the explorer then shows names and types only
DOC = Path(__file__).resolve().parents[1] / "docs" / "sql.md"
DOC_NAME = "docs/sql.md"

_HEADING = re.compile(r"### `(\w+)`")
_COLUMN = re.compile(r"\| `(\w+)` \| [^|]+ \| (.*) \|\s*$")


@dataclass(frozen=True)
class Relation:
    """One documented view or table: its first sentence, and each column's meaning."""

    summary: str
    columns: dict[str, str] = field(default_factory=dict)


def first_sentence(paragraph: str) -> str:
    """ "One row per incident, with its service and countries." of a longer paragraph: up to
    the first full stop followed by a space (not the one of "e.g." or "`a.b`")."""
    m = re.search(r"(?<!e\.g)(?<!i\.e)\.(\s|$)", paragraph)
    return paragraph[: m.start() + 1] if m else paragraph


@cache
def documented(doc: Path = DOC) -> dict[str, Relation]:
    """{name: Relation} of the `### \\`name\\`` sections of docs/sql.md; {} without it."""
    try:
        text = doc.read_text(encoding="utf-8")
    except OSError:
        return {}
    out: dict[str, Relation] = {}
    name: str | None = None
    paragraph: list[str] = []
    columns: dict[str, str] = {}
    ended = False  # the first paragraph, the one that says what the relation is, is over
    for line in [*text.splitlines(), "## end"]:
        if line.startswith("#"):
            if name:
                out[name] = Relation(first_sentence(" ".join(paragraph)), columns)
            m = _HEADING.fullmatch(line.strip())
            name, paragraph, columns, ended = (m.group(1) if m else None), [], {}, False
        elif name and (m := _COLUMN.match(line)):
            columns[m.group(1)] = m.group(2).strip()
        elif name and not ended:
            if line.strip() and not line.startswith(("|", "```")):
                paragraph.append(line.strip())
            elif paragraph:
                ended = True
    return out
