"""The frozen, explainable result of scoring one partnership's answers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, JsonValue

QuestionStatus = Literal["answered", "not_answered", "not_applicable"]
Band = Literal["Not met", "Approaching", "Met", "Exceeded"]
BANDS: tuple[Band, ...] = ("Not met", "Approaching", "Met", "Exceeded")
ComponentStatus = Literal["in_place", "partly", "missing", "not_applicable"]
#: ``met``: done by the deadline; ``late``: done, but after the deadline (not a blocker).
DeadlineStatus = Literal[
    "overdue", "due_soon", "on_track", "met", "late", "not_applicable", "not_recorded"
]


class Result(BaseModel):
    """Frozen and strict, like every result model."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AgencyScore(Result):
    """One agency's answer to one question and the score it earned."""

    agency: str
    role: str
    value: JsonValue
    score: float | None
    assured_score: float | None
    not_applicable: bool
    na_reason: str
    has_evidence: bool
    comment: str


class DateCapApplied(Result):
    """A recorded date contradicted the answers, so the combined score was capped."""

    fact: str
    max_level: int
    uncapped_score: float
    uncapped_assured_score: float | None
    reason: str  # "Capped at Developing (2) because the last review was on ..."


class QuestionResult(Result):
    question_id: str
    domain_id: str
    text: str
    type: str
    weight: float
    scored: bool
    statutory: bool
    requirement_ids: list[str]
    legal_duty_ids: list[str]
    status: QuestionStatus
    combine_rule: str  # the rule the questionnaire sets for this question
    rule_applied: str  # the rule actually used (e.g. median when the lead did not answer)
    value: JsonValue  # the partnership's value when agencies agree, or the lead's under "lead"
    score: float | None
    label: str
    assured_score: float | None
    agencies: list[AgencyScore]
    evidence_present: bool
    disagreement: bool
    date_cap: DateCapApplied | None = None


class AgencyView(Result):
    agency: str
    role: str
    score: float | None
    label: str
    value: JsonValue
    comment: str


class Disagreement(Result):
    """An item for the consensus agenda: agencies two or more levels apart."""

    question_id: str
    domain_id: str
    text: str
    spread: float
    views: list[AgencyView]


class MissingEvidence(Result):
    question_id: str
    text: str
    agency: str
    role: str
    score: float
    label: str
    counts_as: float


class UpliftStep(Result):
    question_id: str
    from_score: float
    to_level: int
    text: str


class Uplift(Result):
    """What moves a domain up one whole level."""

    target_level: int | None
    target_label: str | None
    steps: list[UpliftStep]
    note: str | None


class DomainResult(Result):
    id: str
    title: str
    weight: float
    maturity: float | None
    label: str
    coverage: float | None
    assured_maturity: float | None
    assured_label: str
    answered: int
    applicable: int
    not_applicable: int
    uplift: Uplift


class Overall(Result):
    maturity: float | None
    label: str
    coverage: float | None
    assured_maturity: float | None
    assured_label: str
    answered: int
    applicable: int
    not_applicable: int
    domains_scored: int


class Blocker(Result):
    question_id: str
    text: str
    requirement_ids: list[str]
    current: str
    needed: str
    how_to_unblock: str


class StatutoryQuestion(Result):
    question_id: str
    text: str
    requirement_ids: list[str]
    status: Literal["in_place", "partly", "not_in_place", "not_answered"]
    score: float | None
    assured_score: float | None


class Compliance(Result):
    band: Band
    next_band: Band | None
    blockers: list[Blocker]
    next_band_needs: str | None
    summary: str
    statutory_questions: list[StatutoryQuestion]
    untested_legal_duties: list[str]


class SnaComponent(Result):
    id: str
    status: ComponentStatus
    score: float | None
    question_ids: list[str]
    note: str


class SnaSource(Result):
    id: str
    name: str
    owner_role: str
    critical: bool
    availability: str
    timeliness: str
    granularity: str
    agreement: bool
    used_in_sna: bool
    score: float
    reported_by: str | None
    problems: list[str]


class SnaGap(Result):
    id: str
    text: str


class Sna(Result):
    coverage: float | None  # 0 to 100
    component_coverage: float | None  # 0 to 100
    source_coverage: float | None  # 0 to 100
    question_id: str | None
    components: list[SnaComponent]
    sources: list[SnaSource]
    gaps: list[SnaGap]


class Deadline(Result):
    id: str
    title: str
    status: DeadlineStatus
    due: dt.date | None
    based_on: str
    message: str


class Action(Result):
    """A draft action. The store persists these exact field names."""

    id: str
    priority: int
    question_id: str | None  # None: a "Get these questions answered" action (several questions)
    domain_id: str
    requirement_ids: list[str]
    owner_role: str
    due: dt.date
    text: str
    gap: str
    success_measure: str | None
    statutory: bool


class Method(Result):
    """Every rule and number the result was worked out with."""

    default_combine: str
    level_labels: list[str]
    in_place_threshold: float
    partly_threshold: float
    disagreement_spread: float
    unevidenced_counts_as: float
    domain_weights: dict[str, float]
    question_weights: dict[str, float]
    availability_points: dict[str, float]
    current_and_agreed_bonus: float
    critical_source_weight: float
    first_strategy_due: dt.date
    review_interval_months: int
    notes: list[str]


class ScoringResult(Result):
    questionnaire_id: str
    questionnaire_version: str
    nation: str
    as_of: dt.date
    overall: Overall
    compliance: Compliance
    domains: list[DomainResult]
    questions: list[QuestionResult]
    disagreements: list[Disagreement]
    missing_evidence: list[MissingEvidence]
    sna: Sna
    deadlines: list[Deadline]
    actions: list[Action]
    method: Method

    def to_json_dict(self) -> dict[str, Any]:
        """The whole result as JSON-ready data (dates as ISO strings)."""
        return self.model_dump(mode="json")
