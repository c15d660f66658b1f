"""The action plan: generated actions kept in line with the answers, edits, own actions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from readiness.access.policy import Permission
from readiness.bundle import ContentBundle
from readiness.services.access import require_action_edit, require_for_round
from readiness.services.actor import Actor
from readiness.services.results import score_stored_round
from readiness.store.records import ActionEdit, ActionSaveResult, Rag, StoredAction, SyncReport

if TYPE_CHECKING:
    from readiness.store import Store


def sync_generated(
    actor: Actor, store: Store, bundle: ContentBundle, round_id: str
) -> SyncReport | None:
    """Bring an open round's generated actions in line with its answers (edits are kept).

    Called once after every change to a round's answers (saving, a workbook, a new round), in
    the same transaction as that change, by the service that made it and checked the actor
    for it (so this function checks nothing itself). A closed round is left as it is (None).
    """
    with store.transaction():
        if store.get_round(round_id).status != "open":
            return None
        result = score_stored_round(store, bundle, round_id)
        return store.sync_generated_actions(round_id, result.actions, user=actor.name)


def redraft(actor: Actor, store: Store, bundle: ContentBundle, round_id: str) -> SyncReport | None:
    """Redraft the generated actions on request (the action plan's button, e.g. after the
    questionnaire files changed): for those who may edit any action in the partnership."""
    require_for_round(actor, store, Permission.EDIT_ANY_ACTION, round_id)
    return sync_generated(actor, store, bundle, round_id)


def update_action(
    actor: Actor,
    store: Store,
    round_id: str,
    action_id: str,
    edit: ActionEdit,
    *,
    expected_revision: int,
) -> ActionSaveResult:
    """Change an action's editable fields (a conflict if someone changed it meanwhile).
    Refused unless the actor may edit any action, or the action their agency owns."""
    with store.transaction():
        require_action_edit(actor, store, round_id, action_id, edit)
        return store.update_action(
            round_id, action_id, edit, expected_revision=expected_revision, user=actor.name
        )


def add_action(
    actor: Actor,
    store: Store,
    round_id: str,
    *,
    text: str,
    owner_agency_id: str | None = None,
    lead_person: str = "",
    due: dt.date | None = None,
    rag: Rag | None = None,
    notes: str = "",
) -> StoredAction:
    """Add the partnership's own action to the plan (for those who may edit any action)."""
    require_for_round(actor, store, Permission.EDIT_ANY_ACTION, round_id)
    return store.add_manual_action(
        round_id,
        text=text,
        owner_agency_id=owner_agency_id,
        lead_person=lead_person,
        due=due,
        rag=rag,
        notes=notes,
        user=actor.name,
    )


def remove_action(
    actor: Actor, store: Store, round_id: str, action_id: str, *, expected_revision: int
) -> ActionSaveResult:
    """Take an action off the plan (kept on record, marked removed)."""
    require_for_round(actor, store, Permission.EDIT_ANY_ACTION, round_id)
    return store.remove_action(
        round_id, action_id, expected_revision=expected_revision, user=actor.name
    )


def restore_action(
    actor: Actor, store: Store, round_id: str, action_id: str, *, expected_revision: int
) -> ActionSaveResult:
    """Put a removed action back on the plan."""
    require_for_round(actor, store, Permission.EDIT_ANY_ACTION, round_id)
    return store.restore_action(
        round_id, action_id, expected_revision=expected_revision, user=actor.name
    )


def for_round(
    actor: Actor, store: Store, round_id: str, *, include_inactive: bool = False
) -> list[StoredAction]:
    """A round's action plan, for those who may read it."""
    require_for_round(actor, store, Permission.VIEW_ACTION_PLAN, round_id)
    return store.actions_for(round_id, include_inactive=include_inactive)
