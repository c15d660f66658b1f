"""``score``: the whole pure scoring pipeline, from answers to a frozen result."""

from __future__ import annotations

from collections.abc import Sequence

from readiness.bundle import ContentBundle
from readiness.models import LEVEL_LABELS, Answer, PartnershipContext
from readiness.scoring import method
from readiness.scoring._build import build
from readiness.scoring.actions import draft_actions
from readiness.scoring.caps import apply_date_caps
from readiness.scoring.compliance import compliance_result
from readiness.scoring.dates import date_facts
from readiness.scoring.deadlines import deadlines, recorded_dates
from readiness.scoring.maturity import domain_result, overall_result
from readiness.scoring.questions import score_questions
from readiness.scoring.results import (
    AgencyView,
    Disagreement,
    Method,
    MissingEvidence,
    QuestionResult,
    ScoringResult,
)
from readiness.scoring.sna import sna_result


def _disagreements(questions: Sequence[QuestionResult]) -> list[Disagreement]:
    items = []
    for q in questions:
        if not q.disagreement:
            continue
        scores = [a.score for a in q.agencies if a.score is not None]
        items.append(
            Disagreement(
                question_id=q.question_id,
                domain_id=q.domain_id,
                text=q.text,
                spread=method.round2(max(scores) - min(scores)),
                views=[
                    build(
                        AgencyView,
                        agency=a.agency,
                        role=a.role,
                        score=a.score,
                        label=method.level_label(a.score),
                        value=a.value,
                        comment=a.comment,
                    )
                    for a in q.agencies
                    if a.score is not None
                ],
            )
        )
    return sorted(items, key=lambda d: -d.spread)  # stable: questionnaire order within a spread


def _missing_evidence(questions: Sequence[QuestionResult]) -> list[MissingEvidence]:
    return [
        build(
            MissingEvidence,
            question_id=q.question_id,
            text=q.text,
            agency=a.agency,
            role=a.role,
            score=a.score,
            label=method.level_label(a.score),
            counts_as=a.assured_score if a.assured_score is not None else a.score,
        )
        for q in questions
        for a in q.agencies
        if a.score is not None
        and a.assured_score is not None
        and a.assured_score < a.score
        and not a.has_evidence
    ]


def _method(bundle: ContentBundle, questions: Sequence[QuestionResult]) -> Method:
    return Method(
        default_combine=bundle.questionnaire.combine,
        level_labels=list(LEVEL_LABELS),
        in_place_threshold=method.IN_PLACE,
        partly_threshold=method.PARTLY,
        disagreement_spread=method.DISAGREEMENT_SPREAD,
        unevidenced_counts_as=method.UNEVIDENCED_COUNTS_AS,
        domain_weights={d.id: d.weight for d in bundle.questionnaire.domains},
        question_weights={q.question_id: q.weight for q in questions if q.scored},
        availability_points=dict(method.AVAILABILITY_POINTS),
        current_and_agreed_bonus=method.CURRENT_AND_AGREED_BONUS,
        critical_source_weight=method.CRITICAL_SOURCE_WEIGHT,
        first_strategy_due=method.FIRST_STRATEGY_DUE,
        review_interval_months=method.REVIEW_INTERVAL_MONTHS,
        notes=[
            "Each agency's answer scores 0 to 4; agencies are combined per question by the "
            "rule shown on the question.",
            "Domain maturity is the weighted mean of answered scored questions; overall "
            "maturity is the weighted mean of domains that have answers.",
            "A maturity is shown to one decimal place, rounded down, and labelled by the "
            "level it has reached, so the number and the label always agree: 2.96 shows as "
            "2.9 (Developing), and 3.0 as Established.",
            "The assured score counts an answer at Established or above without evidence as "
            "Developing (2).",
            "Recorded dates are evidence: a date that contradicts the answers (an overdue "
            "review or SNA refresh, no published strategy) caps the question at the highest "
            "level its own descriptor allows, and the result says why.",
        ],
    )


def score(
    bundle: ContentBundle, answers: Sequence[Answer], context: PartnershipContext
) -> ScoringResult:
    """Score a partnership's answers. Pure and deterministic; answer order does not matter."""
    raw = score_questions(bundle, answers, context)
    dates = recorded_dates(bundle, raw, context)
    questions = apply_date_caps(bundle, raw, date_facts(dates, context.as_of))
    by_domain: dict[str, list[QuestionResult]] = {}
    for q in questions:
        by_domain.setdefault(q.domain_id, []).append(q)
    domains = [
        domain_result(domain, by_domain[domain.id])
        for domain in bundle.questionnaire.domains
        if domain.id in by_domain
    ]
    overall = overall_result(domains, questions)
    sna = sna_result(bundle, questions, context.nation)
    deadline_list = deadlines(dates, context.as_of)
    untested = [
        rid
        for rid in bundle.uncovered_legal_duties()
        if context.nation in bundle.requirements[rid].nations
    ]
    return ScoringResult(
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=bundle.questionnaire.version,
        nation=context.nation,
        as_of=context.as_of,
        overall=overall,
        compliance=compliance_result(questions, overall, untested),
        domains=domains,
        questions=questions,
        disagreements=_disagreements(questions),
        missing_evidence=_missing_evidence(questions),
        sna=sna,
        deadlines=deadline_list,
        actions=draft_actions(
            bundle, questions, sna.sources, context, deadlines=deadline_list, dates=dates
        ),
        method=_method(bundle, questions),
    )
