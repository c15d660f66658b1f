"""The action services check the person: a respondent edits only the actions their agency owns."""

from __future__ import annotations

import pytest

from readiness.bundle import ContentBundle
from readiness.services import COMMAND_LINE, AccessRefusedError, Actor, actions
from readiness.services.partnerships import SetupResult, setup_partnership
from readiness.services.people import add_person, make_grant, person_actor
from readiness.store import Store
from readiness.store.records import ActionEdit, StoredAction
from tests.services.conftest import ACTOR, setup_request

COUNCIL, POLICE = "anytown-council", "anytown-police"
JO = "jo@anytown-council.gov.uk"


@pytest.fixture
def anytown(store: Store, bundle: ContentBundle) -> SetupResult:
    return setup_partnership(ACTOR, store, bundle, setup_request())


def _own_action(store: Store, anytown: SetupResult, owner: str) -> StoredAction:
    return actions.add_action(
        ACTOR, store, anytown.round.id, text=f"Action for {owner}", owner_agency_id=owner
    )


def _person(store: Store, email: str, role: str, **scope: str) -> Actor:
    add_person(COMMAND_LINE, store, make_grant(email, role, **scope))
    return person_actor(store, email, "Someone")


def _jo(store: Store, anytown: SetupResult) -> Actor:
    pid = anytown.partnership.id
    return _person(store, JO, "respondent", partnership_id=pid, agency_id=COUNCIL)


def _edit(actor: Actor, store: Store, action: StoredAction, edit: ActionEdit) -> bool:
    result = actions.update_action(
        actor, store, action.round_id, action.id, edit, expected_revision=action.revision
    )
    return result.ok


def test_a_respondent_edits_the_action_their_agency_owns(
    store: Store, anytown: SetupResult
) -> None:
    jo = _jo(store, anytown)
    action = _own_action(store, anytown, COUNCIL)
    assert _edit(jo, store, action, ActionEdit(status="In progress", notes="Started"))
    changed = store.get_action(action.round_id, action.id)
    assert (changed.status, changed.updated_by) == ("In progress", f"Someone <{JO}>")


def test_a_respondent_cannot_edit_another_agencys_action(
    store: Store, anytown: SetupResult
) -> None:
    jo = _jo(store, anytown)
    action = _own_action(store, anytown, POLICE)
    with pytest.raises(AccessRefusedError, match="edit the actions an agency owns"):
        _edit(jo, store, action, ActionEdit(status="Completed"))
    assert store.get_action(action.round_id, action.id).status == "Not started"


@pytest.mark.parametrize(
    "edit", [ActionEdit(owner_agency_id=POLICE), ActionEdit(clear={"owner_agency_id"})]
)
def test_a_respondent_cannot_hand_their_action_to_another_agency(
    store: Store, anytown: SetupResult, edit: ActionEdit
) -> None:
    jo = _jo(store, anytown)
    action = _own_action(store, anytown, COUNCIL)
    with pytest.raises(AccessRefusedError, match="edit any action"):
        _edit(jo, store, action, edit)
    assert store.get_action(action.round_id, action.id).owner_agency_id == COUNCIL


def test_a_respondent_cannot_add_remove_or_restore_actions(
    store: Store, anytown: SetupResult
) -> None:
    jo = _jo(store, anytown)
    action = _own_action(store, anytown, COUNCIL)
    round_id = anytown.round.id
    with pytest.raises(AccessRefusedError):
        actions.add_action(jo, store, round_id, text="Mine", owner_agency_id=COUNCIL)
    with pytest.raises(AccessRefusedError):
        actions.remove_action(jo, store, round_id, action.id, expected_revision=action.revision)
    with pytest.raises(AccessRefusedError):
        actions.restore_action(jo, store, round_id, action.id, expected_revision=action.revision)
    assert not store.get_action(round_id, action.id).removed


def test_a_partnership_lead_edits_adds_and_removes_any_action(
    store: Store, anytown: SetupResult
) -> None:
    lead = _person(
        store, "lead@x.gov.uk", "partnership_lead", partnership_id=anytown.partnership.id
    )
    action = _own_action(store, anytown, POLICE)
    assert _edit(lead, store, action, ActionEdit(owner_agency_id=COUNCIL))
    added = actions.add_action(lead, store, anytown.round.id, text="Ours")
    result = actions.remove_action(
        lead, store, anytown.round.id, added.id, expected_revision=added.revision
    )
    assert result.ok


def test_a_viewer_edits_no_action(store: Store, anytown: SetupResult) -> None:
    viewer = _person(store, "board@x.gov.uk", "viewer", partnership_id=anytown.partnership.id)
    action = _own_action(store, anytown, COUNCIL)
    with pytest.raises(AccessRefusedError):
        _edit(viewer, store, action, ActionEdit(notes="Hello"))
