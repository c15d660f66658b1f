"""The answer services check the person: a respondent answers only for their own agency."""

from __future__ import annotations

import pytest

from readiness.bundle import ContentBundle
from readiness.services import COMMAND_LINE, AccessRefusedError, Actor, answers
from readiness.services.access import round_target
from readiness.services.partnerships import SetupResult, setup_partnership
from readiness.services.people import add_person, make_grant, person_actor
from readiness.store import Store
from readiness.store.records import AnswerInput
from tests.services.conftest import ACTOR, setup_request

QUESTION = "leadership.senior_lead"
COUNCIL, POLICE = "anytown-council", "anytown-police"
JO = "jo@anytown-council.gov.uk"


@pytest.fixture
def anytown(store: Store, bundle: ContentBundle) -> SetupResult:
    return setup_partnership(ACTOR, store, bundle, setup_request())


@pytest.fixture
def other(store: Store, bundle: ContentBundle, anytown: SetupResult) -> SetupResult:
    request = setup_request(
        "Otherton CSP", new_region=None, region_id=anytown.partnership.region_id
    )
    return setup_partnership(ACTOR, store, bundle, request)


def _person(store: Store, email: str, role: str, **scope: str) -> Actor:
    add_person(COMMAND_LINE, store, make_grant(email, role, **scope))
    return person_actor(store, email, email.split("@", maxsplit=1)[0].title())


def _save(actor: Actor, store: Store, bundle: ContentBundle, round_id: str, agency: str) -> bool:
    result = answers.save_answers(
        actor,
        store,
        bundle,
        round_id,
        agency_id=agency,
        answers=[AnswerInput(question_id=QUESTION, value=3)],
    )
    return result.ok


def _respondent(store: Store, anytown: SetupResult) -> Actor:
    return _person(
        store, JO, "respondent", partnership_id=anytown.partnership.id, agency_id=COUNCIL
    )


def test_a_respondent_answers_for_their_own_agency_and_is_named(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    jo = _respondent(store, anytown)
    assert _save(jo, store, bundle, anytown.round.id, COUNCIL)
    [saved] = [a for a in store.answers_for(anytown.round.id) if a.question_id == QUESTION]
    assert saved.updated_by == f"Jo <{JO}>"
    assert any(e.user == f"Jo <{JO}>" for e in store.audit_log(entity="answer"))


def test_a_respondent_cannot_answer_for_another_agency(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    jo = _respondent(store, anytown)
    with pytest.raises(AccessRefusedError, match="answer the questionnaire for an agency"):
        _save(jo, store, bundle, anytown.round.id, POLICE)
    with pytest.raises(AccessRefusedError):
        answers.confirm_answer(
            jo, store, bundle, anytown.round.id,
            agency_id=POLICE, question_id=QUESTION, expected_revision=1,
        )  # fmt: skip
    assert store.answers_for(anytown.round.id) == []


def test_another_partnership_is_refused_like_a_round_that_does_not_exist(
    store: Store, bundle: ContentBundle, anytown: SetupResult, other: SetupResult
) -> None:
    jo = _respondent(store, anytown)
    refusals = []
    for round_id in (other.round.id, "no-such-round"):
        with pytest.raises(AccessRefusedError) as caught:
            _save(jo, store, bundle, round_id, COUNCIL)
        refusals.append(str(caught.value))
    assert refusals[0] == refusals[1]
    assert store.answers_for(other.round.id) == []


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_readers_cannot_answer(
    store: Store, bundle: ContentBundle, anytown: SetupResult, role: str
) -> None:
    reader = _person(store, "reader@x.gov.uk", role, partnership_id=anytown.partnership.id)
    with pytest.raises(AccessRefusedError):
        _save(reader, store, bundle, anytown.round.id, COUNCIL)


def test_a_region_lead_changes_no_answers(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    vru = _person(store, "vru@x.gov.uk", "region_lead", region_id=anytown.partnership.region_id)
    with pytest.raises(AccessRefusedError):
        _save(vru, store, bundle, anytown.round.id, COUNCIL)


def test_a_partnership_lead_may_answer_for_any_member(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    lead = _person(
        store, "lead@x.gov.uk", "partnership_lead", partnership_id=anytown.partnership.id
    )
    assert _save(lead, store, bundle, anytown.round.id, POLICE)
    assert _save(lead, store, bundle, anytown.round.id, COUNCIL)


def test_the_round_target_names_the_partnership_and_region(
    store: Store, anytown: SetupResult
) -> None:
    target = round_target(store, anytown.round.id, COUNCIL)
    assert target.partnership_id == anytown.partnership.id
    assert target.region_id == anytown.partnership.region_id
    assert target.agency_id == COUNCIL
