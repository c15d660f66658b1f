"""Setting up and editing a partnership: its region, member agencies and first round.

Setting up is ONE transaction that holds the write lock from the start: the name is checked
and the ids are chosen inside it, so two people creating partnerships at once get distinct
records or a clear message, and a failure part way leaves nothing behind. A region is either
chosen from the existing ones (by id) or created explicitly; a new region whose name matches
an existing one is refused, never merged into it or used to rename it.

Access: creating a partnership or a region and loading the demo are for administrators;
changing a partnership's details and members for those who may change its set-up. The read
services (:func:`visible`, :func:`regions`, :func:`agencies`) give only what the person may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readiness.access.policy import Permission, Target, visible_partnerships
from readiness.bundle import ContentBundle
from readiness.ids import free_id, slug
from readiness.models import Nation, RecordedDates
from readiness.services.access import (
    ADMINISTRATOR_ONLY,
    may,
    require_administrator,
    require_for_partnership,
)
from readiness.services.actor import Actor
from readiness.services.rounds import open_round
from readiness.store.errors import AlreadyExistsError, NotFoundError
from readiness.store.records import (
    Agency,
    ImportReport,
    Partnership,
    PartnershipType,
    Region,
    Round,
)

if TYPE_CHECKING:
    from readiness.store import Store


@dataclass(frozen=True)
class NewAgency:
    """A member agency named on the set-up form (reused if an agency of that name exists)."""

    name: str
    role_id: str


@dataclass(frozen=True)
class PartnershipSetup:
    """Everything the set-up form collects. Give ``region_id`` (an existing region) or
    ``new_region`` (the name of a region to create), not both. The first agency leads."""

    name: str
    nation: Nation
    areas: Sequence[str]
    agencies: Sequence[NewAgency]
    round_label: str
    as_of: dt.date
    region_id: str | None = None
    new_region: str | None = None
    partnership_type: PartnershipType = "csp"
    dates: RecordedDates = field(default_factory=RecordedDates)


@dataclass(frozen=True)
class SetupResult:
    partnership: Partnership
    round: Round
    members: list[Agency]


def matching_region(regions: Sequence[Region], name: str) -> Region | None:
    """The existing region a typed name stands for: the same name ignoring case, spaces and
    punctuation ("North East" and "North-East")."""
    wanted = slug(name)
    return next((r for r in regions if slug(r.name) == wanted or r.id == wanted), None)


def create_region(actor: Actor, store: Store, name: str) -> Region:
    """Add a region; refused if one of that name (or a name differing only in punctuation)
    exists. For administrators."""
    require_administrator(actor)
    with store.transaction():
        existing = matching_region(store.list_regions(), name)
        if existing is not None:
            raise AlreadyExistsError(
                f"There is already a region called {existing.name}. Choose it from the list of "
                "regions instead of adding it again."
            )
        region_id = free_id(slug(name), {r.id for r in store.list_regions()})
        return store.add_region(Region(id=region_id, name=name.strip()), user=actor.name)


def _region_for(actor: Actor, store: Store, setup: PartnershipSetup) -> Region:
    if (setup.region_id is None) == (setup.new_region is None):
        raise ValueError("Give either region_id or new_region.")
    if setup.region_id is not None:
        return store.get_region(setup.region_id)
    return create_region(actor, store, setup.new_region or "")


def _members(actor: Actor, store: Store, agencies: Sequence[NewAgency]) -> list[Agency]:
    """The named agencies: existing ones by name (any case), new ones with free ids."""
    existing = {a.name.lower(): a for a in store.list_agencies()}
    taken = {a.id for a in existing.values()}
    members: list[Agency] = []
    for row in agencies:
        agency = existing.get(row.name.strip().lower())
        if agency is None:
            agency = Agency(id=free_id(slug(row.name), taken), name=row.name, role_id=row.role_id)
            store.save_agency(agency, user=actor.name)
            existing[agency.name.lower()] = agency
            taken.add(agency.id)
        if agency not in members:
            members.append(agency)
    return members


def setup_partnership(
    actor: Actor, store: Store, bundle: ContentBundle, setup: PartnershipSetup
) -> SetupResult:
    """Create the partnership, its region (if new), agencies, memberships and first round
    (with its draft action plan), in one transaction: all of it, or nothing. For
    administrators."""
    require_administrator(actor)
    if not setup.agencies:
        raise ValueError("A partnership needs at least its lead agency.")
    with store.transaction():
        partnerships = store.list_partnerships()
        name = setup.name.strip()
        same = [p for p in partnerships if p.name.strip().lower() == name.lower()]
        if same:
            raise AlreadyExistsError(
                f"A partnership called {same[0].name} already exists: choose another name."
            )
        region = _region_for(actor, store, setup)
        members = _members(actor, store, setup.agencies)
        partnership = store.save_partnership(
            Partnership(
                id=free_id(slug(name), {p.id for p in partnerships}),
                name=name,
                region_id=region.id,
                nation=setup.nation,
                local_government_areas=list(setup.areas),
                partnership_type=setup.partnership_type,
                lead_agency_id=members[0].id,
            ),
            user=actor.name,
        )
        for agency in members:
            store.add_member(partnership.id, agency.id, user=actor.name)
        round_ = open_round(
            actor,
            store,
            bundle,
            partnership.id,
            label=setup.round_label,
            as_of=setup.as_of,
            dates=setup.dates,
        )
        return SetupResult(partnership=partnership, round=round_, members=members)


def update_details(
    actor: Actor,
    store: Store,
    partnership_id: str,
    *,
    name: str,
    areas: Sequence[str],
    nation: Nation,
    lead_agency_id: str | None,
) -> Partnership:
    """Change a partnership's name, areas, nation and lead agency (its region stays)."""
    with store.transaction():
        require_for_partnership(actor, store, Permission.EDIT_SETUP, partnership_id)
        current = store.get_partnership(partnership_id)
        clash = [
            p
            for p in store.list_partnerships()
            if p.id != partnership_id and p.name.strip().lower() == name.strip().lower()
        ]
        if clash:
            raise AlreadyExistsError(
                f"A partnership called {clash[0].name} already exists: choose another name."
            )
        return store.save_partnership(
            current.model_copy(
                update={
                    "name": name.strip(),
                    "local_government_areas": list(areas),
                    "nation": nation,
                    "lead_agency_id": lead_agency_id or current.lead_agency_id,
                }
            ),
            user=actor.name,
        )


def add_member(actor: Actor, store: Store, partnership_id: str, agency: NewAgency) -> Agency:
    """Make an agency a member (an existing agency of that name, or a new one)."""
    with store.transaction():
        require_for_partnership(actor, store, Permission.EDIT_SETUP, partnership_id)
        store.get_partnership(partnership_id)
        member = _members(actor, store, [agency])[0]
        store.add_member(partnership_id, member.id, user=actor.name)
        return member


def remove_member(actor: Actor, store: Store, partnership_id: str, agency_id: str) -> None:
    """Take an agency out of a partnership (its saved answers are kept)."""
    require_for_partnership(actor, store, Permission.EDIT_SETUP, partnership_id)
    if not store.remove_member(partnership_id, agency_id, user=actor.name):
        raise NotFoundError("That agency is not a member of this partnership.")


def load_demo(
    actor: Actor, store: Store, bundle: ContentBundle | None = None, *, seed: int | None = None
) -> ImportReport:
    """Add the fictional demo region (refused if it is there already). For administrators;
    the demo rows are recorded as written by "demo"."""
    require_administrator(actor)
    return store.load_demo(bundle, seed=seed)


def visible(actor: Actor, store: Store) -> list[Partnership]:
    """The partnerships the person may see (every one in open mode), sorted by name: the
    sidebar's list."""
    found = store.list_partnerships()
    if actor.grants is not None:
        allowed = set(visible_partnerships(actor.grants, [(p.id, p.region_id) for p in found]))
        found = [p for p in found if p.id in allowed]
    return sorted(found, key=lambda p: (p.name.lower(), p.id))


def regions(actor: Actor, store: Store) -> list[Region]:
    """Every region for an administrator (and in open mode); for anyone else, the regions of
    the partnerships they may see."""
    found = store.list_regions()
    if may(actor, ADMINISTRATOR_ONLY, Target()):
        return found
    seen = {p.region_id for p in visible(actor, store)}
    return [r for r in found if r.id in seen]


def agencies(actor: Actor, store: Store, partnership_id: str) -> list[Agency]:
    """A partnership's member agencies, for those who may read its results."""
    require_for_partnership(actor, store, Permission.VIEW_RESULTS, partnership_id)
    return store.list_agencies(partnership_id)
