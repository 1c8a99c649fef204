"""Links between pages that also work when a page script runs on its own (tests).

Every way from one page to another stays in the browser tab: `page_link` for a link on its
own, `open_column` + `follow` for a table's rows. A LinkColumn cannot do that: its cells
call window.open(url, "_blank"), so each click on "open" left one more tab behind."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException

PAGES = {
    "now": "screens/now.py",
    "service": "screens/service.py",
    "incident": "screens/incident.py",
    "explore": "screens/explore.py",
    "daily": "screens/daily.py",
}
OPEN = "view →"  # a table's button label: not "open", which is also an incident's status


def url(page: str, **params: str) -> str:
    """A relative URL to a page, e.g. for links inside tables."""
    query = urlencode({k: v for k, v in params.items() if v})
    return f"./{page}" + (f"?{query}" if query else "")


def page_link(page: str, label: str, icon: str | None = None, **params: str) -> None:
    """st.page_link inside the app; a plain link when the page runs alone."""
    try:
        st.page_link(PAGES[page], label=label, icon=icon, query_params=params or None)
    except (StreamlitAPIException, KeyError):
        st.markdown(f"[{label}]({url(page, **params)})")


def open_column(key: str) -> object:
    """The config of a table's first column: a button per row that opens its incident in
    this tab (see `follow`). Pinned, so it stays in view on a phone."""
    return st.column_config.ButtonColumn(
        "incident page", key=key, type="tertiary", pinned=True, alignment="left"
    )


def follow(key: str, incident_ids: Sequence[str], same_page: bool = False) -> None:
    """After a click in the `open_column` of table `key`, show that row's incident."""
    click = st.session_state.get(key)
    if click is None:
        return
    row = int(click["row"])
    if 0 <= row < len(incident_ids):
        open_incident(str(incident_ids[row]), same_page)


def open_incident(incident_id: str, same_page: bool = False) -> None:
    """Show `incident_id` in this tab: from the Incident page by rerunning it on the new
    ?id=, from another page by switching to it. The picker's remembered choice is dropped
    first, or it would win over the new ?id=. A page run alone (tests) cannot switch and
    shows a plain link instead."""
    st.session_state.pop("incident_pick", None)
    if same_page:
        st.query_params.from_dict({"id": incident_id})
        st.rerun()
    try:
        st.switch_page(PAGES["incident"], query_params={"id": incident_id})
    except StreamlitAPIException:
        st.markdown(f"[{OPEN}]({url('incident', id=incident_id)})")
