"""Saving answers syncs the generated actions once, in the same transaction; rounds; results."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.bundle import ContentBundle
from readiness.models import Answer
from readiness.scoring import score
from readiness.services import actions, answers, results, rounds
from readiness.services.partnerships import SetupResult, setup_partnership
from readiness.store import Store, StoreError
from readiness.store.records import AnswerInput, SyncReport
from tests.services.conftest import ACTOR, setup_request

QUESTION = "leadership.senior_lead"


@pytest.fixture
def anytown(store: Store, bundle: ContentBundle) -> SetupResult:
    return setup_partnership(ACTOR, store, bundle, setup_request())


def _count_syncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = Store.sync_generated_actions

    def counting(self: Store, round_id: str, drafts: object, *, user: str) -> SyncReport:
        calls.append(round_id)
        return real(self, round_id, drafts, user=user)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "sync_generated_actions", counting)
    return calls


def _save(
    store: Store, bundle: ContentBundle, round_id: str, value: object, revision: int | None = None
) -> object:
    return answers.save_answers(
        ACTOR,
        store,
        bundle,
        round_id,
        agency_id="anytown-council",
        answers=[AnswerInput(question_id=QUESTION, value=value, expected_revision=revision)],
    )


def test_saving_answers_syncs_the_generated_actions_once(
    store: Store, bundle: ContentBundle, anytown: SetupResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_id = anytown.round.id
    before = {a.id: a for a in store.actions_for(round_id)}
    # nobody has answered QUESTION yet: it is in a "Get these questions answered" action
    assert any(a.id.startswith("act.answer.") for a in before.values())
    calls = _count_syncs(monkeypatch)
    result = _save(store, bundle, round_id, 4)
    assert result.ok  # type: ignore[attr-defined]
    assert calls == [round_id]
    after = {a.question_id for a in store.actions_for(round_id)}
    assert QUESTION not in after, "the gap closed, so its generated action is resolved"


def test_a_conflicting_save_writes_nothing_and_does_not_sync(
    store: Store, bundle: ContentBundle, anytown: SetupResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_id = anytown.round.id
    _save(store, bundle, round_id, 2)
    entries = len(store.audit_log())
    calls = _count_syncs(monkeypatch)
    result = _save(store, bundle, round_id, 3, revision=None)  # stale: it has revision 1 now
    assert not result.ok  # type: ignore[attr-defined]
    assert calls == []
    assert len(store.audit_log()) == entries


def test_if_the_sync_fails_the_answers_are_not_saved_either(
    store: Store, bundle: ContentBundle, anytown: SetupResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise StoreError("The disk is full.")

    entries = len(store.audit_log())
    monkeypatch.setattr(Store, "sync_generated_actions", broken)
    with pytest.raises(StoreError):
        _save(store, bundle, anytown.round.id, 4)
    assert store.answers_for(anytown.round.id) == []
    assert len(store.audit_log()) == entries


def test_starting_the_next_round_carries_closes_and_drafts_in_one_go(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    first = anytown.round
    _save(store, bundle, first.id, 2)
    new = rounds.start_next_round(
        ACTOR,
        store,
        bundle,
        anytown.partnership.id,
        label="2027/28",
        as_of=dt.date(2027, 6, 1),
        carry_from=first,
        close_previous=first,
    )
    assert store.get_round(first.id).status == "closed"
    [carried] = store.answers_for(new.id)
    assert (carried.value, carried.status) == (2, "to_reconfirm")
    assert store.actions_for(new.id)


def test_a_failed_next_round_leaves_the_previous_round_open(
    store: Store, bundle: ContentBundle, anytown: SetupResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise StoreError("The disk is full.")

    monkeypatch.setattr(Store, "create_round", broken)
    with pytest.raises(StoreError):
        rounds.start_next_round(
            ACTOR,
            store,
            bundle,
            anytown.partnership.id,
            label="2027/28",
            as_of=dt.date(2027, 6, 1),
            close_previous=anytown.round,
        )
    assert store.get_round(anytown.round.id).status == "open"
    assert len(store.list_rounds()) == 1


def test_a_closed_round_is_not_synced(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    rounds.close_round(ACTOR, store, anytown.round.id)
    assert actions.sync_generated(ACTOR, store, bundle, anytown.round.id) is None


def test_scoring_a_stored_round_leaves_out_questions_the_content_does_not_have(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    _save(store, bundle, anytown.round.id, 3)
    answer_set = store.round_answer_set(anytown.round.id)
    unknown = Answer(
        agency="Anytown Council", role="local_authority", question_id="gone.question", value=3
    )
    with_unknown = answer_set.model_copy(update={"answers": [*answer_set.answers, unknown]})
    expected = score(bundle, answer_set.answers, answer_set.context())
    assert results.score_answer_set(bundle, with_unknown) == expected
    assert results.score_round(ACTOR, store, bundle, anytown.round.id) == expected


def test_action_edits_are_recorded_against_the_actor(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    added = actions.add_action(ACTOR, store, anytown.round.id, text="Run a workshop.")
    removed = actions.remove_action(
        ACTOR, store, anytown.round.id, added.id, expected_revision=added.revision
    )
    assert removed.ok
    entries = store.audit_log(entity="action", entity_id=f"{anytown.round.id}/{added.id}")
    assert {e.user for e in entries} == {"Test person"}
