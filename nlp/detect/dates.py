"""Slashed dates (01/03/2024, 13.03.2024) read one way for a whole column.

pandas reads each such cell by itself: in one column 13/03/2024 was day-first and 01/03/2024
month-first, so a European export's first twelve days of each month landed in other months,
silently. The order is decided once, from the column's dates or an option, and a column that
does not decide it is refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# day/month/year or month/day/year with /, . or - between, at the start of the text
SLASHED = r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[\sT,])"


def slashed_as_iso(
    text: pd.Series, dayfirst: bool | None = None, column: str = "time"
) -> pd.Series:
    """``text`` with each slashed date rewritten as ISO 8601 (2024-03-13), the rest of the
    cell kept. The order is ``dayfirst`` when given, else the column's: a first number
    above 12 means day-first, a second one month-first. A column with both, or with neither
    (every date reads either way), is refused naming a row and the options."""
    parts = text.astype(str).str.extract(SLASHED)
    found = parts[0].notna().to_numpy()
    if not found.any():
        return text
    first = parts[0][found].astype(int).to_numpy()
    second = parts[2][found].astype(int).to_numpy()
    rows = np.flatnonzero(found)
    if dayfirst is None:
        dayfirst = _decide(text, first, second, rows, column)
    day, month = (first, second) if dayfirst else (second, first)
    year = parts[3][found].astype(int).to_numpy()
    # a two-digit year as strptime's %y reads it: 69-99 are the 1900s, 00-68 the 2000s
    year = np.where(year < 100, np.where(year >= 69, 1900 + year, 2000 + year), year)
    length = parts[0][found].str.len() + parts[2][found].str.len() + parts[3][found].str.len()
    cells = text.astype(str).to_numpy()[found]
    lead = [len(c) - len(c.lstrip()) for c in cells]
    rest = [c[n + k + 2 :] for c, n, k in zip(cells, lead, length.to_numpy(), strict=True)]
    iso = [f"{y:04d}-{m:02d}-{d:02d}{r}" for y, m, d, r in zip(year, month, day, rest, strict=True)]
    out = text.astype(object).copy()
    out.iloc[rows] = iso
    return out


def _decide(
    text: pd.Series, first: np.ndarray, second: np.ndarray, rows: np.ndarray, column: str
) -> bool:
    """Day-first or month-first, from the dates themselves; refused when they do not say."""
    days_first, months_first = first > 12, second > 12
    if days_first.any() and months_first.any():
        a, b = int(np.argmax(days_first)), int(np.argmax(months_first))
        raise ValueError(
            f"column {column!r} mixes day-first dates ({text.iloc[rows[a]]!r} at data row "
            f"{rows[a] + 1}) and month-first dates ({text.iloc[rows[b]]!r} at data row "
            f"{rows[b] + 1}); write its dates one way, or as ISO 8601 (2024-03-13)"
        )
    if days_first.any() or months_first.any():
        return bool(days_first.any())
    both = first != second
    if not both.any():
        return True  # 01/01, 02/02...: the same either way
    at = int(np.argmax(both))
    raise ValueError(
        f"column {column!r} has dates like {text.iloc[rows[at]]!r} (data row {rows[at] + 1}) "
        "that read either day-first or month-first, and none of its dates decides (no number "
        "above 12); pass --dayfirst or --monthfirst, or write ISO 8601 (2024-03-13)"
    )
