"""Where a request lands, for the access check: the partnership and region of a round.

The services call :func:`require_for_round` before reading or writing a round's data. A round
that does not exist gets the same refusal as one the person may not see, so a refusal says
nothing about other partnerships. Open-mode actors are not checked (and nothing is read).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from readiness.access.policy import Permission, Target, decide
from readiness.services.actor import Actor, require
from readiness.store.errors import NotFoundError
from readiness.store.records import ActionEdit

if TYPE_CHECKING:
    from readiness.store import Store


def round_target(store: Store, round_id: str, agency_id: str | None = None) -> Target:
    """The region and partnership of a round (both ``None`` if there is no such round)."""
    try:
        partnership_id = store.get_round(round_id).partnership_id
        region_id = store.get_partnership(partnership_id).region_id
    except NotFoundError:
        return Target(None, None, agency_id)
    return Target(region_id, partnership_id, agency_id)


def require_for_round(
    actor: Actor, store: Store, permission: Permission, round_id: str, agency_id: str | None = None
) -> None:
    """Refuse unless ``actor`` may do ``permission`` in the round's partnership (for the
    agency, when given)."""
    if actor.open_mode:
        return
    require(actor, permission, round_target(store, round_id, agency_id))


def require_action_edit(
    actor: Actor, store: Store, round_id: str, action_id: str, edit: ActionEdit
) -> None:
    """Refuse unless ``actor`` may make ``edit`` to the action: anyone who may edit any action
    in the partnership, or a respondent for the agency that owns it (who may not hand it to
    another agency or leave it without an owner)."""
    if actor.open_mode or actor.grants is None:
        return
    target = round_target(store, round_id)
    if decide(actor.grants, Permission.EDIT_ANY_ACTION, target):
        return
    owner: str | None = None
    if target.partnership_id is not None:
        try:
            owner = store.get_action(round_id, action_id).owner_agency_id
        except NotFoundError:
            owner = None
    require(actor, Permission.EDIT_AGENCY_ACTION, replace(target, agency_id=owner))
    new_owner = edit.owner_agency_id
    if "owner_agency_id" in edit.clear or (new_owner is not None and new_owner != owner):
        require(actor, Permission.EDIT_ANY_ACTION, target)


def partnership_target(store: Store, partnership_id: str, agency_id: str | None = None) -> Target:
    """The region of a partnership, as a target (region and partnership ``None`` if there is
    no such partnership, so it is refused like one the person may not see)."""
    try:
        region_id = store.get_partnership(partnership_id).region_id
    except NotFoundError:
        return Target(None, None, agency_id)
    return Target(region_id, partnership_id, agency_id)


def require_for_partnership(
    actor: Actor,
    store: Store,
    permission: Permission,
    partnership_id: str,
    agency_id: str | None = None,
) -> None:
    """Refuse unless ``actor`` may do ``permission`` in the partnership (for the agency, when
    given). Open-mode actors are not checked."""
    if actor.open_mode:
        return
    require(actor, permission, partnership_target(store, partnership_id, agency_id))


#: What only an administrator may do (create regions and partnerships, load the demo, import
#: or export the whole database) is checked as this permission on no particular target.
ADMINISTRATOR_ONLY = Permission.MANAGE_REGIONS


def require_administrator(actor: Actor) -> None:
    """Refuse unless ``actor`` is an administrator (or in open mode)."""
    require(actor, ADMINISTRATOR_ONLY, Target())


def may(actor: Actor, permission: Permission, target: Target) -> bool:
    """Whether ``actor`` may do ``permission`` on ``target`` (open mode: always)."""
    return actor.grants is None or bool(decide(actor.grants, permission, target))
