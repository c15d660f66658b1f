"""Plain-English wording shared by the board reports."""

from __future__ import annotations

import datetime as dt

from readiness.labels import BAND_MEANING as BAND_MEANING  # noqa: PLC0414 - re-exported
from readiness.labels import DEADLINE_WORDS
from readiness.scoring.method import shown_score


def deadline_words(status: str) -> str:
    return DEADLINE_WORDS.get(status, status.replace("_", " ").capitalize())


STATUS_WORDS: dict[str, str] = {
    "in_place": "In place",
    "partly": "Partly in place",
    "not_in_place": "Not in place",
    "not_answered": "Not answered yet",
}
RAG_WORDS: dict[str, str] = {
    "Red": "Red: at risk or off track",
    "Amber": "Amber: some risk to delivery",
    "Green": "Green: on track",
}

EVIDENCE_NOTE = (
    "Ratings of approaches come from the Youth Endowment Fund (YEF) Toolkit, as published: "
    "the estimated impact on violent crime, and how confident the reviewers are in that "
    "estimate. A rating is shown only where it was read on the Toolkit page (or on another "
    "YEF page quoting it); otherwise the report says it has not been checked. Follow the link "
    "before deciding what to commission."
)


def score(value: float | None) -> str:
    """A maturity by the one rounding rule of the page and Excel (2.96 is 2.9)."""
    return "No answers" if value is None else f"{shown_score(value):.1f}"


def maturity(value: float | None, label: str) -> str:
    return "No answers yet" if value is None else f"{label} ({shown_score(value):.1f} out of 4)"


def percent(share: float | None) -> str:
    return "none yet" if share is None else f"{share * 100:.0f}%"


def date(value: dt.date | None) -> str:
    return "No date" if value is None else f"{value.day} {value:%B %Y}"


def short_date(value: dt.date | None) -> str:
    return "No date" if value is None else f"{value.day} {value:%b %Y}"


def change(now: float | None, before: float | None) -> str:
    """The change between two maturities as the reader sees them (both by the one rounding
    rule, so "1.6" then "2.0" reads "Up 0.4")."""
    if now is None or before is None:
        return "Not comparable"
    delta = round(shown_score(now) - shown_score(before), 1)
    if delta == 0:
        return "No change"
    return f"{'Up' if delta > 0 else 'Down'} {abs(delta):.1f}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
