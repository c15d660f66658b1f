"""The "People" part of set-up: who has which role in this partnership, inviting someone by
e-mail address to a role, and taking a role away.

Every change goes through :mod:`readiness.services.people`, which checks that the person acting
may give or take that role (a partnership lead gives the roles of their own partnership; only
an administrator appoints partnership leads). An invitation takes effect when the person signs
in with that e-mail address.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.access.policy import ROLE_NAMES, Permission, Role, Target
from readiness.errors import ReadinessError
from readiness.services import people
from readiness.services.access import may
from readiness.store.people import StoredGrant
from readiness.store.records import Agency, Partnership
from readiness.ui import state
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.text import user_text

#: The roles a partnership lead gives, in the order offered.
GIVEN_BY_LEADS = (Role.RESPONDENT, Role.ANALYST, Role.VIEWER)
ROLE_WORDS = {
    Role.PARTNERSHIP_LEAD: "Partnership lead: set-up, members, rounds and every action",
    Role.RESPONDENT: "Respondent: answers for one member agency",
    Role.ANALYST: "Analyst: uploads and profiles evidence, reads the results",
    Role.VIEWER: "Viewer: reads the results and the action plan (for example a board member)",
}
TAKES_EFFECT = (
    "An invitation takes effect when the person signs in with that e-mail address: their "
    "first sign-in, or straight away if they are already using the tool."
)
EMAIL, ROLE, AGENCY = "people.email", "people.role", "people.agency"
REMOVE = "people.remove"


def _roles_offered(partnership: Partnership) -> list[Role]:
    """Respondent, analyst and viewer; partnership lead too for whoever may appoint one."""
    target = Target(partnership.region_id, partnership.id)
    leads = may(state.actor(), Permission.MANAGE_PARTNERSHIP_LEADS, target)
    return [*([Role.PARTNERSHIP_LEAD] if leads else []), *GIVEN_BY_LEADS]


def _held(partnership: Partnership) -> list[StoredGrant]:
    """The roles in this partnership that the person acting may see."""
    return [
        s
        for s in people.list_people(state.actor(), state.store())
        if s.grant.partnership_id == partnership.id
    ]


def people_section(partnership: Partnership, agencies: list[Agency]) -> None:
    st.subheader("People and their roles")
    names = {a.id: a.name for a in agencies}
    held = _held(partnership)
    if state.actor().grants is None:
        st.info("Sign-in is not set up, so these roles take effect only once it is.")
    if held:
        st.table(
            [
                {
                    "E-mail address": user_text(s.grant.email),
                    "Role": ROLE_NAMES[s.grant.role],
                    "Agency": user_text(names.get(s.grant.agency_id or "", ""))
                    if s.grant.agency_id
                    else "",
                    "Given by": user_text(s.granted_by),
                    "On": f"{s.granted_at:%d %b %Y}",
                }
                for s in held
            ],
            hide_index=True,
        )
    else:
        st.markdown("Nobody has a role in this partnership yet.")
    _invite_form(partnership, names)
    if held:
        _remove_form(held, names)


def _invite_form(partnership: Partnership, names: dict[str, str]) -> None:
    offered = _roles_offered(partnership)
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"people.invite.{partnership.id}", enter_to_submit=False):
        st.markdown(f"**Invite someone by e-mail address**\n\n{TAKES_EFFECT}")
        summary = st.empty()
        slots["email"] = st.empty()
        st.text_input("E-mail address", key=EMAIL, max_chars=254)
        slots["role"] = st.empty()
        st.selectbox(
            "Role",
            options=offered,
            format_func=ROLE_WORDS.__getitem__,
            index=None,
            placeholder="Select a role",
            key=ROLE,
        )
        slots["agency"] = st.empty()
        st.selectbox(
            "Agency they answer for (respondents only)",
            options=list(names),
            format_func=names.__getitem__,
            index=None,
            placeholder="Select a member agency",
            key=AGENCY,
        )
        submitted = st.form_submit_button("Send invitation", key="people.invite.submit")
    if submitted:
        _invite(partnership, summary, slots)


def _invite(
    partnership: Partnership, summary: DeltaGenerator, slots: dict[str, DeltaGenerator]
) -> None:
    get = st.session_state.get
    email = str(get(EMAIL) or "").strip()
    role = get(ROLE)
    agency = get(AGENCY) if role == Role.RESPONDENT else None
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = "Enter the e-mail address of the person to invite"
    if role is None:
        errors["role"] = "Select the role to give them"
    elif role == Role.RESPONDENT and agency is None:
        errors["agency"] = "Select the member agency the respondent answers for"
    if not errors:
        try:
            grant = people.make_grant(
                email, Role(str(role)), partnership_id=partnership.id, agency_id=agency
            )
            added = people.add_person(state.actor(), state.store(), grant)
        except ReadinessError as error:
            errors["email"] = str(error)
        else:
            for key in (EMAIL, ROLE, AGENCY):
                st.session_state.pop(key, None)
            role_name = ROLE_NAMES[grant.role]
            state.flash(
                f"{user_text(grant.email)} is invited as {role_name.lower()}. {TAKES_EFFECT}"
                if added
                else f"{user_text(grant.email)} already holds that role: nothing was changed."
            )
            st.rerun()
    error_summary(list(errors.values()), summary)
    for field, message in errors.items():
        field_error(message, slots[field])


def _remove_form(held: list[StoredGrant], names: dict[str, str]) -> None:
    def words(s: StoredGrant) -> str:
        agency = names.get(s.grant.agency_id or "")
        return f"{s.grant.email}: {ROLE_NAMES[s.grant.role]}" + (f" ({agency})" if agency else "")

    def key(s: StoredGrant) -> str:  # the same grant keeps its key whatever else changes
        g = s.grant
        return "|".join((g.email, g.role.value, g.partnership_id or "", g.agency_id or ""))

    by_key = {key(s): s.grant for s in held}
    choices = {key(s): words(s) for s in held}
    with st.expander("Take a role away"):
        chosen = st.selectbox(
            "Person and role",
            options=list(choices),
            format_func=choices.__getitem__,
            index=None,
            placeholder="Select a person and role",
            key=REMOVE,
        )
        if st.button("Take the role away", key="people.remove.submit"):
            if chosen is None:
                field_error("Select the person and role to take away")
                return
            grant = by_key[chosen]
            email = grant.email
            try:
                people.remove_role(state.actor(), state.store(), grant)
            except ReadinessError as error:
                field_error(str(error))
                return
            st.session_state.pop(REMOVE, None)
            state.flash(f"{user_text(email)} no longer has that role.")
            st.rerun()
