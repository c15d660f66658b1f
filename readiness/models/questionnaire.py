"""The questionnaire: domains, questions (a discriminated union of types) and action templates.

A questionnaire lives in one YAML file in `questionnaires/`. Every scored question cites the
requirement IDs it tests and names the roles that answer it. Maturity is always on the 0 to 4
scale (Not started, Emerging, Developing, Established, Embedded).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from readiness.models._base import (
    CombineRule,
    Id,
    Nation,
    NationsList,
    RequirementId,
    Strict,
    Text,
)

MAX_LEVEL = 4

Score = Annotated[float, Field(ge=0, le=MAX_LEVEL)]

#: SNA components C1 to C11 from the SNA guidance checklist.
SnaComponent = Literal["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"]


class LevelDescriptors(Strict):
    """What each maturity level looks like for one question. Every level must be described."""

    not_started: Text
    emerging: Text
    developing: Text
    established: Text
    embedded: Text

    def as_list(self) -> list[str]:
        return [self.not_started, self.emerging, self.developing, self.established, self.embedded]


#: Recorded dates a date question can feed into the partnership's context (deadline checks).
ContextDate = Literal[
    "strategy_published",
    "strategy_last_reviewed",
    "sna_completed",
    "definition_agreed",
    "partnership_agreement_signed",
]

#: Facts the scoring engine works out from the recorded dates and the assessment date.
#: ``strategy_not_published``: no strategy publication date on or before the assessment date.
#: ``review_overdue``: the annual strategy review is overdue (12 months after the later of the
#: last review and the publication of the current strategy).
#: ``sna_overdue``: the SNA refresh is overdue (12 months after the last completed SNA, or no
#: SNA recorded after the first one was due).
#: ``definition_not_agreed``: no date is recorded for agreeing the definition.
#: ``agreement_not_signed``: no date is recorded for every specified authority signing the
#: partnership agreement.
DateFact = Literal[
    "strategy_not_published",
    "review_overdue",
    "sna_overdue",
    "definition_not_agreed",
    "agreement_not_signed",
]

#: The deadlines the scoring engine checks; a question can own one (its action is then the
#: deadline's action).
DeadlineId = Literal["first_strategy", "strategy_review", "sna_refresh"]


class DateCap(Strict):
    """While ``fact`` holds, the question's combined score is at most ``max_level``.

    ``max_level`` is the highest level the question's own descriptor allows in that case
    (for example Developing (2) when the annual review is overdue).
    """

    fact: DateFact
    max_level: int = Field(ge=0, le=MAX_LEVEL - 1)


class ActionTemplate(Strict):
    """What to do about a gap on this question.

    ``owner_role`` is a role id or a function id (such as ``health_body``) resolved per nation.
    ``after`` lists questions whose actions must come first: when one of them has an action in
    the plan, this action ranks after it and is due after it. ``needs_date`` drops the action
    while that recorded date is missing (no review action while there is no strategy).
    """

    text: Text
    owner_role: Id
    timescale_months: int = Field(ge=1, le=36)
    success_measure: str | None = None
    after: list[Id] = Field(default_factory=list)
    needs_date: ContextDate | None = None


class _Question(Strict):
    id: Id
    text: Text
    guidance: Text
    evidence_prompt: str | None = None
    requirements: list[RequirementId] = Field(min_length=1)
    roles: list[Id] = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0, le=10)
    allow_na: bool = False
    nations: NationsList
    combine: CombineRule | None = None
    action: ActionTemplate | None = None
    sna_component: SnaComponent | None = None
    date_caps: list[DateCap] = Field(default_factory=list)
    deadline: DeadlineId | None = None

    @property
    def scored(self) -> bool:
        """Whether answers to this question count towards maturity."""
        return True


class ScaleQuestion(_Question):
    """A 0 to 4 maturity scale, with a descriptor for every level."""

    type: Literal["scale"]
    levels: LevelDescriptors


class YesPartlyNoQuestion(_Question):
    """Yes / partly / no. Yes scores 4, partly 2 and no 0 unless the file says otherwise."""

    type: Literal["yes_partly_no"]
    yes_score: Score = 4
    partly_score: Score = 2
    no_score: Score = 0


class Option(Strict):
    id: Id
    label: Text
    score: Score = 0
    exclusive: bool = False  # e.g. "None of these": cannot be combined with other options


class SingleChoiceQuestion(_Question):
    """Choose one option; each option carries a score."""

    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)


class MultiChoiceScoring(Strict):
    """How a set of ticked options becomes a 0 to 4 score.

    ``share``: 4 x (ticked scoring options / all scoring options).
    ``thresholds``: the level is the number of thresholds reached by the count of ticked
    options; four ascending counts give levels 1 to 4.
    """

    rule: Literal["share", "thresholds"]
    thresholds: list[int] | None = None

    @model_validator(mode="after")
    def _thresholds_match_rule(self) -> MultiChoiceScoring:
        if self.rule == "thresholds":
            values = self.thresholds or []
            if len(values) != MAX_LEVEL or values != sorted(values) or values[0] < 1:
                raise ValueError("thresholds must be four ascending counts, starting at 1 or more")
        elif self.thresholds is not None:
            raise ValueError("thresholds are only used with rule 'thresholds'")
        return self


class MultiChoiceQuestion(_Question):
    """Tick all that apply; a scoring rule turns the ticks into a level."""

    type: Literal["multi_choice"]
    options: list[Option] = Field(min_length=2)
    scoring: MultiChoiceScoring


class NumberBand(Strict):
    """A number at or above ``min`` scores ``score`` (the highest band reached wins)."""

    min: float
    score: Score


class NumberQuestion(_Question):
    """A number; scored through bands when bands are given, otherwise recorded only."""

    type: Literal["number"]
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    bands: list[NumberBand] | None = None

    @property
    def scored(self) -> bool:
        return bool(self.bands)


class DateQuestion(_Question):
    """A date (unscored); ``context_date`` says which recorded date it supplies."""

    type: Literal["date"]
    context_date: ContextDate | None = None

    @property
    def scored(self) -> bool:
        return False


class TextQuestion(_Question):
    """Free text, never scored."""

    type: Literal["text"]
    max_length: int = Field(default=4000, ge=1, le=20000)

    @property
    def scored(self) -> bool:
        return False


class DataSource(Strict):
    """One data source in the SNA data-source matrix.

    ``owner_role`` is a role id or a function id (such as ``health_body``) resolved per nation;
    ``name_by_nation`` gives the name used in a nation where the general ``name`` does not fit
    (England's ISTV standard does not apply in Wales).
    """

    id: Id
    name: Text
    name_by_nation: dict[Nation, Text] = Field(default_factory=dict)
    owner_role: Id
    description: Text
    critical: bool = False  # core to any serious violence SNA (police, ED/ISTV, ambulance ...)


class DataSourceMatrixQuestion(_Question):
    """For each data source: availability, timeliness, granularity, agreement, use in the SNA."""

    type: Literal["sna_data_sources"]
    sources: list[DataSource] = Field(min_length=1)


Question = Annotated[
    ScaleQuestion
    | YesPartlyNoQuestion
    | SingleChoiceQuestion
    | MultiChoiceQuestion
    | NumberQuestion
    | DateQuestion
    | TextQuestion
    | DataSourceMatrixQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES: tuple[str, ...] = (
    "scale",
    "yes_partly_no",
    "single_choice",
    "multi_choice",
    "number",
    "date",
    "text",
    "sna_data_sources",
)


class Domain(Strict):
    id: Id
    title: Text
    purpose: Text
    weight: float = Field(default=1.0, gt=0, le=10)
    nations: NationsList
    questions: list[Question] = Field(min_length=1)


class Questionnaire(Strict):
    """The file `questionnaires/<id>-v<version>.yaml`."""

    kind: Literal["questionnaire"]
    id: Id
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")]
    title: Text
    effective_date: dt.date
    description: Text
    combine: CombineRule = "median"
    domains: list[Domain] = Field(min_length=1)

    def questions(self) -> list[Question]:
        return [q for domain in self.domains for q in domain.questions]

    def question_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions()}

    def domain_of(self) -> dict[str, Domain]:
        return {q.id: domain for domain in self.domains for q in domain.questions}

    def combine_rule_for(self, question: Question) -> CombineRule:
        return question.combine or self.combine
