"""Action plan: the generated draft actions, each changed from its own row ("Change" opens its
form under it); your own actions; a filter by owner agency. Edits survive regeneration because
generated actions keep stable ids."""

from __future__ import annotations

import streamlit as st

from readiness.access.policy import Permission
from readiness.services import actions as action_service
from readiness.store.records import StoredAction
from readiness.ui import frame, state
from readiness.ui.components.action_forms import add_form, edit_form
from readiness.ui.components.action_rows import action_rows
from readiness.ui.components.downloads import plan_download_button
from readiness.ui.components.what_works import what_works_panel

SEL_OWNER = "sel.action_owner"
ALL = "__all__"
NOBODY = "__nobody__"


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
    roles = {r.id: r.name for r in ctx.bundle.roles.roles}
    role_of = {a.id: a.role_id for a in ctx.agencies}
    owners = {ALL: "All agencies", **agencies, NOBODY: "No owner agency chosen yet"}
    owner = frame.bound_choice(
        "Show the actions owned by", owners, name=SEL_OWNER, key="actions.owner"
    )
    shown = [a for a in actions if _owned_by(a, owner, role_of)]
    st.markdown(
        f"{len(shown)} of {len(actions)} action{'s' if len(actions) != 1 else ''} shown. "
        "Legal duties come first, then the biggest gaps."
        + (" Choose **Change** on an action's row to edit it." if ctx.round_is_open else "")
    )
    plan_download_button(
        store, ctx.bundle, ctx.round.id, agency_id=owner if owner in agencies else None
    )
    round_id = ctx.round.id
    titles = {d.id: d.title for d in ctx.bundle.questionnaire.domains}

    def form(action: StoredAction) -> None:
        edit_form(round_id, action, agencies, where=_where(ctx, action, titles))

    def can_change(action: StoredAction) -> bool:  # the service refuses the rest anyway
        if not ctx.round_is_open:
            return False
        owner = action.owner_agency_id
        return frame.may(ctx, Permission.EDIT_ANY_ACTION) or (
            owner is not None and frame.may(ctx, Permission.EDIT_AGENCY_ACTION, owner)
        )

    action_rows(shown, agencies, roles, can_change=can_change, form=form)
    if shown:
        what_works_panel(ctx.bundle, shown)
    if not ctx.round_is_open:
        st.info("This round is closed, so its action plan can be read but not changed.")
        return
    if frame.may(ctx, Permission.EDIT_ANY_ACTION):
        add_form(ctx.round.id, agencies)
        _refresh(ctx)


def _where(ctx: frame.Context, action: StoredAction, titles: dict[str, str]) -> str:
    """What an action comes from, in words: its domain and question (no ids)."""
    if action.source == "manual":
        return "Your partnership's own action."
    domain = titles.get(action.domain_id or "", "")
    question = ctx.bundle.questions.get(action.question_id or "")
    if question is None:  # "Get these questions answered": the row says which domains
        return ""
    return f"From the question \u201c{question.text}\u201d ({domain})."


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
            report = action_service.redraft(state.actor(), state.store(), ctx.bundle, ctx.round.id)
            added = len(report.added) if report is not None else 0
            state.flash(f"The generated actions have been redrafted ({added} new).")
            st.rerun()


def _owned_by(action: StoredAction, owner: str, role_of: dict[str, str]) -> bool:
    """The actions an agency owns: chosen for it, or for its role with no agency chosen (the
    same rule as the agency's Excel plan)."""
    if owner == ALL:
        return True
    if owner == NOBODY:
        return action.owner_agency_id is None
    if action.owner_agency_id is None:
        return action.owner_role is not None and action.owner_role == role_of.get(owner)
    return action.owner_agency_id == owner


frame.run_page(render)
