"""Page script only: the page is written in dashboard/views/incident.py (st.navigation runs
this file; tests run it alone with AppTest.from_file)."""

from dashboard.views import incident

incident.render()
