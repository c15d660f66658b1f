"""Shared base class and small value types for the content models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Nation = Literal["england", "wales"]
NATIONS: tuple[Nation, ...] = ("england", "wales")

#: How several agencies' answers to one question are combined into the partnership's answer.
CombineRule = Literal["lead", "median", "minimum", "mean"]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1, max_length=80),
]
RequirementId = Annotated[str, StringConstraints(pattern=r"^SVD-[A-Z]{2,5}-\d{2}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Frozen model that refuses unknown fields: authors learn about typos at load time."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def nations_field() -> list[Nation]:
    return list(NATIONS)


NationsList = Annotated[list[Nation], Field(default_factory=nations_field, min_length=1)]
