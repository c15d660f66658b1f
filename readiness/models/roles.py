"""The roles vocabulary: which kinds of organisation take part, and under which part of the Act."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models._base import Id, NationsList, Strict, Text

RoleGroup = Literal[
    "specified_authority",
    "relevant_authority",
    "local_policing_body",
    "other",
    "partnership",
]

ROLE_GROUP_LABELS: dict[str, str] = {
    "specified_authority": "Specified authority (a duty holder under section 11)",
    "relevant_authority": "Relevant authority (education, prison or youth custody, section 12)",
    "local_policing_body": "Local policing body",
    "other": "Other partner",
    "partnership": "The partnership as a whole",
}


class Role(Strict):
    """One kind of organisation, e.g. police or a Local Health Board."""

    id: Id
    name: Text
    group: RoleGroup
    description: Text
    nations: NationsList
    examples: list[Text] = Field(default_factory=list)


class RoleVocabulary(Strict):
    """The file `questionnaires/roles.yaml`."""

    kind: Literal["roles"]
    version: Text
    roles: list[Role] = Field(min_length=1)

    def by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    def ids_in_group(self, group: str) -> list[str]:
        return [role.id for role in self.roles if role.group == group]
