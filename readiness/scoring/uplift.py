"""What moves a domain up one whole level: the fewest single-question changes.

Method (greedy, and exact for the number of changes): the domain's maturity is a weighted
mean, so raising question *i* from score *s* to Embedded (4) adds at most weight x (4 - s) to
the weighted total. Taking the questions with the largest possible gain first gives the fewest
questions that can reach the next level (ties: larger weight, then questionnaire order). Each
chosen question is then raised only as far as needed, starting with the last one chosen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from readiness.models import LEVEL_LABELS, MAX_LEVEL
from readiness.scoring import method
from readiness.scoring.results import QuestionResult, Uplift, UpliftStep

_EPS = 1e-9


def _unanswered_note(questions: Sequence[QuestionResult]) -> str | None:
    missing = sum(1 for q in questions if q.scored and q.status == "not_answered")
    if not missing:
        return None
    noun = "question" if missing == 1 else "questions"
    return (
        f"{missing} {noun} in this domain not answered yet; answering will also change its level."
    )


def domain_uplift(questions: Sequence[QuestionResult], maturity: float | None) -> Uplift:
    answered = [q for q in questions if q.scored and q.score is not None]
    if maturity is None or not answered:
        return Uplift(
            target_level=None,
            target_label=None,
            steps=[],
            note="No question in this domain has been answered yet. Answer them to get a level.",
        )
    level = math.floor(method.round2(maturity))
    if level >= MAX_LEVEL:
        return Uplift(
            target_level=None,
            target_label=None,
            steps=[],
            note="This domain is already Embedded, the top level.",
        )
    target = level + 1
    total_weight = sum(q.weight for q in answered)
    current_total = sum(q.weight * (q.score or 0.0) for q in answered)
    need = target * total_weight - current_total
    order = {q.question_id: i for i, q in enumerate(answered)}
    candidates = sorted(
        (q for q in answered if (q.score or 0.0) < MAX_LEVEL),
        key=lambda q: (-q.weight * (MAX_LEVEL - (q.score or 0.0)), -q.weight, order[q.question_id]),
    )
    chosen: list[QuestionResult] = []
    gained = 0.0
    for question in candidates:
        if gained >= need - _EPS:
            break
        chosen.append(question)
        gained += question.weight * (MAX_LEVEL - (question.score or 0.0))
    targets = {q.question_id: MAX_LEVEL for q in chosen}
    for question in reversed(chosen):  # lower each raise as far as the total allows
        score = question.score or 0.0
        lowest = math.floor(score + _EPS) + 1
        for to_level in range(lowest, MAX_LEVEL):
            saving = question.weight * (MAX_LEVEL - to_level)
            if gained - saving >= need - _EPS:
                gained -= saving
                targets[question.question_id] = to_level
                break
    steps = [
        UpliftStep(
            question_id=q.question_id,
            from_score=q.score or 0.0,
            to_level=targets[q.question_id],
            text=(
                f"Raise '{q.text}' from {method.level_label(q.score)} "
                f"to {LEVEL_LABELS[targets[q.question_id]]}"
            ),
        )
        for q in chosen
    ]
    return Uplift(
        target_level=target,
        target_label=LEVEL_LABELS[target],
        steps=steps,
        note=_unanswered_note(questions),
    )


def overall_moves(
    questions: Sequence[QuestionResult],
    domain_weights: Mapping[str, float],
    overall: float | None,
    limit: int = 3,
) -> list[UpliftStep]:
    """The ``limit`` raises of one level each that would do most for overall maturity.

    Overall maturity is the weighted mean of the domains that have answers, and each domain's
    the weighted mean of its answered questions, so raising question *q* by one level adds
    (domain weight / total domain weight) x (q's weight / its domain's answered weight) x the
    rise to overall maturity. Each move is one level (from Emerging to Developing, say), never
    a jump of two; ties go to the weakest answer, then the questionnaire order. Empty when
    nothing is answered.
    """
    answered = [q for q in questions if q.scored and q.score is not None]
    if overall is None or not answered:
        return []
    in_domain: dict[str, float] = {}
    for q in answered:
        in_domain[q.domain_id] = in_domain.get(q.domain_id, 0.0) + q.weight
    total = sum(domain_weights.get(d, 1.0) for d in in_domain)
    gains = []
    for order, q in enumerate(answered):
        score = q.score or 0.0
        if score >= MAX_LEVEL - _EPS:
            continue
        to_level = min(MAX_LEVEL, math.floor(score + _EPS) + 1)
        share = domain_weights.get(q.domain_id, 1.0) / total * q.weight / in_domain[q.domain_id]
        gains.append((-share * (to_level - score), score, order, q, to_level))
    gains.sort(key=lambda item: (round(item[0], 9), item[1], item[2]))  # ties: weakest first
    return [
        UpliftStep(
            question_id=q.question_id,
            from_score=q.score or 0.0,
            to_level=to_level,
            text=(
                f"\u201c{q.text}\u201d: from {method.level_label(q.score)} "
                f"to {LEVEL_LABELS[to_level]}"
            ),
        )
        for _, _, _, q, to_level in gains[:limit]
    ]
