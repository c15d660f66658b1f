"""Pydantic models for the Duty's content (roles, requirements, questionnaires) and answers."""

from readiness.models._base import NATIONS, CombineRule, Nation
from readiness.models.answers import (
    Answer,
    AnswerSet,
    PartnershipContext,
    RecordedDates,
    SourceAnswer,
)
from readiness.models.questionnaire import (
    LEVEL_LABELS,
    MAX_LEVEL,
    ActionTemplate,
    DataSource,
    DataSourceMatrixQuestion,
    DateQuestion,
    Domain,
    LevelDescriptors,
    MultiChoiceQuestion,
    NumberQuestion,
    Option,
    Question,
    Questionnaire,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesPartlyNoQuestion,
)
from readiness.models.requirements import Requirement, RequirementCatalogue
from readiness.models.roles import Role, RoleVocabulary

__all__ = [
    "LEVEL_LABELS",
    "MAX_LEVEL",
    "NATIONS",
    "ActionTemplate",
    "Answer",
    "AnswerSet",
    "CombineRule",
    "DataSource",
    "DataSourceMatrixQuestion",
    "DateQuestion",
    "Domain",
    "LevelDescriptors",
    "MultiChoiceQuestion",
    "Nation",
    "NumberQuestion",
    "Option",
    "PartnershipContext",
    "Question",
    "Questionnaire",
    "RecordedDates",
    "Requirement",
    "RequirementCatalogue",
    "Role",
    "RoleVocabulary",
    "ScaleQuestion",
    "SingleChoiceQuestion",
    "SourceAnswer",
    "TextQuestion",
    "YesPartlyNoQuestion",
]
