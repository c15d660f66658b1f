"""The people who may use the tool, and their roles: add, remove, list, and who someone is.

A partnership lead may give the roles of their own partnership (respondent, analyst, viewer);
appointing administrators, region leads and partnership leads is for administrators (the
``invite_people`` and ``manage_partnership_leads`` permissions of :mod:`readiness.access`).
The command line acts in open mode, on the database directly, so it may do all of this.

The first administrator can come from the ``READINESS_ADMINS`` setting: :func:`grants_for`
adds an administrator grant for those addresses, without anything stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import ValidationError

from readiness.access.policy import (
    ROLE_NAMES,
    Grant,
    Permission,
    Role,
    Target,
    decide,
    normalise_email,
)
from readiness.errors import ReadinessError
from readiness.services.actor import Actor, require
from readiness.store.errors import NotFoundError
from readiness.store.people import StoredGrant

if TYPE_CHECKING:
    from readiness.store import Store

#: Roles only an administrator may give or take away.
_LEADERSHIP = frozenset({Role.ADMINISTRATOR, Role.REGION_LEAD, Role.PARTNERSHIP_LEAD})


class PeopleError(ReadinessError):
    """A role that cannot be given or taken away as asked; the message says why."""


def parse_role(text: str) -> Role:
    """The role a person typed (``region_lead``, ``Region lead`` and ``region-lead`` all
    work); an unknown one is refused with the list of roles."""
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Role(wanted)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise PeopleError(f"There is no role called '{text}'. The roles are: {roles}.") from None


def make_grant(
    email: str,
    role: Role | str,
    *,
    region_id: str | None = None,
    partnership_id: str | None = None,
    agency_id: str | None = None,
) -> Grant:
    """A grant, checked: a real e-mail address, and the scope the role needs (a respondent
    names a partnership and an agency; an administrator names nothing)."""
    chosen = role if isinstance(role, Role) else parse_role(role)
    try:
        return Grant(
            email=email,
            role=chosen,
            region_id=region_id or None,
            partnership_id=partnership_id or None,
            agency_id=agency_id or None,
        )
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise PeopleError(f"Nothing was changed: {message}.") from None


def _permission_for(grant: Grant) -> Permission:
    if grant.role in _LEADERSHIP:
        return Permission.MANAGE_PARTNERSHIP_LEADS
    return Permission.INVITE_PEOPLE


def _target_for(store: Store, grant: Grant) -> Target:
    """Where giving ``grant`` takes effect. A partnership that does not exist has no region:
    the check then refuses everyone but an administrator, and says nothing about it."""
    region_id = grant.region_id
    if grant.partnership_id is not None:
        try:
            region_id = store.get_partnership(grant.partnership_id).region_id
        except NotFoundError:
            region_id = None
    return Target(region_id, grant.partnership_id, grant.agency_id)


def add_person(actor: Actor, store: Store, grant: Grant) -> bool:
    """Give ``grant``; False if the person already held it. Refused (nothing written) for an
    unknown region, partnership or agency, or an agency not in the partnership."""
    with store.transaction():
        require(actor, _permission_for(grant), _target_for(store, grant))
        return store.add_grant(grant, user=actor.name)


def remove_person(
    actor: Actor, store: Store, email: str, roles: Sequence[Role] = ()
) -> list[StoredGrant]:
    """Take away a person's roles (all of them, or those of ``roles``); refused, with nothing
    changed, if they hold none of them or the actor may not take one of them away."""
    address = normalise_email(email)
    with store.transaction():
        held = [s for s in store.list_grants(address) if not roles or s.grant.role in set(roles)]
        if not held:
            which = " or ".join(ROLE_NAMES[r] for r in roles) if roles else "any role"
            raise PeopleError(f"Nothing was changed: {address} does not hold {which}.")
        for stored in held:
            require(actor, _permission_for(stored.grant), _target_for(store, stored.grant))
        return store.remove_grants(address, roles, user=actor.name)


def remove_role(actor: Actor, store: Store, grant: Grant) -> StoredGrant:
    """Take away exactly one role a person holds (in one partnership, or for one agency),
    leaving their other roles, elsewhere too, as they are; refused, with nothing changed, if
    they do not hold it or the actor may not take it away."""
    with store.transaction():
        require(actor, _permission_for(grant), _target_for(store, grant))
        removed = store.remove_grants(grant.email, [grant.role], user=actor.name, only=grant)
        if not removed:
            raise PeopleError(
                f"Nothing was changed: {grant.email} does not hold that role any more."
            )
        return removed[0]


def list_people(actor: Actor, store: Store) -> list[StoredGrant]:
    """The grants the actor may see: all of them in open mode or for an administrator;
    otherwise those the actor could give (a partnership lead sees their partnership's)."""
    found = store.list_grants()
    if actor.grants is None:
        return found
    return [
        s
        for s in found
        if decide(actor.grants, _permission_for(s.grant), _target_for(store, s.grant))
    ]


def grants_for(store: Store, email: str, admins: Sequence[str] = ()) -> tuple[Grant, ...]:
    """What a person holds: their stored grants, and administrator if their address is one
    of ``admins`` (the ``READINESS_ADMINS`` setting)."""
    address = normalise_email(email)
    held = [s.grant for s in store.list_grants(address)]
    admin = Grant(email=address, role=Role.ADMINISTRATOR)
    if address in {normalise_email(a) for a in admins} and admin not in held:
        held.insert(0, admin)
    return tuple(held)


def person_actor(store: Store, email: str, name: str, admins: Sequence[str] = ()) -> Actor:
    """The actor for a signed-in person (by their verified e-mail address), with their grants."""
    return Actor.person(email, name, grants_for(store, email, admins))
