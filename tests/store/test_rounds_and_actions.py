"""Rounds (close, carry forward, re-confirm) and action plans (a sync keeps people's edits)."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.store import AlreadyExistsError, Store, StoreError
from readiness.store.records import ActionEdit, AnswerInput
from tests.store.sample import COUNCIL, LEAD, PARTNERSHIP, POLICE, draft


def test_carry_forward_copies_answers_to_reconfirm(store: Store, round_id: str) -> None:
    store.save_answers(
        round_id,
        POLICE,
        [
            AnswerInput(question_id="q.a", value=2, evidence="Minutes"),
            AnswerInput(question_id="q.b", value=3),
        ],
        user="pat",
    )
    store.save_answer(
        round_id, POLICE, "q.a", value=3, evidence="Minutes", expected_revision=1, user="pat"
    )
    new = store.carry_forward(
        round_id, "2027/28", dt.date(2027, 10, 31), user="lee", close_previous=True
    )
    assert (new.carried_from_round_id, new.status) == (round_id, "open")
    assert new.id == f"{PARTNERSHIP}.2027-28"
    assert store.get_round(round_id).status == "closed"
    carried = store.answers_for(new.id)
    assert [(a.question_id, a.value, a.revision, a.status, a.evidence) for a in carried] == [
        ("q.a", 3, 1, "to_reconfirm", "Minutes"),
        ("q.b", 3, 1, "to_reconfirm", ""),
    ]
    assert store.latest_round(PARTNERSHIP) == new


def test_confirming_keeps_the_value_and_moves_the_revision_on(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.a", value=2, expected_revision=None, user="pat")
    new = store.carry_forward(round_id, "2027/28", dt.date(2027, 10, 31), user="lee")
    result = store.confirm_answer(new.id, POLICE, "q.a", expected_revision=1, user="pat")
    assert result.answer is not None
    assert (result.answer.value, result.answer.status, result.answer.revision) == (
        2,
        "confirmed",
        2,
    )
    stale = store.confirm_answer(new.id, POLICE, "q.a", expected_revision=1, user="sam")
    assert not stale.ok


def test_changing_a_carried_answer_confirms_it(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.a", value=2, expected_revision=None, user="pat")
    new = store.carry_forward(round_id, "2027/28", dt.date(2027, 10, 31), user="lee")
    result = store.save_answer(new.id, POLICE, "q.a", value=2, expected_revision=1, user="pat")
    assert result.answer is not None
    assert result.answer.status == "confirmed"


def test_unconfirmed_answers_can_be_left_out_of_scoring(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.a", value=2, expected_revision=None, user="pat")
    new = store.carry_forward(round_id, "2027/28", dt.date(2027, 10, 31), user="lee")
    assert len(store.round_answer_set(new.id).answers) == 1
    assert store.round_answer_set(new.id, include_unconfirmed=False).answers == []


def test_carry_forward_can_drop_questions_no_longer_asked(store: Store, round_id: str) -> None:
    store.save_answers(
        round_id,
        POLICE,
        [AnswerInput(question_id="q.keep", value=1), AnswerInput(question_id="q.gone", value=1)],
        user="p",
    )
    new = store.carry_forward(
        round_id,
        "2027/28",
        dt.date(2027, 10, 31),
        user="lee",
        question_ids={"q.keep"},
        questionnaire_version="1.1",
    )
    assert [a.question_id for a in store.answers_for(new.id)] == ["q.keep"]
    assert new.questionnaire_version == "1.1"


def test_a_round_label_is_used_once_per_partnership(store: Store, round_id: str) -> None:
    with pytest.raises(AlreadyExistsError, match="already has a round called 2026/27"):
        store.create_round(
            PARTNERSHIP,
            "2026/27",
            dt.date(2026, 1, 1),
            questionnaire_id="svd-readiness",
            questionnaire_version="1.0",
            user="x",
        )


def test_sync_adds_drafts_and_assigns_the_only_agency_with_the_role(
    store: Store, round_id: str
) -> None:
    report = store.sync_generated_actions(
        round_id, [draft("q.a"), draft("q.b", owner_role="prison")], user="lee"
    )
    assert report.added == ["act.q.a", "act.q.b"]
    owners = {a.id: a.owner_agency_id for a in store.actions_for(round_id)}
    assert owners == {"act.q.a": COUNCIL, "act.q.b": None}


def test_resync_refreshes_wording_but_keeps_the_partnerships_edits(
    store: Store, round_id: str
) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    edit = ActionEdit(
        owner_agency_id=POLICE,
        lead_person="Sam",
        due=dt.date(2027, 1, 31),
        status="In progress",
        rag="Amber",
        notes="Started",
    )
    assert store.update_action(round_id, "act.q.a", edit, expected_revision=1, user="lee").ok
    report = store.sync_generated_actions(
        round_id,
        [draft("q.a", text="New wording.", priority=5, due=dt.date(2027, 9, 30), gap="Level 2.")],
        user="lee",
    )
    assert report.refreshed == ["act.q.a"]
    action = store.get_action(round_id, "act.q.a")
    assert (action.text, action.priority, action.gap, action.generated_due) == (
        "New wording.",
        5,
        "Level 2.",
        dt.date(2027, 9, 30),
    )
    assert (
        action.owner_agency_id,
        action.lead_person,
        action.due,
        action.status,
        action.rag,
        action.notes,
    ) == (POLICE, "Sam", dt.date(2027, 1, 31), "In progress", "Amber", "Started")


def test_an_unedited_due_date_follows_the_draft(store: Store, round_id: str) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    store.sync_generated_actions(round_id, [draft("q.a", due=dt.date(2028, 1, 31))], user="lee")
    assert store.get_action(round_id, "act.q.a").due == dt.date(2028, 1, 31)


def test_a_gap_that_closes_resolves_its_action_and_it_returns_if_the_gap_does(
    store: Store, round_id: str
) -> None:
    store.sync_generated_actions(round_id, [draft("q.a"), draft("q.b")], user="lee")
    report = store.sync_generated_actions(round_id, [draft("q.b")], user="lee")
    assert report.resolved == ["act.q.a"]
    assert [a.id for a in store.actions_for(round_id)] == ["act.q.b"]
    resolved = store.get_action(round_id, "act.q.a")
    assert resolved.obsolete
    assert not resolved.is_current
    report = store.sync_generated_actions(round_id, [draft("q.a"), draft("q.b")], user="lee")
    assert report.reopened == ["act.q.a"]
    assert not store.get_action(round_id, "act.q.a").obsolete


def test_a_sync_with_no_change_changes_nothing(store: Store, round_id: str) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    before = store.audit_log(round_id=round_id)
    report = store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    assert (report.added, report.refreshed, report.resolved) == ([], [], [])
    assert store.audit_log(round_id=round_id) == before
    assert store.get_action(round_id, "act.q.a").revision == 1


def test_an_action_edit_on_a_stale_revision_is_a_conflict(store: Store, round_id: str) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    store.update_action(
        round_id, "act.q.a", ActionEdit(status="Blocked"), expected_revision=1, user="sam"
    )
    result = store.update_action(
        round_id, "act.q.a", ActionEdit(status="Completed"), expected_revision=1, user="pat"
    )
    assert result.conflict is not None
    assert result.conflict.theirs.status == "Blocked"
    assert "sam changed this action" in result.conflict.message
    assert store.get_action(round_id, "act.q.a").status == "Blocked"


def test_an_edit_can_clear_a_field_by_setting_it_to_none(store: Store, round_id: str) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    store.update_action(round_id, "act.q.a", ActionEdit(rag="Red"), expected_revision=1, user="x")
    result = store.update_action(
        round_id, "act.q.a", ActionEdit(rag=None), expected_revision=2, user="x"
    )
    assert result.action is not None
    assert result.action.rag is None


def test_generated_wording_cannot_be_edited_but_manual_wording_can(
    store: Store, round_id: str
) -> None:
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    with pytest.raises(StoreError, match="Add a note instead"):
        store.update_action(
            round_id, "act.q.a", ActionEdit(text="Mine"), expected_revision=1, user="x"
        )
    manual = store.add_manual_action(round_id, text="Workshop", user="lee", owner_agency_id=LEAD)
    result = store.update_action(
        round_id, manual.id, ActionEdit(text="Two workshops"), expected_revision=1, user="lee"
    )
    assert result.action is not None
    assert result.action.text == "Two workshops"


def test_manual_actions_survive_a_sync_and_can_be_removed_and_restored(
    store: Store, round_id: str
) -> None:
    manual = store.add_manual_action(round_id, text="Workshop", user="lee")
    store.sync_generated_actions(round_id, [], user="lee")
    assert [a.id for a in store.actions_for(round_id)] == [manual.id]
    removed = store.remove_action(round_id, manual.id, expected_revision=1, user="lee")
    assert removed.action is not None
    assert removed.action.removed
    assert store.actions_for(round_id) == []
    assert len(store.actions_for(round_id, include_inactive=True)) == 1
    restored = store.restore_action(round_id, manual.id, expected_revision=2, user="lee")
    assert restored.action is not None
    assert not restored.action.removed


def test_an_action_owner_must_be_a_member(store: Store, round_id: str) -> None:
    with pytest.raises(StoreError, match="not a member"):
        store.add_manual_action(round_id, text="Workshop", user="lee", owner_agency_id="a-x")


def test_carry_forward_takes_unfinished_actions(store: Store, round_id: str) -> None:
    store.sync_generated_actions(round_id, [draft("q.a"), draft("q.b")], user="lee")
    store.update_action(
        round_id, "act.q.b", ActionEdit(status="Completed"), expected_revision=1, user="lee"
    )
    new = store.carry_forward(round_id, "2027/28", dt.date(2027, 10, 31), user="lee")
    assert [a.id for a in store.actions_for(new.id)] == ["act.q.a"]
