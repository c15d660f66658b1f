"""The action plan as rows: each action with its owner, due date, status and RAG, and a
"Change" button on the row that opens that action's form right under it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from readiness.action_owner import owner_words
from readiness.store.records import StoredAction
from readiness.ui.components.text import user_text

#: The session key of the action whose form is open (one at a time), or ADDING.
EDITING = "actions.editing"
#: EDITING's value while the "Add your own action" form is open.
ADDING = "__add__"
FIRST_ROWS = 15


def editing() -> str | None:
    value = st.session_state.get(EDITING)
    return value if isinstance(value, str) else None


def open_form(action_id: str | None) -> None:
    """Open one action's form (or the add form, ADDING), closing any other; None closes it."""
    if action_id is None:
        st.session_state.pop(EDITING, None)
    else:
        st.session_state[EDITING] = action_id


def row_words(
    action: StoredAction, agencies: Mapping[str, str], roles: Mapping[str, str]
) -> dict[str, str]:
    """What a row says (the same owner words as the Excel plan): escaped where a person typed."""
    if action.source == "manual":
        priority = "Own action"
    else:
        priority = f"Priority {action.priority}" + (", legal duty" if action.statutory else "")
    owner = user_text(owner_words(action.owner_agency_id, action.owner_role, agencies, roles))
    if action.lead_person:
        owner += f", lead: {user_text(action.lead_person)}"
    return {
        "Priority": priority,
        "Action": user_text(action.text) if action.source == "manual" else action.text,
        "Owner": owner,
        "Due": f"{action.due:%d %b %Y}" if action.due else "Not set",
        "Status": action.status,
        "RAG": action.rag or "Not set",
    }


def _row(
    number: int,
    action: StoredAction,
    words: dict[str, str],
    *,
    can_change: bool,
    form: Callable[[StoredAction], None],
) -> None:
    with st.container(border=True, key=f"actions.row.box.{action.id}"):
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f"**{number}. {words['Action']}**")
        text.caption(
            f"{words['Priority']} · Owner: {words['Owner']} · Due: {words['Due']} · "
            f"Status: {words['Status']} · RAG: {words['RAG']}"
        )
        if (
            can_change
            and editing() != action.id
            and button.button(
                f"Change action {number}", key=f"actions.row.{action.id}", width="stretch"
            )
        ):
            open_form(action.id)
            st.rerun()
        if can_change and editing() == action.id:
            form(action)


def action_rows(
    shown: Sequence[StoredAction],
    agencies: Mapping[str, str],
    roles: Mapping[str, str],
    *,
    can_change: Callable[[StoredAction], bool],
    form: Callable[[StoredAction], None],
) -> None:
    """The first FIRST_ROWS actions, then the others in an expander (opened when the action
    being changed is among them). ``form`` draws the open action's form under its row;
    ``can_change`` says whether the person may change an action (its row has no button if not)."""
    first, rest = list(shown[:FIRST_ROWS]), list(shown[FIRST_ROWS:])
    for number, action in enumerate(first, start=1):
        _row(
            number,
            action,
            row_words(action, agencies, roles),
            can_change=can_change(action),
            form=form,
        )
    if not rest:
        return
    open_below = editing() in {a.id for a in rest}
    with st.expander(f"Show the other {len(rest)} actions", expanded=open_below):
        for number, action in enumerate(rest, start=FIRST_ROWS + 1):
            words = row_words(action, agencies, roles)
            _row(number, action, words, can_change=can_change(action), form=form)
