"""Scored rounds for comparison tests, built from the shipped questionnaire.

``region(...)`` makes a whole region from short specs; results are real scoring results whose
headline figures are then set to the values a test needs (so the tables can be checked against
numbers a reader can see in the test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache

from readiness.bundle import ContentBundle
from readiness.comparison import RoundInfo, ScoredRound
from readiness.comparison.summary import summarise
from readiness.loading import load_default_bundle
from readiness.models import Nation
from readiness.scoring import ScoringResult, score
from readiness.scoring.samples import sample_answer_set

DOMAINS = ("leadership", "definition", "data")


@cache
def bundle() -> ContentBundle:
    return load_default_bundle()


@cache
def _base(nation: Nation) -> ScoringResult:
    answers = sample_answer_set(bundle(), "developing", nation=nation, seed=7)
    return score(bundle(), answers.answers, answers.context())


def result(
    *,
    nation: Nation = "england",
    domains: Mapping[str, float | None] | None = None,
    overall: float | None = 2.0,
    band: str = "Approaching",
    blockers: int = 0,
    questions: Mapping[str, float | None] | None = None,
    version: str = "1.0",
    questionnaire_id: str = "svd-readiness",
) -> ScoringResult:
    """A scoring result with only the given domains, overall, band and question scores."""
    base = _base(nation)
    wanted = dict(domains if domains is not None else dict.fromkeys(DOMAINS, 2.0))
    new_domains = [
        d.model_copy(update={"maturity": wanted[d.id]}) for d in base.domains if d.id in wanted
    ]
    scores = dict(questions or {})
    new_questions = []
    for q in base.questions:
        if q.domain_id not in wanted or not q.scored:
            continue
        if q.question_id in scores:
            value = scores[q.question_id]
            status = "not_answered" if value is None else "answered"
            changed = q.model_copy(update={"score": value, "status": status})
        else:
            changed = q.model_copy(update={"score": 3.0, "status": "answered"})
        new_questions.append(changed)
    compliance = base.compliance.model_copy(
        update={"band": band, "blockers": base.compliance.blockers[:blockers]}
    )
    return base.model_copy(
        update={
            "domains": new_domains,
            "questions": new_questions,
            "overall": base.overall.model_copy(update={"maturity": overall}),
            "compliance": compliance,
            "questionnaire_version": version,
            "questionnaire_id": questionnaire_id,
        }
    )


def scored(
    pid: str,
    res: ScoringResult,
    *,
    label: str = "2026/27",
    as_of: dt.date = dt.date(2026, 6, 30),
    name: str | None = None,
    nation: Nation = "england",
    partnership_type: str = "csp",
) -> ScoredRound:
    info = RoundInfo(
        partnership_id=pid,
        partnership_name=name or pid.title(),
        nation=nation,
        partnership_type=partnership_type,
        round_id=f"{pid}.{label}",
        round_label=label,
        as_of=as_of,
        questionnaire_id=res.questionnaire_id,
        questionnaire_version=res.questionnaire_version,
    )
    return ScoredRound(info=info, result=summarise(res))
