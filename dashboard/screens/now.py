"""Page script (st.navigation runs it; tests run it alone with AppTest.from_file)."""

from dashboard.views import now

now.render()
