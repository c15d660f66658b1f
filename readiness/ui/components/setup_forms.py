"""Pieces of the set-up page: the recorded-date fields, error display, and the form that
sets up a new partnership (its region chosen from the list; a new region is created first, in
its own form: components/region_form.py)."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.bundle import ContentBundle
from readiness.labels import PARTNERSHIP_TYPE_LABELS
from readiness.models import RecordedDates
from readiness.services.partnerships import NewAgency, PartnershipSetup, setup_partnership
from readiness.store.records import Region
from readiness.ui import state
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.region_form import REGION_CHOICE
from readiness.ui.forms import (
    MAX_AGENCY_ROWS,
    AgencyRow,
    check_agencies,
    check_partnership,
    check_round,
    split_lines,
)

NATIONS = {"england": "England", "wales": "Wales"}
DATE_FIELDS = {
    "strategy_published": "Strategy first published",
    "strategy_last_reviewed": "Strategy last reviewed",
    "sna_completed": "Latest Strategic Needs Assessment completed",
    "definition_agreed": "Local definition of serious violence agreed",
    "partnership_agreement_signed": "Partnership agreement signed",
}
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
REGION_LABEL = "Region (the Violence Reduction Unit or Network area)"
NO_REGION = "Select the region (the Violence Reduction Unit or Network area)"
NO_REGIONS_YET = "There are no regions yet: create the region first, then choose it"


def dates_widgets(prefix: str, dates: RecordedDates | None) -> None:
    for name, label in DATE_FIELDS.items():
        key = f"{prefix}.{name}"
        if key not in st.session_state:
            st.session_state[key] = getattr(dates, name) if dates is not None else None
        st.date_input(
            f"{label} (optional)",
            value=None,
            min_value=EARLIEST,
            max_value=LATEST,
            format="DD/MM/YYYY",
            key=key,
        )


def read_dates(prefix: str) -> RecordedDates:
    return RecordedDates(**{name: st.session_state.get(f"{prefix}.{name}") for name in DATE_FIELDS})


def show_errors(
    errors: dict[str, str], summary: DeltaGenerator, slots: dict[str, DeltaGenerator]
) -> bool:
    if not errors:
        return False
    error_summary(list(errors.values()), summary)
    for field, message in errors.items():
        if field in slots:
            field_error(message, slots[field])
    return True


def role_options(bundle: ContentBundle, nation: str | None = None) -> dict[str, str]:
    """Role names by id: every role, or only those that exist in ``nation`` (England has
    Integrated Care Boards, Wales has Local Health Boards)."""
    if nation in NATIONS:
        roles = bundle.roles_for_nation("wales" if nation == "wales" else "england")
    else:
        roles = bundle.roles.roles
    return {role.id: role.name for role in roles}


def _nation_field(slots: dict[str, DeltaGenerator]) -> str | None:
    """England or Wales, chosen before the form so the agencies' roles can follow it."""
    slots["nation"] = st.empty()
    nation = st.radio(
        "England or Wales",
        options=list(NATIONS),
        format_func=NATIONS.__getitem__,
        index=None,
        key="new.nation",
        horizontal=True,
        help="The roles offered for the member agencies depend on it.",
    )
    return str(nation) if nation else None


def _region_field(regions: list[Region], slots: dict[str, DeltaGenerator]) -> None:
    """The region, chosen from the existing ones (a new one is created in its own form)."""
    slots["region"] = st.empty()
    choices = {r.id: r.name for r in regions}
    st.selectbox(
        REGION_LABEL,
        options=list(choices),
        format_func=choices.__getitem__,
        index=None,
        placeholder="Select the region" if regions else "No regions yet: create one first",
        key=REGION_CHOICE,
        help="Not in the list? Create it with 'Create a region' first.",
    )


def _chosen_region(regions: list[Region]) -> Region | None:
    chosen = st.session_state.get(REGION_CHOICE)
    return next((r for r in regions if r.id == chosen), None)


def _agency_fields(roles: dict[str, str], slots: dict[str, DeltaGenerator]) -> None:
    st.subheader("Member agencies")
    st.markdown(
        "The first agency is the lead. Leave the rows you do not need empty; you "
        "can add more agencies later."
    )
    for number in range(1, MAX_AGENCY_ROWS + 1):
        who = "Lead agency" if number == 1 else f"Agency {number}"
        left, right = st.columns(2)
        slots[f"agency.{number}.name"] = left.empty()
        left.text_input(f"{who} name", key=f"new.agency.{number}.name", max_chars=200)
        slots[f"agency.{number}.role"] = right.empty()
        right.selectbox(
            f"{who} role",
            options=list(roles),
            format_func=roles.__getitem__,
            index=None,
            placeholder="Select a role",
            key=f"new.agency.{number}.role",
        )


def _create_fields(
    roles: dict[str, str], regions: list[Region], slots: dict[str, DeltaGenerator]
) -> None:
    slots["name"] = st.empty()
    st.text_input("Partnership name", key="new.name", max_chars=200)
    _region_field(regions, slots)
    slots["areas"] = st.empty()
    st.text_area("Local government areas (one a line)", key="new.areas", height=90)
    st.selectbox(
        "Kind of partnership",
        options=list(PARTNERSHIP_TYPE_LABELS),
        format_func=PARTNERSHIP_TYPE_LABELS.__getitem__,
        key="new.type",
    )
    _agency_fields(roles, slots)
    st.subheader("First assessment round")
    slots["label"] = st.empty()
    st.text_input("Round label, for example 2026/27", key="new.round.label", max_chars=40)
    slots["as_of"] = st.empty()
    st.date_input(
        "Assessment date",
        value=None,
        min_value=EARLIEST,
        max_value=LATEST,
        format="DD/MM/YYYY",
        key="new.round.as_of",
    )
    with st.expander("Recorded dates (optional)"):
        dates_widgets("new.dates", None)


def create_form(bundle: ContentBundle, regions: list[Region], taken: list[str]) -> None:
    """The "Set up a partnership" form; on a valid submit, one call to the set-up service."""
    st.header("Set up a partnership")
    slots: dict[str, DeltaGenerator] = {}
    summary = st.empty()
    roles = role_options(bundle, _nation_field(slots))
    with st.form("setup.create", enter_to_submit=False):
        _create_fields(roles, regions, slots)
        submitted = st.form_submit_button(
            "Create partnership", type="primary", key="setup.create.submit"
        )
    if not submitted:
        return
    get = st.session_state.get
    name = str(get("new.name") or "").strip()
    region = _chosen_region(regions)
    areas = split_lines(str(get("new.areas") or ""))
    nation = get("new.nation")
    rows = [
        AgencyRow(str(get(f"new.agency.{n}.name") or "").strip(), get(f"new.agency.{n}.role"))
        for n in range(1, MAX_AGENCY_ROWS + 1)
    ]
    label = str(get("new.round.label") or "").strip()
    as_of: dt.date | None = get("new.round.as_of")
    errors = check_partnership(
        name=name,
        region=region.name if region else "",
        areas=areas,
        nation=nation,
        taken_names=taken,
    )
    if "region" in errors:
        errors["region"] = NO_REGION if regions else NO_REGIONS_YET
    errors.update(check_agencies(rows, nation, bundle.roles))
    errors.update(check_round(label=label, as_of=as_of))
    if show_errors(errors, summary, slots) or as_of is None:
        return
    done = setup_partnership(
        state.actor(),
        state.store(),
        bundle,
        PartnershipSetup(
            name=name,
            nation="wales" if nation == "wales" else "england",
            areas=areas,
            agencies=[NewAgency(r.name, r.role_id) for r in rows if r.name and r.role_id],
            round_label=label,
            as_of=as_of,
            region_id=region.id if region else None,
            partnership_type=get("new.type") or "csp",
            dates=read_dates("new.dates"),
        ),
    )
    for key in [k for k in st.session_state if str(k).startswith("new.")]:
        del st.session_state[key]
    state.select(state.SEL_PARTNERSHIP, done.partnership.id)
    state.select(state.SEL_ROUND, done.round.id)
    state.select(state.SEL_AGENCY, None)
    state.flash(
        f"{done.partnership.name} has been set up with {len(done.members)} member agencies and "
        f"round {done.round.label}. Each agency can now answer the questionnaire."
    )
    st.rerun()
