"""People and roles through the services: checked grants, who may give them, who someone is."""

from __future__ import annotations

import pytest

from readiness.access.policy import Grant, Permission, Role, Target
from readiness.services import COMMAND_LINE, WEB_USER, AccessRefusedError, Actor, require
from readiness.services.people import (
    PeopleError,
    add_person,
    grants_for,
    list_people,
    make_grant,
    parse_role,
    person_actor,
    remove_person,
)
from readiness.settings import SettingsError, settings
from readiness.store import NotFoundError, Store
from readiness.store.records import Partnership, Region
from tests.store.sample import COUNCIL, PARTNERSHIP, POLICE, REGION, add_partnership

OTHER_REGION, OTHER = "r-south", "p-other"
LEAD_EMAIL = "lead@ashby.gov.uk"


@pytest.fixture
def two(store: Store) -> Store:
    """Ashby CSP (region r-north) and another partnership in another region."""
    add_partnership(store)
    store.save_region(Region(id=OTHER_REGION, name="South VRU"), user="setup")
    store.save_partnership(
        Partnership(
            id=OTHER,
            name="Other CSP",
            region_id=OTHER_REGION,
            nation="england",
            lead_agency_id=COUNCIL,
        ),
        user="setup",
    )
    return store


def _lead(store: Store) -> Actor:
    add_person(
        COMMAND_LINE, store, make_grant(LEAD_EMAIL, "partnership_lead", partnership_id=PARTNERSHIP)
    )
    return person_actor(store, LEAD_EMAIL, "Pat Lead")


# ---------------------------------------------------------------- checking what is asked


@pytest.mark.parametrize("typed", ["region_lead", "Region lead", "region-lead", " REGION_LEAD "])
def test_a_role_can_be_typed_in_several_ways(typed: str) -> None:
    assert parse_role(typed) is Role.REGION_LEAD


def test_an_unknown_role_is_refused_with_the_list_of_roles() -> None:
    with pytest.raises(PeopleError) as caught:
        parse_role("superuser")
    assert str(caught.value) == (
        "There is no role called 'superuser'. The roles are: administrator, region_lead, "
        "partnership_lead, respondent, analyst, viewer."
    )


@pytest.mark.parametrize(
    ("email", "role", "scope", "message"),
    [
        (
            "jo@x.gov.uk",
            "respondent",
            {"partnership_id": PARTNERSHIP},
            "must name an agency",
        ),
        (
            "jo@x.gov.uk",
            "administrator",
            {"partnership_id": PARTNERSHIP},
            "does not take a partnership",
        ),
        ("not-an-address", "viewer", {"partnership_id": PARTNERSHIP}, "is not an e-mail address"),
    ],
)
def test_a_grant_without_the_scope_its_role_needs_is_refused_plainly(
    email: str, role: str, scope: dict[str, str], message: str
) -> None:
    with pytest.raises(PeopleError, match=message) as caught:
        make_grant(email, role, **scope)
    assert str(caught.value).startswith("Nothing was changed: ")
    assert "Value error" not in str(caught.value)


# ---------------------------------------------------------------- open mode (the command line)


def test_the_command_line_adds_lists_and_removes_people(two: Store) -> None:
    grant = make_grant(
        "Jo@Police.gov.uk", "respondent", partnership_id=PARTNERSHIP, agency_id=POLICE
    )
    assert add_person(COMMAND_LINE, two, grant) is True
    assert add_person(COMMAND_LINE, two, grant) is False
    assert [s.grant for s in list_people(COMMAND_LINE, two)] == [grant]
    assert list_people(COMMAND_LINE, two)[0].granted_by == "command line"
    removed = remove_person(COMMAND_LINE, two, "JO@police.gov.uk")
    assert [s.grant for s in removed] == [grant]
    assert list_people(COMMAND_LINE, two) == []


def test_an_unknown_partnership_is_refused_and_nothing_is_written(two: Store) -> None:
    with pytest.raises(NotFoundError, match="no partnership with the id p-nowhere"):
        add_person(
            COMMAND_LINE, two, make_grant("a@b.gov.uk", "viewer", partnership_id="p-nowhere")
        )
    assert two.list_grants() == []


def test_removing_a_role_not_held_says_so_and_changes_nothing(two: Store) -> None:
    add_person(COMMAND_LINE, two, make_grant("a@b.gov.uk", "viewer", partnership_id=PARTNERSHIP))
    with pytest.raises(PeopleError, match=r"a@b.gov.uk does not hold Analyst"):
        remove_person(COMMAND_LINE, two, "a@b.gov.uk", [Role.ANALYST])
    with pytest.raises(PeopleError, match="does not hold any role"):
        remove_person(COMMAND_LINE, two, "nobody@b.gov.uk")
    assert len(two.list_grants()) == 1


# ---------------------------------------------------------------- a signed-in person


def test_a_partnership_lead_invites_to_their_own_partnership_only(two: Store) -> None:
    lead = _lead(two)
    assert lead.name == f"Pat Lead <{LEAD_EMAIL}>"
    viewer = make_grant("board@ashby.gov.uk", "viewer", partnership_id=PARTNERSHIP)
    assert add_person(lead, two, viewer) is True
    assert two.list_grants("board@ashby.gov.uk")[0].granted_by == f"Pat Lead <{LEAD_EMAIL}>"
    with pytest.raises(AccessRefusedError, match="invite people to the partnership"):
        add_person(lead, two, make_grant("x@other.gov.uk", "viewer", partnership_id=OTHER))
    with pytest.raises(AccessRefusedError, match="appoint partnership leads"):
        add_person(
            lead, two, make_grant("x@ashby.gov.uk", "partnership_lead", partnership_id=PARTNERSHIP)
        )
    with pytest.raises(AccessRefusedError):
        add_person(lead, two, make_grant("x@ashby.gov.uk", "administrator"))
    assert [s.grant.email for s in two.list_grants()] == ["board@ashby.gov.uk", LEAD_EMAIL]


def test_a_refusal_for_an_unknown_partnership_reads_like_any_other(two: Store) -> None:
    lead = _lead(two)
    refusals = []
    for partnership in (OTHER, "p-nowhere"):
        with pytest.raises(AccessRefusedError) as caught:
            add_person(lead, two, make_grant("x@y.gov.uk", "viewer", partnership_id=partnership))
        refusals.append(str(caught.value))
    assert refusals[0] == refusals[1]


def test_a_partnership_lead_cannot_remove_someone_elsewhere(two: Store) -> None:
    lead = _lead(two)
    add_person(COMMAND_LINE, two, make_grant("x@y.gov.uk", "viewer", partnership_id=PARTNERSHIP))
    add_person(COMMAND_LINE, two, make_grant("x@y.gov.uk", "viewer", partnership_id=OTHER))
    with pytest.raises(AccessRefusedError):
        remove_person(lead, two, "x@y.gov.uk")
    assert len(two.list_grants("x@y.gov.uk")) == 2  # neither removed
    listed = list_people(lead, two)
    assert {(s.grant.email, s.grant.partnership_id) for s in listed} == {
        ("x@y.gov.uk", PARTNERSHIP)
    }


def test_someone_with_no_grants_is_refused_everything(two: Store) -> None:
    stranger = person_actor(two, "stranger@example.com", "")
    assert stranger.name == "stranger@example.com"
    assert stranger.grants == ()
    assert not stranger.open_mode
    with pytest.raises(
        AccessRefusedError, match=r"^You do not have permission to read the results"
    ):
        require(stranger, Permission.VIEW_RESULTS, Target(REGION, PARTNERSHIP))
    assert list_people(stranger, two) == []


def test_the_fixed_actors_are_open_mode_and_allowed_everything() -> None:
    for actor in (WEB_USER, COMMAND_LINE, Actor("Test person")):
        assert actor.open_mode
        for permission in Permission:
            require(actor, permission, Target())  # does not raise


def test_require_follows_the_policy_for_a_respondent(two: Store) -> None:
    add_person(
        COMMAND_LINE,
        two,
        make_grant("jo@police.gov.uk", "respondent", partnership_id=PARTNERSHIP, agency_id=POLICE),
    )
    jo = person_actor(two, "jo@police.gov.uk", "Jo")
    require(jo, Permission.ANSWER, Target(REGION, PARTNERSHIP, POLICE))
    with pytest.raises(AccessRefusedError, match="answer the questionnaire for an agency"):
        require(jo, Permission.ANSWER, Target(REGION, PARTNERSHIP, COUNCIL))
    with pytest.raises(AccessRefusedError):
        require(jo, Permission.VIEW_RESULTS, Target(OTHER_REGION, OTHER))


# ---------------------------------------------------------------- READINESS_ADMINS


def test_the_first_administrator_comes_from_the_setting(two: Store) -> None:
    admins = settings({"READINESS_ADMINS": " Boss@Example.gov.uk, ,second@example.gov.uk"}).admins
    assert admins == ("boss@example.gov.uk", "second@example.gov.uk")
    boss = person_actor(two, "BOSS@example.gov.uk", "The Boss", admins)
    assert [g.role for g in boss.grants or ()] == [Role.ADMINISTRATOR]
    assert add_person(
        boss, two, make_grant("pl@other.gov.uk", "partnership_lead", partnership_id=OTHER)
    )
    assert two.list_grants("pl@other.gov.uk")[0].granted_by == "The Boss <boss@example.gov.uk>"
    assert grants_for(two, "someone@else.gov.uk", admins) == ()


def test_a_stored_administrator_named_in_the_setting_too_is_held_once(two: Store) -> None:
    add_person(COMMAND_LINE, two, make_grant("boss@example.gov.uk", "administrator"))
    assert grants_for(two, "boss@example.gov.uk", ["boss@example.gov.uk"]) == (
        Grant(email="boss@example.gov.uk", role=Role.ADMINISTRATOR),
    )


def test_a_malformed_admins_setting_is_named() -> None:
    with pytest.raises(SettingsError, match="READINESS_ADMINS"):
        settings({"READINESS_ADMINS": "boss@example.gov.uk,not an address"})
    assert settings({}).admins == ()
