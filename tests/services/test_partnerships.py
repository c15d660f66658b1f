"""Setting up a partnership: one transaction, ids chosen inside the write lock, regions never
renamed by a similar name."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from readiness.bundle import ContentBundle
from readiness.services import partnerships
from readiness.services.partnerships import NewAgency, setup_partnership
from readiness.store import AlreadyExistsError, Store, StoreError
from readiness.store.records import Region
from tests.services.conftest import ACTOR, setup_request


def _nothing_written(store: Store) -> None:
    assert store.list_regions() == []
    assert store.list_agencies() == []
    assert store.list_partnerships() == []
    assert store.list_rounds() == []
    assert store.audit_log() == []


def test_setting_up_writes_everything_with_the_draft_action_plan(
    store: Store, bundle: ContentBundle
) -> None:
    done = setup_partnership(ACTOR, store, bundle, setup_request())
    assert done.partnership.id == "anytown-csp"
    assert done.partnership.lead_agency_id == "anytown-council"
    assert [a.id for a in store.list_agencies(done.partnership.id)] == [
        "anytown-council",
        "anytown-icb",
        "anytown-police",
    ]
    assert store.list_regions() == [Region(id="northshire-vru", name="Northshire VRU")]
    assert store.actions_for(done.round.id), "the first round gets its draft action plan"
    assert {e.user for e in store.audit_log()} == {"Test person"}


@pytest.mark.parametrize(
    "failing", ["add_member", "create_round", "sync_generated_actions", "save_partnership"]
)
def test_a_failure_part_way_leaves_nothing_written(
    store: Store, bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise StoreError("The disk is full.")

    monkeypatch.setattr(Store, failing, broken)
    with pytest.raises(StoreError, match="disk is full"):
        setup_partnership(ACTOR, store, bundle, setup_request())
    _nothing_written(store)


def test_two_people_setting_up_the_same_name_at_once_never_merge(
    tmp_path: Path, bundle: ContentBundle
) -> None:
    """Two sessions (threads sharing one store, as Streamlit does) and a second process-like
    store on the same file: one partnership is made, the others get a clear message."""
    path = tmp_path / "race.db"
    shared = Store(path)
    stores = [shared, shared, Store(path)]
    start = threading.Barrier(len(stores))
    outcomes: list[object] = []

    def create(store: Store, number: int) -> None:
        request = setup_request(agencies=[NewAgency(f"Council {number}", "local_authority")])
        start.wait()
        try:
            outcomes.append(setup_partnership(ACTOR, store, bundle, request))
        except AlreadyExistsError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=create, args=(s, n)) for n, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    made = [o for o in outcomes if not isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(made) == 1
    assert refused == ["A partnership called Anytown CSP already exists: choose another name."] * 2
    [partnership] = shared.list_partnerships()
    assert [a.name for a in shared.list_agencies(partnership.id)] == [
        made[0].members[0].name  # type: ignore[attr-defined]
    ]
    assert len(shared.list_regions()) == 1


def test_different_names_at_once_get_distinct_ids(tmp_path: Path, bundle: ContentBundle) -> None:
    store = Store(tmp_path / "ids.db")
    start = threading.Barrier(2)
    ids: list[str] = []

    def create(name: str) -> None:
        start.wait()
        request = setup_request(name, new_region=None, region_id="north")
        ids.append(setup_partnership(ACTOR, store, bundle, request).partnership.id)

    store.add_region(Region(id="north", name="North"), user="test")
    threads = [threading.Thread(target=create, args=(n,)) for n in ("Anytown", "Anytown!")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ids) == ["anytown", "anytown-2"]  # same slug, chosen inside the lock


def test_a_similar_region_name_is_refused_and_the_region_is_not_renamed(
    store: Store, bundle: ContentBundle
) -> None:
    store.add_region(Region(id="north-east", name="North-East"), user="test")
    with pytest.raises(AlreadyExistsError, match="already a region called North-East"):
        setup_partnership(ACTOR, store, bundle, setup_request(new_region="North East"))
    with pytest.raises(AlreadyExistsError, match="already a region called North-East"):
        partnerships.create_region(ACTOR, store, "north east")
    assert store.list_regions() == [Region(id="north-east", name="North-East")]
    assert store.list_partnerships() == []
    done = setup_partnership(
        ACTOR, store, bundle, setup_request(new_region=None, region_id="north-east")
    )
    assert done.partnership.region_id == "north-east"
    assert store.get_region("north-east").name == "North-East"


def test_add_region_refuses_an_existing_id(store: Store) -> None:
    store.add_region(Region(id="north", name="North"), user="test")
    with pytest.raises(AlreadyExistsError):
        store.add_region(Region(id="north", name="Somewhere else"), user="test")
    assert store.get_region("north").name == "North"


def test_an_existing_agency_is_reused_by_name(store: Store, bundle: ContentBundle) -> None:
    first = setup_partnership(ACTOR, store, bundle, setup_request())
    second = setup_partnership(
        ACTOR,
        store,
        bundle,
        setup_request(
            "Bexley CSP",
            new_region=None,
            region_id=first.partnership.region_id,
            agencies=[NewAgency("anytown police", "police")],
        ),
    )
    assert [a.id for a in second.members] == ["anytown-police"]
    assert len(store.list_agencies()) == 3


def test_editing_details_refuses_another_partnerships_name(
    store: Store, bundle: ContentBundle
) -> None:
    first = setup_partnership(ACTOR, store, bundle, setup_request())
    setup_partnership(
        ACTOR,
        store,
        bundle,
        setup_request("Bexley CSP", new_region=None, region_id=first.partnership.region_id),
    )
    with pytest.raises(AlreadyExistsError, match="Anytown CSP already exists"):
        partnerships.update_details(
            ACTOR,
            store,
            "bexley-csp",
            name="anytown csp",
            areas=["Bexley"],
            nation="england",
            lead_agency_id=None,
        )
    assert store.get_partnership("bexley-csp").name == "Bexley CSP"


def test_members_are_added_and_removed_through_the_service(
    store: Store, bundle: ContentBundle
) -> None:
    done = setup_partnership(ACTOR, store, bundle, setup_request())
    added = partnerships.add_member(
        ACTOR, store, done.partnership.id, NewAgency("Anytown Fire", "fire_rescue")
    )
    assert added.id in {a.id for a in store.list_agencies(done.partnership.id)}
    partnerships.remove_member(ACTOR, store, done.partnership.id, added.id)
    assert added.id not in {a.id for a in store.list_agencies(done.partnership.id)}
    with pytest.raises(StoreError, match="not a member"):
        partnerships.remove_member(ACTOR, store, done.partnership.id, added.id)
