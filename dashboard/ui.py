"""Page scaffolding: turn every failure into a sentence that says what to do (never a
stack trace), and tell the reader how fresh the data is."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import datetime
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import streamlit as st

from dashboard import config
from dashboard.queries import overview
from dashboard.source import CURRENT_VIEWS
from outagewatch.errors import UserError
from outagewatch.exports import fmt
from warehouse.db import (
    WarehouseError,
    WarehouseLocked,
    WarehouseMissing,
    bring_up_to_date,
    reader,
)
from warehouse.outdated import OUTDATED_ERRORS, outdated_line

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

log = logging.getLogger(__name__)


def share_column(label: str = "share") -> object:
    """A share column, still a number (it sorts by the value): show its frame through
    `shares_shown`, which writes each share as share_text does ("41%", "<1%")."""
    return st.column_config.NumberColumn(label)


def shares_shown(frame: pd.DataFrame, column: str = "share") -> Styler:
    """`frame` with its share column (percent, not a fraction) shown as share_text: the
    number stays underneath, so the column sorts by it. A NumberColumn's printf format could
    only write a share under half a percent as "0%", as if the country had no report."""
    # a Styler's text replaces every cell's, so the other numbers are written as Streamlit
    # writes them (the counts, floats after a sum, "1250", not the Styler's "1250.000000")
    numbers = [c for c in frame.columns if c != column and pd.api.types.is_numeric_dtype(frame[c])]
    formats = {column: share_text, **dict.fromkeys(numbers, number_text)}
    return frame.style.format(formats, na_rep="")


def number_text(value: float) -> str:
    """A number as a table shows it by default: a whole one without decimals."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4g}"


def share_text(value: float) -> str:
    """A percent as the share columns show it, "41%" (halves up, as the daily summary writes
    it), and "<1%" for a share above 0 that would round to "0%"."""
    return fmt.percent(value)


def percent_text(value: float) -> str:
    """A percent as text, "41%": a text column's share reads as a share column's."""
    return share_text(value)


NO_POSTS = (
    "No posts yet: run `outagewatch crawl` (or `make demo` for a simulated week), "
    "then `outagewatch process`."
)


def guarded(render: Callable[[], None]) -> None:
    """Run a page; known problems become a plain message, unknown ones one line."""
    try:
        render()
    except WarehouseMissing as exc:
        st.info(f"{exc}")
    except WarehouseLocked as exc:
        st.warning(f"{exc}. The page retries on its next refresh.")
    except (WarehouseError, config.DashboardConfigError, UserError) as exc:
        st.error(str(exc))
    except OUTDATED_ERRORS as exc:
        line = _outdated_line(exc)
        if line:  # an older or a newer file, said as `export daily` says it
            st.error(line)
        else:  # a current file (or one that cannot be checked now): the query is wrong
            log.exception("warehouse query failed")
            st.error(f"A warehouse query failed: {str(exc).splitlines()[0]}")
    except duckdb.Error as exc:
        log.exception("warehouse query failed")
        st.error(f"A warehouse query failed: {str(exc).splitlines()[0]}")
    except Exception as exc:  # a bug: one line for the reader, the trace for the log
        log.exception("dashboard page failed")
        first = (str(exc).splitlines() or [""])[0]
        st.error(
            f"This page hit an unexpected error ({type(exc).__name__}: {first}). "
            "The details are in the dashboard's log."
        )


def _outdated_line(exc: BaseException) -> str | None:
    """The line for a view or column missing because the warehouse was written by an older
    outagewatch (one still holding it, so this one could not migrate it) or a newer one;
    None when it is this version's, or cannot be opened to tell (a writer holds it now): the
    generic message then, with the trace in the log, rather than a guess."""
    try:
        with reader(config.db_path(), timeout=2) as con:
            return outdated_line(con, exc)
    except (WarehouseError, config.DashboardConfigError, duckdb.Error):
        return None


NO_COMPLAINTS = (
    "No complaint source has data yet: the warehouse holds only the status pages' official "
    "incidents ({official:,}), so there are no problem reports, no detected incidents and no "
    "map. The official status is on the Now and Service pages. For the rest, crawl a "
    "complaint source (`outagewatch crawl` with Reddit, Mastodon, Bluesky…), then "
    "`outagewatch process`."
)


def freshness(db: str, now: datetime, official_ok: bool = False) -> pd.Series | None:
    """Show 'as of' and warn when the newest report is stale. None when there are no posts,
    except on a page that can show the official status alone (`official_ok`) when the
    status pages have been crawled: `ov["posts"]` is 0 then."""
    ov = overview(db, now)["overview"].iloc[0]
    if not ov["posts"]:
        if not ov["official"]:
            st.info(NO_POSTS)
            return None
        st.info(NO_COMPLAINTS.format(official=int(ov["official"])))
        return ov if official_ok else None
    newest = ov["newest_report"] if pd.notna(ov["newest_report"]) else ov["newest_post"]
    # the zone always, and on a replayed clock that it is one ("12:00 replayed clock" said
    # no zone)
    clock = "UTC (replayed clock)" if config.now_is_overridden() else "UTC"
    parts = [f"As of {now:%Y-%m-%d %H:%M} {clock}", f"{int(ov['posts']):,} posts stored"]
    if pd.notna(newest):
        parts.append(f"newest report {config.ago(newest.to_pydatetime(), now)}")
    st.caption(" · ".join(parts))
    if pd.notna(newest) and (now - newest.to_pydatetime()).total_seconds() > 86400:
        days = int((now - newest.to_pydatetime()).total_seconds() // 86400)
        st.warning(
            f"The newest report is {days} day{'s' if days != 1 else ''} old: is "
            "`outagewatch run` still collecting? Figures below describe the past, not now."
        )
    if not ov["processed"]:
        st.info("Posts are stored but none is processed yet: run `outagewatch process`.")
    return ov


def _views_brought_up_to_date(db: str) -> None:
    """A warehouse last written by an older outagewatch gets this version's views (`outagewatch
    dashboard` does it too; `streamlit run` did not). Once per process and file, once it has
    worked: a file missing or held by a writer is checked again on the next page."""
    if db not in CURRENT_VIEWS and bring_up_to_date(db):
        CURRENT_VIEWS.add(db)


def db_and_now() -> tuple[str, datetime]:
    db = str(config.db_path())
    _views_brought_up_to_date(db)
    return db, config.query_now()


def qp(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


# ?param= as each page last read or wrote it (see follow_url).
_URL_SEEN = "_url_seen"
# the page's own default each widget was last given, while the URL named none
_DEFAULTS_GIVEN = "_defaults_given"


def follow_url(param: str, key: str, reading: object, choices: Collection | None = None) -> None:
    """Call before drawing the widget `key` that shows ?param=. `reading` is what the page
    makes of the URL: its value, or the page's own choice when it has none or a bad one.

    When the URL changed since the page last drew (Back, Forward, a link), the widget takes
    the reading. A widget keeps its state across reruns, so without this the person's last
    choice would win over the URL Back went to and be written back over it: Back would seem
    to do nothing.

    While the URL names nothing and the person has not changed the widget, it follows the
    page's default as new data moves it (the newest incident, the latest day); otherwise
    the old default would stay, and the next rerun would write it into the URL as if chosen."""
    seen = st.session_state.setdefault(_URL_SEEN, {})
    given = st.session_state.setdefault(_DEFAULTS_GIVEN, {})
    now = qp(param)
    state = st.session_state.get(key)
    if (
        state is None
        or seen.get(param, now) != now
        or (choices is not None and state not in choices)
        or (now is None and key in given and state == given[key])
    ):
        st.session_state[key] = reading
    seen[param] = now
    if now is None and st.session_state[key] == reading:
        given[key] = reading
    else:
        given.pop(key, None)


def drop_foreign_params(own: Collection[str] = ()) -> None:
    """Another page's parameters (an incident's ?id=) carried into this page's URL: opening
    an incident from a table writes ?id= on this page's URL before switching, so Back lands
    on "/?id=…". They say nothing here, and left in, a shared link would carry them on. On
    Back, Streamlit replaces the history entry rather than adding one, so this adds none."""
    for name in [k for k in st.query_params if k not in own]:
        del st.query_params[name]


def keep_in_url(chosen: dict[str, str], read: dict[str, str]) -> None:
    """Put the person's choices in the URL, so a reload or a shared link shows them, and Back
    (one history entry) returns to what they saw before. `read` is what the page made of the
    URL for each parameter. When every choice is what the page read, the URL stays as it is:
    writing a default there would add a second entry, and Back would land on a page that
    writes it again (a bad value stays too, with its warning, for the same reason). When one
    differs, all are written at once, so the new URL reads back as the page now shows."""
    if chosen == read:
        return
    st.query_params.update(chosen)
    st.session_state.setdefault(_URL_SEEN, {}).update(chosen)
