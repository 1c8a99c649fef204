"""The outagewatch dashboard: `streamlit run dashboard/app.py` (or `outagewatch dashboard`).

Five pages under st.navigation; each page script lives in screens/ and renders a view from
dashboard.views. Configuration comes from the environment (see dashboard.config)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # running from a source checkout: make the packages importable
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.config import DashboardConfigError, explore_enabled  # noqa: E402
from dashboard.style import inject_css  # noqa: E402

# A local icon file: a material or emoji icon would make the browser fetch it from a CDN.
ICON = Path(__file__).parent / "assets" / "icon.png"
st.set_page_config(
    page_title="outagewatch",
    page_icon=str(ICON) if ICON.exists() else None,
    layout="wide",
)

# The default page is served at "/" but still reserves a path name, which must not be "now"
# (Streamlit answers that path with "Page not found"): "/now" is the alias below.
NOW = st.Page("screens/now.py", title="Now", icon=":material/bolt:", url_path="home", default=True)


def _now_alias() -> None:
    """A typed or bookmarked /now lands on the Now page (served at /), not on "Page not found"."""
    st.switch_page(NOW)


PAGES = [
    NOW,
    st.Page(
        "screens/service.py", title="Service", icon=":material/monitoring:", url_path="service"
    ),
    st.Page("screens/incident.py", title="Incident", icon=":material/report:", url_path="incident"),
    st.Page(
        "screens/explore.py", title="Explore (SQL)", icon=":material/database:", url_path="explore"
    ),
    st.Page("screens/daily.py", title="Daily summary", icon=":material/today:", url_path="daily"),
    st.Page(_now_alias, title="Now", url_path="now", visibility="hidden"),
]


def _explore_off() -> bool:
    """A public dashboard: no SQL box for anyone who finds it. A bad value keeps the page,
    which then says what is wrong."""
    try:
        return not explore_enabled()
    except DashboardConfigError:
        return False


if _explore_off():
    PAGES = [p for p in PAGES if p.url_path != "explore"]
page = st.navigation(PAGES, position="top")
inject_css()
page.run()
