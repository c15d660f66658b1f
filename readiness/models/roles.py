"""The roles vocabulary: which kinds of organisation take part, and under which part of the Act."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models._base import Id, Nation, NationsList, Strict, Text

RoleGroup = Literal[
    "specified_authority",
    "relevant_authority",
    "local_policing_body",
    "other",
    "partnership",
]


class Role(Strict):
    """One kind of organisation, e.g. police or a Local Health Board."""

    id: Id
    name: Text
    group: RoleGroup
    description: Text
    nations: NationsList
    examples: list[Text] = Field(default_factory=list)


class RoleFunction(Strict):
    """A function that a different role carries out in each nation, e.g. the health body.

    Content names a function (``health_body``) as the owner of an action or data source when
    the owner differs by nation; it is resolved to the nation's role (``icb`` in England,
    ``local_health_board`` in Wales) when a partnership is scored.
    """

    id: Id
    name: Text
    description: Text
    by_nation: dict[Nation, Id] = Field(min_length=1)


class RoleVocabulary(Strict):
    """The file `questionnaires/roles.yaml`."""

    kind: Literal["roles"]
    version: Text
    roles: list[Role] = Field(min_length=1)
    functions: list[RoleFunction] = Field(default_factory=list)

    def by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    def function_by_id(self) -> dict[str, RoleFunction]:
        return {function.id: function for function in self.functions}

    def resolve(self, role_or_function: str, nation: Nation) -> str | None:
        """The role that carries out ``role_or_function`` in ``nation``, or None if none does.

        A plain role resolves to itself when it exists in the nation.
        """
        function = self.function_by_id().get(role_or_function)
        role_id = function.by_nation.get(nation) if function is not None else role_or_function
        role = self.by_id().get(role_id) if role_id is not None else None
        return role.id if role is not None and nation in role.nations else None

    def ids_in_group(self, group: str) -> list[str]:
        return [role.id for role in self.roles if role.group == group]
