"""Action plan: the generated draft actions, edited and saved; your own actions; a filter by
owner agency. Edits survive regeneration because generated actions keep stable ids."""

from __future__ import annotations

import streamlit as st

from readiness.services import actions as action_service
from readiness.store.records import StoredAction
from readiness.ui import frame, state
from readiness.ui.components.action_forms import add_form, edit_form
from readiness.ui.components.downloads import plan_download_button
from readiness.ui.components.text import user_text
from readiness.ui.components.what_works import what_works_panel

SEL_OWNER = "sel.action_owner"
ALL = "__all__"
NOBODY = "__nobody__"
FIRST_ROWS = 15


def render() -> None:
    st.title("Action plan")
    ctx = frame.context()
    if not frame.need_partnership(ctx) or ctx.round is None:
        return
    frame.round_caption(ctx)
    state.show_flash()
    store = state.store()
    # The generated actions are brought in line when answers are saved (services), not here.
    actions = action_service.for_round(state.actor(), store, ctx.round.id)
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
        edit_form(ctx.round.id, shown, agencies)
    add_form(ctx.round.id, agencies)
    _refresh(ctx)


def _refresh(ctx: frame.Context) -> None:
    """Redraft the generated actions on request (e.g. after the questionnaire files change)."""
    if ctx.round is None:
        return
    with st.expander("Redraft the generated actions"):
        st.markdown(
            "The generated actions are updated whenever answers are saved. Redraft "
            "them now if the questionnaire has changed since. Your edits are kept."
        )
        if st.button("Redraft the generated actions", key="actions.refresh"):
            report = action_service.sync_generated(
                state.actor(), state.store(), ctx.bundle, ctx.round.id
            )
            added = len(report.added) if report is not None else 0
            state.flash(f"The generated actions have been redrafted ({added} new).")
            st.rerun()


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
    owner = user_text(agencies.get(action.owner_agency_id or "", "Not set"))
    if action.lead_person:
        owner += f" ({user_text(action.lead_person)})"
    return {  # st.table reads Markdown: what people typed is escaped (the content is trusted)
        "Priority": priority,
        "Action": user_text(action.text) if action.source == "manual" else action.text,
        "Owner (lead person)": owner,
        "Due": f"{action.due:%d %b %Y}" if action.due else "Not set",
        "Status": action.status,
        "RAG": action.rag or "Not set",
    }


frame.run_page(render)
