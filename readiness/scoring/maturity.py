"""Domain and overall maturity, coverage and the assured (evidence-backed) score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from readiness.models import Domain
from readiness.scoring import method
from readiness.scoring.results import DomainResult, Overall, QuestionResult
from readiness.scoring.uplift import domain_uplift


def weighted_mean(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Mean of the values that are not None, weighted; None when there are none."""
    total = weights = 0.0
    for weight, value in pairs:
        if value is not None:
            total += weight * value
            weights += weight
    return total / weights if weights else None


def _counts(questions: Sequence[QuestionResult]) -> tuple[int, int, int, float | None]:
    """(answered, applicable, not applicable, coverage) over scored questions."""
    scored = [q for q in questions if q.scored]
    answered = sum(1 for q in scored if q.score is not None)
    na = sum(1 for q in scored if q.status == "not_applicable")
    denominator = len(scored) - na
    coverage = method.round2(answered / denominator) if denominator else None
    return answered, len(scored), na, coverage


def _rounded(value: float | None) -> float | None:
    return None if value is None else method.round2(value)


def domain_result(domain: Domain, questions: Sequence[QuestionResult]) -> DomainResult:
    scored = [q for q in questions if q.scored]
    maturity = _rounded(weighted_mean((q.weight, q.score) for q in scored))
    assured = _rounded(weighted_mean((q.weight, q.assured_score) for q in scored))
    answered, applicable, na, coverage = _counts(questions)
    return DomainResult(
        id=domain.id,
        title=domain.title,
        weight=domain.weight,
        maturity=maturity,
        label=method.level_label(maturity),
        coverage=coverage,
        assured_maturity=assured,
        assured_label=method.level_label(assured),
        answered=answered,
        applicable=applicable,
        not_applicable=na,
        uplift=domain_uplift(questions, maturity),
    )


def overall_result(domains: Sequence[DomainResult], questions: Sequence[QuestionResult]) -> Overall:
    maturity = _rounded(weighted_mean((d.weight, d.maturity) for d in domains))
    assured = _rounded(weighted_mean((d.weight, d.assured_maturity) for d in domains))
    answered, applicable, na, coverage = _counts(questions)
    return Overall(
        maturity=maturity,
        label=method.level_label(maturity),
        coverage=coverage,
        assured_maturity=assured,
        assured_label=method.level_label(assured),
        answered=answered,
        applicable=applicable,
        not_applicable=na,
        domains_scored=sum(1 for d in domains if d.maturity is not None),
    )
