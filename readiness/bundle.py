"""A validated set of content: roles, requirements catalogue and one questionnaire."""

from __future__ import annotations

from functools import cached_property

from readiness.models import (
    Domain,
    Question,
    Questionnaire,
    Requirement,
    RequirementCatalogue,
    Role,
    RoleVocabulary,
)
from readiness.models._base import Nation


class ContentBundle:
    """Everything scoring, the store and the UI need to know about the Duty's content.

    Built only by :func:`readiness.loading.load_bundle` / :func:`readiness.loading.parse_bundle`,
    after every cross-check has passed, so holders can rely on every reference resolving.
    """

    def __init__(
        self, questionnaire: Questionnaire, catalogue: RequirementCatalogue, roles: RoleVocabulary
    ) -> None:
        self.questionnaire = questionnaire
        self.catalogue = catalogue
        self.roles = roles

    @cached_property
    def requirements(self) -> dict[str, Requirement]:
        return self.catalogue.by_id()

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return self.roles.by_id()

    @cached_property
    def questions(self) -> dict[str, Question]:
        return self.questionnaire.question_by_id()

    def is_statutory(self, question: Question) -> bool:
        """A question is statutory when it tests at least one legal-duty requirement."""
        return any(self.requirements[rid].is_legal_duty for rid in question.requirements)

    def legal_duty_ids(self, question: Question) -> list[str]:
        return [rid for rid in question.requirements if self.requirements[rid].is_legal_duty]

    @cached_property
    def domain_of(self) -> dict[str, Domain]:
        return self.questionnaire.domain_of()

    def applies(self, question: Question, nation: Nation) -> bool:
        """Whether the question is asked of a partnership in this nation."""
        domain = self.domain_of[question.id]
        return nation in question.nations and nation in domain.nations

    def questions_for(self, role: str, nation: Nation) -> list[Question]:
        """The questions an agency in ``role`` answers, in questionnaire order.

        A role that does not exist in the nation (an ICB in Wales, a Local Health Board in
        England) answers nothing.
        """
        known = self.role_by_id.get(role)
        if known is None or nation not in known.nations:
            return []
        return [
            q
            for q in self.questionnaire.questions()
            if role in q.roles and self.applies(q, nation)
        ]

    def uncovered_legal_duties(self) -> list[str]:
        """Legal duties that no scored question tests (text and date questions do not count)."""
        tested = {
            rid for q in self.questionnaire.questions() if q.scored for rid in q.requirements
        }
        return [req.id for req in self.catalogue.legal_duties() if req.id not in tested]
