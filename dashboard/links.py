"""Links between pages that also work when a page script runs on its own (tests)."""

from __future__ import annotations

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
