"""Saving answers: revisions, conflicts that name both answers, all-or-nothing forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from readiness.store import NotFoundError, RoundClosedError, Store, StoreError
from readiness.store.records import AnswerInput, DraftAction
from tests.store.sample import COUNCIL, HEALTH, LEAD, POLICE, draft


def test_a_first_answer_is_saved_at_revision_1(store: Store, round_id: str) -> None:
    result = store.save_answer(
        round_id,
        POLICE,
        "leadership.senior_lead",
        value=2,
        evidence="Minutes",
        evidence_links=["https://example.org/a"],
        comment="c",
        expected_revision=None,
        user="pat",
    )
    assert result.ok
    assert result.answer is not None
    assert (result.answer.revision, result.answer.status, result.answer.updated_by) == (
        1,
        "confirmed",
        "pat",
    )
    [stored] = store.answers_for(round_id, POLICE)
    assert stored == result.answer


def test_a_change_on_the_current_revision_moves_it_on(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.one", value=1, expected_revision=None, user="pat")
    result = store.save_answer(round_id, POLICE, "q.one", value=3, expected_revision=1, user="pat")
    assert result.answer is not None
    assert (result.answer.value, result.answer.revision) == (3, 2)


def test_a_stale_revision_is_a_conflict_naming_both_answers(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.one", value=1, expected_revision=None, user="pat")
    store.save_answer(round_id, POLICE, "q.one", value=2, expected_revision=1, user="sam")
    result = store.save_answer(round_id, POLICE, "q.one", value=4, expected_revision=1, user="pat")
    assert not result.ok
    assert result.conflict is not None
    conflict = result.conflict
    assert (conflict.yours.value, conflict.expected_revision) == (4, 1)
    assert conflict.theirs is not None
    assert (conflict.theirs.value, conflict.theirs.revision, conflict.theirs.updated_by) == (
        2,
        2,
        "sam",
    )
    assert "sam changed the answer to q.one" in conflict.message
    assert "has not been saved" in conflict.message
    assert store.answers_for(round_id, POLICE)[0].value == 2


def test_expecting_no_answer_when_there_is_one_is_a_conflict(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.one", value=1, expected_revision=None, user="sam")
    result = store.save_answer(
        round_id, POLICE, "q.one", value=3, expected_revision=None, user="pat"
    )
    assert result.conflict is not None
    assert result.conflict.theirs is not None
    assert store.answers_for(round_id, POLICE)[0].value == 1


def test_a_stale_save_of_the_same_answer_is_not_a_conflict(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.one", value=1, expected_revision=None, user="sam")
    result = store.save_answer(
        round_id, POLICE, "q.one", value=1, expected_revision=None, user="pat"
    )
    assert result.ok
    assert result.answer is not None
    assert result.answer.revision == 1


def test_saving_an_unchanged_answer_writes_nothing(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.one", value=1, expected_revision=None, user="sam")
    before = len(store.audit_log(round_id=round_id))
    result = store.save_answer(round_id, POLICE, "q.one", value=1, expected_revision=1, user="x")
    assert result.answer is not None
    assert result.answer.revision == 1
    assert result.answer.updated_by == "sam"
    assert len(store.audit_log(round_id=round_id)) == before


def test_answers_from_different_agencies_never_conflict(store: Store, round_id: str) -> None:
    for agency in (POLICE, COUNCIL, HEALTH, LEAD):
        result = store.save_answer(
            round_id, agency, "q.shared", value=agency, expected_revision=None, user=agency
        )
        assert result.ok
    assert {a.agency_id: a.value for a in store.answers_for(round_id)} == {
        POLICE: POLICE,
        COUNCIL: COUNCIL,
        HEALTH: HEALTH,
        LEAD: LEAD,
    }


def test_a_form_with_one_stale_answer_saves_nothing_and_lists_every_conflict(
    store: Store, round_id: str
) -> None:
    store.save_answers(
        round_id,
        POLICE,
        [AnswerInput(question_id="q.a", value=1), AnswerInput(question_id="q.b", value=1)],
        user="sam",
    )
    store.save_answer(round_id, POLICE, "q.b", value=2, expected_revision=1, user="sam")
    result = store.save_answers(
        round_id,
        POLICE,
        [
            AnswerInput(question_id="q.a", value=4, expected_revision=1),
            AnswerInput(question_id="q.b", value=4, expected_revision=1),
            AnswerInput(question_id="q.c", value=4),
        ],
        user="pat",
    )
    assert [c.question_id for c in result.conflicts] == ["q.b"]
    assert result.saved == []
    assert {a.question_id: a.value for a in store.answers_for(round_id, POLICE)} == {
        "q.a": 1,
        "q.b": 2,
    }


def test_not_applicable_with_a_reason_is_kept(store: Store, round_id: str) -> None:
    store.save_answer(
        round_id,
        LEAD,
        "q.na",
        value=None,
        na_reason="No prisons in the area",
        expected_revision=None,
        user="lee",
    )
    [answer] = store.round_answer_set(round_id).answers
    assert answer.is_na
    assert answer.na_reason == "No prisons in the area"


@pytest.mark.parametrize(
    "value",
    [
        4,
        "partly",
        "opt_b",
        ["a", "b"],
        62.5,
        "2025-01-31",
        "Free text, with ünïcode",
        {"police_recorded_crime": {"availability": "aggregate", "agreement": True}},
        None,
    ],
    ids=[
        "scale",
        "yes_partly_no",
        "single_choice",
        "multi_choice",
        "number",
        "date",
        "text",
        "sna_data_sources",
        "not answered",
    ],
)
def test_every_kind_of_answer_value_comes_back_unchanged(
    store: Store, round_id: str, value: Any
) -> None:
    store.save_answer(round_id, POLICE, "q.v", value=value, expected_revision=None, user="pat")
    assert store.answers_for(round_id, POLICE)[0].value == value
    assert store.round_answer_set(round_id).answers[0].value == value


def test_a_value_that_is_not_plain_data_is_refused(store: Store, round_id: str) -> None:
    with pytest.raises(StoreError, match="not plain data"):
        store.save_answer(
            round_id, POLICE, "q.v", value=float("nan"), expected_revision=None, user="pat"
        )
    assert store.answers_for(round_id) == []


def test_an_agency_outside_the_partnership_cannot_answer(store: Store, round_id: str) -> None:
    with pytest.raises(NotFoundError, match="not a member of this partnership"):
        store.save_answer(round_id, "a-stranger", "q.v", value=1, expected_revision=None, user="x")


def test_the_same_question_twice_in_one_form_is_refused(store: Store, round_id: str) -> None:
    with pytest.raises(StoreError, match="answered twice"):
        store.save_answers(
            round_id,
            POLICE,
            [AnswerInput(question_id="q.a", value=1), AnswerInput(question_id="q.a", value=2)],
            user="pat",
        )


def test_the_round_is_loaded_for_scoring_with_names_roles_and_dates(
    store: Store, round_id: str
) -> None:
    store.save_answer(round_id, POLICE, "q.one", value=2, expected_revision=None, user="pat")
    store.save_answer(
        round_id, LEAD, "q.one", value=3, evidence="Minutes", expected_revision=None, user="lee"
    )
    answer_set = store.round_answer_set(round_id)
    assert (answer_set.questionnaire_id, answer_set.questionnaire_version) == (
        "svd-readiness",
        "1.0",
    )
    assert (answer_set.nation, answer_set.as_of) == ("england", dt.date(2026, 10, 31))
    assert answer_set.lead_agency == "Ashby CSP team"
    assert answer_set.dates.strategy_published == dt.date(2025, 1, 31)
    assert sorted((a.agency, a.role, a.value) for a in answer_set.answers) == [
        ("Ashby CSP team", "partnership_lead", 3),
        ("Test Police", "police", 2),
    ]


ClosedWrite = Callable[[Store, str], object]
CLOSED_WRITES: list[tuple[str, ClosedWrite]] = [
    (
        "save an answer",
        lambda s, r: s.save_answer(r, POLICE, "q.one", value=1, expected_revision=None, user="x"),
    ),
    (
        "save a form",
        lambda s, r: s.save_answers(r, POLICE, [AnswerInput(question_id="q")], user="x"),
    ),
    (
        "confirm an answer",
        lambda s, r: s.confirm_answer(r, POLICE, "q.old", expected_revision=1, user="x"),
    ),
    ("sync actions", lambda s, r: s.sync_generated_actions(r, [draft("q.one")], user="x")),
    ("add an action", lambda s, r: s.add_manual_action(r, text="Do it", user="x")),
    ("change the dates", lambda s, r: s.update_round(r, as_of=dt.date(2027, 1, 1), user="x")),
    ("close it again", lambda s, r: s.close_round(r, user="x")),
]


@pytest.mark.parametrize("write", [w for _, w in CLOSED_WRITES], ids=[n for n, _ in CLOSED_WRITES])
def test_a_closed_round_refuses_every_write(
    store: Store, round_id: str, write: ClosedWrite
) -> None:
    store.save_answer(round_id, POLICE, "q.old", value=2, expected_revision=None, user="pat")
    store.close_round(round_id, user="lead")
    before = store.export_json()
    with pytest.raises(RoundClosedError) as caught:
        write(store, round_id)
    assert str(caught.value) == (
        "This round (2026/27) is closed, so answers and actions can no longer be changed. "
        "Open a new round to carry on."
    )
    after = store.export_json()
    assert {k: v for k, v in after.items() if k != "exported_at"} == {
        k: v for k, v in before.items() if k != "exported_at"
    }


def test_draft_protocol_accepts_any_object_with_the_fields(store: Store, round_id: str) -> None:
    class Plain:
        id = "act.q.plain"
        priority = 3
        question_id = "q.plain"
        domain_id = "q"
        requirement_ids = ("SVD-PART-01",)
        owner_role = "police"
        due = dt.date(2027, 1, 1)
        text = "Do the thing."
        gap = "Level 0."
        success_measure = None
        statutory = False

    report = store.sync_generated_actions(round_id, [Plain(), draft("q.other")], user="x")
    assert report.added == ["act.q.plain", "act.q.other"]
    assert isinstance(draft("q.x"), DraftAction)
