"""What moves a domain up one whole level: one level at a time, biggest gains first.

Method (greedy): the domain's maturity is a weighted mean, so raising question *i* from score
*s* to the next whole level *n* adds weight x (n - s) to the weighted total. Each round raises
every question at most one level, the largest gains first (ties: larger weight, then
questionnaire order), until the domain reaches the next level; a question is raised a second
level only when one level on every question is not enough (reaching Embedded, say). So the
advice never jumps two levels where one would do.
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


def _next_level(score: float) -> int:
    return min(MAX_LEVEL, math.floor(score + _EPS) + 1)


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
    by_id = {q.question_id: q for q in answered}
    now = {q.question_id: q.score or 0.0 for q in answered}
    targets: dict[str, int] = {}  # in the order first chosen
    gained = 0.0
    while gained < need - _EPS:  # one round raises each question at most one level
        open_now = [q for q in answered if now[q.question_id] < MAX_LEVEL - _EPS]
        if not open_now:
            break
        for q in sorted(
            open_now,
            key=lambda q: (
                -q.weight * (_next_level(now[q.question_id]) - now[q.question_id]),
                -q.weight,
                order[q.question_id],
            ),
        ):
            if gained >= need - _EPS:
                break
            to_level = _next_level(now[q.question_id])
            gained += q.weight * (to_level - now[q.question_id])
            now[q.question_id] = float(to_level)
            targets[q.question_id] = to_level
    chosen = [by_id[qid] for qid in targets]
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
