"""Every deadline status the scoring engine can return has words on the page."""

from __future__ import annotations

from typing import get_args

from readiness.scoring.results import DeadlineStatus
from readiness.ui.components.results import DEADLINE_WORDS


def test_every_deadline_status_has_words() -> None:
    assert set(get_args(DeadlineStatus)) == set(DEADLINE_WORDS)
    assert DEADLINE_WORDS["late"] == "Done late"


def test_with_no_recorded_dates_the_next_deadline_says_not_recorded_yet() -> None:
    import datetime as dt

    from readiness.models import RecordedDates
    from readiness.scoring import score
    from readiness.ui.components.results import next_deadline
    from tests.scoring.synthetic import bundle, context

    result = score(bundle(), [], context(dates=RecordedDates()))
    assert next_deadline(result) == (
        "Not recorded yet",
        "First strategy published.",
        result.deadlines[0].message,
    )
    recorded = score(bundle(), [], context(dates=RecordedDates(sna_completed=dt.date(2025, 3, 1))))
    shown = next_deadline(recorded)
    assert shown is not None
    assert shown[0] == "Overdue"  # once dates are recorded, a missing strategy is overdue
