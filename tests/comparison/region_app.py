"""A router for testing the region page inside the app's navigation.

The real router, streamlit_app.py, is changed by the lead. Tests copy this file into a
temporary folder next to a ``readiness`` link, so page paths resolve as in the real app.
"""

import streamlit as st

st.navigation(
    [
        st.Page(
            "readiness/ui/pages/region.py",
            title="Compare partnerships",
            url_path="region",
            default=True,
        ),
        st.Page("readiness/ui/pages/results.py", title="Results", url_path="results"),
        st.Page("readiness/ui/pages/home.py", title="Home", url_path="home"),
        st.Page("readiness/ui/pages/setup.py", title="Partnership set-up", url_path="setup"),
        st.Page(
            "readiness/ui/pages/answer.py", title="Answer the questionnaire", url_path="answer"
        ),
    ]
).run()
