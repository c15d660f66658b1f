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
from readiness.scoring.dates import Dates, long_date, review_base, review_due, sna_due
from readiness.scoring.results import Deadline, DeadlineStatus, QuestionResult


def recorded_dates(
    bundle: ContentBundle, questions: Sequence[QuestionResult], context: PartnershipContext
) -> dict[str, tuple[dt.date, str]]:
    """Each known date on or before the assessment date, with where it came from.

    A date after the assessment date has not happened yet when the partnership is assessed,
    so it is left out (and the date question's answer, if any, is used instead).
    """
    as_of = context.as_of
    found: dict[str, tuple[dt.date, str]] = {}
    for name, value in context.dates.model_dump().items():
        if isinstance(value, dt.date) and value <= as_of:
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
            if day is None or day > as_of:
                continue
            current = found.get(question.context_date)
            if current is None or day > current[0]:
                found[question.context_date] = (day, f"the answer to '{q.text}'")
    return found


def _status(due: dt.date, as_of: dt.date) -> DeadlineStatus:
    if as_of > due:
        return "overdue"
    if (due - as_of).days <= method.DUE_SOON_DAYS:
        return "due_soon"
    return "on_track"


def _first_strategy(dates: Dates, as_of: dt.date) -> Deadline:
    due = method.FIRST_STRATEGY_DUE
    if "strategy_published" in dates:
        day, source = dates["strategy_published"]
        if day <= due:
            return Deadline(
                id="deadline.first_strategy",
                title="First strategy published",
                status="met",
                due=due,
                based_on=source,
                message=(
                    f"The current strategy was published on {long_date(day)}, by the "
                    f"first-strategy deadline of {long_date(due)}."
                ),
            )
        return Deadline(
            id="deadline.first_strategy",
            title="First strategy published",
            status="late",
            due=due,
            based_on=source,
            message=(
                f"Published late: the current strategy was published on {long_date(day)}, after "
                f"the first strategy was due by {long_date(due)} (unless an earlier version was "
                "published by then). A published strategy does not block the band."
            ),
        )
    status = _status(due, as_of)
    message = (
        f"No published strategy is recorded. The first strategy is overdue: it was due by "
        f"{long_date(due)}."
        if status == "overdue"
        else f"No published strategy is recorded. The first strategy is due by {long_date(due)}."
    )
    return Deadline(
        id="deadline.first_strategy",
        title="First strategy published",
        status=status,
        due=due,
        based_on="no strategy publication date recorded",
        message=message,
    )


def _review(dates: Dates, as_of: dt.date) -> Deadline:
    base = review_base(dates)
    due = review_due(dates)
    if base is None or due is None:
        return Deadline(
            id="deadline.strategy_review",
            title="Annual strategy review",
            status="not_applicable",
            due=None,
            based_on="no strategy date recorded",
            message="No published strategy is recorded, so no review is due yet.",
        )
    day, source, is_review = base
    what = "last review" if is_review else "publication, as it has not been reviewed since"
    status = _status(due, as_of)
    verb = "was due" if status == "overdue" else "is due"
    return Deadline(
        id="deadline.strategy_review",
        title="Annual strategy review",
        status=status,
        due=due,
        based_on=source,
        message=(
            f"The strategy review {verb} by {long_date(due)}, 12 months after its {what} "
            f"on {long_date(day)}."
        ),
    )


def _sna(dates: Dates, as_of: dt.date) -> Deadline:
    due = sna_due(dates)
    status = _status(due, as_of)
    if "sna_completed" not in dates:
        return Deadline(
            id="deadline.sna_refresh",
            title="SNA refreshed every 12 months",
            status=status,
            due=due,
            based_on="no SNA completion date recorded",
            message=(
                f"No completed SNA is recorded. The first SNA was expected by {long_date(due)}."
            ),
        )
    day, source = dates["sna_completed"]
    verb = "was due" if status == "overdue" else "is due"
    return Deadline(
        id="deadline.sna_refresh",
        title="SNA refreshed every 12 months",
        status=status,
        due=due,
        based_on=source,
        message=(
            f"The SNA refresh {verb} by {long_date(due)}, 12 months after it was completed "
            f"on {long_date(day)}."
        ),
    )


def _not_recorded(dates: Dates, as_of: dt.date) -> list[Deadline]:
    """The deadlines of a partnership that has recorded no dates at all (and answered no date
    question): nothing is known yet, so nothing is called overdue."""
    where = "Record it in Partnership set-up"
    return [
        Deadline(
            id="deadline.first_strategy",
            title="First strategy published",
            status="not_recorded",
            due=method.FIRST_STRATEGY_DUE,
            based_on="no dates recorded yet",
            message=(
                f"No dates are recorded for this partnership yet, so it is not known when its "
                f"strategy was published (the first strategy was due by "
                f"{long_date(method.FIRST_STRATEGY_DUE)}). {where}."
            ),
        ),
        _review(dates, as_of),  # no strategy date: no review is due yet
        Deadline(
            id="deadline.sna_refresh",
            title="SNA refreshed every 12 months",
            status="not_recorded",
            due=None,
            based_on="no dates recorded yet",
            message=(
                f"It is not recorded when the latest Strategic Needs Assessment was completed. "
                f"{where}."
            ),
        ),
    ]


def deadlines(dates: Dates, as_of: dt.date) -> list[Deadline]:
    """The first-strategy, review and SNA deadlines from the recorded dates ("not recorded
    yet" while the partnership has recorded no date at all)."""
    if not dates:
        return _not_recorded(dates, as_of)
    return [
        _first_strategy(dates, as_of),
        _review(dates, as_of),
        _sna(dates, as_of),
    ]
