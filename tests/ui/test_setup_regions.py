"""Set-up chooses a partnership's region from the list of existing regions; creating a region
is a separate, explicit step ("Create a region"), so a typing slip never creates one. A name
that only differs in spaces or punctuation is refused and never renames a region."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from readiness.store import Store
from readiness.store.records import Region
from tests.ui.conftest import no_exceptions, open_page, texts
from tests.ui.test_setup_page import _fill, create_region


def _with_region(ui_env: Path) -> Store:
    store = Store(ui_env)
    store.add_region(Region(id="north-east", name="North-East"), user="test")
    return store


def _submit(at: AppTest) -> None:
    at.form_submit_button(key="setup.create.submit").click().run()
    no_exceptions(at)


def _labels(at: AppTest) -> list[str]:
    return [w.label for w in [*at.text_input, *at.selectbox]]


def test_the_region_is_chosen_from_the_existing_regions_only(ui_env: Path) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    assert at.selectbox(key="new.region_choice").options == ["North-East"]
    assert at.selectbox(key="new.region_choice").value is None
    assert "Name of the new region (only if it is not in the list)" not in _labels(at)
    _fill(at, [("Anytown Council", "local_authority")])
    at.selectbox(key="new.region_choice").set_value("north-east")
    _submit(at)
    [partnership] = store.list_partnerships()
    assert partnership.region_id == "north-east"
    assert store.list_regions() == [Region(id="north-east", name="North-East")]


def test_a_partnership_without_a_chosen_region_is_refused_and_no_region_is_created(
    ui_env: Path,
) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    _fill(at, [("Anytown Council", "local_authority")])
    at.selectbox(key="new.region_choice").set_value(None)
    _submit(at)
    assert "Error: Select the region (the Violence Reduction Unit or Network area)" in texts(
        at.error
    )
    assert store.list_partnerships() == []
    assert store.list_regions() == [Region(id="north-east", name="North-East")]


def test_creating_a_region_like_an_existing_one_is_refused_and_nothing_is_renamed(
    ui_env: Path,
) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    create_region(at, "North East")
    assert any("already a region called North-East" in str(e.value) for e in at.error)
    assert store.list_regions() == [Region(id="north-east", name="North-East")]


def test_a_region_is_created_in_its_own_step_then_chosen_for_the_partnership(
    ui_env: Path,
) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    create_region(at, "South West")
    assert texts(at.success) == [
        "The region South West has been created. It is chosen in the form below."
    ]
    assert [r.name for r in store.list_regions()] == ["North-East", "South West"]
    assert at.selectbox(key="new.region_choice").value == "south-west"
    _fill(at, [("Anytown Council", "local_authority")])
    at.selectbox(key="new.region_choice").set_value("south-west")
    _submit(at)
    [partnership] = store.list_partnerships()
    assert partnership.region_id == "south-west"


def test_an_empty_region_name_is_refused(ui_env: Path) -> None:
    store = _with_region(ui_env)
    at = open_page("setup")
    create_region(at, "  ")
    assert "Error: Enter the name of the new region" in texts(at.error)
    assert len(store.list_regions()) == 1
