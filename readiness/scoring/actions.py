"""The draft action plan: one action per gap, from the question's action template, and one
"Get these questions answered" action per role for the questions no agency has answered yet.

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

A question that no agency has answered is not a gap of its own (nothing is known about it yet):
it goes into the "Get these questions answered" action of each role that answers it, which says
how many questions and in which domains. Its id is ``act.answer.<role>``, so it stays the same as
questions get answered; the actions of answered questions keep their own ids.

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
#: Questions with no answer should be answered within this many months of the assessment date.
ANSWER_MONTHS = 1
#: The id of a role's "Get these questions answered" action is this prefix and the role id.
ANSWER_ACTION_PREFIX = "act.answer."


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
    #: For a "Get these questions answered" action: every question's requirements, and
    #: whether any of them is a legal duty (otherwise the question's own are used).
    requirement_ids: list[str] | None = None
    statutory: bool = False


def _template(question: Question) -> ActionTemplate:
    if question.action is not None:
        return question.action
    return ActionTemplate(
        text=f"Agree and carry out the steps needed to put this in place: {question.text}",
        owner_role=question.roles[0],
        timescale_months=DEFAULT_TIMESCALE_MONTHS,
    )


def _unanswered(q: QuestionResult) -> bool:
    """A scored question that applies and that no agency has answered yet."""
    return q.scored and q.status != "not_applicable" and q.score is None


def _question_gap(q: QuestionResult) -> tuple[float, str, bool] | None:
    """(size, plain-English gap, evidence only) or None when there is no gap (or nothing is
    known yet: see :func:`_answer_drafts`)."""
    if not q.scored or q.status == "not_applicable" or q.score is None:
        return None
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
    unanswered: list[tuple[int, QuestionResult]] = []
    for index, q in enumerate(questions):
        question = bundle.questions[q.question_id]
        template = _template(question)
        if template.needs_date is not None and template.needs_date not in recorded:
            continue
        deadline = by_deadline.get(question.deadline) if question.deadline else None
        overdue = deadline is not None and deadline.status == "overdue"
        if _unanswered(q) and not overdue:  # an overdue deadline is an action of its own
            unanswered.append((index, q))
            continue
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
    drafts += _answer_drafts(bundle, unanswered, context)
    drafts.sort(key=lambda d: d.sort_key)
    ordered, dues = _in_dependency_order(drafts)
    return [
        build(
            Action,
            id=d.id,
            priority=rank,
            question_id=None if d.id.startswith(ANSWER_ACTION_PREFIX) else d.question.question_id,
            domain_id=d.question.domain_id,
            requirement_ids=d.requirement_ids or d.question.requirement_ids,
            owner_role=d.owner_role,
            due=dues[d.id],
            text=d.text,
            gap=d.gap,
            success_measure=d.success_measure,
            statutory=d.statutory or d.question.statutory,
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
        if d.id.startswith(ANSWER_ACTION_PREFIX):
            continue  # several questions: nothing waits for it
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


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _joined(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _where(per_domain: Mapping[str, int], titles: Mapping[str, str]) -> str:
    """ "Publication", or "3 domains: Leadership and governance (5), Publication (1) and ..."."""
    if len(per_domain) == 1:
        return titles.get(next(iter(per_domain)), "one domain")
    parts = [f"{titles.get(d, d)} ({n})" for d, n in per_domain.items()]
    return f"{len(parts)} domains: {_joined(parts)}"


def _answer_drafts(
    bundle: ContentBundle,
    unanswered: Sequence[tuple[int, QuestionResult]],
    context: PartnershipContext,
) -> list[_Draft]:
    """One "Get these questions answered" action per role that answers any of the questions
    no agency has answered yet: how many, and in which domains (in questionnaire order).

    Ranked by the weight of what is unanswered, legal duties first; due within
    ``ANSWER_MONTHS`` of the assessment date.
    """
    nation = context.nation
    in_nation = {role.id for role in bundle.roles_for_nation(nation)}
    titles = {d.id: d.title for d in bundle.questionnaire.domains}
    by_role: dict[str, list[tuple[int, QuestionResult]]] = {}
    for index, q in unanswered:
        roles = {bundle.resolve_role(r, nation) for r in bundle.questions[q.question_id].roles}
        for role in sorted(roles & in_nation):
            by_role.setdefault(role, []).append((index, q))
    drafts: list[_Draft] = []
    for role, items in by_role.items():
        found = [q for _, q in items]
        per_domain: dict[str, int] = {}
        for q in found:
            per_domain[q.domain_id] = per_domain.get(q.domain_id, 0) + 1
        statutory = any(q.statutory for q in found)
        role_name = bundle.role_by_id[role].name
        count = _counted(len(found), "question")
        drafts.append(
            _Draft(
                sort_key=(
                    True,
                    not statutory,
                    -sum(q.weight for q in found) * MAX_LEVEL,
                    True,
                    items[0][0],
                    0,
                ),
                id=ANSWER_ACTION_PREFIX + role,
                question=found[0],
                owner_role=role,
                due=method.add_months(context.as_of, ANSWER_MONTHS),
                months=ANSWER_MONTHS,
                text=f"Get these questions answered: {count} in {_where(per_domain, titles)}.",
                gap=(
                    f"{role_name}: {count} with no answer from any agency yet, so the "
                    f"partnership cannot be assessed on {'it' if len(found) == 1 else 'them'}."
                ),
                success_measure=(
                    "Each of these questions has an answer, or is marked not applicable "
                    "with a reason."
                ),
                after=(),
                requirement_ids=sorted({r for q in found for r in q.requirement_ids}),
                statutory=statutory,
            )
        )
    return drafts
