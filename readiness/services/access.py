"""Where a request lands, for the access check: the partnership and region of a round.

The services call :func:`require_for_round` before reading or writing a round's data. A round
that does not exist gets the same refusal as one the person may not see, so a refusal says
nothing about other partnerships. Open-mode actors are not checked (and nothing is read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readiness.access.policy import Permission, Target
from readiness.services.actor import Actor, require
from readiness.store.errors import NotFoundError

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
