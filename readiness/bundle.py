"""A validated set of content: roles, requirements catalogue and one questionnaire."""

from __future__ import annotations

from functools import cached_property

from readiness.models import (
    DataSource,
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

    def legal_duty_ids(self, question: Question, nation: Nation | None = None) -> list[str]:
        """Legal-duty requirements the question tests that apply in ``nation``.

        Without a nation, every legal duty it tests in either nation (for counts that cover
        both, such as ``python -m readiness describe``).
        """
        return [
            rid
            for rid in question.requirements
            if rid in self.requirements
            and self.requirements[rid].is_legal_duty
            and (nation is None or nation in self.requirements[rid].nations)
        ]

    def is_statutory(self, question: Question, nation: Nation | None = None) -> bool:
        """The one definition of "statutory": a scored question testing a legal duty that
        applies in the partnership's nation (scoring, the answer page and the plan use it)."""
        return question.scored and bool(self.legal_duty_ids(question, nation))

    def resolve_role(self, role_or_function: str, nation: Nation) -> str:
        """The role that owns something in ``nation``: a function such as ``health_body``
        becomes the nation's role (``icb`` in England, ``local_health_board`` in Wales).

        The loader has checked that every owner resolves in every nation it is used in; an
        owner that does not resolve is returned unchanged.
        """
        return self.roles.resolve(role_or_function, nation) or role_or_function

    def roles_for_nation(self, nation: Nation) -> list[Role]:
        """The roles that exist in ``nation``, in file order (for the set-up form's choices)."""
        return [role for role in self.roles.roles if nation in role.nations]

    def source_name(self, source: DataSource, nation: Nation) -> str:
        """A data source's name as used in ``nation``."""
        return source.name_by_nation.get(nation, source.name)

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
            q for q in self.questionnaire.questions() if role in q.roles and self.applies(q, nation)
        ]

    def uncovered_legal_duties(self) -> list[str]:
        """Legal duties that no scored question tests (text and date questions do not count)."""
        tested = {rid for q in self.questionnaire.questions() if q.scored for rid in q.requirements}
        return [req.id for req in self.catalogue.legal_duties() if req.id not in tested]
