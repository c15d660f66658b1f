"""The fixed numbers of the scoring method, in one place so every result can cite them.

Everything about the content of the Duty (questions, weights, requirement levels, action
templates) comes from the questionnaire files; this module only holds the arithmetic rules
that ``docs/scoring.md`` explains to users.
"""

from __future__ import annotations

import datetime as dt
import math

from readiness.models import LEVEL_LABELS, MAX_LEVEL

#: A combined score at or above this is "in place" (Established).
IN_PLACE = 3.0
#: A combined score at or above this is "partly in place" (Developing).
PARTLY = 2.0
#: Agencies whose scores for one question are this many levels apart disagree.
DISAGREEMENT_SPREAD = 2.0
#: In the assured score, an answer at Established or above without evidence counts as this.
UNEVIDENCED_COUNTS_AS = 2.0

#: Data-source matrix: points for how the partnership can get the data.
AVAILABILITY_POINTS: dict[str, float] = {"none": 0.0, "aggregate": 2.0, "record_level": 3.0}
#: Extra point when the data is current (under 3 months old) and a sharing agreement covers it.
CURRENT_AND_AGREED_BONUS = 1.0
#: Critical sources (police, ED/ISTV, ambulance ...) count this many times in the matrix mean.
CRITICAL_SOURCE_WEIGHT = 2.0

#: The first strategy and SNA were expected one year after the Duty started.
FIRST_STRATEGY_DUE = dt.date(2024, 1, 31)
#: The strategy is reviewed, and the SNA refreshed, at least this often.
REVIEW_INTERVAL_MONTHS = 12
#: A deadline this close is shown as "due soon".
DUE_SOON_DAYS = 90

NOT_ANSWERED_LABEL = "Not answered"


def round2(value: float) -> float:
    """Round half up to 2 decimal places (the precision shown to users): 1.125 -> 1.13."""
    return math.floor(value * 100 + 0.5 + 1e-9) / 100


def level_label(score: float | None) -> str:
    """The level name of floor(score), after rounding to 2 decimal places."""
    if score is None:
        return NOT_ANSWERED_LABEL
    level = min(MAX_LEVEL, max(0, math.floor(round2(score))))
    return LEVEL_LABELS[level]


def shown_score(score: float) -> float:
    """The number people see for a maturity or score: one decimal place, rounded down after
    rounding to 2 decimal places, so the number never reaches a level its label does not
    (2.96 shows as 2.9, labelled Developing; 3.0 shows as 3.0, Established)."""
    return math.floor(round2(score) * 10 + 1e-6) / 10


def score_words(score: float | None, missing: str = NOT_ANSWERED_LABEL) -> str:
    """The one way a score is shown with its label, on the page, in Excel and in the
    comparison: "2.9 (Developing)"; ``missing`` when there is no score."""
    if score is None:
        return missing
    return f"{shown_score(score):.1f} ({level_label(score)})"


def describe_score(score: float | None) -> str:
    """'Developing (2.5)' or 'Not answered'."""
    if score is None:
        return NOT_ANSWERED_LABEL
    return f"{level_label(score)} ({round2(score):g})"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
