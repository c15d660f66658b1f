"""Per-question results: each agency's score, the combined score and disagreement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import JsonValue

from readiness.bundle import ContentBundle
from readiness.models import Answer, PartnershipContext, Question
from readiness.scoring import method
from readiness.scoring._build import build
from readiness.scoring.answer_scores import answer_score
from readiness.scoring.combine import Scored, assured, combine, disagrees
from readiness.scoring.results import AgencyScore, QuestionResult, QuestionStatus


def applicable_questions(bundle: ContentBundle, context: PartnershipContext) -> list[Question]:
    return [q for q in bundle.questionnaire.questions() if bundle.applies(q, context.nation)]


def _one_per_agency(answers: Sequence[Answer]) -> list[Answer]:
    """One answer per agency, in agency order; duplicates keep a fixed choice, not the last."""
    groups: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        groups[answer.agency].append(answer)
    chosen = []
    for agency in sorted(groups):
        group = groups[agency]
        if len(group) > 1:
            group = sorted(group, key=lambda a: (a.role, a.model_dump_json()))
        chosen.append(group[0])
    return chosen


def _json_value(value: object) -> JsonValue:
    return value  # type: ignore[return-value]  # answers come from JSON


def score_question(
    bundle: ContentBundle,
    question: Question,
    answers: Sequence[Answer],
    context: PartnershipContext,
) -> QuestionResult:
    rule = bundle.questionnaire.combine_rule_for(question)
    agencies: list[AgencyScore] = []
    scored: list[Scored] = []
    valid_values: dict[str, JsonValue] = {}
    any_na = False
    is_scored = question.scored
    for answer in _one_per_agency(answers):
        is_na = answer.is_na
        has_evidence = answer.has_evidence
        score = None if is_na else answer_score(question, answer.value)
        valid = answer.value is not None and (score is not None or not is_scored)
        assured_score = None if score is None else assured(score, has_evidence)
        agencies.append(
            build(
                AgencyScore,
                agency=answer.agency,
                role=answer.role,
                value=_json_value(answer.value),
                score=None if score is None else method.round2(score),
                assured_score=None if assured_score is None else method.round2(assured_score),
                not_applicable=is_na,
                na_reason=answer.na_reason,
                has_evidence=has_evidence,
                comment=answer.comment,
            )
        )
        any_na = any_na or is_na
        if valid:
            valid_values[answer.agency] = _json_value(answer.value)
        if score is not None and assured_score is not None:
            scored.append(Scored(answer.agency, score, assured_score, has_evidence))

    status: QuestionStatus = (
        "answered" if valid_values else ("not_applicable" if any_na else "not_answered")
    )
    combined = combined_assured = None
    applied: str = rule
    if scored:
        combined, combined_assured, applied = combine(rule, scored, context.lead_agency)
    values = list(valid_values.values())
    value: JsonValue = None
    if values and all(v == values[0] for v in values):
        value = values[0]
    elif applied == "lead" and context.lead_agency in valid_values:
        value = valid_values[context.lead_agency]
    duty_ids = legal_duty_ids(bundle, question, context)
    return build(
        QuestionResult,
        question_id=question.id,
        domain_id=bundle.domain_of[question.id].id,
        text=question.text,
        type=question.type,
        weight=question.weight,
        scored=is_scored,
        statutory=is_scored and bool(duty_ids),
        requirement_ids=list(question.requirements),
        legal_duty_ids=duty_ids,
        status=status,
        combine_rule=rule,
        rule_applied=applied,
        value=value,
        score=None if combined is None else method.round2(combined),
        label=method.level_label(combined) if is_scored else "Not scored",
        assured_score=None if combined_assured is None else method.round2(combined_assured),
        agencies=agencies,
        evidence_present=any(a.has_evidence for a in agencies if a.agency in valid_values),
        disagreement=disagrees([s.score for s in scored]),
        date_cap=None,
    )


def legal_duty_ids(
    bundle: ContentBundle, question: Question, context: PartnershipContext
) -> list[str]:
    """Legal-duty requirements the question tests that apply in the partnership's nation."""
    return bundle.legal_duty_ids(question, context.nation)


def is_statutory(bundle: ContentBundle, question: Question, context: PartnershipContext) -> bool:
    """A scored question testing a legal duty that applies in the partnership's nation."""
    return bundle.is_statutory(question, context.nation)


def score_questions(
    bundle: ContentBundle, answers: Sequence[Answer], context: PartnershipContext
) -> list[QuestionResult]:
    """Results for every question asked in the partnership's nation, in questionnaire order.

    Answers to unknown questions, or to questions not asked in this nation, are ignored.
    """
    by_question: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    return [
        score_question(bundle, q, by_question.get(q.id, []), context)
        for q in applicable_questions(bundle, context)
    ]
