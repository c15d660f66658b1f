"""The draft action plan: one action per gap, from the question's action template.

A gap is a scored question that is not answered, or whose combined score is below
Established (3); for a legal duty, also an answer at Established or above that lacks evidence.
For the data-source matrix, each source with a problem is its own gap and action.

Priority: the actions of overdue deadlines first (the question that owns the deadline, such
as the strategy review), then legal duties, then weight x size of the gap (largest first), then
questions where agencies disagree, then questionnaire order. Action ids come from the question
id (and the source id), never from position, so edits can be matched to regenerated actions.

Deadlines and prerequisites set the due dates:

* an overdue deadline's action is due within ``OVERDUE_ACTION_MONTHS`` of the assessment date
  (sooner if its own timescale is shorter); a deadline still to come is the latest due date of
  its action;
* an action whose template lists prerequisites (``after``) ranks after them and is due at least
  ``SEQUENCE_GAP_MONTHS`` after the latest of them;
* an action that needs a recorded date (``needs_date``) is left out while the date is missing:
  no review action while there is no strategy.

Owners are resolved for the partnership's nation (the health body is the ICB in England and the
Local Health Board in Wales).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readiness.bundle import ContentBundle
from readiness.models import (
    MAX_LEVEL,
    ActionTemplate,
    DataSourceMatrixQuestion,
    PartnershipContext,
    Question,
)
from readiness.scoring import method
from readiness.scoring._build import build
from readiness.scoring.results import Action, Deadline, QuestionResult, SnaSource

#: Used when a question has no action template of its own.
DEFAULT_TIMESCALE_MONTHS = 6
#: An overdue deadline's action is due at most this many months after the assessment date.
OVERDUE_ACTION_MONTHS = 3
#: An action is due at least this many months after each prerequisite's action.
SEQUENCE_GAP_MONTHS = 1


@dataclass(frozen=True)
class _Draft:
    sort_key: tuple[bool, bool, float, bool, int, int]
    id: str
    question: QuestionResult
    owner_role: str
    due: dt.date
    months: int
    text: str
    gap: str
    success_measure: str | None
    after: tuple[str, ...]


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


def _deadline_due(deadline: Deadline | None, as_of: dt.date, months: int) -> dt.date:
    """The due date of an action from its timescale, brought forward by its deadline."""
    due = method.add_months(as_of, months)
    if deadline is None or deadline.due is None:
        return due
    if deadline.status == "overdue":
        return min(due, method.add_months(as_of, OVERDUE_ACTION_MONTHS))
    if deadline.status in ("due_soon", "on_track"):
        return min(due, max(deadline.due, as_of))
    return due


def _gap_with_cap(q: QuestionResult, gap: str) -> str:
    return f"{q.date_cap.reason} {gap}" if q.date_cap is not None else gap


def draft_actions(
    bundle: ContentBundle,
    questions: Sequence[QuestionResult],
    sources: Sequence[SnaSource],
    context: PartnershipContext,
    *,
    deadlines: Sequence[Deadline] = (),
    dates: Mapping[str, object] | None = None,
) -> list[Action]:
    as_of, nation = context.as_of, context.nation
    recorded = set(dates or {})
    by_deadline = {d.id.removeprefix("deadline."): d for d in deadlines}
    drafts: list[_Draft] = []
    for index, q in enumerate(questions):
        question = bundle.questions[q.question_id]
        template = _template(question)
        if template.needs_date is not None and template.needs_date not in recorded:
            continue
        deadline = by_deadline.get(question.deadline) if question.deadline else None
        overdue = deadline is not None and deadline.status == "overdue"
        after = tuple(template.after)
        if isinstance(question, DataSourceMatrixQuestion) and q.status == "answered":
            for position, source in enumerate(sources):
                if not source.problems:
                    continue
                weight = q.weight * (method.CRITICAL_SOURCE_WEIGHT if source.critical else 1.0)
                drafts.append(
                    _Draft(
                        sort_key=(
                            not overdue,
                            not q.statutory,
                            -weight * (MAX_LEVEL - source.score),
                            not q.disagreement,
                            index,
                            position,
                        ),
                        id=f"act.{q.question_id}.{source.id}",
                        question=q,
                        owner_role=source.owner_role,
                        due=_deadline_due(deadline, as_of, template.timescale_months),
                        months=template.timescale_months,
                        text=f"{source.name}: {template.text}",
                        gap=f"{source.name}: {'; '.join(source.problems)}.",
                        success_measure=template.success_measure,
                        after=after,
                    )
                )
            continue
        found = _question_gap(q)
        if found is None and overdue and deadline is not None and q.status != "not_applicable":
            found = (float(MAX_LEVEL), deadline.message, False)
        if found is None:
            continue
        size, gap, evidence_only = found
        text = template.text
        if evidence_only:
            prompt = f" ({question.evidence_prompt})" if question.evidence_prompt else ""
            text = f"Record the evidence that this is in place{prompt}: {q.text}"
        if overdue and deadline is not None and deadline.message not in gap:
            gap = f"{gap} {deadline.message}"
        drafts.append(
            _Draft(
                sort_key=(
                    not overdue,
                    not q.statutory,
                    -q.weight * size,
                    not q.disagreement,
                    index,
                    0,
                ),
                id=f"act.{q.question_id}",
                question=q,
                owner_role=bundle.resolve_role(template.owner_role, nation),
                due=_deadline_due(deadline, as_of, template.timescale_months),
                months=template.timescale_months,
                text=text,
                gap=_gap_with_cap(q, gap),
                success_measure=template.success_measure,
                after=after,
            )
        )
    drafts.sort(key=lambda d: d.sort_key)
    ordered, dues = _in_dependency_order(drafts)
    return [
        build(
            Action,
            id=d.id,
            priority=rank,
            question_id=d.question.question_id,
            domain_id=d.question.domain_id,
            requirement_ids=d.question.requirement_ids,
            owner_role=d.owner_role,
            due=dues[d.id],
            text=d.text,
            gap=d.gap,
            success_measure=d.success_measure,
            statutory=d.question.statutory,
        )
        for rank, d in enumerate(ordered, start=1)
    ]


def _in_dependency_order(drafts: Sequence[_Draft]) -> tuple[list[_Draft], dict[str, dt.date]]:
    """Priority order with every prerequisite moved in front of what waits for it, and due
    dates pushed back so that nothing is due before a prerequisite (plus a month).

    The loader has refused circular prerequisites, so this always ends.
    """
    by_question: dict[str, list[_Draft]] = {}
    for d in drafts:
        by_question.setdefault(d.question.question_id, []).append(d)
    ordered: list[_Draft] = []
    dues: dict[str, dt.date] = {}

    def emit(d: _Draft) -> None:
        if d.id in dues:
            return
        due = d.due
        for qid in d.after:
            for before in by_question.get(qid, []):
                emit(before)
                due = max(due, method.add_months(dues[before.id], SEQUENCE_GAP_MONTHS))
        dues[d.id] = due
        ordered.append(d)

    for d in drafts:
        emit(d)
    return ordered, dues
