"""Serious Violence Duty readiness tool: the Streamlit entry point (a router, nothing else).

Run with ``streamlit run streamlit_app.py``. Pages live in ``readiness/ui/pages/``.
"""

import streamlit as st

from readiness.errors import ReadinessError
from readiness.ui import identity
from readiness.ui.components.text import user_text

st.set_page_config(
    page_title="Serious Violence Duty readiness",
    page_icon=":material/diversity_3:",
    layout="wide",
    initial_sidebar_state="auto",
)

PAGES = [
    st.Page("readiness/ui/pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page(
        "readiness/ui/pages/setup.py",
        title="Partnership set-up",
        icon=":material/groups:",
        url_path="setup",
    ),
    st.Page(
        "readiness/ui/pages/answer.py",
        title="Answer the questionnaire",
        icon=":material/checklist:",
        url_path="answer",
    ),
    st.Page(
        "readiness/ui/pages/results.py",
        title="Results",
        icon=":material/insights:",
        url_path="results",
    ),
    st.Page(
        "readiness/ui/pages/actions.py",
        title="Action plan",
        icon=":material/task_alt:",
        url_path="actions",
    ),
    st.Page(
        "readiness/ui/pages/upload.py",
        title="Upload a completed workbook",
        icon=":material/upload_file:",
        url_path="upload",
    ),
    st.Page(
        "readiness/ui/pages/evidence.py",
        title="Evidence profile",
        icon=":material/query_stats:",
        url_path="evidence",
    ),
    st.Page(
        "readiness/ui/pages/region.py",
        title="Compare partnerships",
        icon=":material/compare:",
        url_path="region",
    ),
]


def _gate() -> identity.Visitor | None:
    """Who is using the app (once per run); None after showing why the settings stop it."""
    try:
        return identity.begin_run()
    except ReadinessError as exc:  # a setting that cannot be used: its message names it
        st.error(user_text(str(exc)))
        return None


visitor = _gate()
if visitor is None:
    st.stop()
elif not visitor.may_use_the_tool:
    # Signed out, no role, or open mode on a shared address: one page, and no data at all. It
    # answers at every page's address too, so a link to /results shows it (not "page not found").
    gate = [
        st.Page(
            "readiness/ui/pages/sign_in.py",
            title="Sign in",
            icon=":material/login:",
            url_path=page.url_path or None,
            default=not page.url_path,
        )
        for page in PAGES
    ]
    st.navigation(gate, position="hidden").run()
else:
    if visitor.access is identity.Access.OPEN:
        st.warning(identity.OPEN_BANNER, icon=":material/lock_open:")
    else:
        identity.signed_in_sidebar(visitor)
    st.navigation(PAGES).run()
