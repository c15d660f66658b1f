"""Capping answers that a recorded date contradicts (see :mod:`readiness.scoring.dates`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from readiness.bundle import ContentBundle
from readiness.models import LEVEL_LABELS, DateFact
from readiness.scoring import method
from readiness.scoring.results import DateCapApplied, QuestionResult


def _cap_one(q: QuestionResult, fact: DateFact, max_level: int, reason: str) -> QuestionResult:
    score, assured = q.score, q.assured_score
    if score is None or score <= max_level:
        return q
    capped_assured = None if assured is None else min(assured, float(max_level))
    applied = DateCapApplied(
        fact=fact,
        max_level=max_level,
        uncapped_score=score,
        uncapped_assured_score=assured,
        reason=(
            f"Capped at {LEVEL_LABELS[max_level]} ({max_level}) because {reason}. "
            f"The answers alone say {method.describe_score(score)}."
        ),
    )
    return q.model_copy(
        update={
            "score": float(max_level),
            "assured_score": capped_assured,
            "label": method.level_label(max_level),
            "date_cap": applied,
        }
    )


def apply_date_caps(
    bundle: ContentBundle, questions: Sequence[QuestionResult], facts: Mapping[DateFact, str]
) -> list[QuestionResult]:
    """Each question with its combined scores capped by the facts that hold.

    When several caps apply, the lowest wins (ties: the first in the file). Capping is
    ``min(score, max_level)``, so raising an answer never lowers a capped score.
    """
    out = []
    for q in questions:
        caps = [cap for cap in bundle.questions[q.question_id].date_caps if cap.fact in facts]
        if caps:
            cap = min(caps, key=lambda c: c.max_level)
            out.append(_cap_one(q, cap.fact, cap.max_level, facts[cap.fact]))
        else:
            out.append(q)
    return out
