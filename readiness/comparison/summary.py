"""What the comparison keeps of a scoring result, so it can be stored and read back quickly.

A full :class:`~readiness.scoring.results.ScoringResult` of a partnership is about 220 KB of
JSON, mostly every agency's answer to every question, the SNA, deadlines, actions and the
method. The comparison uses none of that, and reading 600 full results back from the database
took longer than scoring them. :class:`ResultSummary` is the part the comparison reads, copied
unchanged from the result: the headline figures (``overall``, ``compliance``, ``domains``,
exactly as in the result) and, for every question, its score and status without the
per-agency detail. It is about 45 KB of JSON.

:func:`summarise` is the only way one is made, from a freshly worked out result, so a summary
read back from the database is the same as one made now (``SUMMARY_FORMAT`` is part of the
key a stored summary is kept under: change it whenever these models change).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from readiness.scoring.results import (
    Compliance,
    DomainResult,
    Overall,
    QuestionStatus,
    ScoringResult,
)

#: Part of the key of a stored summary: change it whenever the models below change.
SUMMARY_FORMAT = "comparison-summary-1"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionScore(_Record):
    """One question of a result without the per-agency detail (fields as in the result)."""

    question_id: str
    domain_id: str
    text: str
    scored: bool
    statutory: bool
    requirement_ids: list[str]
    status: QuestionStatus
    score: float | None


class ResultSummary(_Record):
    """The part of a :class:`ScoringResult` the comparison uses (see the module docstring)."""

    questionnaire_id: str
    questionnaire_version: str
    nation: str
    as_of: dt.date
    overall: Overall
    compliance: Compliance
    domains: list[DomainResult]
    questions: list[QuestionScore]


def summarise(result: ScoringResult) -> ResultSummary:
    """The comparison's part of ``result``: every value copied, nothing worked out again."""
    return ResultSummary(
        questionnaire_id=result.questionnaire_id,
        questionnaire_version=result.questionnaire_version,
        nation=result.nation,
        as_of=result.as_of,
        overall=result.overall,
        compliance=result.compliance,
        domains=result.domains,
        questions=[
            QuestionScore(
                question_id=q.question_id,
                domain_id=q.domain_id,
                text=q.text,
                scored=q.scored,
                statutory=q.statutory,
                requirement_ids=q.requirement_ids,
                status=q.status,
                score=q.score,
            )
            for q in result.questions
        ],
    )
