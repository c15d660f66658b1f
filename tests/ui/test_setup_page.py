"""Partnership set-up: GOV.UK-style validation, and a partnership saved with its agencies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store
from tests.ui.builders import anytown
from tests.ui.conftest import no_exceptions, open_page, texts


def create_region(at: AppTest, name: str) -> None:
    """The separate "Create a region" step (the partnership form only chooses a region)."""
    at.text_input(key="region.new.name").input(name)
    at.form_submit_button(key="setup.region.submit").click().run()
    no_exceptions(at)


def _fill(at: AppTest, agencies: list[tuple[str, str]], nation: str = "england") -> None:
    region = at.selectbox(key="new.region_choice")
    if not region.options:
        create_region(at, "Northshire VRU")
    else:
        region.select_index(0)
    at.text_input(key="new.name").input("Anytown CSP")
    at.text_area(key="new.areas").input("Anytown\nBexley Vale")
    at.radio(key="new.nation").set_value(nation)
    for number, (name, role) in enumerate(agencies, start=1):
        at.text_input(key=f"new.agency.{number}.name").input(name)
        at.selectbox(key=f"new.agency.{number}.role").set_value(role)
    at.text_input(key="new.round.label").input("2026/27")
    at.date_input(key="new.round.as_of").set_value(dt.date(2026, 6, 1))


def test_an_empty_form_lists_every_problem_at_the_top_and_beside_each_field() -> None:
    at = open_page("setup")
    at.form_submit_button(key="setup.create.submit").click().run()
    no_exceptions(at)
    errors = texts(at.error)
    assert errors[0] == (
        "**There is a problem**\n\n"
        "- Enter the partnership name\n"
        "- There are no regions yet: create the region first, then choose it\n"
        "- Enter at least one local government area\n"
        "- Select England or Wales\n"
        "- Enter the name of the lead agency\n"
        "- Enter the round label, for example 2026/27\n"
        "- Enter the assessment date"
    )
    assert "Error: Enter the partnership name" in errors
    assert "Error: Enter the assessment date" in errors


ROW_PROBLEMS = [
    ([("Anytown Police", "police"), ("Anytown Council", "")], "Select the role of agency 2"),
    ([("Anytown Police", "police"), ("", "probation")], "Enter the name of agency 2"),
    (
        [("Anytown Police", "police"), ("anytown police", "probation")],
        "anytown police is listed twice: enter each agency once",
    ),
    (
        [("Anytown Police", "police"), ("Anytown Health", "")],
        "Select the role of agency 2",
    ),
]


@pytest.mark.parametrize(
    ("agencies", "message"),
    ROW_PROBLEMS,
    ids=[
        "an agency without a role",
        "a role without an agency",
        "the same agency twice",
        "a Welsh agency without a role",
    ],
)
def test_agency_rows_are_checked(agencies: list[tuple[str, str]], message: str) -> None:
    at = open_page("setup")
    _fill(at, [(n, r) for n, r in agencies if r], nation="wales")
    for number, (name, role) in enumerate(agencies, start=1):
        if not role:
            at.text_input(key=f"new.agency.{number}.name").input(name)
    at.form_submit_button(key="setup.create.submit").click().run()
    no_exceptions(at)
    assert texts(at.error)[0] == f"**There is a problem**\n\n- {message}"
    assert f"Error: {message}" in texts(at.error)


@pytest.mark.parametrize(
    ("nation", "offered", "not_offered"),
    [
        ("wales", "Local Health Board", "Integrated Care Board"),
        ("england", "Integrated Care Board", "Local Health Board"),
    ],
)
def test_the_form_offers_only_the_roles_of_the_chosen_nation(
    nation: str, offered: str, not_offered: str
) -> None:
    at = open_page("setup")
    at.radio(key="new.nation").set_value(nation).run()
    no_exceptions(at)
    for key in ("new.agency.1.role", "new.agency.2.role"):
        names = list(at.selectbox(key=key).options)
        assert offered in names
        assert not_offered not in names


def test_a_welsh_partnership_can_add_only_welsh_roles(ui_env: Path) -> None:
    at = open_page("setup")
    _fill(at, [("Cwm Police", "police"), ("Cwm Health Board", "local_health_board")], "wales")
    at.form_submit_button(key="setup.create.submit").click().run()
    no_exceptions(at)
    names = list(at.selectbox(key="add.agency.role").options)
    assert "Local Health Board" in names
    assert "Integrated Care Board" not in names
    assert any("Cwm Health Board" in str(t.value) for t in at.table)


def test_creating_a_partnership_saves_it_with_its_agencies_lead_and_round(ui_env: Path) -> None:
    at = open_page("setup")
    _fill(
        at,
        [
            ("Anytown Council", "local_authority"),
            ("Anytown Police", "police"),
            ("Anytown ICB", "icb"),
        ],
    )
    at.form_submit_button(key="setup.create.submit").click().run()
    no_exceptions(at)
    assert texts(at.success) == [
        "Anytown CSP has been set up with 3 member agencies and round 2026/27. Each agency can "
        "now answer the questionnaire."
    ]
    store = Store(ui_env)
    [partnership] = store.list_partnerships()
    assert (partnership.name, partnership.nation, partnership.local_government_areas) == (
        "Anytown CSP",
        "england",
        ["Anytown", "Bexley Vale"],
    )
    members = {a.id: (a.name, a.role_id) for a in store.list_agencies(partnership.id)}
    assert members == {
        "anytown-council": ("Anytown Council", "local_authority"),
        "anytown-police": ("Anytown Police", "police"),
        "anytown-icb": ("Anytown ICB", "icb"),
    }
    assert partnership.lead_agency_id == "anytown-council"
    [round_] = store.list_rounds(partnership.id)
    assert (round_.label, round_.as_of, round_.status) == ("2026/27", dt.date(2026, 6, 1), "open")


def test_a_second_partnership_cannot_take_an_existing_name(
    ui_env: Path, mini_content: Path
) -> None:
    anytown(ui_env)
    at = open_page("setup")
    _fill(at, [("Anytown Council", "local_authority")])
    at.form_submit_button(key="setup.create.submit").click().run()
    assert texts(at.error)[0] == (
        "**There is a problem**\n\n- A partnership called Anytown CSP already exists: choose "
        "another name"
    )


def test_a_round_can_be_closed_and_a_new_one_carried_forward(
    ui_env: Path, mini_content: Path
) -> None:
    store = anytown(ui_env)
    at = open_page("setup")
    at.button(key="setup.close_round").click().run()
    assert "Error: Tick the box to confirm you want to close round 2026/27" in texts(at.error)
    at.checkbox(key="round.anytown-2026-27.sure").check()
    at.button(key="setup.close_round").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["Round 2026/27 is closed."]
    at.text_input(key="next.label").input("2027/28")
    at.date_input(key="next.as_of").set_value(dt.date(2027, 6, 1))
    at.checkbox(key="next.carry").check()
    at.form_submit_button(key="setup.new_round.submit").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["Round 2027/28 has started."]
    rounds = store.list_rounds("anytown")
    assert [(r.label, r.status) for r in rounds] == [("2026/27", "closed"), ("2027/28", "open")]
    assert rounds[1].carried_from_round_id == "anytown-2026-27"


def test_a_member_agency_can_be_added(ui_env: Path, mini_content: Path) -> None:
    store = anytown(ui_env)
    at = open_page("setup")
    at.form_submit_button(key="setup.add_agency.submit").click().run()
    assert texts(at.error)[0] == (
        "**There is a problem**\n\n- Enter the name of the agency\n- Select the role of the agency"
    )
    at.text_input(key="add.agency.name").input("Anytown Probation")
    at.selectbox(key="add.agency.role").set_value("probation")
    at.form_submit_button(key="setup.add_agency.submit").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["Anytown Probation is now a member of Anytown CSP."]
    assert "Anytown Probation" in [a.name for a in store.list_agencies("anytown")]
