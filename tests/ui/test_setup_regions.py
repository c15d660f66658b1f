"""Set-up with regions already in the database: choose one from the list, or name a new one;
a name that only differs in spaces or punctuation is refused and never renames a region."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from readiness.store import Store
from readiness.store.records import Region
from tests.ui.conftest import no_exceptions, open_page
from tests.ui.test_setup_page import _fill


def _with_region(ui_env: Path) -> Store:
    store = Store(ui_env)
    store.add_region(Region(id="north-east", name="North-East"), user="test")
    return store


def _submit(at: AppTest) -> None:
    at.form_submit_button(key="setup.create.submit").click().run()
    no_exceptions(at)


def test_an_existing_region_is_chosen_from_the_list(ui_env: Path) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    assert at.selectbox(key="new.region_choice").options == [
        "North-East",
        "A new region (name it below)",
    ]
    _fill(at, [("Anytown Council", "local_authority")])
    at.text_input(key="new.region").input("")
    at.selectbox(key="new.region_choice").set_value("north-east")
    _submit(at)
    [partnership] = store.list_partnerships()
    assert partnership.region_id == "north-east"
    assert store.list_regions() == [Region(id="north-east", name="North-East")]


def test_a_new_region_like_an_existing_one_is_refused_and_nothing_is_renamed(
    ui_env: Path,
) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    _fill(at, [("Anytown Council", "local_authority")])
    at.selectbox(key="new.region_choice").set_value("__new__")
    at.text_input(key="new.region").input("North East")
    _submit(at)
    assert any("already a region called North" in str(e.value) for e in at.error)
    assert store.list_partnerships() == []
    assert store.list_regions() == [Region(id="north-east", name="North-East")]


def test_a_new_region_is_added_when_asked_for(ui_env: Path) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    _fill(at, [("Anytown Council", "local_authority")])
    at.selectbox(key="new.region_choice").set_value("__new__")
    at.text_input(key="new.region").input("South West")
    _submit(at)
    assert [r.name for r in store.list_regions()] == ["North-East", "South West"]
    [partnership] = store.list_partnerships()
    assert partnership.region_id == "south-west"
