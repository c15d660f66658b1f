"""Scoring a stored round: the one place that does it (pages, workbooks, comparison, CLI)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readiness.bundle import ContentBundle
from readiness.models import AnswerSet
from readiness.scoring import ScoringResult, score
from readiness.services.actor import Actor

if TYPE_CHECKING:
    from readiness.store import Store


def score_answer_set(bundle: ContentBundle, answer_set: AnswerSet) -> ScoringResult:
    """Score a round's answers with ``bundle`` (pure).

    Answers to questions the bundle does not have (a questionnaire version that dropped them)
    are left out, so a round keeps scoring after the content changes.
    """
    known = [a for a in answer_set.answers if a.question_id in bundle.questions]
    return score(bundle, known, answer_set.context())


def score_round(actor: Actor, store: Store, bundle: ContentBundle, round_id: str) -> ScoringResult:
    """Score a stored round with the current content (the store only reads)."""
    del actor  # access checks will go here
    return score_answer_set(bundle, store.round_answer_set(round_id))
