"""Scoring a stored round: the one place that does it (pages, workbooks, comparison, CLI).

A round is scored once per change of its answers: results are kept in a process-wide cache
shared by every session (:data:`RESULTS`), keyed like the store's score cache: the round, the
store's digest of its answer set (``Store.answer_digests``, which changes with every save, in
this process or another one on the same database), the questionnaire id and version, a digest
of the loaded content and ``SCORING_VERSION``. A save therefore invalidates the round's entry
without being told: the next look finds a new digest, scores once and keeps that result.
Results are frozen models, so sessions can share them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from readiness.access.policy import Permission
from readiness.bundle import ContentBundle
from readiness.lru import LruCache
from readiness.models import AnswerSet
from readiness.scoring import SCORING_VERSION, ScoringResult, score
from readiness.services.access import require_for_round
from readiness.services.actor import Actor

if TYPE_CHECKING:
    from readiness.store import Store


class ResultKey(NamedTuple):
    """Everything a round's result depends on."""

    round_id: str
    answers_digest: str
    questionnaire_id: str
    questionnaire_version: str
    bundle_digest: str
    scoring_version: str


class ResultCache(LruCache[ResultKey, ScoringResult]):
    """Scoring results by :class:`ResultKey` (thread safe; the least recently used dropped)."""


#: The process-wide cache every session's results come from.
RESULTS = ResultCache()


def result_key(bundle: ContentBundle, round_id: str, answers_digest: str) -> ResultKey:
    # comparison.load scores through this module: import its content digest when first used
    from readiness.comparison.load import bundle_digest  # noqa: PLC0415 (import cycle)

    return ResultKey(
        round_id=round_id,
        answers_digest=answers_digest,
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=str(bundle.questionnaire.version),
        bundle_digest=bundle_digest(bundle),
        scoring_version=str(SCORING_VERSION),
    )


def score_answer_set(bundle: ContentBundle, answer_set: AnswerSet) -> ScoringResult:
    """Score a round's answers with ``bundle`` (pure).

    Answers to questions the bundle does not have (a questionnaire version that dropped them)
    are left out, so a round keeps scoring after the content changes.
    """
    known = [a for a in answer_set.answers if a.question_id in bundle.questions]
    return score(bundle, known, answer_set.context())


def score_round(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    cache: ResultCache = RESULTS,
) -> ScoringResult:
    """Score a stored round with the current content (the store only reads). Refused unless
    the actor may read the round's results.

    Scored once per change of the round's answers: while the store's digest of the round is
    unchanged, the result comes from ``cache``.
    """
    require_for_round(actor, store, Permission.VIEW_RESULTS, round_id)
    return score_stored_round(store, bundle, round_id, cache=cache)


def score_stored_round(
    store: Store, bundle: ContentBundle, round_id: str, *, cache: ResultCache = RESULTS
) -> ScoringResult:
    """:func:`score_round` without the access check, for services that have already checked
    the actor for what they do with the result (bringing the action plan in line)."""
    digest = store.answer_digests([round_id])[round_id]
    found = cache.get(result_key(bundle, round_id, digest))
    if found is not None:
        return found
    # Read the answers and their digest together, so the result is kept under the digest of
    # the very answers it was worked out from (a save in between cannot mislabel it).
    answer_sets, digests = store.answer_sets_with_digests([round_id])
    result = score_answer_set(bundle, answer_sets[round_id])
    cache.put(result_key(bundle, round_id, digests[round_id]), result)
    return result
