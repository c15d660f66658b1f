"""The set-up and action checks, as a table of plain-English rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from readiness.models import RoleVocabulary
from readiness.ui.forms import (
    AgencyRow,
    check_action,
    check_agencies,
    check_new_member,
    check_partnership,
    check_round,
    split_lines,
)

ROLES = RoleVocabulary.model_validate(
    yaml.safe_load((Path(__file__).parents[2] / "questionnaires" / "roles.yaml").read_text())
)

PARTNERSHIPS = [
    ({}, {}),
    ({"name": "  "}, {"name": "Enter the partnership name"}),
    ({"name": "x" * 201}, {"name": "Partnership name must be 200 characters or fewer"}),
    (
        {"name": "anytown csp"},
        {"name": "A partnership called anytown csp already exists: choose another name"},
    ),
    ({"region": ""}, {"region": "Enter the region (the Violence Reduction Unit or Network area)"}),
    ({"areas": []}, {"areas": "Enter at least one local government area"}),
    ({"nation": None}, {"nation": "Select England or Wales"}),
    ({"nation": "scotland"}, {"nation": "Select England or Wales"}),
]


@pytest.mark.parametrize(
    ("change", "errors"),
    PARTNERSHIPS,
    ids=[
        "a complete partnership is fine",
        "a blank name",
        "a name that is too long",
        "a name already taken, in any case",
        "no region",
        "no local government area",
        "no nation chosen",
        "a nation the Duty does not cover",
    ],
)
def test_partnership_rules(change: dict[str, object], errors: dict[str, str]) -> None:
    fields: dict[str, object] = {
        "name": "Bexley CSP",
        "region": "Northshire VRU",
        "areas": ["Bexley"],
        "nation": "england",
        "taken_names": ["Anytown CSP"],
    }
    assert check_partnership(**{**fields, **change}) == errors  # type: ignore[arg-type]


AGENCIES = [
    ([AgencyRow("Anytown Police", "police")], "england", {}),
    ([AgencyRow("", None)], "england", {"agency.1.name": "Enter the name of the lead agency"}),
    (
        [AgencyRow("Anytown Police", None)],
        "england",
        {"agency.1.role": "Select the role of the lead agency"},
    ),
    (
        [
            AgencyRow("Anytown Police", "police"),
            AgencyRow("", None),
            AgencyRow("Fire", "fire_rescue"),
        ],
        "england",
        {},
    ),
    (
        [AgencyRow("Cardiff Police", "police"), AgencyRow("Cardiff ICB", "icb")],
        "wales",
        {
            "agency.2.role": "Integrated Care Board is only used in England: select another "
            "role for agency 2"
        },
    ),
    (
        [
            AgencyRow("Anytown Council", "local_authority"),
            AgencyRow("Anytown LHB", "local_health_board"),
        ],
        "england",
        {
            "agency.2.role": "Local Health Board is only used in Wales: select another role "
            "for agency 2"
        },
    ),
]


@pytest.mark.parametrize(
    ("rows", "nation", "errors"),
    AGENCIES,
    ids=[
        "one lead agency is enough",
        "the lead agency is required",
        "every agency needs a role",
        "empty rows are ignored",
        "an ICB cannot sit in a Welsh partnership",
        "a Local Health Board cannot sit in an English partnership",
    ],
)
def test_agency_rules(rows: list[AgencyRow], nation: str, errors: dict[str, str]) -> None:
    assert check_agencies(rows, nation, ROLES) == errors


def test_adding_a_member_that_is_already_there_is_refused() -> None:
    errors = check_new_member("anytown police", "police", "england", ROLES, ["Anytown Police"])
    assert errors == {"name": "anytown police is already a member of this partnership"}


ROUNDS = [
    ("2026/27", dt.date(2026, 6, 1), {}),
    ("", dt.date(2026, 6, 1), {"label": "Enter the round label, for example 2026/27"}),
    ("2026/27", None, {"as_of": "Enter the assessment date"}),
    (
        "2025/26",
        dt.date(2026, 6, 1),
        {"label": "There is already a round called 2025/26: choose another label"},
    ),
]


@pytest.mark.parametrize(
    ("label", "as_of", "errors"),
    ROUNDS,
    ids=["a label and a date", "no label", "no date", "a label already used"],
)
def test_round_rules(label: str, as_of: dt.date | None, errors: dict[str, str]) -> None:
    assert check_round(label=label, as_of=as_of, taken_labels=["2025/26"]) == errors


def test_an_action_needs_words_and_a_due_date_not_before_the_round() -> None:
    assert check_action(text=" ", due=dt.date(2026, 1, 1), earliest=dt.date(2026, 6, 1)) == {
        "text": "Enter what needs to be done",
        "due": "Due date must be on or after 01 June 2026",
    }


def test_local_government_areas_are_one_a_line_or_comma_separated_without_repeats() -> None:
    assert split_lines("Anytown\n  Bexley Vale , anytown\n\nCroft") == [
        "Anytown",
        "Bexley Vale",
        "Croft",
    ]
