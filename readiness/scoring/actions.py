"""The draft action plan: one action per gap, from the question's action template.

A gap is a scored question that is not answered, or whose combined score is below
Established (3); for a legal duty, also an answer at Established or above that lacks evidence.
For the data-source matrix, each source with a problem is its own gap and action.

Priority: legal duties first, then weight x size of the gap (largest first), then questions
where agencies disagree, then questionnaire order. Action ids come from the question id (and
the source id), never from position, so edits can be matched to regenerated actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from readiness.bundle import ContentBundle
from readiness.models import MAX_LEVEL, ActionTemplate, DataSourceMatrixQuestion, Question
from readiness.scoring import method
from readiness.scoring._build import build
from readiness.scoring.results import Action, QuestionResult, SnaSource

#: Used when a question has no action template of its own.
DEFAULT_TIMESCALE_MONTHS = 6


@dataclass(frozen=True)
class _Draft:
    sort_key: tuple[bool, float, bool, int, int]
    id: str
    question: QuestionResult
    owner_role: str
    months: int
    text: str
    gap: str
    success_measure: str | None


def _template(question: Question) -> ActionTemplate:
    if question.action is not None:
        return question.action
    return ActionTemplate(
        text=f"Agree and carry out the steps needed to put this in place: {question.text}",
        owner_role=question.roles[0],
        timescale_months=DEFAULT_TIMESCALE_MONTHS,
    )


def _question_gap(q: QuestionResult) -> tuple[float, str, bool] | None:
    """(size, plain-English gap, evidence only) or None when there is no gap."""
    if not q.scored or q.status == "not_applicable":
        return None
    if q.score is None:
        return float(MAX_LEVEL), "No agency has answered this question yet.", False
    if q.score < method.IN_PLACE - 1e-9:
        return (
            MAX_LEVEL - q.score,
            f"The partnership is at {method.describe_score(q.score)}; "
            "Established (3) or better is needed.",
            False,
        )
    if q.statutory and (q.assured_score or 0.0) < method.IN_PLACE - 1e-9:
        return (
            q.score - (q.assured_score or 0.0),
            f"The partnership says {method.describe_score(q.score)}, but the answers "
            "that put it there have no evidence, so this legal duty does not count as met.",
            True,
        )
    return None


def draft_actions(
    bundle: ContentBundle,
    questions: Sequence[QuestionResult],
    sources: Sequence[SnaSource],
    as_of: dt.date,
) -> list[Action]:
    drafts: list[_Draft] = []
    for index, q in enumerate(questions):
        question = bundle.questions[q.question_id]
        template = _template(question)
        if isinstance(question, DataSourceMatrixQuestion) and q.status == "answered":
            for position, source in enumerate(sources):
                if not source.problems:
                    continue
                weight = q.weight * (method.CRITICAL_SOURCE_WEIGHT if source.critical else 1.0)
                drafts.append(
                    _Draft(
                        sort_key=(
                            not q.statutory,
                            -weight * (MAX_LEVEL - source.score),
                            not q.disagreement,
                            index,
                            position,
                        ),
                        id=f"act.{q.question_id}.{source.id}",
                        question=q,
                        owner_role=source.owner_role,
                        months=template.timescale_months,
                        text=f"{source.name}: {template.text}",
                        gap=f"{source.name}: {'; '.join(source.problems)}.",
                        success_measure=template.success_measure,
                    )
                )
            continue
        found = _question_gap(q)
        if found is None:
            continue
        size, gap, evidence_only = found
        text = template.text
        if evidence_only:
            prompt = f" ({question.evidence_prompt})" if question.evidence_prompt else ""
            text = f"Record the evidence that this is in place{prompt}: {q.text}"
        drafts.append(
            _Draft(
                sort_key=(not q.statutory, -q.weight * size, not q.disagreement, index, 0),
                id=f"act.{q.question_id}",
                question=q,
                owner_role=template.owner_role,
                months=template.timescale_months,
                text=text,
                gap=gap,
                success_measure=template.success_measure,
            )
        )
    drafts.sort(key=lambda d: d.sort_key)
    return [
        build(
            Action,
            id=d.id,
            priority=rank,
            question_id=d.question.question_id,
            domain_id=d.question.domain_id,
            requirement_ids=d.question.requirement_ids,
            owner_role=d.owner_role,
            due=method.add_months(as_of, d.months),
            text=d.text,
            gap=d.gap,
            success_measure=d.success_measure,
            statutory=d.question.statutory,
        )
        for rank, d in enumerate(drafts, start=1)
    ]
