"""Links between pages that also work when a page script runs on its own (tests).

Every way from one page to another stays in the browser tab: `page_link` for a link on its
own, `open_column` + `follow` for a table's rows. A LinkColumn cannot do that: its cells
call window.open(url, "_blank"), so each click on "open" left one more tab behind."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

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


# How a status feed's address differs from its page's, for the feeds the catalog and its
# usual providers use: a feed path at the end (Slack's /feed/rss, Statuspage's history.atom)
# and a feed host (Azure's rssfeed.azure.status.microsoft).
FEED_PATH = re.compile(
    r"/(?:feed(?:/rss|/atom|\.rss|\.atom|\.xml)?|history\.(?:rss|atom)|rss|atom)/?$"
)
FEED_HOST = ("rssfeed.", "feeds.", "feed.")


def status_page(url: object, kind: object) -> str | None:
    """The address of a service's status page for people, from the catalog's status URL.
    For an RSS or Atom source that URL is the feed the crawler reads (raw XML in a
    browser); the page is derived from it where the feed follows a known pattern
    ("https://status.slack.com/feed/rss" -> "https://status.slack.com"), else None. Other
    kinds (Statuspage, Google Cloud, AWS, none) store the page itself."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    if kind not in ("rss", "atom"):
        return url
    parts = urlsplit(url)
    path = FEED_PATH.sub("", parts.path)
    host = next((parts.netloc[len(p) :] for p in FEED_HOST if parts.netloc.startswith(p)), None)
    if path == parts.path.rstrip("/") and host is None:
        return None  # no known pattern: better nothing than a guess
    return f"{parts.scheme}://{host or parts.netloc}{path}"


def shown_url(url: str) -> str:
    """'status.slack.com' for 'https://status.slack.com/': an address as people read it."""
    return re.sub(r"^https?://", "", url).rstrip("/")
