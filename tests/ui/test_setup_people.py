"""Set-up, People: a partnership lead sees who has which role in the partnership, invites
someone by e-mail address to a role (a respondent with the agency they answer for), and takes
a role away; only an administrator is offered "Partnership lead". Through services/people.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.access.policy import Grant, Role
from readiness.store import Store
from readiness.ui.components.text import JOINER
from tests.ui.builders import anytown
from tests.ui.conftest import PAGES, no_exceptions, open_page
from tests.ui.conftest import texts as _texts
from tests.ui.test_sign_in import signed_in

SAM = "sam@council.example.gov.uk"
LEAD = "lead@council.example.gov.uk"
ADMIN = "admin@vru.example.gov.uk"


@pytest.fixture
def store(ui_env: Path, mini_content: Path) -> Store:
    return anytown(ui_env)


def _invite(at: AppTest, email: str, role: str | None, agency: str | None = None) -> None:
    at.text_input(key="people.email").input(email)
    if role is not None:
        at.selectbox(key="people.role").set_value(role)
    if agency is not None:
        at.selectbox(key="people.agency").set_value(agency)
    at.button(key="people.invite.submit").click().run()
    no_exceptions(at)


def texts(elements: object) -> list[str]:
    """The texts shown, without the invisible joiner that keeps an address from becoming a
    link."""
    return [t.replace(JOINER, "") for t in _texts(elements)]


def _cells(table: object) -> list[dict[str, str]]:
    rows = table.value.to_dict("records")  # type: ignore[attr-defined]
    return [{k: str(v).replace(JOINER, "") for k, v in r.items()} for r in rows]


def _held(store: Store) -> list[Grant]:
    return [s.grant for s in store.list_grants()]


def test_a_respondent_needs_an_agency_and_is_then_invited(store: Store) -> None:
    at = open_page("setup")
    assert "Nobody has a role in this partnership yet." in texts(at.markdown)
    _invite(at, SAM, "respondent")
    assert "Error: Select the member agency the respondent answers for" in texts(at.error)
    assert _held(store) == []
    _invite(at, SAM, "respondent", "anytown-council")
    assert _held(store) == [
        Grant(
            email=SAM, role=Role.RESPONDENT, partnership_id="anytown", agency_id="anytown-council"
        )
    ]
    [message] = texts(at.success)
    assert message.startswith(f"{SAM} is invited as respondent for an agency.")
    assert "signs in with that e-mail address" in message
    [table] = [t for t in at.table if "E-mail address" in t.value.columns]
    row = _cells(table)[0]
    assert (row["E-mail address"], row["Role"], row["Agency"]) == (
        SAM,
        "Respondent for an agency",
        "Anytown Council",
    )


def test_a_viewer_is_invited_without_an_agency_and_a_bad_address_is_refused(
    store: Store,
) -> None:
    at = open_page("setup")
    _invite(at, "not an address", "viewer")
    assert any("e-mail" in e.lower() for e in texts(at.error))
    assert _held(store) == []
    _invite(at, "Board.Member@Council.example.gov.uk", "viewer", "anytown-council")
    [grant] = _held(store)
    assert (grant.email, grant.role, grant.agency_id) == (
        "board.member@council.example.gov.uk",
        Role.VIEWER,
        None,  # only a respondent answers for an agency
    )


def test_a_role_can_be_taken_away(store: Store) -> None:
    store.add_grant(Grant(email=SAM, role=Role.ANALYST, partnership_id="anytown"), user="test")
    at = open_page("setup")
    at.button(key="people.remove.submit").click().run()
    assert "Error: Select the person and role to take away" in texts(at.error)
    assert len(_held(store)) == 1
    at.selectbox(key="people.remove").set_value(f"{SAM}|analyst|anytown|")
    at.button(key="people.remove.submit").click().run()
    no_exceptions(at)
    assert texts(at.success) == [f"{SAM} no longer has that role."]
    assert _held(store) == []


def test_taking_a_role_away_leaves_the_same_role_in_another_partnership(store: Store) -> None:
    other = store.get_partnership("anytown").model_copy(
        update={"id": "otherton", "name": "Otherton CSP"}
    )
    store.save_partnership(other, user="test")
    here = Grant(email=SAM, role=Role.VIEWER, partnership_id="anytown")
    there = Grant(email=SAM, role=Role.VIEWER, partnership_id="otherton")
    for grant in (here, there):
        store.add_grant(grant, user="test")
    at = open_page("setup")
    at.selectbox(key="people.remove").set_value(f"{SAM}|viewer|anytown|")
    at.button(key="people.remove.submit").click().run()
    no_exceptions(at)
    assert texts(at.success) == [f"{SAM} no longer has that role."]
    assert _held(store) == [there]


def _signed_in_setup(email: str) -> AppTest:
    at = signed_in(email, "Someone").run()
    at.switch_page(PAGES["setup"]).run()
    no_exceptions(at)
    return at


def test_only_an_administrator_is_offered_partnership_lead(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_ADMINS", ADMIN)
    store.add_grant(
        Grant(email=LEAD, role=Role.PARTNERSHIP_LEAD, partnership_id="anytown"), user="test"
    )
    lead = _signed_in_setup(LEAD)
    offered = [str(o) for o in lead.selectbox(key="people.role").options]
    assert [o.split(":")[0] for o in offered] == ["Respondent", "Analyst", "Viewer"]
    assert "Sign-in is not set up, so these roles take effect only once it is." not in texts(
        lead.info
    )
    admin = _signed_in_setup(ADMIN)
    offered = [str(o) for o in admin.selectbox(key="people.role").options]
    assert [o.split(":")[0] for o in offered] == [
        "Partnership lead",
        "Respondent",
        "Analyst",
        "Viewer",
    ]


def test_a_partnership_lead_invites_a_viewer_who_is_recorded_as_given_by_them(
    store: Store,
) -> None:
    store.add_grant(
        Grant(email=LEAD, role=Role.PARTNERSHIP_LEAD, partnership_id="anytown"), user="test"
    )
    at = _signed_in_setup(LEAD)
    _invite(at, SAM, "viewer")
    assert Grant(email=SAM, role=Role.VIEWER, partnership_id="anytown") in _held(store)
    [table] = [t for t in at.table if "E-mail address" in t.value.columns]
    rows = {r["E-mail address"]: r for r in _cells(table)}
    assert LEAD in rows[SAM]["Given by"]
