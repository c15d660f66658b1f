"""Action plan: the generated draft actions, edited and saved; your own actions; a filter by
owner agency. Edits survive regeneration because generated actions keep stable ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.store.records import (
    ACTION_STATUSES,
    CLEARED_VALUES,
    RAGS,
    ActionEdit,
    StoredAction,
)
from readiness.ui import frame, state
from readiness.ui.components.downloads import plan_download_button
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.what_works import what_works_panel
from readiness.ui.forms import check_action

SEL_OWNER = "sel.action_owner"
SEL_ACTION = "sel.action"
ALL = "__all__"
NOBODY = "__nobody__"
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
FIRST_ROWS = 15
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


def render() -> None:
    st.title("Action plan")
    ctx = frame.context()
    if not frame.need_partnership(ctx) or ctx.round is None:
        return
    frame.round_caption(ctx)
    state.show_flash()
    store = state.store()
    if ctx.round_is_open:
        # Bring the generated actions in line with the current answers. Edits are kept.
        result = state.score_round(ctx.round.id)
        store.sync_generated_actions(ctx.round.id, result.actions, user=state.USER)
    actions = store.actions_for(ctx.round.id)
    agencies = {a.id: a.name for a in ctx.agencies}
    owners = {ALL: "All agencies", **agencies, NOBODY: "No owner agency yet"}
    owner = frame.bound_choice(
        "Show the actions owned by", owners, name=SEL_OWNER, key="actions.owner"
    )
    shown = [a for a in actions if _owned_by(a, owner)]
    st.markdown(
        f"{len(shown)} of {len(actions)} action{'s' if len(actions) != 1 else ''} shown. "
        "Legal duties come first, then the biggest gaps."
    )
    plan_download_button(
        store, ctx.bundle, ctx.round.id, agency_id=owner if owner in agencies else None
    )
    if shown:
        rows = [_row(a, agencies) for a in shown]
        st.table(rows[:FIRST_ROWS], hide_index=True)
        if len(rows) > FIRST_ROWS:
            with st.expander(f"Show the other {len(rows) - FIRST_ROWS} actions"):
                st.table(rows[FIRST_ROWS:], hide_index=True)
        what_works_panel(ctx.bundle, shown)
    if not ctx.round_is_open:
        st.info("This round is closed, so its action plan can be read but not changed.")
        return
    if shown:
        _edit(ctx.round.id, shown, agencies)
    _add(ctx.round.id, agencies)


def _owned_by(action: StoredAction, owner: str) -> bool:
    if owner == ALL:
        return True
    if owner == NOBODY:
        return action.owner_agency_id is None
    return action.owner_agency_id == owner


def _row(action: StoredAction, agencies: dict[str, str]) -> dict[str, str]:
    """One narrow row per action (a wide table would scroll sideways, out of keyboard reach)."""
    if action.source == "manual":
        priority = "Own action"
    else:
        priority = str(action.priority) + (", legal duty" if action.statutory else "")
    owner = agencies.get(action.owner_agency_id or "", "Not set")
    if action.lead_person:
        owner += f" ({action.lead_person})"
    return {
        "Priority": priority,
        "Action": action.text,
        "Owner (lead person)": owner,
        "Due": f"{action.due:%d %b %Y}" if action.due else "Not set",
        "Status": action.status,
        "RAG": action.rag or "Not set",
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


def _edit(round_id: str, shown: list[StoredAction], agencies: dict[str, str]) -> None:
    st.header("Change an action")
    labels = {a.id: _short(a.text) for a in shown}
    action_id = frame.bound_choice("Action to change", labels, name=SEL_ACTION, key="actions.pick")
    action = next(a for a in shown if a.id == action_id)
    links = [*([action.question_id] if action.question_id else []), *action.requirement_ids]
    if links:
        st.caption("Comes from " + ", ".join(links))
    if action.gap:
        st.caption(f"Gap: {action.gap}")
    if action.success_measure:
        st.caption(f"Success measure: {action.success_measure}")
    conflict_key = f"act.conflict.{action.id}"
    if conflict_key in st.session_state:
        st.error(st.session_state.pop(conflict_key))
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
    with st.expander("Remove this action from the plan"):
        st.markdown("The action is kept on record, marked as removed.")
        sure = st.checkbox("I want to remove this action", key=f"{prefix}.remove_sure")
        if st.button("Remove action", key="actions.remove"):
            if not sure:
                field_error("Tick the box to confirm you want to remove this action")
            else:
                outcome = state.store().remove_action(
                    round_id, action.id, expected_revision=action.revision, user=state.USER
                )
                if outcome.ok:
                    state.flash("The action has been removed from the plan.")
                    state.select(SEL_ACTION, None)
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
    errors = check_action(text=text if action.source == "manual" else action.text,
                          due=values["due"])
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
        f for f, v in wanted.items()
        if v is None and f in CLEARED_VALUES and getattr(action, f) != CLEARED_VALUES[f]
    }
    if not changes and not clear:
        st.info("Nothing has changed since the action was last saved.")
        return
    shown = st.session_state.get(f"{prefix}.seeded")
    outcome = state.store().update_action(
        round_id,
        action.id,
        ActionEdit.model_validate({**changes, "clear": clear}),
        expected_revision=shown if isinstance(shown, int) else action.revision,
        user=state.USER,
    )
    if outcome.ok:
        state.flash("The action has been saved.")
    elif outcome.conflict is not None:
        mine = "; ".join(
            [f"{FIELD_NAMES[f]}: {_shown(f, v, agencies)}" for f, v in changes.items()]
            + [f"{FIELD_NAMES[f]}: removed" for f in sorted(clear)]
        )
        st.session_state[f"act.conflict.{action.id}"] = (
            f"{outcome.conflict.message} Your changes were: {mine}."
        )
    st.rerun()


def _add(round_id: str, agencies: dict[str, str]) -> None:
    st.header("Add your own action")
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
        submitted = st.form_submit_button("Add action", key="actions.add.submit")
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
    action = state.store().add_manual_action(
        round_id,
        text=text,
        owner_agency_id=get("add.owner"),
        lead_person=str(get("add.lead") or "").strip(),
        due=get("add.due"),
        rag=get("add.rag"),
        notes=str(get("add.notes") or "").strip(),
        user=state.USER,
    )
    for key in ("add.text", "add.owner", "add.lead", "add.due", "add.rag", "add.notes"):
        st.session_state.pop(key, None)
    state.select(SEL_ACTION, action.id)
    state.flash("Your action has been added to the plan.")
    st.rerun()


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


frame.run_page(render)
