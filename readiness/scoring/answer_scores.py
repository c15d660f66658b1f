"""How one agency's answer to one question becomes a score on the 0 to 4 scale.

Scores are worked out only for values of the right shape; anything else (which
``readiness.answer_check`` would have refused) scores ``None`` rather than raising.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from readiness.models import (
    MAX_LEVEL,
    DataSource,
    DataSourceMatrixQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    SourceAnswer,
    YesPartlyNoQuestion,
)
from readiness.scoring import method


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def source_score(row: SourceAnswer | None) -> float:
    """One row of the data-source matrix: availability points, +1 if current and agreed, max 4.

    A source nobody recorded scores 0, as if it were not available.
    """
    if row is None:
        return 0.0
    points = method.AVAILABILITY_POINTS[row.availability]
    if row.availability != "none" and row.timeliness == "current" and row.agreement:
        points += method.CURRENT_AND_AGREED_BONUS
    return min(float(MAX_LEVEL), points)


def parse_matrix(value: Any) -> dict[str, SourceAnswer] | None:
    """The rows of a data-source matrix answer, or None when the value is not a matrix."""
    if not isinstance(value, Mapping):
        return None
    rows: dict[str, SourceAnswer] = {}
    for key, row in value.items():
        if not isinstance(key, str):
            return None
        try:
            rows[key] = SourceAnswer.model_validate(row)
        except ValidationError:
            return None
    return rows


def matrix_score(sources: list[DataSource], rows: Mapping[str, SourceAnswer]) -> float:
    """Weighted mean of source scores; critical sources count double."""
    total = weights = 0.0
    for source in sources:
        weight = method.CRITICAL_SOURCE_WEIGHT if source.critical else 1.0
        total += weight * source_score(rows.get(source.id))
        weights += weight
    return total / weights if weights else 0.0


def _multi_choice(question: MultiChoiceQuestion, value: Any) -> float | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    options = {option.id: option for option in question.options}
    if any(v not in options for v in value):
        return None
    ticked = {options[v].id for v in value if not options[v].exclusive}
    if question.scoring.rule == "thresholds":
        count = len(ticked)
        return float(
            sum(1 for threshold in question.scoring.thresholds or [] if count >= threshold)
        )
    scoring = [o.id for o in question.options if o.score > 0 and not o.exclusive]
    if not scoring:  # no option carries points: every ordinary option counts
        scoring = [o.id for o in question.options if not o.exclusive]
    if not scoring:
        return 0.0
    return MAX_LEVEL * len(ticked.intersection(scoring)) / len(scoring)


def _scale(question: ScaleQuestion, value: Any) -> float | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_LEVEL:
        return float(value)
    return None


def _yes_partly_no(question: YesPartlyNoQuestion, value: Any) -> float | None:
    scores = {"yes": question.yes_score, "partly": question.partly_score}
    scores["no"] = question.no_score
    return float(scores[value]) if isinstance(value, str) and value in scores else None


def _single_choice(question: SingleChoiceQuestion, value: Any) -> float | None:
    for option in question.options:
        if option.id == value:
            return float(option.score)
    return None


def _number(question: NumberQuestion, value: Any) -> float | None:
    if not is_number(value) or not question.bands:
        return None
    reached = [band for band in question.bands if float(value) >= band.min]
    return float(max(reached, key=lambda band: band.min).score) if reached else 0.0


def _matrix(question: DataSourceMatrixQuestion, value: Any) -> float | None:
    rows = parse_matrix(value)
    return None if rows is None else matrix_score(question.sources, rows)


def _unscored(question: Any, value: Any) -> float | None:
    """Dates and free text are recorded, never scored."""
    return None


# How each question type's value becomes a 0 to 4 score, keyed by the type's name.
SCORERS: Mapping[str, Callable[[Any, Any], float | None]] = {
    "scale": _scale,
    "yes_partly_no": _yes_partly_no,
    "single_choice": _single_choice,
    "multi_choice": _multi_choice,
    "number": _number,
    "date": _unscored,
    "text": _unscored,
    "sna_data_sources": _matrix,
}


def answer_score(question: Question, value: Any) -> float | None:
    """The 0 to 4 score of ``value``; None for unscored questions, N/A and malformed values."""
    if value is None or not question.scored:
        return None
    return SCORERS[question.type](question, value)
