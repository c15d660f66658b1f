"""Saving answers: the form, then the generated actions brought in line, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from readiness.access.policy import Permission
from readiness.bundle import ContentBundle
from readiness.services.access import require_for_round
from readiness.services.actions import sync_generated
from readiness.services.actor import Actor
from readiness.store.records import AnswerInput, SaveResult, StoredAnswer

if TYPE_CHECKING:
    from readiness.store import Store


def save_answers(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    agency_id: str,
    answers: Sequence[AnswerInput],
) -> SaveResult:
    """Save one agency's form, all or nothing, then sync the generated actions once.

    If any answer was changed by someone else since the form was shown, nothing is written
    and the result lists the conflicts. Refused unless the actor may answer for the agency.
    """
    with store.transaction():
        require_for_round(actor, store, Permission.ANSWER, round_id, agency_id)
        result = store.save_answers(round_id, agency_id, answers, user=actor.name)
        if result.ok:
            sync_generated(actor, store, bundle, round_id)
        return result


def confirm_answer(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    agency_id: str,
    question_id: str,
    expected_revision: int,
) -> SaveResult:
    """Confirm an answer carried forward from the last round, then sync the actions.
    Refused unless the actor may answer for the agency."""
    with store.transaction():
        require_for_round(actor, store, Permission.ANSWER, round_id, agency_id)
        result = store.confirm_answer(
            round_id,
            agency_id,
            question_id,
            expected_revision=expected_revision,
            user=actor.name,
        )
        if result.ok:
            sync_generated(actor, store, bundle, round_id)
        return result


def for_round(
    actor: Actor, store: Store, round_id: str, agency_id: str | None = None
) -> list[StoredAnswer]:
    """A round's saved answers (one agency's, when given), for those who may read the
    partnership's results."""
    require_for_round(actor, store, Permission.VIEW_RESULTS, round_id)
    return store.answers_for(round_id, agency_id)
