"""Answers given by agencies, and the partnership context scoring needs.

An answer's ``value`` depends on the question type:

===================  ==========================================================
scale                an integer level 0 to 4
yes_partly_no        "yes", "partly" or "no"
single_choice        an option id
multi_choice         a list of option ids
number               a number
date                 an ISO date "YYYY-MM-DD"
text                 a string
sna_data_sources     an object keyed by source id, each a ``SourceAnswer``
===================  ==========================================================

Not applicable is ``value: null`` with an ``na_reason``. An answer with neither a value nor an
N/A reason is "not answered".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

# The labels live in readiness.labels; re-exported here for modules that still import them here.
from readiness.labels import AVAILABILITY_LABELS as AVAILABILITY_LABELS  # noqa: PLC0414
from readiness.labels import GRANULARITY_LABELS as GRANULARITY_LABELS  # noqa: PLC0414
from readiness.labels import TIMELINESS_LABELS as TIMELINESS_LABELS  # noqa: PLC0414
from readiness.models._base import Id, Nation, Strict

Availability = Literal["none", "aggregate", "record_level"]

#: How old the newest data the partnership holds from this source is.
Timeliness = Literal["current", "recent", "stale", "unknown"]

#: The finest geography the data can be broken down to.
Granularity = Literal["force_area", "local_authority", "neighbourhood", "point", "none"]


class SourceAnswer(Strict):
    """One row of the SNA data-source matrix."""

    availability: Availability
    timeliness: Timeliness = "unknown"
    granularity: Granularity = "none"
    agreement: bool = False  # a data sharing agreement covers this flow
    used_in_sna: bool = False  # the source was used in the latest SNA


class Answer(Strict):
    """One agency's answer to one question (the format of the answers file)."""

    agency: str = Field(min_length=1, max_length=200)
    role: Id
    question_id: Id
    value: Any = None
    evidence: str = ""
    evidence_links: list[str] = Field(default_factory=list)
    na_reason: str = ""
    comment: str = ""

    @property
    def is_na(self) -> bool:
        return self.value is None and bool(self.na_reason.strip())

    @property
    def is_answered(self) -> bool:
        return self.value is not None or self.is_na

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip()) or bool(self.evidence_links)


class RecordedDates(Strict):
    """Dates the partnership has recorded; each is optional."""

    strategy_published: dt.date | None = None
    strategy_last_reviewed: dt.date | None = None
    sna_completed: dt.date | None = None
    definition_agreed: dt.date | None = None
    partnership_agreement_signed: dt.date | None = None


class PartnershipContext(Strict):
    """What scoring needs to know about the partnership besides the answers."""

    nation: Nation
    as_of: dt.date
    dates: RecordedDates = Field(default_factory=RecordedDates)
    lead_agency: str | None = None  # used by the "lead" combine rule


class AnswerSet(Strict):
    """The answers file scored by ``python -m readiness score ANSWERS.json``."""

    questionnaire_id: Id
    questionnaire_version: str
    as_of: dt.date
    nation: Nation
    dates: RecordedDates = Field(default_factory=RecordedDates)
    lead_agency: str | None = None
    answers: list[Answer] = Field(default_factory=list)

    def context(self) -> PartnershipContext:
        return PartnershipContext(
            nation=self.nation, as_of=self.as_of, dates=self.dates, lead_agency=self.lead_agency
        )
