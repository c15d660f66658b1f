"""Grants stored: added once, checked against the database, removed, every change audited."""

from __future__ import annotations

import sqlite3

import pytest

from readiness.access.policy import Grant, Role
from readiness.store import NotFoundError, Store
from tests.store.sample import COUNCIL, PARTNERSHIP, POLICE, REGION, add_partnership


@pytest.fixture
def ashby(store: Store) -> Store:
    add_partnership(store)
    return store


def _respondent(email: str = "Jo@Police.example.gov.uk", agency: str = POLICE) -> Grant:
    return Grant(email=email, role=Role.RESPONDENT, partnership_id=PARTNERSHIP, agency_id=agency)


def test_a_grant_is_kept_with_who_gave_it_and_when(ashby: Store) -> None:
    assert ashby.add_grant(_respondent(), user="Admin Person") is True
    [stored] = ashby.list_grants()
    assert stored.grant == _respondent()
    assert stored.grant.email == "jo@police.example.gov.uk"
    assert stored.granted_by == "Admin Person"
    assert stored.granted_at.tzinfo is not None


def test_the_same_grant_twice_is_kept_once_and_audited_once(ashby: Store) -> None:
    admin = Grant(email="boss@example.gov.uk", role=Role.ADMINISTRATOR)
    assert ashby.add_grant(admin, user="cli") is True
    assert ashby.add_grant(admin, user="cli") is False  # NULL scope columns still clash
    assert len(ashby.list_grants()) == 1
    assert len(ashby.audit_log(entity="grant")) == 1


def test_a_person_can_hold_several_roles(ashby: Store) -> None:
    ashby.add_grant(_respondent(), user="cli")
    ashby.add_grant(
        Grant(email="jo@police.example.gov.uk", role=Role.VIEWER, partnership_id=PARTNERSHIP),
        user="cli",
    )
    ashby.add_grant(Grant(email="other@example.gov.uk", role=Role.ADMINISTRATOR), user="cli")
    roles = [s.grant.role for s in ashby.list_grants("JO@police.example.gov.uk ")]
    assert roles == [Role.RESPONDENT, Role.VIEWER]


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        (Grant(email="a@b.gov.uk", role=Role.REGION_LEAD, region_id="r-nowhere"), "no region"),
        (
            Grant(email="a@b.gov.uk", role=Role.VIEWER, partnership_id="p-nowhere"),
            "no partnership",
        ),
        (_respondent(agency="a-nowhere"), "no agency"),
    ],
)
def test_an_unknown_region_partnership_or_agency_is_refused(
    ashby: Store, grant: Grant, message: str
) -> None:
    with pytest.raises(NotFoundError, match=message):
        ashby.add_grant(grant, user="cli")
    assert ashby.list_grants() == []
    assert ashby.audit_log(entity="grant") == []


def test_a_respondent_agency_must_be_a_member_of_the_partnership(ashby: Store) -> None:
    ashby.remove_member(PARTNERSHIP, COUNCIL, user="setup")
    with pytest.raises(NotFoundError, match="not a member of the partnership"):
        ashby.add_grant(_respondent(agency=COUNCIL), user="cli")
    assert ashby.list_grants() == []


def test_removing_takes_only_the_roles_named_and_audits_each(ashby: Store) -> None:
    ashby.add_grant(_respondent(), user="cli")
    ashby.add_grant(
        Grant(email="jo@police.example.gov.uk", role=Role.REGION_LEAD, region_id=REGION),
        user="cli",
    )
    removed = ashby.remove_grants("jo@police.example.gov.uk", [Role.REGION_LEAD], user="Admin")
    assert [r.grant.role for r in removed] == [Role.REGION_LEAD]
    assert [s.grant.role for s in ashby.list_grants()] == [Role.RESPONDENT]
    assert ashby.remove_grants("JO@police.example.gov.uk", user="Admin")[0].grant == _respondent()
    assert ashby.list_grants() == []
    entries = ashby.audit_log(entity="grant")
    assert [(e.user, e.old_value is None, e.new_value is None) for e in entries] == [
        ("cli", True, False),
        ("cli", True, False),
        ("Admin", False, True),
        ("Admin", False, True),
    ]
    assert entries[0].partnership_id == PARTNERSHIP
    assert entries[0].entity_id == f"jo@police.example.gov.uk/respondent/{PARTNERSHIP}/{POLICE}"


def test_removing_what_a_person_does_not_hold_changes_nothing(ashby: Store) -> None:
    ashby.add_grant(_respondent(), user="cli")
    assert ashby.remove_grants("nobody@example.gov.uk", user="cli") == []
    assert ashby.remove_grants("jo@police.example.gov.uk", [Role.ANALYST], user="cli") == []
    assert len(ashby.list_grants()) == 1
    assert len(ashby.audit_log(entity="grant")) == 1


def test_the_database_refuses_an_unknown_role(ashby: Store) -> None:
    conn = sqlite3.connect(ashby.path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO grants (email, role, granted_by, granted_at) "
            "VALUES ('a@b.gov.uk', 'superuser', 'x', '2026-01-01T00:00:00+00:00')"
        )
    conn.close()
