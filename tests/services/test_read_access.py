"""The read services give each person only what they may see: the sidebar's partnerships
(sorted by name), the regions, the command line's listing; open mode sees everything."""

from __future__ import annotations

import pytest

from readiness.bundle import ContentBundle
from readiness.services import COMMAND_LINE, WEB_USER, Actor, backups, partnerships
from readiness.services.partnerships import SetupResult, setup_partnership
from readiness.services.people import add_person, make_grant, person_actor
from readiness.store import Store
from tests.services.conftest import ACTOR, setup_request


@pytest.fixture
def world(store: Store, bundle: ContentBundle) -> dict[str, SetupResult]:
    """Zeta CSP and Alpha CSP in Northshire; Mid CSP in Southshire (created in that order)."""
    zeta = setup_partnership(ACTOR, store, bundle, setup_request("Zeta CSP"))
    north = {"new_region": None, "region_id": zeta.partnership.region_id}
    alpha = setup_partnership(ACTOR, store, bundle, setup_request("alpha CSP", **north))
    south = {"new_region": "Southshire VRU"}
    mid = setup_partnership(ACTOR, store, bundle, setup_request("Mid CSP", **south))
    return {"zeta": zeta, "alpha": alpha, "mid": mid}


def _person(store: Store, email: str, role: str, **scope: str) -> Actor:
    if role:
        add_person(COMMAND_LINE, store, make_grant(email, role, **scope))
    return person_actor(store, email, "")


def _names(actor: Actor, store: Store) -> list[str]:
    return [p.name for p in partnerships.visible(actor, store)]


def test_open_mode_sees_every_partnership_sorted_by_name(
    store: Store, world: dict[str, SetupResult]
) -> None:
    assert _names(WEB_USER, store) == ["alpha CSP", "Mid CSP", "Zeta CSP"]
    assert len(partnerships.regions(WEB_USER, store)) == 2


def test_each_person_sees_only_their_partnerships_and_their_regions(
    store: Store, world: dict[str, SetupResult]
) -> None:
    zeta, mid = world["zeta"].partnership, world["mid"].partnership
    north = zeta.region_id or ""
    admin = _person(store, "boss@vru.gov.uk", "administrator")
    vrn = _person(store, "vrn@pcc.gov.uk", "region_lead", region_id=north)
    viewer = _person(store, "board@mid.gov.uk", "viewer", partnership_id=mid.id)
    nobody = _person(store, "stranger@example.org", "")

    assert _names(admin, store) == ["alpha CSP", "Mid CSP", "Zeta CSP"]
    assert _names(vrn, store) == ["alpha CSP", "Zeta CSP"]
    assert _names(viewer, store) == ["Mid CSP"]
    assert _names(nobody, store) == []

    assert len(partnerships.regions(admin, store)) == 2
    assert [r.id for r in partnerships.regions(vrn, store)] == [north]
    assert [r.id for r in partnerships.regions(viewer, store)] == [mid.region_id]
    assert partnerships.regions(nobody, store) == []


def test_the_listing_shows_a_person_only_what_they_may_see(
    store: Store, world: dict[str, SetupResult]
) -> None:
    mid = world["mid"]
    viewer = _person(store, "board@mid.gov.uk", "viewer", partnership_id=mid.partnership.id)
    listing = backups.listing(viewer, store)
    assert [p["id"] for p in listing["partnerships"]] == [mid.partnership.id]
    assert [r["id"] for r in listing["regions"]] == [mid.partnership.region_id]
    assert {r["partnership_id"] for r in listing["rounds"]} == {mid.partnership.id}
    everything = backups.listing(COMMAND_LINE, store)
    assert len(everything["partnerships"]) == 3
