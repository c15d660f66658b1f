"""A workbook import is saved in one transaction: every answer and action edit, or nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest

from readiness.store import Store, StoreError
from readiness.store.records import ActionEdit, AnswerInput
from tests.store.sample import COUNCIL, HEALTH, POLICE, draft


def _prepare(store: Store, round_id: str) -> None:
    """Police have answered q.a; two generated actions are on the plan."""
    assert store.save_answers(
        round_id, POLICE, [AnswerInput(question_id="q.a", value=1)], user="pat"
    ).ok
    store.sync_generated_actions(round_id, [draft("q.a"), draft("q.b")], user="lee")


def _snapshot(store: Store, round_id: str) -> tuple[Any, ...]:
    return (
        store.answers_for(round_id),
        store.actions_for(round_id, include_inactive=True),
        store.audit_log(),
    )


def _file(
    q_b_revision: int = 1, *, council_action: str = "act.q.b"
) -> tuple[dict[str, list[AnswerInput]], list[tuple[str, ActionEdit, int]]]:
    """What a workbook would save: police and council answers, then two action edits."""
    answers = {
        POLICE: [
            AnswerInput(question_id="q.a", value=3, evidence="Minutes", expected_revision=1),
            AnswerInput(question_id="q.c", value="yes"),
        ],
        COUNCIL: [AnswerInput(question_id="q.a", value=2)],
    }
    actions = [
        ("act.q.a", ActionEdit(status="In progress", lead_person="Sam"), 1),
        (council_action, ActionEdit(rag="Amber", due=dt.date(2027, 2, 28)), q_b_revision),
    ]
    return answers, actions


def test_answers_for_two_agencies_and_action_edits_are_saved_together(
    store: Store, round_id: str
) -> None:
    _prepare(store, round_id)
    answers, actions = _file()
    result = store.apply_batch(round_id, answers, actions, user="import")
    assert result.ok
    assert [(a.agency_id, a.question_id, a.value, a.revision) for a in result.answers] == [
        (POLICE, "q.a", 3, 2),
        (POLICE, "q.c", "yes", 1),
        (COUNCIL, "q.a", 2, 1),
    ]
    assert [(a.id, a.revision) for a in result.actions] == [("act.q.a", 2), ("act.q.b", 2)]
    saved = {(a.agency_id, a.question_id): a.value for a in store.answers_for(round_id)}
    assert saved == {(POLICE, "q.a"): 3, (POLICE, "q.c"): "yes", (COUNCIL, "q.a"): 2}
    b = store.get_action(round_id, "act.q.b")
    assert (b.rag, b.due) == ("Amber", dt.date(2027, 2, 28))
    by_import = [(e.entity, e.entity_id, e.field) for e in store.audit_log() if e.user == "import"]
    assert by_import == [
        ("answer", f"{round_id}/{POLICE}/q.a", "value"),
        ("answer", f"{round_id}/{POLICE}/q.a", "evidence"),
        ("answer", f"{round_id}/{POLICE}/q.c", "value"),
        ("answer", f"{round_id}/{COUNCIL}/q.a", "value"),
        ("action", f"{round_id}/act.q.a", "lead_person"),
        ("action", f"{round_id}/act.q.a", "status"),
        ("action", f"{round_id}/act.q.b", "due"),
        ("action", f"{round_id}/act.q.b", "rag"),
        ("action", f"{round_id}/act.q.b", "due_edited"),
    ]


def test_a_conflict_in_the_last_item_leaves_nothing_written(store: Store, round_id: str) -> None:
    _prepare(store, round_id)
    store.update_action(
        round_id,
        "act.q.b",
        ActionEdit(notes="Agreed at board"),
        expected_revision=1,
        user="colleague",
    )
    before = _snapshot(store, round_id)
    answers, actions = _file(q_b_revision=1)  # the workbook was downloaded before that edit
    result = store.apply_batch(round_id, answers, actions, user="import")
    assert not result.ok
    assert (result.answers, result.actions, result.conflicts) == ([], [], [])
    [conflict] = result.action_conflicts
    assert (conflict.action_id, conflict.theirs.notes) == ("act.q.b", "Agreed at board")
    assert result.messages == [conflict.message]
    assert "colleague changed this action" in conflict.message
    assert _snapshot(store, round_id) == before


def test_every_conflict_is_reported_answers_and_actions(store: Store, round_id: str) -> None:
    _prepare(store, round_id)
    store.save_answer(round_id, POLICE, "q.a", value=4, expected_revision=1, user="colleague")
    store.update_action(
        round_id, "act.q.b", ActionEdit(rag="Red"), expected_revision=1, user="colleague"
    )
    before = _snapshot(store, round_id)
    answers, actions = _file()
    result = store.apply_batch(round_id, answers, actions, user="import")
    assert [(c.agency_id, c.question_id) for c in result.conflicts] == [(POLICE, "q.a")]
    assert [c.action_id for c in result.action_conflicts] == ["act.q.b"]
    assert len(result.messages) == 2
    assert _snapshot(store, round_id) == before


def test_a_database_failure_mid_batch_leaves_nothing_written(store: Store, round_id: str) -> None:
    _prepare(store, round_id)
    before = _snapshot(store, round_id)
    conn = sqlite3.connect(store.path)
    conn.execute(  # the audit row of the last action edit is refused
        "CREATE TRIGGER refuse BEFORE INSERT ON audit_log "
        "WHEN NEW.entity_id LIKE '%/act.q.b' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    conn.commit()
    conn.close()
    answers, actions = _file()
    with pytest.raises(StoreError, match=r"Nothing was saved .*disk full"):
        store.apply_batch(round_id, answers, actions, user="import")
    assert _snapshot(store, round_id) == before


def test_a_python_error_mid_batch_leaves_nothing_written(
    store: Store, round_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _prepare(store, round_id)
    before = _snapshot(store, round_id)
    real = Store._audit
    calls: list[str] = []

    def failing_audit(conn: sqlite3.Connection, **kwargs: Any) -> None:
        calls.append(kwargs["entity_id"])
        if kwargs["entity"] == "action":
            raise RuntimeError("the process was stopped")
        real(conn, **kwargs)

    monkeypatch.setattr(Store, "_audit", staticmethod(failing_audit))
    answers, actions = _file()
    with pytest.raises(RuntimeError, match="stopped"):
        store.apply_batch(round_id, answers, actions, user="import")
    monkeypatch.undo()
    assert len(calls) == 4, "the answers were written before the failure"
    assert _snapshot(store, round_id) == before


@pytest.mark.parametrize(
    ("answers", "actions", "message"),
    [
        (
            {
                HEALTH: [AnswerInput(question_id="q.a", value=1)],
                "a-nobody": [AnswerInput(question_id="q.a", value=1)],
            },
            [],
            "a-nobody is not a member",
        ),
        ({}, [("act.q.a", ActionEdit(text="New wording"), 1)], "cannot be changed"),
        (
            {},
            [("act.q.a", ActionEdit(notes="x"), 1), ("act.q.a", ActionEdit(rag="Red"), 1)],
            "changed twice",
        ),
        (
            {POLICE: [AnswerInput(question_id="q.z"), AnswerInput(question_id="q.z")]},
            [],
            "answered twice",
        ),
    ],
    ids=[
        "an agency that is not a member",
        "the wording of a generated action",
        "the same action twice",
        "the same question twice",
    ],
)
def test_a_batch_that_is_not_allowed_saves_nothing(
    store: Store,
    round_id: str,
    answers: dict[str, list[AnswerInput]],
    actions: list[tuple[str, ActionEdit, int]],
    message: str,
) -> None:
    _prepare(store, round_id)
    before = _snapshot(store, round_id)
    with pytest.raises(StoreError, match=message):
        store.apply_batch(round_id, answers, actions, user="import")
    assert _snapshot(store, round_id) == before
