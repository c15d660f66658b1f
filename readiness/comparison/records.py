"""The small records the comparison works on: one scored round of one partnership.

The comparison never touches the database or the questionnaire files: a loader (see
:mod:`readiness.comparison.load`) gathers these records, and everything else is pure.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from readiness.comparison.summary import ResultSummary

# The labels live in readiness.labels; re-exported here for modules that still import them here.
from readiness.labels import NATION_LABELS as NATION_LABELS  # noqa: PLC0414
from readiness.labels import PARTNERSHIP_TYPE_LABELS as PARTNERSHIP_TYPE_LABELS  # noqa: PLC0414
from readiness.models import Nation


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoundInfo(Record):
    """What is known about one assessment round before it is scored."""

    partnership_id: str
    partnership_name: str
    nation: Nation
    partnership_type: str = "csp"
    round_id: str
    round_label: str
    as_of: dt.date
    questionnaire_id: str
    questionnaire_version: str


class ScoredRound(Record):
    """One partnership's round and the comparison's part of its scoring result.

    ``result`` is made with :func:`readiness.comparison.summary.summarise` from the round's
    :class:`~readiness.scoring.results.ScoringResult`.
    """

    info: RoundInfo
    result: ResultSummary

    @property
    def partnership_id(self) -> str:
        return self.info.partnership_id

    @property
    def name(self) -> str:
        return self.info.partnership_name


class LeftOut(Record):
    """A partnership (or one of its rounds) the comparison could not include, and why."""

    partnership_id: str
    partnership_name: str
    reason: str


class PartnershipInfo(Record):
    """A partnership in the region, whether or not it has any rounds."""

    id: str
    name: str
    nation: Nation
    partnership_type: str = "csp"
