"""Create a region: a step of its own, apart from setting up a partnership (which chooses its
region from the list), so that a typing slip never quietly creates a new region.

Through :func:`readiness.services.partnerships.create_region`, which refuses a name like an
existing one and, when sign-in is set up, anyone but an administrator.
"""

from __future__ import annotations

import streamlit as st

from readiness.errors import ReadinessError
from readiness.services import partnerships as partnership_service
from readiness.ui import state
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.text import user_text

#: The region choice of the "Set up a partnership" form (a new region is chosen there).
REGION_CHOICE = "new.region_choice"
NAME = "region.new.name"


def create_region_form(*, expanded: bool) -> None:
    """The "Create a region" form, in an expander (opened when there is no region yet)."""
    with st.expander("Create a region", expanded=expanded):
        st.markdown(
            "A region is the area of a Violence Reduction Unit or Network. Create it only if "
            "it is not in the list of regions. When sign-in is set up, only administrators "
            "can create regions."
        )
        with st.form("setup.region", enter_to_submit=False):
            summary = st.empty()
            slot = st.empty()
            st.text_input("Name of the new region", key=NAME, max_chars=200)
            submitted = st.form_submit_button("Create region", key="setup.region.submit")
        if not submitted:
            return
        name = str(st.session_state.get(NAME) or "").strip()
        if not name:
            message = "Enter the name of the new region"
            error_summary([message], summary)
            field_error(message, slot)
            return
        try:
            region = partnership_service.create_region(state.actor(), state.store(), name)
        except ReadinessError as error:
            error_summary([str(error)], summary)
            field_error(str(error), slot)
            return
        st.session_state.pop(NAME, None)
        st.session_state[REGION_CHOICE] = region.id
        state.flash(
            f"The region {user_text(region.name)} has been created. It is chosen in the form below."
        )
        st.rerun()
