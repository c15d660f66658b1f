"""The scoring engine: answers in, a frozen and explainable result out.

``score(bundle, answers, context)`` is pure: no clock, no files, no database. The method is
written down for users in ``docs/scoring.md``. ``SCORING_VERSION`` must be bumped whenever
scoring changes what it returns (see :mod:`readiness.scoring.version`).
"""

from readiness.scoring.engine import score
from readiness.scoring.results import (
    BANDS,
    Action,
    Band,
    Blocker,
    Compliance,
    DateCapApplied,
    Deadline,
    Disagreement,
    DomainResult,
    MissingEvidence,
    Overall,
    QuestionResult,
    ScoringResult,
    Sna,
    SnaGap,
    Uplift,
)
from readiness.scoring.version import SCORING_VERSION

__all__ = [
    "BANDS",
    "SCORING_VERSION",
    "Action",
    "Band",
    "Blocker",
    "Compliance",
    "DateCapApplied",
    "Deadline",
    "Disagreement",
    "DomainResult",
    "MissingEvidence",
    "Overall",
    "QuestionResult",
    "ScoringResult",
    "Sna",
    "SnaGap",
    "Uplift",
    "score",
]
