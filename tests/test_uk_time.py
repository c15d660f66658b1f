"""Times are stored in UTC and shown on the UK's clock: GMT in winter, BST (UTC+1) in summer."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.uk_time import uk_clock, uk_short, uk_time

UTC = dt.UTC


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        # winter (GMT): the same numbers
        (dt.datetime(2026, 12, 1, 14, 5, tzinfo=UTC), "01/12/2026 at 14:05"),
        # summer (BST): an hour ahead, and across midnight into the next day
        (dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "01/07/2026 at 13:00"),
        (dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "01/07/2026 at 00:30"),
        # the clocks go forward at 01:00 UTC on the last Sunday of March 2026 (29 March)
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29/03/2026 at 00:59"),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29/03/2026 at 02:00"),
        # and back at 01:00 UTC on the last Sunday of October 2026 (25 October)
        (dt.datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "25/10/2026 at 01:59"),
        (dt.datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "25/10/2026 at 01:00"),
        # a time stored without a zone is UTC
        (dt.datetime(2026, 7, 1, 12, 0), "01/07/2026 at 13:00"),
    ],
)
def test_a_stored_time_is_shown_on_the_uk_clock(stored: dt.datetime, shown: str) -> None:
    assert uk_short(stored) == shown
    assert uk_clock(stored).tzinfo is None  # a spreadsheet cell holds the wall-clock numbers
    assert uk_clock(stored).strftime("%d/%m/%Y at %H:%M") == shown
    # the same moment (as instants: Python never calls an hour the clocks repeat "equal" across
    # two time zones)
    assert uk_time(stored).timestamp() == stored.replace(tzinfo=stored.tzinfo or UTC).timestamp()
