"""Clearing an action's owner, lead, due date, RAG or notes, without losing "leave unchanged"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from readiness.store import Store
from readiness.store.records import ActionEdit
from tests.store.sample import POLICE, draft

FILLED: dict[str, Any] = {
    "owner_agency_id": POLICE,
    "lead_person": "Sam Patel",
    "due": dt.date(2027, 1, 31),
    "rag": "Amber",
    "notes": "Draft agreed",
}


@pytest.fixture
def filled(store: Store, round_id: str) -> str:
    """A generated action with every clearable field filled in (revision 2)."""
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    assert store.update_action(
        round_id, "act.q.a", ActionEdit(**FILLED), expected_revision=1, user="lee"
    ).ok
    return round_id


@pytest.mark.parametrize(
    ("field", "empty"),
    [("owner_agency_id", None), ("lead_person", ""), ("due", None), ("rag", None), ("notes", "")],
    ids=["owner agency", "lead person", "due date", "RAG rating", "notes"],
)
def test_a_set_field_can_be_cleared_and_the_audit_log_shows_it_emptied(
    store: Store, filled: str, field: str, empty: object
) -> None:
    result = store.update_action(
        filled, "act.q.a", ActionEdit(clear={field}), expected_revision=2, user="pat"
    )
    assert result.action is not None
    assert getattr(result.action, field) == empty
    others = {f: getattr(result.action, f) for f in FILLED if f != field}
    assert others == {f: v for f, v in FILLED.items() if f != field}, "nothing else changes"
    [entry] = [e for e in store.audit_log(entity="action") if e.user == "pat" and e.field == field]
    old = FILLED[field].isoformat() if field == "due" else FILLED[field]
    assert (entry.old_value, entry.new_value) == (old, None)


def test_fields_left_as_none_are_left_unchanged(store: Store, filled: str) -> None:
    result = store.update_action(
        filled, "act.q.a", ActionEdit(status="Blocked"), expected_revision=2, user="pat"
    )
    assert result.action is not None
    assert {f: getattr(result.action, f) for f in FILLED} == FILLED
    assert result.action.status == "Blocked"


def test_setting_a_field_to_none_explicitly_also_clears_it() -> None:
    assert ActionEdit(rag=None, notes="x").clear == frozenset({"rag"})
    assert ActionEdit.model_validate({"due": None}).clear == frozenset({"due"})
    assert ActionEdit(status=None).requested() == {}, "status cannot be emptied: unchanged"


@pytest.mark.parametrize(
    "data",
    [{"rag": "Red", "clear": ["rag"]}, {"clear": ["status"]}, {"clear": ["text"]}],
    ids=["set and cleared at once", "status cannot be emptied", "wording cannot be emptied"],
)
def test_an_edit_that_makes_no_sense_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ActionEdit.model_validate(data)


def test_a_cleared_due_date_stays_cleared_when_the_plan_is_regenerated(
    store: Store, round_id: str
) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    assert store.get_action(round_id, "act.q.a").due == dt.date(2027, 4, 30)
    assert store.update_action(
        round_id, "act.q.a", ActionEdit(clear={"due"}), expected_revision=1, user="pat"
    ).ok
    store.sync_generated_actions(round_id, [draft("q.a", due=dt.date(2027, 6, 30))], user="lee")
    action = store.get_action(round_id, "act.q.a")
    assert (action.due, action.generated_due) == (None, dt.date(2027, 6, 30))


def test_clearing_an_empty_field_writes_nothing(store: Store, round_id: str) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    result = store.update_action(
        round_id, "act.q.a", ActionEdit(clear={"rag", "notes"}), expected_revision=1, user="pat"
    )
    assert result.action is not None
    assert result.action.revision == 1
    assert [e for e in store.audit_log() if e.user == "pat"] == []
