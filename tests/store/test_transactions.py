"""Store.transaction(): several calls in one transaction, on this thread only."""

from __future__ import annotations

import threading
import time

import pytest

from readiness.store import Store, StoreError
from readiness.store.records import Agency, Region


def _fail_part_way(store: Store) -> None:
    with store.transaction():
        store.add_region(Region(id="north", name="North"), user="t")
        store.save_agency(Agency(id="police", name="Police", role_id="police"), user="t")
        assert [r.id for r in store.list_regions()] == ["north"]  # sees its own writes
        raise RuntimeError("something failed part way")


def test_calls_inside_a_transaction_are_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError):
        _fail_part_way(store)
    assert store.list_regions() == []
    assert store.list_agencies() == []
    assert store.audit_log() == []


def test_a_refused_inner_write_is_undone_and_the_rest_can_carry_on(store: Store) -> None:
    with store.transaction():
        store.add_region(Region(id="north", name="North"), user="t")
        with pytest.raises(StoreError):
            store.add_region(Region(id="north", name="Again"), user="t")
        bad = store.import_json({"format": "nonsense"})  # problems: rolled back, not raised
        assert not bad.ok
        store.add_region(Region(id="south", name="South"), user="t")
    assert [r.id for r in store.list_regions()] == ["north", "south"]
    assert store.get_region("north").name == "North"


def test_another_thread_is_not_part_of_the_transaction(store: Store) -> None:
    """A write from another session thread waits for the lock and is committed on its own,
    even when the transaction it waited for is rolled back."""
    started = threading.Event()
    done: list[str] = []

    def other_session() -> None:
        started.wait()
        store.add_region(Region(id="other", name="Other"), user="other")
        done.append("other")

    def mine() -> None:
        with store.transaction():
            store.add_region(Region(id="mine", name="Mine"), user="me")
            started.set()
            time.sleep(0.3)
            assert done == [], "the other session waits for the write lock"
            raise RuntimeError("roll mine back")

    thread = threading.Thread(target=other_session)
    thread.start()
    with pytest.raises(RuntimeError):
        mine()
    thread.join()
    assert [r.id for r in store.list_regions()] == ["other"]
