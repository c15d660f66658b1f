"""Partnership set-up: the partnership, its member agencies and its assessment rounds."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.access.policy import Permission
from readiness.services import partnerships as partnership_service
from readiness.ui import frame, state
from readiness.ui.components.errors import field_error
from readiness.ui.components.people_forms import people_section
from readiness.ui.components.region_form import create_region_form
from readiness.ui.components.setup_forms import NATIONS, create_form, role_options, show_errors
from readiness.ui.components.setup_rounds import rounds_tab
from readiness.ui.components.text import user_text
from readiness.ui.forms import check_new_member, check_partnership, split_lines


def render() -> None:
    st.title("Partnership set-up")
    ctx = frame.context()
    state.show_flash()
    if not frame.permitted(ctx, Permission.EDIT_SETUP):  # the services refuse anyway
        return
    regions = state.store().list_regions()
    if ctx.partnership is None:
        st.markdown(
            "Set up your partnership: its area, its member agencies and the first assessment round."
        )
        create_region_form(expanded=not regions)
        create_form(ctx.bundle, regions, [p.name for p in ctx.partnerships])
        return
    details, rounds, who, new = st.tabs(
        ["Details and members", "Assessment rounds", "People", "Set up another partnership"]
    )
    with details:
        _details(ctx)
        _members(ctx)
    with rounds:
        rounds_tab(ctx)
    with who:
        people_section(ctx.partnership, ctx.agencies)
    with new:
        create_region_form(expanded=not regions)
        create_form(ctx.bundle, regions, [p.name for p in ctx.partnerships])


def _details(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    st.header(user_text(partnership.name))
    prefix = f"edit.{partnership.id}"
    members = {a.id: a.name for a in ctx.agencies}
    slots: dict[str, DeltaGenerator] = {}
    if f"{prefix}.name" not in st.session_state:
        st.session_state[f"{prefix}.name"] = partnership.name
        st.session_state[f"{prefix}.areas"] = "\n".join(partnership.local_government_areas)
        st.session_state[f"{prefix}.nation"] = partnership.nation
        st.session_state[f"{prefix}.lead"] = partnership.lead_agency_id
    with st.form(f"setup.details.{partnership.id}", enter_to_submit=False):
        summary = st.empty()
        slots["name"] = st.empty()
        st.text_input("Partnership name", key=f"{prefix}.name", max_chars=200)
        slots["areas"] = st.empty()
        st.text_area("Local government areas (one a line)", key=f"{prefix}.areas", height=90)
        slots["nation"] = st.empty()
        st.radio(
            "England or Wales",
            options=list(NATIONS),
            format_func=NATIONS.__getitem__,
            key=f"{prefix}.nation",
            horizontal=True,
        )
        if members:
            st.selectbox(
                "Lead agency",
                options=list(members),
                format_func=members.__getitem__,
                index=None,
                placeholder="Select the lead agency",
                key=f"{prefix}.lead",
            )
        submitted = st.form_submit_button("Save details", key="setup.details.submit")
    if not submitted:
        return
    get = st.session_state.get
    name = str(get(f"{prefix}.name") or "").strip()
    areas = split_lines(str(get(f"{prefix}.areas") or ""))
    nation = get(f"{prefix}.nation")
    others = [p.name for p in ctx.partnerships if p.id != partnership.id]
    errors = check_partnership(
        name=name, region="-", areas=areas, nation=nation, taken_names=others
    )
    if show_errors(errors, summary, slots):
        return
    partnership_service.update_details(
        state.actor(),
        state.store(),
        partnership.id,
        name=name,
        areas=areas,
        nation="wales" if nation == "wales" else "england",
        lead_agency_id=get(f"{prefix}.lead"),
    )
    for field in ("name", "areas", "nation", "lead"):
        st.session_state.pop(f"{prefix}.{field}", None)
    state.flash("The partnership's details have been saved.")
    st.rerun()


def _members(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    roles = role_options(ctx.bundle)
    st.subheader("Member agencies")
    if ctx.agencies:
        st.table(
            [
                {
                    "Agency": user_text(a.name),
                    "Role": roles.get(a.role_id, a.role_id),
                    "Lead": "Yes" if a.id == partnership.lead_agency_id else "No",
                }
                for a in ctx.agencies
            ],
            hide_index=True,
        )
    else:
        st.info("No member agencies yet.")
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"setup.add_agency.{partnership.id}", enter_to_submit=False):
        st.markdown("**Add a member agency**")
        summary = st.empty()
        slots["name"] = st.empty()
        st.text_input("Agency name", key="add.agency.name", max_chars=200)
        slots["role"] = st.empty()
        offered = role_options(ctx.bundle, partnership.nation)
        st.selectbox(
            "Agency role",
            options=list(offered),
            format_func=offered.__getitem__,
            index=None,
            placeholder="Select a role",
            key="add.agency.role",
        )
        submitted = st.form_submit_button("Add agency", key="setup.add_agency.submit")
    if submitted:
        name = str(st.session_state.get("add.agency.name") or "").strip()
        role = st.session_state.get("add.agency.role")
        errors = check_new_member(
            name, role, partnership.nation, ctx.bundle.roles, [a.name for a in ctx.agencies]
        )
        if not show_errors(errors, summary, slots) and role is not None:
            agency = partnership_service.add_member(
                state.actor(),
                state.store(),
                partnership.id,
                partnership_service.NewAgency(name, role),
            )
            for key in ("add.agency.name", "add.agency.role"):
                st.session_state.pop(key, None)
            state.flash(f"{agency.name} is now a member of {partnership.name}.")
            st.rerun()
    if ctx.agencies:
        _remove_member(ctx)


def _remove_member(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    names = {a.id: a.name for a in ctx.agencies}
    with st.expander("Remove a member agency"):
        st.markdown("Its saved answers are kept and come back if it rejoins.")
        chosen = st.selectbox(
            "Agency to remove",
            options=list(names),
            format_func=names.__getitem__,
            index=None,
            placeholder="Select an agency",
            key="remove.agency",
        )
        if st.button("Remove agency", key="setup.remove_agency"):
            if chosen is None:
                field_error("Select the agency to remove")
            else:
                partnership_service.remove_member(
                    state.actor(), state.store(), partnership.id, chosen
                )
                state.flash(f"{names[chosen]} has been removed from {partnership.name}.")
                st.rerun()


frame.run_page(render)
