"""Page script only: the page is written in dashboard/views/now.py (st.navigation runs
this file; tests run it alone with AppTest.from_file)."""

from dashboard.views import now

now.render()
