"""Combining several agencies' answers to one question into the partnership's answer."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import NamedTuple

from readiness.models import CombineRule
from readiness.scoring import method


class Scored(NamedTuple):
    """One agency's score for one question (assured = without credit for unevidenced levels)."""

    agency: str
    score: float
    assured: float
    has_evidence: bool


def assured(score: float, has_evidence: bool) -> float:
    """Without evidence an answer counts at most Developing in the assured score.

    Whole levels: Established (3) or Embedded (4) without evidence count as Developing (2).
    Part scores between Developing and Established (2.5 from a data-source matrix, say) are
    capped at 2 too, so raising an answer without evidence can never lower the assured score.
    """
    if not has_evidence:
        return min(score, method.UNEVIDENCED_COUNTS_AS)
    return score


def median(values: Sequence[float]) -> float:
    """The middle value; with an even count, the mean of the middle two."""
    return float(statistics.median(values))


def combine_values(rule: str, values: Sequence[float]) -> float:
    if rule == "minimum":
        return min(values)
    if rule == "mean":
        return sum(values) / len(values)
    return median(values)


def combine(
    rule: CombineRule, scored: Sequence[Scored], lead_agency: str | None
) -> tuple[float, float, str]:
    """(score, assured score, rule applied) for a non-empty list of agency scores.

    ``lead`` takes the lead agency's answer and falls back to the median when the lead agency
    gave no scored answer to this question.
    """
    if rule == "lead":
        lead = [s for s in scored if lead_agency is not None and s.agency == lead_agency]
        if lead:
            return lead[0].score, lead[0].assured, "lead"
        applied = "median (the lead agency did not answer)"
        values = [s.score for s in scored]
        return median(values), median([s.assured for s in scored]), applied
    return (
        combine_values(rule, [s.score for s in scored]),
        combine_values(rule, [s.assured for s in scored]),
        rule,
    )


def spread(scores: Sequence[float]) -> float:
    return max(scores) - min(scores) if scores else 0.0


def disagrees(scores: Sequence[float]) -> bool:
    return spread(scores) >= method.DISAGREEMENT_SPREAD - 1e-9
