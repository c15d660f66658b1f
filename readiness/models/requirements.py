"""The Duty's requirements catalogue as data (`questionnaires/requirements.yaml`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models._base import NationsList, RequirementId, Strict, Text

#: legal_duty = a MUST in the Act (these are the compliance gates); regulation = a MUST in the
#: 2022 Regulations; power = a MAY in the Act; guidance = an expectation in statutory guidance;
#: deadline = a Home Office timetable date; good_practice = VRU programme or published practice;
#: context = a clarification or a provision that binds someone else (kept for reference).
RequirementLevel = Literal[
    "legal_duty",
    "regulation",
    "power",
    "guidance",
    "deadline",
    "good_practice",
    "context",
]


#: V = seen in the cited source; S = secondary summaries agree; K = background knowledge, to check.
Confidence = Literal["V", "S", "K"]

#: Who a requirement applies to: a role group, a role id, or "partnership"/"csp".
AppliesTo = Text


class Requirement(Strict):
    """One requirement of the Duty, written in our own words."""

    id: RequirementId
    title: Text
    summary: Text
    level: RequirementLevel
    level_note: str | None = None
    applies_to: list[AppliesTo] = Field(min_length=1)
    evidence: Text
    source: Text
    confidence: list[Confidence] = Field(min_length=1)
    nations: NationsList

    @property
    def is_legal_duty(self) -> bool:
        return self.level == "legal_duty"


class RequirementCatalogue(Strict):
    """The file `questionnaires/requirements.yaml`."""

    kind: Literal["requirements"]
    version: Text
    requirements: list[Requirement] = Field(min_length=1)

    def by_id(self) -> dict[str, Requirement]:
        return {req.id: req for req in self.requirements}

    def legal_duties(self) -> list[Requirement]:
        return [req for req in self.requirements if req.is_legal_duty]
