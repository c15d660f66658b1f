"""Recorded dates as evidence: facts about the strategy, review, SNA, definition and agreement.

The partnership's recorded dates (and the date questions that supply them) are facts. A fact
such as "the annual review is overdue" contradicts an answer of Established on the review
question, so the question caps the partnership's answer at the highest level its own level
descriptor allows while the fact holds (see ``date_caps`` in the questionnaire). The band
then follows from the capped scores by the usual rules.

Only dates on or before the assessment date count: a review recorded for next month has not
happened yet when the partnership is assessed.

Every fact here is monotone: moving a recorded date later (up to the assessment date), or
recording a missing one, can only remove a fact, never add one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from readiness.models import DateFact
from readiness.scoring import method

#: The recorded dates: name -> (date, where it came from).
Dates = Mapping[str, tuple[dt.date, str]]


def long_date(day: dt.date) -> str:
    """10 April 2024."""
    return f"{day.day} {day:%B %Y}"


def review_base(dates: Dates) -> tuple[dt.date, str, bool] | None:
    """(date, source, is_review) the next annual review counts from: the later of the last
    review and the publication of the current strategy (a revised, republished strategy is the
    outcome of a review), or None when no strategy is recorded."""
    reviewed = dates.get("strategy_last_reviewed")
    published = dates.get("strategy_published")
    if published is None:
        return None
    if reviewed is not None and reviewed[0] >= published[0]:
        return reviewed[0], reviewed[1], True
    return published[0], published[1], False


def review_due(dates: Dates) -> dt.date | None:
    base = review_base(dates)
    return None if base is None else method.add_months(base[0], method.REVIEW_INTERVAL_MONTHS)


def sna_due(dates: Dates) -> dt.date:
    """When the next SNA is due: 12 months after the last one, never before the first SNA was
    expected (with the first strategy); without an SNA, that first date."""
    done = dates.get("sna_completed")
    if done is None:
        return method.FIRST_STRATEGY_DUE
    return max(method.FIRST_STRATEGY_DUE, method.add_months(done[0], method.REVIEW_INTERVAL_MONTHS))


def date_facts(dates: Dates, as_of: dt.date) -> dict[DateFact, str]:
    """Each fact that holds, with the reason in words ("the last review was on ...")."""
    when = f"the assessment date ({long_date(as_of)})"
    facts: dict[DateFact, str] = {}
    if "strategy_published" not in dates:
        facts["strategy_not_published"] = (
            "no publication date on or before the assessment date is recorded for the strategy"
        )
    base = review_base(dates)
    due = review_due(dates)
    if base is not None and due is not None and as_of > due:
        day, _source, is_review = base
        facts["review_overdue"] = (
            f"the last review was on {long_date(day)}, more than 12 months before {when}"
            if is_review
            else f"the current strategy was published on {long_date(day)} and has not been "
            f"reviewed since, more than 12 months before {when}"
        )
    if as_of > sna_due(dates):
        done = dates.get("sna_completed")
        facts["sna_overdue"] = (
            f"the latest SNA was completed on {long_date(done[0])}, more than 12 months before "
            f"{when}"
            if done is not None
            else "no completed SNA is recorded, and the first was due by "
            f"{long_date(method.FIRST_STRATEGY_DUE)}"
        )
    if "definition_agreed" not in dates:
        facts["definition_not_agreed"] = (
            "no date is recorded for the partnership agreeing its definition of serious violence"
        )
    if "partnership_agreement_signed" not in dates:
        facts["agreement_not_signed"] = (
            "no date is recorded for every specified authority signing the partnership agreement"
        )
    return facts
