"""The action plan page's forms: change an action (with conflicts shown), add your own,
remove one. Every write goes through :mod:`readiness.services.actions`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.services import actions as action_service
from readiness.store.records import (
    ACTION_STATUSES,
    CLEARED_VALUES,
    RAGS,
    ActionEdit,
    StoredAction,
)
from readiness.ui import state
from readiness.ui.components.action_rows import ADDING, editing, open_form
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.text import user_text
from readiness.ui.forms import check_action

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
EDIT_FIELDS = ("owner_agency_id", "lead_person", "due", "status", "rag", "notes", "text")
#: The choice that empties the owner agency or the RAG rating (a radio or selectbox cannot be
#: un-chosen, so "nothing" is an option of its own).
NONE_CHOSEN = "__none__"
FIELD_NAMES = {
    "owner_agency_id": "owner agency",
    "lead_person": "lead person",
    "due": "due date",
    "status": "status",
    "rag": "RAG rating",
    "notes": "notes",
    "text": "what needs to be done",
}


def _seed(action: StoredAction) -> str:
    """Fill the edit form from the saved action, unless it already shows this revision. On the
    run that submits the form, keep what the user submitted (the marker keeps the revision the
    form was based on, which is what the save expects)."""
    prefix = f"act.{action.id}"
    marker = f"{prefix}.seeded"
    submitting = bool(st.session_state.get("actions.save"))
    stale = st.session_state.get(marker) != action.revision and not submitting
    if stale or f"{prefix}.status" not in st.session_state:
        for field in EDIT_FIELDS:
            value = getattr(action, field)
            if field in ("owner_agency_id", "rag") and value is None:
                value = NONE_CHOSEN
            st.session_state[f"{prefix}.{field}"] = value
        st.session_state[marker] = action.revision
    return prefix


def edit_form(
    round_id: str,
    action: StoredAction,
    agencies: dict[str, str],
    *,
    where: str = "",
) -> None:
    """The open action's form, under its row: its fields, Save, Close and Remove.
    ``where`` says what the action comes from (its domain and question), in words."""
    if where:
        st.caption(where)
    if action.gap:
        st.caption(f"Gap: {action.gap}")
    if action.success_measure:
        st.caption(f"Success measure: {action.success_measure}")
    conflict_key = f"act.conflict.{action.id}"
    if conflict_key in st.session_state:
        st.error(user_text(st.session_state.pop(conflict_key)))
    prefix = _seed(action)
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"actions.edit.{action.id}", enter_to_submit=False):
        summary = st.empty()
        if action.source == "manual":
            slots["text"] = st.empty()
            st.text_area("What needs to be done", key=f"{prefix}.text", height=68)
        owner_choices = {NONE_CHOSEN: "No owner agency yet", **agencies}
        st.selectbox(
            "Owner agency",
            options=list(owner_choices),
            format_func=owner_choices.__getitem__,
            key=f"{prefix}.owner_agency_id",
        )
        st.text_input("Lead person", key=f"{prefix}.lead_person", max_chars=200)
        slots["due"] = st.empty()
        st.date_input(
            "Due date",
            value=None,
            min_value=EARLIEST,
            max_value=LATEST,
            format="DD/MM/YYYY",
            key=f"{prefix}.due",
        )
        st.selectbox("Status", options=list(ACTION_STATUSES), key=f"{prefix}.status")
        rag_choices: dict[str, str] = {NONE_CHOSEN: "No RAG rating", **{r: r for r in RAGS}}
        st.radio(
            "RAG rating (Red, Amber or Green)",
            options=list(rag_choices),
            format_func=rag_choices.__getitem__,
            horizontal=True,
            key=f"{prefix}.rag",
        )
        st.text_area("Notes", key=f"{prefix}.notes", height=68)
        submitted = st.form_submit_button("Save action", type="primary", key="actions.save")
    if submitted:
        _save_edit(round_id, action, prefix, summary, slots, agencies=agencies)
    if st.button("Close without saving", key="actions.close"):
        open_form(None)
        st.rerun()
    with st.expander("Remove this action from the plan"):
        st.markdown("The action is kept on record, marked as removed.")
        sure = st.checkbox("I want to remove this action", key=f"{prefix}.remove_sure")
        if st.button("Remove action", key="actions.remove"):
            if not sure:
                field_error("Tick the box to confirm you want to remove this action")
            else:
                outcome = action_service.remove_action(
                    state.actor(),
                    state.store(),
                    round_id,
                    action.id,
                    expected_revision=action.revision,
                )
                if outcome.ok:
                    state.flash("The action has been removed from the plan.")
                    open_form(None)
                elif outcome.conflict is not None:
                    st.session_state[conflict_key] = outcome.conflict.message
                st.rerun()


def _emptied(value: Any) -> Any:
    """None for a field the user emptied (blank text, no date, the "No ..." choice)."""
    return None if value in ("", NONE_CHOSEN) else value


def _shown(field: str, value: Any, agencies: dict[str, str]) -> str:
    if field == "owner_agency_id":
        return agencies.get(str(value), str(value))
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _save_edit(
    round_id: str,
    action: StoredAction,
    prefix: str,
    summary: DeltaGenerator,
    slots: dict[str, DeltaGenerator],
    *,
    agencies: dict[str, str],
) -> None:
    values: dict[str, Any] = {f: st.session_state.get(f"{prefix}.{f}") for f in EDIT_FIELDS}
    text = str(values["text"] or "")
    errors = check_action(
        text=text if action.source == "manual" else action.text, due=values["due"]
    )
    if errors:
        error_summary(list(errors.values()), summary)
        for field, message in errors.items():
            if field in slots:
                field_error(message, slots[field])
        return
    wanted = {
        f: _emptied(v.strip() if isinstance(v, str) else v)
        for f, v in values.items()
        if f != "text" or action.source == "manual"
    }
    changes = {f: v for f, v in wanted.items() if v is not None and v != getattr(action, f)}
    # an emptied field is cleared (sent explicitly: None alone would mean "leave unchanged")
    clear = {
        f
        for f, v in wanted.items()
        if v is None and f in CLEARED_VALUES and getattr(action, f) != CLEARED_VALUES[f]
    }
    if not changes and not clear:
        st.info("Nothing has changed since the action was last saved.")
        return
    shown = st.session_state.get(f"{prefix}.seeded")
    outcome = action_service.update_action(
        state.actor(),
        state.store(),
        round_id,
        action.id,
        ActionEdit.model_validate({**changes, "clear": clear}),
        expected_revision=shown if isinstance(shown, int) else action.revision,
    )
    if outcome.ok:
        state.flash("The action has been saved.")
        open_form(None)
    elif outcome.conflict is not None:
        mine = "; ".join(
            [f"{FIELD_NAMES[f]}: {_shown(f, v, agencies)}" for f, v in changes.items()]
            + [f"{FIELD_NAMES[f]}: removed" for f in sorted(clear)]
        )
        st.session_state[f"act.conflict.{action.id}"] = (
            f"{outcome.conflict.message} Your changes were: {mine}."
        )
    st.rerun()


def add_form(round_id: str, agencies: dict[str, str]) -> None:
    """A button that opens the "Add your own action" form (one form is open at a time, so no
    two fields on the page share a label)."""
    st.header("Add your own action")
    if editing() != ADDING:
        if st.button("Add your own action", key="actions.add.open"):
            open_form(ADDING)
            st.rerun()
        return
    slots: dict[str, DeltaGenerator] = {}
    with st.form("actions.add", enter_to_submit=False):
        summary = st.empty()
        slots["text"] = st.empty()
        st.text_area("What needs to be done", key="add.text", height=68)
        st.selectbox(
            "Owner agency",
            options=list(agencies),
            format_func=agencies.__getitem__,
            index=None,
            placeholder="Select the agency that owns it",
            key="add.owner",
        )
        st.text_input("Lead person", key="add.lead", max_chars=200)
        slots["due"] = st.empty()
        st.date_input(
            "Due date",
            value=None,
            min_value=EARLIEST,
            max_value=LATEST,
            format="DD/MM/YYYY",
            key="add.due",
        )
        st.radio(
            "RAG rating (Red, Amber or Green)",
            options=list(RAGS),
            index=None,
            horizontal=True,
            key="add.rag",
        )
        st.text_area("Notes", key="add.notes", height=68)
        submitted = st.form_submit_button("Add action", type="primary", key="actions.add.submit")
    if st.button("Close without adding", key="actions.add.close"):
        open_form(None)
        st.rerun()
    if not submitted:
        return
    get = st.session_state.get
    text = str(get("add.text") or "").strip()
    errors = check_action(text=text, due=get("add.due"))
    if errors:
        error_summary(list(errors.values()), summary)
        for field, message in errors.items():
            if field in slots:
                field_error(message, slots[field])
        return
    action = action_service.add_action(
        state.actor(),
        state.store(),
        round_id,
        text=text,
        owner_agency_id=get("add.owner"),
        lead_person=str(get("add.lead") or "").strip(),
        due=get("add.due"),
        rag=get("add.rag"),
        notes=str(get("add.notes") or "").strip(),
    )
    for key in ("add.text", "add.owner", "add.lead", "add.due", "add.rag", "add.notes"):
        st.session_state.pop(key, None)
    open_form(None)
    state.flash(f"Your action has been added to the plan: {user_text(action.text)}")
    st.rerun()
