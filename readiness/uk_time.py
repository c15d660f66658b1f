"""Times as people in the UK read them: stored in UTC, shown on the clock in the UK (pure)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def uk_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` (stored in UTC; a naive time is taken as UTC) on the clock in the UK."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    try:
        return aware.astimezone(ZoneInfo("Europe/London"))
    except ZoneInfoNotFoundError:  # no time zone database on this machine: say UTC
        return aware.astimezone(dt.UTC)


def uk_clock(moment: dt.datetime) -> dt.datetime:
    """The UK wall-clock time of ``moment`` without a zone, for a spreadsheet cell (Excel has no
    time zones: a cell shows the numbers it holds)."""
    return uk_time(moment).replace(tzinfo=None)


def uk_short(moment: dt.datetime) -> str:
    """``moment`` as "01/07/2026 at 13:00", UK time."""
    return uk_time(moment).strftime("%d/%m/%Y at %H:%M")
