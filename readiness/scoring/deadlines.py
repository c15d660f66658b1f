"""Deadlines from the as-of date and the partnership's recorded dates.

A recorded date comes from the partnership's context; when the context lacks it, a date
question with ``context_date`` supplies it (the latest valid date any agency gave).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from readiness.bundle import ContentBundle
from readiness.models import DateQuestion, PartnershipContext
from readiness.scoring import method
from readiness.scoring.results import Deadline, DeadlineStatus, QuestionResult


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def recorded_dates(
    bundle: ContentBundle, questions: Sequence[QuestionResult], context: PartnershipContext
) -> dict[str, tuple[dt.date, str]]:
    """Each known date with where it came from."""
    found: dict[str, tuple[dt.date, str]] = {}
    for name, value in context.dates.model_dump().items():
        if isinstance(value, dt.date):
            found[name] = (value, "the partnership's recorded dates")
    from_context = set(found)
    for q in questions:
        question = bundle.questions[q.question_id]
        if not isinstance(question, DateQuestion) or question.context_date is None:
            continue
        if question.context_date in from_context:
            continue
        for agency in q.agencies:
            try:
                day = dt.date.fromisoformat(agency.value) if isinstance(agency.value, str) else None
            except ValueError:
                day = None
            current = found.get(question.context_date)
            if day is not None and (current is None or day > current[0]):
                found[question.context_date] = (day, f"the answer to '{q.text}'")
    return found


def _status(due: dt.date, as_of: dt.date) -> DeadlineStatus:
    if as_of > due:
        return "overdue"
    if (due - as_of).days <= method.DUE_SOON_DAYS:
        return "due_soon"
    return "on_track"


def _first_strategy(dates: dict[str, tuple[dt.date, str]], as_of: dt.date) -> Deadline:
    due = method.FIRST_STRATEGY_DUE
    if "strategy_published" in dates:
        day, source = dates["strategy_published"]
        return Deadline(
            id="deadline.first_strategy",
            title="First strategy published",
            status="on_track",
            due=due,
            based_on=source,
            message=f"The first strategy was published on {_long(day)}.",
        )
    status = _status(due, as_of)
    message = (
        f"No published strategy is recorded. The first strategy is overdue: it was due by "
        f"{_long(due)}."
        if status == "overdue"
        else f"No published strategy is recorded. The first strategy is due by {_long(due)}."
    )
    return Deadline(
        id="deadline.first_strategy",
        title="First strategy published",
        status=status,
        due=due,
        based_on="no strategy publication date recorded",
        message=message,
    )


def _review(dates: dict[str, tuple[dt.date, str]], as_of: dt.date) -> Deadline:
    base = dates.get("strategy_last_reviewed")
    what = "last review"
    if base is None:
        base, what = dates.get("strategy_published"), "publication, as it has never been reviewed"
    if base is None:
        return Deadline(
            id="deadline.strategy_review",
            title="Annual strategy review",
            status="not_applicable",
            due=None,
            based_on="no strategy date recorded",
            message="No strategy is recorded, so no review is due yet.",
        )
    day, source = base
    due = method.add_months(day, method.REVIEW_INTERVAL_MONTHS)
    status = _status(due, as_of)
    verb = "was due" if status == "overdue" else "is due"
    return Deadline(
        id="deadline.strategy_review",
        title="Annual strategy review",
        status=status,
        due=due,
        based_on=source,
        message=(
            f"The strategy review {verb} by {_long(due)}, 12 months after its {what} "
            f"on {_long(day)}."
        ),
    )


def _sna(dates: dict[str, tuple[dt.date, str]], as_of: dt.date) -> Deadline:
    if "sna_completed" not in dates:
        due = method.FIRST_STRATEGY_DUE
        status = _status(due, as_of)
        return Deadline(
            id="deadline.sna_refresh",
            title="SNA refreshed every 12 months",
            status=status,
            due=due,
            based_on="no SNA completion date recorded",
            message=f"No completed SNA is recorded. The first SNA was expected by {_long(due)}.",
        )
    day, source = dates["sna_completed"]
    due = method.add_months(day, method.REVIEW_INTERVAL_MONTHS)
    status = _status(due, as_of)
    verb = "was due" if status == "overdue" else "is due"
    return Deadline(
        id="deadline.sna_refresh",
        title="SNA refreshed every 12 months",
        status=status,
        due=due,
        based_on=source,
        message=(
            f"The SNA refresh {verb} by {_long(due)}, 12 months after it was completed "
            f"on {_long(day)}."
        ),
    )


def deadlines(
    bundle: ContentBundle, questions: Sequence[QuestionResult], context: PartnershipContext
) -> list[Deadline]:
    dates = recorded_dates(bundle, questions, context)
    return [
        _first_strategy(dates, context.as_of),
        _review(dates, context.as_of),
        _sna(dates, context.as_of),
    ]
