"""Page script only: the page is written in dashboard/views/service.py (st.navigation runs
this file; tests run it alone with AppTest.from_file)."""

from dashboard.views import service

service.render()
